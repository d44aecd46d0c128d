// File transfer over the sftp subsystem (`ssh_file_transfer_method = "sftp"`). Reads and writes are pipelined
// (many requests in flight, as OpenSSH's sftp does) instead of one request per round trip; a directory tree
// creates its directories first, then uploads several files at once, and sets directory modes last (so a
// read-only directory can still be filled).
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { SFTPWrapper, Stats } from 'ssh2';
import type { FileTransfer, SessionOpener, TransferProgress, UploadOptions } from './transfer.js';
import { copiesContentsOnly, readLocalTree, walkTree, type LocalDir, type LocalFile } from './transfer-local-tree.js';
import { hasGlob } from './transfer-quote.js';

/** Bytes per WRITE request, and how many are in flight per file (measured best over loopback). */
const CHUNK = 255 * 1024;
const IN_FLIGHT = 16;
/**
 * Bytes per READ request: OpenSSH's sftp-server answers up to 255 KiB at once, and large reads were 2-3 times
 * faster than 64 KiB ones (ssh2 splits a read the server's limits@openssh.com says is too large).
 */
const READ_CHUNK = 255 * 1024;
const READS_IN_FLIGHT = 16;
/** Files uploaded or downloaded at the same time in a directory transfer. */
const PARALLEL_FILES = 16;
const STATUS_NO_SUCH_FILE = 2;
const STATUS_EOF = 1;

export function sftpTransfer(opener: SessionOpener): FileTransfer {
  return {
    upload: (destination, source, options) =>
      withSftp(opener, (sftp) => uploadStream(sftp, fromHome(destination), source, options ?? {})),
    uploadDir: (destination, sourceDir, exclude) =>
      withSftp(opener, (sftp) => uploadDir(sftp, fromHome(destination), sourceDir, exclude)),
    download: (remotePath, destination) => withSftp(opener, (sftp) => downloadTo(sftp, fromHome(remotePath), destination)),
    downloadDir: (source, destinationDir, exclude) =>
      withSftp(opener, (sftp) => downloadDir(sftp, fromHome(source), destinationDir, exclude ?? [])),
  };
}

/** sftp starts in the home directory but does not know `~`: `~/x` is `x` there (as scp's shell reads it). */
function fromHome(remotePath: string): string {
  if (remotePath === '~' || remotePath === '~/') return '.';
  return remotePath.startsWith('~/') ? remotePath.slice(2) : remotePath;
}

async function withSftp<T>(opener: SessionOpener, body: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
  let sftp: SFTPWrapper;
  try {
    sftp = await opener.sftp();
  } catch (err) {
    throw new Error(`cannot start sftp on the remote machine: ${(err as Error).message}`);
  }
  // ssh2 leaves requests sent after the channel closed unanswered: the session's end fails the transfer instead.
  let onClose: (() => void) | undefined;
  const closed = new Promise<never>((_, reject) => {
    onClose = () => reject(new Error('the connection closed during the sftp transfer'));
    sftp.once('close', onClose);
  });
  try {
    return await Promise.race([body(sftp), closed]);
  } finally {
    sftp.off('close', onClose!);
    closed.catch(() => undefined);
    sftp.end();
  }
}

/** `sftp: PATH: reason`, the shape of scp's messages. */
function sftpError(remotePath: string, err: unknown): Error {
  return new Error(`sftp: ${remotePath}: ${(err as Error).message}`);
}

