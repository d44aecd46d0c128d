// For the transfer tests: an ssh2 connection to the sshd fixture, the SessionOpener built from it (as the
// communicator builds its own), and remote commands to look at what a transfer left on the machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, type ClientChannel, type SFTPWrapper } from 'ssh2';
import type { Sshd } from '../../../test/support/sshd.js';
import type { SessionOpener } from '../src/transfer.js';

export interface TestConnection {
  readonly client: Client;
  readonly opener: SessionOpener;
  /** Runs `command` remotely; resolves with its stdout, rejects on a non-zero exit. */
  run(command: string): Promise<string>;
  close(): void;
}

export function connectTo(sshd: Sshd): Promise<TestConnection> {
  const client = new Client();
  return new Promise((resolve, reject) => {
    client.once('error', reject);
    client.once('ready', () => {
      client.off('error', reject);
      client.on('error', () => undefined); // a dropped connection fails the calls in flight instead
      const exec = (command: string) =>
        new Promise<ClientChannel>((ok, fail) => client.exec(command, (err, channel) => (err ? fail(err) : ok(channel))));
      const opener: SessionOpener = {
        exec,
        sftp: () => new Promise<SFTPWrapper>((ok, fail) => client.sftp((err, sftp) => (err ? fail(err) : ok(sftp)))),
      };
      const run = async (command: string): Promise<string> => {
        const channel = await exec(command);
        let stdout = '';
        let stderr = '';
        channel.on('data', (d: Buffer) => (stdout += d.toString()));
        channel.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        // The status comes with 'close' ('exit' may have fired before this listener).
        const status = await new Promise<number | null>((done) => channel.on('close', (code?: number | null) => done(code ?? null)));
        if (status !== 0) throw new Error(`${command}: exit ${status}: ${stderr} ${stdout}`);
        return stdout;
      };
      resolve({ client, opener, run, close: () => client.end() });
    });
    client.connect({ host: sshd.host, port: sshd.port, username: sshd.user, privateKey: sshd.privateKey, readyTimeout: 10_000 });
  });
}

/** `path type mode size` for everything below `dir` on the remote machine, sorted (symlinks shown as such). */
export async function remoteTree(conn: TestConnection, dir: string): Promise<string[]> {
  const out = await conn.run(`cd ${quote(dir)} && find . -mindepth 1 -printf '%p %y %m %s\\n' | sed 's/ d \\([0-7]*\\) [0-9]*$/ d \\1/' | LC_ALL=C sort`);
  return out.split('\n').filter(Boolean);
}

/** The same listing for a local directory. */
export function localTree(dir: string): string[] {
  const lines: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of fs.readdirSync(d)) {
      const p = path.join(d, name);
      const r = `${rel}/${name}`;
      const st = fs.lstatSync(p);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isDirectory()) {
        lines.push(`${r} d ${mode}`);
        walk(p, r);
      } else lines.push(`${r} ${st.isSymbolicLink() ? 'l' : 'f'} ${mode} ${st.size}`);
    }
  };
  walk(dir, '.');
  return lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A deterministic pseudo-random buffer (no two chunks alike, so a misplaced chunk shows in the hash). */
export function noise(size: number, seed = 1): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buffer.writeUInt32LE(x >>> 0, i);
  }
  for (let i = size - (size % 4); i < size; i++) buffer[i] = i & 0xff;
  return buffer;
}
