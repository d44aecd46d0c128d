// The build UI as `packer build` prints it. Layers as in Packer (packer/ui.go, command/build.go):
//   targeted (`==> name: …`, `    name: …`) → timestamped (`-timestamp-ui`) → coloured (one colour per build) →
//   sink (human lines on stdout, or -machine-readable CSV lines).
// Secrets are masked once, where text enters, so no layer or sink ever sees them.
import type { Progress, Ui } from '@tspacker/sdk';
import { createAsker, type Asker } from './ask.js';
import { AnsiColor, BUILD_COLORS, colorAllowedByEnv, colorize } from './colors.js';
import { disabledLogger, type Logger } from './log.js';
import { machineReadableLine } from './machine-readable.js';
import { writeStdoutSync } from './output.js';
import { SpinnerBoard, spinnersLoaded } from './progress.js';
import { createMasker } from '@tspacker/sdk';
import { formatElapsed, rfc3339Local } from './timestamp.js';

export interface RootUiOptions {
  /** `-machine-readable`: every call becomes a `time,target,type,data` line; no colour, no questions. */
  readonly machineReadable: boolean;
  /** `-color` (default true). NO_COLOR / PACKER_NO_COLOR still drop the escape codes. */
  readonly color: boolean;
  /** `-timestamp-ui`: build lines prefixed with the RFC3339 local time. */
  readonly timestamp: boolean;
  /** Sensitive values, replaced by `<sensitive>` everywhere; may grow while the UI is in use. */
  readonly secrets: ReadonlySet<string>;
  /** stdin/stdout are a terminal: spinners for progress, questions allowed. */
  readonly interactive: boolean;
  /** The sink; defaults to synchronous writes to stdout. */
  readonly write?: (text: string) => void;
  /** For NO_COLOR / PACKER_NO_COLOR; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Clock for timestamps, machine-readable times and elapsed times. */
  readonly now?: () => Date;
  /** Where answers are read; defaults to process.stdin. */
  readonly input?: NodeJS.ReadableStream;
  /** The debug log: UI lines are copied into a log file (`ui: …`), machine events logged. */
  readonly logger?: Logger;
}

/** A build's UI: the sdk Ui with the `==> name:` prefix, plus what `packer build` itself prints for the build. */
export interface BuildUi extends Ui {
  readonly name: string;
  /** The build's colour and timestamp without the prefix (`Build 'x' finished after …`). Machine events target the build. */
  readonly plain: Ui;
  /** The same colour with another target, e.g. a post-processor's `null.a (manifest)`. */
  withTarget(target: string): Ui;
}

/** The UI of one tspacker command run. */
export interface RootUi {
  say(message: string): void;
  error(message: string): void;
  /** A machine-readable event with no target (`error-count`, …). */
  machine(type: string, ...data: string[]): void;
  ask(question: string): Promise<string>;
  /**
   * A build's UI: builds get Packer's colours in the order they are first asked for; the same name again, or
   * `<build> (<type>)` (a post-processor's target), keeps that build's colour.
   */
  forBuild(name: string): BuildUi;
  /**
   * The UIs of all builds, announced like `packer build` does when colours are on:
   * `<name>: output will be in this color.` in each build's colour, then one blank line.
   */
  forBuilds(names: readonly string[]): BuildUi[];
  /** Stops any spinner (end of the run, interrupt). */
  close(): void;
}

/** What a layer passes down: already-masked text. `machine` carries its target explicitly. */
interface Layer {
  say(text: string): void;
  message(text: string): void;
  error(text: string): void;
  ask(query: string): Promise<string>;
  machine(target: string, type: string, data: readonly string[]): void;
}

interface Sink extends Layer {
  /** The spinner board when progress is drawn as spinners. */
  readonly board: SpinnerBoard | undefined;
  readonly now: () => Date;
}

