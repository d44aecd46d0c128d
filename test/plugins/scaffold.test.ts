// `tspacker plugins new KIND NAME [DIR]`, the plugin author's scaffold, for every kind: the package it writes
// passes its own tests out of the box (`npm test`, with @tspacker/sdk linked to the workspace package as in
// test/plugin-pack.test.ts), packs the files it should, is found by core's loadComponents once installed from its
// tarball into a project, and its example template builds with the bundled CLI (the provisioner's against a real
// local sshd). The command is run both through the bundled CLI and by calling runPluginsNew directly.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runPluginsNew, pluginsNewHelp } from '../../packages/cli/src/commands/plugins-new.js';
import { pluginFiles, pluginNames, type PluginKind, type PluginNames } from '../../packages/cli/src/plugin-templates/index.js';
import type { Ui } from '../../packages/cli/src/ui.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { tempDir } from '../support/temp-dir.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tspackerBin = path.join(repoRoot, 'packages/cli/dist/tspacker.mjs');

function recordingCliUi(): { ui: Ui; lines: string[] } {
  const lines: string[] = [];
  const ui: Ui = {
    say: (m) => void lines.push(m),
    message: (m) => void lines.push(m),
    error: (m) => void lines.push(`error: ${m}`),
    machine() {},
    raw: (t) => void lines.push(t),
  };
  return { ui, lines };
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env }, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** node_modules/@tspacker/{sdk,hcl} in `dir`, linked to the workspace packages (as tspacker provides them). */
function linkSdk(dir: string): void {
  fs.mkdirSync(path.join(dir, 'node_modules', '@tspacker'), { recursive: true });
  for (const pkg of ['sdk', 'hcl']) {
    fs.symlinkSync(path.join(repoRoot, 'packages', pkg), path.join(dir, 'node_modules', '@tspacker', pkg), 'dir');
  }
}

/** `npm pack` of `dir` into `dest`: the tarball and the files it holds. */
function npmPack(dir: string, dest: string): { tarball: string; files: string[] } {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: dir, encoding: 'utf8' });
  const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(dest, packed!.filename), files: packed!.files.map((f) => f.path).sort() };
}

interface KindCase {
  readonly kind: PluginKind;
  readonly file: string;
  /** The registry map and the method core calls. */
  readonly registry: 'provisioners' | 'builders' | 'postProcessors' | 'dataSources';
  readonly method: string;
  readonly tests: number;
}

const kinds: readonly KindCase[] = [
  { kind: 'provisioner', file: 'provisioner.js', registry: 'provisioners', method: 'provision', tests: 7 },
  { kind: 'builder', file: 'builder.js', registry: 'builders', method: 'run', tests: 7 },
  { kind: 'post-processor', file: 'post-processor.js', registry: 'postProcessors', method: 'postProcess', tests: 5 },
  { kind: 'data-source', file: 'data-source.js', registry: 'dataSources', method: 'execute', tests: 5 },
];

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(() => sshd.stop());

/** Builds the example template of the installed package in `project` with the bundled CLI; checks what it made. */
function buildExample(c: KindCase, names: PluginNames, project: string): void {
  fs.cpSync(path.join(project, 'node_modules', names.packageName, 'example'), path.join(project, 'example'), { recursive: true });
  const vars =
    c.kind === 'provisioner'
      ? ['-var', `host=${sshd.host}`, '-var', `port=${sshd.port}`, '-var', `user=${sshd.user}`, '-var', `key_file=${sshd.privateKeyFile}`]
      : [];
  const built = run(process.execPath, [tspackerBin, 'build', '-color=false', ...vars, 'example/'], project, { TSPACKER_PLUGIN_PATH: tempDir() });
  expect(built.stderr).toBe('');
  switch (c.kind) {
    case 'provisioner':
      expect(built.stdout).toContain(`==> null.example: Running: echo "$GREETING from example"\n==> null.example: Hello from example\n`);
      expect(built.stdout).toMatch(/==> null\.example: Running: uname -a\n==> null\.example: Linux /);
      break;
    case 'builder':
      expect(built.stdout).toContain(`--> ${names.name}.example: Image exported to output-example/image.txt\n`);
      expect(fs.readFileSync(path.join(project, 'output-example', 'image.txt'), 'utf8')).toBe('Built by tspacker for example.\nprovisioned\n');
      break;
    case 'post-processor': {
      const sha256 = createHash('sha256').update('Hello from tspacker').digest('hex');
      expect(fs.readFileSync(path.join(project, 'output', 'example.sha256'), 'utf8')).toBe(`${sha256}  example.txt\n`);
      expect(built.stdout).toContain('--> file.example: Checksums of example.txt in output/example.sha256\n');
      break;
    }
    case 'data-source': {
      const sha256 = createHash('sha256').update('1.0.0\n').digest('hex');
      expect(built.stdout).toContain(`==> null.example: version 1.0.0, sha256 ${sha256}\n`);
      break;
    }
  }
  expect(built.status).toBe(0);
}

