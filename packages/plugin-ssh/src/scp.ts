// File transfer with the scp protocol against the remote machine's own `scp -t` (sink) and `scp -f` (source), as
// Packer does: `C<mode> <size> <name>` announces a file, `D<mode> 0 <name>` ... `E` a directory, and every record
// and file body is answered with an ack. Directory uploads are in scp-upload-dir.ts.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { modeText, recordName, scpSession, sendStream } from './scp-session.js';
import { scpUploadDir } from './scp-upload-dir.js';
import type { FileTransfer, SessionOpener, UploadOptions } from './transfer.js';
import { hasGlob, shellQuoteGlob, shellQuotePath } from './transfer-quote.js';
import { spoolToTempFile } from './transfer-spool.js';

const STREAM_CHUNK = 1024 * 1024;

export function scpTransfer(opener: SessionOpener): FileTransfer {
  return {
    upload: (destination, source, options) => scpUpload(opener, destination, source, options),
    uploadDir: (destination, sourceDir, exclude) => scpUploadDir(opener, destination, sourceDir, exclude),
    download: (remotePath, destination) => scpDownload(opener, remotePath, destination),
    downloadDir: (source, destinationDir, exclude) => scpDownloadDir(opener, source, destinationDir, exclude),
  };
}

async function scpUpload(
  opener: SessionOpener,
  destination: string,
  source: Readable,
  options: UploadOptions = {},
): Promise<void> {
  const dir = path.posix.dirname(destination);
  const name = recordName(path.posix.basename(destination));
  let size = options.size;
  let input = source;
  const spooled = size === undefined ? await spoolToTempFile(source) : undefined;
  if (spooled) {
    size = spooled.size;
    input = fs.createReadStream(spooled.path, { highWaterMark: STREAM_CHUNK });
  }
  try {
    // -d: the target must be a directory, so a missing one is an error (without it scp would write the file
    // under the directory's name, which is what Packer does).
    await scpSession(opener, `scp -t -d -- ${shellQuotePath(dir)}`, async (scp) => {
      await scp.expectAck();
      await scp.write(`C${modeText(options.mode ?? 0o644)} ${size} ${name}\n`);
      await scp.expectAck();
      options.progress?.(0, size);
      await sendStream(scp, input, size!, destination, options.progress, Buffer.from([0]));
      await scp.expectAck();
    });
  } finally {
    if (spooled) {
      input.destroy();
      await spooled.remove();
    }
  }
}

/** A record from the remote scp source: `C0644 12 name` or `D0755 0 name`. */
function parseRecord(line: string): { kind: 'C' | 'D'; mode: number; size: number; name: string } {
  const match = /^([CD])([0-7]{4}) (\d+) (.+)$/.exec(line);
  if (!match) throw new Error(`cannot parse the remote scp's record ${JSON.stringify(line)}`);
  const name = match[4]!;
  if (name === '.' || name === '..' || name.includes('/')) throw new Error(`the remote scp sent an unsafe name ${JSON.stringify(name)}`);
  return { kind: match[1] as 'C' | 'D', mode: parseInt(match[2]!, 8), size: Number(match[3]), name };
}

async function scpDownload(opener: SessionOpener, remotePath: string, destination: Writable): Promise<void> {
  await scpSession(opener, `scp -f -- ${shellQuotePath(remotePath)}`, async (scp) => {
    await scp.write('\0');
    let line = await scp.readLine();
    while (line.startsWith('T')) {
      await scp.write('\0');
      line = await scp.readLine();
    }
    if (line.startsWith('\x01') || line.startsWith('\x02')) throw new Error(line.slice(1).trim());
    const record = parseRecord(line);
    if (record.kind === 'D') throw new Error(`scp: ${remotePath}: is a directory (download it as a directory)`);
    await scp.write('\0');
    await scp.readInto(record.size, destination);
    await scp.expectAck();
    await scp.write('\0');
  });
}

async function scpDownloadDir(
  opener: SessionOpener,
  source: string,
  destinationDir: string,
  exclude: readonly string[] = [],
): Promise<void> {
  const skip = new Set(exclude);
  const quoted = hasGlob(source) ? shellQuoteGlob(source) : shellQuotePath(source);
  await fs.promises.mkdir(destinationDir, { recursive: true });
  await scpSession(opener, `scp -r -f -- ${quoted}`, async (scp) => {
    const stack: string[] = []; // names of the directories we are in, below destinationDir
    let skipDepth = 0; // > 0 inside an excluded directory
    for (;;) {
      await scp.write('\0');
      if (await scp.atEnd()) return;
      const line = await scp.readLine();
      if (line.startsWith('\x01') || line.startsWith('\x02')) throw new Error(line.slice(1).trim());
      if (line.startsWith('T')) continue;
      if (line === 'E') {
        if (skipDepth > 0) skipDepth--;
        else stack.pop();
        continue;
      }
      const record = parseRecord(line);
      const relative = [...stack, record.name].join('/');
      const skipped = skipDepth > 0 || skip.has(relative) || skip.has(record.name);
      const local = path.join(destinationDir, ...stack, record.name);
      if (record.kind === 'D') {
        if (skipped) skipDepth++;
        else {
          await fs.promises.mkdir(local, { recursive: true, mode: record.mode & 0o777 });
          stack.push(record.name);
        }
        continue;
      }
      await scp.write('\0');
      if (skipped) await scp.readInto(record.size, null);
      else {
        // Opened first, so that a local failure (permissions, a directory in the way) is a plain error.
        const handle = await fs.promises.open(local, 'w', record.mode & 0o777);
        const file = fs.createWriteStream('', { fd: handle });
        let writeError: Error | undefined;
        file.on('error', (err) => (writeError ??= err));
        try {
          await scp.readInto(record.size, file);
        } finally {
          await new Promise<void>((resolve) => file.end(() => resolve()));
        }
        if (writeError) throw new Error(`cannot write ${local}: ${writeError.message}`);
      }
      await scp.expectAck();
    }
  });
}
