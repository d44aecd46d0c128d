// @tspacker/sdk/testing: the helpers a plugin's own tests use. Components here are small real ones written
// against the SDK; the SSH path connects @tspacker/plugin-ssh's communicator to a real local sshd.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { attr, type DataSourceComponent, type PostProcessorComponent, type ProvisionerComponent, type Step, type BuilderComponent, runSteps } from '@tspacker/sdk';
import {
  assertEveryCleanupRan,
  ConfigDecodeError,
  connectTestCommunicator,
  prepareComponent,
  PrepareError,
  recordingCommunicator,
  recordingUi,
  runBuilder,
  runBuilderSteps,
  runDataSource,
  runPostProcessor,
  runProvisioner,
  testArtifact,
  testCore,
} from '@tspacker/sdk/testing/index.js';
import { sshCommunicator } from '@tspacker/plugin-ssh';
import { startSshd, type Sshd } from '../../../test/support/sshd.js';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-testing-'));
}

function collect(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

// A provisioner that runs commands through the communicator and says their output.
const runSpec = {
  commands: attr.list(attr.string(), { required: true, doc: 'Commands to run.' }),
  greeting: attr.string({ default: 'hello' }),
  timeout: attr.duration({ default: '1m' }),
};
const runCommands: ProvisionerComponent<typeof runSpec> = {
  configSpec: runSpec,
  prepare(config) {
    const errors: string[] = [];
    if (config.commands.length === 0) errors.push('commands must not be empty');
    if (config.timeout < 1000) errors.push('timeout must be at least 1s');
    return { errors };
  },
  async provision(config, ctx) {
    if (!ctx.communicator) throw new Error('run-commands needs a communicator');
    ctx.ui.say(config.greeting);
    for (const command of config.commands) {
      const out = collect();
      const { exitStatus } = await ctx.communicator.start({ command, stdout: out.stream }, ctx.signal);
      if (out.text() !== '') ctx.ui.message(out.text().trimEnd());
      if (exitStatus !== 0) throw new Error(`${command}: exit status ${exitStatus}`);
    }
  },
};

describe('recordingUi', () => {
  test('records every call in order and by kind, and answers asks from its script', async () => {
    const ui = recordingUi({ answers: ['yes', new Error('no terminal')] });
    ui.say('Creating');
    ui.message('detail');
    ui.error('bad');
    const p = ui.progress('Uploading');
    p.update('1 KB');
    p.done();
    ui.machine('artifact', '0', 'id');
    await expect(ui.ask('Continue?')).resolves.toBe('yes');
    await expect(ui.ask('Again?')).rejects.toThrow('no terminal');
    await expect(ui.ask('Third?')).rejects.toThrow('recordingUi: no answer scripted for "Third?"');
    expect(ui.lines).toEqual(['say: Creating', 'message: detail', 'error: bad', 'progress: Uploading', 'ask: Continue?', 'ask: Again?', 'ask: Third?']);
    expect([ui.said, ui.messages, ui.errors]).toEqual([['Creating'], ['detail'], ['bad']]);
    expect(ui.progresses).toEqual([{ label: 'Uploading', updates: ['1 KB'], outcome: 'done' }]);
    expect(ui.machineEvents).toEqual([{ type: 'artifact', data: ['0', 'id'] }]);
  });
});

describe('recordingCommunicator', () => {
  const signal = new AbortController().signal;

  test('answers commands from its table, first match first, exit 0 otherwise', async () => {
    const comm = recordingCommunicator({
      commands: [
        ['uname', { stdout: 'Linux\n' }],
        [/^false/, { exitStatus: 1, stderr: 'failed\n' }],
        [/^cat/, (_command, stdin) => ({ stdout: stdin.toUpperCase() })],
        ['unreachable', new Error('connection refused')],
      ],
    });
    const out = collect();
    const err = collect();
    expect(await comm.start({ command: 'uname', stdout: out.stream }, signal)).toEqual({ exitStatus: 0 });
    expect(await comm.start({ command: 'false x', stderr: err.stream }, signal)).toEqual({ exitStatus: 1 });
    expect(await comm.start({ command: 'cat', stdin: Readable.from(['abc']), stdout: out.stream }, signal)).toEqual({ exitStatus: 0 });
    expect(await comm.start({ command: 'anything else' }, signal)).toEqual({ exitStatus: 0 });
    await expect(comm.start({ command: 'unreachable' }, signal)).rejects.toThrow('connection refused');
    expect(out.text()).toBe('Linux\nABC');
    expect(err.text()).toBe('failed\n');
    expect(comm.commands).toEqual(['uname', 'false x', 'cat', 'anything else', 'unreachable']);
    expect(comm.calls[2]).toEqual({ kind: 'start', command: 'cat', stdin: 'abc', exitStatus: 0 });
  });

  test('a cancelled command is not started', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    const comm = recordingCommunicator();
    await expect(comm.start({ command: 'sleep 10' }, controller.signal)).rejects.toThrow('cancelled');
    expect(comm.commands).toEqual([]);
  });

  test('keeps uploads, which downloads read back; directories follow rsync rules', async () => {
    const comm = recordingCommunicator({ files: { '/etc/hostname': 'box\n' } });
    await comm.upload('/tmp/script.sh', Readable.from([Buffer.from('echo hi\n')]), { mode: 0o755 });
    expect(comm.fileText('/tmp/script.sh')).toBe('echo hi\n');
    expect(comm.files.get('/tmp/script.sh')!.mode).toBe(0o755);
    const out = collect();
    await comm.download('/etc/hostname', out.stream);
    expect(out.text()).toBe('box\n');
    await expect(comm.download('/nope', collect().stream)).rejects.toThrow('recordingCommunicator: no remote file /nope');

    const local = tmp();
    fs.mkdirSync(path.join(local, 'site', 'css'), { recursive: true });
    fs.writeFileSync(path.join(local, 'site', 'index.html'), '<p>hi</p>');
    fs.writeFileSync(path.join(local, 'site', 'css', 'a.css'), 'p{}');
    fs.writeFileSync(path.join(local, 'site', 'secret'), 'x');
    await comm.uploadDir('/srv', path.join(local, 'site'), ['secret']);
    await comm.uploadDir('/www', path.join(local, 'site') + '/');
    expect([...comm.files.keys()].sort()).toEqual([
      '/etc/hostname',
      '/srv/site/css/a.css',
      '/srv/site/index.html',
      '/tmp/script.sh',
      '/www/css/a.css',
      '/www/index.html',
      '/www/secret',
    ]);
    const back = tmp();
    await comm.downloadDir('/www', back, ['secret']);
    expect(fs.readFileSync(path.join(back, 'css', 'a.css'), 'utf8')).toBe('p{}');
    expect(fs.existsSync(path.join(back, 'secret'))).toBe(false);
    expect(comm.calls.map((c) => c.kind)).toEqual(['upload', 'download', 'download', 'uploadDir', 'uploadDir', 'downloadDir']);
  });
});

