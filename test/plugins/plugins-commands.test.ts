// `tspacker plugins installed|install|remove|required` (Packer's plugins commands over npm plugin packages), with
// the bundled CLI against a real npm registry (verdaccio on loopback, support/registry.ts) holding the example
// plugin in two versions, and a temporary TSPACKER_PLUGIN_PATH.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tspacker, type Run } from '../template-oracle/harness.js';
import { tempDir } from '../support/temp-dir.js';
import { startRegistry, type Registry } from './support/registry.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const exampleDir = path.join(repoRoot, 'examples', 'plugin-hello');

let registry: Registry;

beforeAll(async () => {
  registry = await startRegistry();
  registry.publish(exampleDir, { version: '0.1.0' });
  registry.publish(exampleDir, { version: '0.2.0' });
}, 60000);

afterAll(async () => {
  await registry?.dispose();
});

function run(args: readonly string[], pluginDir: string, cwd = tempDir()): Run {
  return tspacker(cwd, ['plugins', ...args], { env: { ...registry.npmEnv, TSPACKER_PLUGIN_PATH: pluginDir, NO_COLOR: '1' } });
}

const helloDir = (pluginDir: string) => path.join(pluginDir, 'node_modules', 'tspacker-plugin-hello');

describe('tspacker plugins', () => {
  test('alone, or with an unknown subcommand: the help, exit 1', () => {
    for (const args of [[], ['nope']]) {
      const r = run(args, tempDir());
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^Usage: tspacker plugins <subcommand> \[options\] \[args\]\n/);
      expect(r.stdout).toContain('\nSubcommands:\n    install ');
    }
  });

  test('-h after a subcommand: that subcommand\'s help, exit 0; after `plugins` alone: the plugins help', () => {
    const help = (args: string[]) => tspacker(tempDir(), ['plugins', ...args], {});
    expect(help(['install', '-h'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Usage: tspacker plugins install \[OPTIONS\.\.\.\] <plugin>/) });
    expect(help(['remove', '--help']).stdout).toMatch(/^Usage: tspacker plugins remove <plugin>/);
    expect(help(['required', '-help']).stdout).toMatch(/^Usage: tspacker plugins required <path>/);
    expect(help(['installed', '-h']).stdout).toMatch(/^Usage: tspacker plugins installed/);
    expect(help(['new', '-h']).stdout).toMatch(/^Usage: tspacker plugins new /);
    expect(help(['-h'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Usage: tspacker plugins <subcommand>/) });
    expect(help(['nope', '-h']).stdout).toMatch(/^Usage: tspacker plugins <subcommand>/);
  });

  test('install: the newest release, or the newest matching a constraint; again: nothing to do', () => {
    const pluginDir = tempDir();
    expect(run(['install', 'npm:tspacker-plugin-hello', '< 0.2.0'], pluginDir)).toEqual({
      status: 0,
      stderr: '',
      stdout: `Installed plugin npm:tspacker-plugin-hello v0.1.0 in "${helloDir(pluginDir)}"\n`,
    });
    // Installed and matching: nothing printed, as Packer.
    expect(run(['install', 'npm:tspacker-plugin-hello', '< 0.2.0'], pluginDir)).toEqual({ status: 0, stderr: '', stdout: '' });
    // -force installs the installed release again.
    expect(run(['install', '-force', 'npm:tspacker-plugin-hello', '< 0.2.0'], pluginDir).stdout).toBe(
      `Installed plugin npm:tspacker-plugin-hello v0.1.0 in "${helloDir(pluginDir)}"\n`,
    );
    const other = tempDir();
    expect(run(['install', 'npm:tspacker-plugin-hello'], other).stdout).toBe(`Installed plugin npm:tspacker-plugin-hello v0.2.0 in "${helloDir(other)}"\n`);
    expect(JSON.parse(fs.readFileSync(path.join(helloDir(other), 'package.json'), 'utf8')).version).toBe('0.2.0');
  });

  test('install: argument errors (Packer\'s messages), exit 1', () => {
    const pluginDir = tempDir();
    const none = run(['install'], pluginDir);
    expect(none.status).toBe(1);
    expect(none.stdout).toMatch(/^Invalid arguments, expected either 1 or 2 positional arguments, got 0\nUsage: tspacker plugins install /);

    const both = run(['install', '-path', exampleDir, 'npm:tspacker-plugin-hello', '1.0.0'], pluginDir);
    expect(both.status).toBe(1);
    expect(both.stdout).toMatch(/^Invalid arguments: a version cannot be specified when using --path to install a local plugin binary\n/);

    expect(run(['install', 'npm:tspacker-plugin-hello', '>= 1.0-beta'], pluginDir)).toEqual({
      status: 1,
      stderr: '',
      stdout: 'Unsupported prerelease for constraint ">= 1.0-beta"\n',
    });
    const badSource = run(['install', 'hello'], pluginDir);
    expect(badSource.status).toBe(1);
    expect(badSource.stdout).toBe(
      'Invalid source string "hello": The provided source URL is invalid.\nThe following errors have been discovered:\n' +
        '* A source URL must at least contain a host and a path with 2 components\n\nA valid source looks like "github.com/hashicorp/happycloud"\n',
    );
    expect(fs.readdirSync(pluginDir)).toEqual([]);
  });

  test('install: a missing package and an unsatisfiable constraint are clear errors, exit 1', () => {
    const pluginDir = tempDir();
    expect(run(['install', 'npm:@acme/tspacker-plugin-gone'], pluginDir)).toEqual({
      status: 1,
      stderr: '',
      stdout: `No npm package provides the plugin npm:@acme/tspacker-plugin-gone: the registry ${registry.url} has no package named @acme/tspacker-plugin-gone.\n`,
    });
    expect(run(['install', 'npm:tspacker-plugin-hello', '>= 3'], pluginDir)).toEqual({
      status: 1,
      stderr: '',
      stdout:
        'no release version found for constraints: ">= 3"\n' +
        `The npm package tspacker-plugin-hello has the versions 0.1.0, 0.2.0 in the registry ${registry.url}.\n`,
    });
  });

  test('install without npm on the PATH: a clear error, exit 1', () => {
    const pluginDir = tempDir();
    const r = tspacker(tempDir(), ['plugins', 'install', 'npm:tspacker-plugin-hello'], {
      env: { ...registry.npmEnv, TSPACKER_PLUGIN_PATH: pluginDir, PATH: tempDir() },
    });
    expect(r).toEqual({
      status: 1,
      stderr: '',
      stdout: 'npm could not be run: spawn npm ENOENT: tspacker installs the newest version of tspacker-plugin-hello with npm, which must be on the PATH.\n',
    });
  });

  test('install -path: a local package directory, copied into the plugin directory', () => {
    const pluginDir = tempDir();
    const r = run(['install', '-path', exampleDir, 'npm:tspacker-plugin-hello'], pluginDir);
    expect(r).toEqual({ status: 0, stderr: '', stdout: `Successfully installed plugin npm:tspacker-plugin-hello from ${exampleDir} to ${helloDir(pluginDir)}\n` });
    expect(fs.lstatSync(helloDir(pluginDir)).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(helloDir(pluginDir), 'index.js'))).toBe(true);
  });

  test('installed lists package directories; remove takes them out, by constraint or by path', () => {
    const pluginDir = tempDir();
    expect(run(['installed'], pluginDir)).toEqual({ status: 0, stderr: '', stdout: '' });
    expect(run(['install', 'npm:tspacker-plugin-hello', '0.1.0'], pluginDir).status).toBe(0);
    // A package copied into the plugin directory by hand counts too.
    const copied = path.join(pluginDir, 'tspacker-plugin-copied');
    fs.mkdirSync(copied);
    fs.writeFileSync(path.join(copied, 'package.json'), JSON.stringify({ name: 'tspacker-plugin-copied', version: '1.0.0' }));
    expect(run(['installed'], pluginDir)).toEqual({ status: 0, stderr: '', stdout: `${helloDir(pluginDir)}\n${copied}\n` });

    expect(run(['remove', 'npm:tspacker-plugin-hello', '>= 0.2.0'], pluginDir)).toEqual({
      status: 1,
      stderr: '',
      stdout: 'No installed plugin found matching the plugin constraints npm:tspacker-plugin-hello >= 0.2.0\n',
    });
    expect(run(['remove', 'npm:tspacker-plugin-hello', '< 0.2.0'], pluginDir)).toEqual({ status: 0, stderr: '', stdout: `${helloDir(pluginDir)}\n` });
    expect(fs.existsSync(helloDir(pluginDir))).toBe(false);
    // Forgotten by the plugin directory's package.json: a later npm install there does not bring it back.
    expect(JSON.parse(fs.readFileSync(path.join(pluginDir, 'package.json'), 'utf8')).dependencies).toEqual({});
    expect(run(['remove', 'npm:tspacker-plugin-hello'], pluginDir)).toEqual({
      status: 1,
      stderr: '',
      stdout: 'No installed plugin found matching the plugin constraints npm:tspacker-plugin-hello\n',
    });

    const outside = run(['remove', '/elsewhere/tspacker-plugin-copied'], pluginDir);
    expect(outside.status).toBe(1);
    expect(outside.stdout).toContain('Error: Invalid plugin location');
    expect(run(['remove', copied], pluginDir)).toEqual({ status: 0, stderr: '', stdout: `${copied}\n` });
    expect(run(['installed'], pluginDir)).toEqual({ status: 0, stderr: '', stdout: '' });

    const usage = run(['remove'], pluginDir);
    expect(usage.status).toBe(1);
    expect(usage.stdout).toMatch(/^Usage: tspacker plugins remove /);
  });

  test('required: one line per requirement with the installed packages that match', () => {
    const pluginDir = tempDir();
    const dir = tempDir({
      'x.pkr.hcl': `packer {
  required_plugins {
    hello = {
      source  = "npm:tspacker-plugin-hello"
      version = "~> 0.1"
    }
    amazon = {
      source  = "github.com/hashicorp/amazon"
      version = ">= 1.2.0"
    }
  }
}
`,
    });
    expect(run(['required', 'x.pkr.hcl'], pluginDir, dir)).toEqual({
      status: 0,
      stderr: '',
      stdout: 'hello npm:tspacker-plugin-hello "~> 0.1"\namazon github.com/hashicorp/amazon ">= 1.2.0"\n',
    });
    expect(run(['install', 'npm:tspacker-plugin-hello', '0.2.0'], pluginDir).status).toBe(0);
    expect(run(['required', 'x.pkr.hcl'], pluginDir, dir).stdout).toBe(
      `hello npm:tspacker-plugin-hello "~> 0.1" ${helloDir(pluginDir)}\namazon github.com/hashicorp/amazon ">= 1.2.0"\n`,
    );

    const empty = tempDir({ 'e.pkr.hcl': '' });
    expect(run(['required', 'e.pkr.hcl'], pluginDir, empty).stdout).toBe(
      '\nNo plugins requirement found, make sure you reference a Packer config\ncontaining a packer.required_plugins block. See\n' +
        'https://www.packer.io/docs/templates/hcl_templates/blocks/packer\nfor more info.\n',
    );
    const usage = run(['required'], pluginDir);
    expect(usage.status).toBe(1);
    expect(usage.stdout).toMatch(/^Usage: tspacker plugins required <path>\n/);
  });

  test('new: dispatched to the plugin scaffold', () => {
    const r = run(['new'], tempDir());
    expect(r.stdout).toContain('Usage: tspacker plugins new ');
  });
});
