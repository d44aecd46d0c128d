// Process-wide throttling against ec2-local's /_admin/throttle: 10 concurrent sessions making 200 EC2 calls with
// 30% of calls answered RequestLimitExceeded all succeed, every throttled call retried (visible in the request
// log and in throttlingStats); throttling seen by one session makes the others pause too (the shared gate).
import { DescribeKeyPairsCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { LocalCloud } from '@tspacker/ec2-local';
import { createAwsSession } from '../src/access/create-session.js';
import type { AwsSession } from '../src/access/session.js';
import { fullJitterDelay, throttlingStats } from '../src/access/throttling.js';
import { accessConfig } from './access-config.js';
import { loggedCalls } from './request-log.js';
import { startTempCloud, type TempCloud } from './temp-cloud.js';

let temp: TempCloud;
let dir: string;
let cloud: LocalCloud;
const sessions: AwsSession[] = [];

beforeAll(async () => {
  temp = await startTempCloud('throttling', { machines: false });
  ({ dir, cloud } = temp);
});
afterEach(async () => {
  for (const s of sessions.splice(0)) s.destroy();
  await admin('DELETE', '/_admin/faults');
});
afterAll(async () => {
  await temp?.stop();
});

async function admin(method: string, route: string, body?: unknown): Promise<void> {
  const response = await fetch(cloud.endpoint + route, { method, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(5000) });
  expect(response.ok).toBe(true);
}
async function newSession(extra: Record<string, unknown> = {}): Promise<AwsSession> {
  const access = accessConfig({ access_key: 'AKIATHROTTLE00000001', secret_key: 'throttle-secret', region: 'us-east-1', custom_endpoint_ec2: cloud.endpoint, skip_credential_validation: true, ...extra });
  const s = await createAwsSession(access, { env: { HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' } });
  sessions.push(s);
  return s;
}

test('full jitter stays within [0, min(cap, base × 2^n))', () => {
  for (let n = 0; n < 12; n++) {
    for (let i = 0; i < 50; i++) {
      const delay = fullJitterDelay(500, n);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(20_000, 500 * 2 ** n));
    }
  }
});

test('200 EC2 calls from 10 concurrent sessions with 30% throttling all succeed; each throttled call was retried', async () => {
  const started = Date.now();
  const before = (await loggedCalls(cloud)).length;
  const stats = throttlingStats();
  await admin('POST', '/_admin/throttle', { fraction: 0.3, seed: 7 });
  const all = await Promise.all(
    Array.from({ length: 10 }, (_, n) => n).map(async (n) => {
      const s = await newSession({ region: n % 2 === 0 ? 'us-east-1' : 'eu-west-1' });
      const attempts: number[] = [];
      for (let i = 0; i < 20; i++) {
        const answer = i % 2 === 0 ? await s.ec2().send(new DescribeKeyPairsCommand({})) : await s.ec2().send(new DescribeRegionsCommand({}));
        attempts.push(answer.$metadata.attempts ?? 1);
      }
      return attempts;
    }),
  );
  const attempts = all.flat();
  expect(attempts).toHaveLength(200);
  const lines = (await loggedCalls(cloud)).slice(before);
  const throttled = lines.filter((l) => l.injected === 'throttle');
  expect(throttled.every((l) => l.errorCode === 'RequestLimitExceeded')).toBe(true);
  expect(lines.filter((l) => l.status === 200)).toHaveLength(200);
  // Every extra attempt the clients report is a throttled call in the log, and the strategy counted each retry.
  const retries = attempts.reduce((sum, a) => sum + a - 1, 0);
  expect(retries).toBe(throttled.length);
  expect(throttled.length).toBeGreaterThan(20);
  expect(throttlingStats().throttled - stats.throttled).toBe(throttled.length);
  expect(throttlingStats().retries - stats.retries).toBe(throttled.length);
  console.log(`200 calls, ${throttled.length} throttled, ${((Date.now() - started) / 1000).toFixed(1)} s, gated ${throttlingStats().gated - stats.gated}`);
}, 60_000);

test('throttling seen by one session pauses the others: their calls wait at the shared gate', async () => {
  const noisy = await newSession({ max_retries: 5 });
  const quiet = await newSession();
  await admin('POST', '/_admin/throttle', { fraction: 1, action: 'DescribeKeyPairs' });
  const failed = await noisy.ec2().send(new DescribeKeyPairsCommand({})).catch((e: { name: string; $metadata: { attempts: number } }) => e);
  expect(failed).toMatchObject({ name: 'RequestLimitExceeded', $metadata: { attempts: 5 } });
  const gatedBefore = throttlingStats().gated;
  const started = Date.now();
  await quiet.ec2().send(new DescribeRegionsCommand({}));
  // Five throttles in a row: the gate stays closed for at least half of min(5 s, 50 ms × 2^5) = 0.8 s.
  expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  expect(throttlingStats().gated).toBe(gatedBefore + 1);
}, 30_000);
