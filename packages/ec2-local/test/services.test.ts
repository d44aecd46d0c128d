// STS, SSM, Secrets Manager and KMS through the real AWS SDK v3 clients over HTTP on loopback.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetParameterCommand, GetParametersCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeKeyCommand, KMSClient, ListAliasesCommand, NotFoundException } from '@aws-sdk/client-kms';
import { catalogImageId } from '../src/catalog.js';
import { catalogLatestImageId, PUBLIC_IMAGE_PARAMETERS } from '../src/services/ssm-public-parameters.js';
import { startServicesFront, type ServicesFront } from './services-front.js';

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' };
const UBUNTU_2204 = '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id';
const AL2023 = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

let front: ServicesFront;
const config = (region = 'us-east-1') => ({ endpoint: front.url, region, credentials, maxAttempts: 1 });

beforeAll(async () => {
  front = await startServicesFront();
});
afterAll(async () => {
  await front.close();
});
afterEach(async () => {
  await admin('POST', '/__admin/reset');
});

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(front.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(5000) });
  return { status: response.status, json: await response.json() };
}

describe('STS GetCallerIdentity', () => {
  test('answers the local account, a user ARN and a stable user id', async () => {
    const sts = new STSClient(config());
    const first = await sts.send(new GetCallerIdentityCommand({}));
    expect(first.Account).toBe('123456789012');
    expect(first.Arn).toBe('arn:aws:iam::123456789012:user/ec2-local');
    expect(first.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(first.$metadata.httpStatusCode).toBe(200);
    const again = await sts.send(new GetCallerIdentityCommand({}));
    expect(again.UserId).toBe(first.UserId);
  });
});

describe('SSM GetParameter / GetParameters', () => {
  test('public AMI parameters resolve to the newest catalog image of the region', async () => {
    const ssm = new SSMClient(config('eu-west-1'));
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: UBUNTU_2204 }));
    expect(Parameter?.Value).toBe(catalogImageId('eu-west-1', 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240301'));
    expect(Parameter).toMatchObject({ Name: UBUNTU_2204, Type: 'String', Version: 1, DataType: 'aws:ec2:image' });
    expect(Parameter?.ARN).toBe(`arn:aws:ssm:eu-west-1::parameter${UBUNTU_2204}`);
    expect(Parameter?.LastModifiedDate).toBeInstanceOf(Date);
    const al2023 = await ssm.send(new GetParameterCommand({ Name: AL2023 }));
    expect(al2023.Parameter?.Value).toBe(catalogLatestImageId('eu-west-1', PUBLIC_IMAGE_PARAMETERS.get(AL2023)!));
    expect(al2023.Parameter?.Value).toBe(catalogImageId('eu-west-1', 'al2023-ami-2023.1.20240610.0-kernel-6.1-x86_64'));
  });

  test('parameters set through the admin endpoint: versions, SecureString decryption, regions', async () => {
    expect((await admin('POST', '/__admin/ssm-parameters', { name: '/app/db/host', value: 'db-1' })).status).toBe(201);
    expect((await admin('POST', '/__admin/ssm-parameters', { name: '/app/db/host', value: 'db-2' })).json.version).toBe(2);
    await admin('POST', '/__admin/ssm-parameters', { name: '/app/db/password', value: 's3cr3t', type: 'SecureString' });
    await admin('POST', '/__admin/ssm-parameters', { name: 'west-only', value: 'w', region: 'us-west-2' });
    const ssm = new SSMClient(config());

    const latest = await ssm.send(new GetParameterCommand({ Name: '/app/db/host' }));
    expect(latest.Parameter).toMatchObject({ Value: 'db-2', Version: 2, ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/db/host' });
    const byArn = await ssm.send(new GetParameterCommand({ Name: latest.Parameter!.ARN }));
    expect(byArn.Parameter?.Value).toBe('db-2');
    const first = await ssm.send(new GetParameterCommand({ Name: '/app/db/host:1' }));
    expect(first.Parameter).toMatchObject({ Name: '/app/db/host', Value: 'db-1', Version: 1, Selector: ':1' });

    const encrypted = await ssm.send(new GetParameterCommand({ Name: '/app/db/password' }));
    expect(encrypted.Parameter?.Type).toBe('SecureString');
    expect(encrypted.Parameter?.Value).not.toContain('s3cr3t');
    const decrypted = await ssm.send(new GetParameterCommand({ Name: '/app/db/password', WithDecryption: true }));
    expect(decrypted.Parameter?.Value).toBe('s3cr3t');

    await expect(ssm.send(new GetParameterCommand({ Name: 'west-only' }))).rejects.toBeInstanceOf(ParameterNotFound);
    const west = await new SSMClient(config('us-west-2')).send(new GetParameterCommand({ Name: 'west-only' }));
    expect(west.Parameter?.Value).toBe('w');

    const both = await ssm.send(new GetParametersCommand({ Names: ['/app/db/host', '/nope', UBUNTU_2204] }));
    expect(both.Parameters?.map((p) => p.Name)).toEqual(['/app/db/host', UBUNTU_2204]);
    expect(both.InvalidParameters).toEqual(['/nope']);
  });

  test('unknown names and versions are AWS errors', async () => {
    const ssm = new SSMClient(config());
    const error = await ssm.send(new GetParameterCommand({ Name: '/does/not/exist' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterNotFound);
    expect((error as ParameterNotFound).$metadata.httpStatusCode).toBe(400);
    await expect(ssm.send(new GetParameterCommand({ Name: `${UBUNTU_2204}:7` }))).rejects.toMatchObject({ name: 'ParameterVersionNotFound' });
    await expect(ssm.send(new GetParametersCommand({ Names: Array.from({ length: 11 }, (_, i) => `/p${i}`) }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('Secrets Manager GetSecretValue', () => {
  test('by name, by ARN, previous versions and binary secrets', async () => {
    const put1 = await admin('POST', '/__admin/secrets', { name: 'prod/db', secretString: '{"password":"one"}' });
    expect(put1.status).toBe(201);
    const put2 = await admin('POST', '/__admin/secrets', { name: 'prod/db', secretString: '{"password":"two"}' });
    await admin('POST', '/__admin/secrets', { name: 'blob', secretBinary: Buffer.from([0, 1, 2, 255]).toString('base64') });
    const secrets = new SecretsManagerClient(config());

    const current = await secrets.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
    expect(current).toMatchObject({ Name: 'prod/db', SecretString: '{"password":"two"}', VersionId: put2.json.versionId, VersionStages: ['AWSCURRENT'] });
    expect(current.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/db-[A-Za-z0-9_-]{6}$/);
    expect(current.CreatedDate).toBeInstanceOf(Date);
    const byArn = await secrets.send(new GetSecretValueCommand({ SecretId: current.ARN }));
    expect(byArn.SecretString).toBe('{"password":"two"}');
    const previous = await secrets.send(new GetSecretValueCommand({ SecretId: 'prod/db', VersionStage: 'AWSPREVIOUS' }));
    expect(previous).toMatchObject({ SecretString: '{"password":"one"}', VersionId: put1.json.versionId, VersionStages: ['AWSPREVIOUS'] });

    const binary = await secrets.send(new GetSecretValueCommand({ SecretId: 'blob' }));
    expect(Buffer.from(binary.SecretBinary!)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(binary.SecretString).toBeUndefined();
  });

  test('unknown secrets, versions and stages are ResourceNotFoundException', async () => {
    await admin('POST', '/__admin/secrets', { name: 'only', secretString: 'x' });
    const secrets = new SecretsManagerClient(config());
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'missing' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'only', VersionStage: 'AWSPREVIOUS' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'only', VersionId: '00000000-0000-4000-8000-000000000000' }))).rejects.toThrow(
      /VersionId/,
    );
  });
});

describe('KMS DescribeKey / ListAliases', () => {
  test('AWS-managed aliases exist in every region with stable key ids', async () => {
    const kms = new KMSClient(config('ap-southeast-2'));
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ebs' }));
    expect(KeyMetadata).toMatchObject({ AWSAccountId: '123456789012', KeyManager: 'AWS', KeyState: 'Enabled', Enabled: true, KeySpec: 'SYMMETRIC_DEFAULT' });
    expect(KeyMetadata?.Arn).toBe(`arn:aws:kms:ap-southeast-2:123456789012:key/${KeyMetadata?.KeyId}`);
    const again = await kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId }));
    expect(again.KeyMetadata?.Arn).toBe(KeyMetadata?.Arn);
  });

  test('customer keys created through the admin endpoint, found by alias, id, key ARN and alias ARN', async () => {
    const created = await admin('POST', '/__admin/kms-keys', { alias: 'alias/packer', description: 'image key', region: 'us-west-2' });
    expect(created.status).toBe(201);
    const kms = new KMSClient(config('us-west-2'));
    for (const KeyId of ['alias/packer', created.json.keyId, created.json.arn, 'arn:aws:kms:us-west-2:123456789012:alias/packer']) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId }));
      expect(KeyMetadata).toMatchObject({ KeyId: created.json.keyId, Description: 'image key', KeyManager: 'CUSTOMER' });
    }
    // Keys are regional.
    await expect(new KMSClient(config('us-east-1')).send(new DescribeKeyCommand({ KeyId: 'alias/packer' }))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    const mrk = await admin('POST', '/__admin/kms-keys', { multiRegion: true, region: 'us-west-2' });
    expect(mrk.json.keyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: mrk.json.keyId }))).KeyMetadata?.MultiRegion).toBe(true);

    const aliases = await kms.send(new ListAliasesCommand({}));
    expect(aliases.Aliases?.map((a) => a.AliasName)).toEqual(['alias/aws/ebs', 'alias/aws/s3', 'alias/aws/secretsmanager', 'alias/aws/ssm', 'alias/packer']);
    expect(aliases.Aliases?.find((a) => a.AliasName === 'alias/packer')?.TargetKeyId).toBe(created.json.keyId);
    const forKey = await kms.send(new ListAliasesCommand({ KeyId: created.json.keyId }));
    expect(forKey.Aliases?.map((a) => a.AliasName)).toEqual(['alias/packer']);
    const page1 = await kms.send(new ListAliasesCommand({ Limit: 2 }));
    expect(page1).toMatchObject({ Truncated: true });
    const page2 = await kms.send(new ListAliasesCommand({ Limit: 10, Marker: page1.NextMarker }));
    expect([...page1.Aliases!, ...page2.Aliases!].map((a) => a.AliasName)).toEqual(aliases.Aliases?.map((a) => a.AliasName));
    expect(page2.Truncated).toBe(false);
  });

  test('unknown keys and aliases are NotFoundException; duplicate aliases are refused', async () => {
    const kms = new KMSClient(config());
    await expect(kms.send(new DescribeKeyCommand({ KeyId: 'alias/nope' }))).rejects.toThrow(/Alias arn:aws:kms:us-east-1:123456789012:alias\/nope is not found/);
    await expect(kms.send(new DescribeKeyCommand({ KeyId: '11111111-2222-4333-8444-555555555555' }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(kms.send(new DescribeKeyCommand({ KeyId: 'not-a-key' }))).rejects.toThrow(/Invalid keyId/);
    expect((await admin('POST', '/__admin/kms-keys', { alias: 'alias/dup' })).status).toBe(201);
    const duplicate = await admin('POST', '/__admin/kms-keys', { alias: 'alias/dup' });
    expect(duplicate).toMatchObject({ status: 400, json: { error: { code: 'AlreadyExistsException' } } });
    expect((await admin('POST', '/__admin/kms-keys', { alias: 'alias/aws/mine' })).status).toBe(400);
  });
});

describe('bad requests get AWS JSON errors, never a crash', () => {
  async function raw(target: string, body: string) {
    const response = await fetch(front.url + '/', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': target,
        Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=00',
      },
      body,
      signal: AbortSignal.timeout(5000),
    });
    return { status: response.status, type: response.headers.get('content-type'), json: (await response.json()) as Record<string, unknown> };
  }

  test('unknown operation, malformed JSON, missing and mistyped members', async () => {
    expect(await raw('AmazonSSM.DeleteEverything', '{}')).toMatchObject({ status: 400, type: 'application/x-amz-json-1.1', json: { __type: 'UnknownOperationException' } });
    expect(await raw('AmazonSSM.GetParameter', '{"Name": ')).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    expect(await raw('AmazonSSM.GetParameter', '[1]')).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    expect(await raw('AmazonSSM.GetParameter', '{}')).toMatchObject({ status: 400, json: { __type: 'ValidationException' } });
    expect(await raw('AmazonSSM.GetParameter', '{"Name": 42}')).toMatchObject({ status: 400, json: { __type: 'ValidationException' } });
    expect(await raw('AmazonSSM.GetParameter', '{"Name": "x", "WithDecryption": "yes"}')).toMatchObject({ json: { __type: 'SerializationException' } });
    expect(await raw('AmazonSSM.GetParameter', '{"Name": "__proto__"}')).toMatchObject({ json: { __type: 'ParameterNotFound' } });
    // Still serving.
    const { Parameter } = await new SSMClient(config()).send(new GetParameterCommand({ Name: UBUNTU_2204 }));
    expect(Parameter?.Value).toMatch(/^ami-[0-9a-f]{17}$/);
  });

  test('STS answers unknown actions with its ErrorResponse document', async () => {
    const response = await fetch(front.url + '/', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: 'Action=AssumeRoot&Version=2011-06-15',
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toMatch(/<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
    expect(text).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/);
  });
});
