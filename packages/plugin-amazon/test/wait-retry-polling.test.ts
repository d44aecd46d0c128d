// Packer's retry.Config (doubling backoff, tries, shouldRetry, StartTimeout, cancellation), the aws_polling /
// AWS_* resolution of reference §3.1, the adaptive poll pace, and how SDK errors read.
import { backoffDelays, retry, RetryExhaustedError } from '../src/common/retry.js';
import { pollingFrom } from '../src/common/polling.js';
import { pollDelays } from '../src/common/wait.js';
import { awsErrorCode, awsErrorText, isThrottling } from '../src/common/aws-errors.js';

test("backoff: 200 ms doubling to a 30 s cap (Packer's 11 tries wait ≈111 s in all)", () => {
  const next = backoffDelays();
  const delays = Array.from({ length: 10 }, () => next());
  expect(delays).toEqual([200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000]);
  expect(delays.reduce((a, b) => a + b)).toBe(111_000);
});

test('retry: tries until success, waiting the doubling delays in between', async () => {
  const seen: number[] = [];
  const started = Date.now();
  const value = await retry(
    async (n) => {
      seen.push(n);
      if (n < 4) throw new Error(`try ${n}`);
      return 'ok';
    },
    { tries: 11, initialMs: 20, maxMs: 50 },
  );
  expect(value).toBe('ok');
  expect(seen).toEqual([1, 2, 3, 4]);
  expect(Date.now() - started).toBeGreaterThanOrEqual(20 + 40 + 50 - 5);
});

test("retry: tries exhausted → Packer's \"retry count exhausted. Last err: …\"; non-retryable errors pass through at once", async () => {
  let calls = 0;
  const exhausted = await retry(async () => { calls++; throw new Error('still failing'); }, { tries: 3, initialMs: 1 }).catch((e: unknown) => e);
  expect(exhausted).toBeInstanceOf(RetryExhaustedError);
  expect((exhausted as Error).message).toBe('retry count exhausted. Last err: still failing');
  expect(calls).toBe(3);
  calls = 0;
  const plain = await retry(async () => { calls++; throw new Error('fatal'); }, { tries: 0, initialMs: 1, shouldRetry: (e) => (e as Error).message !== 'fatal' }).catch((e: Error) => e);
  expect(plain.message).toBe('fatal');
  expect(calls).toBe(1);
});

test('retry: tries 0 is unbounded until timeoutMs (the last error), and an abort ends the wait at once', async () => {
  let calls = 0;
  const timedOut = await retry(async () => { calls++; throw new Error(`failure ${calls}`); }, { tries: 0, initialMs: 10, maxMs: 10, timeoutMs: 100 }).catch((e: Error) => e);
  expect(timedOut.message).toMatch(/^failure \d+$/);
  expect(calls).toBeGreaterThan(3);

  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('context canceled')), 50);
  const started = Date.now();
  const aborted = await retry(async () => { throw new Error('x'); }, { tries: 0, initialMs: 10_000, signal: controller.signal }).catch((e: Error) => e);
  expect(aborted.message).toBe('context canceled');
  expect(Date.now() - started).toBeLessThan(2000);
});

test('pollingFrom: config beats env; attempts × delay (2 s by default); AWS_TIMEOUT_SECONDS; nothing set → waiter defaults', () => {
  expect(pollingFrom(undefined, {})).toEqual({});
  expect(pollingFrom(undefined, { AWS_POLL_DELAY_SECONDS: '3' })).toEqual({ delayMs: 3000 });
  expect(pollingFrom({ delay_seconds: 5, max_attempts: 0 }, { AWS_POLL_DELAY_SECONDS: '3' })).toEqual({ delayMs: 5000 });
  expect(pollingFrom(undefined, { AWS_MAX_ATTEMPTS: '10' })).toEqual({ delayMs: 2000, maxWaitMs: 20_000 });
  expect(pollingFrom({ max_attempts: 4, delay_seconds: 30 }, { AWS_MAX_ATTEMPTS: '10' })).toEqual({ delayMs: 30_000, maxWaitMs: 120_000 });
  expect(pollingFrom(undefined, { AWS_TIMEOUT_SECONDS: '60' })).toEqual({ delayMs: 2000, maxWaitMs: 60_000 });
  expect(pollingFrom(undefined, { AWS_TIMEOUT_SECONDS: '60', AWS_MAX_ATTEMPTS: '5', AWS_POLL_DELAY_SECONDS: '1' })).toEqual({ delayMs: 1000, maxWaitMs: 5000 });
  // Not an integer: ignored, as Packer does.
  expect(pollingFrom(undefined, { AWS_POLL_DELAY_SECONDS: 'soon' })).toEqual({});
});

test('poll pace: adaptive from ~250 ms growing with jitter to the cap; fixed when a delay is configured', () => {
  const adaptive = pollDelays({}, 5000);
  const delays = Array.from({ length: 15 }, () => adaptive());
  expect(delays[0]).toBeGreaterThanOrEqual(200);
  expect(delays[0]).toBeLessThanOrEqual(300);
  expect(delays[14]).toBeGreaterThanOrEqual(4000);
  expect(Math.max(...delays)).toBeLessThanOrEqual(6000);
  const fixed = pollDelays({ delayMs: 15_000 }, 5000);
  expect([fixed(), fixed(), fixed()]).toEqual([15_000, 15_000, 15_000]);
});

test('aws errors: code from SDK exceptions, throttling by code or status, "Code: message" text with secrets masked', () => {
  const sdkError = Object.assign(new Error("The image id '[ami-1]' does not exist"), { name: 'InvalidAMIID.NotFound', $fault: 'client', $metadata: { httpStatusCode: 400 } });
  expect(awsErrorCode(sdkError)).toBe('InvalidAMIID.NotFound');
  expect(awsErrorText(sdkError)).toBe("InvalidAMIID.NotFound: The image id '[ami-1]' does not exist");
  expect(awsErrorCode(new Error('plain'))).toBeUndefined();
  expect(awsErrorText(new Error('plain'))).toBe('plain');
  expect(isThrottling(Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded', $metadata: {} }))).toBe(true);
  expect(isThrottling(Object.assign(new Error('x'), { name: 'Whatever', $metadata: { httpStatusCode: 429 } }))).toBe(true);
  expect(isThrottling(sdkError)).toBe(false);
  expect(awsErrorText(new Error('signed with secret-key-123'), ['secret-key-123'])).toBe('signed with <sensitive>');
});
