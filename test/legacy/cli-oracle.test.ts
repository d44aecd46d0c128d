// Differential: the bundled `tspacker` against `packer` 1.6.6 on legacy JSON templates, as real processes, each in
// its own copy of the template's directory: Packer's command/test-fixtures JSON templates (the files a build makes,
// exit codes, manifests), user variables, bad input (`validate`), `inspect` and `console`.
//
// Where 1.6.6 differs from current Packer (1.16, which tspacker follows), current Packer's behaviour is asserted
// on our side and the difference is normalised away or listed here:
// - parse errors: 1.6.6 says "Failed to parse template: X", 1.16 "Failed to parse file as legacy JSON template: …
//   Original error: X";
// - a successful `validate` prints nothing in 1.6.6, "The configuration is valid." in 1.16;
// - a build whose name differs from its type is "TYPE.NAME" in 1.16's UI (CoreBuild.Name with BuildName = type),
//   "NAME" in 1.6.6; the manifest's name stays NAME in both;
// - what components print with Message (shell-local's output) is indented in 1.6.6, said (`==> `) in 1.13+;
// - unknown component types: 1.6.6 "error initializing builder 'x': Unknown builder x", 1.16 "The builder x is
//   unknown by Packer, …" or "Did you mean to use "y"?" (packer/core.go Build);
// - go-version's "Malformed version" is "malformed version" in the go-version 1.16 uses; packer_version is 1.16.0;
// - `packer_version` works in the variables section and the console in 1.16 (Core.Context sets it), not in 1.6.6;
// - the console's `variables` in 1.6.6 lists an extra empty entry (": ,");
// - -only/-except selecting no build: 1.16 fails with "No builds to run" (command/build.go), 1.6.6 succeeds;
// - Go walks maps in random order (required variables, inspect's required list): compared as sets;
// - the SDK's "non-zero exit status: N.Allowed exit codes" gained a space after the period;
// - tspacker's manifest masks sensitive values (Packer writes them in clear): a deliberate difference.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { asCurrentPackerMessages } from '../support/packer-messages.js';
import { commandFixturesDir } from '../support/corpus.js';
import { tempDir } from '../support/temp-dir.js';
import { packer, tspacker } from '../template-oracle/harness.js';

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

const tspackerBin = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../packages/cli/dist/tspacker.mjs');

function runAsync(cmd: string, args: readonly string[], cwd: string, input = '', env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout, stderr, status }));
    child.stdin.end(input);
  });
}

/** A directory's files (name → text), leaving out those the test put there. */
function filesOf(dir: string, except: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) if (!except.has(f)) out[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  return out;
}

interface Both {
  ours: Run;
  theirs: Run;
  oursFiles: Record<string, string>;
  theirsFiles: Record<string, string>;
}