/** Human output: each call is its text plus a newline (errors too go to stdout, as in Packer). */
function humanSink(write: (text: string) => void, ask: Asker, logger: Logger, board: SpinnerBoard | undefined, now: () => Date): Sink {
  const line = (text: string) => (board ? board.around(() => write(text + '\n')) : write(text + '\n'));
  return {
    board,
    now,
    say(text) {
      logger.ui('ui', text);
      line(text);
    },
    message(text) {
      logger.ui('ui', text);
      line(text);
    },
    error(text) {
      logger.ui('ui error', text);
      line(text);
    },
    ask: board ? (query) => board.suspended(() => ask(query)) : ask,
    machine(target, type, data) {
      logger.log(`machine readable: ${target ? `${target},` : ''}${type} ${JSON.stringify(data)}`);
    },
  };
}

function machineSink(write: (text: string) => void, logger: Logger, now: () => Date): Sink {
  const machine = (target: string, type: string, data: readonly string[]) => {
    const text = machineReadableLine(now(), target, type, data);
    write(text);
    logger.ui('ui', text.slice(0, -1));
  };
  return {
    board: undefined,
    now,
    say: (text) => machine('', 'ui', ['say', text]),
    message: (text) => machine('', 'ui', ['message', text]),
    error: (text) => machine('', 'ui', ['error', text]),
    ask: () => Promise.reject(new Error("machine-readable UI can't ask")),
    machine,
  };
}

/** packer.ColoredUi: say and questions bold in the build's colour, errors bold red, messages normal weight (1.6.6). */
function colored(inner: Layer, color: AnsiColor): Layer {
  return {
    say: (text) => inner.say(colorize(text, color, true)),
    message: (text) => inner.message(colorize(text, color, false)),
    error: (text) => inner.error(colorize(text, AnsiColor.Red, true)),
    ask: (query) => inner.ask(colorize(query, color, true)),
    machine: (target, type, data) => inner.machine(target, type, data),
  };
}

/** packer.TimestampedUi: one RFC3339 prefix per call (not per line). */
function timestamped(inner: Layer, now: () => Date): Layer {
  const stamp = (text: string) => `${rfc3339Local(now())}: ${text}`;
  return {
    say: (text) => inner.say(stamp(text)),
    message: (text) => inner.message(stamp(text)),
    error: (text) => inner.error(stamp(text)),
    ask: (query) => inner.ask(query),
    machine: (target, type, data) => inner.machine(target, type, data),
  };
}

/**
 * packer.TargetedUI: every line of the message prefixed with `==> name: ` (messages are said, as in Packer 1.13+;
 * 1.6.6 indented them as `    name: `), trailing whitespace of the whole text trimmed.
 */
function prefixLines(arrow: boolean, target: string, text: string): string {
  const head = arrow ? '==>' : '   ';
  return text
    .split('\n')
    .map((line) => `${head} ${target}: ${line}`)
    .join('\n')
    .trimEnd();
}

/** The sdk Ui over a layer: masking at the entry, progress as spinners or plain lines. */
function componentUi(layer: Layer, sink: Sink, mask: (text: string) => string, target: string, spinnerPrefix: string): Ui {
  const ui: Ui = {
    say: (message) => layer.say(mask(message)),
    message: (message) => layer.message(mask(message)),
    error: (message) => layer.error(mask(message)),
    ask: (question) => layer.ask(mask(question)),
    machine: (type, ...data) => layer.machine(target, type, data.map(mask)),
    progress: (label, options) => startProgress(ui, sink, mask(label), spinnerPrefix, options?.since),
  };
  return ui;
}

/** On a terminal a spinner with elapsed time; otherwise a start line and a finish line. Either way a finish line. */
function startProgress(ui: Ui, sink: Sink, label: string, spinnerPrefix: string, since?: number): Progress {
  let finished = false;
  if (sink.board) {
    const entry = sink.board.begin(spinnerPrefix, label, since);
    return {
      update: (text) => entry.update(text),
      done: (outcome = 'done') => {
        if (finished) return;
        finished = true;
        ui.say(`${finishLabel(label)}: ${outcome} after ${formatElapsed(entry.done())}`);
      },
    };
  }
  const start = since ?? sink.now().getTime();
  ui.say(label);
  return {
    update: () => {}, // no line per update: logs and pipes would fill with them
    done: (outcome = 'done') => {
      if (finished) return;
      finished = true;
      ui.say(`${finishLabel(label)}: ${outcome} after ${formatElapsed(sink.now().getTime() - start)}`);
    },
  };
}

