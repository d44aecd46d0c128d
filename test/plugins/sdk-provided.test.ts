// tspacker provides @tspacker/sdk to the plugins it loads: a plugin installed in the plugin directory
// (TSPACKER_PLUGIN_PATH/node_modules, where `tspacker init` installs without peer dependencies) has no SDK of its
// own, yet its `import ... from '@tspacker/sdk'` works under the bundled CLI, and gets the host's one copy (the
// bundle's chunks/sdk/ modules), even where another copy could be found. Plugins that cannot be loaded (a throw at
// load, a missing dependency, another SDK major) stop the command with a message naming the package, its directory
// and the reason, without a stack trace.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadComponents, type UsedComponents } from '@tspacker/core';
import { builtinComponents } from '@tspacker/plugin-builtin';
import { tempDir, tspacker, tspackerBin } from '../../packages/cli/test/run.js';

const chunks = path.join(path.dirname(tspackerBin), 'chunks');
const sdkIndexUrl = pathToFileURL(path.join(chunks, 'sdk', 'index.mjs')).href;

const template = `
source "null" "example" {
  communicator = "none"
}

build {
  sources = ["source.null.example"]
  provisioner "greet" {
    message = "Hello from the plugin"
    output  = "greeting.json"
  }
}
`;

function packageJson(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name, version: '1.0.0', type: 'module', exports: './index.js', ...extra });
}

/**
 * The plugin: a provisioner registered under DEFAULT_NAME (`provisioner "greet"`), with a config spec made by the
 * SDK's `attr`. It says its message and writes what it saw of the SDK: where `@tspacker/sdk` resolved, and whether
 * the package index and a subpath module (`./*.js` exports) give the same bindings.
 */
const greetPlugin = {
  'package.json': packageJson('tspacker-plugin-greet', { peerDependencies: { '@tspacker/sdk': '1' } }),
  'index.js': `import fs from 'node:fs';
import path from 'node:path';
import { attr, DEFAULT_NAME, SDK_VERSION_MAJOR } from '@tspacker/sdk';
import * as spec from '@tspacker/sdk/config/spec.js';
import { hasInterpolation } from '@tspacker/sdk/interpolate/index.js';

export const tspackerPlugin = {
  sdkVersion: '1',
  provisioners: {
    [DEFAULT_NAME]: {
      configSpec: { message: attr.string({ default: 'hi' }), output: attr.string() },
      prepare() {
        return { errors: [] };
      },
      async provision(config, ctx) {
        ctx.ui.say(config.message);
        const seen = {
          sdk: import.meta.resolve('@tspacker/sdk'),
          subpath: import.meta.resolve('@tspacker/sdk/config/spec.js'),
          sameAttr: spec.attr === attr,
          major: SDK_VERSION_MAJOR,
          interpolation: hasInterpolation('{{ timestamp }}'),
        };
        fs.writeFileSync(path.resolve(config.output), JSON.stringify(seen));
      },
    },
  },
};
`,
};

/** A plugin directory (TSPACKER_PLUGIN_PATH) with `packages` installed under node_modules, as npm --prefix does. */
function pluginPath(packages: Readonly<Record<string, Readonly<Record<string, string>>>>): string {
  const files: Record<string, string> = {};
  for (const [name, pkg] of Object.entries(packages)) {
    for (const [file, text] of Object.entries(pkg)) files[`node_modules/${name}/${file}`] = text;
  }
  return tempDir(files);
}

/** Whether `node_modules/@tspacker/sdk` exists in `dir` or a parent (where Node would find a copy). */
function sdkReachableFrom(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'node_modules', '@tspacker', 'sdk'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

function build(project: string, plugins: string) {
  return tspacker(['build', '-color=false', '.'], { cwd: project, env: { TSPACKER_PLUGIN_PATH: plugins } });
}

/**
 * The bundle files a module imports, transitively (static and dynamic imports of `./…mjs`), by absolute path. Code
 * in strings (a scaffold's `import … from './index.js'`) is not followed: bundle files end in .mjs.
 */
function importClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?:import|export)\s*(?:\(\s*|[^"'()]*?from\s*)?["'](\.\.?\/[\w./-]+\.mjs)["']/g)) {
    importClosure(path.resolve(path.dirname(file), m[1]!), seen);
  }
  return seen;
}