/** The same command in two copies of `files` (or of a fixture directory), both tools at once. */
async function both(source: string | Record<string, string>, args: readonly string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Both> {
  const make = () => {
    if (typeof source !== 'string') return tempDir(source);
    const dir = tempDir();
    fs.cpSync(source, dir, { recursive: true });
    return dir;
  };
  const [a, b] = [make(), make()];
  const given = new Set(fs.readdirSync(a));
  const [ours, theirs] = await Promise.all([
    runAsync(process.execPath, [tspackerBin, ...args], a, opts.input, opts.env),
    runAsync('packer', args, b, opts.input, opts.env),
  ]);
  return { ours, theirs, oursFiles: filesOf(a, given), theirsFiles: filesOf(b, given) };
}

beforeAll(() => {
  // The harness builds the bundle when it is missing.
  tspacker(tempDir(), ['version']);
});

const PARSE_1_16 =
  'Failed to parse file as legacy JSON template: if you are using an HCL template, check your file extensions; they ' +
  'should be either *.pkr.hcl or *.pkr.json; see the docs for more details: ' +
  'https://www.packer.io/docs/templates/hcl_templates. \nOriginal error: ';
const PARSE_1_6 = 'Failed to parse template: ';

/** Build output without what changes from run to run, in a stable order (parallel builds interleave). */
function buildLines(stdout: string): string[] {
  return stdout
    .replace(/^\d+,/gm, 'T,')
    .replace(/finished after .*/g, 'finished after T')
    .replace(/Wait completed after .*/g, 'Wait completed after T')
    .replace(/\/tmp\/packer-shell\d+/g, '/tmp/packer-shellN')
    .split('\n')
    .filter((l) => l !== '')
    .sort();
}

/** Manifest JSON without run ids and build times. */
function manifest(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  const m = JSON.parse(text) as { builds: Record<string, unknown>[]; last_run_uuid: string };
  return { ...m, last_run_uuid: 'UUID', builds: m.builds.map((b) => ({ ...b, packer_run_uuid: 'UUID', build_time: 0 })).sort((x, y) => String(x.name).localeCompare(String(y.name))) };
}

/**
 * A build compared: exit code, files made (manifests without run ids) and output, ours with `TYPE.NAME`
 * renamed to 1.6.6's `NAME` for the builds listed in `renamed` ([type, name]).
 */
async function expectSameBuild(source: string | Record<string, string>, args: readonly string[], renamed: readonly [string, string][] = [], input?: string) {
  const r = await both(source, ['build', '-color=false', ...args], { input });
  expect(r.ours.stderr).toBe(r.theirs.stderr);
  expect(r.ours.status).toBe(r.theirs.status);
  const files = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, k.endsWith('manifest.json') ? manifest(v) : v]));
  expect(files(r.oursFiles)).toEqual(files(r.theirsFiles));
  let ours = r.ours.stdout;
  if (renamed.length > 0) expect(renamed.some(([type, name]) => ours.includes(`${type}.${name}:`))).toBe(true);
  for (const [type, name] of renamed) {
    ours = ours.replaceAll(`,${type}.${name},`, `,${name},`).replaceAll(`${type}.${name}:`, `${name}:`).replaceAll(`${type}.${name} (`, `${name} (`).replaceAll(`'${type}.${name}'`, `'${name}'`);
  }
  expect(buildLines(ours)).toEqual(buildLines(asCurrentSdkTexts(asCurrentPackerMessages(r.theirs.stdout))));
  return r;
}

/** 1.6.6's SDK texts that changed since: the exit-code error gained a space (packer-plugin-sdk shell/exit_code.go). */
const asCurrentSdkTexts = (stdout: string) => stdout.replace(/(non-zero exit status: \d+)\.Allowed/g, '$1. Allowed');

const fx = (...p: string[]) => path.join(commandFixturesDir, ...p);

