// os.MkdirAll as the file provisioner's downloads need it, with Go's error texts. The path/filepath rules the
// destinations follow (Clean, Join, Base, Dir) and Go's *PathError texts come from the SDK.
import fs from 'node:fs';
import { goPathErrorText } from '@tspacker/sdk';

/** A Go *PathError: its text is `OP PATH: REASON`. */
function goPathError(op: string, path: string, error: unknown): Error {
  return new Error(goPathErrorText(op, path, error));
}

/**
 * os.MkdirAll: makes `dir` and its missing parents. Its error names the element that failed, as Go's does
 * (`mkdir a/file.txt: not a directory` for a file in the way, where Node would name the whole path).
 */
export async function goMkdirAll(dir: string, mode: number): Promise<void> {
  const existing = await fs.promises.stat(dir).catch(() => undefined);
  if (existing) {
    if (existing.isDirectory()) return;
    throw goPathError('mkdir', dir, Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }));
  }
  const trimmed = dir.replace(/\/+$/, '');
  const parentEnd = trimmed.lastIndexOf('/');
  if (parentEnd > 0) await goMkdirAll(trimmed.slice(0, parentEnd), mode);
  try {
    await fs.promises.mkdir(dir, { mode });
  } catch (e) {
    const made = await fs.promises.lstat(dir).catch(() => undefined);
    if (made?.isDirectory()) return;
    throw goPathError('mkdir', dir, e);
  }
}
