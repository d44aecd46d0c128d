// A Communicator for tests of provisioners (and builders' provisioning hooks) that needs no machine: it records
// every call, answers commands from a scripted table (output and exit status; exit 0 when nothing matches), and
// keeps uploaded files in memory so that a later download or command table can see them.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Communicator, RemoteCommand, RemoteCommandResult, UploadOptions } from '../runtime.js';

/** How a scripted command answers. */
export interface CommandAnswer {
  readonly stdout?: string;
  readonly stderr?: string;
  /** Defaults to 0. */
  readonly exitStatus?: number;
}

/**
 * One entry of the command table: commands equal to a string, or matching a RegExp, get the answer; a function
 * computes it; an Error makes `start` reject (the command could not be started).
 */
export type ScriptedCommand = readonly [
  match: string | RegExp,
  answer: CommandAnswer | Error | ((command: string, stdin: string) => CommandAnswer | Promise<CommandAnswer>),
];

export interface RecordingCommunicatorOptions {
  /** The command table, first match wins; unmatched commands exit 0 with no output. */
  readonly commands?: readonly ScriptedCommand[];
  /** Files already on the "machine", by remote path, for downloads. */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
}

/** One recorded call. */
export type CommunicatorCall =
  | { readonly kind: 'start'; readonly command: string; readonly stdin: string; readonly exitStatus: number }
  | { readonly kind: 'upload'; readonly destination: string; readonly content: Buffer; readonly mode: number }
  | { readonly kind: 'uploadDir'; readonly destination: string; readonly source: string; readonly exclude: readonly string[] }
  | { readonly kind: 'download'; readonly path: string }
  | { readonly kind: 'downloadDir'; readonly source: string; readonly destination: string; readonly exclude: readonly string[] };

export interface RecordingCommunicator extends Communicator {
  /** Every call, in order. */
  readonly calls: CommunicatorCall[];
  /** The commands started, in order. */
  readonly commands: string[];
  /** The remote files: uploaded (file by file, directories too) or given as `files`. */
  readonly files: Map<string, { content: Buffer; mode: number }>;
  /** A remote file's content as text (undefined when there is none). */
  fileText(remotePath: string): string | undefined;
}

/** A Communicator that records its calls (see RecordingCommunicator). */
export function recordingCommunicator(options: RecordingCommunicatorOptions = {}): RecordingCommunicator {
  const calls: CommunicatorCall[] = [];
  const commands: string[] = [];
  const files = new Map<string, { content: Buffer; mode: number }>();
  for (const [p, content] of Object.entries(options.files ?? {})) files.set(p, { content: Buffer.from(content), mode: 0o644 });
  const table = options.commands ?? [];

  return {
    calls,
    commands,
    files,
    fileText: (remotePath) => files.get(remotePath)?.content.toString('utf8'),

    async start(command: RemoteCommand, signal: AbortSignal): Promise<RemoteCommandResult> {
      signal.throwIfAborted();
      const stdin = command.stdin ? (await readAll(command.stdin)).toString('utf8') : '';
      commands.push(command.command);
      const entry = table.find(([match]) => (typeof match === 'string' ? match === command.command : match.test(command.command)));
      let answer: CommandAnswer = {};
      if (entry) {
        const scripted = entry[1];
        if (scripted instanceof Error) {
          calls.push({ kind: 'start', command: command.command, stdin, exitStatus: -1 });
          throw scripted;
        }
        answer = typeof scripted === 'function' ? await scripted(command.command, stdin) : scripted;
      }
      const exitStatus = answer.exitStatus ?? 0;
      calls.push({ kind: 'start', command: command.command, stdin, exitStatus });
      if (answer.stdout) await write(command.stdout, answer.stdout);
      if (answer.stderr) await write(command.stderr, answer.stderr);
      return { exitStatus };
    },

    async upload(destination: string, source: Readable, uploadOptions?: UploadOptions): Promise<void> {
      const content = await readAll(source);
      const mode = uploadOptions?.mode ?? 0o644;
      uploadOptions?.progress?.(content.length, uploadOptions.size ?? content.length);
      calls.push({ kind: 'upload', destination, content, mode });
      files.set(destination, { content, mode });
    },

    async uploadDir(destination: string, source: string, exclude: readonly string[] = []): Promise<void> {
      calls.push({ kind: 'uploadDir', destination, source, exclude: [...exclude] });
      // rsync's rule, as the SSH communicator follows it: `src/` copies the contents, `src` the directory itself.
      const base = source.endsWith('/') ? destination : path.posix.join(destination, path.basename(source));
      for (const relative of walk(source, '')) {
        if (exclude.some((x) => relative === x || relative.startsWith(`${x}/`))) continue;
        const local = path.join(source, relative);
        files.set(path.posix.join(base, relative), { content: fs.readFileSync(local), mode: fs.statSync(local).mode & 0o777 });
      }
    },

    async download(remotePath: string, destination: Writable): Promise<void> {
      calls.push({ kind: 'download', path: remotePath });
      const file = files.get(remotePath);
      if (!file) throw new Error(`recordingCommunicator: no remote file ${remotePath}`);
      await write(destination, file.content);
    },

    async downloadDir(source: string, destination: string, exclude: readonly string[] = []): Promise<void> {
      calls.push({ kind: 'downloadDir', source, destination, exclude: [...exclude] });
      const prefix = source.endsWith('/') ? source : `${source}/`;
      for (const [remotePath, file] of files) {
        if (!remotePath.startsWith(prefix)) continue;
        const relative = remotePath.slice(prefix.length);
        if (exclude.some((x) => relative === x || relative.startsWith(`${x}/`))) continue;
        const local = path.join(destination, ...relative.split('/'));
        fs.mkdirSync(path.dirname(local), { recursive: true });
        fs.writeFileSync(local, file.content, { mode: file.mode });
      }
    },
  };
}

/** Relative paths (with `/`) of the files below a local directory. */
function walk(root: string, relative: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) out.push(...walk(root, child));
    else out.push(child);
  }
  return out.sort();
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Writes to a stream (when there is one) and waits until it took the data. */
function write(stream: Writable | undefined, data: string | Uint8Array): Promise<void> {
  if (!stream) return Promise.resolve();
  return new Promise((resolve, reject) => stream.write(data, (error) => (error ? reject(error) : resolve())));
}
