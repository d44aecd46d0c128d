// Long waits and transfers on a terminal: one ora spinner for the whole run, listing every running progress
// (parallel builds) with its elapsed time. Other output is written above it: the spinner is cleared, the
// line written, the spinner redrawn.
import { Writable } from 'node:stream';
import readline from 'node:readline';
import type { Ora } from 'ora';
import { formatElapsed } from './timestamp.js';

export interface SpinnerBoardOptions {
  /** Where spinner frames go (the same sink as the UI lines). */
  readonly write: (text: string) => void;
  /** Spinner colour (cyan) only when colours are on. */
  readonly color: boolean;
  readonly columns?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly prefix: string;
  readonly label: string;
  text: string;
  readonly start: number;
}

/**
 * A TTY-like stream over a write function: ora needs isTTY, columns and the cursor methods, and the UI writes
 * synchronously rather than through process.stdout's stream.
 */
function terminalStream(write: (text: string) => void, columns: number): NodeJS.WritableStream {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      callback();
    },
  });
  return Object.assign(stream, {
    isTTY: true,
    columns,
    rows: 24,
    cursorTo(x: number, y?: number) {
      return readline.cursorTo(stream, x, y);
    },
    moveCursor(dx: number, dy: number) {
      return readline.moveCursor(stream, dx, dy);
    },
    clearLine(dir: -1 | 0 | 1) {
      return readline.clearLine(stream, dir);
    },
  });
}

let oraLibrary: typeof import('ora').default | undefined;

/**
 * Loads ora, for spinners on a terminal (commands call it before creating an interactive UI): kept out of the
 * start-up of every command, and of non-interactive runs. Without it, progress is shown as plain lines.
 */
export async function loadSpinners(): Promise<void> {
  oraLibrary ??= (await import('ora')).default;
}

/** Whether loadSpinners has run. */
export function spinnersLoaded(): boolean {
  return oraLibrary !== undefined;
}

/**
 * ora draws the frames; the board drives them from its own unref'd timer (rather than ora's start()), so a
 * spinner never keeps the process alive and ora never hooks process.stdout/stderr.
 */
export class SpinnerBoard {
  readonly #entries = new Set<Entry>();
  readonly #spinner: Ora;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #suspended = 0;

  constructor(options: SpinnerBoardOptions) {
    this.#now = options.now ?? Date.now;
    if (!oraLibrary) throw new Error('SpinnerBoard needs loadSpinners() first');
    this.#spinner = oraLibrary({
      // A pseudo-terminal may report 0 columns; ora divides by the width to count lines to clear.
      stream: terminalStream(options.write, options.columns && options.columns > 0 ? options.columns : 80),
      isEnabled: true,
      discardStdin: false, // stdin stays free for ask (breakpoint, -on-error=ask)
      hideCursor: false,
      color: options.color ? 'cyan' : false,
    });
  }

  /** Starts showing `prefix label` with its elapsed time until the returned `done`. */
  begin(prefix: string, label: string, since?: number): { update(text: string): void; done(): number } {
    const entry: Entry = { prefix, label, text: '', start: since ?? this.#now() };
    this.#entries.add(entry);
    this.#refresh();
    return {
      update: (text) => {
        entry.text = text;
        this.#refresh();
      },
      done: () => {
        this.#entries.delete(entry);
        this.#refresh();
        return this.#now() - entry.start;
      },
    };
  }

  /** Writes around the spinner: clear it, write, draw it again below. */
  around(write: () => void): void {
    if (!this.#timer) return write();
    this.#spinner.clear();
    write();
    this.#draw();
  }

  /** Hides the spinner while a question waits for its answer. */
  async suspended<T>(fn: () => Promise<T>): Promise<T> {
    this.#suspended += 1;
    this.#refresh();
    try {
      return await fn();
    } finally {
      this.#suspended -= 1;
      this.#refresh();
    }
  }

  /** Stops the spinner for good (end of run, interrupt). */
  stop(): void {
    this.#entries.clear();
    this.#refresh();
  }

  get spinning(): boolean {
    return this.#timer !== undefined;
  }

  #draw(): void {
    const now = this.#now();
    this.#spinner.text = [...this.#entries]
      .map((e) => `${e.prefix}${e.label}${e.text ? ` ${e.text}` : ''} (${formatElapsed(now - e.start)})`)
      .join('\n');
    this.#spinner.render();
  }

  #refresh(): void {
    const show = this.#entries.size > 0 && this.#suspended === 0;
    if (!show) {
      if (this.#timer) {
        clearInterval(this.#timer);
        this.#timer = undefined;
        this.#spinner.clear();
      }
      return;
    }
    if (!this.#timer) {
      this.#timer = setInterval(() => this.#draw(), this.#spinner.interval);
      this.#timer.unref();
    }
    this.#draw();
  }
}
