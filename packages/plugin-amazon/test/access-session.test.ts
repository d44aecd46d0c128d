// createAwsSession against ec2-local (signatures verified, so the credentials a session picks really matter):
// static keys, the environment, a profile in a temp HOME, shared_credentials_file; region resolution; credential
// validation through STS and its failure text (no secret in it); no credentials at all; endpoints per service and
// for every region; lazy clients; max_retries; validateRegions' messages.
import { DescribeKeyPairsCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { localCloudEnvironment, type LocalCloud } from '@tspacker/ec2-local';
import fs from 'node:fs';
import path from 'node:path';
import { createAwsSession, validateRegions } from '../src/access/create-session.js';
import type { AwsSession } from '../src/access/session.js';
import { accessConfig } from './access-config.js';
import { loggedCalls } from './request-log.js';
import { startTempCloud, type TempCloud } from './temp-cloud.js';

const KEYS = { accessKeyId: 'AKIASESSIONTEST00001', secretAccessKey: 'session-test-secret-value' };
const PROFILE_KEYS = { accessKeyId: 'AKIAPROFILETEST00001', secretAccessKey: 'profile-test-secret-value' };

let temp: TempCloud;
let dir: string;
let cloud: LocalCloud;
const sessions: AwsSession[] = [];

beforeAll(async () => {
  temp = await startTempCloud('access', { machines: false, credentials: [KEYS, PROFILE_KEYS] });
  ({ dir, cloud } = temp);
});
afterEach(async () => {
  for (const s of sessions.splice(0)) s.destroy();
  await fetch(`${cloud.endpoint}/_admin/faults`, { method: 'DELETE', signal: AbortSignal.timeout(5000) });
});
afterAll(async () => {
  await temp?.stop();
});

/** An environment with nothing of the host's AWS setup: a temp HOME, no metadata service. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = fs.mkdtempSync(path.join(dir, 'home-'));
  return { HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...extra };
}
function endpointsEnv(): Record<string, string> {
  const { AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_SECRETS_MANAGER } = localCloudEnvironment(cloud.endpoint);
  return { AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_SECRETS_MANAGER } as Record<string, string>;
}
async function session(access: AccessConfig, env: Record<string, string>): Promise<AwsSession> {
  const s = await createAwsSession(access, { env });
  sessions.push(s);
  return s;
}

test('static keys: STS validates them (account id), custom_endpoint_ec2 serves EC2 in every region, clients are per service and region', async () => {
  const s = await session(
    accessConfig({ access_key: KEYS.accessKeyId, secret_key: KEYS.secretAccessKey, region: 'eu-west-1', custom_endpoint_ec2: cloud.endpoint }),
    { ...cleanEnv(), AWS_ENDPOINT_URL_STS: cloud.endpoint },
  );
  expect(s.region).toBe('eu-west-1');
  expect(s.accountId).toBe('123456789012');
  expect(s.ec2()).toBe(s.ec2('eu-west-1'));
  expect(s.ec2('us-west-2')).not.toBe(s.ec2());
  const before = (await loggedCalls(cloud)).length;
  await s.ec2('us-west-2').send(new DescribeKeyPairsCommand({}));
  await s.ec2('ap-south-1').send(new DescribeKeyPairsCommand({}));
  const calls = (await loggedCalls(cloud)).slice(before);
  expect(calls.map((c) => [c.service, c.region, c.action, c.status])).toEqual([
    ['ec2', 'us-west-2', 'DescribeKeyPairs', 200],
    ['ec2', 'ap-south-1', 'DescribeKeyPairs', 200],
  ]);
});

test('credentials and region from the environment; AWS_ENDPOINT_URL_* point each service at the local cloud', async () => {
  const env = { ...cleanEnv(), ...endpointsEnv(), AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey, AWS_DEFAULT_REGION: 'ca-central-1' };
  const s = await session(accessConfig({}), env);
  expect(s.region).toBe('ca-central-1');
  expect(s.accountId).toBe('123456789012');
  const answer = await s.ec2('sa-east-1').send(new DescribeRegionsCommand({}));
  expect(answer.Regions?.length).toBeGreaterThan(5);
  // AWS_REGION beats AWS_DEFAULT_REGION, the config beats both.
  expect((await session(accessConfig({ skip_credential_validation: true }), { ...env, AWS_REGION: 'us-east-2' })).region).toBe('us-east-2');
  expect((await session(accessConfig({ region: 'eu-north-1', skip_credential_validation: true }), { ...env, AWS_REGION: 'us-east-2' })).region).toBe('eu-north-1');
});

test('a profile in the shared files of a temp HOME gives credentials and region; a named profile beats keys in the environment', async () => {
  const env: Record<string, string> = { ...cleanEnv(), ...endpointsEnv(), AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG1', AWS_SECRET_ACCESS_KEY: 'wrong-secret' };
  fs.mkdirSync(path.join(env.HOME!, '.aws'));
  fs.writeFileSync(path.join(env.HOME!, '.aws', 'credentials'), `[builder]\naws_access_key_id = ${PROFILE_KEYS.accessKeyId}\naws_secret_access_key = ${PROFILE_KEYS.secretAccessKey}\n`);
  fs.writeFileSync(path.join(env.HOME!, '.aws', 'config'), '[default]\nregion = us-east-1\n\n[profile builder]\nregion = eu-central-1\n');
  const s = await session(accessConfig({ profile: 'builder' }), env);
  expect(s.region).toBe('eu-central-1');
  expect(s.accountId).toBe('123456789012');
  await expect(s.ec2().send(new DescribeKeyPairsCommand({}))).resolves.toBeDefined();
  // AWS_PROFILE names it too.
  expect((await session(accessConfig({}), { ...env, AWS_PROFILE: 'builder' })).region).toBe('eu-central-1');
});

test('credential_process of a profile in the shared config (the default chain, no keys anywhere else)', async () => {
  const env: Record<string, string> = { ...cleanEnv(), ...endpointsEnv() };
  const script = path.join(env.HOME!, 'creds.sh');
  fs.writeFileSync(script, `#!/bin/sh\necho '{"Version": 1, "AccessKeyId": "${PROFILE_KEYS.accessKeyId}", "SecretAccessKey": "${PROFILE_KEYS.secretAccessKey}"}'\n`, { mode: 0o755 });
  fs.mkdirSync(path.join(env.HOME!, '.aws'));
  fs.writeFileSync(path.join(env.HOME!, '.aws', 'config'), `[default]\nregion = us-west-1\ncredential_process = ${script}\n`);
  const s = await session(accessConfig({}), env);
  expect(s.region).toBe('us-west-1');
  expect(s.accountId).toBe('123456789012');
});

test('shared_credentials_file names the credentials file', async () => {
  const file = path.join(dir, 'creds-file');
  fs.writeFileSync(file, `[default]\naws_access_key_id = ${PROFILE_KEYS.accessKeyId}\naws_secret_access_key = ${PROFILE_KEYS.secretAccessKey}\nregion = ap-northeast-1\n`);
  const s = await session(accessConfig({ shared_credentials_file: file }), { ...cleanEnv(), ...endpointsEnv() });
  expect(s.region).toBe('ap-northeast-1');
  expect(s.accountId).toBe('123456789012');
});

test('rejected credentials fail validation with STS error text, never the secret; skip_credential_validation skips STS', async () => {
  const secret = 'a-very-secret-secret-key';
  const access = accessConfig({ access_key: 'AKIAUNKNOWNUNKNOWN01', secret_key: secret, region: 'us-east-1' });
  const error = await createAwsSession(access, { env: { ...cleanEnv(), ...endpointsEnv() } }).catch((e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toBe(
    'validating provider credentials: retrieving caller identity from STS: InvalidClientTokenId: The security token included in the request is invalid.',
  );
  expect((error as Error).message).not.toContain(secret);

  const before = (await loggedCalls(cloud)).length;
  const s = await session(accessConfig({ ...access, skip_credential_validation: true }), { ...cleanEnv(), ...endpointsEnv() });
  expect(s.accountId).toBe('');
  expect((await loggedCalls(cloud)).slice(before)).toEqual([]);
});

test("no credentials anywhere: Packer's \"No valid credential sources found\"; no region: a clear error", async () => {
  const error = await createAwsSession(accessConfig({ region: 'us-east-1', skip_metadata_api_check: true }), { env: { ...cleanEnv(), AWS_EC2_METADATA_DISABLED: 'false' } }).catch((e: Error) => e);
  expect((error as Error).message).toMatch(
    /^No valid credential sources found for AWS Builder\. Please see https:\/\/www\.packer\.io\/docs\/builders\/amazon#authentication for more information on providing credentials for the AWS Builder\. Error: /,
  );
  const noRegion = await createAwsSession(accessConfig({ access_key: 'AKIA', secret_key: 'x' }), { env: cleanEnv() }).catch((e: Error) => e);
  expect((noRegion as Error).message).toBe('No region was found: set `region`, AWS_REGION or AWS_DEFAULT_REGION, or a region in the AWS profile "default".');
});

test('assume_role: the base credentials call STS AssumeRole (at AWS_ENDPOINT_URL_STS); a refusal reads clearly', async () => {
  const before = (await loggedCalls(cloud)).length;
  const access = accessConfig({
    access_key: KEYS.accessKeyId,
    secret_key: KEYS.secretAccessKey,
    region: 'eu-west-2',
    assume_role: { role_arn: 'arn:aws:iam::123456789012:role/packer', session_name: 'packer-build', external_id: 'ext-1', tags: { Team: 'images' } },
  });
  const error = await createAwsSession(access, { env: { ...cleanEnv(), AWS_ENDPOINT_URL_STS: cloud.endpoint } }).catch((e: Error) => e);
  // ec2-local's STS knows GetCallerIdentity only: the role cannot be assumed, and the message says which and why.
  expect((error as Error).message).toBe(
    'Error loading credentials for AWS Provider: IAM Role (arn:aws:iam::123456789012:role/packer) cannot be assumed: InvalidAction: Could not find operation AssumeRole for version 2011-06-15',
  );
  expect((error as Error).message).not.toContain(KEYS.secretAccessKey);
  const calls = (await loggedCalls(cloud)).slice(before);
  expect(calls.map((c) => [c.service, c.region, c.action, c.errorCode])).toEqual([['sts', 'eu-west-2', 'AssumeRole', 'InvalidAction']]);
});

test('max_retries is the number of attempts in all (Packer: 10 by default)', async () => {
  const env = { ...cleanEnv(), ...endpointsEnv() };
  const access = accessConfig({ access_key: KEYS.accessKeyId, secret_key: KEYS.secretAccessKey, region: 'us-east-1', skip_credential_validation: true });
  const addFault = (count: number) =>
    fetch(`${cloud.endpoint}/_admin/faults`, { method: 'POST', body: JSON.stringify({ action: 'DescribeKeyPairs', code: 'InternalError', count }), signal: AbortSignal.timeout(5000) });
  await addFault(3);
  const two = await session(accessConfig({ ...access, max_retries: 2 }), env);
  const failed = await two.ec2().send(new DescribeKeyPairsCommand({})).catch((e: { name: string; $metadata: { attempts: number } }) => e);
  expect(failed).toMatchObject({ name: 'InternalError', $metadata: { attempts: 2 } });
  await fetch(`${cloud.endpoint}/_admin/faults`, { method: 'DELETE', signal: AbortSignal.timeout(5000) });
  await addFault(4);
  const byDefault = await session(access, env);
  const answer = await byDefault.ec2().send(new DescribeKeyPairsCommand({}));
  expect(answer.$metadata.attempts).toBe(5);
});

test("validateRegions: Packer's message for an unknown region, nothing for known ones (empty ones ignored)", async () => {
  const s = await session(accessConfig({ access_key: KEYS.accessKeyId, secret_key: KEYS.secretAccessKey, region: 'us-east-1', custom_endpoint_ec2: cloud.endpoint }), {
    ...cleanEnv(),
    AWS_ENDPOINT_URL_STS: cloud.endpoint,
  });
  await expect(validateRegions(s, ['us-east-1', 'eu-west-1', ''])).resolves.toBeUndefined();
  const error = await validateRegions(s, ['us-east-1', 'us-east-9', 'mars-north-1']).catch((e: Error) => e);
  expect((error as Error).message).toMatch(/^Invalid region\(s\): \[us-east-9 mars-north-1\], available regions: \[[a-z0-9 -]+\]$/);
  expect((error as Error).message).toContain('available regions: [us-east-1 us-east-2 ');
});

test('destroy closes every client; the session hands out fresh ones afterwards (cleanup code may still call)', async () => {
  const s = await createAwsSession(accessConfig({ access_key: KEYS.accessKeyId, secret_key: KEYS.secretAccessKey, region: 'us-east-1', custom_endpoint_ec2: cloud.endpoint, skip_credential_validation: true }), { env: cleanEnv() });
  const first = s.ec2();
  await first.send(new DescribeKeyPairsCommand({}));
  s.destroy();
  expect(s.ec2()).not.toBe(first);
  await expect(s.ec2().send(new DescribeKeyPairsCommand({}))).resolves.toBeDefined();
  s.destroy();
});
