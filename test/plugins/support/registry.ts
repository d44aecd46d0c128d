// A real npm registry for plugin installation tests: verdaccio (the root devDependency), run as a child process on
// a loopback port, with its storage, users and config in a temporary directory and no uplinks (nothing leaves the
// machine). Packages are published to it with the real `npm publish`; `npmEnv` points npm (and tspacker, which
// runs npm) at it with a private npm cache and user config, so the user's own are never touched.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Registry {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** The temporary directory holding everything (storage, npm cache, npmrc). */
  readonly dir: string;
  /** npm's settings for child processes: this registry, a private cache and user config, no retries. */
  readonly npmEnv: Readonly<Record<string, string>>;
  /** `npm publish` of a package directory (copied first; `changes` replace package.json's name or version). */
  publish(packageDir: string, changes?: { readonly name?: string; readonly version?: string }): void;
  /** Stops the server (the storage stays: start() brings the same registry back on the same port). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its directory. */
  dispose(): Promise<void>;
}

const config = `storage: ./storage
auth:
  htpasswd:
    file: ./htpasswd
    max_users: 100
uplinks: {}
packages:
  '@*/*':
    access: $all
    publish: $authenticated
  '**':
    access: $all
    publish: $authenticated
web:
  enable: false
log: { type: stdout, format: json, level: error }
`;

// The child: verdaccio's programmatic server on the given port (0: any free one), reporting the port it got.
const runner = `
const { runServer } = require(process.argv[2]);
runServer(process.argv[3]).then((app) => {
  const server = app.listen(Number(process.argv[4]), '127.0.0.1', () => console.log('LISTENING ' + server.address().port));
}, (e) => { console.error(e); process.exit(1); });
// The test process gone (its end of stdin closed): no registry is left behind.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

export async function startRegistry(): Promise<Registry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-registry-'));
  const configPath = path.join(dir, 'config.yaml');
  fs.writeFileSync(configPath, config);
  fs.writeFileSync(path.join(dir, 'runner.cjs'), runner);
  const verdaccio = createRequire(path.join(repoRoot, 'package.json')).resolve('verdaccio');

  let child: ChildProcess | undefined;
  let port = 0;
  const start = async (): Promise<void> => {
    const proc = spawn(process.execPath, [path.join(dir, 'runner.cjs'), verdaccio, configPath, String(port)], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    child = proc;
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`verdaccio did not start: ${out}`)), 30000);
      proc.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /LISTENING (\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
      proc.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`verdaccio exited (${code}): ${out}`));
      });
    });
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };

  await start();
  const url = `http://127.0.0.1:${port}/`;
  // A user to publish as (verdaccio's htpasswd plugin creates it on first login), its token in a private npmrc.
  const res = await fetch(`${url}-/user/org.couchdb.user:publisher`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'publisher', password: 'publisher-password' }),
  });
  const { token } = (await res.json()) as { token?: string };
  if (!token) throw new Error(`verdaccio gave no token (${res.status})`);
  const npmrc = path.join(dir, 'npmrc');
  fs.writeFileSync(npmrc, `//127.0.0.1:${port}/:_authToken=${token}\n`);
  const npmEnv = {
    npm_config_registry: url,
    npm_config_cache: path.join(dir, 'npm-cache'),
    npm_config_userconfig: npmrc,
    // A stopped registry is reported at once rather than after npm's minute of retries.
    npm_config_fetch_retries: '0',
    npm_config_update_notifier: 'false',
  };

  return {
    url,
    dir,
    npmEnv,
    publish(packageDir, changes = {}) {
      const copy = fs.mkdtempSync(path.join(dir, 'publish-'));
      fs.cpSync(packageDir, copy, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
      const manifestPath = path.join(copy, 'package.json');
      const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(manifestPath, JSON.stringify({ ...manifest, ...changes }, null, 2));
      execFileSync('npm', ['publish', '--ignore-scripts'], { cwd: copy, env: { ...process.env, ...npmEnv }, stdio: 'pipe' });
    },
    stop,
    start,
    async dispose() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
