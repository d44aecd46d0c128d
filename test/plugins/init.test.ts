// `tspacker init` against a real npm registry (verdaccio on loopback, support/registry.ts): the example plugin
// (examples/plugin-hello) is published to it, a template requires it as `npm:tspacker-plugin-hello`, and the bundled
// CLI installs it into a temporary TSPACKER_PLUGIN_PATH with the machine's npm, locks it in tspacker.lock.json,
// and builds with it. Then the ways init must fail: registry stopped, missing package, unsatisfiable constraint,
// tampered integrity, a plugin that throws when loaded.
import { execFileSync } from 'node:child_process';
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
  registry.publish(exampleDir);
}, 60000);

afterAll(async () => {
  await registry?.dispose();
});

function template(source: string, version: string, provisioner = 'hello { message = "hi from the registry" }'): string {
  return `packer {
  required_plugins {
    hello = {
      source  = "${source}"
      version = "${version}"
    }
  }
}

source "null" "x" {
  communicator = "none"
}

build {
  sources = ["source.null.x"]
  provisioner ${provisioner.replace(' {', ' {\n   ').replace(/ }$/, '\n  }')}
}
`;
}

const helloTemplate = template('npm:tspacker-plugin-hello', '>= 0.1.0');

/** The bundled CLI with npm pointed at the test registry and the given plugin directory. */
function run(cwd: string, args: readonly string[], pluginDir: string, env: Record<string, string> = {}): Run {
  return tspacker(cwd, args, { env: { ...registry.npmEnv, TSPACKER_PLUGIN_PATH: pluginDir, NO_COLOR: '1', PACKER_NO_COLOR: '', ...env } });
}

/** What the registry says about one version (the test's own `npm view`). */
function registryDist(pkg: string, version: string): { integrity: string; tarball: string } {
  const out = execFileSync('npm', ['view', `${pkg}@${version}`, 'dist.integrity', 'dist.tarball', '--json'], {
    env: { ...process.env, ...registry.npmEnv },
    encoding: 'utf8',
  });
  const json = JSON.parse(out) as Record<string, string>;
  return { integrity: json['dist.integrity']!, tarball: json['dist.tarball']! };
}

function readLock(dir: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(dir, 'tspacker.lock.json'), 'utf8'));
}

const installedLine = (pluginDir: string, version: string) =>
  `Installed plugin npm:tspacker-plugin-hello v${version} in "${path.join(pluginDir, 'node_modules', 'tspacker-plugin-hello')}"`;