describe('plugins get the @tspacker/sdk of the running tspacker', () => {
  test('a plugin in the plugin directory, with no SDK near it, is loaded by `tspacker build` and runs', () => {
    const plugins = pluginPath({ 'tspacker-plugin-greet': greetPlugin });
    const project = tempDir({ 'image.pkr.hcl': template });
    expect(sdkReachableFrom(path.join(plugins, 'node_modules', 'tspacker-plugin-greet'))).toBe(false);

    const r = build(project, plugins);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('==> null.example: Hello from the plugin\n');
    expect(r.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(project, 'greeting.json'), 'utf8'))).toEqual({
      sdk: sdkIndexUrl,
      subpath: pathToFileURL(path.join(chunks, 'sdk', 'config', 'spec.mjs')).href,
      sameAttr: true,
      major: '1',
      interpolation: true,
    });
  });

  test("a copy of the SDK the plugin could find (a project's devDependency) is not used: the host's is", () => {
    // A second SDK that must never load: importing it fails the build.
    const project = tempDir({
      'image.pkr.hcl': template,
      'package.json': JSON.stringify({ name: 'images', private: true }),
      'node_modules/@tspacker/sdk/package.json': packageJson('@tspacker/sdk', { exports: { '.': './index.js', './*.js': './*.js' } }),
      'node_modules/@tspacker/sdk/index.js': "throw new Error('a second copy of @tspacker/sdk was loaded');\n",
      'node_modules/@tspacker/sdk/config/spec.js': "throw new Error('a second copy of @tspacker/sdk was loaded');\n",
      'node_modules/@tspacker/sdk/interpolate/index.js': "throw new Error('a second copy of @tspacker/sdk was loaded');\n",
      ...Object.fromEntries(Object.entries(greetPlugin).map(([file, text]) => [`node_modules/tspacker-plugin-greet/${file}`, text])),
    });
    const r = build(project, tempDir());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(project, 'greeting.json'), 'utf8')).sdk).toBe(sdkIndexUrl);
  });

  test("the bundle has one copy of the SDK's code: the chunk the `build` command uses is the plugins' too", () => {
    // chunks/sdk/PATH.mjs re-export the bindings of one entry, chunks/sdk/modules.mjs, made by the same esbuild
    // run as the commands (splitting): what both use is in chunks they share.
    const modules = path.join(chunks, 'sdk', 'modules.mjs');
    expect(fs.readFileSync(path.join(chunks, 'sdk', 'index.mjs'), 'utf8')).toMatch(/^export \{ [^}]*\bm\d+\$attr as attr\b[^}]*\} from '\.\/modules\.mjs';\n$/);
    expect(fs.readFileSync(path.join(chunks, 'sdk', 'config', 'spec.mjs'), 'utf8')).toMatch(/^export \{ [^}]*\bm\d+\$attr as attr\b[^}]*\} from '\.\.\/modules\.mjs';\n$/);

    // DEFAULT_NAME's text is in one file of the bundle only, which both the `build` command and the SDK import.
    const commands = importClosure(tspackerBin);
    const sdk = importClosure(modules);
    const holding = [...new Set([...commands, ...sdk])].filter((f) => fs.readFileSync(f, 'utf8').includes('-packer-default-plugin-name-'));
    expect(holding).toHaveLength(1);
    const buildCommand = [...commands].find((f) => /[\\/]build-\w+\.mjs$/.test(f))!;
    expect(importClosure(buildCommand).has(holding[0]!)).toBe(true);
    expect(sdk.has(holding[0]!)).toBe(true);
  });
});

