// A root UI for core's runBuilds that records what a build prints, as `packer build` prints it, and its progress
// bars: for tests that run tspacker's build in their own process.
import type { RootBuildsUi } from '@tspacker/core';
import type { BuildUi } from '@tspacker/core/ui/index.js';
import type { Progress, Ui } from '@tspacker/sdk';

/** A root UI recording every line, each build's as `==> NAME: text` (say, message and error alike, as 1.16). */
export class RecordingBuildsUi implements RootBuildsUi {
  readonly lines: string[] = [];
  readonly progress: string[] = [];
  /** `onLine` sees each line as it is printed. */
  constructor(private readonly onLine: (line: string) => void = () => {}) {}
  private push(text: string): void {
    for (const line of text.split('\n')) {
      this.lines.push(line);
      this.onLine(line);
    }
  }
  say(message: string): void {
    this.push(message);
  }
  error(message: string): void {
    this.push(message);
  }
  machine(): void {}
  private targeted(prefix: string): Ui {
    const line = (m: string): void => this.push(m.split('\n').map((l) => `${prefix}${l}`).join('\n'));
    return {
      say: line,
      message: line,
      error: line,
      ask: async () => {
        throw new Error('no terminal');
      },
      progress: (label): Progress => {
        this.progress.push(`start ${label}`);
        return { update: (text) => void this.progress.push(`update ${text}`), done: () => void this.progress.push('done') };
      },
      machine: () => {},
    };
  }
  forBuilds(names: readonly string[]): BuildUi[] {
    return names.map((name) => ({
      name,
      ...this.targeted(`==> ${name}: `),
      plain: this.targeted(''),
      withTarget: (target: string) => this.targeted(`==> ${target}: `),
    }));
  }
}
