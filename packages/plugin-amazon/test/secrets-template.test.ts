// aws_secretsmanager and aws_secretsmanager_raw in a template, through core, with the plugin's lookup
// (awsSecrets, as the CLI registers it) against ec2-local's Secrets Manager: values in locals, keys, Packer's
// errors as the function call's diagnostic, and no secret value in any of them.
import { awsSecrets } from '../src/secrets/provider.js';
import { loadTemplateText, startTestCloud, stringValue, type TestCloud } from './datasource-cloud.js';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
  await t.putSecret({ name: 'app/db', secretString: '{"username":"admin","password":"correct-horse-battery"}' });
  await t.putSecret({ name: 'app/token', secretString: 'plain-token-value' });
  await t.putSecret({ name: 'app/single', secretString: '{"only":"lonely-value"}' });
  await t.putSecret({ name: 'app/blob', secretBinary: Buffer.from('raw bytes').toString('base64') });
});

afterAll(async () => {
  await t?.close();
});

test('values in locals: by key, the only value, plain text, raw JSON', async () => {
  const { config, errors } = await loadTemplateText(`
locals {
  password = aws_secretsmanager("app/db", "password")
  user     = aws_secretsmanager("app/db", "username")
  single   = aws_secretsmanager("app/single", null)
  token    = aws_secretsmanager("app/token", "ignored")
  raw      = aws_secretsmanager_raw("app/db")
}
`, { secrets: awsSecrets });
  expect(errors).toEqual([]);
  expect(stringValue(config!, 'local.password')).toBe('correct-horse-battery');
  expect(stringValue(config!, 'local.user')).toBe('admin');
  expect(stringValue(config!, 'local.single')).toBe('lonely-value');
  expect(stringValue(config!, 'local.token')).toBe('plain-token-value');
  expect(stringValue(config!, 'local.raw')).toBe('{"username":"admin","password":"correct-horse-battery"}');
});

test("failures: Packer's messages as the call's diagnostic, never the secret", async () => {
  const failing = async (expr: string) => {
    const { errors } = await loadTemplateText(`locals {\n  x = ${expr}\n}\n`, { secrets: awsSecrets });
    expect(errors).toHaveLength(1);
    expect(errors[0]).not.toMatch(/correct-horse-battery|admin/);
    return errors[0]!;
  };
  expect(await failing('aws_secretsmanager("app/db", null)')).toBe(
    'Error in function call: Call to function "aws_secretsmanager" failed: Secret has multiple values and no key was set.',
  );
  expect(await failing('aws_secretsmanager("app/db", "nope")')).toBe(
    'Error in function call: Call to function "aws_secretsmanager" failed: No secret found for key "nope".',
  );
  expect(await failing('aws_secretsmanager("app/blob", "k")')).toBe('Error in function call: Call to function "aws_secretsmanager" failed: Secret is not string.');
  expect(await failing('aws_secretsmanager("app/missing", "k")')).toMatch(
    /^Error in function call: Call to function "aws_secretsmanager" failed: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: [^,]*, ResourceNotFoundException: Secrets Manager can't find the specified secret\.\.$/,
  );
});