describe('prepareComponent', () => {
  test('decodes a plain configuration through the spec: defaults, durations, rendered templates', () => {
    const { config, error } = prepareComponent(runCommands, { commands: ['echo {{ build_name }} {{ build `Host` }}'], timeout: '90s' }, { generatedData: { Host: '10.0.0.1' } });
    expect(error).toBeUndefined();
    expect(config).toEqual({ commands: ['echo test 10.0.0.1'], greeting: 'hello', timeout: 90_000 });
  });

  test("prepare's errors come back in Packer's MultiError wording", () => {
    const { error, result } = prepareComponent(runCommands, { commands: [], timeout: '10ms' });
    expect(error).toBe('2 error(s) occurred:\n\n* commands must not be empty\n* timeout must be at least 1s');
    expect(result.errors).toHaveLength(2);
  });

  test('a configuration that does not decode throws with Packer\'s text', () => {
    expect(() => prepareComponent(runCommands, { commands: ['x'], comands: ['y'] })).toThrow(
      new ConfigDecodeError('1 error occurred:\n\t* unknown configuration key: \'"comands"\'\n\n', []),
    );
    expect(() => prepareComponent(runCommands, { commands: ['x'], timeout: '5' })).toThrow(
      "1 error(s) decoding:\n\n* error decoding 'timeout': time: missing unit in duration \"5\"",
    );
  });

  test('the core info can be overridden', () => {
    expect(testCore({ buildName: 'web' })).toMatchObject({ buildName: 'web', builderType: 'null', onError: 'cleanup' });
    expect(prepareComponent(runCommands, { commands: ['{{ build_name }}'] }, { core: { buildName: 'web' } }).config.commands).toEqual(['web']);
  });
});

