// The non-EC2 services and the operations layer mounted on the endpoint's own server (startEc2Local): real SDK
// clients for EC2, STS, SSM, Secrets Manager and KMS on one port, the admin routes under /__admin/, the request log.
import {
  CreateKeyPairCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
  waitUntilInstanceRunning,
} from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import fs from 'node:fs';
import { startServicesFront, type ServicesFront } from './services-front.js';

const credentials = { accessKeyId: 'AKIDSERVER', secretAccessKey: 'server-secret' };
const UBUNTU = '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id';

let front: ServicesFront;
let logPath: string;
const clientConfig = (region = 'us-east-1') => ({ endpoint: front.url, region, credentials });

beforeAll(async () => {
  front = await startServicesFront({ requestLog: true, durations: { instancePending: 100, instanceShuttingDown: 50 } });
  logPath = front.requestLogPath!;
});
afterAll(async () => {
  await front?.close();
});
afterEach(async () => {
  await admin('DELETE', '/__admin/faults');
});

async function admin(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(front.url + route, { method, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(5000) });
  return { status: response.status, json: await response.json() };
}

test('every service answers its own SDK on the one endpoint; SSM AMI parameters name the newest catalog image', async () => {
  expect((await new STSClient(clientConfig()).send(new GetCallerIdentityCommand({}))).Account).toBe(front.accountId);
  const region = 'eu-north-1';
  const { Parameter } = await new SSMClient(clientConfig(region)).send(new GetParameterCommand({ Name: UBUNTU }));
  const { Images } = await new EC2Client(clientConfig(region)).send(
    new DescribeImagesCommand({ Owners: ['099720109477'], Filters: [{ Name: 'name', Values: ['ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*'] }] }),
  );
  const newest = [...Images!].sort((a, b) => Date.parse(b.CreationDate!) - Date.parse(a.CreationDate!))[0]!;
  expect(Parameter?.Value).toBe(newest.ImageId);

  expect((await admin('POST', '/__admin/secrets', { name: 'server/secret', secretString: 'value' })).status).toBe(201);
  const secret = await new SecretsManagerClient(clientConfig()).send(new GetSecretValueCommand({ SecretId: 'server/secret' }));
  expect(secret.SecretString).toBe('value');
  const key = await new KMSClient(clientConfig()).send(new DescribeKeyCommand({ KeyId: 'alias/aws/ebs' }));
  expect(key.KeyMetadata?.Arn).toMatch(new RegExp(`^arn:aws:kms:us-east-1:${front.accountId}:key/`));
});

test('faults and throttling reach the EC2 client as EC2 errors, and the SDK retries the throttled calls', async () => {
  await admin('POST', '/__admin/faults', { action: 'DescribeImages', code: 'InvalidAMIID.NotFound', nth: 1 });
  const ec2 = new EC2Client({ ...clientConfig(), maxAttempts: 1 });
  await expect(ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound', $metadata: { httpStatusCode: 400 } });
  await expect(ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).resolves.toBeDefined();

  await admin('POST', '/__admin/faults', { action: 'DescribeImages', code: 'RequestLimitExceeded', count: 2 });
  const retrying = await new EC2Client(clientConfig()).send(new DescribeImagesCommand({ Owners: ['amazon'] }));
  expect(retrying.$metadata.attempts).toBe(3);
  expect(retrying.Images!.length).toBeGreaterThan(0);

  await front.operations.flushLog();
  const lines = fs.readFileSync(logPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  expect(lines.slice(-3).map((l) => [l.service, l.action, l.status, l.errorCode])).toEqual([
    ['ec2', 'DescribeImages', 503, 'RequestLimitExceeded'],
    ['ec2', 'DescribeImages', 503, 'RequestLimitExceeded'],
    ['ec2', 'DescribeImages', 200, null],
  ]);
});

test('the time scale slows instance transitions down', async () => {
  const ec2 = new EC2Client(clientConfig());
  const { Parameter } = await new SSMClient(clientConfig()).send(new GetParameterCommand({ Name: UBUNTU }));
  expect((await admin('POST', '/__admin/time-scale', { scale: 6 })).json).toEqual({ timeScale: 6 });
  const started = Date.now();
  const run = await ec2.send(new RunInstancesCommand({ ImageId: Parameter!.Value, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
  const instanceId = run.Instances![0]!.InstanceId!;
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pending = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(pending.Reservations![0]!.Instances![0]!.State?.Name).toBe('pending');
    await waitUntilInstanceRunning({ client: ec2, maxWaitTime: 10, minDelay: 1, maxDelay: 1 }, { InstanceIds: [instanceId] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  } finally {
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  }
});

test('POST /__admin/reset resets the EC2 state; GET /__admin/resources lists what is live', async () => {
  const ec2 = new EC2Client(clientConfig('us-west-2'));
  await ec2.send(new CreateKeyPairCommand({ KeyName: 'leak-check' }));
  const listed = (await admin('GET', '/__admin/resources')).json as Array<{ region: string; kind: string; id: string }>;
  expect(listed.some((r) => r.region === 'us-west-2' && r.kind.includes('key'))).toBe(true);
  expect((await admin('POST', '/__admin/reset')).json).toEqual({ reset: true });
  expect((await admin('GET', '/__admin/resources')).json).toEqual([]);
  expect((await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs).toEqual([]);
});
