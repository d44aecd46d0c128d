// One scp protocol session (the remote `scp -t` or `scp -f` in an exec channel) and the pieces of its records
// that uploads share: a file's mode and name as scp writes them, and a body of announced length.
import type { Readable } from 'node:stream';
import { ScpChannel } from './scp-channel.js';
import type { SessionOpener, TransferProgress } from './transfer.js';

/** Runs `body` against the remote `command`; the session is closed whatever happens. */
export async function scpSession(opener: SessionOpener, command: string, body: (scp: ScpChannel) => Promise<void>): Promise<void> {
  const scp = new ScpChannel(await opener.exec(command), command);
  try {
    await body(scp);
  } catch (err) {
    scp.abort();
    throw err;
  }
  await scp.finish();
}

export function recordName(name: string): string {
  if (/[\n\r]/.test(name)) throw new Error(`cannot upload ${JSON.stringify(name)} with scp: the name has a line break`);
  return name;
}

export function modeText(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** Sends exactly `size` bytes of `source`; a stream of another length is an error (scp announced the size). */
export async function sendStream(
  scp: ScpChannel,
  source: Readable,
  size: number,
  what: string,
  progress?: TransferProgress,
  trailer?: Buffer,
): Promise<void> {
  let sent = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (sent + bytes.length > size) throw new Error(`${what}: the source has more than the ${size} bytes announced`);
    sent += bytes.length;
    // The trailer goes in the same write as the last bytes (a lone small write waits for a delayed ACK).
    await scp.write(trailer && sent === size ? Buffer.concat([bytes, trailer]) : bytes);
    progress?.(sent, size);
  }
  if (sent !== size) throw new Error(`${what}: the source ended after ${sent} of the ${size} bytes announced`);
  if (trailer && size === 0) await scp.write(trailer);
}
