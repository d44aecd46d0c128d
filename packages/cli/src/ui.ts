// Packer's UI (packer-plugin-sdk BasicUi / MachineReadableUi): every message, errors included, goes to stdout
// followed by a newline. With -machine-readable each call becomes one `<unix time>,<target>,<type>,<args…>` line.
import { machineReadableLine } from '@tspacker/core/ui/machine-readable.js';
import { writeStdoutSync as writeStdout } from '@tspacker/core/ui/output.js';

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
export { writeStdout };

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
    writeStdout(machineReadableLine(new Date(), '', type, args));
  }
  raw(text: string): void {
    writeStdout(text);
  }
}