describe('build: command/test-fixtures', () => {
  test.each<[string[], [string, string][]]>([
    [['all.json'], [['null', 'test'], ['null', 'potato']]],
    [['-except=potato', 'all.json'], [['null', 'test']]],
    [['-only=potato', 'all.json'], [['null', 'potato']]],
    [['-machine-readable', '-except=potato', 'all.json'], [['null', 'test']]],
  ])('build-name-and-type %j', async (args, renamed) => {
    const r = await expectSameBuild(fx('build-name-and-type'), args, renamed);
    expect(r.ours.status).toBe(0);
    expect(Object.keys(r.oursFiles)).toEqual(['manifest.json']);
  });

  const flavours: [string, string][] = [
    ['file', 'chocolate'],
    ['file', 'vanilla'],
    ['file', 'cherry'],
  ];
  test.each<[string[]]>([
    [['template.json']],
    [['-only=chocolate,vanilla', '-except=apple,tomato', 'template.json']],
    [['-except=chocolate,vanilla,apple', 'template.json']],
    [['-only=vanilla', '-except=pear', 'template.json']],
    [['-parallel-builds=1', '-except=peach', 'template.json']],
  ])('build-only %j', async (args) => {
    await expectSameBuild(fx('build-only'), args, flavours);
  });

  test('build-only/not-found.json: the unknown builder fails, the other build runs (exit 1)', async () => {
    const r = await both(fx('build-only'), ['build', '-color=false', 'not-found.json']);
    expect([r.ours.status, r.theirs.status]).toEqual([1, 1]);
    expect(r.oursFiles).toEqual(r.theirsFiles);
    expect(Object.keys(r.oursFiles)).toEqual(['chocolate.txt', 'unnamed.txt']);
    expect(r.theirs.stdout).toContain("error initializing builder 'non-existing': Unknown builder non-existing");
    expect(r.ours.stdout).toMatch(
      /^Error: Failed to initialize build "vanilla"\n\nThe builder non-existing is unknown by Packer, and is likely part of a plugin\nthat is not installed\.\n[^]*\nhttps:\/\/developer\.hashicorp\.com\/packer\/integrations\?filter=non\n\n\n/,
    );
  });

  test('build-only from stdin (`-`)', async () => {
    const text = fs.readFileSync(fx('build-only', 'template.json'), 'utf8');
    const r = await expectSameBuild({ 'x.txt': '' }, ['-only=cherry', '-'], flavours, text);
    expect(Object.keys(r.oursFiles)).toEqual(['apple.txt', 'banana.txt', 'cherry.txt', 'peach.txt', 'pear.txt']);
  });

  test('-only/-except selecting no build: "No builds to run" (1.16), exit 1', async () => {
    for (const args of [['-only=nope'], ['-except=chocolate,vanilla,cherry']]) {
      const r = await both(fx('build-only'), ['build', '-color=false', ...args, 'template.json']);
      expect(r.theirs.status).toBe(0);
      expect(r.ours).toEqual({
        status: 1,
        stderr: '',
        stdout:
          'Error: No builds to run\n\nA build command cannot run without at least one build to process. If the only or\n' +
          'except flags have been specified at run time check that at least one build is\nselected for execution.\n\n\n',
      });
      expect(r.oursFiles).toEqual({});
    }
  });

  test.each<[string[], string | undefined]>([
    [['-var-file=apple.json', 'fruit_builder.json'], 'apple.txt'],
    [['-var-file=apple.json', '-var', 'fruit=banana', 'fruit_builder.json'], 'banana.txt'],
    [['-var', 'fruit=banana', '-var-file=apple.json', 'fruit_builder.json'], 'banana.txt'],
    [['-var-file=missing.json', 'fruit_builder.json'], undefined],
    [['fruit_builder.json'], undefined],
  ])('var-arg %j', async (args, made) => {
    const r = await expectSameBuild(fx('var-arg'), args);
    expect(Object.keys(r.oursFiles)).toEqual(made ? [made] : []);
    expect(r.ours.status).toBe(made ? 0 : 1);
  });

  test('var-arg: the missing required variable and the missing var file, Packer’s texts', async () => {
    const r = await both(fx('var-arg'), ['build', 'fruit_builder.json']);
    expect(r.ours.stderr).toBe('');
    expect(r.ours.stdout).toBe('Error: \n\n1 error occurred:\n\t* required variable not set: fruit\n\n\n\n\n');
    expect(r.ours.stdout).toBe(r.theirs.stdout);
    const missing = await both(fx('var-arg'), ['build', '-var-file=missing.json', 'fruit_builder.json']);
    expect(missing.ours).toEqual(missing.theirs);
    expect(missing.ours.stdout).toContain('missing.json: no such file or directory');
  });

  test.each([['provisioner-override.json'], ['provisioner-only-except.json']])('provisioners/%s', async (t) => {
    const r = await expectSameBuild(fx('provisioners'), [t], [
      ['null', 'example1'],
      ['null', 'example2'],
      ['null', 'packer'],
    ]);
    expect(r.ours.status).toBe(0);
  });

  test('validate/build.json builds its file', async () => {
    const r = await expectSameBuild(fx('validate'), ['build.json']);
    expect(r.oursFiles).toEqual({ 'chocolate.txt': 'chocolate' });
  });
});

