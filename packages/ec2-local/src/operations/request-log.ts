// The JSONL request log: one line per answered call with only its metadata (time, service, region, action,
// status, error code, duration, request id) — never parameter values, which can hold secrets (user data, key
// material, secret strings). Lines go through one append stream, so concurrent calls never interleave.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export interface RequestLogEntry {
  /** When the call arrived (ISO 8601). */
  readonly time: string;
  readonly service: string;
  readonly region: string;
  readonly action: string;
  readonly status: number;
  readonly errorCode: string | null;
  readonly durationMs: number;
  readonly requestId: string;
  /** Present when the operations layer answered instead of the service (an injected fault or throttle). */
  readonly injected?: 'fault' | 'throttle';
}

export class RequestLog {
  private readonly stream: WriteStream;
  private failure: Error | undefined;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'a' });
    // A full disk must not take the endpoint down: logging stops, the error is kept for `flush` to report.
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  append(entry: RequestLogEntry): void {
    if (this.failure || this.stream.destroyed) return;
    this.stream.write(`${JSON.stringify(entry)}\n`);
  }

  /** Resolves when every line appended so far is in the file. */
  flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      if (this.stream.destroyed || this.stream.writableEnded) return resolve();
      this.stream.write('', (error) => (error ? reject(error) : resolve()));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.stream.destroyed || this.stream.writableEnded) return resolve();
      this.stream.end(() => resolve());
    });
  }
}