describe('plugins that cannot be loaded stop the command with a clear message', () => {
  const manifest = (sdkVersion: string) =>
    `export const tspackerPlugin = { sdkVersion: '${sdkVersion}', provisioners: { [DEFAULT_NAME]: { configSpec: {}, prepare() { return { errors: [] }; }, async provision() {} } } };\n`;

  test.each([
    [
      'throws at load',
      "import { DEFAULT_NAME } from '@tspacker/sdk';\nthrow new Error('cannot start: GREET_TOKEN is not set');\n",
      'Error: Failed to load plugin',
      (dir: string) => `Plugin package "tspacker-plugin-greet" (${dir}) could not be imported: cannot start: GREET_TOKEN is not set`,
    ],
    [
      'has a dependency that is not installed',
      `import { DEFAULT_NAME } from '@tspacker/sdk';\nimport pad from 'left-pad';\n${manifest('1')}`,
      'Error: Failed to load plugin',
      (dir: string) => `Plugin package "tspacker-plugin-greet" (${dir}) could not be imported: Cannot find package 'left-pad' imported from ${dir}/index.js`,
    ],
    [
      'is built for another SDK major',
      `import { DEFAULT_NAME } from '@tspacker/sdk';\n${manifest('99')}`,
      'Error: Invalid plugin',
      (dir: string) =>
        `Plugin package "tspacker-plugin-greet" (${dir}) cannot be used: it was built for @tspacker/sdk major version 99, but this tspacker provides major version 1; install a release of the plugin built for @tspacker/sdk 1.x.`,
    ],
    [
      'imports what this SDK major does not export',
      `import { DEFAULT_NAME, attrFromTheFuture } from '@tspacker/sdk';\n${manifest('99')}`,
      'Error: Failed to load plugin',
      (dir: string) =>
        `Plugin package "tspacker-plugin-greet" (${dir}) could not be imported: The requested module '@tspacker/sdk' does not provide an export named 'attrFromTheFuture' (${dir}/index.js:1); the plugin may be built for another major version of @tspacker/sdk than the one this tspacker provides (1)`,
    ],
    [
      'imports a module the SDK does not export',
      `import { DEFAULT_NAME } from '@tspacker/sdk/no-such-module.js';\n${manifest('1')}`,
      'Error: Failed to load plugin',
      (dir: string) =>
        `Plugin package "tspacker-plugin-greet" (${dir}) could not be imported: Package subpath './no-such-module.js' is not defined by "exports" in the @tspacker/sdk that tspacker provides imported from ${dir}/index.js`,
    ],
  ])('a plugin that %s', (_, code, summary, detail) => {
    const plugins = pluginPath({ 'tspacker-plugin-greet': { 'package.json': packageJson('tspacker-plugin-greet'), 'index.js': code } });
    const dir = path.join(plugins, 'node_modules', 'tspacker-plugin-greet');
    const project = tempDir({ 'image.pkr.hcl': template });

    const r = build(project, plugins);
    expect(r.status).toBe(1);
    // Packer's build writes diagnostics on stdout, wrapped at 80 columns: compare the words.
    expect(r.stderr).toBe('');
    const words = (text: string) => text.split(/\s+/).filter((w) => w !== '');
    expect(r.stdout.startsWith(`${summary}\n\n`)).toBe(true);
    expect(words(r.stdout)).toEqual(words(`${summary} ${detail(dir)}`));
    expect(fs.existsSync(path.join(project, 'greeting.json'))).toBe(false);
  });
});

describe("loadComponents' beforeImport (where the CLI registers the SDK hooks)", () => {
  const used = (provisioners: string[]): UsedComponents => ({
    builders: new Set(['null']),
    provisioners: new Set(provisioners),
    postProcessors: new Set(),
    dataSources: new Set(),
  });
  // The plugin records, when its module is evaluated, how many times beforeImport had run.
  const plugins = () =>
    pluginPath({
      'tspacker-plugin-greet': {
        'package.json': packageJson('tspacker-plugin-greet'),
        'index.js':
          'globalThis.__beforeImportCalls = globalThis.__beforeImportCalls ?? [];\n' +
          'globalThis.__beforeImportCalls.push(globalThis.__beforeImportCount);\n' +
          "export const tspackerPlugin = { sdkVersion: '1', provisioners: { x: { configSpec: {}, prepare() { return { errors: [] }; }, async provision() {} } } };\n",
      },
    });
  const g = globalThis as { __beforeImportCount?: number; __beforeImportCalls?: number[] };

  test('not called when no plugin is imported (a template of built-ins only, or plugins it does not need)', async () => {
    let calls = 0;
    const pluginDir = plugins();
    for (const provisioners of [['shell-local'], ['other-thing']]) {
      const r = await loadComponents({ builtins: builtinComponents(), requiredPlugins: [], pluginPath: pluginDir, projectDir: tempDir(), used: used(provisioners), beforeImport: () => void calls++ });
      expect(r.diags).toEqual([]);
    }
    expect(calls).toBe(0);
  });

  test('called once, and awaited, before the first plugin is imported', async () => {
    g.__beforeImportCount = 0;
    g.__beforeImportCalls = [];
    const r = await loadComponents({
      builtins: builtinComponents(),
      requiredPlugins: [],
      pluginPath: plugins(),
      projectDir: tempDir(),
      used: used(['greet-x']),
      beforeImport: async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        g.__beforeImportCount!++;
      },
    });
    expect(r.diags).toEqual([]);
    expect(r.registry.provisioners.has('greet-x')).toBe(true);
    expect(g.__beforeImportCalls).toEqual([1]);
  });
});
