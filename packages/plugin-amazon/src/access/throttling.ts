// AWS throttling handled for the whole process: every client of every session retries through a strategy that
// shares one throttle gate, so when AWS says "slow down" (RequestLimitExceeded, Throttling, 429, 503) all concurrent
// builds back off together instead of each hammering on its own. Each retry waits an exponential backoff with full
// jitter; the gate adds a shared pause (equal jitter) whose length grows with recent throttling and decays with
// successes.
// (The SDK's AdaptiveRetryStrategy collapses to 0.5 request/s under sustained throttling; this keeps per-call
// retries bounded by `max_retries` and the shared pause bounded by a cap.)
import { sleepUnlessAborted } from '@tspacker/sdk';
import { isThrottling } from '../common/aws-errors.js';

/** The SDK's classification of a failed attempt (RetryErrorInfo of @smithy/types). */
type RetryErrorType = 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';
interface RetryErrorInfo {
  readonly errorType: RetryErrorType;
  readonly error?: unknown;
  readonly retryAfterHint?: Date;
}
interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/** Backoff bases (ms), as the SDK's: throttling waits longer than a transient fault. */
const THROTTLING_BASE_MS = 500;
const TRANSIENT_BASE_MS = 100;
/** No single retry waits longer than this (the SDK's MAXIMUM_RETRY_DELAY). */
const MAX_RETRY_DELAY_MS = 20_000;
/** The shared pause: base, cap, and how pressure moves: it climbs only while more than half the calls are throttled. */
const GATE_BASE_MS = 50;
const GATE_MAX_PAUSE_MS = 5_000;
const GATE_MAX_PRESSURE = 8;
const GATE_DECAY_PER_SUCCESS = 1;

/** Full jitter: a uniformly random wait in [0, min(cap, base × 2^n)). */
export function fullJitterDelay(baseMs: number, retryCount: number, capMs = MAX_RETRY_DELAY_MS): number {
  return Math.floor(Math.random() * Math.min(capMs, baseMs * 2 ** retryCount));
}

/** What the process has seen, for logs and tests. */
export interface ThrottlingStats {
  /** Attempts AWS throttled. */
  readonly throttled: number;
  /** Retries made (throttling and transient faults). */
  readonly retries: number;
  /** Requests that waited at the shared gate. */
  readonly gated: number;
}

/** The process-wide gate: requests of every client pass it; throttling anywhere closes it for a while. */
class ThrottleGate {
  private pressure = 0;
  private pausedUntil = 0;
  throttled = 0;
  retries = 0;
  gated = 0;

  /** Waits until the gate is open (a pause may be extended while waiting). */
  async pass(signal?: AbortSignal): Promise<void> {
    let waited = false;
    for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
      waited = true;
      if (signal) await sleepUnlessAborted(wait, signal);
      else await new Promise((resolve) => setTimeout(resolve, wait));
    }
    if (waited) this.gated++;
  }

  onThrottled(): void {
    this.throttled++;
    this.pressure = Math.min(GATE_MAX_PRESSURE, this.pressure + 1);
    // Equal jitter: at least half the backoff, so every client really pauses, spread over the other half.
    const backoff = Math.min(GATE_MAX_PAUSE_MS, GATE_BASE_MS * 2 ** this.pressure);
    const pause = backoff / 2 + Math.random() * (backoff / 2);
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + pause);
  }

  onSuccess(): void {
    this.pressure = Math.max(0, this.pressure - GATE_DECAY_PER_SUCCESS);
  }
}

const gate = new ThrottleGate();

export function throttlingStats(): ThrottlingStats {
  return { throttled: gate.throttled, retries: gate.retries, gated: gate.gated };
}

class Token implements RetryToken {
  constructor(private readonly count: number) {}
  getRetryCount(): number {
    return this.count;
  }
  /** The strategy has already waited. */
  getRetryDelay(): number {
    return 0;
  }
}

/**
 * A retry strategy for one session's clients (its own attempt limit and cancellation) over the shared gate. It is
 * the SDK's RetryStrategyV2: retries throttling and transient faults (5xx, timeouts, connection resets) up to
 * `maxAttempts` attempts in all, never client errors.
 */
export class SharedThrottlingRetryStrategy {
  readonly mode = 'standard';

  constructor(
    private readonly attempts: number,
    private readonly signal?: AbortSignal,
  ) {}

  async acquireInitialRetryToken(_scope: string): Promise<RetryToken> {
    await gate.pass(this.signal);
    return new Token(0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    // 503 ("slow down" from S3-style services, EC2's Unavailable) counts as throttling too.
    const throttled = errorInfo.errorType === 'THROTTLING' || isThrottling(errorInfo.error);
    if (throttled) gate.onThrottled();
    const retryable = throttled || errorInfo.errorType === 'TRANSIENT';
    const retryCount = token.getRetryCount();
    if (!retryable || retryCount + 1 >= this.attempts) throw new Error('No retry token available');
    let delay = fullJitterDelay(throttled ? THROTTLING_BASE_MS : TRANSIENT_BASE_MS, retryCount);
    if (errorInfo.retryAfterHint) delay = Math.max(delay, Math.min(errorInfo.retryAfterHint.getTime() - Date.now(), MAX_RETRY_DELAY_MS));
    gate.retries++;
    if (this.signal) await sleepUnlessAborted(delay, this.signal);
    else await new Promise((resolve) => setTimeout(resolve, delay));
    await gate.pass(this.signal);
    return new Token(retryCount + 1);
  }

  recordSuccess(_token: RetryToken): void {
    gate.onSuccess();
  }

  async maxAttempts(): Promise<number> {
    return this.attempts;
  }
}

/** The strategy a session's clients use: `max_retries` is Packer's total attempts (default 10). */
export function sharedRetryStrategy(maxAttempts: number, signal?: AbortSignal): SharedThrottlingRetryStrategy {
  return new SharedThrottlingRetryStrategy(Math.max(1, maxAttempts), signal);
}