describe('build: user variables and template functions', () => {
  const template = {
    variables: {
      z_last: '{{user `a_first`}}-z',
      a_first: '{{user `m_mid`}}-a',
      m_mid: 'mid',
      from_env: '{{env `TSP_LEGACY_ENV`}}',
      field: '{{ .Name }}',
      secret: 'hunter2',
      fns: '{{upper `abc`}}-{{lower `DEF`}}-{{split `a,b,c` `,` 1}}-{{replace `a` `b` 1 `aaa`}}-{{replace_all `a` `b` `aaa`}}',
      dir: '{{template_dir}}',
    },
    'sensitive-variables': ['secret'],
    builders: [
      { type: 'null', communicator: 'none' },
      { type: 'null', name: 'second', communicator: 'none' },
    ],
    provisioners: [
      {
        type: 'shell-local',
        inline: [
          "echo '{{user `z_last`}} {{user `from_env`}} {{user `field`}} {{user `fns`}}' > {{build_name}}.out",
          "echo '{{build_type}} {{user `dir`}} {{template_dir}} {{pwd}}' >> {{build_name}}.out",
          "echo 'secret is {{user `secret`}}'",
          "echo '{{ build `ID` }}' >> {{build_name}}.out",
          "echo '{{ uuid | len }} {{ timestamp | len }} {{ isotime `2006` | len }}' >> {{build_name}}.out",
          "echo '{{packer_version}}' > {{build_name}}.version",
        ],
      },
    ],
    'post-processors': [{ type: 'manifest', output: 'm.json', strip_time: true, custom_data: { s: '{{user `secret`}}', b: '{{build_name}}' } }],
  };

  test('references in any order, env in variables, fields left alone, functions, build_name/type, build `ID`; secrets masked', async () => {
    const r = await both({ 't.json': JSON.stringify(template) }, ['build', '-color=false', 't.json'], { env: { TSP_LEGACY_ENV: 'envval' } });
    expect([r.ours.status, r.theirs.status]).toEqual([0, 0]);
    const dirOf = (files: Record<string, string>) => /^null (\S+) /m.exec(files['null.out']!)![1]!;
    const normal = (files: Record<string, string>) => {
      const dir = dirOf(files);
      const { ['null.version']: _v1, ['second.version']: _v2, ['m.json']: m, ...rest } = files;
      return { ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v.replaceAll(dir, 'DIR')])), m: manifest(m) };
    };
    const ours = normal(r.oursFiles);
    const theirs = normal(r.theirsFiles) as { m: { builds: { custom_data: Record<string, string> }[] } };
    expect(ours['null.out']).toBe('mid-a-z envval <no value> ABC-def-b-baa-bbb\nnull DIR DIR DIR\nNull\n36 10 4\n');
    expect(ours['second.out']).toBe(ours['null.out']);
    // Packer writes the secret into the manifest; tspacker masks it.
    for (const b of theirs.m.builds) b.custom_data.s = '<sensitive>';
    expect(ours).toEqual(theirs);
    expect(r.oursFiles['m.json']).not.toContain('hunter2');
    expect(r.oursFiles['null.version']).toBe('1.16.0\n');
    expect(r.ours.stdout).not.toContain('hunter2');
    expect(r.ours.stdout).toContain('==> null: secret is <sensitive>\n');
    expect(r.ours.stdout).toContain('==> null.second: secret is <sensitive>\n');
    expect(r.theirs.stdout).toContain('null: secret is <sensitive>\n');
  });

  test('a sensitive value given with -var is masked too', async () => {
    const t = { variables: { pw: null }, 'sensitive-variables': ['pw'], builders: [{ type: 'null', communicator: 'none' }], provisioners: [{ type: 'shell-local', inline: ['echo pw={{user `pw`}}'] }] };
    const r = await both({ 't.json': JSON.stringify(t) }, ['build', '-color=false', '-var', 'pw=opensesame', 't.json']);
    expect(buildLines(r.ours.stdout)).toEqual(buildLines(asCurrentPackerMessages(r.theirs.stdout)));
    expect(r.ours.stdout).toContain('==> null: pw=<sensitive>\n');
  });

  test('error-cleanup-provisioner runs when a provisioner fails (exit 1)', async () => {
    const t = {
      builders: [{ type: 'null', communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: ['exit 3'] }],
      'error-cleanup-provisioner': { type: 'shell-local', inline: ['echo cleaned {{build_name}} > cleanup.txt'] },
    };
    const r = await both({ 't.json': JSON.stringify(t) }, ['build', '-color=false', 't.json']);
    expect([r.ours.status, r.theirs.status]).toEqual([1, 1]);
    expect(r.oursFiles).toEqual({ 'cleanup.txt': 'cleaned null\n' });
    expect(r.oursFiles).toEqual(r.theirsFiles);
  });

  test('a templated builder name: rendered for -only and build_name, raw for override', async () => {
    const t = {
      variables: { bn: 'named-{{user `suffix`}}', suffix: 'x' },
      builders: [{ type: 'null', name: '{{user `bn`}}', communicator: 'none' }, { type: 'null', communicator: 'none' }],
      provisioners: [
        {
          type: 'shell-local',
          inline: ['echo {{build_name}} > {{build_name}}.txt'],
          override: { '{{user `bn`}}': { inline: ['echo overridden {{build_name}} > {{build_name}}.txt'] } },
        },
        { type: 'shell-local', inline: ['echo paused > paused.txt'], pause_before: '10ms', only: ['null'] },
        { type: 'shell-local', inline: ['test -f flag || { touch flag; exit 1; }', 'echo retried > retried.txt'], max_retries: '2', only: ['null'] },
      ],
    };
    const files = { 't.json': JSON.stringify(t) };
    const all = await expectSameBuild(files, ['t.json'], [['null', 'named-x']]);
    expect(all.oursFiles).toEqual({ 'named-x.txt': 'overridden named-x\n', 'null.txt': 'null\n', 'paused.txt': 'paused\n', 'retried.txt': 'retried\n', flag: '' });
    const only = await expectSameBuild(files, ['-only=named-x', 't.json'], [['null', 'named-x']]);
    expect(Object.keys(only.oursFiles)).toEqual(['named-x.txt']);
  });

  test('packer_version in the variables section (1.16 only)', async () => {
    const t = { variables: { v: 'v{{packer_version}}' }, builders: [{ type: 'null', communicator: 'none' }], provisioners: [{ type: 'shell-local', inline: ['echo {{user `v`}} > v.txt'] }] };
    const r = await both({ 't.json': JSON.stringify(t) }, ['build', '-color=false', 't.json']);
    expect(r.theirs.status).toBe(1);
    expect(r.ours.status).toBe(0);
    expect(r.oursFiles['v.txt']).toBe('v1.16.0\n');
  });
});

