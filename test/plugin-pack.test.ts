// The example plugin as a user gets it: `npm pack` of examples/plugin-hello, installed from the tarball into a
// fresh project (offline; @tspacker/sdk is a peer dependency, linked to the workspace package as tspacker provides
// it), then found by the plugin host through the template's required_plugins, prepared by core from the
// template's HCL, and run with a recording Ui. The example's own tests (`node --test`) run here too.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProvisionContext, Ui } from '@tspacker/sdk';
import { builtinComponents } from '@tspacker/plugin-builtin';
import type { Diagnostic } from '@tspacker/hcl';
import { addComponents, emptyComponentRegistry, getBuilds, initializeTemplate, loadComponents, loadTemplate, usedComponentTypes, type CoreBuild } from '@tspacker/core';
import { testLoadOptions } from './support/data-components.js';
import { tempDir } from './support/temp-dir.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const exampleDir = path.join(repoRoot, 'examples', 'plugin-hello');

/** `npm pack` into `dest`: the tarball's path and the files it holds. */
function npmPack(dest: string): { tarball: string; files: string[] } {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: exampleDir, encoding: 'utf8' });
  const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(dest, packed!.filename), files: packed!.files.map((f) => f.path).sort() };
}

function recordingUi(): { ui: Ui; lines: string[] } {
  const lines: string[] = [];
  const ui: Ui = {
    say: (m) => lines.push(`==> ${m}`),
    message: (m) => lines.push(`    ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    ask: async () => '',
    progress: () => ({ update() {}, done() {} }),
    machine() {},
  };
  return { ui, lines };
}

const template = `
packer {
  required_plugins {
    hello = {
      source  = "github.com/tspacker/hello"
      version = ">= 0.1.0"
    }
  }
}

variable "who" {
  default = "world"
}

variable "output_dir" {
  type = string
}

variable "repeat" {
  type    = number
  default = 2
}

source "null" "example" {
  communicator = "none"
}

build {
  sources = ["source.null.example"]
  provisioner "hello" {
    message = "Hello, \${var.who}, from \${source.name}!"
    output  = "\${var.output_dir}/greeting.txt"
    repeat  = var.repeat
  }
}
`;

/**
 * The host's order: parse the template, load the plugins it needs, then initialize with the full registry (the
 * registry's maps are filled in between: loadTemplate only parses, components are first used by initialize).
 */
async function prepareBuilds(project: string, vars: [string, string][]): Promise<{ builds: CoreBuild[]; diags: Diagnostic[] }> {
  const registry = emptyComponentRegistry();
  const loaded = await loadTemplate(testLoadOptions('image.pkr.hcl', { cwd: project, components: registry, vars }));
  expect(loaded.diags).toEqual([]);
  const config = loaded.value!;
  const components = await loadComponents({
    builtins: builtinComponents(),
    requiredPlugins: config.requiredPlugins,
    pluginPath: tempDir(),
    projectDir: path.resolve(config.cwd, config.basedir),
    used: usedComponentTypes(config),
  });
  expect(components.diags).toEqual([]);
  addComponents(registry, components.registry);
  expect(await initializeTemplate(config)).toEqual([]);
  return getBuilds(config, { only: [], except: [] });
}

describe('the example plugin, packed and installed', () => {
  test("its own tests pass (node --test)", () => {
    const out = execFileSync(process.execPath, ['--test', 'test/'], { cwd: exampleDir, encoding: 'utf8' });
    expect(out).toMatch(/# pass 4\n/);
    expect(out).toMatch(/# fail 0\n/);
  });

  test('npm pack, npm install of the tarball, then a template uses its provisioner', async () => {
    const work = tempDir();
    const { tarball, files } = npmPack(work);
    expect(files).toEqual(['README.md', 'hello-provisioner.js', 'index.d.ts', 'index.js', 'package.json']);

    const project = tempDir({ 'package.json': JSON.stringify({ name: 'my-images', private: true }), 'image.pkr.hcl': template });
    execFileSync(
      'npm',
      ['install', tarball, '--no-save', '--offline', '--legacy-peer-deps', '--no-audit', '--no-fund', '--cache', path.join(work, 'npm-cache')],
      { cwd: project, encoding: 'utf8' },
    );
    fs.mkdirSync(path.join(project, 'node_modules', '@tspacker'), { recursive: true });
    fs.symlinkSync(path.join(repoRoot, 'packages', 'sdk'), path.join(project, 'node_modules', '@tspacker', 'sdk'), 'dir');
    expect(JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'tspacker-plugin-hello', 'package.json'), 'utf8')).version).toBe('0.1.0');

    // Plain Node's import(), as the CLI loads it (jest has its own module loader): core's and the built-ins' dist.
    const distUrl = (pkg: string): string => JSON.stringify(pathToFileURL(path.join(repoRoot, 'packages', pkg, 'dist', 'index.js')).href);
    const script =
      `import { loadComponents } from ${distUrl('core')}; import { builtinComponents } from ${distUrl('plugin-builtin')};\n` +
      `const r = await loadComponents({ builtins: builtinComponents(), requiredPlugins: [], pluginPath: '', projectDir: process.argv[1] });\n` +
      `console.log(JSON.stringify({ diags: r.diags, hello: typeof r.registry.provisioners.get('hello')?.provision }));`;
    const plain = execFileSync(process.execPath, ['--input-type=module', '-e', script, project], { encoding: 'utf8' });
    expect(JSON.parse(plain)).toEqual({ diags: [], hello: 'function' });

    const { builds, diags } = await prepareBuilds(project, [['output_dir', project]]);
    expect(diags).toEqual([]);
    expect(builds.map((b) => b.name)).toEqual(['null.example']);
    const [hello] = builds[0]!.provisioners;
    expect(hello!.type).toBe('hello');
    const greeting = path.join(project, 'greeting.txt');
    expect(hello!.config).toEqual({ message: 'Hello, world, from example!', output: greeting, repeat: 2 });

    const { ui, lines } = recordingUi();
    const ctx: ProvisionContext = { ui, signal: new AbortController().signal, communicator: undefined, generatedData: {} };
    await hello!.component.provision!(hello!.config as never, ctx);
    expect(lines).toEqual(['==> Hello, world, from example!', '==> Hello, world, from example!', `    Writing the greeting to ${greeting}`]);
    expect(fs.readFileSync(greeting, 'utf8')).toBe('Hello, world, from example!\n');

    // `tspacker build` in the project: the CLI finds the installed plugin through required_plugins and runs it.
    fs.rmSync(greeting);
    const built = spawnSync(process.execPath, [path.join(repoRoot, 'packages/cli/dist/tspacker.mjs'), 'build', '-color=false', '-var', `output_dir=${project}`, '-var', 'who=CLI', '.'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, TSPACKER_PLUGIN_PATH: tempDir() },
    });
    expect(built.stdout).toContain('==> null.example: Hello, CLI, from example!\n');
    expect(built.status).toBe(0);
    expect(fs.readFileSync(greeting, 'utf8')).toBe('Hello, CLI, from example!\n');

    // The plugin's prepare errors are Packer's "Failed preparing" diagnostic on the block.
    const bad = await prepareBuilds(project, [['output_dir', project], ['repeat', '0']]);
    expect(bad.diags.map((d) => [d.severity, d.summary, d.detail])).toEqual([
      ['error', 'Failed preparing provisioner-block "hello" ""', '1 error(s) occurred:\n\n* repeat must be between 1 and 10, got 0'],
    ]);
  });
});
