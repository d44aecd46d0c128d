// The file provisioner's `content`: written to a local file named `pkr-file-content` (in a fresh temporary
// directory), which is then uploaded like any source — to `destination`, or as `pkr-file-content` inside a
// destination ending in a slash. Mode 0600, as Go's temporary files have; removed afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CONTENT_FILE_NAME = 'pkr-file-content';

/** Runs `use` with the path of a file holding `content`, or with undefined when there is no content. */
export async function withContentFile<T>(content: string, use: (file: string | undefined) => Promise<T>): Promise<T> {
  if (content === '') return use(undefined);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'tspacker-file-content-'));
  try {
    const file = path.join(dir, CONTENT_FILE_NAME);
    await fs.promises.writeFile(file, content, { mode: 0o600 });
    return await use(file);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