describe('runProvisioner', () => {
  test('provisions with a recording communicator and UI', async () => {
    const { ui, communicator, config } = await runProvisioner(runCommands, { commands: ['hostname', 'id -un'], greeting: 'Hi {{ build `ID` }}' }, { generatedData: { ID: 'vm-1' } });
    expect(config.greeting).toBe('Hi vm-1');
    expect(communicator.commands).toEqual(['hostname', 'id -un']);
    expect(ui.lines).toEqual(['say: Hi vm-1']);
  });

  test('uses the communicator given, and runs without one when told to', async () => {
    const communicator = recordingCommunicator({ commands: [['hostname', { stdout: 'box\n' }], ['false', { exitStatus: 1 }]] });
    const ui = recordingUi();
    await expect(runProvisioner(runCommands, { commands: ['hostname', 'false', 'never'] }, { communicator, ui })).rejects.toThrow('false: exit status 1');
    expect(communicator.commands).toEqual(['hostname', 'false']);
    expect(ui.lines).toEqual(['say: hello', 'message: box']);
    await expect(runProvisioner(runCommands, { commands: ['x'] }, { communicator: null })).rejects.toThrow('run-commands needs a communicator');
  });

  test('a refused configuration is a PrepareError with Packer\'s text, and nothing runs', async () => {
    const communicator = recordingCommunicator();
    const failure = runProvisioner(runCommands, { commands: [] }, { communicator });
    await expect(failure).rejects.toBeInstanceOf(PrepareError);
    await expect(failure).rejects.toThrow('1 error(s) occurred:\n\n* commands must not be empty');
    expect(communicator.calls).toEqual([]);
  });
});

describe('post-processors, data sources, builders', () => {
  const ppSpec = { suffix: attr.string({ default: '.bak' }) };
  const copy: PostProcessorComponent<typeof ppSpec> = {
    configSpec: ppSpec,
    prepare: (c) => ({ errors: c.suffix === '' ? ['suffix must not be empty'] : [] }),
    async postProcess(config, ctx, artifact) {
      const files = artifact.files.map((f) => f + config.suffix);
      for (const [i, f] of files.entries()) fs.copyFileSync(artifact.files[i]!, f);
      ctx.ui.say(`Copied ${files.length} file(s)`);
      return { artifact: testArtifact({ builderId: 'copy', files }), keep: true, forceOverride: false };
    },
  };

  test('runPostProcessor hands the component an artifact and returns its result', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'a.img'), 'image');
    const input = testArtifact({ id: 'a', files: [path.join(dir, 'a.img')], state: { generated_data: { ID: 'a' } } });
    expect(input.state('generated_data')).toEqual({ ID: 'a' });
    const result = await runPostProcessor(copy, {}, input);
    expect(result.artifact.files).toEqual([path.join(dir, 'a.img.bak')]);
    expect(fs.readFileSync(path.join(dir, 'a.img.bak'), 'utf8')).toBe('image');
    expect([result.keep, result.forceOverride, result.ui.said]).toEqual([true, false, ['Copied 1 file(s)']]);
    await expect(runPostProcessor(copy, { suffix: '' }, input)).rejects.toThrow('1 error(s) occurred:\n\n* suffix must not be empty');
    expect(input.destroyed).toBe(false);
    await input.destroy();
    expect(input.destroyed).toBe(true);
  });

  test('runDataSource prepares and executes', async () => {
    const spec = { name: attr.string({ required: true }) };
    const out = { greeting: attr.string() };
    const greet: DataSourceComponent<typeof spec, typeof out> = {
      configSpec: spec,
      outputSpec: out,
      prepare: (c) => ({ errors: c.name === '' ? ['name is required'] : [] }),
      execute: async (c) => ({ greeting: `hello ${c.name}` }),
    };
    await expect(runDataSource(greet, { name: 'x' })).resolves.toEqual({ greeting: 'hello x' });
    await expect(runDataSource(greet, {})).rejects.toThrow('* name is required');
  });

  test('runBuilder records what the builder hands its provisioners', async () => {
    const spec = { id: attr.string({ default: 'm-1' }) };
    const builder: BuilderComponent<typeof spec> = {
      configSpec: spec,
      prepare: () => ({ generatedVars: ['MachineId'] }),
      async run(config, ctx) {
        ctx.ui.say('Starting machine');
        await ctx.provision(undefined, { MachineId: config.id });
        return testArtifact({ id: config.id });
      },
    };
    const seen: unknown[] = [];
    const { artifact, ctx } = await runBuilder(builder, { id: 'm-2' }, { provision: async (_c, data) => void seen.push(data) });
    expect(artifact!.id).toBe('m-2');
    expect(ctx.provisionCalls).toEqual([{ communicator: undefined, generatedData: { MachineId: 'm-2' } }]);
    expect(seen).toEqual([{ MachineId: 'm-2' }]);
    expect(ctx.ui.said).toEqual(['Starting machine']);
    await expect(ctx.connect({} as never, { host: 'h', port: 22 })).rejects.toThrow('no connect given');
  });
});

