// The provision hook a builder calls once its machine is reachable (Packer's ProvisionHook with the wrappers
// getCoreBuildProvisioner and CoreBuild.Run put around each provisioner): the build's provisioners run in
// declaration order, each re-prepared with the generated data, inside — from the outside in — the debug pause
// (-debug), continue_on_error, max_retries, and pause_before or else timeout. When provisioning fails, the
// error-cleanup-provisioner runs (StepProvision.Cleanup), except with -on-error=abort or after a cancellation.
import { formatDuration, goQuote, type Communicator, type GeneratedData, type Ui } from '@tspacker/sdk';
import type { CoreBuild, CoreBuildProvisioner } from '../template/get-builds.js';
import { abortError, DEADLINE_EXCEEDED, errorMessage, sleep, untilAborted } from './cancellation.js';

export interface ProvisionHookOptions {
  readonly build: CoreBuild;
  /** The build's UI (`==> NAME: ...`). */
  readonly ui: Ui;
  readonly signal: AbortSignal;
  readonly debug: boolean;
  /** `-on-error`: '' and 'cleanup' run the error-cleanup-provisioner, 'abort' does not. */
  readonly onError: string;
}

/** What one attempt of a provisioner runs with. */
interface Attempt {
  readonly communicator: Communicator | undefined;
  readonly data: GeneratedData;
  readonly signal: AbortSignal;
}

/** Packer's text of the error-cleanup-provisioner step. */
export const CLEANUP_PROVISIONER_SAY = 'Provisioning step had errors: Running the cleanup provisioner, if present...';

/** HCL2Provisioner.Provision: configure again with the generated data, then provision. */
async function provisionOnce(options: ProvisionHookOptions, p: CoreBuildProvisioner, attempt: Attempt): Promise<void> {
  const { ui } = options;
  const config = p.configureFor(attempt.data);
  if (!p.component.provision) throw new Error(`the ${p.type} provisioner cannot provision (it only validates its configuration)`);
  await p.component.provision(config as never, {
    ui,
    signal: attempt.signal,
    communicator: attempt.communicator,
    generatedData: attempt.data,
  });
}

/** PausedProvisioner or TimeoutProvisioner around one attempt. */
async function provisionPausedOrTimed(options: ProvisionHookOptions, p: CoreBuildProvisioner, attempt: Attempt): Promise<void> {
  const { ui } = options;
  if (p.pauseBefore !== 0) {
    ui.say(`Pausing ${formatDuration(p.pauseBefore)} before the next provisioner...`);
    await sleep(p.pauseBefore, attempt.signal);
    return provisionOnce(options, p, attempt);
  }
  if (p.timeout === 0) return provisionOnce(options, p, attempt);
  ui.say(`Setting a ${formatDuration(p.timeout)} timeout for the next provisioner...`);
  const deadline = new AbortController();
  const onParentAbort = (): void => deadline.abort(attempt.signal.reason);
  attempt.signal.addEventListener('abort', onParentAbort, { once: true });
  const timer = setTimeout(() => {
    ui.error('Cancelling provisioner after a timeout...');
    deadline.abort(new Error(DEADLINE_EXCEEDED));
  }, p.timeout);
  try {
    // As in Go, the provisioner is told (its signal aborts) and its own error is what the build reports.
    await provisionOnce(options, p, { ...attempt, signal: deadline.signal });
  } finally {
    clearTimeout(timer);
    attempt.signal.removeEventListener('abort', onParentAbort);
  }
}

/** RetriedProvisioner: up to max_retries more attempts; Packer reports (and returns) the first failure. */
async function provisionRetried(options: ProvisionHookOptions, p: CoreBuildProvisioner, attempt: Attempt): Promise<void> {
  if (p.maxRetries === 0) return provisionPausedOrTimed(options, p, attempt);
  if (attempt.signal.aborted) throw abortError(attempt.signal);
  let first: unknown;
  try {
    return await provisionPausedOrTimed(options, p, attempt);
  } catch (e) {
    first = e;
  }
  for (let left = p.maxRetries; left > 0; left--) {
    if (attempt.signal.aborted) throw abortError(attempt.signal);
    options.ui.say(`Provisioner failed with ${goQuote(errorMessage(first))}, retrying with ${left} trie(s) left`);
    try {
      return await provisionPausedOrTimed(options, p, attempt);
    } catch {
      // Packer keeps reporting the first error (its retry loop shadows the variable).
    }
  }
  options.ui.say('retry limit reached.');
  throw first;
}

/** ContinueOnErrorProvisioner and, with -debug, DebuggedProvisioner around everything. */
async function provisionWrapped(options: ProvisionHookOptions, p: CoreBuildProvisioner, attempt: Attempt): Promise<void> {
  const { ui } = options;
  if (options.debug) {
    await untilAborted(ui.ask('Pausing before the next provisioner . Press enter to continue.').catch(() => ''), attempt.signal);
  }
  try {
    await provisionRetried(options, p, attempt);
  } catch (e) {
    if (!p.continueOnError) throw e;
    if (attempt.signal.aborted) throw e;
    ui.say(`Warning: Provisioner failed with ${goQuote(errorMessage(e))}, but continue_on_error is set; continuing the build.`);
  }
}

/** The hook a builder's BuildContext.provision calls. */
export function provisionHook(options: ProvisionHookOptions): (communicator: Communicator | undefined, data: GeneratedData) => Promise<void> {
  return async (communicator, data) => {
    const attempt: Attempt = { communicator, data, signal: options.signal };
    try {
      for (const p of options.build.provisioners) {
        if (options.signal.aborted) throw abortError(options.signal);
        await provisionWrapped(options, p, attempt);
      }
    } catch (e) {
      if (options.signal.aborted || options.onError === 'abort') throw e;
      await runCleanupProvisioner(options, communicator, data, e);
      throw e;
    }
  };
}

/** StepProvision.Cleanup after a provisioning error: not cancellable (Go runs it with context.Background()). */
async function runCleanupProvisioner(
  options: ProvisionHookOptions,
  communicator: Communicator | undefined,
  data: GeneratedData,
  original: unknown,
): Promise<void> {
  options.ui.say(CLEANUP_PROVISIONER_SAY);
  const cleanup = options.build.cleanupProvisioner;
  if (!cleanup) return;
  try {
    await provisionWrapped({ ...options, debug: false }, cleanup, { communicator, data, signal: new AbortController().signal });
  } catch (e) {
    throw new Error(`Cleanup failed: ${errorMessage(e)}. Original Provisioning error: ${errorMessage(original)}`);
  }
}
