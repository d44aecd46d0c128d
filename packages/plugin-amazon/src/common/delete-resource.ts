// How cleanups delete what a build created: a failed delete is tried again (a transient error, a throttle the SDK
// gave up on, a permission that is still propagating), because a cleanup that gives up leaves the resource in the
// user's account. "Already gone" counts as deleted. Packer tries most deletes once; DeleteSecurityGroup, which waits
// on the instance's termination, has its own loop (security-group.ts).
import { awsErrorCode } from './aws-errors.js';
import { retry, RetryExhaustedError } from './retry.js';

/** About 6 s in all (0.2, 0.4, 0.8, 1.6, 3.2 s between tries). */
const DELETE_TRIES = 6;

/**
 * Runs `remove` until it succeeds or answers that the resource does not exist (an error code ending in
 * `.NotFound`, or one of `goneCodes`): resolves `deleted` or `gone`. After DELETE_TRIES failures it throws the last
 * error. Cleanups are not cancelled (their signal never aborts), so neither is this.
 */
export async function deleteResource(remove: () => Promise<unknown>, goneCodes: readonly string[] = []): Promise<'deleted' | 'gone'> {
  const isGone = (e: unknown) => {
    const code = awsErrorCode(e) ?? '';
    return code.endsWith('.NotFound') || goneCodes.includes(code);
  };
  try {
    return await retry(
      async () => {
        try {
          await remove();
          return 'deleted' as const;
        } catch (e) {
          if (isGone(e)) return 'gone' as const;
          throw e;
        }
      },
      { tries: DELETE_TRIES, initialMs: 200, maxMs: 3_200 },
    );
  } catch (e) {
    throw e instanceof RetryExhaustedError ? e.lastError : e;
  }
}