describe('runBuilderSteps and assertEveryCleanupRan', () => {
  interface State {
    log: string[];
  }
  function step(name: string, run: (s: State) => Promise<'continue' | 'halt'> = async () => 'continue', cleanup: ((s: State) => Promise<void>) | null = async () => {}): Step<State> {
    return {
      name,
      run: async (s) => {
        s.log.push(`run ${name}`);
        return run(s);
      },
      ...(cleanup ? { cleanup: async (s: State) => {
        s.log.push(`cleanup ${name}`);
        await cleanup(s);
      } } : {}),
    };
  }

  test('all steps ran and every cleanup ran, in reverse order', async () => {
    const state: State = { log: [] };
    const result = await runBuilderSteps([step('StepA'), step('StepB', undefined, null), step('StepC')], state);
    expect(result).toMatchObject({ outcome: 'completed', error: undefined, ran: ['StepA', 'StepB', 'StepC'], cleanedUp: ['StepC', 'StepA'], needCleanup: ['StepA', 'StepC'] });
    expect(state.log).toEqual(['run StepA', 'run StepB', 'run StepC', 'cleanup StepC', 'cleanup StepA']);
    assertEveryCleanupRan(result);
  });

  test('a failing step: the cleanups of the steps that started still run; the error is returned', async () => {
    const state: State = { log: [] };
    const result = await runBuilderSteps(
      [step('StepA'), step('StepB', async () => { throw new Error('disk full'); }), step('StepC')],
      state,
    );
    expect(result.outcome).toBe('failed');
    expect((result.error as Error).message).toBe('disk full');
    expect(result.ran).toEqual(['StepA', 'StepB']);
    expect(result.cleanedUp).toEqual(['StepB', 'StepA']);
    assertEveryCleanupRan(result);
  });

  test('a cancelled build cleans up too', async () => {
    const controller = new AbortController();
    const result = await runBuilderSteps([step('StepA', async () => { controller.abort(); return 'continue'; }), step('StepB')], { log: [] }, { signal: controller.signal });
    expect(result.outcome).toBe('failed');
    expect((result.error as Error).message).toBe('Build was cancelled.');
    expect(result.cleanedUp).toEqual(['StepA']);
    assertEveryCleanupRan(result);
  });

  test('fails naming the steps whose cleanup did not run (-on-error=abort) or threw', async () => {
    const aborted = await runBuilderSteps([step('StepA'), step('StepB', async () => 'halt')], { log: [] }, { onError: 'abort' });
    expect(aborted.outcome).toBe('halted');
    expect(() => assertEveryCleanupRan(aborted)).toThrow(
      'Not every cleanup ran:\n- the cleanup of step "StepA" did not run\n- the cleanup of step "StepB" did not run',
    );
    const throwing = await runBuilderSteps([step('StepA', undefined, async () => { throw new Error('busy'); }), step('StepB')], { log: [] });
    expect(throwing.ui.errors).toEqual(['Error cleaning up step "StepA": busy']);
    expect(() => assertEveryCleanupRan(throwing)).toThrow('Not every cleanup ran:\n- the cleanup of step "StepA" failed: busy');
  });

  test('the steps are run by the SDK\'s runSteps: the same order and messages as a builder gets', async () => {
    const direct: State = { log: [] };
    const steps = [step('StepA'), step('StepB', async () => 'halt'), step('StepC')];
    await runSteps(steps, direct, { ui: recordingUi(), signal: new AbortController().signal });
    const recorded: State = { log: [] };
    await runBuilderSteps(steps, recorded);
    expect(recorded.log).toEqual(direct.log);
  });
});

describe('connectTestCommunicator with @tspacker/plugin-ssh and a real sshd', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(() => sshd.stop());

  test('a provisioner runs on the machine through the connection', async () => {
    const connection = await connectTestCommunicator(sshCommunicator, { host: sshd.host, port: sshd.port, user: sshd.user, privateKey: sshd.privateKey });
    try {
      const marker = `/tmp/sdk-testing-${process.pid}-${Date.now()}`;
      const { ui } = await runProvisioner(runCommands, { commands: ['id -un', `touch ${marker}`, `ls ${marker}`] }, { communicator: connection.communicator });
      expect(ui.lines).toEqual(['say: hello', `message: ${sshd.user}`, `message: ${marker}`]);
      expect(fs.existsSync(marker)).toBe(true);
      fs.rmSync(marker);
      await connection.communicator.upload(`${marker}.txt`, Readable.from([Buffer.from('uploaded')]));
      expect(fs.readFileSync(`${marker}.txt`, 'utf8')).toBe('uploaded');
      fs.rmSync(`${marker}.txt`);
    } finally {
      await connection.close();
    }
  });

  test('with a key file; and a configuration the communicator refuses gives Packer\'s message', async () => {
    const connection = await connectTestCommunicator(sshCommunicator, { host: sshd.host, port: sshd.port, user: sshd.user, privateKeyFile: sshd.privateKeyFile });
    await connection.close();
    await expect(connectTestCommunicator(sshCommunicator, { host: sshd.host, port: sshd.port, user: '' })).rejects.toThrow(
      '1 error(s) occurred:\n\n* An ssh_username must be specified\n  Note: some builders used to default ssh_username to "root".',
    );
  });
});
