// The plugin host: real plugin packages (package.json + index.js) written to temporary directories, found in a
// project's node_modules and in the plugin directory, named by Packer's plugin naming rules, loaded only when the
// template uses them, and refused with a diagnostic naming the package when they cannot be used.
import fs from 'node:fs';
import path from 'node:path';
import { parseConfig, type Diagnostic } from '@tspacker/hcl';
import { DEFAULT_NAME, type ComponentRegistry } from '@tspacker/sdk';
import { builtinComponents } from '@tspacker/plugin-builtin';
import {
  componentTypeName,
  defaultPluginPath,
  loadComponents,
  loadTemplate,
  packageCandidates,
  parsePluginSource,
  pluginNameOfPackage,
  usedComponentTypes,
  type RequiredPlugin,
  type UsedComponents,
} from '@tspacker/core';
import { testLoadOptions } from '../../../test/support/data-components.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { errorSummaries } from './helpers.js';

/** A plugin module whose components write `marker` (if given) when imported and say their type when prepared. */
function pluginSource(components: Record<string, readonly string[]>, options: { sdkVersion?: string; marker?: string } = {}): string {
  const lines = [`import fs from 'node:fs';`];
  if (options.marker) lines.push(`fs.appendFileSync(${JSON.stringify(options.marker)}, 'imported\\n');`);
  const component = (kind: string, name: string): string =>
    kind === 'dataSources'
      ? `{ configSpec: {}, outputSpec: {}, prepare: () => ({}), execute: async () => ({ from: ${JSON.stringify(name)} }) }`
      : `{ configSpec: {}, prepare: () => ({ warnings: [${JSON.stringify(`${kind}:${name}`)}] }) }`;
  const kinds = Object.entries(components).map(
    ([kind, names]) => `  ${kind}: {\n${names.map((n) => `    ${JSON.stringify(n)}: ${component(kind, n)},`).join('\n')}\n  },`,
  );
  lines.push(`export const tspackerPlugin = {\n  sdkVersion: ${JSON.stringify(options.sdkVersion ?? '1')},\n${kinds.join('\n')}\n};`);
  return lines.join('\n') + '\n';
}

/** Writes a package directory `root/name` with an ESM entry point. */
function writePackage(root: string, name: string, indexJs: string, pkg: Record<string, unknown> = {}): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.0', type: 'module', main: 'index.js', ...pkg }));
  fs.writeFileSync(path.join(dir, 'index.js'), indexJs);
  return dir;
}

const noPlugins: readonly RequiredPlugin[] = [];
const emptyDir = (): string => tempDir();

/** What a registered component says it is (`provisioners:say`), through its prepare warnings. */
function origin(registry: ComponentRegistry, kind: 'builders' | 'provisioners' | 'postProcessors', type: string): string | undefined {
  const component = registry[kind].get(type);
  return component?.prepare({} as never, {} as never).warnings?.[0];
}

const used = (u: Partial<Record<keyof UsedComponents, string[]>>): UsedComponents => ({
  builders: new Set(u.builders ?? []),
  provisioners: new Set(u.provisioners ?? []),
  postProcessors: new Set(u.postProcessors ?? []),
  dataSources: new Set(u.dataSources ?? []),
});

const details = (diags: readonly Diagnostic[]): string[] => diags.map((d) => d.detail ?? '');

const required = (name: string, source: string, versionConstraint = '>= 1.0.0'): RequiredPlugin => ({
  name,
  source,
  versionConstraint,
  range: { filename: 't.pkr.hcl', start: { line: 3, column: 5, byte: 20 }, end: { line: 3, column: 30, byte: 45 } },
});

