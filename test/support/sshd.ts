// A real OpenSSH server on a loopback port, for tests of the SSH communicator and the remote provisioners.
// Each server has its own directory: a throwaway host key, an authorized key pair, its config file and log.
//
// When the tests run as root (CI), the server is the system's sshd with privilege separation and the login user
// is an unprivileged account, `tspacker-test`, made on first use: that is how provisioners meet real machines
// (`ubuntu`, `ec2-user`), and it lets tests see "Permission denied". Otherwise sshd runs as the current user,
// which is then the only user it can log in.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const TEST_USER = 'tspacker-test';
export const TEST_PASSWORD = 'tspacker-test-password';
const SSHD = '/usr/sbin/sshd';
const SFTP_SERVER = ['/usr/lib/openssh/sftp-server', '/usr/libexec/openssh/sftp-server', '/usr/libexec/sftp-server'].find((p) =>
  fs.existsSync(p),
);

export interface SshdOptions {
  /** Extra sshd_config lines (e.g. `PasswordAuthentication yes`, `MaxAuthTries 2`). */
  readonly config?: readonly string[];
  /** Host key type: ed25519 (default) or rsa. */
  readonly hostKeyType?: 'ed25519' | 'rsa';
  /** Start listening only after this many milliseconds (the port is reserved now). */
  readonly startAfterMs?: number;
  /** The user to log in as; defaults to TEST_USER when root, else the current user. */
  readonly user?: string;
  /** The directory for the server's files (made if missing); a new temporary one by default. */
  readonly dir?: string;
  /** sshd's LogLevel: VERBOSE by default; DEBUG1 also logs the negotiated algorithms (`negotiated`). */
  readonly logLevel?: 'VERBOSE' | 'DEBUG1';
  /**
   * The loopback address to listen on: 127.0.0.1 by default. Another one (127.0.0.0/8) lets a server have a
   * fixed port such as 22 without taking it from the machine, for templates that cannot set the port.
   */
  readonly host?: string;
  /** The port to listen on: a free one by default (a fixed one below 1024 needs root). */
  readonly port?: number;
}

export interface Sshd {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** The user's home directory on the "remote" machine. */
  readonly home: string;
  /** A private key (OpenSSH format, no passphrase) whose public half is authorized, and its path. */
  readonly privateKey: string;
  readonly privateKeyFile: string;
  /** The authorized_keys file: tests may append keys. */
  readonly authorizedKeysFile: string;
  readonly dir: string;
  /** Starts the server (again) on the same port. */
  start(): Promise<void>;
  /** Stops the server and every session it serves (a machine going down). */
  stop(): Promise<void>;
  /** What sshd logged so far. */
  log(): string;
  /** With logLevel DEBUG1: the key exchange and client-to-server cipher of the last session logged after `fromOffset` (a log() length). */
  negotiated(fromOffset?: number): { kex?: string; cipher?: string };
}

/** Whether a test can start sshd here (the server binary exists). */
export function sshdAvailable(): boolean {
  return fs.existsSync(SSHD);
}

const isRoot = process.getuid?.() === 0;

/** Makes the unprivileged test user, with a home directory and a known password, once per machine. */
function ensureTestUser(): string {
  let home: string | undefined;
  try {
    home = execFileSync('getent', ['passwd', TEST_USER], { encoding: 'utf8' }).split(':')[5];
  } catch {
    // `*` (not `!`): sshd without PAM refuses key logins to accounts whose password field is locked.
    execFileSync('useradd', ['--create-home', '--shell', '/bin/bash', TEST_USER]);
    home = `/home/${TEST_USER}`;
  }
  execFileSync('chpasswd', { input: `${TEST_USER}:${TEST_PASSWORD}\n` });
  return home!;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Makes `dir` writable by the login user (files a test or benchmark puts there for the remote side). */
export function giveToUser(dir: string, user: string): void {
  if (isRoot) execFileSync('chown', ['-R', `${user}:`, dir]);
}

/** Every process below `pid` (the sessions an sshd serves, their shells and commands). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (child === undefined || parent === undefined || Number.isNaN(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  return found;
}

/** Starts an sshd on 127.0.0.1 or `host` (or reserves its port for `startAfterMs`). Stop it in afterAll. */
export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-sshd-'));
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  const user = options.user ?? (isRoot ? TEST_USER : os.userInfo().username);
  const home = user === TEST_USER ? ensureTestUser() : user === 'root' ? '/root' : os.homedir();
  const hostKey = path.join(dir, 'host_key');
  const privateKeyFile = path.join(dir, 'user_key');
  execFileSync('ssh-keygen', ['-q', '-t', options.hostKeyType ?? 'ed25519', '-N', '', '-f', hostKey]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'tspacker-test', '-f', privateKeyFile]);
  const authorizedKeysFile = path.join(dir, 'authorized_keys');
  fs.copyFileSync(`${privateKeyFile}.pub`, authorizedKeysFile);
  fs.chmodSync(authorizedKeysFile, 0o644);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const configFile = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    configFile,
    [
      `ListenAddress ${host}:${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorizedKeysFile}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AllowUsers ${user}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      `LogLevel ${options.logLevel ?? 'VERBOSE'}`,
      ...(SFTP_SERVER ? [`Subsystem sftp ${SFTP_SERVER}`] : []),
      ...(options.config ?? []),
    ].join('\n') + '\n',
  );
  if (isRoot) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const logFile = path.join(dir, 'sshd.log');

  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    if (child) return;
    // A free port was free a moment ago; a fixed one may be another server's, which would answer for this one.
    if (options.port !== undefined && (await listening(host, port))) throw new Error(`${host}:${port} is in use already`);
    // -D: stay in the foreground, so that stopping the child stops the server; -e-less -E: log to a file.
    const proc = spawn(SSHD, ['-D', '-f', configFile, '-E', logFile], { stdio: 'ignore' });
    child = proc;
    proc.once('exit', () => {
      if (child === proc) child = undefined;
    });
    for (let i = 0; i < 200 && !(await listening(host, port)); i++) {
      if (child !== proc) throw new Error(`sshd exited at start:\n${readLog()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const readLog = (): string => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc) return;
    child = undefined;
    const exited = new Promise((r) => proc.once('exit', r));
    // The listener's children serve the open sessions; a machine going down takes them too (sshd alone would
    // leave them running, as a restart of sshd does).
    for (const pid of [proc.pid!, ...descendants(proc.pid!)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await exited;
  };

  if (options.startAfterMs === undefined) await start();
  else setTimeout(() => void start(), options.startAfterMs);

  return {
    host,
    port,
    user,
    home,
    privateKey: fs.readFileSync(privateKeyFile, 'utf8'),
    privateKeyFile,
    authorizedKeysFile,
    dir,
    start,
    stop: async () => {
      await stop();
    },
    log: readLog,
    negotiated(fromOffset = 0) {
      const text = readLog().slice(fromOffset);
      const last = (re: RegExp): string | undefined => [...text.matchAll(re)].at(-1)?.[1];
      return { kex: last(/kex: algorithm: (\S+)/g), cipher: last(/kex: client->server cipher: (\S+)/g) };
    },
  };
}
