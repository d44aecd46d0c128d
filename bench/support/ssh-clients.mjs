// The two SSH clients the benchmarks compare against the same sshd: tspacker's communicator (the built
// packages/plugin-ssh, connected the way a builder does it: a communicator config with Packer's defaults from the
// SDK) and OpenSSH's ssh, scp and sftp (same key, no user config, no host key prompts, chosen algorithms).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (pkg) => pathToFileURL(path.join(root, 'packages', pkg, 'dist', 'index.js')).href;

/**
 * The SDK and the ssh communicator from the built packages; `pluginDist` (the `--plugin-ssh DIR` option) loads
 * another build of plugin-ssh instead, e.g. an older one to compare with. Fails clearly when nothing is built.
 */
export async function loadTspacker(pluginDist) {
  const plugin = pluginDist ? pathToFileURL(path.resolve(pluginDist, 'index.js')).href : dist('plugin-ssh');
  for (const url of [dist('sdk'), plugin]) {
    if (!fs.existsSync(fileURLToPath(url))) {
      throw new Error(`${fileURLToPath(url)} is missing: run \`npx tsc -b packages/plugin-ssh\` first`);
    }
  }
  const sdk = await import(dist('sdk'));
  const { sshCommunicator } = await import(plugin);
  return { sdk, sshCommunicator };
}

const quietUi = {
  say() {},
  message() {},
  error(m) {
    console.error(m);
  },
  ask: async () => {
    throw new Error('no input in a benchmark');
  },
  progress: () => ({ update() {}, done() {} }),
  machine() {},
};

/**
 * Opens tspacker's communicator to `sshd` with `ssh_file_transfer_method = method`: every ssh_* option at the
 * value a template without them gets (communicatorSpec defaults, then prepareCommunicator), plus host, port,
 * user and key file. Resolves to the SDK's Connection {communicator, close}.
 */
export async function connectTspacker({ sdk, sshCommunicator }, sshd, method = 'scp') {
  const { config, errors } = sdk.configFromValue(sdk.communicatorSpec, undefined);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  Object.assign(config, {
    communicator: 'ssh',
    ssh_host: sshd.host,
    ssh_port: sshd.port,
    ssh_username: sshd.user,
    ssh_private_key_file: sshd.privateKeyFile,
    ssh_file_transfer_method: method,
    ssh_timeout: 10_000,
  });
  const problems = sdk.prepareCommunicator(config);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return sshCommunicator.connect(config, { host: sshd.host, port: sshd.port }, { ui: quietUi, signal: new AbortController().signal });
}

/**
 * OpenSSH client options for `sshd`: its key only, no config file, no known_hosts; the key exchange and cipher
 * given (sshd.negotiated() of tspacker's session), else OpenSSH's defaults.
 */
export function opensshOptions(sshd, { kex, cipher } = {}) {
  return [
    '-F', '/dev/null',
    '-i', sshd.privateKeyFile,
    '-o', 'IdentitiesOnly=yes',
    '-o', 'IdentityAgent=none',
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=no',
    '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'LogLevel=ERROR',
    '-o', `User=${sshd.user}`,
    ...(kex ? ['-o', `KexAlgorithms=${kex}`] : []),
    ...(cipher ? ['-c', cipher] : []),
  ];
}

/** Runs an OpenSSH client to its end; wall ms. Throws with its stderr when it fails. */
export function runClient(cmd, argv, { input } = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { input, encoding: 'utf8', stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.trim()}`);
  return { ms, stdout: r.stdout };
}

/** Wall ms of `fn()` (awaited). */
export async function timed(fn) {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

/** The text after `--NAME` on the command line, or undefined. */
export function stringOption(name) {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