describe('plugin naming (Packer plugin.DEFAULT_NAME, packer-plugin-NAME)', () => {
  test('package names give plugin names', () => {
    expect(pluginNameOfPackage('tspacker-plugin-amazon')).toBe('amazon');
    expect(pluginNameOfPackage('@acme/tspacker-plugin-happy-cloud')).toBe('happy-cloud');
    expect(pluginNameOfPackage('@tspacker/plugin-docker')).toBe('docker');
    expect(pluginNameOfPackage('@tspacker/plugin-builtin')).toBeUndefined();
    expect(pluginNameOfPackage('@tspacker/sdk')).toBeUndefined();
    expect(pluginNameOfPackage('tspacker-plugin-')).toBeUndefined();
    expect(pluginNameOfPackage('packer-plugin-amazon')).toBeUndefined();
    expect(pluginNameOfPackage('@acme/other')).toBeUndefined();
  });

  test('component type names: PLUGIN-NAME, or PLUGIN for the default name', () => {
    expect(componentTypeName('amazon', 'ebs')).toBe('amazon-ebs');
    expect(componentTypeName('amazon', DEFAULT_NAME)).toBe('amazon');
    expect(DEFAULT_NAME).toBe('-packer-default-plugin-name-');
  });

  test('required_plugins sources map to npm packages', () => {
    expect(packageCandidates(parsePluginSource('github.com/hashicorp/docker'))).toEqual(['@tspacker/plugin-docker', 'tspacker-plugin-docker']);
    expect(packageCandidates(parsePluginSource('github.com/Acme/greet'))).toEqual(['@acme/tspacker-plugin-greet', 'tspacker-plugin-greet']);
    expect(packageCandidates(parsePluginSource('example.com/a/b/acme/greet'))).toEqual(['@acme/tspacker-plugin-greet', 'tspacker-plugin-greet']);
  });

  test('the plugin directory: TSPACKER_PLUGIN_PATH, else XDG_CONFIG_HOME, else ~/.config', () => {
    expect(defaultPluginPath({ TSPACKER_PLUGIN_PATH: '/opt/plugins', XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/opt/plugins');
    expect(defaultPluginPath({ XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe(path.join('/x', 'tspacker', 'plugins'));
    expect(defaultPluginPath({ TSPACKER_PLUGIN_PATH: '' }, '/home/u')).toBe(path.join('/home/u', '.config', 'tspacker', 'plugins'));
  });
});

describe('finding plugin packages', () => {
  test("the project's node_modules: PLUGIN-NAME and the default name, built-ins kept", async () => {
    const project = tempDir();
    writePackage(path.join(project, 'node_modules'), 'tspacker-plugin-hello', pluginSource({
      provisioners: ['say', DEFAULT_NAME],
      builders: ['box'],
      postProcessors: ['stamp'],
      dataSources: ['greeting'],
    }));
    const { registry, diags } = await loadComponents({ builtins: builtinComponents(), requiredPlugins: noPlugins, pluginPath: emptyDir(), projectDir: project });
    expect(diags).toEqual([]);
    expect(origin(registry, 'provisioners', 'hello-say')).toBe('provisioners:say');
    expect(origin(registry, 'provisioners', 'hello')).toBe(`provisioners:${DEFAULT_NAME}`);
    expect(origin(registry, 'builders', 'hello-box')).toBe('builders:box');
    expect(origin(registry, 'postProcessors', 'hello-stamp')).toBe('postProcessors:stamp');
    expect(await registry.dataSources.get('hello-greeting')!.execute({} as never)).toEqual({ from: 'greeting' });
    expect(registry.provisioners.has('shell-local')).toBe(true);
    expect(registry.builders.has('null')).toBe(true);
  });

  test('a parent directory\'s node_modules, as Node resolves packages', async () => {
    const repo = tempDir();
    writePackage(path.join(repo, 'node_modules'), '@acme/tspacker-plugin-greet', pluginSource({ provisioners: ['hi'] }));
    const project = path.join(repo, 'templates', 'web');
    fs.mkdirSync(project, { recursive: true });
    const { registry, diags } = await loadComponents({ builtins: builtinComponents(), requiredPlugins: noPlugins, pluginPath: '', projectDir: project });
    expect(diags).toEqual([]);
    expect(origin(registry, 'provisioners', 'greet-hi')).toBe('provisioners:hi');
  });

  test('the plugin directory: npm install --prefix (node_modules) and copied package directories', async () => {
    const pluginPath = tempDir();
    writePackage(path.join(pluginPath, 'node_modules'), '@tspacker/plugin-docker', pluginSource({ builders: [DEFAULT_NAME] }));
    writePackage(pluginPath, 'tspacker-plugin-hello', pluginSource({ provisioners: ['say'] }));
    // Not plugins: another package, and core's own built-in package.
    writePackage(pluginPath, 'left-pad', 'throw new Error("must not be imported");\n');
    writePackage(path.join(pluginPath, 'node_modules'), '@tspacker/plugin-builtin', 'throw new Error("must not be imported");\n');
    const { registry, diags } = await loadComponents({ builtins: builtinComponents(), requiredPlugins: noPlugins, pluginPath, projectDir: emptyDir() });
    expect(diags).toEqual([]);
    expect(origin(registry, 'builders', 'docker')).toBe(`builders:${DEFAULT_NAME}`);
    expect(origin(registry, 'provisioners', 'hello-say')).toBe('provisioners:say');
  });

  test("the project's package wins over the plugin directory's; built-ins win over both (first registration wins)", async () => {
    const project = tempDir();
    const pluginPath = tempDir();
    writePackage(path.join(project, 'node_modules'), 'tspacker-plugin-hello', pluginSource({ provisioners: ['say'] }));
    writePackage(pluginPath, 'tspacker-plugin-hello', pluginSource({ provisioners: ['say', 'wave'] }));
    writePackage(pluginPath, 'tspacker-plugin-shell', pluginSource({ provisioners: ['local', 'remote'] }));
    const { registry, diags } = await loadComponents({ builtins: builtinComponents(), requiredPlugins: noPlugins, pluginPath, projectDir: project });
    expect(diags).toEqual([]);
    expect(registry.provisioners.has('hello-say')).toBe(true);
    expect(registry.provisioners.has('hello-wave')).toBe(false);
    expect(registry.provisioners.get('shell-local')).toBe(builtinComponents().provisioners.get('shell-local'));
    expect(origin(registry, 'provisioners', 'shell-remote')).toBe('provisioners:remote');
  });

  test('package.json exports: the "." entry with the import condition', async () => {
    const project = tempDir();
    const dir = writePackage(path.join(project, 'node_modules'), 'tspacker-plugin-cond', 'throw new Error("not the entry point");\n', {
      main: 'index.js',
      exports: { '.': { types: './lib/main.d.ts', import: './lib/main.js' }, './package.json': './package.json' },
    });
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'lib', 'main.js'), pluginSource({ postProcessors: ['upload'] }));
    const { registry, diags } = await loadComponents({ builtins: builtinComponents(), requiredPlugins: noPlugins, pluginPath: '', projectDir: project });
    expect(diags).toEqual([]);
    expect(origin(registry, 'postProcessors', 'cond-upload')).toBe('postProcessors:upload');
  });
});

describe('required_plugins', () => {
  test('a source names the package; the local name prefixes its components', async () => {
    const project = tempDir();
    writePackage(path.join(project, 'node_modules'), '@acme/tspacker-plugin-greet', pluginSource({ provisioners: ['hi', DEFAULT_NAME] }));
    const { registry, diags } = await loadComponents({
      builtins: builtinComponents(),
      requiredPlugins: [required('salute', 'github.com/acme/greet', '~> 1.2')],
      pluginPath: '',
      projectDir: project,
    });
    expect(diags).toEqual([]);
    expect(origin(registry, 'provisioners', 'salute-hi')).toBe('provisioners:hi');
    expect(origin(registry, 'provisioners', 'salute')).toBe(`provisioners:${DEFAULT_NAME}`);
    // The same package is not registered a second time under its own name by discovery.
    expect(registry.provisioners.has('greet-hi')).toBe(false);
  });

  test('github.com/hashicorp/X with built-in X components needs no package (also under another local name)', async () => {
    const builtins = builtinComponents();
    const { registry, diags } = await loadComponents({
      builtins,
      requiredPlugins: [required('shell', 'github.com/hashicorp/shell'), required('sh', 'github.com/hashicorp/shell')],
      pluginPath: '',
      projectDir: emptyDir(),
    });
    expect(diags).toEqual([]);
    expect(registry.provisioners.get('shell-local')).toBe(builtins.provisioners.get('shell-local'));
    expect(registry.provisioners.get('sh-local')).toBe(builtins.provisioners.get('shell-local'));
    expect(registry.postProcessors.get('sh-local')).toBe(builtins.postProcessors.get('shell-local'));
  });

  test('github.com/hashicorp/X without built-ins is @tspacker/plugin-X', async () => {
    const pluginPath = tempDir();
    writePackage(path.join(pluginPath, 'node_modules'), '@tspacker/plugin-docker', pluginSource({ builders: [DEFAULT_NAME], postProcessors: ['push'] }));
    const { registry, diags } = await loadComponents({
      builtins: builtinComponents(),
      requiredPlugins: [required('docker', 'github.com/hashicorp/docker')],
      pluginPath,
      projectDir: emptyDir(),
    });
    expect(diags).toEqual([]);
    expect(origin(registry, 'builders', 'docker')).toBe(`builders:${DEFAULT_NAME}`);
    expect(origin(registry, 'postProcessors', 'docker-push')).toBe('postProcessors:push');
  });

  test('a plugin not installed, or installed in a version the constraint refuses, is a missing plugin', async () => {
    const project = tempDir();
    writePackage(path.join(project, 'node_modules'), 'tspacker-plugin-greet', pluginSource({ provisioners: ['hi'] }));
    const r = await loadComponents({
      builtins: builtinComponents(),
      requiredPlugins: [required('amazon', 'github.com/hashicorp/amazon', '>= 1.0.0'), required('greet', 'github.com/acme/greet', '>= 2.0.0')],
      pluginPath: '',
      projectDir: project,
    });
    expect(errorSummaries(r.diags)).toEqual(['Missing plugins']);
    const greetDir = path.join(project, 'node_modules', 'tspacker-plugin-greet');
    expect(r.diags[0]!.detail).toBe(
      'The following plugins are required, but not installed:\n\n' +
        '* github.com/hashicorp/amazon >= 1.0.0 (npm package @tspacker/plugin-amazon or tspacker-plugin-amazon)\n' +
        `* github.com/acme/greet >= 2.0.0 (tspacker-plugin-greet 1.2.0 in ${greetDir} does not match)\n\n` +
        'Install them with `tspacker init TEMPLATE`, with `npm install` in the project, or under the plugin directory (TSPACKER_PLUGIN_PATH).',
    );
    // Discovery still registers it under its package name.
    expect(r.registry.provisioners.has('greet-hi')).toBe(true);
  });

  test('from a template: required_plugins and the types used, through loadTemplate', async () => {
    const project = tempDir({
      't.pkr.hcl': `
packer {
  required_plugins {
    hi = {
      source  = "github.com/acme/greet"
      version = ">= 1.0.0"
    }
  }
}
source "null" "a" { communicator = "none" }
build {
  sources = ["source.null.a"]
  provisioner "hi-say" {}
}
`,
    });
    const marker = path.join(project, 'imports.log');
    writePackage(path.join(project, 'node_modules'), 'tspacker-plugin-greet', pluginSource({ provisioners: ['say'] }, { marker }));
    writePackage(path.join(project, 'node_modules'), 'tspacker-plugin-other', pluginSource({ provisioners: ['say'] }, { marker: marker + '.other' }));
    const loaded = await loadTemplate(testLoadOptions('t.pkr.hcl', { cwd: project }));
    expect(errorSummaries(loaded.diags)).toEqual([]);
    const config = loaded.value!;
    const { registry, diags } = await loadComponents({
      builtins: builtinComponents(),
      requiredPlugins: config.requiredPlugins,
      pluginPath: '',
      projectDir: path.resolve(config.cwd, config.basedir),
      used: usedComponentTypes(config),
    });
    expect(diags).toEqual([]);
    expect(origin(registry, 'provisioners', 'hi-say')).toBe('provisioners:say');
    expect(fs.readFileSync(marker, 'utf8')).toBe('imported\n');
    expect(fs.existsSync(marker + '.other')).toBe(false);
  });
});

describe('lazy loading', () => {
  test('usedComponentTypes reads every kind of block, native and nested', () => {
    const { body } = parseConfig(
      `
source "amazon-ebs" "a" {}
source "null" "b" {}
data "http" "x" {}
data "acme-secret" "y" {}
build {
  provisioner "shell" {}
  provisioner "hello-say" {}
  error-cleanup-provisioner "shell-local" {}
  post-processor "manifest" {}
  post-processors {
    post-processor "acme-upload" {}
    post-processor "checksum" {}
  }
}
build {
  provisioner "hello" {}
}
`,
      't.pkr.hcl',
    );
    const u = usedComponentTypes({ bodies: [body] });
    expect([...u.builders]).toEqual(['amazon-ebs', 'null']);
    expect([...u.dataSources]).toEqual(['http', 'acme-secret']);
    expect([...u.provisioners]).toEqual(['shell', 'hello-say', 'shell-local', 'hello']);
    expect([...u.postProcessors]).toEqual(['manifest', 'acme-upload', 'checksum']);
  });

  test('only the packages that can provide a used, not built-in type are imported', async () => {
    const project = tempDir();
    const nm = path.join(project, 'node_modules');
    const log = (name: string): string => path.join(project, `${name}.log`);
    writePackage(nm, 'tspacker-plugin-hello', pluginSource({ provisioners: ['say'] }, { marker: log('hello') }));
    writePackage(nm, 'tspacker-plugin-amazon', pluginSource({ builders: ['ebs'] }, { marker: log('amazon') }));
    writePackage(nm, 'tspacker-plugin-amazon-ebs', pluginSource({ builders: ['x'] }, { marker: log('amazon-ebs') }));
    writePackage(nm, 'tspacker-plugin-shell', pluginSource({ provisioners: ['local'] }, { marker: log('shell') }));
    writePackage(nm, 'tspacker-plugin-broken', 'throw new Error("broken at import");\n');
    const { registry, diags } = await loadComponents({
      builtins: builtinComponents(),
      requiredPlugins: noPlugins,
      pluginPath: '',
      projectDir: project,
      used: used({ builders: ['amazon-ebs', 'null'], provisioners: ['shell-local'] }),
    });
    expect(diags).toEqual([]);
    expect(registry.builders.has('amazon-ebs')).toBe(true);
    // amazon provides amazon-ebs; amazon-ebs (a plugin whose name is a prefix) comes later and is not needed.
    expect(['hello', 'amazon', 'amazon-ebs', 'shell'].filter((n) => fs.existsSync(log(n)))).toEqual(['amazon']);
  });

  test('a used type no plugin can provide imports nothing and is left to the template checks', async () => {
    const project = tempDir();
    writePackage(path.join(project, 'node_modules'), 'tspacker-plugin-broken', 'throw new Error("broken at import");\n');
    const { registry, diags } = await loadComponents({
      builtins: builtinComponents(),
      requiredPlugins: noPlugins,
      pluginPath: '',
      projectDir: project,
      used: used({ builders: ['amazon-ebs'] }),
    });
    expect(diags).toEqual([]);
    expect(registry.builders.has('amazon-ebs')).toBe(false);
  });
});

describe('plugins that cannot be used', () => {
  async function loadOne(indexJs: string, pkg: Record<string, unknown> = {}): Promise<{ dir: string; diags: Diagnostic[]; registry: ComponentRegistry }> {
    const project = tempDir();
    const dir = writePackage(path.join(project, 'node_modules'), 'tspacker-plugin-bad', indexJs, pkg);
    writePackage(path.join(project, 'node_modules'), 'tspacker-plugin-good', pluginSource({ provisioners: ['ok'] }));
    const r = await loadComponents({ builtins: builtinComponents(), requiredPlugins: noPlugins, pluginPath: '', projectDir: project });
    // One bad package does not hide the others.
    expect(r.registry.provisioners.has('good-ok')).toBe(true);
    return { dir, ...r };
  }

  // [what, index.js, reason, package.json fields]: always four, or jest takes a missing last one for `done`.
  const cases: readonly [string, string, string, Record<string, unknown>][] = [
    ['throws when imported', 'throw new Error("cannot start: missing credentials");\n', 'could not be imported: cannot start: missing credentials', {}],
    ['is not valid JavaScript', 'export const = 1;\n', 'could not be imported: ', {}],
    ['has no entry point', '', 'could not be imported: its entry point ', { main: 'dist/index.js' }],
    ['exports no manifest', 'export const plugin = {};\n', 'cannot be used: it exports no `tspackerPlugin` manifest.', {}],
    ['exports a non-object manifest', 'export const tspackerPlugin = "hello";\n', 'cannot be used: its `tspackerPlugin` export is not an object.', {}],
    ['has no sdkVersion', 'export const tspackerPlugin = { provisioners: {} };\n', 'cannot be used: its manifest has no `sdkVersion` (the major version of @tspacker/sdk it was built for).', {}],
    [
      'was built for another SDK major',
      pluginSource({ provisioners: ['x'] }, { sdkVersion: '2' }),
      'cannot be used: it was built for @tspacker/sdk major version 2, but this tspacker provides major version 1; install a release of the plugin built for @tspacker/sdk 1.x.',
      {},
    ],
    ['declares no components', 'export const tspackerPlugin = { sdkVersion: "1" };\n', 'cannot be used: its manifest declares no components.', {}],
    [
      'has a component without prepare',
      'export const tspackerPlugin = { sdkVersion: "1", provisioners: { x: { configSpec: {} } } };\n',
      'cannot be used: its provisioner "x" has no `prepare` function.',
      {},
    ],
    [
      'has a data source without outputSpec',
      'export const tspackerPlugin = { sdkVersion: "1", dataSources: { x: { configSpec: {}, prepare() {}, execute() {} } } };\n',
      'cannot be used: its data source "x" has no `outputSpec`.',
      {},
    ],
    ['has a components list that is not an object', 'export const tspackerPlugin = { sdkVersion: "1", builders: [] };\n', "cannot be used: its manifest's `builders` is not an object.", {}],
  ];
  test.each(cases)('a package that %s is an error naming the package and the reason', async (_what, indexJs, reason, pkg) => {
    const { dir, diags, registry } = await loadOne(indexJs, pkg);
    expect(diags).toHaveLength(1);
    expect(diags[0]!.severity).toBe('error');
    expect(diags[0]!.detail).toContain(`Plugin package "tspacker-plugin-bad" (${dir}) ${reason}`);
    expect(diags[0]!.detail).not.toMatch(/\n\s+at /); // no stack trace
    expect([...registry.provisioners.keys()].filter((k) => k.startsWith('bad'))).toEqual([]);
  });

  test('summaries: Failed to load plugin (import), Invalid plugin (manifest); the required_plugins entry is the subject', async () => {
    const project = tempDir();
    writePackage(path.join(project, 'node_modules'), 'tspacker-plugin-one', 'throw new Error("x");\n');
    writePackage(path.join(project, 'node_modules'), 'tspacker-plugin-two', pluginSource({ builders: ['b'] }, { sdkVersion: '0' }));
    const r = await loadComponents({
      builtins: builtinComponents(),
      requiredPlugins: [required('two', 'github.com/acme/two', '>= 0.0.1')],
      pluginPath: '',
      projectDir: project,
    });
    expect(errorSummaries(r.diags)).toEqual(['Invalid plugin', 'Failed to load plugin']);
    expect(r.diags[0]!.subject?.start.line).toBe(3);
    expect(r.diags[1]!.subject).toBeUndefined();
    expect(details(r.diags)[1]).toContain('"tspacker-plugin-one"');
  });
});
