// Waiting and cancelling the way Go's context does: an aborted signal's reason is the error a wait ends with
// ("context canceled" for Ctrl-C, "context deadline exceeded" for a provisioner `timeout`; core sets the reasons).

/** Go's context.Canceled / context.DeadlineExceeded texts. */
export const CANCELED = 'context canceled';
export const DEADLINE_EXCEEDED = 'context deadline exceeded';

/** The error a cancelled wait rejects with: the signal's reason. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new Error(typeof reason === 'string' ? reason : CANCELED);
}

/** Sleeps `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Resolves with `work`, or rejects as soon as `signal` aborts (the work itself is left to notice the signal, or
 * to be ended by a cleanup, e.g. a transfer by closing its connection). Work given as a function is not started
 * when the signal has already aborted.
 */
export function untilAborted<T>(work: Promise<T> | (() => Promise<T>), signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    (typeof work === 'function' ? work() : work).then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
