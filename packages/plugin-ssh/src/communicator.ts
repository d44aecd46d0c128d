// BASELINE (to be replaced): commands over exec sessions, single files over sftp.
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'ssh2';
import type { Communicator, CommunicatorConfig, RemoteCommand, RemoteCommandResult } from '@tspacker/sdk';

export class SshCommunicator implements Communicator {
  constructor(
    private readonly client: Client,
    private readonly config: CommunicatorConfig,
  ) {}

  start(command: RemoteCommand, _signal: AbortSignal): Promise<RemoteCommandResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(command.command, { pty: this.config.ssh_pty }, (err, channel) => {
        if (err) return reject(err);
        let exitStatus = 2300218;
        channel.on('exit', (code: number | null) => {
          if (typeof code === 'number') exitStatus = code;
        });
        channel.on('close', () => resolve({ exitStatus }));
        if (command.stdout) channel.pipe(command.stdout, { end: false });
        else channel.resume();
        if (command.stderr) channel.stderr.pipe(command.stderr, { end: false });
        else channel.stderr.resume();
        if (command.stdin) command.stdin.pipe(channel);
        else channel.end();
      });
    });
  }

  async upload(destination: string, source: Readable, options?: { readonly mode?: number }): Promise<void> {
    const sftp = await new Promise<import('ssh2').SFTPWrapper>((resolve, reject) =>
      this.client.sftp((err, s) => (err ? reject(err) : resolve(s))),
    );
    try {
      await pipeline(source, sftp.createWriteStream(destination, { mode: options?.mode ?? 0o644 }));
    } finally {
      sftp.end();
    }
  }

  async uploadDir(): Promise<void> {
    throw new Error('uploadDir: not implemented yet');
  }

  async download(path: string, destination: Writable): Promise<void> {
    const sftp = await new Promise<import('ssh2').SFTPWrapper>((resolve, reject) =>
      this.client.sftp((err, s) => (err ? reject(err) : resolve(s))),
    );
    try {
      await pipeline(sftp.createReadStream(path), destination);
    } finally {
      sftp.end();
    }
  }

  async downloadDir(): Promise<void> {
    throw new Error('downloadDir: not implemented yet');
  }
}
