// The synchronous Secrets Manager lookup behind aws_secretsmanager (src/secrets/provider.ts + worker.ts) against
// ec2-local's Secrets Manager: values, binary secrets, Packer's error texts, region and endpoint from the
// environment as Packer's function takes them, the per-name cache, the timeout, and that no error shows a secret.
import { createAwsSecrets, findSecretsWorker } from '../src/secrets/provider.js';
import { setEnv, startTestCloud, type TestCloud } from './datasource-cloud.js';

let t: TestCloud;
const providers: { close(): Promise<void> }[] = [];

/** A provider closed after the tests (each test its own: the cache is per provider). */
function provider(options: Parameters<typeof createAwsSecrets>[0] = {}) {
  const p = createAwsSecrets(options);
  providers.push(p);
  return p;
}

beforeAll(async () => {
  t = await startTestCloud();
});

afterAll(async () => {
  await Promise.all(providers.map((p) => p.close()));
  await t?.close();
});

test('the worker is found from the sources (the compiled one in dist)', () => {
  expect(findSecretsWorker()?.pathname).toMatch(/plugin-amazon\/dist\/secrets\/worker\.js$/);
  expect(findSecretsWorker('file:///nonexistent/dir/provider.js')).toBeUndefined();
});

test('a string secret, synchronously; a binary one is not a string', async () => {
  await t.putSecret({ name: 'plain', secretString: 'hunter2' });
  await t.putSecret({ name: 'json', secretString: '{"user":"admin","password":"s3cr3t"}' });
  await t.putSecret({ name: 'blob', secretBinary: Buffer.from('bytes').toString('base64') });
  const p = provider();
  expect(p.awsSecretString('plain')).toBe('hunter2');
  expect(p.awsSecretString('json')).toBe('{"user":"admin","password":"s3cr3t"}');
  expect(p.awsSecretString('blob')).toBeUndefined();
});

test("an unknown secret: the Go SDK's error text", () => {
  expect(() => provider().awsSecretString('no-such-secret')).toThrow(
    /^operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: [^,]*, ResourceNotFoundException: Secrets Manager can't find the specified secret\.$/,
  );
});

test('answers are kept per name for the life of the provider', async () => {
  await t.putSecret({ name: 'rotating', secretString: 'first' });
  const p = provider();
  expect(p.awsSecretString('rotating')).toBe('first');
  await t.putSecret({ name: 'rotating', secretString: 'second' });
  expect(p.awsSecretString('rotating')).toBe('first');
  expect(provider().awsSecretString('rotating')).toBe('second');
});

test('the region: AWS_REGION, else AWS_DEFAULT_REGION; none is an error', async () => {
  await t.putSecret({ name: 'regional', secretString: 'in-eu', region: 'eu-west-1' });
  expect(() => provider().awsSecretString('regional')).toThrow(/ResourceNotFoundException/);
  let restore = setEnv({ AWS_REGION: undefined, AWS_DEFAULT_REGION: 'eu-west-1' });
  try {
    expect(provider().awsSecretString('regional')).toBe('in-eu');
  } finally {
    restore();
  }
  restore = setEnv({ AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' });
  try {
    expect(() => provider().awsSecretString('regional')).toThrow(
      'operation error Secrets Manager: GetSecretValue, failed to resolve service endpoint, endpoint rule error, Invalid Configuration: Missing Region',
    );
  } finally {
    restore();
  }
});

test('AWS_ENDPOINT_URL_SECRETS_MANAGER wins over AWS_ENDPOINT_URL', async () => {
  await t.putSecret({ name: 'endpoint', secretString: 'reached' });
  const restore = setEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
  try {
    expect(provider().awsSecretString('endpoint')).toBe('reached');
  } finally {
    restore();
  }
});

test('an endpoint that does not answer: a send failure, promptly', () => {
  const restore = setEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' });
  try {
    const started = Date.now();
    expect(() => provider().awsSecretString('anything')).toThrow(/^operation error Secrets Manager: GetSecretValue, request send failed, .*ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(10_000);
  } finally {
    restore();
  }
});

test('a lookup that takes too long is given up; the next one works', async () => {
  await t.putSecret({ name: 'slow', secretString: 'eventually' });
  await t.admin('latency', { ms: 3000, service: 'secretsmanager' });
  const p = provider({ timeoutMs: 500 });
  try {
    expect(() => p.awsSecretString('slow')).toThrow('operation error Secrets Manager: GetSecretValue, no answer within 500ms');
  } finally {
    await t.admin('latency', { ms: 0 });
  }
  expect(p.awsSecretString('slow')).toBe('eventually');
});
