// What the remote shell provisioner uploads: the script made from `inline` (a local temporary file, whose path
// is what Packer prints), scripts read from disk with Windows line endings made Unix ones (UnixReader) unless
// `binary`, and the remote names of the scripts and the variables file.
import { randomInt } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Configurations whose inline_shebang prepare filled in (Packer's inlineShebangDefined is false for them). */
const defaultedShebangs = new WeakSet<object>();

/** Records that prepare gave `config` the default inline_shebang. */
export function markDefaultInlineShebang(config: object): void {
  defaultedShebangs.add(config);
}

/**
 * The inline script: the commands one per line, after `#!SHEBANG` unless the shebang is the default one and
 * the commands start with their own `#!` (current Packer; 1.6.6 always wrote the shebang).
 */
export function inlineScriptText(config: object, shebang: string, commands: readonly string[]): string {
  const body = commands.map((command) => `${command}\n`).join('');
  const ownShebang = defaultedShebangs.has(config) && body.startsWith('#!');
  return ownShebang ? body : `#!${shebang}\n${body}`;
}

/** tmp.File(prefix) holding `text`: a new file in the temporary directory, mode 0600, named PREFIX + digits. */
export async function writeTempFile(prefix: string, text: string): Promise<string> {
  for (;;) {
    // Go's os.CreateTemp appends a random uint32 in decimal.
    const path = join(tmpdir(), `${prefix}${randomInt(0, 2 ** 32 - 1)}`);
    let handle;
    try {
      handle = await open(path, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new Error(`Error preparing shell script: ${(e as Error).message}`);
    }
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return path;
  }
}

/**
 * UnixReader: every line ends with `\n`, one `\r` before it dropped, and a last line without a newline gets one
 * (bufio.ScanLines then `\n`).
 */
export function unixLineEndings(content: Buffer): Buffer {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < content.length) {
    const nl = content.indexOf(0x0a, start);
    const end = nl < 0 ? content.length : nl;
    const line = content.subarray(start, end > start && content[end - 1] === 0x0d ? end - 1 : end);
    lines.push(line, Buffer.from('\n'));
    start = end + 1;
  }
  return Buffer.concat(lines);
}

/** Go's errno texts for the errors opening a script can meet. */
const OPEN_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
};

/** The script's bytes, or Packer's "Error opening shell script: open PATH: REASON". */
export async function readScript(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const reason = OPEN_ERRORS[code] ?? (e as Error).message;
    throw new Error(`Error opening shell script: open ${path}: ${reason}`);
  }
}

/** The variables file's remote path: REMOTE_FOLDER/varfile_N.sh, N drawn anew for each try as Packer does. */
export function remoteVarFilePath(remoteFolder: string): string {
  return `${remoteFolder}/varfile_${randomInt(0, 9999)}.sh`;
}
