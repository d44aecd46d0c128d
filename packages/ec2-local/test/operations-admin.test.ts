// The admin endpoint (resources, reset, stores, input errors) and the JSONL request log, over real HTTP: mounted
// on the endpoint's server (/__admin/), and as a bare node:http handler (/_admin/).
import { CreateKeyPairCommand, DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from '../src/operations/admin.js';
import { LocalOperations } from '../src/operations/local-operations.js';
import { startServicesFront, type ServicesFront } from './services-front.js';

const credentials = { accessKeyId: 'AKIDADMIN', secretAccessKey: 'admin-secret' };

let front: ServicesFront;
let dir: string;
let logPath: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ec2-local-admin-'));
  front = await startServicesFront({ requestLog: true });
  logPath = front.requestLogPath!;
});
afterAll(async () => {
  await front.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function admin(method: string, path: string, body?: string | object): Promise<{ status: number; json: any }> {
  const response = await fetch(front.url + path, {
    method,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: response.status, json: await response.json() };
}

test('GET /__admin/resources lists live EC2 resources; POST /__admin/reset removes them, the faults and the admin-fed stores', async () => {
  const options = { endpoint: front.url, region: 'us-east-1', credentials, maxAttempts: 1 };
  await new EC2Client(options).send(new CreateKeyPairCommand({ KeyName: 'admin-test' }));
  const live = (await admin('GET', '/__admin/resources')).json as Array<{ region: string; id: string }>;
  expect(live.filter((r) => r.region === 'us-east-1')).toHaveLength(1);
  await admin('POST', '/__admin/ssm-parameters', { name: '/reset/me', value: 'x' });
  await admin('POST', '/__admin/secrets', { name: 'reset-me', secretString: 'x' });
  await admin('POST', '/__admin/faults', { action: 'GetCallerIdentity', code: 'AccessDenied', always: true });
  await admin('POST', '/__admin/time-scale', { scale: 5 });

  expect(await admin('POST', '/__admin/reset')).toEqual({ status: 200, json: { reset: true } });
  expect((await admin('GET', '/__admin/resources')).json).toEqual([]);
  expect((await new EC2Client(options).send(new DescribeKeyPairsCommand({}))).KeyPairs).toEqual([]);
  expect((await admin('GET', '/__admin/faults')).json).toMatchObject({ faults: [], timeScale: 1, hideMs: 0, throttle: { fraction: 0 } });
  await expect(new SSMClient(options).send(new GetParameterCommand({ Name: '/reset/me' }))).rejects.toBeInstanceOf(ParameterNotFound);
  await expect(new SecretsManagerClient(options).send(new GetSecretValueCommand({ SecretId: 'reset-me' }))).rejects.toBeInstanceOf(
    ResourceNotFoundException,
  );
  await expect(new STSClient(options).send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
});

test('bad admin requests get JSON errors and the endpoint keeps serving', async () => {
  expect((await admin('GET', '/__admin/nothing')).status).toBe(404);
  expect(await admin('PUT', '/__admin/faults', {})).toMatchObject({ status: 405, json: { error: { code: 'MethodNotAllowed' } } });
  expect(await admin('POST', '/__admin/faults', '{"action":')).toMatchObject({ status: 400, json: { error: { code: 'MalformedJson' } } });
  expect(await admin('POST', '/__admin/faults', '[]')).toMatchObject({ status: 400, json: { error: { code: 'MalformedJson' } } });
  for (const fault of [
    { code: 'X' },
    { action: 'A' },
    { action: 'A', code: 'X', nth: 0 },
    { action: 'A', code: 'X', count: 'two' },
    { action: 'A', code: 'X', status: 200 },
    { action: 'A', code: 'X', always: 'yes' },
  ]) {
    expect(await admin('POST', '/__admin/faults', fault)).toMatchObject({ status: 400, json: { error: { code: 'ValidationException' } } });
  }
  expect((await admin('POST', '/__admin/throttle', { fraction: 2 })).status).toBe(400);
  expect((await admin('POST', '/__admin/throttle', { fraction: 0.5, seed: -1 })).status).toBe(400);
  expect((await admin('POST', '/__admin/consistency', { hideMs: 'long' })).status).toBe(400);
  expect((await admin('POST', '/__admin/latency', { ms: -5 })).status).toBe(400);
  expect((await admin('POST', '/__admin/ssm-parameters', { name: 'bad name!', value: 'x' })).status).toBe(400);
  expect((await admin('POST', '/__admin/ssm-parameters', { name: '/x', value: 'x', type: 'Blob' })).status).toBe(400);
  expect((await admin('POST', '/__admin/secrets', { name: 's' })).status).toBe(400);
  expect((await admin('POST', '/__admin/secrets', { name: 's', secretBinary: 'not base64!' })).status).toBe(400);
  expect((await admin('POST', '/__admin/kms-keys', { region: 'mars' })).status).toBe(400);
  expect((await admin('GET', '/__admin/faults')).json.faults).toEqual([]);
  expect((await admin('GET', '/__admin/resources')).status).toBe(200);
});

test('the JSONL log has one metadata line per call and never a parameter or secret value', async () => {
  const secretValue = `secret-${randomUUID()}`;
  const parameterValue = `param-${randomUUID()}`;
  await admin('POST', '/__admin/secrets', { name: 'logged/secret', secretString: secretValue });
  await admin('POST', '/__admin/ssm-parameters', { name: '/logged/param', value: parameterValue, type: 'SecureString' });
  await front.operations.flushLog();
  const before = fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8').split('\n').filter(Boolean).length : 0;
  const options = { endpoint: front.url, region: 'sa-east-1', credentials, maxAttempts: 1 };

  const started = Date.now();
  await new SecretsManagerClient({ ...options, region: 'us-east-1' }).send(new GetSecretValueCommand({ SecretId: 'logged/secret' }));
  await new SSMClient(options).send(new GetParameterCommand({ Name: '/logged/param', WithDecryption: true }));
  await new SSMClient(options).send(new GetParameterCommand({ Name: '/missing' })).catch(() => undefined);
  await new STSClient(options).send(new GetCallerIdentityCommand({}));
  await front.operations.flushLog();

  const text = fs.readFileSync(logPath, 'utf8');
  expect(text).not.toContain(secretValue);
  expect(text).not.toContain(parameterValue);
  expect(text).not.toContain('/logged/param');
  expect(text).not.toContain(credentials.secretAccessKey);
  const lines = text.trim().split('\n').slice(before).map((line) => JSON.parse(line));
  expect(lines.map((l) => [l.service, l.region, l.action, l.status, l.errorCode])).toEqual([
    ['secretsmanager', 'us-east-1', 'GetSecretValue', 200, null],
    ['ssm', 'sa-east-1', 'GetParameter', 200, null],
    ['ssm', 'sa-east-1', 'GetParameter', 400, 'ParameterNotFound'],
    ['sts', 'sa-east-1', 'GetCallerIdentity', 200, null],
  ]);
  for (const line of lines) {
    expect(Object.keys(line).sort()).toEqual(['action', 'durationMs', 'errorCode', 'region', 'requestId', 'service', 'status', 'time']);
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(line.time)).toBeGreaterThanOrEqual(started - 5);
    expect(Date.parse(line.time)).toBeLessThanOrEqual(Date.now());
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    expect(line.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
  expect(new Set(lines.map((l) => l.requestId)).size).toBe(lines.length);
});

test('a log that cannot be written never breaks the calls; flushLog reports why', async () => {
  const blocked = path.join(dir, 'a-directory');
  fs.mkdirSync(blocked);
  const operations = new LocalOperations({ requestLogPath: blocked });
  const request = { service: 'sts', action: 'GetCallerIdentity', region: 'us-east-1', params: new Map(), requestId: randomUUID() };
  for (let i = 0; i < 3; i++) operations.record(request, { status: 200, contentType: 'text/xml', body: '' }, 1);
  await expect(operations.flushLog()).rejects.toThrow(/EISDIR/);
  await operations.close();
  const silent = new LocalOperations();
  expect(() => silent.record(request, { status: 200, contentType: 'text/xml', body: '' }, 1)).not.toThrow();
  await expect(silent.flushLog()).resolves.toBeUndefined();
});

describe('handleAdmin as a bare node:http handler', () => {
  let server: http.Server;
  let url: string;
  let resets = 0;
  const operations = new LocalOperations();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      void handleAdmin(req, res, { operations, listResources: () => ({ fake: ['i-1'] }), reset: () => void resets++ });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function call(method: string, route: string, body?: string) {
    const response = await fetch(url + route, { method, body, signal: AbortSignal.timeout(5000) });
    return { status: response.status, json: (await response.json()) as any };
  }

  test('serves /_admin/ routes with the server callbacks, 404s others, refuses bodies over 1 MiB', async () => {
    expect(await call('GET', '/_admin/resources')).toEqual({ status: 200, json: { fake: ['i-1'] } });
    expect((await call('POST', '/_admin/reset')).status).toBe(200);
    expect(resets).toBe(1);
    expect(await call('POST', '/_admin/faults', JSON.stringify({ action: 'X', code: 'Y' }))).toMatchObject({ status: 201, json: { fault: { nth: 1, count: 1, status: 400 } } });
    expect(operations.describe().faults).toHaveLength(1);
    expect(await call('GET', '/_admin/nothing')).toMatchObject({ status: 404, json: { error: { code: 'NotFound' } } });
    expect(await call('POST', '/_admin/ssm-parameters', '{"name":"/a","value":"b"}')).toMatchObject({ status: 404, json: { error: { code: 'NotConfigured' } } });
    expect((await call('POST', '/_admin/faults', 'x'.repeat(2 << 20))).status).toBe(413);
    expect((await call('GET', '/_admin/faults')).status).toBe(200);
  });
});
