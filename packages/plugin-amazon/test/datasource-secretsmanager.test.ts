// Data source amazon-secretsmanager through core against ec2-local's Secrets Manager: Packer's acceptance template
// (read in place) and what its provisioner would echo, versions by stage and id, Packer's key extraction rules,
// binary secrets, Packer's messages for bad configuration and for a secret or version not found, and that no
// error shows the secret.
import path from 'node:path';
import { getBuilds } from '@tspacker/core';
import { secretValue } from '../src/datasources/secretsmanager.js';
import { corpusDir, loadTemplateFile, loadTemplateText, setEnv, startTestCloud, stringValue, type TestCloud } from './datasource-cloud.js';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
});

afterAll(async () => {
  await t?.close();
});

const read = (name: string, extra = '') => loadTemplateText(`data "amazon-secretsmanager" "s" {\n  name = "${name}"\n${extra}}\n`);

test("Packer's acceptance template: value, secret_string, version_id, and the provisioner's lines", async () => {
  // As data_acc_test.go creates it: {"packer_test_key":"this_is_the_packer_test_secret_value"}.
  const secretString = '{"packer_test_key":"this_is_the_packer_test_secret_value"}';
  const { versionId } = await t.putSecret({ name: 'packer_datasource_secretsmanager_test_secret', secretString });
  const { config, errors } = await loadTemplateFile(path.join(corpusDir, 'datasource/secretsmanager/test-fixtures/template.pkr.hcl'));
  expect(errors).toEqual([]);
  expect(stringValue(config!, 'local.value')).toBe('this_is_the_packer_test_secret_value');
  expect(stringValue(config!, 'local.secret_string')).toBe(secretString);
  expect(stringValue(config!, 'local.version_id')).toBe(versionId);
  expect(stringValue(config!, 'local.secret_value')).toBe('this_is_the_packer_test_secret_value');
  expect(stringValue(config!, 'data.amazon-secretsmanager.test.secret_binary')).toBe('');
  const { builds, diags } = getBuilds(config!, { only: [], except: [] });
  expect(diags.filter((d) => d.severity === 'error')).toEqual([]);
  expect(builds[0]!.provisioners[0]!.config['inline']).toEqual([
    'echo secret value: this_is_the_packer_test_secret_value',
    `echo secret secret_string: ${secretString}`,
    `echo secret version_id: ${versionId}`,
    'echo secret value: this_is_the_packer_test_secret_value',
  ]);
});

test('versions: AWSCURRENT by default, version_stage, version_id (which wins)', async () => {
  const first = await t.putSecret({ name: 'rotated', secretString: 'old' });
  const second = await t.putSecret({ name: 'rotated', secretString: 'new' });
  const current = await read('rotated');
  expect(stringValue(current.config!, 'data.amazon-secretsmanager.s.value')).toBe('new');
  expect(stringValue(current.config!, 'data.amazon-secretsmanager.s.version_id')).toBe(second.versionId);
  const previous = await read('rotated', '  version_stage = "AWSPREVIOUS"\n');
  expect(stringValue(previous.config!, 'data.amazon-secretsmanager.s.value')).toBe('old');
  const byId = await read('rotated', `  version_id = "${first.versionId}"\n  version_stage = "AWSCURRENT"\n`);
  expect(byId.errors).toEqual([]);
  expect(stringValue(byId.config!, 'data.amazon-secretsmanager.s.secret_string')).toBe('old');
});

test('not found: the secret, a stage, a version id', async () => {
  expect((await read('no-such-secret')).errors).toEqual(['Secrets Manager Secret "no-such-secret" Version "AWSCURRENT" not found']);
  await t.putSecret({ name: 'staged', secretString: 'x' });
  expect((await read('staged', '  version_stage = "AWSPENDING"\n')).errors).toEqual(['Secrets Manager Secret "staged" Version "AWSPENDING" not found']);
  expect((await read('staged', '  version_id = "00000000-0000-0000-0000-000000000000"\n')).errors).toEqual([
    'Secrets Manager Secret "staged" Version "00000000-0000-0000-0000-000000000000" not found',
  ]);
});