function call<T = void>(remotePath: string, start: (cb: (err?: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    start((err, value) => (err ? reject(sftpError(remotePath, err)) : resolve(value as T))),
  );
}

const code = (err: unknown): number | undefined => ((err as { code?: unknown })?.code as number | undefined);

async function statOrUndefined(sftp: SFTPWrapper, remotePath: string): Promise<Stats | undefined> {
  return new Promise((resolve, reject) =>
    sftp.stat(remotePath, (err, stats) => {
      if (!err) resolve(stats);
      else if (code(err) === STATUS_NO_SUCH_FILE) resolve(undefined);
      else reject(sftpError(remotePath, err));
    }),
  );
}

/** Writes `source` to an open handle with up to IN_FLIGHT write requests outstanding. */
async function writeHandle(
  sftp: SFTPWrapper,
  handle: Buffer,
  source: AsyncIterable<Buffer | string> | Buffer,
  remotePath: string,
  total: number | undefined,
  progress?: TransferProgress,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let failure: Error | undefined;
  let offset = 0;
  let acked = 0;
  const send = async (data: Buffer) => {
    for (let p = 0; p < data.length; p += CHUNK) {
      while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
      if (failure) throw failure;
      const piece = data.subarray(p, p + CHUNK);
      const request: Promise<void> = call(remotePath, (cb) => sftp.write(handle, piece, 0, piece.length, offset, cb)).then(
        () => {
          inFlight.delete(request);
          acked += piece.length;
          progress?.(acked, total);
        },
        (err: Error) => {
          inFlight.delete(request);
          failure ??= err;
        },
      );
      inFlight.add(request);
      offset += piece.length;
    }
  };
  if (Buffer.isBuffer(source)) await send(source);
  else for await (const chunk of source) await send(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  await Promise.all(inFlight);
  if (failure) throw failure;
}

async function uploadStream(sftp: SFTPWrapper, destination: string, source: Readable, options: UploadOptions): Promise<void> {
  const handle = await call<Buffer>(destination, (cb) => sftp.open(destination, 'w', { mode: options.mode ?? 0o644 }, cb));
  try {
    options.progress?.(0, options.size);
    await writeHandle(sftp, handle, source, destination, options.size, options.progress);
    // The mode given at open is cut by the server's umask (and ignored for an existing file); Packer sets it.
    if (options.mode !== undefined) await call(destination, (cb) => sftp.fchmod(handle, options.mode!, cb));
  } finally {
    await call(destination, (cb) => sftp.close(handle, cb)).catch(() => undefined);
  }
}

async function uploadFile(sftp: SFTPWrapper, remotePath: string, file: LocalFile): Promise<void> {
  const handle = await call<Buffer>(remotePath, (cb) => sftp.open(remotePath, 'w', { mode: file.mode }, cb));
  try {
    const content =
      file.size <= CHUNK * IN_FLIGHT
        ? await fs.promises.readFile(file.path)
        : fs.createReadStream(file.path, { highWaterMark: 1024 * 1024 });
    await writeHandle(sftp, handle, content, remotePath, file.size);
    await call(remotePath, (cb) => sftp.fchmod(handle, file.mode, cb));
  } finally {
    await call(remotePath, (cb) => sftp.close(handle, cb)).catch(() => undefined);
  }
}

/** Runs `work` over `items`, `limit` at a time; the first failure stops the rest. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

async function mkdirIfMissing(sftp: SFTPWrapper, remotePath: string): Promise<void> {
  try {
    await call(remotePath, (cb) => sftp.mkdir(remotePath, cb));
  } catch (err) {
    const existing = await statOrUndefined(sftp, remotePath).catch(() => undefined);
    if (!existing?.isDirectory()) throw err;
  }
}

async function uploadDir(sftp: SFTPWrapper, destination: string, sourceDir: string, exclude?: readonly string[]): Promise<void> {
  const tree = await readLocalTree(sourceDir, exclude);
  const target = await statOrUndefined(sftp, destination);
  if (target && !target.isDirectory()) throw new Error(`sftp: ${destination}: Not a directory`);
  let root = destination;
  const dirs: { remote: string; dir: LocalDir }[] = [];
  if (copiesContentsOnly(sourceDir)) {
    if (!target) throw new Error(`sftp: ${destination}: No such file or directory`);
  } else {
    // Packer's rule: `src` goes to DEST/src; like scp, a missing DEST becomes the copy itself.
    root = target ? path.posix.join(destination, tree.name) : destination;
    dirs.push({ remote: root, dir: tree });
  }
  const files: { remote: string; file: LocalFile }[] = [];
  for (const entry of walkTree(tree)) {
    const remote = path.posix.join(root, entry.relative);
    if (entry.kind === 'dir') dirs.push({ remote, dir: entry });
    else files.push({ remote, file: entry });
  }
  // The server handles requests in order, so parents exist before their children even when all are in flight.
  await Promise.all(dirs.map(({ remote }) => mkdirIfMissing(sftp, remote)));
  await eachLimited(files, PARALLEL_FILES, ({ remote, file }) => uploadFile(sftp, remote, file));
  await Promise.all(
    [...dirs].reverse().map(({ remote, dir }) => call(remote, (cb) => sftp.chmod(remote, dir.mode, cb))),
  );
}

/** Reads the remote file into `destination` with up to IN_FLIGHT read requests outstanding. */
async function downloadTo(sftp: SFTPWrapper, remotePath: string, destination: Writable): Promise<void> {
  const handle = await call<Buffer>(remotePath, (cb) => sftp.open(remotePath, 'r', cb));
  try {
    const stats = await call<Stats>(remotePath, (cb) => sftp.fstat(handle, cb));
    if (stats.isDirectory()) throw new Error(`sftp: ${remotePath}: is a directory (download it as a directory)`);
    const read = (position: number, length: number): Promise<Buffer> =>
      new Promise((resolve, reject) => {
        const buffer = Buffer.allocUnsafe(length);
        sftp.read(handle, buffer, 0, length, position, (err, bytesRead) => {
          if (err && code(err) !== STATUS_EOF) reject(sftpError(remotePath, err));
          else resolve(buffer.subarray(0, err ? 0 : bytesRead));
        });
      });
    const queue: { position: number; length: number; data: Promise<Buffer> }[] = [];
    let next = 0;
    const fill = () => {
      while (queue.length < READS_IN_FLIGHT && next < stats.size) {
        const length = Math.min(READ_CHUNK, stats.size - next);
        const data = read(next, length);
        data.catch(() => undefined); // awaited in order below
        queue.push({ position: next, length, data });
        next += length;
      }
    };
    let position = 0;
    for (fill(); queue.length > 0; fill()) {
      const request = queue.shift()!;
      let data = await request.data;
      // A short read: fetch the rest of this piece before going on.
      while (data.length > 0 && data.length < request.length) {
        const rest = await read(request.position + data.length, request.length - data.length);
        if (rest.length === 0) break;
        data = Buffer.concat([data, rest]);
      }
      if (data.length > 0 && !destination.write(data)) await new Promise((r) => destination.once('drain', r));
      position += data.length;
      if (data.length < request.length) {
        queue.length = 0; // the file shrank while we read it
        next = stats.size;
      }
    }
    // The file grew while we read it: take the rest, one piece at a time.
    for (let data = await read(position, READ_CHUNK); data.length > 0; data = await read(position, READ_CHUNK)) {
      if (!destination.write(data)) await new Promise((r) => destination.once('drain', r));
      position += data.length;
    }
  } finally {
    await call(remotePath, (cb) => sftp.close(handle, cb)).catch(() => undefined);
  }
}

/** A shell glob for one path component as a regular expression (`*`, `?`, `[...]`). */
function globPattern(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) source += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // Like the shell, a leading `*` or `?` does not match dot files.
  return new RegExp(glob.startsWith('.') ? `^${source}$` : `^(?!\\.)${source}$`);
}

async function downloadDir(sftp: SFTPWrapper, source: string, destinationDir: string, exclude: readonly string[]): Promise<void> {
  const skip = new Set(exclude);
  await fs.promises.mkdir(destinationDir, { recursive: true });
  // What `scp -r -f SOURCE` sends: the named file or directory (by its base name), or each match of a glob.
  let roots: string[];
  const trimmed = source.length > 1 ? source.replace(/\/+$/, '') : source;
  const parent = path.posix.dirname(trimmed);
  const base = path.posix.basename(trimmed);
  if (hasGlob(base)) {
    if (hasGlob(parent)) throw new Error(`sftp: ${source}: only the last part of a download path may be a glob`);
    const pattern = globPattern(base);
    const names = (await call<{ filename: string }[]>(parent, (cb) => sftp.readdir(parent, cb))).map((e) => e.filename);
    roots = names.filter((n) => pattern.test(n)).sort().map((n) => path.posix.join(parent, n));
    if (roots.length === 0) throw new Error(`sftp: ${source}: No such file or directory`);
  } else roots = [trimmed];

  const files: { remote: string; local: string; mode: number }[] = [];
  const collect = async (remote: string, localDir: string, relative: string): Promise<void> => {
    const name = path.posix.basename(remote);
    if (skip.has(relative) || skip.has(name)) return;
    const stats = await call<Stats>(remote, (cb) => sftp.stat(remote, cb));
    const local = path.join(localDir, name);
    if (!stats.isDirectory()) {
      files.push({ remote, local, mode: stats.mode & 0o777 });
      return;
    }
    await fs.promises.mkdir(local, { recursive: true, mode: stats.mode & 0o777 });
    const entries = await call<{ filename: string }[]>(remote, (cb) => sftp.readdir(remote, cb));
    for (const entry of entries.map((e) => e.filename).sort()) {
      await collect(path.posix.join(remote, entry), local, `${relative}/${entry}`);
    }
  };
  for (const root of roots) await collect(root, destinationDir, path.posix.basename(root));

  await eachLimited(files, PARALLEL_FILES, async ({ remote, local, mode }) => {
    const handle = await fs.promises.open(local, 'w', mode);
    const out = fs.createWriteStream('', { fd: handle, highWaterMark: 1024 * 1024 });
    let writeError: Error | undefined;
    out.on('error', (err) => (writeError ??= err));
    try {
      await downloadTo(sftp, remote, out);
    } finally {
      await new Promise<void>((resolve) => out.end(() => resolve()));
    }
    if (writeError) throw new Error(`cannot write ${local}: ${writeError.message}`);
  });
}
