// A step runner modelled on Packer's multistep (BasicRunner, DebugRunner and the -on-error wrappers of
// commonsteps.NewRunner): steps run in order, each one that started has its cleanup run in reverse order whatever
// happened (success, failure, halt, cancellation), unless `-on-error=abort` asks to leave everything in place.
import { goQuote } from '@tspacker/hcl';
import type { Ui } from './runtime.js';

/** What a step's action tells the runner (multistep.StepAction). */
export type StepAction = 'continue' | 'halt';

/** Given to a step's action and cleanup. */
export interface StepContext {
  readonly ui: Ui;
  /** For `run`: aborted on cancellation. For `cleanup`: only aborted when cleanups themselves must stop. */
  readonly signal: AbortSignal;
}

/** One step of a build: an action paired with the cleanup that undoes it. */
export interface Step<S> {
  /** Shown in `-on-error` and `-debug` messages (Packer prints the Go type name, e.g. StepCreateVM). */
  readonly name: string;
  /** Throwing is a failure (Packer: `state.Put("error", err); return ActionHalt`). */
  run(state: S, ctx: StepContext): Promise<StepAction>;
  /** Runs once the run started, even when it failed, halted or was cancelled. */
  cleanup?(state: S, ctx: StepContext): Promise<void>;
}

/** `-on-error`: what happens to the cleanups after a failure. `run-cleanup-provisioner` acts as `abort` here. */
export type OnErrorMode = 'cleanup' | 'abort' | 'ask' | 'run-cleanup-provisioner';

export interface RunStepsOptions {
  readonly ui: Ui;
  /** Cancellation (Ctrl-C, a timeout): no further step starts, the running one is told, cleanups run. */
  readonly signal: AbortSignal;
  readonly onError?: OnErrorMode;
  /** `-debug`: pause (ui.ask) after each step's run and before each cleanup. */
  readonly debug?: boolean;
  /** Given to cleanups; defaults to a signal that never aborts, so cleanups still run after a cancellation. */
  readonly cleanupSignal?: AbortSignal;
}

/** How the steps ended when no step threw: all ran, one halted, or cancellation stopped them. */
export interface StepsResult {
  readonly outcome: 'completed' | 'halted';
}

/** Thrown by runSteps when cancellation stopped the steps and no step reported an error of its own. */
export class StepsCancelledError extends Error {
  constructor() {
    super('Build was cancelled.');
    this.name = 'StepsCancelledError';
  }
}

/** Packer's `-on-error=ask` prompt, verbatim. */
export const ON_ERROR_ASK_PROMPT =
  '[c] Clean up and exit, [a] abort without cleanup, or [r] retry step (build may fail even if retry succeeds)?';

type AskChoice = 'cleanup' | 'abort' | 'retry';

/**
 * Runs `steps` in order on `state`, then the cleanup of every step that started, in reverse order.
 * Resolves with the outcome; rejects with the first step's error (or StepsCancelledError) after the cleanups ran.
 * A cleanup that throws is reported with ui.error and the remaining cleanups still run.
 */
export async function runSteps<S>(steps: readonly Step<S>[], state: S, options: RunStepsOptions): Promise<StepsResult> {
  const { ui, signal } = options;
  const onError = options.onError ?? 'cleanup';
  const started: Step<S>[] = [];
  // Steps whose "after run" debug pause happened: Packer pauses before their cleanup too.
  const paused = new Set<Step<S>>();
  let failure: { error: unknown } | undefined;
  let halted = false;
  let aborted = false; // the user chose [a] at the -on-error=ask prompt

  for (const step of steps) {
    if (signal.aborted) break;
    started.push(step);
    let action: StepAction;
    for (;;) {
      action = await runAction(step, state, { ui, signal }).then(
        (a) => a,
        (error: unknown) => {
          failure ??= { error };
          return 'halt' as const;
        },
      );
      if (action !== 'halt' || onError !== 'ask' || signal.aborted) break;
      if (failure) ui.error(errorText(failure.error));
      const choice = await askOnError(ui, step.name, signal);
      if (choice === 'retry') {
        failure = undefined;
        continue;
      }
      if (choice === 'abort') aborted = true;
      break;
    }
    if (signal.aborted) break;
    if (action === 'halt') {
      halted = true;
      break;
    }
    if (options.debug) {
      await debugPause(ui, `Pausing after run of step '${step.name}'. Press enter to continue.`, signal);
      paused.add(step);
    }
  }

  const cancelled = signal.aborted;
  const leaveResources = (onError === 'abort' || onError === 'run-cleanup-provisioner' || aborted) && (halted || cancelled);
  const cleanupCtx: StepContext = { ui, signal: options.cleanupSignal ?? new AbortController().signal };
  let abortLogged = false;
  for (const step of [...started].reverse()) {
    if (leaveResources) {
      // Packer's handleAbortsAndInterupts: say why once, then name every step whose resources are left.
      if (!abortLogged) {
        if (failure) ui.error(errorText(failure.error));
        ui.error(cancelled ? 'Interrupted, aborting...' : `Step ${goQuote(step.name)} failed, aborting...`);
        abortLogged = true;
      } else {
        ui.error(`aborted: skipping cleanup of step ${goQuote(step.name)}`);
      }
      continue;
    }
    if (paused.has(step)) {
      await debugPause(ui, `Pausing before cleanup of step '${step.name}'. Press enter to continue.`, signal);
    }
    if (!step.cleanup) continue;
    try {
      await step.cleanup(state, cleanupCtx);
    } catch (error) {
      ui.error(`Error cleaning up step ${goQuote(step.name)}: ${errorText(error)}`);
    }
  }

  if (failure) throw failure.error;
  if (cancelled) throw new StepsCancelledError();
  return { outcome: halted ? 'halted' : 'completed' };
}

// async, so a step whose run throws synchronously still fails like one that rejects.
async function runAction<S>(step: Step<S>, state: S, ctx: StepContext): Promise<StepAction> {
  return step.run(state, ctx);
}

/** Packer's askStep: `Step "X" failed`, then the prompt until a known answer; cancellation means clean up. */
async function askOnError(ui: Ui, stepName: string, signal: AbortSignal): Promise<AskChoice> {
  ui.say(`Step ${goQuote(stepName)} failed`);
  for (;;) {
    const line = await untilAborted(
      ui.ask(ON_ERROR_ASK_PROMPT).catch(() => ''), // Packer logs the error and reads "" (= clean up)
      signal,
    );
    if (line === undefined) return 'cleanup';
    switch ((line.toLowerCase() + 'c')[0]) {
      case 'c':
        return 'cleanup';
      case 'a':
        return 'abort';
      case 'r':
        return 'retry';
    }
    ui.say(`Incorrect input: ${goQuote(line)}`);
  }
}

/** `-debug`: wait for enter; a failed ask or a cancellation just continues, like Packer's pause function. */
async function debugPause(ui: Ui, message: string, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  await untilAborted(
    ui.ask(message).catch(() => ''),
    signal,
  );
}

/** The promise's value, or undefined as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
