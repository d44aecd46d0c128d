// Fault injection through real clients against the endpoint's server: the Nth call failing with a code, 5xx
// faults the SDK retries, throttling (the SDK retries and succeeds after the throttled calls), latency, eventual
// consistency and the time scale.
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import fs from 'node:fs';
import { Throttle } from '../src/operations/throttle.js';
import { startServicesFront, type ServicesFront } from './services-front.js';

const credentials = { accessKeyId: 'AKIDFAULTS', secretAccessKey: 'faults-secret' };
const UBUNTU = '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id';

let front: ServicesFront;
let logPath: string;

beforeAll(async () => {
  front = await startServicesFront({ requestLog: true });
  logPath = front.requestLogPath!;
});
afterAll(async () => {
  await front.close();
});
afterEach(async () => {
  expect((await admin('DELETE', '/__admin/faults')).status).toBe(200);
});

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(front.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(5000) });
  return { status: response.status, json: await response.json() };
}

/** The log lines recorded since `from` lines. */
async function logLines(from = 0): Promise<any[]> {
  await front.operations.flushLog();
  return fs.readFileSync(logPath, 'utf8').trim().split('\n').slice(from).map((line) => JSON.parse(line));
}
async function logLength(): Promise<number> {
  await front.operations.flushLog();
  return fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8').split('\n').filter(Boolean).length : 0;
}

test('the Nth call of an action fails with the given code and status, once', async () => {
  expect((await admin('POST', '/__admin/faults', { action: 'GetParameter', code: 'AccessDeniedException', nth: 2 })).status).toBe(201);
  const ssm = new SSMClient({ endpoint: front.url, region: 'us-east-1', credentials });
  await expect(ssm.send(new GetParameterCommand({ Name: UBUNTU }))).resolves.toBeDefined();
  const error = await ssm.send(new GetParameterCommand({ Name: UBUNTU })).catch((e: unknown) => e as any);
  expect(error.name).toBe('AccessDeniedException');
  expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 1 });
  expect(error.message).toMatch(/Injected fault: call 2 of GetParameter/);
  await expect(ssm.send(new GetParameterCommand({ Name: UBUNTU }))).resolves.toBeDefined();
  expect((await admin('GET', '/__admin/faults')).json.faults).toEqual([]);
});

test('a 5xx fault on the next two calls is retried by the SDK, which succeeds on its third attempt', async () => {
  const before = await logLength();
  await admin('POST', '/__admin/faults', { action: 'GetCallerIdentity', code: 'InternalError', count: 2 });
  const sts = new STSClient({ endpoint: front.url, region: 'eu-central-1', credentials });
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  expect(identity.Account).toBe('123456789012');
  expect(identity.$metadata.attempts).toBe(3);
  const lines = await logLines(before);
  expect(lines.map((l) => [l.action, l.status, l.errorCode, l.injected])).toEqual([
    ['GetCallerIdentity', 500, 'InternalError', 'fault'],
    ['GetCallerIdentity', 500, 'InternalError', 'fault'],
    ['GetCallerIdentity', 200, null, undefined],
  ]);
});

