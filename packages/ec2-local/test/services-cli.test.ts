// STS, SSM, Secrets Manager and KMS through the AWS CLI v2 from Debian's packages (botocore's own protocol code).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { catalogImageId } from '../src/catalog.js';
import { startServicesFront, type ServicesFront } from './services-front.js';

const run = promisify(execFile);
let front: ServicesFront;
let home: string;

beforeAll(async () => {
  front = await startServicesFront();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ec2-local-cli-'));
});
afterAll(async () => {
  await front.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** `aws <args> --endpoint-url <front>`: parsed JSON output, or the CLI's exit code and stderr on failure. */
async function aws(args: string[], region = 'us-east-1', extraEnv: Record<string, string> = {}): Promise<{ code: number; json?: any; stderr: string }> {
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: home,
    AWS_ACCESS_KEY_ID: 'AKIDCLITEST',
    AWS_SECRET_ACCESS_KEY: 'cli-secret',
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    ...extraEnv,
  };
  try {
    const { stdout, stderr } = await run('/usr/bin/aws', [...args, '--endpoint-url', front.url, '--output', 'json'], { env, timeout: 30_000 });
    return { code: 0, json: stdout.trim() ? JSON.parse(stdout) : undefined, stderr };
  } catch (error) {
    const failure = error as { code?: number; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : -1, stderr: failure.stderr ?? String(error) };
  }
}

test('aws sts get-caller-identity', async () => {
  const result = await aws(['sts', 'get-caller-identity']);
  expect(result.code).toBe(0);
  expect(result.json).toMatchObject({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ec2-local' });
  expect(result.json.UserId).toMatch(/^AIDA/);
});

test('aws ssm get-parameter: a public AMI parameter, an admin parameter, a missing one', async () => {
  const name = '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id';
  const ubuntu = await aws(['ssm', 'get-parameter', '--name', name], 'us-west-2');
  expect(ubuntu.code).toBe(0);
  expect(ubuntu.json.Parameter.Value).toBe(catalogImageId('us-west-2', 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240301'));

  front.parameters.put({ name: '/cli/token', value: 'tok', type: 'SecureString' });
  const decrypted = await aws(['ssm', 'get-parameter', '--name', '/cli/token', '--with-decryption']);
  expect(decrypted.json.Parameter).toMatchObject({ Name: '/cli/token', Type: 'SecureString', Value: 'tok', Version: 1 });

  const missing = await aws(['ssm', 'get-parameter', '--name', '/cli/missing']);
  expect(missing.code).toBe(254);
  expect(missing.stderr).toMatch(/\(ParameterNotFound\) when calling the GetParameter operation/);
});

test('aws secretsmanager get-secret-value and aws kms describe-key', async () => {
  front.secrets.put({ name: 'cli/secret', secretString: 'hunter2' });
  const secret = await aws(['secretsmanager', 'get-secret-value', '--secret-id', 'cli/secret']);
  expect(secret.code).toBe(0);
  expect(secret.json).toMatchObject({ Name: 'cli/secret', SecretString: 'hunter2', VersionStages: ['AWSCURRENT'] });

  const key = await aws(['kms', 'describe-key', '--key-id', 'alias/aws/ebs']);
  expect(key.code).toBe(0);
  expect(key.json.KeyMetadata).toMatchObject({ KeyManager: 'AWS', KeyState: 'Enabled' });
  const missing = await aws(['kms', 'describe-key', '--key-id', 'alias/none']);
  expect(missing.stderr).toMatch(/\(NotFoundException\) when calling the DescribeKey operation/);
});

test('the CLI retries an injected throttle (standard retry mode) and succeeds', async () => {
  front.operations.addFault({ action: 'GetCallerIdentity', code: 'Throttling', count: 2 });
  const result = await aws(['sts', 'get-caller-identity', '--debug'], 'us-east-1', { AWS_MAX_ATTEMPTS: '3', AWS_RETRY_MODE: 'standard' });
  expect(result.code).toBe(0);
  expect(result.json.Account).toBe('123456789012');
  expect(result.stderr.match(/Retry needed, retrying request after delay/g)).toHaveLength(2);
});
