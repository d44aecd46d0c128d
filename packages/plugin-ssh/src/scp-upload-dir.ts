// A local directory tree to the remote `scp -r -t`, with Packer's rules (`src/` copies the contents, `src` the
// directory itself; a missing destination for `src` becomes the copy, as scp makes it).
//
// Speed: in a session, the next file's header rides with the previous file's body, so a file costs one round trip
// (never more is sent before an ack than the sink could not misread if that ack were an error). A large tree
// first gets its directories in one session, then its files go in SESSIONS sessions at once, each re-entering
// (existing) directories as it needs them: the round trips overlap.
import fs from 'node:fs';
import { ScpChannel } from './scp-channel.js';
import { modeText, recordName, scpSession, sendStream } from './scp-session.js';
import type { SessionOpener } from './transfer.js';
import { copiesContentsOnly, readLocalTree, walkTree, type LocalDir, type LocalEntry, type LocalFile } from './transfer-local-tree.js';
import { shellQuotePath } from './transfer-quote.js';

/** Files up to this size are read whole (and ahead of time); larger ones are streamed. */
const SMALL_FILE = 256 * 1024;
/** How many small files to read ahead while waiting for acks. */
const READ_AHEAD = 32;
const STREAM_CHUNK = 1024 * 1024;
/** Sessions for the files of a large tree (sshd allows 10 per connection; the communicator may hold others). */
const SESSIONS = 4;
/** Trees with fewer files go in one session. */
const PARALLEL_FROM = 64;

type UploadStep =
  | { readonly kind: 'enter'; readonly dir: LocalDir }
  | { readonly kind: 'file'; readonly file: LocalFile }
  | { readonly kind: 'leave' };

function treeSteps(entries: readonly LocalEntry[], steps: UploadStep[] = []): UploadStep[] {
  for (const entry of entries) {
    if (entry.kind === 'file') steps.push({ kind: 'file', file: entry });
    else {
      steps.push({ kind: 'enter', dir: entry });
      treeSteps(entry.entries, steps);
      steps.push({ kind: 'leave' });
    }
  }
  return steps;
}

/** Steps that reach each of `files` (in order) through its directories below the tree's root. */
function filesSteps(files: readonly LocalFile[], dirs: ReadonlyMap<string, LocalDir>): UploadStep[] {
  const steps: UploadStep[] = [];
  let open: string[] = [];
  for (const file of files) {
    const parts = file.relative.split('/').slice(0, -1);
    let common = 0;
    while (common < open.length && common < parts.length && open[common] === parts[common]) common++;
    for (let i = open.length; i > common; i--) steps.push({ kind: 'leave' });
    for (let i = common; i < parts.length; i++) steps.push({ kind: 'enter', dir: dirs.get(parts.slice(0, i + 1).join('/'))! });
    open = parts;
    steps.push({ kind: 'file', file });
  }
  for (let i = open.length; i > 0; i--) steps.push({ kind: 'leave' });
  return steps;
}

