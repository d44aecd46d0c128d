// Data source amazon-parameterstore through core against ec2-local's SSM: Packer's acceptance template (read in
// place) and what its provisioner would echo, versions, SecureString with and without decryption, the public AMI
// parameters (the same image amazon-ami finds), Packer's messages for bad configuration and for not found.
import path from 'node:path';
import { getBuilds } from '@tspacker/core';
import { corpusDir, loadTemplateFile, loadTemplateText, setEnv, startTestCloud, stringValue, type TestCloud } from './datasource-cloud.js';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
});

afterAll(async () => {
  await t?.close();
});

const read = (name: string, extra = '') => loadTemplateText(`data "amazon-parameterstore" "p" {\n  name = "${name}"\n${extra}}\n`);
const output = async (name: string, attr: string, extra = '') => {
  const { config, errors } = await read(name, extra);
  expect(errors).toEqual([]);
  return stringValue(config!, `data.amazon-parameterstore.p.${attr}`);
};

test("Packer's acceptance template: value, version, arn, and the provisioner's lines", async () => {
  const name = 'packer_datasource_parameterstore_test_parameter';
  await t.putParameter({ name, value: 'this_is_the_packer_test_parameter_value', type: 'String' });
  const { config, errors } = await loadTemplateFile(path.join(corpusDir, 'datasource/parameterstore/test-fixtures/template.pkr.hcl'));
  expect(errors).toEqual([]);
  const arn = `arn:aws:ssm:us-east-1:123456789012:parameter/${name}`;
  expect(stringValue(config!, 'local.value')).toBe('this_is_the_packer_test_parameter_value');
  expect(stringValue(config!, 'local.version')).toBe('1');
  expect(stringValue(config!, 'local.arn')).toBe(arn);
  const { builds, diags } = getBuilds(config!, { only: [], except: [] });
  expect(diags.filter((d) => d.severity === 'error')).toEqual([]);
  expect(builds[0]!.provisioners[0]!.config['inline']).toEqual([
    'echo parameter value: this_is_the_packer_test_parameter_value',
    'echo parameter version: 1',
    `echo parameter arn: ${arn}`,
  ]);
});

test('the latest version, and a version selected by name:N', async () => {
  await t.putParameter({ name: '/app/setting', value: 'one' });
  await t.putParameter({ name: '/app/setting', value: 'two' });
  expect(await output('/app/setting', 'value')).toBe('two');
  expect(await output('/app/setting', 'version')).toBe('2');
  expect(await output('/app/setting', 'arn')).toBe('arn:aws:ssm:us-east-1:123456789012:parameter/app/setting');
  expect(await output('/app/setting:1', 'value')).toBe('one');
  expect((await read('/app/setting:7')).errors).toEqual(['The parameter version "/app/setting:7" not found']);
});

test('SecureString: the plaintext only with with_decryption', async () => {
  await t.putParameter({ name: '/app/password', value: 'pl41ntext', type: 'SecureString' });
  expect(await output('/app/password', 'value', '  with_decryption = true\n')).toBe('pl41ntext');
  expect(await output('/app/password', 'value', '  with_decryption = false\n')).not.toBe('pl41ntext');
});

test('a public AMI parameter names the image amazon-ami finds', async () => {
  const { config, errors } = await loadTemplateText(`
data "amazon-parameterstore" "jammy" {
  name = "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id"
}
data "amazon-ami" "jammy" {
  filters     = { name = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*" }
  owners      = ["099720109477"]
  most_recent = true
}
`);
  expect(errors).toEqual([]);
  expect(stringValue(config!, 'data.amazon-parameterstore.jammy.value')).toMatch(/^ami-[0-9a-f]{17}$/);
  expect(stringValue(config!, 'data.amazon-parameterstore.jammy.value')).toBe(stringValue(config!, 'data.amazon-ami.jammy.id'));
});

test("not found, bad configuration, other failures: Packer's messages", async () => {
  expect((await read('/no/such/parameter')).errors).toEqual(['The parameter name "/no/such/parameter" not found']);
  expect((await loadTemplateText('data "amazon-parameterstore" "p" {\n  with_decryption = true\n}\n')).errors).toEqual([
    "1 error(s) occurred:\n\n* a 'name' must be provided",
  ]);
  const restore = setEnv({ AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:9' });
  try {
    const { errors } = await read('/app/setting', '  max_retries = 1\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error to get parameter value: .*ECONNREFUSED/);
  } finally {
    restore();
  }
});
