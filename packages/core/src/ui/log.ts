// The debug log (Packer's PACKER_LOG / PACKER_LOG_PATH): enabled by TSPACKER_LOG or PACKER_LOG set to anything but
// "" or "0"; written to the file named by TSPACKER_LOG_PATH / PACKER_LOG_PATH (truncated first, like os.Create) or
// else to stderr. Lines carry Go's log prefix (`2006/01/02 15:04:05 `) and are masked like every other sink.
import fs from 'node:fs';
import { createMasker } from '@tspacker/sdk';
import { goLogTime } from './timestamp.js';

export type LogEnv = Readonly<Record<string, string | undefined>>;

export interface LoggerOptions {
  /** Defaults to process.env. */
  readonly env?: LogEnv;
  readonly secrets?: ReadonlySet<string>;
  readonly now?: () => Date;
  /** Replaces the stderr destination (tests); a log path still wins. */
  readonly writeStderr?: (text: string) => void;
}

export interface Logger {
  readonly enabled: boolean;
  /** The file the log goes to, or undefined for stderr. */
  readonly path: string | undefined;
  /** A debug line (`[INFO] …`, `[DEBUG] …` by convention). */
  log(message: string): void;
  /**
   * A copy of a UI line (`ui: …`, `ui error: …`). Only kept in a log file: on stderr it would repeat the
   * terminal output (Packer filters these lines out of stderr the same way).
   */
  ui(kind: 'ui' | 'ui error', message: string): void;
  close(): void;
}

/** A logger that drops everything. */
export const disabledLogger: Logger = { enabled: false, path: undefined, log() {}, ui() {}, close() {} };

function isOn(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0';
}

/** Whether the environment turns the debug log on. */
export function logEnabled(env: LogEnv = process.env): boolean {
  return isOn(env['TSPACKER_LOG']) || isOn(env['PACKER_LOG']);
}

/** The log file named by the environment, if any (TSPACKER_LOG_PATH first). */
export function logPath(env: LogEnv = process.env): string | undefined {
  return env['TSPACKER_LOG_PATH'] || env['PACKER_LOG_PATH'] || undefined;
}

/** Opens the log the environment asks for; throws (with the path in the message) when the file cannot be created. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  if (!logEnabled(env)) return disabledLogger;
  const mask = createMasker(options.secrets ?? new Set());
  const now = options.now ?? (() => new Date());
  const path = logPath(env);
  let fd: number | undefined;
  if (path !== undefined) {
    try {
      fd = fs.openSync(path, 'w');
    } catch (e) {
      throw new Error(`Couldn't setup log output: ${(e as Error).message}`);
    }
  }
  const writeStderr = options.writeStderr ?? ((text: string) => void process.stderr.write(text));
  let closed = false;
  const write = (message: string) => {
    if (closed) return;
    const text = `${goLogTime(now())} ${mask(message)}`;
    const line = text.endsWith('\n') ? text : text + '\n';
    if (fd !== undefined) fs.writeSync(fd, line);
    else writeStderr(line);
  };
  return {
    enabled: true,
    path,
    log: write,
    ui(kind, message) {
      if (fd !== undefined) write(`${kind}: ${message}`);
    },
    close() {
      if (fd !== undefined) fs.closeSync(fd);
      closed = true;
    },
  };
}
