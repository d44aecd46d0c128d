// Running one command on the machine through the SDK Communicator, as packersdk.RemoteCmd does: RunWithUi streams
// the command's stdout lines to ui.message and its stderr lines to ui.error as they arrive; a plain run discards
// the output. Both resolve with the exit status (2300218, CmdDisconnect, when the connection was lost) and reject
// when the command could not be started, or with the signal's reason as soon as the signal aborts.
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Communicator, Ui } from '@tspacker/sdk';
import { cleanOutputLine } from './shell-local-run.js';
import { untilAborted } from '@tspacker/sdk';

/** packersdk.CmdDisconnect: the exit status of a command whose connection was lost before it ended. */
export const CMD_DISCONNECT = 2300218;

/**
 * A stream that hands each `\n`-terminated line (and an unterminated last one at the end) to `emit`, as
 * iochan.DelimReader. Writes after `stop()` are dropped: a cancelled command may still produce output.
 */
class LineWriter extends Writable {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private stopped = false;

  constructor(private readonly onLine: (line: string) => void) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (!this.stopped) this.take(this.decoder.write(chunk));
    done();
  }

  private take(text: string): void {
    this.pending += text;
    for (let nl = this.pending.indexOf('\n'); nl >= 0; nl = this.pending.indexOf('\n')) {
      this.onLine(this.pending.slice(0, nl + 1));
      this.pending = this.pending.slice(nl + 1);
    }
  }

  /** Emits what is left and stops listening. */
  stop(): void {
    if (this.stopped) return;
    this.take(this.decoder.end());
    if (this.pending !== '') this.onLine(this.pending);
    this.pending = '';
    this.stopped = true;
  }
}

/** RemoteCmd.RunWithUi: runs `command`, its output lines shown as they come; resolves with the exit status. */
export async function runWithUi(communicator: Communicator, command: string, ui: Ui, signal: AbortSignal): Promise<number> {
  const shown = (to: (text: string) => void) => (line: string) => {
    if (line !== '') to(cleanOutputLine(line));
  };
  const stdout = new LineWriter(shown((text) => ui.message(text)));
  const stderr = new LineWriter(shown((text) => ui.error(text)));
  try {
    const { exitStatus } = await untilAborted(communicator.start({ command, stdout, stderr }, signal), signal);
    return exitStatus;
  } finally {
    stdout.stop();
    stderr.stop();
  }
}

/** Runs `command` (chmod, rm) and waits for it, its output discarded; resolves with the exit status. */
export async function runQuietly(communicator: Communicator, command: string, signal: AbortSignal): Promise<number> {
  const { exitStatus } = await untilAborted(communicator.start({ command }, signal), signal);
  return exitStatus;
}