describe('tspacker plugins new', () => {
  test.each(kinds)('$kind: a package that passes its own tests, packs, loads in tspacker and builds its example', async (c) => {
    const names = pluginNames(`my-${c.kind}`) as PluginNames;
    const work = tempDir();
    const pkg = path.join(work, names.packageName);
    const { ui, lines } = recordingCliUi();
    expect(await runPluginsNew([c.kind, names.name, pkg], ui, pluginsNewHelp)).toBe(0);
    expect(lines[0]).toBe(`Created ${names.packageName}, a tspacker ${c.kind} plugin, in ${pkg}:`);

    const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: names.packageName,
      type: 'module',
      scripts: { test: 'node --test test/' },
      peerDependencies: { '@tspacker/sdk': '>=0.1.0 <2' },
      devDependencies: { '@tspacker/sdk': '>=0.1.0 <2' },
    });

    // Its own tests, out of the box.
    linkSdk(pkg);
    const tested = run('npm', ['test'], pkg);
    expect(tested.stdout).toContain(`# pass ${c.tests}\n`);
    expect(tested.stdout).toContain('# fail 0\n');
    expect(tested.status).toBe(0);

    // What npm publishes.
    const { tarball, files } = npmPack(pkg, work);
    expect(files).toEqual(
      ['README.md', 'example/build.pkr.hcl', ...(c.kind === 'data-source' ? ['example/version.txt'] : []), 'index.d.ts', 'index.js', c.file, 'package.json'].sort(),
    );

    // Installed from the tarball into a project (offline, the SDK linked as tspacker provides it): core's
    // loadComponents finds the component, in plain Node as the CLI loads it.
    const project = tempDir({ 'package.json': JSON.stringify({ name: 'my-images', private: true }) });
    execFileSync(
      'npm',
      ['install', tarball, '--no-save', '--offline', '--legacy-peer-deps', '--no-audit', '--no-fund', '--cache', path.join(work, 'npm-cache')],
      { cwd: project, encoding: 'utf8' },
    );
    linkSdk(project);
    const distUrl = (p: string): string => JSON.stringify(pathToFileURL(path.join(repoRoot, 'packages', p, 'dist', 'index.js')).href);
    const script =
      `import { loadComponents } from ${distUrl('core')}; import { builtinComponents } from ${distUrl('plugin-builtin')};\n` +
      `const r = await loadComponents({ builtins: builtinComponents(), requiredPlugins: [], pluginPath: '', projectDir: process.argv[1] });\n` +
      `console.log(JSON.stringify({ diags: r.diags, method: typeof r.registry.${c.registry}.get(${JSON.stringify(names.name)})?.${c.method} }));`;
    const loaded = execFileSync(process.execPath, ['--input-type=module', '-e', script, project], { encoding: 'utf8' });
    expect(JSON.parse(loaded)).toEqual({ diags: [], method: 'function' });

    // And its example template builds.
    buildExample(c, names, project);
  });

  test("every kind's JSDoc types and index.d.ts hold against the SDK's declarations (strict tsc)", async () => {
    const work = tempDir();
    const inputs: string[] = [];
    for (const c of kinds) {
      const pkg = path.join(work, c.kind);
      expect(await runPluginsNew([c.kind, `typed-${c.kind}`, pkg], recordingCliUi().ui, pluginsNewHelp)).toBe(0);
      linkSdk(pkg);
      inputs.push(...['index.js', 'index.d.ts', c.file, 'scripts/docs.js'].map((f) => path.join(pkg, f)));
    }
    const typecheck = run(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules/typescript/bin/tsc'),
        ...['--noEmit', '--allowJs', '--checkJs', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'],
        ...['--typeRoots', path.join(repoRoot, 'node_modules/@types'), '--types', 'node'],
        ...inputs,
      ],
      work,
    );
    expect(typecheck.stdout).toBe('');
    expect(typecheck.status).toBe(0);
  });

  test('the README documents the configuration from the configSpec, and says how to require the plugin', () => {
    const files = new Map(pluginFiles('provisioner', pluginNames('greet') as PluginNames));
    const readme = files.get('README.md')!;
    expect(readme).toContain(
      '### Required\n\n- `commands` ([]string) - The commands to run on the machine, in order. Each must exit with status 0.\n\n' +
        '### Optional\n\n- `environment` (map[string]string) - Environment variables to set for the commands.\n' +
        '- `working_directory` (string) - The directory on the machine the commands run in. Defaults to `/tmp`.\n',
    );
    expect(readme).toContain('    greet = {\n      source  = "npm:tspacker-plugin-greet"\n      version = ">= 0.1.0"\n    }\n');
    expect(files.get('index.js')).toContain("sdkVersion: '1',\n  provisioners: { [DEFAULT_NAME]: greetProvisioner },");
  });

  test('the bundled CLI writes the same package into ./tspacker-plugin-NAME', () => {
    const cwd = tempDir();
    const r = run(process.execPath, [tspackerBin, 'plugins', 'new', 'builder', 'tspacker-plugin-disk-image'], cwd);
    expect(r.stdout).toContain('Created tspacker-plugin-disk-image, a tspacker builder plugin, in tspacker-plugin-disk-image:\n');
    expect(r.stdout).toContain('Templates use it as source "disk-image" "example".\n');
    expect(r.status).toBe(0);
    const dir = path.join(cwd, 'tspacker-plugin-disk-image');
    for (const [file, text] of pluginFiles('builder', pluginNames('disk-image') as PluginNames)) {
      expect([file, fs.readFileSync(path.join(dir, file), 'utf8')]).toEqual([file, text]);
    }
    expect(fs.readFileSync(path.join(dir, 'builder.js'), 'utf8')).toContain('export const diskImageBuilder = {');
  });

  test('refusals: a non-empty directory, a bad name, an unknown kind, missing arguments, an unknown flag', async () => {
    const busy = tempDir({ 'keep.txt': 'mine' });
    const cases: [string[], number, string[]][] = [
      [['provisioner', 'x', busy], 1, [`error: Directory ${busy} is not empty: the plugin is only written into a new or empty directory.`]],
      [['provisioner', 'x', path.join(busy, 'keep.txt')], 1, [`error: ${path.join(busy, 'keep.txt')} exists and is not a directory.`]],
      [['provisioner', 'My_Tool'], 1, ['error: Invalid plugin name "My_Tool": use lower-case letters, digits and single hyphens, starting with a letter (e.g. "my-tool").']],
      [['communicator', 'x'], 1, ['error: Unknown plugin kind "communicator": use provisioner, builder, post-processor, data-source.']],
      [['provisioner'], 1, [pluginsNewHelp]],
      [['-x', 'provisioner', 'y'], 1, ['error: flag provided but not defined: -x', pluginsNewHelp]],
    ];
    for (const [args, status, expected] of cases) {
      const { ui, lines } = recordingCliUi();
      expect([args, await runPluginsNew(args, ui, pluginsNewHelp), lines]).toEqual([args, status, expected]);
    }
    expect(fs.readdirSync(busy)).toEqual(['keep.txt']);
    // An empty directory is fine.
    const empty = tempDir();
    expect(await runPluginsNew(['data-source', 'x', empty], recordingCliUi().ui, pluginsNewHelp)).toBe(0);
    expect(fs.existsSync(path.join(empty, 'data-source.js'))).toBe(true);
  });
});
