// A Ui fake for the run tests: records every call as `say: text`, `message: text`, `error: text`, `ask: text`.
import type { Progress, Ui } from '@tspacker/sdk';

export interface RecordingUi extends Ui {
  readonly lines: string[];
}

/** A Ui that records its calls; `answer` is what `ask` resolves with (undefined: it rejects like a non-terminal). */
export function recordingUi(answer?: string): RecordingUi {
  const lines: string[] = [];
  return {
    lines,
    say: (m) => void lines.push(`say: ${m}`),
    message: (m) => void lines.push(`message: ${m}`),
    error: (m) => void lines.push(`error: ${m}`),
    ask: async (q) => {
      lines.push(`ask: ${q}`);
      if (answer === undefined) throw new Error('no terminal');
      return answer;
    },
    progress: (label): Progress => {
      lines.push(`progress: ${label}`);
      return { update: () => {}, done: () => {} };
    },
    machine: () => {},
  };
}
