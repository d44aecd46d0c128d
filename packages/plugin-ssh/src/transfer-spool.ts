// scp announces a file's length before its bytes, so a stream of unknown length is first copied to a temporary
// file (as Packer does), which is removed once the upload is over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Spooled {
  readonly path: string;
  readonly size: number;
  remove(): Promise<void>;
}

export async function spoolToTempFile(source: Readable): Promise<Spooled> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'tspacker-upload-'));
  const remove = () => fs.promises.rm(dir, { recursive: true, force: true });
  const file = path.join(dir, 'spool');
  try {
    await pipeline(source, fs.createWriteStream(file, { mode: 0o600 }));
    const { size } = await fs.promises.stat(file);
    return { path: file, size, remove };
  } catch (err) {
    await remove();
    throw new Error(
      `copying the upload into a temporary file (to learn its size) failed: ${(err as Error).message}; ` +
        `check that ${os.tmpdir()} has enough space (TMPDIR)`,
    );
  }
}
