// A Ui for tests of plugin components: it records every call, in order and by kind, so that a test can assert
// what a component said, and answers `ask` from a script (a build's UI rejects when input is not a terminal).
import type { Progress, ProgressOptions, Ui } from '../runtime.js';

export interface RecordingUi extends Ui {
  /** Every call in order, as `say: text`, `message: text`, `error: text`, `ask: question`, `progress: label`. */
  readonly lines: string[];
  /** The texts of `say` calls (step headlines). */
  readonly said: string[];
  /** The texts of `message` calls (detail lines). */
  readonly messages: string[];
  /** The texts of `error` calls. */
  readonly errors: string[];
  /** `machine` events: type and data. */
  readonly machineEvents: { type: string; data: string[] }[];
  /** Progress displays: label, updates, and how each ended (undefined while it runs). */
  readonly progresses: { label: string; updates: string[]; outcome: string | undefined }[];
}

export interface RecordingUiOptions {
  /**
   * Answers to `ask`, used in order; an Error makes that ask reject. When they run out, `ask` rejects as a
   * build's UI does without a terminal.
   */
  readonly answers?: readonly (string | Error)[];
}

/** A Ui that records what is said (see RecordingUi). */
export function recordingUi(options: RecordingUiOptions = {}): RecordingUi {
  const answers = [...(options.answers ?? [])];
  const lines: string[] = [];
  const said: string[] = [];
  const messages: string[] = [];
  const errors: string[] = [];
  const machineEvents: RecordingUi['machineEvents'] = [];
  const progresses: RecordingUi['progresses'] = [];
  return {
    lines,
    said,
    messages,
    errors,
    machineEvents,
    progresses,
    say(message) {
      lines.push(`say: ${message}`);
      said.push(message);
    },
    message(message) {
      lines.push(`message: ${message}`);
      messages.push(message);
    },
    error(message) {
      lines.push(`error: ${message}`);
      errors.push(message);
    },
    async ask(question) {
      lines.push(`ask: ${question}`);
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`recordingUi: no answer scripted for ${JSON.stringify(question)}`);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    progress(label: string, _options?: ProgressOptions): Progress {
      lines.push(`progress: ${label}`);
      const entry = { label, updates: [] as string[], outcome: undefined as string | undefined };
      progresses.push(entry);
      return {
        update: (text) => void entry.updates.push(text),
        done: (outcome = 'done') => void (entry.outcome = outcome),
      };
    },
    machine(type, ...data) {
      machineEvents.push({ type, data });
    },
  };
}