describe('validate: fixtures and bad input', () => {
  /** validate in both; ours with the 1.16 parse prefix and success line turned into 1.6.6's. */
  async function expectSameValidate(source: string | Record<string, string>, args: readonly string[], mapOrder = false) {
    const r = await both(source, ['validate', ...args]);
    const asOld = (text: string) => text.replace(PARSE_1_16, PARSE_1_6).replace(/^The configuration is valid\.\n$/, '');
    // Errors Go collects walking a map come in random order: compared as sets of lines.
    const lines = (text: string) => (mapOrder ? text.split('\n').sort().join('\n') : text);
    const as = (run: Run, f: (t: string) => string) => ({ status: run.status, stdout: lines(f(run.stdout)), stderr: lines(f(run.stderr)) });
    expect(as(r.ours, asOld)).toEqual(as(r.theirs, (t) => t));
    return r;
  }

  test.each<[string, string[], number]>([
    ['validate', ['build.json'], 0],
    ['validate', ['null_var.json'], 1],
    ['validate', ['-syntax-only', 'null_var.json'], 0],
    ['validate', ['-syntax-only', 'template.json'], 0],
    ['validate-invalid', ['bad_provisioner.json'], 1],
    ['validate-invalid', ['broken.json'], 1],
    ['validate-invalid', ['-syntax-only', 'broken.json'], 1],
    ['build-name-and-type', ['all.json'], 0],
    ['provisioners', ['provisioner-override.json'], 0],
    ['provisioners', ['-only=packer', 'provisioner-only-except.json'], 0],
    ['var-arg', ['-var-file=banana.json', 'fruit_builder.json'], 1],
  ])('%s %j', async (dir, args, status) => {
    const r = await expectSameValidate(fx(dir), args);
    expect(r.ours.status).toBe(status);
    if (status === 0 && !args.includes('-syntax-only')) expect(r.ours.stdout).toBe('The configuration is valid.\n');
  });

  test.each<[string[]]>([[['template.json']], [['-except=vanilla,pear', 'validate_except.json']]])(
    'min_packer_version 101.0.0 (validate/%j): tspacker is 1.16.0',
    async (args) => {
      const r = await both(fx('validate'), ['validate', ...args]);
      expect(r.theirs.stdout).toContain('This template requires Packer version 101.0.0 or higher; using 1.6.6');
      expect(r.ours).toEqual({ status: 1, stderr: '', stdout: 'Error: \n\nThis template requires Packer version 101.0.0 or higher; using 1.16.0\n\n\n' });
    },
  );

  test('validate_except.json (min_packer_version dropped): -except of a build and of a post-processor', async () => {
    const t = JSON.parse(fs.readFileSync(fx('validate', 'validate_except.json'), 'utf8')) as Record<string, unknown>;
    delete t.min_packer_version;
    const files = { 'v.json': JSON.stringify(t) };
    expect((await expectSameValidate(files, ['-except=vanilla,pear', 'v.json'])).ours.status).toBe(0);
    expect((await expectSameValidate(files, ['-except=chocolate,apple', 'v.json'])).ours.status).toBe(1);
  });

  const B = '{"type":"null","communicator":"none"}';
  const bad: Record<string, string> = {
    'malformed.json': '{\n  "builders": [\n    {"type": "null",}\n  ]\n}',
    'bad-string.json': '{"builders":[{"type":"null","x":"a\nb"}]}',
    'trailing.json': `{"builders":[${B}]} xx`,
    'empty.json': '',
    'array.json': '[1,2]',
    'non-string-var.json': `{"variables":{"a":5,"b":true,"c":["x"],"d":{"k":1}},"builders":[${B}]}`,
    'undefined-var.json': `{"variables":{"a":"{{user \`nope\`}}"},"builders":[${B}]}`,
    'var-cycle.json': `{"variables":{"a":"{{user \`b\`}}","b":"{{user \`a\`}}"},"builders":[${B}]}`,
    'var-bad-function.json': `{"variables":{"a":"{{ nope }}"},"builders":[${B}]}`,
    'var-split.json': `{"variables":{"a":"{{ split \`a\` \`,\` 3 }}"},"builders":[${B}]}`,
    'undefined-var-elsewhere.json': '{"builders":[{"type":"null","communicator":"none","ssh_host":"{{user `nope`}}"}]}',
    'env-elsewhere.json': '{"builders":[{"type":"null","communicator":"ssh","ssh_host":"{{env `HOME`}}"}]}',
    'unknown-root.json': `{"builders":[${B}],"zeta":1,"alpha":2,"_c":"x"}`,
    'bad-comment.json': `{"builders":[${B}],"_c":5}`,
    'root-types.json': '{"builders":{"a":1},"variables":[1],"description":5,"sensitive-variables":"x"}',
    'duplicate-key.json': '{"builders":[{"type":"null","communicator":"none","communicator":"ssh"}]}',
    'no-type.json': `{"builders":[{"name":"x"},${B}]}`,
    'duplicate-name.json': `{"builders":[${B},${B}]}`,
    'no-builders.json': '{"variables":{"a":"b"}}',
    'bad-pp.json': `{"builders":[${B}],"post-processors":[5,[["a"]],[5,true],[{"name":"x"}],{"type":"manifest","keep_input_artifact":"yes"}]}`,
    'only-unknown.json':
      `{"builders":[${B}],"provisioners":[{"type":"shell-local","inline":["x"],"only":["nope"]},` +
      '{"type":"shell-local","inline":["x"],"only":["null"],"except":["null"]},{"type":"shell-local","inline":["x"],"override":{"zz":{}}}],' +
      '"post-processors":[{"type":"manifest","except":["q"]}]}',
    'max-retries.json': `{"builders":[${B}],"provisioners":[{"type":"shell-local","inline":["x"],"max_retries":"abc"}]}`,
    'max-retries-type.json': `{"builders":[${B}],"provisioners":[{"type":"shell-local","inline":["x"],"max_retries":[1]}]}`,
    'pause-before.json': `{"builders":[${B}],"provisioners":[{"type":"shell-local","inline":["x"],"pause_before":"5 parsecs"}]}`,
    'timeout-type.json': `{"builders":[${B}],"provisioners":[{"type":"shell-local","inline":["x"],"timeout":[1]}]}`,
    'provisioner-no-type.json': `{"builders":[${B}],"provisioners":[{"inline":["x"]},"str"]}`,
    'cleanup-no-type.json': `{"builders":[${B}],"error-cleanup-provisioner":{"inline":["x"]}}`,
    'required-missing.json': `{"variables":{"a":null},"builders":[${B}]}`,
    'builder-config.json': '{"builders":[{"type":"null","communicator":"none","foo":1}]}',
    'provisioner-config.json': `{"builders":[${B}],"provisioners":[{"type":"shell-local"}]}`,
    'edge-bcfg.json': "{\"builders\":[{\"type\":\"null\",\"config\":\"x\"}]}",
    'edge-cleanupnull.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"error-cleanup-provisioner\":null}",
    'edge-comments.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"comments\":5}",
    'edge-exceptpp.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"post-processors\":[{\"type\":\"manifest\",\"except\":\"null\"}]}",
    'edge-keepnull.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"post-processors\":[{\"type\":\"manifest\",\"keep_input_artifact\":null}]}",
    'edge-minnum.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"min_packer_version\":1}",
    'edge-onlymap.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"provisioners\":[{\"type\":\"shell-local\",\"inline\":[\"x\"],\"only\":{\"a\":1}}]}",
    'edge-onlynum.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"provisioners\":[{\"type\":\"shell-local\",\"inline\":[\"x\"],\"only\":5}]}",
    'edge-ov.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"provisioners\":[{\"type\":\"shell-local\",\"inline\":[\"x\"],\"override\":\"str\"}]}",
    'edge-pbnum.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"provisioners\":[{\"type\":\"shell-local\",\"inline\":[\"x\"],\"pause_before\":1.5e9, \"timeout\": \"1h\"}]}",
    'edge-pcfg.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"provisioners\":[{\"type\":\"shell-local\",\"config\":5}]}",
    'edge-ppname.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"post-processors\":[{\"type\":\"manifest\",\"name\":5,\"only\":\"null\"}]}",
    'edge-ppnull.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"post-processors\":[null]}",
    'edge-provnull.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"provisioners\":[null]}",
    'edge-push.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"push\":5}",
    'edge-rootnull.json': "null",
    'edge-rootstr.json': "\"x\"",
    'edge-sensnum.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"sensitive-variables\":[5, null]}",
    'edge-varsnull.json': "{\"builders\":[{\"type\":\"null\",\"communicator\":\"none\"}],\"variables\":{\"a\":null,\"b\":\"\"},\"sensitive-variables\":[\"a\"]}",
    'warnings.json':
      '{"builders":[{"type":"file","name":"a","target":"a.txt"},{"type":"file","name":"b","target":"b.txt"},' +
      '{"type":"file","name":"c","target":"c.txt","content":"c"}],"provisioners":[{"type":"shell-local","only":["a"]}]}',
  };

  test.each(Object.keys(bad))('%s', async (name) => {
    const r = await expectSameValidate(bad, [name], name === 'non-string-var.json');
    const valid = ['undefined-var-elsewhere.json', 'edge-cleanupnull.json', 'edge-keepnull.json', 'edge-pbnum.json'];
    expect(r.ours.status).toBe(valid.includes(name) ? 0 : 1);
    expect(r.ours.stdout + r.ours.stderr).not.toMatch(/\n\s+at .*\.(m?js|ts):\d+/);
  });

  test('unknown builder types: current Packer’s texts (1.6.6: "Unknown builder x")', async () => {
    const r = await both({ 't.json': `{"builders":[{"type":"nul","communicator":"none"},{"type":"foobarbaz","name":"x"}]}` }, ['validate', 't.json']);
    expect(r.theirs.status).toBe(1);
    expect(r.theirs.stdout).toContain("error initializing builder 'nul': Unknown builder nul");
    expect(r.ours).toEqual({
      status: 1,
      stderr: '',
      stdout:
        'Error: Failed to initialize build "nul"\n\nDid you mean to use "null"?\n\n' +
        'Error: Failed to initialize build "x"\n\nThe builder foobarbaz is unknown by Packer, and is likely part of a plugin that\n' +
        'is not installed.\nYou may find the needed plugin along with installation instructions documented\n' +
        'on the Packer integrations page.\n\nhttps://developer.hashicorp.com/packer/integrations?filter=foobarbaz\n\n\n',
    });
  });

  test('an invalid min_packer_version: go-version’s lower-case text', async () => {
    const r = await both({ 't.json': `{"min_packer_version":"abc","builders":[${B}]}` }, ['validate', 't.json']);
    expect(r.theirs.stdout).toContain('min_version is invalid: Malformed version: abc');
    expect(r.ours).toEqual({ status: 1, stderr: '', stdout: 'Error: \n\nmin_version is invalid: malformed version: abc\n\n\n' });
  });

  test('several required variables missing (Go lists them in map order): the same set', async () => {
    const r = await both({ 't.json': `{"variables":{"b":null,"a":null},"builders":[${B}]}` }, ['validate', 't.json']);
    const items = (s: string) => s.split('\n').filter((l) => l.startsWith('\t*')).sort();
    expect(r.ours.status).toBe(1);
    expect(items(r.ours.stdout)).toEqual(items(r.theirs.stdout));
    expect(items(r.ours.stdout)).toEqual(['\t* required variable not set: a', '\t* required variable not set: b']);
  });
});

