// Running a builder's steps in a test and checking the one rule every builder must keep: whatever happens
// (success, a failing step, a halt, cancellation), the cleanup of every step that started runs. The steps run
// through the SDK's own runSteps (Packer's multistep), each wrapped to record its run and cleanup.
import { AssertionError } from 'node:assert';
import { runSteps, type OnErrorMode, type Step, type StepsResult } from '../steps.js';
import { recordingUi, type RecordingUi } from './ui.js';

export interface RunBuilderStepsOptions {
  /** Defaults to a new recordingUi(). */
  readonly ui?: RecordingUi;
  /** Defaults to a signal that never aborts; abort it (e.g. from a step) to test cancellation. */
  readonly signal?: AbortSignal;
  readonly onError?: OnErrorMode;
  readonly debug?: boolean;
}

export interface BuilderStepsResult {
  /** runSteps' outcome, or `failed` when it rejected (`error` holds why). */
  readonly outcome: StepsResult['outcome'] | 'failed';
  readonly error: unknown;
  /** Names of the steps whose run started, in order. */
  readonly ran: readonly string[];
  /** Names of the steps whose cleanup ran (and finished), in the order they ran. */
  readonly cleanedUp: readonly string[];
  /** Steps whose cleanup threw, with what it threw. */
  readonly cleanupErrors: readonly { readonly step: string; readonly error: unknown }[];
  /** Names of the steps that started and have a cleanup: those whose cleanup must run. */
  readonly needCleanup: readonly string[];
  readonly ui: RecordingUi;
}

/** Runs `steps` on `state` with the SDK's runSteps; never rejects: a failure is the result's `error`. */
export async function runBuilderSteps<S>(steps: readonly Step<S>[], state: S, options: RunBuilderStepsOptions = {}): Promise<BuilderStepsResult> {
  const ui = options.ui ?? recordingUi();
  const ran: string[] = [];
  const cleanedUp: string[] = [];
  const cleanupErrors: { step: string; error: unknown }[] = [];
  const needCleanup: string[] = [];
  const recorded = steps.map((step): Step<S> => {
    const cleanup = step.cleanup?.bind(step);
    return {
      name: step.name,
      run: (s, ctx) => {
        ran.push(step.name);
        if (cleanup) needCleanup.push(step.name);
        return step.run(s, ctx);
      },
      ...(cleanup
        ? {
            cleanup: async (s: S, ctx) => {
              try {
                await cleanup(s, ctx);
                cleanedUp.push(step.name);
              } catch (error) {
                cleanupErrors.push({ step: step.name, error });
                throw error; // runSteps reports it as Packer does
              }
            },
          }
        : {}),
    };
  });
  let outcome: BuilderStepsResult['outcome'];
  let error: unknown;
  try {
    ({ outcome } = await runSteps(recorded, state, {
      ui,
      signal: options.signal ?? new AbortController().signal,
      ...(options.onError ? { onError: options.onError } : {}),
      ...(options.debug ? { debug: true } : {}),
    }));
  } catch (e) {
    outcome = 'failed';
    error = e;
  }
  return { outcome, error, ran, cleanedUp, cleanupErrors, needCleanup, ui };
}

/**
 * Fails (an AssertionError, as node:assert throws) unless the cleanup of every step that started ran without
 * throwing, naming the steps whose cleanup did not run or failed.
 */
export function assertEveryCleanupRan(result: BuilderStepsResult): void {
  const missing = result.needCleanup.filter((name) => !result.cleanedUp.includes(name) && !result.cleanupErrors.some((e) => e.step === name));
  const problems = [
    ...missing.map((name) => `the cleanup of step "${name}" did not run`),
    ...result.cleanupErrors.map(({ step, error }) => `the cleanup of step "${step}" failed: ${error instanceof Error ? error.message : String(error)}`),
  ];
  if (problems.length === 0) return;
  throw new AssertionError({
    message: `Not every cleanup ran:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    actual: result.cleanedUp,
    expected: result.needCleanup,
    operator: 'assertEveryCleanupRan',
  });
}
