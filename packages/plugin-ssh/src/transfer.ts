// File transfer over an SSH connection, by `ssh_file_transfer_method`: the scp protocol (Packer's default) or sftp.
// Both follow Packer's rules (sdk-internals/communicator/ssh/communicator.go): a source directory with a trailing
// slash copies its contents, without one the directory itself; symlinks are followed; modes are kept.
import type { Readable, Writable } from 'node:stream';
import type { ClientChannel, SFTPWrapper } from 'ssh2';
import type { UploadOptions } from '@tspacker/sdk';
import { scpTransfer } from './scp.js';
import { sftpTransfer } from './sftp.js';

/** How a transfer opens what it needs on the connection (the communicator reconnects if it must). */
export interface SessionOpener {
  /** Starts `command` in a new session (scp's remote side: `scp -t DEST`). */
  exec(command: string): Promise<ClientChannel>;
  /** Opens the sftp subsystem in a new session. */
  sftp(): Promise<SFTPWrapper>;
}

export type { UploadOptions };

/** Called as bytes move: bytes done so far and the total, when known. */
export type TransferProgress = NonNullable<UploadOptions['progress']>;

/** The file half of the SDK's Communicator. */
export interface FileTransfer {
  upload(destination: string, source: Readable, options?: UploadOptions): Promise<void>;
  /** `sourceDir` ending in `/` copies its contents into `destination`; otherwise the directory itself. */
  uploadDir(destination: string, sourceDir: string, exclude?: readonly string[]): Promise<void>;
  download(path: string, destination: Writable): Promise<void>;
  /** Copies the remote `source` (a directory, or a shell glob with scp) into the local `destinationDir`. */
  downloadDir(source: string, destinationDir: string, exclude?: readonly string[]): Promise<void>;
}

export type TransferMethod = 'scp' | 'sftp';

/** The transfer for `ssh_file_transfer_method` (unset or empty: scp, Packer's default). */
export function createFileTransfer(method: TransferMethod | string | undefined, opener: SessionOpener): FileTransfer {
  switch (method ?? '') {
    case 'scp':
    case '':
      return scpTransfer(opener);
    case 'sftp':
      return sftpTransfer(opener);
    default:
      throw new Error(`unknown ssh_file_transfer_method "${method}": expected "scp" or "sftp"`);
  }
}