describe('tspacker init with a real npm registry', () => {
  test('installs the required plugin, locks its version and integrity; a second init is a no-op', () => {
    const dir = tempDir({ 'hello.pkr.hcl': helloTemplate });
    const pluginDir = tempDir();
    // Colour on: Packer's init says it in bold cyan.
    const first = run(dir, ['init', 'hello.pkr.hcl'], pluginDir, { NO_COLOR: '' });
    expect(first).toEqual({ status: 0, stderr: '', stdout: `\u001b[1;36m${installedLine(pluginDir, '0.1.0')}\u001b[0m\n` });

    const dist = registryDist('tspacker-plugin-hello', '0.1.0');
    expect(readLock(dir)).toEqual({
      lockfileVersion: 1,
      plugins: {
        'npm:tspacker-plugin-hello': { package: 'tspacker-plugin-hello', version: '0.1.0', integrity: dist.integrity, resolved: dist.tarball },
      },
    });
    const npmLock = JSON.parse(fs.readFileSync(path.join(pluginDir, 'node_modules', '.package-lock.json'), 'utf8'));
    expect(npmLock.packages['node_modules/tspacker-plugin-hello'].integrity).toBe(dist.integrity);
    // The SDK is a peer dependency tspacker provides: npm did not install it.
    expect(fs.existsSync(path.join(pluginDir, 'node_modules', '@tspacker'))).toBe(false);

    const lockText = fs.readFileSync(path.join(dir, 'tspacker.lock.json'), 'utf8');
    const lockMtime = fs.statSync(path.join(dir, 'tspacker.lock.json')).mtimeMs;
    // Nothing to do, and npm is not run: there is none on this PATH.
    const second = run(dir, ['init', 'hello.pkr.hcl'], pluginDir, { PATH: tempDir() });
    expect(second).toEqual({ status: 0, stderr: '', stdout: '' });
    expect(fs.readFileSync(path.join(dir, 'tspacker.lock.json'), 'utf8')).toBe(lockText);
    expect(fs.statSync(path.join(dir, 'tspacker.lock.json')).mtimeMs).toBe(lockMtime);
  });

  test('tspacker build runs the installed plugin', () => {
    const dir = tempDir({ 'hello.pkr.hcl': helloTemplate });
    const pluginDir = tempDir();
    expect(run(dir, ['init', '.'], pluginDir).status).toBe(0);
    const build = run(dir, ['build', '.'], pluginDir);
    expect(build.stdout).toContain('==> null.x: hi from the registry\n');
    expect(build.status).toBe(0);
  });

  test('with the registry stopped: succeeds when the locked version is installed, fails clearly when it is not', async () => {
    const dir = tempDir({ 'hello.pkr.hcl': helloTemplate });
    const noLockDir = tempDir({ 'hello.pkr.hcl': helloTemplate });
    const pluginDir = tempDir();
    expect(run(dir, ['init', '.'], pluginDir).status).toBe(0);
    await registry.stop();
    try {
      // Everything locked is installed: npm is not needed at all.
      expect(run(dir, ['init', '.'], pluginDir)).toEqual({ status: 0, stderr: '', stdout: '' });
      expect(run(dir, ['build', '.'], pluginDir).stdout).toContain('hi from the registry');

      // Not installed, but npm's cache has the locked package: npm installs it from there, integrity checked.
      const fromCache = tempDir();
      expect(run(dir, ['init', '.'], fromCache)).toEqual({ status: 0, stderr: '', stdout: installedLine(fromCache, '0.1.0') + '\n' });

      // Not installed and not in npm's cache: the registry was needed.
      const emptyPluginDir = tempDir();
      const coldCache = { npm_config_cache: tempDir() };
      const locked = run(dir, ['init', '.'], emptyPluginDir, coldCache);
      expect(locked.status).toBe(1);
      expect(locked.stdout).toBe(
        'Failed getting the "npm:tspacker-plugin-hello" plugin:\n' +
          `The npm registry ${registry.url} could not be reached to install tspacker-plugin-hello 0.1.0, and it is not installed in "${emptyPluginDir}".\n` +
          `FetchError: request to ${registry.url}tspacker-plugin-hello failed, reason: connect ECONNREFUSED ${new URL(registry.url).host}\n`,
      );
      expect(fs.readdirSync(emptyPluginDir)).toEqual([]);

      const unlocked = run(noLockDir, ['init', '.'], emptyPluginDir, coldCache);
      expect(unlocked.status).toBe(1);
      expect(unlocked.stdout).toContain(
        `The npm registry ${registry.url} could not be reached to install a version of tspacker-plugin-hello matching ">= 0.1.0", and it is not installed in "${emptyPluginDir}".\n`,
      );
      expect(fs.existsSync(path.join(noLockDir, 'tspacker.lock.json'))).toBe(false);

      // -upgrade needs the registry; what is installed stays.
      const upgrade = run(dir, ['init', '-upgrade', '.'], pluginDir, coldCache);
      expect(upgrade.status).toBe(1);
      expect(upgrade.stdout).toContain(
        `The npm registry ${registry.url} could not be reached to install a version of tspacker-plugin-hello matching ">= 0.1.0", and tspacker-plugin-hello 0.1.0 in "${path.join(pluginDir, 'node_modules', 'tspacker-plugin-hello')}" was left as it is.\n`,
      );
      expect(run(dir, ['build', '.'], pluginDir).stdout).toContain('hi from the registry');
    } finally {
      await registry.start();
    }
  });

  test('scoped npm sources and HOST/NAMESPACE/NAME sources (@NAMESPACE/tspacker-plugin-NAME, then tspacker-plugin-NAME)', () => {
    registry.publish(exampleDir, { name: '@acme/tspacker-plugin-greet', version: '1.4.2' });
    const dir = tempDir({
      'x.pkr.hcl': `packer {
  required_plugins {
    greet = {
      source  = "npm:@acme/tspacker-plugin-greet"
      version = "~> 1.4"
    }
    hello = {
      source  = "example.com/someone/hello"
      version = "< 1.0"
    }
  }
}

source "null" "x" {
  communicator = "none"
}

build {
  sources = ["source.null.x"]
  provisioner "greet" {
    message = "greetings from a scope"
  }
  provisioner "hello" {
    message = "hello from example.com"
  }
}
`,
    });
    const pluginDir = tempDir();
    expect(run(dir, ['init', 'x.pkr.hcl'], pluginDir)).toEqual({
      status: 0,
      stderr: '',
      stdout:
        `Installed plugin npm:@acme/tspacker-plugin-greet v1.4.2 in "${path.join(pluginDir, 'node_modules', '@acme', 'tspacker-plugin-greet')}"\n` +
        `Installed plugin example.com/someone/hello v0.1.0 in "${path.join(pluginDir, 'node_modules', 'tspacker-plugin-hello')}"\n`,
    });
    const lock = readLock(dir) as { plugins: Record<string, { package: string; version: string }> };
    expect(Object.keys(lock.plugins)).toEqual(['example.com/someone/hello', 'npm:@acme/tspacker-plugin-greet']);
    expect(lock.plugins['npm:@acme/tspacker-plugin-greet']).toMatchObject({ package: '@acme/tspacker-plugin-greet', version: '1.4.2' });
    expect(lock.plugins['example.com/someone/hello']).toMatchObject({ package: 'tspacker-plugin-hello', version: '0.1.0' });
    expect(run(dir, ['init', 'x.pkr.hcl'], pluginDir, { PATH: tempDir() })).toEqual({ status: 0, stderr: '', stdout: '' });

    const build = run(dir, ['build', 'x.pkr.hcl'], pluginDir);
    expect(build.stdout).toContain('==> null.x: greetings from a scope\n');
    expect(build.stdout).toContain('==> null.x: hello from example.com\n');
    expect(build.status).toBe(0);
  });

  test('an npm source that is not a package name: the source error, exit 1', () => {
    const dir = tempDir({ 'x.pkr.hcl': template('npm:Tspacker Plugin', '>= 1.0') });
    const r = run(dir, ['init', 'x.pkr.hcl'], tempDir());
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Error: Failed to parse source');
    expect(r.stdout).toContain('"Tspacker Plugin" is not an npm package name');
  });

  test('a plugin the registry does not have: a clear error, exit 1', () => {
    const pluginDir = tempDir();
    const npmSource = tempDir({ 'x.pkr.hcl': template('npm:tspacker-plugin-nowhere', '>= 1.0') });
    expect(run(npmSource, ['init', 'x.pkr.hcl'], pluginDir)).toEqual({
      status: 1,
      stderr: '',
      stdout:
        'Failed getting the "npm:tspacker-plugin-nowhere" plugin:\n' +
        `No npm package provides the plugin npm:tspacker-plugin-nowhere: the registry ${registry.url} has no package named tspacker-plugin-nowhere.\n`,
    });
    const hostSource = tempDir({ 'x.pkr.hcl': template('example.com/acme/nowhere', '>= 1.0') });
    expect(run(hostSource, ['init', 'x.pkr.hcl'], pluginDir)).toEqual({
      status: 1,
      stderr: '',
      stdout:
        'Failed getting the "example.com/acme/nowhere" plugin:\n' +
        `No npm package provides the plugin example.com/acme/nowhere: the registry ${registry.url} has no package named @acme/tspacker-plugin-nowhere or tspacker-plugin-nowhere.\n`,
    });
    expect(fs.readdirSync(pluginDir)).toEqual([]);
  });

  test('a constraint no version satisfies: the versions that exist are listed, exit 1', () => {
    const dir = tempDir({ 'x.pkr.hcl': template('npm:tspacker-plugin-hello', '~> 5.0') });
    const pluginDir = tempDir();
    expect(run(dir, ['init', 'x.pkr.hcl'], pluginDir)).toEqual({
      status: 1,
      stderr: '',
      stdout:
        'Failed getting the "npm:tspacker-plugin-hello" plugin:\n' +
        'no release version found for constraints: "~> 5.0"\n' +
        `The npm package tspacker-plugin-hello has the versions 0.1.0 in the registry ${registry.url}.\n`,
    });
    expect(fs.existsSync(path.join(dir, 'tspacker.lock.json'))).toBe(false);
  });

  test('a tampered integrity in the lock file stops the install: nothing is installed, exit 1', () => {
    const dir = tempDir({ 'hello.pkr.hcl': helloTemplate });
    const pluginDir = tempDir();
    expect(run(dir, ['init', '.'], pluginDir).status).toBe(0);
    const lockPath = path.join(dir, 'tspacker.lock.json');
    const real = registryDist('tspacker-plugin-hello', '0.1.0').integrity;
    const forged = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;
    const tampered = fs.readFileSync(lockPath, 'utf8').replace(real, forged);
    fs.writeFileSync(lockPath, tampered);

    // Not installed yet: the registry's integrity differs from the lock's, npm is never asked to install.
    const fresh = tempDir();
    const r = run(dir, ['init', '.'], fresh);
    expect(r).toEqual({
      status: 1,
      stderr: '',
      stdout:
        'Failed getting the "npm:tspacker-plugin-hello" plugin:\n' +
        `Integrity mismatch for tspacker-plugin-hello 0.1.0: tspacker.lock.json records ${forged}, but the registry ${registry.url} has ${real}. Nothing was installed.\n` +
        'If the registry\'s package is the one you want, run "tspacker init -upgrade" to choose and lock a version again.\n',
    });
    expect(fs.readdirSync(fresh)).toEqual([]);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(tampered);

    // Installed already, with other content than the lock says.
    const installed = run(dir, ['init', '.'], pluginDir);
    expect(installed.status).toBe(1);
    expect(installed.stdout).toContain(
      `Integrity mismatch for tspacker-plugin-hello 0.1.0: tspacker.lock.json records ${forged}, but the package installed in "${path.join(pluginDir, 'node_modules', 'tspacker-plugin-hello')}" has ${real}.\n`,
    );
  });

  test('a plugin that throws when loaded: init installs it, build stops with a clear error, exit 1', () => {
    const broken = tempDir({
      'package.json': JSON.stringify({ name: 'tspacker-plugin-broken', version: '1.0.0', type: 'module', exports: './index.js' }),
      'index.js': "throw new Error('this plugin is broken');\n",
    });
    registry.publish(broken);
    const dir = tempDir({ 'x.pkr.hcl': template('npm:tspacker-plugin-broken', '>= 1.0', 'broken { }').replace('hello = {', 'broken = {') });
    const pluginDir = tempDir();
    const init = run(dir, ['init', 'x.pkr.hcl'], pluginDir);
    expect(init.stdout).toBe(`Installed plugin npm:tspacker-plugin-broken v1.0.0 in "${path.join(pluginDir, 'node_modules', 'tspacker-plugin-broken')}"\n`);
    const build = run(dir, ['build', 'x.pkr.hcl'], pluginDir);
    expect(build.status).toBe(1);
    expect(build.stdout).toContain('Error: Failed to load plugin');
    expect(build.stdout).toContain('this plugin is broken');
  });

  test('a template without required_plugins: Packer\'s explanation, exit 0, no lock file', () => {
    const dir = tempDir({ 'x.pkr.hcl': 'source "null" "x" {\n  communicator = "none"\n}\n' });
    const r = run(dir, ['init', 'x.pkr.hcl'], tempDir());
    expect(r).toEqual({
      status: 0,
      stderr: '',
      stdout:
        '\nNo plugins requirement found, make sure you reference a Packer config\n' +
        'containing a packer.required_plugins block. See\n' +
        'https://www.packer.io/docs/templates/hcl_templates/blocks/packer\n' +
        'for more info.\n',
    });
    expect(fs.existsSync(path.join(dir, 'tspacker.lock.json'))).toBe(false);
  });

  test('a built-in HashiCorp plugin needs nothing: npm is not run (the registry may be unreachable)', () => {
    const dir = tempDir({ 'x.pkr.hcl': template('github.com/hashicorp/amazon', '>= 1.2.0', 'shell-local { inline = ["true"] }') });
    const pluginDir = tempDir();
    const r = run(dir, ['init', 'x.pkr.hcl'], pluginDir, { npm_config_registry: 'http://127.0.0.1:9/' });
    expect(r).toEqual({ status: 0, stderr: '', stdout: '' });
    expect(fs.readdirSync(pluginDir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'tspacker.lock.json'))).toBe(false);
  });

  test('a legacy JSON template: Packer\'s error, exit 1', () => {
    const dir = tempDir({ 'x.json': '{"builders": [{"type": "null", "communicator": "none"}]}' });
    const r = run(dir, ['init', 'x.json'], tempDir());
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      'Error: Packer plugins currently only works with HCL2 configuration templates\n\n' +
        'Please manually install plugins with the plugins command or use a HCL2\nconfiguration that will do that for you.\n\n\n',
    );
  });

  test('a local name required twice (two files): Packer\'s error, exit 1, nothing installed', () => {
    const dir = tempDir({ 'a.pkr.hcl': helloTemplate, 'b.pkr.hcl': helloTemplate.slice(0, helloTemplate.indexOf('source "null"')) });
    const pluginDir = tempDir();
    const r = run(dir, ['init', '.'], pluginDir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      'Error: Duplicate required_plugin."hello" block\n\n' +
        'Block previously seen at a.pkr.hcl:3,13-6,6 is already named "hello".\n' +
        'Names at the left hand side of required_plugins are made available to use in\nyour HCL2 configurations.\n' +
        'To allow to calling to their features correctly two plugins have to have\ndifferent accessors.\n\n\n',
    );
    expect(fs.readdirSync(pluginDir)).toEqual([]);
  });

  test('usage: exactly one TEMPLATE', () => {
    const r = run(tempDir(), ['init'], tempDir());
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Usage: tspacker init \[options\] TEMPLATE\n/);
  });

  // Last: it publishes a newer version, which the tests above do not expect.
  test('a newer release does not change a locked install; init -upgrade installs it and rewrites the lock', () => {
    const dir = tempDir({ 'hello.pkr.hcl': helloTemplate });
    const pluginDir = tempDir();
    expect(run(dir, ['init', '.'], pluginDir).stdout).toBe(installedLine(pluginDir, '0.1.0') + '\n');
    registry.publish(exampleDir, { version: '0.2.0' });

    expect(run(dir, ['init', '.'], pluginDir)).toEqual({ status: 0, stderr: '', stdout: '' });
    expect((readLock(dir) as { plugins: Record<string, { version: string }> }).plugins['npm:tspacker-plugin-hello']!.version).toBe('0.1.0');

    // Another machine with the same lock file gets 0.1.0 too.
    const other = tempDir();
    expect(run(dir, ['init', '.'], other).stdout).toBe(installedLine(other, '0.1.0') + '\n');

    expect(run(dir, ['init', '-upgrade', '.'], pluginDir)).toEqual({ status: 0, stderr: '', stdout: installedLine(pluginDir, '0.2.0') + '\n' });
    const dist = registryDist('tspacker-plugin-hello', '0.2.0');
    expect(readLock(dir)).toEqual({
      lockfileVersion: 1,
      plugins: {
        'npm:tspacker-plugin-hello': { package: 'tspacker-plugin-hello', version: '0.2.0', integrity: dist.integrity, resolved: dist.tarball },
      },
    });
    expect(run(dir, ['init', '-upgrade', '.'], pluginDir)).toEqual({ status: 0, stderr: '', stdout: '' });
    expect(run(dir, ['init', '.'], pluginDir)).toEqual({ status: 0, stderr: '', stdout: '' });

    // The template's constraint no longer allows the locked version: init says so; -upgrade locks one it allows.
    fs.writeFileSync(path.join(dir, 'hello.pkr.hcl'), template('npm:tspacker-plugin-hello', '< 0.2.0'));
    expect(run(dir, ['init', '.'], pluginDir)).toEqual({
      status: 1,
      stderr: '',
      stdout:
        'Failed getting the "npm:tspacker-plugin-hello" plugin:\n' +
        'tspacker.lock.json locks tspacker-plugin-hello 0.2.0, which does not match the constraint "< 0.2.0"; run "tspacker init -upgrade" to choose and lock a version again.\n',
    });
    expect(run(dir, ['init', '-upgrade', '.'], pluginDir).stdout).toBe(installedLine(pluginDir, '0.1.0') + '\n');
    expect((readLock(dir) as { plugins: Record<string, { version: string }> }).plugins['npm:tspacker-plugin-hello']!.version).toBe('0.1.0');
  });
});
