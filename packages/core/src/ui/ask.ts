// Questions to the user (packer BasicUi.Ask): the query and a space, then one line read from stdin, trimmed.
// Only on a terminal; one question at a time even when parallel builds ask together.
import readline from 'node:readline';

export interface AskerOptions {
  readonly interactive: boolean;
  readonly write: (text: string) => void;
  /** Defaults to process.stdin. */
  readonly input?: NodeJS.ReadableStream;
}

export class AskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AskError';
  }
}

export type Asker = (query: string) => Promise<string>;

export function createAsker(options: AskerOptions): Asker {
  let queue: Promise<unknown> = Promise.resolve();
  let lines: LineReader | undefined;
  return (query) => {
    if (!options.interactive) {
      return Promise.reject(
        new AskError(
          // eslint-disable-next-line no-control-regex -- the query may already be coloured
          `Cannot ask "${query.replace(/\u001b\[[0-9;]*m/g, '').trim()}": no available tty (stdin and stdout must be a terminal to answer questions)`,
        ),
      );
    }
    const answer = queue.then(() => {
      if (query !== '') options.write(query + ' ');
      lines ??= new LineReader(options.input ?? process.stdin);
      return lines.next();
    });
    queue = answer.catch(() => undefined);
    return answer;
  };
}

/**
 * One readline over the input for all questions: lines that arrive together (piped answers) are kept for the
 * next question, and the input is paused between questions so it does not keep the process alive.
 */
class LineReader {
  readonly #rl: readline.Interface;
  readonly #buffered: string[] = [];
  #waiting: { resolve: (line: string) => void; reject: (e: Error) => void } | undefined;
  #closed = false;

  constructor(input: NodeJS.ReadableStream) {
    this.#rl = readline.createInterface({ input, terminal: false });
    this.#rl.on('line', (line) => {
      const waiting = this.#waiting;
      if (waiting) {
        this.#waiting = undefined;
        this.#rl.pause();
        waiting.resolve(line.trim());
      } else {
        this.#buffered.push(line);
      }
    });
    this.#rl.on('close', () => {
      this.#closed = true;
      this.#waiting?.reject(new AskError('Cannot ask: input closed before an answer was given'));
      this.#waiting = undefined;
    });
  }

  next(): Promise<string> {
    const line = this.#buffered.shift();
    if (line !== undefined) return Promise.resolve(line.trim());
    if (this.#closed) return Promise.reject(new AskError('Cannot ask: input closed before an answer was given'));
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#rl.resume();
    });
  }
}
