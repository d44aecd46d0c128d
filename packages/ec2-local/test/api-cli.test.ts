// The AWS CLI v2 from Debian's packages against the endpoint (--endpoint-url, credentials from the
// environment, signatures verified): describe-images with filters, create-key-pair, run-instances,
// describe-instances, terminate-instances.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Ec2Local } from '../src/index.js';
import { CREDENTIALS, startFast } from './support/endpoint.js';

const run = promisify(execFile);
let local: Ec2Local;
let home: string;

beforeAll(async () => {
  local = await startFast({ credentials: [CREDENTIALS] });
  home = mkdtempSync(join(tmpdir(), 'ec2-local-cli-'));
});

afterAll(async () => {
  await local.stop();
  rmSync(home, { recursive: true, force: true });
});

async function aws(...args: string[]): Promise<any> {
  const { stdout } = await run('/usr/bin/aws', ['ec2', ...args, '--endpoint-url', local.endpoint, '--region', 'us-east-1', '--output', 'json'], {
    timeout: 30_000,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    },
  });
  return stdout.trim() === '' ? undefined : JSON.parse(stdout);
}

test('describe-images with filters and owners finds the newest Ubuntu image', async () => {
  const images = await aws(
    'describe-images',
    '--owners', '099720109477',
    '--filters', 'Name=name,Values=ubuntu/images/*ubuntu-jammy-22.04-arm64-server-*', 'Name=virtualization-type,Values=hvm',
    '--query', 'sort_by(Images, &CreationDate)[-1].[Name,Architecture]',
  );
  expect(images).toEqual(['ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-20240301', 'arm64']);
}, 40_000);

test('create-key-pair, run-instances, describe-instances, terminate-instances', async () => {
  const key = await aws('create-key-pair', '--key-name', 'cli-key', '--key-type', 'ed25519');
  expect(key.KeyMaterial).toContain('BEGIN OPENSSH PRIVATE KEY');
  const [imageId] = await aws('describe-images', '--owners', 'amazon', '--filters', 'Name=name,Values=amzn2-ami-hvm-2.0.20230404.0-x86_64-gp2', '--query', 'Images[].ImageId');
  const launched = await aws('run-instances', '--image-id', imageId, '--instance-type', 't3.micro', '--key-name', 'cli-key', '--count', '2',
    '--tag-specifications', 'ResourceType=instance,Tags=[{Key=Name,Value=cli}]');
  const ids: string[] = launched.Instances.map((i: { InstanceId: string }) => i.InstanceId);
  expect(ids).toHaveLength(2);
  await run('/usr/bin/aws', ['ec2', 'wait', 'instance-running', '--instance-ids', ...ids, '--endpoint-url', local.endpoint, '--region', 'us-east-1'], {
    timeout: 30_000,
    env: { PATH: process.env.PATH, HOME: home, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true' },
  });
  const described = await aws('describe-instances', '--filters', 'Name=tag:Name,Values=cli', 'Name=instance-state-name,Values=running', '--query', 'Reservations[].Instances[].[InstanceId,KeyName,PublicIpAddress]');
  expect(described.map((d: string[]) => d[0]).sort()).toEqual([...ids].sort());
  expect(described.every((d: string[]) => d[1] === 'cli-key' && /^127\./.test(d[2]!))).toBe(true);
  const terminated = await aws('terminate-instances', '--instance-ids', ...ids);
  expect(terminated.TerminatingInstances.map((t: { CurrentState: { Name: string } }) => t.CurrentState.Name)).toEqual(['shutting-down', 'shutting-down']);
  await aws('delete-key-pair', '--key-name', 'cli-key');
}, 50_000);

test('errors come back as the CLI shows AWS errors', async () => {
  const failure = await aws('describe-instances', '--instance-ids', 'i-0123456789abcdef0').catch((error: { stderr: string; code: number }) => error);
  expect(failure.code).toBe(254);
  expect(failure.stderr).toContain('(InvalidInstanceID.NotFound)');
}, 40_000);