describe('inspect', () => {
  const t = {
    description: 'A desc\nline2',
    variables: { a: 'A', bb: '{{user `a`}}-b', s: 'sec', req: null },
    'sensitive-variables': ['s'],
    builders: [
      { type: 'null', communicator: 'none' },
      { type: 'null', name: 'longer-name', communicator: 'none' },
    ],
    provisioners: [
      { type: 'shell-local', inline: ['x'] },
      { type: 'file', source: 'a', destination: 'b' },
    ],
  };
  const files = { 'i.json': JSON.stringify(t), 'u.json': fs.readFileSync(fx('inspect', 'unset_var.json'), 'utf8') };
  const noTime = (r: Run) => ({ ...r, stdout: r.stdout.replace(/^\d+,/gm, 'T,') });

  test.each<[string[]]>([[['i.json']], [['-machine-readable', 'i.json']], [['u.json']], [['-machine-readable', 'u.json']], [[]], [['-machine-readable']]])(
    'inspect %j',
    async (args) => {
      const r = await both(files, ['inspect', ...args]);
      expect(noTime(r.ours)).toEqual(noTime(r.theirs));
      expect(r.ours.status).toBe(0);
    },
  );

  test('a variable with the same default as a sensitive one is masked too (Go: depends on map order)', async () => {
    const r = await both({ 'i.json': JSON.stringify({ ...t, variables: { s: 'sec', same: 'sec' } }) }, ['inspect', 'i.json']);
    expect(r.ours.stdout).toContain('  s    = <sensitive>\n  same = <sensitive>\n');
    expect(r.theirs.stdout).toContain('  s    = <sensitive>\n');
  });
});

