// What the machine tests share: a key pair, the OpenSSH client, loopback addresses of their own, and the leak
// checks (processes living in a machine's root, mounts naming it, in any namespace).
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { MachineSpec } from '../src/contracts.js';

export interface KeyPair {
  readonly privateKeyFile: string;
  readonly publicKey: string;
}

export function makeKeyPair(dir: string): KeyPair {
  const privateKeyFile = path.join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ec2-local-test', '-f', privateKeyFile]);
  return { privateKeyFile, publicKey: fs.readFileSync(`${privateKeyFile}.pub`, 'utf8').trim() };
}

export function tempDirIn(parent: string, prefix: string): string {
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(path.join(parent, prefix));
}

/** 127.<a>.<b>.n: a block of loopback addresses unlikely to be used by another test running at the same time. */
export function addressBlock(): (n: number) => string {
  const a = 100 + (process.pid % 100);
  const b = Math.floor(Math.random() * 250) + 1;
  return (n) => `127.${a}.${b}.${n}`;
}

export interface SshResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

type Address = Pick<MachineSpec, 'address' | 'sshPort'>;

const clientOptions = (key: KeyPair): string[] => [
  '-F', '/dev/null',
  '-i', key.privateKeyFile,
  '-o', 'StrictHostKeyChecking=no',
  '-o', 'UserKnownHostsFile=/dev/null',
  '-o', 'BatchMode=yes',
  '-o', 'IdentitiesOnly=yes',
  '-o', 'ConnectTimeout=5',
  '-o', 'LogLevel=ERROR',
];

/** Runs `command` on the machine with OpenSSH's client, logging in as `user` with the key pair. */
export function ssh(spec: Address, user: string, key: KeyPair, command: string): Promise<SshResult> {
  return client('ssh', [...clientOptions(key), '-p', String(spec.sshPort), `${user}@${spec.address}`, command]);
}

/** Copies a local file to the machine with OpenSSH's scp: the SFTP protocol, or the original one (`-O`, as Packer). */
export function scp(spec: Address, user: string, key: KeyPair, from: string, to: string, original: boolean): Promise<SshResult> {
  const args = [...clientOptions(key), ...(original ? ['-O'] : []), '-P', String(spec.sshPort), from, `${user}@${spec.address}:${to}`];
  return client('scp', args);
}

function client(command: string, args: string[]): Promise<SshResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 15_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Polls `check` every 50 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

function link(file: string): string {
  try {
    return fs.readlinkSync(file);
  } catch {
    return '';
  }
}

/** Processes whose root directory or working directory lies under `dir` (a machine's chroot is there). */
export function processesUnder(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => [link(`/proc/${pid}/root`), link(`/proc/${pid}/cwd`)].some((p) => p === dir || p.startsWith(`${dir}/`)))
    .map(Number);
}

/** Processes in whose mount namespace something is mounted from or onto a path under `dir`. */
export function mountsUnder(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/mountinfo`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

export const isRoot = process.getuid?.() === 0;
export const hostHasSudo = ['/usr/bin/sudo', '/bin/sudo'].some((p) => fs.existsSync(p));
/** Not under /tmp, which every machine covers with its own tmpfs: the state directory must be hidden by itself. */
export const machineStateParent = '/var/tmp';
