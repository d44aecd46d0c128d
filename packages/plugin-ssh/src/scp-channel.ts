// The local end of one scp protocol session: the remote `scp -t` (sink) or `scp -f` (source) runs in an exec
// channel; this reads its acks, records and file bytes, writes ours with backpressure, and turns its error replies
// (`\x01`/`\x02` + message) and early exits into clear errors.
import type { Writable } from 'node:stream';
import type { ClientChannel } from 'ssh2';

/** Pause the channel when this much unread data is queued (the ssh window then fills and the sender waits). */
const READ_QUEUE_LIMIT = 4 * 1024 * 1024;
const STDERR_LIMIT = 64 * 1024;

/** An error reply from the remote scp, e.g. `scp: /root/x: Permission denied`. */
export class ScpRemoteError extends Error {}

export class ScpChannel {
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private stderr = '';
  private exitCode: number | undefined;
  private exitSignal: string | undefined;
  private isClosed = false;
  private readonly closed: Promise<void>;

  constructor(
    private readonly channel: ClientChannel,
    /** The remote command, for messages. */
    private readonly command: string,
  ) {
    channel.on('data', (chunk: Buffer) => {
      this.queue.push(chunk);
      this.queued += chunk.length;
      if (this.queued > READ_QUEUE_LIMIT) channel.pause();
      this.notify();
    });
    channel.on('end', () => {
      this.ended = true;
      this.notify();
    });
    channel.on('error', (err: Error) => {
      this.failure ??= err;
      this.notify();
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < STDERR_LIMIT) this.stderr += chunk.toString('utf8');
    });
    // The exit status comes with 'close' too ('exit' may fire before the opener hands us the channel).
    const onExit = (code?: number | null, signal?: string) => {
      if (typeof code === 'number') this.exitCode = code;
      else if (signal) this.exitSignal = signal;
    };
    channel.on('exit', onExit);
    this.closed = new Promise((resolve) =>
      channel.once('close', (code?: number | null, signal?: string) => {
        onExit(code, signal);
        this.isClosed = true;
        this.ended = true;
        this.notify();
        resolve();
      }),
    );
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Waits until data is queued, or fails when the remote side ended first. */
  private async fill(): Promise<void> {
    while (this.queued === 0) {
      if (this.failure) throw this.failure;
      if (this.ended) throw await this.endedEarly();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private take(max: number): Buffer {
    const head = this.queue[0]!;
    let chunk = head;
    if (head.length <= max) this.queue.shift();
    else {
      chunk = head.subarray(0, max);
      this.queue[0] = head.subarray(max);
    }
    this.queued -= chunk.length;
    if (this.queued <= READ_QUEUE_LIMIT / 2 && this.channel.isPaused()) this.channel.resume();
    return chunk;
  }

  /** Whether the remote side ended cleanly at this point (no more records). */
  async atEnd(): Promise<boolean> {
    while (this.queued === 0) {
      if (this.failure) throw this.failure;
      if (this.ended) return true;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return false;
  }

  async readByte(): Promise<number> {
    await this.fill();
    return this.take(1)[0]!;
  }

  /** One `\n`-terminated line, without the `\n`. */
  async readLine(): Promise<string> {
    const parts: Buffer[] = [];
    for (;;) {
      await this.fill();
      const head = this.queue[0]!;
      const newline = head.indexOf(0x0a);
      if (newline >= 0) {
        parts.push(this.take(newline + 1));
        return Buffer.concat(parts).subarray(0, -1).toString('utf8');
      }
      parts.push(this.take(head.length));
      if (parts.reduce((n, p) => n + p.length, 0) > 64 * 1024) throw new Error(`${this.command}: protocol line too long`);
    }
  }

  /** Copies exactly `size` bytes to `sink` (null: discard), waiting on its backpressure. */
  async readInto(size: number, sink: Writable | null, onChunk?: (length: number) => void): Promise<void> {
    let left = size;
    while (left > 0) {
      await this.fill();
      const chunk = this.take(left);
      left -= chunk.length;
      onChunk?.(chunk.length);
      if (sink && !sink.write(chunk)) await drained(sink);
    }
  }

  /** Reads the remote's reply to what we sent: `\0` is fine, `\x01`/`\x02` carry an error message. */
  async expectAck(): Promise<void> {
    const code = await this.readByte();
    if (code === 0) return;
    if (code === 1 || code === 2) throw new ScpRemoteError((await this.readLine()).trim());
    throw new Error(`${this.command}: unexpected reply from the remote scp (byte 0x${code.toString(16)})`);
  }

  /** Writes `data`, waiting when the channel's buffer is full. */
  async write(data: Buffer | string): Promise<void> {
    if (this.failure) throw this.failure;
    // ssh2 never completes a write on a channel the other side closed: find out why it stopped instead.
    if (this.isClosed || outgoingState(this.channel) !== 'open') throw await this.endedEarly();
    if (this.channel.write(data)) return;
    await Promise.race([
      drained(this.channel),
      this.closed.then(async () => {
        throw await this.endedEarly();
      }),
    ]);
  }

  /** Ends our side and waits for the remote scp to exit; a failure exit becomes an error. */
  async finish(): Promise<void> {
    this.channel.end();
    await this.closed;
    if (this.failure) throw this.failure;
    if (this.exitCode !== undefined && this.exitCode !== 0) throw await this.endedEarly();
  }

  /** Closes the session at once (after an error). */
  abort(): void {
    this.channel.close();
  }

  /** Why the remote scp stopped talking: a missing scp, a signal, or whatever it wrote on stderr. */
  private async endedEarly(): Promise<Error> {
    await Promise.race([this.closed, new Promise((r) => setTimeout(r, 2000).unref())]);
    // Its last words may still be queued behind acks we have not read: `\0...\0 \x01scp: PATH: reason\n`.
    const unread = Buffer.concat(this.queue);
    let start = 0;
    while (unread[start] === 0) start++;
    if (unread[start] === 1 || unread[start] === 2) {
      const end = unread.indexOf(0x0a, start);
      return new ScpRemoteError(unread.subarray(start + 1, end < 0 ? undefined : end).toString('utf8').trim());
    }
    const stderr = this.stderr.trim();
    if (this.exitCode === 127) {
      return new Error(
        `scp failed to start on the remote machine (exit status 127): is scp installed there? ` +
          `Use ssh_file_transfer_method = "sftp" otherwise.${stderr ? ` (${stderr})` : ''}`,
      );
    }
    const how =
      this.exitCode !== undefined
        ? `exit status ${this.exitCode}`
        : this.exitSignal
          ? `signal ${this.exitSignal}`
          : 'the connection closed';
    return new Error(`the remote scp ended unexpectedly (${how})${stderr ? `: ${stderr}` : ''}`);
  }
}

/** ssh2's own view of our half of the channel (it closes before 'close' is emitted, which waits for 'end'). */
function outgoingState(channel: ClientChannel): string | undefined {
  return (channel as unknown as { outgoing?: { state?: string } }).outgoing?.state;
}

function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stream.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('the channel closed while writing'));
    stream.once('drain', onDrain);
    stream.once('close', onClose);
    stream.once('error', done);
  });
}
