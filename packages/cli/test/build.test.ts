// `tspacker build` (the built CLI) on Packer's own build fixtures (command/test-fixtures, read in place) with the
// expectations of Packer 1.16's command/build_test.go; builds run in a fresh directory (the files they make land
// there). Also: flags, a failing build, SIGINT during a provisioner, and a differential run against `packer build`
// 1.6.6 on null/shell-local/manifest templates where both print the same lines (durations and script names masked,
// 1.6.6's Message lines in their Packer 1.13+ form).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { commandFixturesDir } from '../../../test/support/corpus.js';
import { asCurrentPackerMessages } from '../../../test/support/packer-messages.js';
import { packer, tempDir, tspacker, tspackerBin, type RunResult } from './run.js';

const fx = (...parts: string[]) => path.join(commandFixturesDir, ...parts);

/** `tspacker build ARGS` in a new empty directory. */
function build(args: readonly string[]): RunResult & { dir: string } {
  const dir = tempDir();
  return { ...tspacker(['build', '-color=false', ...args], { cwd: dir }), dir };
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const exists = (dir: string, file: string) => fs.existsSync(path.join(dir, file));

const spaghettiCarbonara = 'spaghetti\ncarbonara\n';
const lasagna = 'lasagna\ntomato\nmozza\ncooking...\n';
const tiramisu = 'whip_york\nmascarpone\nwhipped_egg_white\ndress\n';

interface FileCheck {
  expected?: string[];
  notExpected?: string[];
  content?: Record<string, string>;
}

describe('TestBuild (HCL2 fixtures)', () => {
  test.each<[string, string[], number, FileCheck]>([
    ["hcl - 'except' a build block", ['-except=my_build.*', fx('hcl-only-except')], 0, { expected: ['cherry.txt'], notExpected: ['chocolate.txt', 'vanilla.txt'] }],
    ["hcl - 'only' a build block", ['-only=my_build.*', fx('hcl-only-except')], 0, { expected: ['chocolate.txt', 'vanilla.txt'], notExpected: ['cherry.txt'] }],
    [
      'hcl - recipes',
      [fx('hcl', 'recipes')],
      0,
      { content: { 'NULL.spaghetti_carbonara.txt': spaghettiCarbonara, 'NULL.lasagna.txt': lasagna, 'NULL.tiramisu.txt': tiramisu } },
    ],
    [
      'hcl - recipes - except carbonara',
      ['-except', 'recipes.null.spaghetti_carbonara', fx('hcl', 'recipes')],
      0,
      { notExpected: ['NULL.spaghetti_carbonara.txt'], content: { 'NULL.lasagna.txt': lasagna, 'NULL.tiramisu.txt': tiramisu } },
    ],
    [
      'hcl - recipes - only lasagna',
      ['-only', '*lasagna', fx('hcl', 'recipes')],
      0,
      { notExpected: ['NULL.spaghetti_carbonara.txt', 'NULL.tiramisu.txt'], content: { 'NULL.lasagna.txt': lasagna } },
    ],
    [
      'hcl - recipes - only recipes',
      ['-only', 'recipes.*', fx('hcl', 'recipes')],
      0,
      { notExpected: ['NULL.tiramisu.txt'], content: { 'NULL.spaghetti_carbonara.txt': spaghettiCarbonara, 'NULL.lasagna.txt': lasagna } },
    ],
    ['hcl - build.name accessible', [fx('build-name-and-type', 'buildname.pkr.hcl')], 0, { expected: ['pineapple.pizza.txt'] }],
    [
      'hcl - dynamic source blocks in a build block',
      [fx('hcl', 'dynamic', 'build.pkr.hcl')],
      0,
      {
        content: { 'dummy.txt': 'layers/base/main/files', 'postgres/13.txt': 'layers/base/main/files\nlayers/base/init/files\nlayers/postgres/files' },
        expected: ['dummy-fooo.txt', 'dummy-baar.txt', 'postgres/13-fooo.txt', 'postgres/13-baar.txt'],
      },
    ],
    [
      'hcl - variables can be used in shared post-processor fields',
      [fx('hcl', 'var-in-pp-name.pkr.hcl')],
      0,
      { content: { 'example1.1.txt': '1\n', 'example2.2.txt': '2\n' }, notExpected: ['example1.2.txt', 'example2.1.txt'] },
    ],
    ['hcl - using build variables in post-processor', [fx('hcl', 'build-var-in-pp.pkr.hcl')], 0, { content: { 'example.2.txt': '2\n' } }],
    ['hcl - test crash #11381', [fx('hcl', 'nil-component-crash.pkr.hcl')], 1, {}],
    ['hcl - using variables in build block', [fx('hcl', 'vars-in-build-block.pkr.hcl')], 0, { content: { 'example.2.txt': '2\n' } }],
    ['hcl - recursive local using input var', [fx('hcl', 'recursive_local_with_input')], 0, { content: { 'hey.txt': 'hello' } }],
    ['hcl - recursive local using an unset input var', [fx('hcl', 'recursive_local_with_unset_input')], 1, {}],
    ['hcl - var with default value empty object/list can be set', [fx('hcl', 'empty_object')], 0, { content: { 'foo.txt': 'yo' } }],
    [
      'HCL2: except build and post-processor',
      ['-parallel-builds=1', '-except=file.chocolate,file.vanilla,tomato', fx('build-only', 'template.pkr.hcl')],
      0,
      { expected: ['apple.txt', 'cherry.txt', 'peach.txt'], notExpected: ['chocolate.txt', 'vanilla.txt', 'tomato.txt', 'unnamed.txt'] },
    ],
    [
      'HCL2-JSON: except build and post-processor',
      ['-parallel-builds=1', '-except=file.chocolate,file.vanilla,tomato', fx('build-only', 'template.pkr.json')],
      0,
      { expected: ['apple.txt', 'cherry.txt', 'peach.txt'], notExpected: ['chocolate.txt', 'vanilla.txt', 'tomato.txt', 'unnamed.txt'] },
    ],
  ])('%s', (_name, args, code, check) => {
    const r = build(args);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: code, stderr: '' });
    for (const f of check.expected ?? []) expect([f, exists(r.dir, f)]).toEqual([f, true]);
    for (const f of check.notExpected ?? []) expect([f, exists(r.dir, f)]).toEqual([f, false]);
    for (const [f, text] of Object.entries(check.content ?? {})) expect([f, read(r.dir, f)]).toEqual([f, text]);
  });

  test('source name: HCL manifest names are the source labels (run uuid set per run)', () => {
    const r = build(['-parallel-builds=1', fx('build-name-and-type')]);
    expect(r.status).toBe(0);
    const manifest = JSON.parse(read(r.dir, 'manifest.json')) as { builds: Record<string, unknown>[]; last_run_uuid: string };
    expect(manifest.last_run_uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(manifest.builds.map((b) => [b.name, b.builder_type, b.files, b.artifact_id, b.packer_run_uuid])).toEqual([
      ['test', 'null', null, 'Null', manifest.last_run_uuid],
      ['potato', 'null', null, 'Null', manifest.last_run_uuid],
    ]);
  });

  test("-only matching nothing: the warning, then 'No builds to run', exit 1", () => {
    const r = build(['-only=chocolate', fx('hcl-only-except')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("Warning: an 'only' option was passed, but not all matches were found for the given build.");
    expect(r.stdout).toContain('Error: No builds to run\n');
    expect(fs.readdirSync(r.dir)).toEqual([]);
  });
});

describe('TestBuildCommand_HCLOnlyExceptOptions', () => {
  test.each<[string[], string[], string[], number]>([
    [['-only=chocolate'], [], ['chocolate.txt', 'vanilla.txt', 'cherry.txt'], 1],
    [['-only=*chocolate*'], ['chocolate.txt'], ['vanilla.txt', 'cherry.txt'], 0],
    [['-except=*chocolate*'], ['vanilla.txt', 'cherry.txt'], ['chocolate.txt'], 0],
    [['-except=*ch*'], ['vanilla.txt'], ['chocolate.txt', 'cherry.txt'], 0],
    [['-only=*chocolate*', '-only=*vanilla*'], ['chocolate.txt', 'vanilla.txt'], ['cherry.txt'], 0],
    [['-except=*chocolate*', '-except=*vanilla*'], ['cherry.txt'], ['chocolate.txt', 'vanilla.txt'], 0],
    [['-only=my_build.file.chocolate'], ['chocolate.txt'], ['vanilla.txt', 'cherry.txt'], 0],
    [['-except=my_build.file.chocolate'], ['vanilla.txt', 'cherry.txt'], ['chocolate.txt'], 0],
    [['-only=file.cherry'], ['cherry.txt'], ['vanilla.txt', 'chocolate.txt'], 0],
  ])('%j', (args, present, absent, code) => {
    const r = build([...args, fx('hcl-only-except')]);
    expect(r.status).toBe(code);
    for (const f of present) expect([f, exists(r.dir, f)]).toEqual([f, true]);
    for (const f of absent) expect([f, exists(r.dir, f)]).toEqual([f, false]);
  });
});

describe('TestBuildCommand_RunProvisionersWithOnlyExcept (HCL)', () => {
  test.each([
    ['null.packer', 'packer provisioner packer and null', 'packer post-processor packer and null', 'other'],
    ['null.other', 'other provisioner other and null', 'other post-processor other and null', 'packer'],
  ])('-only %s', (only, provisionerLine, postProcessorLine, other) => {
    const r = build(['-only', only, fx('provisioners', 'provisioner-only-except.pkr.hcl')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(provisionerLine);
    expect(r.stdout).toContain(postProcessorLine);
    expect(r.stdout).not.toContain(`${other} provisioner`);
    expect(r.stdout).not.toContain(`${other} post-processor`);
  });
});

test('TestBuildCommand_ForceHCL: -force with a new run uuid resets the manifest', () => {
  const dir = tempDir();
  const manifest = (uuid: string) =>
    `{\n  "builds": [\n    {\n      "name": "potato",\n      "builder_type": "null",\n      "files": null,\n      "artifact_id": "Null",\n      "packer_run_uuid": "${uuid}",\n      "custom_data": null\n    }\n  ],\n  "last_run_uuid": "${uuid}"\n}`;
  const first = tspacker(['build', fx('hcl', 'force.pkr.hcl')], { cwd: dir });
  expect(first.status).toBe(0);
  const firstUuid = (JSON.parse(read(dir, 'manifest.json')) as { last_run_uuid: string }).last_run_uuid;
  expect(read(dir, 'manifest.json')).toBe(manifest(firstUuid));
  const second = tspacker(['build', '-force', fx('hcl', 'force.pkr.hcl')], { cwd: dir });
  expect(second.status).toBe(0);
  const secondUuid = (JSON.parse(read(dir, 'manifest.json')) as { last_run_uuid: string }).last_run_uuid;
  expect(secondUuid).not.toBe(firstUuid);
  expect(read(dir, 'manifest.json')).toBe(manifest(secondUuid));
});

describe('Test_build_output', () => {
  const commandDir = path.dirname(commandFixturesDir);

  test('hcl/reprepare: build.* re-prepared with the generated data', () => {
    // Run from command/ with a relative path, as the Go test does: the script path is "./${path.root}/hello.sh".
    const r = tspacker(['build', '--color=false', path.join('test-fixtures', 'hcl', 'reprepare', 'shell-local.pkr.hcl')], { cwd: commandDir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('null.example: hello from the NULL builder packeruser');
    expect(r.stdout).toContain("Build 'null.example' finished after");
  });

  test('hcl/provisioner-override', () => {
    const r = build([fx('hcl', 'provisioner-override.pkr.hcl')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('null.example1: yes overridden');
    expect(r.stdout).toContain('null.example2: not overridden');
    expect(r.stdout).not.toContain('null.example2: yes overridden');
    expect(r.stdout).not.toContain('null.example1: not overridden');
  });
});

describe('flags and failures', () => {
  test('help, wrong argument count, bad -on-error and -parallel-builds values', () => {
    const help = tspacker(['build', '-h']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tspacker build \[options\] TEMPLATE\n/);
    expect(help.stdout).toContain('  -on-error=[cleanup|abort|ask|run-cleanup-provisioner] If the build fails do:');
    const none = tspacker(['build']);
    expect(none.status).toBe(1);
    expect(none.stdout).toMatch(/^Usage: tspacker build/);
    const onError = tspacker(['build', '-on-error=explode', 'x.pkr.hcl']);
    expect(onError.status).toBe(1);
    expect(onError.stdout.split('\n')[0]).toBe(
      'invalid value "explode" for flag -on-error: expected one of ["cleanup" "abort" "ask" "run-cleanup-provisioner"]',
    );
    const parallel = tspacker(['build', '-parallel-builds=many', 'x.pkr.hcl']);
    expect(parallel.status).toBe(1);
    expect(parallel.stdout.split('\n')[0]).toBe('invalid value "many" for flag -parallel-builds: parse error');
  });

  test('a failing provisioner: the build errors, the other build still finishes, exit 1, summary', () => {
    const dir = tempDir({
      'fail.pkr.hcl': `
source "null" "bad" { communicator = "none" }
source "null" "good" { communicator = "none" }
build {
  sources = ["source.null.bad", "source.null.good"]
  provisioner "shell-local" { inline = ["test \${source.name} = good || exit 3", "echo ok > \${source.name}.txt"] }
  error-cleanup-provisioner "shell-local" { inline = ["echo cleaned > \${source.name}-cleanup.txt"] }
}`,
    });
    const r = tspacker(['build', '-color=false', 'fail.pkr.hcl'], { cwd: dir });
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n').map((l) => l.replace(/after \d+ [a-z]+( \d+ [a-z]+)?/, 'after D'));
    expect(lines).toContain('==> null.bad: Provisioning step had errors: Running the cleanup provisioner, if present...');
    expect(lines).toContain("Build 'null.bad' errored after D: Script exited with non-zero exit status: 3. Allowed exit codes are: [0]");
    expect(lines).toContain("Build 'null.good' finished after D.");
    expect(lines.slice(-7)).toEqual([
      '',
      "==> Some builds didn't complete successfully and had errors:",
      '--> null.bad: Script exited with non-zero exit status: 3. Allowed exit codes are: [0]',
      '',
      '==> Builds finished. The artifacts of successful builds are:',
      '--> null.good: Did not export anything. This is the null builder',
      '',
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(['bad-cleanup.txt', 'fail.pkr.hcl', 'good.txt']);
  });
});

/** Starts `tspacker build` on `template` in its own process group, resolving once `ready` appears on stdout. */
function startBuild(template: string, ready: string) {
  const dir = tempDir({ 'slow.pkr.hcl': template });
  const child = spawn(process.execPath, [tspackerBin, 'build', '-color=false', 'slow.pkr.hcl'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const out = { stdout: '' };
  const started = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out.stdout += chunk.toString();
      if (out.stdout.includes(ready)) resolve();
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { dir, child, out, started, exited };
}

const slowTemplate = `
source "file" "out" {
  content = "made"
  target  = "out.txt"
}
build {
  sources = ["source.file.out"]
  provisioner "shell-local" { inline = ["echo started", "sleep 20", "echo never > never.txt"] }
  post-processor "shell-local" { inline = ["echo pp > pp.txt"] }
}`;

test('Ctrl-C (SIGINT to the process group) during a provisioner: the build is cancelled, exit 1', async () => {
  const run = startBuild(slowTemplate, 'started');
  await run.started;
  // Let the script reach its `sleep` (a shell interrupted before forking it would still start it).
  await new Promise((r) => setTimeout(r, 300));
  process.kill(-run.child.pid!, 'SIGINT');
  expect(await run.exited).toBe(1);
  const lines = run.out.stdout.split('\n').map((l) => l.replace(/after \d+ [a-z]+( \d+ [a-z]+)?/, 'after D'));
  expect(lines).toContain('Cancelling build after receiving interrupt');
  expect(lines.some((l) => l.startsWith("Build 'file.out' errored after D: "))).toBe(true);
  expect(lines.slice(-3)).toEqual(['==> Wait completed after D', 'Cleanly cancelled builds after being interrupted.', '']);
  expect(exists(run.dir, 'never.txt')).toBe(false);
  expect(exists(run.dir, 'pp.txt')).toBe(false);
});

// A provisioner from a plugin that ignores cancellation (as a misbehaving plugin may): the first SIGINT cannot
// finish the build, the second must end the process anyway.
const stallingPlugin = {
  'node_modules/tspacker-plugin-stall/package.json': JSON.stringify({ name: 'tspacker-plugin-stall', version: '1.0.0', type: 'module', main: 'index.js' }),
  'node_modules/tspacker-plugin-stall/index.js': `export const tspackerPlugin = {
  sdkVersion: '1',
  provisioners: {
    '-packer-default-plugin-name-': {
      configSpec: { forever: { kind: 'attr', value: { kind: 'bool' } } },
      prepare: () => ({}),
      provision: (config, ctx) =>
        new Promise(() => {
          ctx.ui.say(config.forever ? 'stalling' : 'waiting for nothing');
          // A hung request: something keeps the process alive, and the abort signal is ignored.
          if (config.forever) setInterval(() => {}, 1000);
        }),
    },
  },
};
`,
};

test('a second SIGINT exits at once, saying what may be left behind', async () => {
  const dir = tempDir({
    ...stallingPlugin,
    'slow.pkr.hcl': 'source "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n  provisioner "stall" {\n    forever = true\n  }\n}\n',
  });
  const child = spawn(process.execPath, [tspackerBin, 'build', '-color=false', 'slow.pkr.hcl'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const output = (text: string) => new Promise<void>((resolve) => {
    const check = () => stdout.includes(text) && resolve();
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      check();
    });
    check();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await output('stalling');
  child.kill('SIGINT');
  // Signals do not queue: the second is sent once the first was handled.
  await output('Cancelling build after receiving interrupt');
  child.kill('SIGINT');
  expect(await exited).toBe(1);
  expect(stdout).toContain('Cancelling build after receiving interrupt\n');
  expect(stdout).toContain(
    'Interrupted again: exiting now without waiting for cleanups. Resources of the builds that were running (temporary files, machines, artifacts in progress) may be left behind.\n',
  );
});

test('a component that can never finish (nothing left to wait for) fails the build instead of exiting 0', () => {
  const dir = tempDir({
    ...stallingPlugin,
    'stuck.pkr.hcl': 'source "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n  provisioner "stall" {}\n}\n',
  });
  const r = tspacker(['build', '-color=false', 'stuck.pkr.hcl'], { cwd: dir });
  expect(r.stdout).toContain('==> null.x: waiting for nothing\n');
  expect(r.stdout).toContain('Error: tspacker stopped before the command finished');
  expect(r.status).toBe(1);
});

describe('differential: packer build 1.6.6', () => {
  /** Durations, temporary script names and run uuids masked. */
  const mask = (text: string) =>
    text
      .replace(/after \d+ [a-z]+( \d+ [a-z]+)?/g, 'after D')
      .replace(/packer-shell\d+/g, 'packer-shellN')
      .replace(/^\d+,/gm, 'T,')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)/g, 'TS')
      .replace(/"(packer_run_uuid|last_run_uuid)": "[^"]*"/g, '"$1": "U"')
      // Deliberate difference: current Packer's SDK puts a space after the period (1.6.6: "2.Allowed").
      .replace(/exit status: (\d+)\.Allowed/g, 'exit status: $1. Allowed');

  const templates: Record<string, string> = {
    'two null builds, provisioners and post-processor chains': `
source "null" "a" { communicator = "none" }
source "null" "b" { communicator = "none" }
build {
  sources = ["source.null.a", "source.null.b"]
  provisioner "shell-local" { inline = ["echo hello \${source.name}", "echo \${source.name} >> order.txt"] }
  post-processor "shell-local" {
    name   = "pp"
    inline = ["echo pp \${source.name} >> order.txt"]
  }
  post-processor "manifest" { strip_time = true }
}`,
    'a failing build next to a good one': `
source "null" "bad" { communicator = "none" }
source "null" "good" { communicator = "none" }
build {
  sources = ["source.null.bad", "source.null.good"]
  provisioner "shell-local" { inline = ["test \${source.name} = good || exit 2", "echo \${source.name} >> order.txt"] }
}`,
  };

  /** Packer lists the artifacts of the builds in Go's random map order: compare the listing as a sorted set. */
  const artifactsSorted = (stdout: string) => {
    const lines = stdout.split('\n');
    const at = lines.findIndex((l) => l.includes('Builds finished. The artifacts of successful builds are:'));
    return at < 0 ? stdout : [...lines.slice(0, at + 1), ...lines.slice(at + 1).sort()].join('\n');
  };

  const cases: [string, string[]][] = [
    ...Object.keys(templates).map((name): [string, string[]] => [name, ['-color=false', '-parallel-builds=1']]),
    ['a failing build next to a good one', ['-machine-readable', '-parallel-builds=1']],
    ['two null builds, provisioners and post-processor chains', ['-timestamp-ui', '-parallel-builds=1']],
  ];

  test.each(cases)('%s %j', (name, flags) => {
    const run = (tool: typeof packer, asCurrent: (stdout: string) => string = (stdout) => stdout) => {
      const dir = tempDir({ 't.pkr.hcl': templates[name]! });
      const r = tool(['build', ...flags, 't.pkr.hcl'], { cwd: dir });
      const files = Object.fromEntries(
        fs
          .readdirSync(dir)
          .filter((f) => f !== 't.pkr.hcl')
          .sort()
          .map((f) => [f, mask(read(dir, f))]),
      );
      return { status: r.status, stdout: artifactsSorted(mask(asCurrent(r.stdout))), files };
    };
    // Deliberate difference: Packer 1.13+ says what components print with Message (`==> null.a: hello a`), 1.6.6
    // indented it; its output is compared in the 1.13+ form.
    const theirs = run(packer, asCurrentPackerMessages);
    const ours = run((args, opts) => tspacker(args, opts));
    expect(ours).toEqual(theirs);
  });
});
