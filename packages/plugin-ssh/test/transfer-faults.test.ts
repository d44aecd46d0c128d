// Transfers that go wrong outside the file system: the machine goes down mid-transfer (both methods fail promptly
// with an error, nothing hangs), and a machine without scp (Packer's "SCP failed to start" advice).
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { startSshd, type Sshd } from '../../../test/support/sshd.js';
import { createFileTransfer, type SessionOpener } from '../src/transfer.js';
import { connectTo, noise, type TestConnection } from './transfer-support.js';

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  fs.rmSync(`${sshd.home}/doomed-scp`, { force: true });
  fs.rmSync(`${sshd.home}/doomed-sftp`, { force: true });
  fs.rmSync(`${sshd.home}/x`, { force: true });
  await sshd?.stop();
});

/** An endless source, slow enough that the transfer is still running when the server goes away. */
function endless(): Readable {
  const chunk = noise(256 * 1024, 9);
  return new Readable({
    read() {
      setTimeout(() => this.push(chunk), 5);
    },
  });
}

describe.each(['scp', 'sftp'] as const)('%s', (method) => {
  test('the machine going down mid-upload fails the upload promptly', async () => {
    const conn = await connectTo(sshd);
    try {
      const transfer = createFileTransfer(method, conn.opener);
      const upload = transfer.upload(`${sshd.home}/doomed-${method}`, endless(), { size: 10 * 1024 * 1024 * 1024 });
      const outcome = upload.then(
        () => 'finished',
        (err: Error) => err.message,
      );
      await new Promise((r) => setTimeout(r, 500));
      const stoppedAt = Date.now();
      await sshd.stop();
      const message = await outcome;
      expect(message).not.toBe('finished');
      expect(message).toMatch(/ended unexpectedly|closed|No response|connection|lost/i);
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    } finally {
      conn.close();
      await sshd.start();
    }
  });
});

test('scp missing on the remote machine: a clear error that suggests sftp', async () => {
  const conn: TestConnection = await connectTo(sshd);
  try {
    // The same server, with a PATH in which the remote shell finds no scp.
    const opener: SessionOpener = { exec: (command) => conn.opener.exec(`PATH=/nonexistent; ${command}`), sftp: conn.opener.sftp };
    const transfer = createFileTransfer('scp', opener);
    await expect(transfer.upload(`${sshd.home}/x`, Readable.from([Buffer.from('x')]), { size: 1 })).rejects.toThrow(
      /^scp failed to start on the remote machine \(exit status 127\): is scp installed there\? Use ssh_file_transfer_method = "sftp" otherwise\. \(.*scp: (command )?not found\)$/,
    );
    await expect(createFileTransfer('sftp', opener).upload(`${sshd.home}/x`, Readable.from([Buffer.from('x')]))).resolves.toBeUndefined();
  } finally {
    conn.close();
  }
});

test('an unknown transfer method is a clear error', () => {
  expect(() => createFileTransfer('rsync', { exec: () => Promise.reject(new Error()), sftp: () => Promise.reject(new Error()) })).toThrow(
    'unknown ssh_file_transfer_method "rsync": expected "scp" or "sftp"',
  );
});
