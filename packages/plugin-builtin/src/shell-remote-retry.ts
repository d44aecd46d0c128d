// The remote shell provisioner's retries: the SDK's retry.Config{StartTimeout}.Run (try, then every 2 s until the
// start timeout has passed), stopping as soon as the build is cancelled (the SDK's cancellation.ts).
import { sleepUnlessAborted } from '@tspacker/sdk';

/** Go's retry.Config default RetryDelay. */
export const RETRY_DELAY_MS = 2000;

/**
 * retry.Config{StartTimeout: startTimeoutMs}.Run: runs `attempt` until it succeeds; after a failure, tries again
 * 2 s later unless the start timeout (0: none) has passed or the signal aborted, in which case the failure is
 * the result. Unlike Go, the pause between attempts ends as soon as the signal aborts.
 */
export async function retryUntilStartTimeout<T>(
  startTimeoutMs: number,
  signal: AbortSignal,
  attempt: () => Promise<T>,
): Promise<T> {
  const deadline = startTimeoutMs > 0 ? Date.now() + startTimeoutMs : Number.POSITIVE_INFINITY;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (signal.aborted || Date.now() >= deadline) throw error;
    }
    await sleepUnlessAborted(RETRY_DELAY_MS, signal);
  }
}