test('an `always` fault fails every call of the action (per service and region) until the faults are cleared', async () => {
  await admin('POST', '/__admin/faults', { action: 'DescribeKey', code: 'KMSInternalException', status: 400, always: true, region: 'us-east-2' });
  const east2 = new KMSClient({ endpoint: front.url, region: 'us-east-2', credentials, maxAttempts: 1 });
  const west2 = new KMSClient({ endpoint: front.url, region: 'us-west-2', credentials, maxAttempts: 1 });
  for (let i = 0; i < 3; i++) await expect(east2.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ebs' }))).rejects.toMatchObject({ name: 'KMSInternalException' });
  await expect(west2.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ebs' }))).resolves.toBeDefined();
  expect((await admin('GET', '/__admin/faults')).json.faults).toHaveLength(1);
  await admin('DELETE', '/__admin/faults');
  await expect(east2.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ebs' }))).resolves.toBeDefined();
});

test('an injected EC2 error is an EC2 error document: RequestLimitExceeded is retried by the EC2 client', async () => {
  await admin('POST', '/__admin/faults', { action: 'DescribeRegions', code: 'RequestLimitExceeded', count: 2 });
  const ec2 = new EC2Client({ endpoint: front.url, region: 'us-east-1', credentials });
  const regions = await ec2.send(new DescribeRegionsCommand({}));
  expect(regions.Regions?.map((r) => r.RegionName)).toContain('us-east-1');
  expect(regions.$metadata.attempts).toBe(3);
  await admin('POST', '/__admin/faults', { action: 'DescribeRegions', code: 'UnauthorizedOperation' });
  const denied = await new EC2Client({ endpoint: front.url, region: 'us-east-1', credentials, maxAttempts: 1 }).send(new DescribeRegionsCommand({})).catch((e: unknown) => e as any);
  expect(denied).toMatchObject({ name: 'UnauthorizedOperation', Code: 'UnauthorizedOperation', $metadata: { httpStatusCode: 400 } });
});

describe('throttling', () => {
  /** The first seed whose first draws under `fraction` give `pattern` (true = throttled). */
  function seedFor(fraction: number, pattern: boolean[]): number {
    for (let seed = 1; seed < 10_000; seed++) {
      const throttle = new Throttle();
      throttle.configure({ fraction, seed });
      if (pattern.every((expected) => throttle.next('ec2', 'DescribeRegions') === expected)) return seed;
    }
    throw new Error('no seed');
  }

  test('the EC2 client retries RequestLimitExceeded (HTTP 503) and succeeds after the throttled calls', async () => {
    const seed = seedFor(0.5, [true, true, false]);
    const before = await logLength();
    expect((await admin('POST', '/__admin/throttle', { fraction: 0.5, seed, service: 'ec2' })).json.throttle).toMatchObject({ fraction: 0.5, seed });
    const ec2 = new EC2Client({ endpoint: front.url, region: 'us-east-1', credentials });
    const regions = await ec2.send(new DescribeRegionsCommand({}));
    expect(regions.$metadata.attempts).toBe(3);
    expect((await logLines(before)).map((l) => [l.status, l.errorCode, l.injected])).toEqual([
      [503, 'RequestLimitExceeded', 'throttle'],
      [503, 'RequestLimitExceeded', 'throttle'],
      [200, null, undefined],
    ]);
  });

  test('a throttle of every call exhausts the SDK attempts; JSON services answer ThrottlingException', async () => {
    await admin('POST', '/__admin/throttle', { fraction: 1, service: 'ssm' });
    const ssm = new SSMClient({ endpoint: front.url, region: 'us-east-1', credentials, maxAttempts: 2 });
    const error = await ssm.send(new GetParameterCommand({ Name: UBUNTU })).catch((e: unknown) => e as any);
    expect(error).toMatchObject({ name: 'ThrottlingException', $metadata: { attempts: 2, httpStatusCode: 400 } });
    // Other services are not throttled; STS's own code is `Throttling`.
    await expect(new STSClient({ endpoint: front.url, region: 'us-east-1', credentials }).send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
    await admin('POST', '/__admin/throttle', { fraction: 1, service: 'sts', code: 'RequestLimitExceeded' });
    const sts = new STSClient({ endpoint: front.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503 } });
  });

  test('the same seed throttles the same calls of a sequence', async () => {
    const pattern = async () => {
      await admin('POST', '/__admin/throttle', { fraction: 0.3, seed: 7, service: 'kms' });
      const kms = new KMSClient({ endpoint: front.url, region: 'us-east-1', credentials, maxAttempts: 1 });
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i++) {
        outcomes.push(await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ebs' })).then(() => 'ok', (e: any) => e.name));
      }
      return outcomes;
    };
    const first = await pattern();
    expect(first).toContain('ThrottlingException');
    expect(first).toContain('ok');
    expect(await pattern()).toEqual(first);
  });
});

test('latency is added to matching calls', async () => {
  await admin('POST', '/__admin/latency', { ms: 300, service: 'sts' });
  const sts = new STSClient({ endpoint: front.url, region: 'us-east-1', credentials });
  const before = await logLength();
  const started = performance.now();
  await sts.send(new GetCallerIdentityCommand({}));
  expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  expect((await logLines(before))[0].durationMs).toBeGreaterThanOrEqual(290);
  const ssmStarted = performance.now();
  await new SSMClient({ endpoint: front.url, region: 'us-east-1', credentials }).send(new GetParameterCommand({ Name: UBUNTU }));
  expect(performance.now() - ssmStarted).toBeLessThan(250);
});

test('observers see each call as it arrives, before its latency, and stop when unsubscribed', async () => {
  await admin('POST', '/__admin/latency', { ms: 300, service: 'sts' });
  const sts = new STSClient({ endpoint: front.url, region: 'eu-west-1', credentials });
  const seen: { call: { service: string; region: string; action: string }; at: number }[] = [];
  const stop = front.operations.observe((call) => seen.push({ call, at: performance.now() }));
  const started = performance.now();
  const answered = sts.send(new GetCallerIdentityCommand({})).then(() => performance.now());
  const answeredAt = await answered;
  expect(seen.map((s) => s.call)).toEqual([{ service: 'sts', region: 'eu-west-1', action: 'GetCallerIdentity', requestId: expect.any(String) }]);
  // Seen on arrival: the 300 ms of latency come after.
  expect(seen[0]!.at - started).toBeLessThan(answeredAt - started - 250);
  stop();
  await sts.send(new GetCallerIdentityCommand({}));
  expect(seen).toHaveLength(1);
});

test('eventual consistency: resources created while hiding are not found for hideMs, then are', async () => {
  expect((await admin('POST', '/__admin/consistency', { hideMs: 400 })).json).toEqual({ hideMs: 400 });
  await admin('POST', '/__admin/ssm-parameters', { name: '/new/param', value: 'v' });
  const key = (await admin('POST', '/__admin/kms-keys', { alias: 'alias/fresh' })).json;
  const ssm = new SSMClient({ endpoint: front.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  const kms = new KMSClient({ endpoint: front.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  await expect(ssm.send(new GetParameterCommand({ Name: '/new/param' }))).rejects.toBeInstanceOf(ParameterNotFound);
  await expect(kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).rejects.toMatchObject({ name: 'NotFoundException' });
  await new Promise((resolve) => setTimeout(resolve, 450));
  await expect(ssm.send(new GetParameterCommand({ Name: '/new/param' }))).resolves.toMatchObject({ Parameter: { Value: 'v' } });
  await expect(kms.send(new DescribeKeyCommand({ KeyId: 'alias/fresh' }))).resolves.toMatchObject({ KeyMetadata: { KeyId: key.keyId } });

  // The hook the EC2 state calls, with its own clock.
  front.operations.created('i-0123456789abcdef0', 1_000);
  expect(front.operations.hidden('i-0123456789abcdef0', 1_399)).toBe(true);
  expect(front.operations.hidden('i-0123456789abcdef0', 1_400)).toBe(false);
  await admin('POST', '/__admin/consistency', { hideMs: 0 });
  front.operations.created('i-0fedcba9876543210', 1_000);
  expect(front.operations.hidden('i-0fedcba9876543210', 1_000)).toBe(false);
  await admin('POST', '/__admin/reset');
});

test('the time scale for state transitions is set, reported and cleared', async () => {
  expect(front.operations.timeScale()).toBe(1);
  expect((await admin('POST', '/__admin/time-scale', { scale: 10 })).json).toEqual({ timeScale: 10 });
  expect(front.operations.timeScale()).toBe(10);
  expect((await admin('GET', '/__admin/faults')).json.timeScale).toBe(10);
  expect((await admin('POST', '/__admin/time-scale', { scale: 0 })).status).toBe(400);
  expect(front.operations.timeScale()).toBe(10);
  await admin('DELETE', '/__admin/faults');
  expect(front.operations.timeScale()).toBe(1);
});

test('under 40 concurrent calls a fault of count 3 fails exactly 3 of them, each logged once', async () => {
  const before = await logLength();
  await admin('POST', '/__admin/faults', { action: 'GetParameter', code: 'InvalidKeyId', nth: 10, count: 3 });
  const ssm = new SSMClient({ endpoint: front.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  const outcomes = await Promise.all(
    Array.from({ length: 40 }, () => ssm.send(new GetParameterCommand({ Name: UBUNTU })).then(() => 'ok', (e: any) => e.name as string)),
  );
  expect(outcomes.filter((o) => o === 'InvalidKeyId')).toHaveLength(3);
  expect(outcomes.filter((o) => o === 'ok')).toHaveLength(37);
  const lines = await logLines(before);
  expect(lines).toHaveLength(40);
  expect(lines.filter((l) => l.errorCode === 'InvalidKeyId' && l.injected === 'fault')).toHaveLength(3);
});