/**
 * The console's output for each line (stdin a socket: every result is printed). In JSON mode a line is a
 * template, so a plain-text sentinel line after each one separates the results.
 */
function consoleResults(runner: typeof tspacker, cwd: string, args: readonly string[], expressions: readonly string[]) {
  const sentinel = '@@sentinel@@';
  const r = runner(cwd, ['console', ...args], { input: expressions.map((e) => `${e}\n${sentinel}\n`).join('') });
  const results = r.stdout.split(`${sentinel}\n`);
  expect(results.pop()).toBe('');
  return { results, status: r.status };
}

describe('console', () => {
  const files = { 'c.json': '{"variables":{"a":"A","b":"{{user `a`}}-b","s":"sec"},"sensitive-variables":["s"],"builders":[{"type":"null","communicator":"none"}]}' };
  const lines = [
    '{{user `b`}}',
    'variables',
    '{{user `s`}}',
    'help',
    '{{ template_dir }}',
    'plain text',
    '{{ nope }}',
    '{{ split `a,b` `,` 5 }}',
    '{{ env `HOME` }}',
    '{{ build_name }}',
    '{{user `undefined`}}|',
    '{{timestamp | len}} {{uuid | len}} {{isotime `2006` | len}}',
    '{{ pwd }}',
    '',
    '{{ upper `x` }}',
  ];

  test.each<[string[]]>([[['c.json']], [['-var', 'a=fromvar', 'c.json']], [[]]])('console %j', (args) => {
    const dir = tempDir(files);
    const ours = consoleResults(tspacker, dir, args, lines);
    const theirs = consoleResults(packer, dir, args, lines);
    const sorted = (r: string) => r.split('\n').filter((l) => l !== ': ,').sort();
    expect(ours.status).toBe(0);
    expect(theirs.status).toBe(0);
    expect(ours.results.map(sorted)).toEqual(theirs.results.map(sorted));
    if (args.length > 0) {
      expect(ours.results[1]).toBe(`\na: ${args[0] === '-var' ? 'fromvar' : 'A'},\nb: ${args[0] === '-var' ? 'fromvar' : 'A'}-b,\ns: <sensitive>,\n\n`);
      expect(ours.results[6]).toBe('???????: Interpolation error\n\ntemplate: root:1: function "nope" not defined\n\n\n\n');
    }
  });

  test('packer_version (1.16 only), exit, and the piped mode', async () => {
    const dir = tempDir(files);
    const ours = consoleResults(tspacker, dir, ['c.json'], ['{{packer_version}}']);
    expect(ours.results).toEqual(['1.16.0\n']);
    const piped = await both(files, ['console', 'c.json'], { input: '{{ nope }}\n{{user `a`}}\nexit\n{{user `b`}}\n' });
    expect(piped.ours.status).toBe(0);
    expect(piped.ours).toEqual(piped.theirs);
  });
});
