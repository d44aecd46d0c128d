// Packer's UI (packer-plugin-sdk BasicUi / MachineReadableUi): every message, errors included, goes to stdout
// followed by a newline. With -machine-readable each call becomes one `<unix time>,<target>,<type>,<args…>` line.
import fs from 'node:fs';

export interface Ui {
  say(message: string): void;
  message(message: string): void;
  error(message: string): void;
  /** Machine-readable events; ignored by the human UI. */
  machine(type: string, ...args: string[]): void;
  /** Raw output that bypasses the UI (what Packer writes straight to os.Stdout). */
  raw(text: string): void;
}

/** Synchronous writes: output is never lost or reordered when the process exits right after. */
export function writeStdout(text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(1, buf, off, buf.length - off);
    } catch (e) {
      // A non-blocking pipe that is full: wait for the reader, then retry.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
      throw e;
    }
  }
}

export class BasicUi implements Ui {
  say(message: string): void {
    writeStdout(message + '\n');
  }
  message(message: string): void {
    writeStdout(message + '\n');
  }
  error(message: string): void {
    writeStdout(message + '\n');
  }
  machine(): void {}
  raw(text: string): void {
    writeStdout(text);
  }
}

export class MachineReadableUi implements Ui {
  say(message: string): void {
    this.machine('ui', 'say', message);
  }
  message(message: string): void {
    this.machine('ui', 'message', message);
  }
  error(message: string): void {
    this.machine('ui', 'error', message);
  }
  machine(type: string, ...args: string[]): void {
    const escaped = args.map((a) => a.replaceAll(',', '%!(PACKER_COMMA)').replaceAll('\r', '\\r').replaceAll('\n', '\\n'));
    const now = Math.floor(Date.now() / 1000);
    writeStdout(`${now},,${type},${escaped.join(',')}\n`);
  }
  raw(text: string): void {
    writeStdout(text);
  }
}