test('JSON secrets: the key, the first value without one, "" for a missing key, numbers as Go prints them', async () => {
  await t.putSecret({ name: 'creds', secretString: '{"user":"admin","password":"pa55","port":8080.5,"big":1e21}' });
  const value = async (extra: string) => stringValue((await read('creds', extra)).config!, 'data.amazon-secretsmanager.s.value');
  expect(await value('  key = "password"\n')).toBe('pa55');
  expect(await value('')).toBe('admin');
  expect(await value('  key = "nope"\n')).toBe('');
  expect(await value('  key = "port"\n')).toBe('8080');
  expect(await value('  key = "big"\n')).toBe('1000000000000000000000');
  await t.putSecret({ name: 'plain', secretString: 'not {json' });
  expect(stringValue((await read('plain', '  key = "whatever"\n')).config!, 'data.amazon-secretsmanager.s.value')).toBe('not {json');
});

test('values that are not strings or numbers: Packer\'s error, without the secret', async () => {
  await t.putSecret({ name: 'typed', secretString: '{"flag":true,"nested":{"pw":"hunter22"},"pw":"hunter22"}' });
  expect((await read('typed', '  key = "flag"\n')).errors).toEqual(['error to get secret value: "Unsupported secret value type: bool"']);
  const nested = await read('typed', '  key = "nested"\n');
  expect(nested.errors).toEqual(['error to get secret value: "Unsupported secret value type: map[string]interface {}"']);
  await t.putSecret({ name: 'listed', secretString: '["hunter22"]' });
  const listed = await read('listed');
  expect(listed.errors).toEqual(['error to get secret value: "json: cannot unmarshal array into Go value of type map[string]interface {}"']);
  for (const e of [...nested.errors, ...listed.errors]) expect(e).not.toContain('hunter22');
});

test('a binary secret: secret_binary holds its bytes, the strings are empty', async () => {
  await t.putSecret({ name: 'blob', secretBinary: Buffer.from('binary payload').toString('base64') });
  const { config, errors } = await read('blob');
  expect(errors).toEqual([]);
  expect(stringValue(config!, 'data.amazon-secretsmanager.s.secret_binary')).toBe('binary payload');
  expect(stringValue(config!, 'data.amazon-secretsmanager.s.secret_string')).toBe('');
  expect(stringValue(config!, 'data.amazon-secretsmanager.s.value')).toBe('');
});

test("bad configuration: Packer's Configure errors", async () => {
  expect((await loadTemplateText('data "amazon-secretsmanager" "s" {\n}\n')).errors).toEqual(["1 error(s) occurred:\n\n* a 'name' must be provided"]);
  expect((await read('x', '  secret_key = "abc"\n')).errors).toEqual([
    '1 error(s) occurred:\n\n* `access_key` and `secret_key` must both be either set or not set.',
  ]);
});

test('other failures of the call: "error reading Secrets Manager Secret Version"', async () => {
  const restore = setEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' });
  try {
    const { errors } = await read('anything', '  max_retries = 1\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error reading Secrets Manager Secret Version: .*ECONNREFUSED/);
  } finally {
    restore();
  }
});

test("Packer's getSecretValue rounding: strconv.FormatFloat(v, 'f', 0, 64)", () => {
  const cases: [string, string][] = [['0.5', '0'], ['1.5', '2'], ['2.5', '2'], ['-2.5', '-2'], ['-0.4', '-0'], ['-0', '-0'], ['12', '12'], ['123456789012345678', '123456789012345680']];
  for (const [json, want] of cases) expect([json, secretValue(`{"n":${json}}`, 'n')]).toEqual([json, want]);
  expect(secretValue('{}', '')).toBe('');
  expect(secretValue('null', 'k')).toBe('');
  expect(() => secretValue('"text"', '')).toThrow('json: cannot unmarshal string into Go value of type map[string]interface {}');
  expect(() => secretValue('{"a":null}', 'a')).toThrow('Unsupported secret value type: <nil>');
});
