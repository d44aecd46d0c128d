// Waiting and cancelling the way Go's context does (the SDK's cancellation.ts), and the text of a thrown error.
export { CANCELED, DEADLINE_EXCEEDED, abortError, untilAborted, sleepUnlessAborted as sleep } from '@tspacker/sdk';

/** The message of anything thrown (components throw Errors; anything else is shown as text). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
