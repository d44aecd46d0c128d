// startLocalCloud, the one-call composition: every service on one port with the account EC2 reports, the admin
// endpoint under /_admin/ (and /__admin/), the request log under the state directory, reset clearing state, faults
// and admin-fed stores alike, and `persist` keeping the account across stop and start. Instances are metadata
// here (machines: false); the real machines are exercised by test/ec2-local/packer-amazon-ebs.test.ts.
import { CreateKeyPairCommand, DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import fs from 'node:fs';
import path from 'node:path';
import { localCloudEnvironment, startLocalCloud, type LocalCloud } from '../src/index.js';
import { awsError, CREDENTIALS, FAST } from './support/endpoint.js';

let dir: string;
const started: LocalCloud[] = [];

beforeAll(() => {
  fs.mkdirSync('/var/tmp', { recursive: true });
  dir = fs.mkdtempSync('/var/tmp/ec2-local-cloud-');
});

afterAll(async () => {
  for (const cloud of started) await cloud.stop(); // stop is idempotent
  fs.rmSync(dir, { recursive: true, force: true });
});

async function start(name: string, persist = false): Promise<LocalCloud> {
  const cloud = await startLocalCloud({ stateDir: path.join(dir, name), machines: false, persist, durations: FAST, credentials: [CREDENTIALS] });
  started.push(cloud);
  return cloud;
}

const config = (cloud: LocalCloud) => ({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });

async function adminGet(cloud: LocalCloud, route: string): Promise<unknown> {
  const response = await fetch(cloud.endpoint + route, { signal: AbortSignal.timeout(5000) });
  expect(response.status).toBe(200);
  return response.json();
}

test('one endpoint: EC2 and STS agree on the account; admin, faults, request log; reset clears everything', async () => {
  const cloud = await start('composed');
  expect(cloud.isolation).toBeUndefined();
  expect(cloud.endpoint).toBe(`http://127.0.0.1:${cloud.port}`);
  const ec2 = new EC2Client(config(cloud));
  expect((await new STSClient(config(cloud)).send(new GetCallerIdentityCommand({}))).Account).toBe(cloud.accountId);
  const key = await ec2.send(new CreateKeyPairCommand({ KeyName: 'composed' }));
  const expected = [{ region: 'us-east-1', kind: 'key-pair', id: key.KeyPairId }];
  expect(cloud.liveResources()).toEqual(expected);
  expect(await adminGet(cloud, '/_admin/resources')).toEqual(expected);
  expect(await adminGet(cloud, '/__admin/resources')).toEqual(expected);

  cloud.stores.parameters.put({ name: '/composed/p', value: 'v' });
  expect((await new SSMClient(config(cloud)).send(new GetParameterCommand({ Name: '/composed/p' }))).Parameter?.Value).toBe('v');
  cloud.operations.addFault({ action: 'DescribeKeyPairs', code: 'RequestLimitExceeded', always: true });
  expect((await awsError(ec2.send(new DescribeKeyPairsCommand({})))).name).toBe('RequestLimitExceeded');

  await cloud.reset();
  expect(cloud.liveResources()).toEqual([]);
  expect((await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs).toEqual([]); // the fault went too
  expect((await awsError(new SSMClient(config(cloud)).send(new GetParameterCommand({ Name: '/composed/p' })))).name).toBe('ParameterNotFound');

  await cloud.operations.flushLog();
  const log = fs.readFileSync(cloud.requestLogPath!, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  expect(cloud.requestLogPath).toBe(path.join(dir, 'composed', 'requests.jsonl'));
  expect(log.map((entry) => `${entry.service} ${entry.action} ${entry.status}`)).toEqual([
    'sts GetCallerIdentity 200',
    'ec2 CreateKeyPair 200',
    'ssm GetParameter 200',
    'ec2 DescribeKeyPairs 503',
    'ec2 DescribeKeyPairs 200',
    'ssm GetParameter 400',
  ]);
  await cloud.stop();
  await cloud.stop();
  await expect(fetch(cloud.endpoint + '/_admin/resources', { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
});

test('persist: the account survives stop and start; reset through the admin endpoint wipes it', async () => {
  const first = await start('persisted', true);
  await new EC2Client(config(first)).send(new CreateKeyPairCommand({ KeyName: 'kept' }));
  await first.stop();

  const second = await start('persisted', true);
  const { KeyPairs } = await new EC2Client(config(second)).send(new DescribeKeyPairsCommand({}));
  expect(KeyPairs?.map((k) => k.KeyName)).toEqual(['kept']);
  const reset = await fetch(second.endpoint + '/_admin/reset', { method: 'POST', signal: AbortSignal.timeout(5000) });
  expect(reset.status).toBe(200);
  expect(second.liveResources()).toEqual([]);
  await second.stop();

  const third = await start('persisted', true);
  expect(third.liveResources()).toEqual([]);
});

test('localCloudEnvironment points every service at the endpoint with static credentials', () => {
  const env = localCloudEnvironment('http://127.0.0.1:4599', 'eu-west-1');
  expect(env).toMatchObject({ AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:4599', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4599', AWS_REGION: 'eu-west-1' });
  expect(env.AWS_ACCESS_KEY_ID).toMatch(/^AKIA/);
});