/** `Uploading x...` → `Uploading x` before `: done after …`. */
function finishLabel(label: string): string {
  return label.replace(/[.\s]+$/, '');
}

export function createRootUi(options: RootUiOptions): RootUi {
  const write = options.write ?? writeStdoutSync;
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? disabledLogger;
  const mask = createMasker(options.secrets);
  const colorCodes = options.color && !options.machineReadable && colorAllowedByEnv(options.env ?? process.env);
  const board =
    options.interactive && !options.machineReadable && spinnersLoaded()
      ? new SpinnerBoard({ write, color: colorCodes, columns: process.stdout.columns, now: () => now().getTime() })
      : undefined;
  const sink = options.machineReadable
    ? machineSink(write, logger, now)
    : humanSink(write, createAsker({ interactive: options.interactive, write, input: options.input }), logger, board, now);
  let builds = 0;

  /** The layers under the target prefix for build number `index`. */
  const buildLayer = (index: number): { colored: Layer; stamped: Layer } => {
    const c = colorCodes ? colored(sink, BUILD_COLORS[index % BUILD_COLORS.length]!) : sink;
    return { colored: c, stamped: options.timestamp ? timestamped(c, now) : c };
  };

  const targetedUi = (inner: Layer, target: string): Ui => {
    const layer: Layer = {
      say: (text) => inner.say(prefixLines(true, target, text)),
      // Packer 1.13+: TargetedUI.Message is Say (1.6.6 indented messages under the arrow, in normal weight).
      message: (text) => inner.say(prefixLines(true, target, text)),
      error: (text) => inner.error(prefixLines(true, target, text)),
      ask: (query) => inner.ask(prefixLines(true, target, query)),
      machine: (t, type, data) => inner.machine(t, type, data),
    };
    return componentUi(layer, sink, mask, target, `${target}: `);
  };

  // Colour index per build name: asking again for a build (or for `<build> (<type>)`, a post-processor's target)
  // keeps the build's colour, as Packer's post-processor output does.
  const indexes = new Map<string, number>();
  const forBuild = (name: string): BuildUi => {
    const owner = /^(.*) \([^()]*\)$/.exec(name)?.[1];
    let index = indexes.get(name) ?? (owner !== undefined ? indexes.get(owner) : undefined);
    if (index === undefined) {
      index = builds++;
      indexes.set(name, index);
    }
    const { stamped } = buildLayer(index);
    return {
      name,
      ...targetedUi(stamped, name),
      plain: componentUi(stamped, sink, mask, name, `${name}: `),
      withTarget: (target) => targetedUi(stamped, target),
    };
  };

  return {
    say: (message) => sink.say(mask(message)),
    error: (message) => sink.error(mask(message)),
    machine: (type, ...data) => sink.machine('', type, data.map(mask)),
    ask: (question) => sink.ask(mask(question)),
    forBuild,
    forBuilds(names) {
      const announce = options.color && !options.machineReadable;
      const uis = names.map((name) => {
        const ui = forBuild(name);
        // Said on the coloured layer, before any timestamp, as in command/build.go.
        if (announce) buildLayer(indexes.get(name)!).colored.say(mask(`${name}: output will be in this color.`));
        return ui;
      });
      if (announce && names.length > 0) sink.say('');
      return uis;
    },
    close: () => board?.stop(),
  };
}

export { createLogger, disabledLogger, logEnabled, logPath, type Logger, type LoggerOptions } from './log.js';
export { createMasker, SENSITIVE } from '@tspacker/sdk';
export { escapeMachineField, machineReadableLine } from './machine-readable.js';
export { BUILD_COLORS, AnsiColor, colorize, colorAllowedByEnv } from './colors.js';
export { rfc3339Local, goLogTime, formatElapsed } from './timestamp.js';
export { writeStdoutSync } from './output.js';
export { AskError } from './ask.js';
export { loadSpinners } from './progress.js';
