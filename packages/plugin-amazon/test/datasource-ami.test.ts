// Data source amazon-ami through core against ec2-local's seeded images: Packer's acceptance template (read in
// place) evaluated and its id reaching a source, owner aliases and tags, most_recent, Packer's messages for bad
// configuration, for no match and for several, and validate (no call, unknown outputs).
import path from 'node:path';
import { getBuilds } from '@tspacker/core';
import { CreateTagsCommand, DescribeImagesCommand, EC2Client, type Image } from '@aws-sdk/client-ec2';
import { consoleValue, corpusDir, loadTemplateFile, loadTemplateText, setEnv, startTestCloud, stringValue, type TestCloud } from './datasource-cloud.js';

let t: TestCloud;
const clients: EC2Client[] = [];

beforeAll(async () => {
  t = await startTestCloud();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await t?.close();
});

/** The images DescribeImages answers directly (a real client, not the data source). */
async function describe(region: string, owners: string[], name: string): Promise<Image[]> {
  const ec2 = new EC2Client({ region });
  clients.push(ec2);
  return (await ec2.send(new DescribeImagesCommand({ Owners: owners, Filters: [{ Name: 'name', Values: [name] }] }))).Images ?? [];
}

const newest = (images: Image[]): Image => [...images].sort((a, b) => Date.parse(b.CreationDate!) - Date.parse(a.CreationDate!))[0]!;

test("Packer's acceptance template: the newest Ubuntu 22.04 of us-west-2, passed to the source", async () => {
  const jammy = await describe('us-west-2', ['099720109477'], 'ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*');
  expect(jammy.length).toBeGreaterThan(1);
  const want = newest(jammy);
  const { config, errors } = await loadTemplateFile(path.join(corpusDir, 'datasource/ami/test-fixtures/template.pkr.hcl'));
  expect(errors).toEqual([]);
  expect(stringValue(config!, 'data.amazon-ami.test.id')).toBe(want.ImageId);
  expect(stringValue(config!, 'data.amazon-ami.test.name')).toBe(want.Name);
  expect(stringValue(config!, 'data.amazon-ami.test.creation_date')).toBe(want.CreationDate);
  expect(stringValue(config!, 'data.amazon-ami.test.owner')).toBe('099720109477');
  expect(stringValue(config!, 'data.amazon-ami.test.owner_name')).toBe('');
  expect(consoleValue(config!, 'data.amazon-ami.test.tags')).toBe('{}');
  const { builds, diags } = getBuilds(config!, { only: [], except: [] });
  expect(diags.filter((d) => d.severity === 'error')).toEqual([]);
  expect(builds[0]!.builderConfig['source_ami']).toBe(want.ImageId);
  // The ids of the seeded catalog differ by region: the data source asked us-west-2, as the template says.
  const east = newest(await describe('us-east-1', ['099720109477'], 'ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*'));
  expect(east.ImageId).not.toBe(want.ImageId);
});

test('an owner alias, tags, and the region of the environment', async () => {
  const al2023 = newest(await describe('us-east-1', ['amazon'], 'al2023-ami-2023*-x86_64'));
  const ec2 = new EC2Client({ region: 'us-east-1' });
  clients.push(ec2);
  await ec2.send(new CreateTagsCommand({ Resources: [al2023.ImageId!], Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'Name', Value: 'al2023 latest' }] }));
  const { config, errors } = await loadTemplateText(`
data "amazon-ami" "al" {
  filters = {
    name = "al2023-ami-2023*-x86_64"
  }
  owners      = ["amazon"]
  most_recent = true
}
locals {
  id = data.amazon-ami.al.id
}
`);
  expect(errors).toEqual([]);
  expect(stringValue(config!, 'local.id')).toBe(al2023.ImageId);
  expect(stringValue(config!, 'data.amazon-ami.al.owner')).toBe('137112412989');
  expect(stringValue(config!, 'data.amazon-ami.al.owner_name')).toBe('amazon');
  expect(consoleValue(config!, 'data.amazon-ami.al.tags')).toBe('{\n  "Name" = "al2023 latest"\n  "team" = "platform"\n}');
});

test('several matches without most_recent, and none at all: Packer\'s messages', async () => {
  const several = await loadTemplateText(`
data "amazon-ami" "x" {
  filters = { name = "ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*" }
  owners  = ["099720109477"]
}
`);
  expect(several.errors).toEqual(['Your query returned more than one result. Please try a more specific search, or set most_recent to true.']);
  const none = await loadTemplateText(`
data "amazon-ami" "x" {
  filters = { name = "no-such-image-*" }
  owners  = ["099720109477"]
  most_recent = true
}
`);
  expect(none.errors).toEqual([
    'No AMI was found matching filters: {\n  Filters: [{\n      Name: "name",\n      Values: ["no-such-image-*"]\n    }],\n  Owners: ["099720109477"]\n}',
  ]);
  // One match is taken without most_recent.
  const one = await loadTemplateText(`
data "amazon-ami" "x" {
  filters = { name = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20230516" }
  owners  = ["099720109477"]
}
`);
  expect(one.errors).toEqual([]);
  expect(stringValue(one.config!, 'data.amazon-ami.x.name')).toBe('ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20230516');
});

test('bad configuration: Packer\'s Configure errors, before any call', async () => {
  const empty = await loadTemplateText('data "amazon-ami" "x" {\n}\n');
  expect(empty.errors).toEqual(['1 error(s) occurred:\n\n* The `filters` must be specified\n* For security reasons, you must declare an owner.'.replace('1 error', '2 error')]);
  const noOwner = await loadTemplateText('data "amazon-ami" "x" {\n  filters = { name = "x" }\n}\n');
  expect(noOwner.errors).toEqual(['1 error(s) occurred:\n\n* For security reasons, you must declare an owner.']);
  const halfKeys = await loadTemplateText('data "amazon-ami" "x" {\n  owners = ["self"]\n  access_key = "AKIA"\n}\n');
  expect(halfKeys.errors).toEqual(['1 error(s) occurred:\n\n* `access_key` and `secret_key` must both be either set or not set.']);
  const unknownOption = await loadTemplateText('data "amazon-ami" "x" {\n  owners = ["self"]\n  most_recents = true\n}\n');
  expect(unknownOption.errors[0]).toMatch(/^Unsupported argument/);
});

test('validate: no call is made and the outputs are unknown', async () => {
  // No endpoint that answers: a call would fail.
  const restore = setEnv({ AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:9', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
  try {
    const { config, errors } = await loadTemplateFile(path.join(corpusDir, 'datasource/ami/test-fixtures/template.pkr.hcl'), { validate: true });
    expect(errors).toEqual([]);
    expect(consoleValue(config!, 'data.amazon-ami.test.id')).toBe('<unknown>');
  } finally {
    restore();
  }
});

test('no region anywhere: the session\'s message, before any call', async () => {
  const restore = setEnv({ AWS_ENDPOINT_URL_EC2: undefined, AWS_ENDPOINT_URL: undefined, AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, AWS_CONFIG_FILE: '/nonexistent' });
  try {
    const noRegion = await loadTemplateText('data "amazon-ami" "x" {\n  owners = ["self"]\n}\n');
    expect(noRegion.errors).toEqual([
      'No region was found: set `region`, AWS_REGION or AWS_DEFAULT_REGION, or a region in the AWS profile "default".',
    ]);
  } finally {
    restore();
  }
});