/** Sends `steps` in one `command` session. */
async function sendSteps(opener: SessionOpener, command: string, steps: readonly UploadStep[]): Promise<void> {
  const readAhead = new Map<number, Promise<Buffer>>();
  const read = (index: number): Promise<Buffer> | undefined => {
    const step = steps[index];
    if (step?.kind !== 'file' || step.file.size > SMALL_FILE) return undefined;
    let pending = readAhead.get(index);
    if (!pending) {
      pending = fs.promises.readFile(step.file.path);
      pending.catch(() => undefined); // read again (and reported) when its turn comes
      readAhead.set(index, pending);
    }
    return pending;
  };

  await scpSession(opener, command, async (scp: ScpChannel) => {
    // Acks the sink still owes, in order; the first is its "ready".
    let owed = 1;
    // What goes out in one write: a small file's body, its `\0`, the `E`s after it and the next header travel in
    // one SSH packet (separate small writes would meet Nagle's algorithm and a delayed ACK: 40 ms each).
    let out: Buffer[] = [];
    const send = (data: Buffer | string) => {
      out.push(typeof data === 'string' ? Buffer.from(data) : data);
    };
    const settle = async () => {
      if (out.length > 0) {
        const data = out.length === 1 ? out[0]! : Buffer.concat(out);
        out = [];
        await scp.write(data);
      }
      for (; owed > 0; owed--) await scp.expectAck();
    };
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (step.kind === 'leave') {
        send('E\n');
        owed++;
        continue;
      }
      if (step.kind === 'enter') {
        send(`D${modeText(step.dir.mode)} 0 ${recordName(step.dir.name)}\n`);
        owed++;
        await settle(); // its contents must not reach the sink before the directory exists
        continue;
      }
      const file = step.file;
      for (let j = i; j < i + READ_AHEAD; j++) read(j);
      const body = read(i);
      let content: Buffer | undefined;
      if (body) {
        try {
          content = await body;
        } catch (err) {
          throw new Error(`cannot read ${file.path}: ${(err as Error).message}`);
        }
        readAhead.delete(i);
      }
      const size = content ? content.length : file.size;
      send(`C${modeText(file.mode)} ${size} ${recordName(file.name)}\n`);
      owed++;
      await settle();
      if (content) send(content);
      else await sendStream(scp, fs.createReadStream(file.path, { highWaterMark: STREAM_CHUNK }), size, file.path);
      send('\0');
      owed++;
    }
    await settle();
  });
}

/** Whether `remotePath` is a directory on the remote machine (`[ -d ]` through the remote shell). */
async function remoteIsDir(opener: SessionOpener, remotePath: string): Promise<boolean> {
  const channel = await opener.exec(`[ -d ${shellQuotePath(remotePath)} ]`);
  channel.resume();
  channel.stderr.resume();
  channel.end();
  const code = await new Promise<number | null | undefined>((resolve) => channel.once('close', resolve));
  return code === 0;
}

/** Splits `files` into `count` runs in tree order, of about equal cost (a file costs a round trip plus its bytes). */
function split(files: readonly LocalFile[], count: number): LocalFile[][] {
  const cost = (f: LocalFile) => 16 * 1024 + f.size;
  const total = files.reduce((n, f) => n + cost(f), 0);
  const runs: LocalFile[][] = [[]];
  let acc = 0;
  for (const file of files) {
    if (acc >= (total * runs.length) / count && runs.length < count) runs.push([]);
    runs.at(-1)!.push(file);
    acc += cost(file);
  }
  return runs.filter((r) => r.length > 0);
}

export async function scpUploadDir(
  opener: SessionOpener,
  destination: string,
  sourceDir: string,
  exclude?: readonly string[],
): Promise<void> {
  const tree = await readLocalTree(sourceDir, exclude);
  const contentsOnly = copiesContentsOnly(sourceDir);
  const steps = treeSteps(contentsOnly ? tree.entries : [tree]);
  // Contents only: the destination must be a directory (-d). The directory itself: like Packer, a missing
  // destination is created as the copy (scp's rule for a target that is not a directory).
  const command = `scp -r -t ${contentsOnly ? '-d ' : ''}-- ${shellQuotePath(destination)}`;

  const entries = [...walkTree(tree)];
  const files = entries.filter((e): e is LocalFile => e.kind === 'file');
  const dirs = entries.filter((e): e is LocalDir => e.kind === 'dir');
  // A directory the owner may not write or enter is finished (chmod) when its session leaves it: then the
  // other sessions could not fill it. Such trees, and small ones, go in one session.
  const parallel = files.length >= PARALLEL_FROM && [tree, ...dirs].every((d) => (d.mode & 0o300) === 0o300);
  if (!parallel) return sendSteps(opener, command, steps);

  const root = contentsOnly || !(await remoteIsDir(opener, destination)) ? destination : `${destination}/${tree.name}`;
  await sendSteps(opener, command, steps.filter((s) => s.kind !== 'file'));
  const byPath = new Map(dirs.map((d) => [d.relative, d]));
  const results = await Promise.allSettled(
    split(files, SESSIONS).map((run) => sendSteps(opener, `scp -r -t -d -- ${shellQuotePath(root)}`, filesSteps(run, byPath))),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
