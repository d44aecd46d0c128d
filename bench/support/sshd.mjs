// A real OpenSSH sshd on a loopback port for the SSH benchmarks: the set-up of test/support/sshd.ts (throwaway
// host key, an authorized ed25519 key, its own config file and log), reduced to what a benchmark needs and kept
// inside the benchmark's own directory. As root it logs in the fixture's unprivileged user `tspacker-test` (made
// by the tests' fixture, or here if missing), as on a real machine: root's own shell start-up files on a
// developer box (pyenv, cargo) would otherwise add ~100 ms to every remote command. Otherwise it logs in the
// current user.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const SSHD = '/usr/sbin/sshd';
const SFTP_SERVER = ['/usr/lib/openssh/sftp-server', '/usr/libexec/openssh/sftp-server', '/usr/libexec/sftp-server'].find((p) =>
  fs.existsSync(p),
);

const TEST_USER = 'tspacker-test';
const isRoot = process.getuid?.() === 0;

/** The unprivileged login user of test/support/sshd.ts, made with a home directory if missing. */
function ensureTestUser() {
  try {
    execFileSync('getent', ['passwd', TEST_USER], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--create-home', '--shell', '/bin/bash', TEST_USER]);
  }
  return TEST_USER;
}

/** Makes `dir` (inside the benchmark's directory) writable by the login user. */
export function giveToUser(dir, user) {
  if (isRoot) execFileSync('chown', ['-R', `${user}:`, dir]);
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Every process below `pid` (the sessions sshd serves, their shells and commands). */
function descendants(pid) {
  const children = new Map();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (Number.isNaN(parent) || parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  return found;
}

/**
 * Starts sshd with its files in `dir` (made if missing). `config`: extra sshd_config lines. The log is at
 * LogLevel DEBUG1 so that the negotiated algorithms can be read from it (`negotiated`). Always `await stop()`.
 */
export async function startSshd(dir, { config = [] } = {}) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const user = isRoot ? ensureTestUser() : os.userInfo().username;
  const hostKey = path.join(dir, 'host_key');
  const privateKeyFile = path.join(dir, 'user_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'tspacker-bench', '-f', privateKeyFile]);
  const authorizedKeysFile = path.join(dir, 'authorized_keys');
  fs.copyFileSync(`${privateKeyFile}.pub`, authorizedKeysFile);
  fs.chmodSync(authorizedKeysFile, 0o644);
  const port = await freePort();
  const configFile = path.join(dir, 'sshd_config');
  const logFile = path.join(dir, 'sshd.log');
  fs.writeFileSync(
    configFile,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorizedKeysFile}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AllowUsers ${user}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      // The benchmark opens many sessions quickly (sshd's default MaxStartups drops some at 10 unauthenticated).
      'MaxStartups 100',
      'MaxSessions 100',
      'LogLevel DEBUG1',
      ...(SFTP_SERVER ? [`Subsystem sftp ${SFTP_SERVER}`] : []),
      ...config,
    ].join('\n') + '\n',
  );
  // sshd's privilege separation needs this directory when it runs as root (Debian makes it at boot).
  if (process.getuid?.() === 0 && !fs.existsSync('/run/sshd')) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  const proc = spawn(SSHD, ['-D', '-f', configFile, '-E', logFile], { stdio: 'ignore' });
  let exited = false;
  const exit = new Promise((r) => proc.once('exit', () => r((exited = true))));
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  for (let i = 0; i < 200 && !(await listening(port)); i++) {
    if (exited) throw new Error(`sshd exited at start:\n${log()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    privateKeyFile,
    log,
    /** The key exchange and client-to-server cipher of the last session logged since `fromOffset` (a log() length). */
    negotiated(fromOffset = 0) {
      const text = log().slice(fromOffset);
      const last = (re) => [...text.matchAll(re)].at(-1)?.[1];
      return { kex: last(/kex: algorithm: (\S+)/g), cipher: last(/kex: client->server cipher: (\S+)/g) };
    },
    async stop() {
      if (exited) return;
      // The listener's children serve the open sessions: stop them too.
      for (const pid of [proc.pid, ...descendants(proc.pid)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await exit;
    },
  };
}
