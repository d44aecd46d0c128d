// Packer's retry.Config for step-level retries (reference §3.2 / §3.3): try, and on a retryable error wait a
// doubling delay (Backoff{Initial, Max, Multiplier 2}: 200 ms, 400 ms … capped at 30 s) and try again, up to
// `tries` tries (0: until `timeoutMs`, or forever). Throttling is not handled here: the SDK clients retry it.
import { abortError, sleepUnlessAborted } from '@tspacker/sdk';

export interface RetryOptions {
  /** How many tries in all; 0 = unbounded (then `timeoutMs` or the signal ends it). Packer's usual is 11. */
  readonly tries: number;
  /** The first delay (ms); each next one doubles. Default 200. */
  readonly initialMs?: number;
  /** The delay cap (ms). Default 30 000. */
  readonly maxMs?: number;
  /** Which errors are worth another try (default: all). */
  readonly shouldRetry?: (e: unknown) => boolean;
  /** Stop retrying once this long has passed since the first try (retry.Config.StartTimeout); the last error is thrown. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Told of each retryable failure before the wait (for logs). */
  readonly onRetry?: (e: unknown, tryNumber: number, delayMs: number) => void;
}

/** All tries failed: Packer's "retry count exhausted. Last err: …". */
export class RetryExhaustedError extends Error {
  constructor(readonly lastError: unknown) {
    super(`retry count exhausted. Last err: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
    this.name = 'RetryExhaustedError';
  }
}

/** The delays Backoff.Linear hands out (ms): initial, doubling, capped. */
export function backoffDelays(initialMs = 200, maxMs = 30_000): () => number {
  let next = initialMs;
  return () => {
    const delay = Math.min(next, maxMs);
    next = Math.min(next * 2, maxMs);
    return delay;
  };
}

/** Runs `fn` until it succeeds, a non-retryable error, the tries or the time run out, or the signal aborts. */
export async function retry<T>(fn: (tryNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { tries, shouldRetry = () => true, signal, timeoutMs } = options;
  const nextDelay = backoffDelays(options.initialMs ?? 200, options.maxMs ?? 30_000);
  const started = Date.now();
  for (let tryNumber = 1; ; tryNumber++) {
    if (signal?.aborted) throw abortError(signal);
    try {
      return await fn(tryNumber);
    } catch (e) {
      if (signal?.aborted) throw abortError(signal);
      if (!shouldRetry(e)) throw e;
      if (tries !== 0 && tryNumber >= tries) throw new RetryExhaustedError(e);
      if (timeoutMs !== undefined && Date.now() - started >= timeoutMs) throw e;
      const delay = nextDelay();
      options.onRetry?.(e, tryNumber, delay);
      if (signal) await sleepUnlessAborted(delay, signal);
      else await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
