// Issue 7's bad-configuration acceptance, through the bundled CLI: a missing region, a bad `ami_name` (too short;
// a character AWS refuses), `kms_key_id` without `encrypt_boot`, a `source_ami_filter` matching no AMI, one
// without `owners`, an unknown instance type. Each gives Packer's message — compared with Packer 1.6.6's own output
// (`packer validate` for the checks it makes there, `packer build` for those it makes when building), or the
// tspacker wording where Packer 1.6.6 has no such check or says it worse (noted per case) — exits 1, and creates
// nothing: the local cloud's request log shows no create call, its live resources stay empty. Also: a template
// with `required_plugins { amazon = { source = "github.com/hashicorp/amazon" } }` gets the built-in amazon
// components (under the plugin's local name too), as Packer with the plugin installed does.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { killRunningClis, runCli, type CliResult } from './support/cli.js';
import { startTestCloud, type TestCloud } from './support/local-cloud.js';
import { callNames, isCreateCall } from './support/request-log.js';

let tc: TestCloud;
let n = 0;

beforeAll(async () => {
  tc = await startTestCloud('bad-config', { addressPrefix: '127.14' });
});

afterAll(async () => {
  await killRunningClis();
  await tc?.stop();
});

const FILTER = `source_ami_filter {
    filters = {
      name = "ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*"
    }
    owners      = ["099720109477"]
    most_recent = true
  }`;

interface Options {
  readonly region?: string | null;
  readonly amiName?: string;
  readonly instanceType?: string;
  readonly filter?: string;
  readonly extra?: string;
  readonly header?: string;
  readonly sourceType?: string;
}

/** A template both Packer 1.6.6 and tspacker build against the cloud (custom_endpoint_ec2, static keys). */
function template(o: Options = {}): string {
  const region = o.region === null ? '' : `region = "${o.region ?? 'us-east-1'}"`;
  const type = o.sourceType ?? 'amazon-ebs';
  return `${o.header ?? ''}
source "${type}" "x" {
  access_key                 = "${tc.env.AWS_ACCESS_KEY_ID}"
  secret_key                 = "${tc.env.AWS_SECRET_ACCESS_KEY}"
  custom_endpoint_ec2        = "${tc.cloud.endpoint}"
  skip_credential_validation = true
  ${region}
  instance_type = "${o.instanceType ?? 't3.micro'}"
  ssh_username  = "ubuntu"
  ssh_timeout   = "20s"
  ami_name      = "${o.amiName ?? 'tspacker-bad-config-{{timestamp}}'}"
  ${o.filter ?? FILTER}
  ${o.extra ?? ''}
}

build {
  sources = ["source.${type}.x"]
}
`;
}

function write(text: string): string {
  const file = `case-${++n}.pkr.hcl`;
  writeFileSync(path.join(tc.dir, file), text);
  return file;
}

/** The CLI with nothing from this machine's AWS setup: PATH and a HOME of its own only (no region, no keys). */
function tspacker(args: string[]): Promise<CliResult> {
  return runCli(args, { cwd: tc.dir, env: { PATH: tc.env.PATH!, HOME: tc.env.HOME!, CHECKPOINT_DISABLE: '1' }, timeoutMs: 30_000 });
}

function packer(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      'packer',
      args,
      { cwd: tc.dir, encoding: 'utf8', timeout: 60_000, env: { PATH: tc.env.PATH, HOME: tc.env.HOME, CHECKPOINT_DISABLE: '1', AWS_POLL_DELAY_SECONDS: '1' } },
      (error, stdout) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout }),
    );
  });
}

/** The `--> name: error` summary of a failed build (what Packer prints last), with durations dropped. */
function buildErrors(stdout: string): string {
  const at = stdout.indexOf("==> Some builds didn't complete successfully and had errors:\n");
  return at < 0 ? '' : stdout.slice(at).replace(/\n==> Builds finished but no artifacts were created\.\n*$/, '');
}

/** A build of `file` by tspacker: exit 1, and not one create call reached the cloud, nothing exists there. */
async function refusedBuild(file: string): Promise<CliResult> {
  await tc.reset();
  await tc.log.mark();
  const result = await tspacker(['build', '-color=false', file]);
  const calls = await tc.log.since();
  expect({ code: result.code, output: result.stdout }).toEqual({ code: 1, output: expect.any(String) });
  expect(callNames(calls.filter(isCreateCall))).toEqual([]);
  expect(tc.cloud.liveResources()).toEqual([]);
  return result;
}

describe('checked before building, as `packer validate` 1.6.6 does: the same output, exit 1, nothing created', () => {
  const cases: [string, Options, string][] = [
    ['ami_name too short', { amiName: 'ab' }, 'ami_name must be between 3 and 128 characters long'],
    [
      'ami_name with a character AWS refuses',
      { amiName: 'bad!name-{{timestamp}}' },
      "AMIName should only contain alphanumeric characters, parentheses (()), square brackets ([]), spaces ( ), periods (.), slashes (/), dashes (-), single quotes ('), at-signs (@), or underscores(_). You can use the `clean_resource_name` template filter to automatically clean your ami name.",
    ],
    ['kms_key_id without encrypt_boot', { extra: 'kms_key_id = "alias/tspacker"' }, 'If you have set either region_kms_key_ids or kms_key_id, encrypt_boot must also be true.'],
    ['source_ami_filter without owners', { filter: 'source_ami_filter {\n    filters = {\n      name = "ubuntu/images/*"\n    }\n    most_recent = true\n  }' }, 'For security reasons, your source AMI filter must declare an owner.'],
  ];

  test.each(cases)('%s', async (_name, options, message) => {
    const file = write(template(options));
    const [reference, validated] = await Promise.all([packer(['validate', file]), tspacker(['validate', file])]);
    expect(reference.code).toBe(1);
    expect(reference.stdout).toContain(`\n* ${message}\n`);
    expect({ code: validated.code, stdout: validated.stdout }).toEqual({ code: 1, stdout: reference.stdout });
    // `build` stops at the same errors (current Packer: no build can run, so none is started).
    const built = await refusedBuild(file);
    expect(built.stdout).toBe(reference.stdout);
  }, 30_000);
});

test("a source_ami_filter matching no AMI: Packer 1.6.6's build error, exit 1, nothing created", async () => {
  const file = write(template({ filter: 'source_ami_filter {\n    filters = {\n      name = "no-such-image-*"\n    }\n    owners = ["099720109477"]\n  }' }));
  expect((await tspacker(['validate', file])).code).toBe(0); // as `packer validate`: the lookup happens when building
  const built = await refusedBuild(file);
  await tc.reset();
  const reference = await packer(['build', '-color=false', file]);
  expect(reference.code).toBe(1);
  expect(buildErrors(built.stdout)).toBe(buildErrors(reference.stdout));
  expect(buildErrors(built.stdout)).toContain('--> amazon-ebs.x: No AMI was found matching filters: {\n  Filters: [{\n      Name: "name",\n      Values: ["no-such-image-*"]\n');
}, 60_000);

test('no region in the template or the environment: exit 1 before any call, saying where a region comes from', async () => {
  const file = write(template({ region: null }));
  const built = await refusedBuild(file);
  // Packer 1.6.6 says "error validating regions: MissingRegion: could not find region configuration" (the Go SDK's
  // words); tspacker names the places a region is read from.
  expect(buildErrors(built.stdout)).toBe(
    "==> Some builds didn't complete successfully and had errors:\n" +
      '--> amazon-ebs.x: No region was found: set `region`, AWS_REGION or AWS_DEFAULT_REGION, or a region in the AWS profile "default".\n',
  );
  await tc.log.mark();
  await tspacker(['build', '-color=false', file]);
  expect(await tc.log.since()).toEqual([]);
  const reference = await packer(['build', '-color=false', file]);
  expect(reference.stdout).toContain('MissingRegion: could not find region configuration');
}, 40_000);

test('an unknown instance type: exit 1 naming it, before the key pair, security group or instance exist', async () => {
  const file = write(template({ instanceType: 't9.huge' }));
  expect((await tspacker(['validate', file])).code).toBe(0); // as `packer validate`: types are EC2's to know
  const built = await refusedBuild(file);
  expect(buildErrors(built.stdout)).toMatch(/^==> Some builds didn't complete successfully and had errors:\n--> amazon-ebs\.x: .*t9\.huge/);
  // Packer 1.6.6 finds out only at RunInstances, after creating (and then deleting) a key pair and a security group.
  await tc.reset();
  await tc.log.mark();
  const reference = await packer(['build', '-color=false', file]);
  expect(reference.stdout).toContain("Error launching source instance: InvalidParameterValue: Invalid value 't9.huge' for InstanceType.");
  expect(callNames((await tc.log.since()).filter(isCreateCall))).toEqual(
    expect.arrayContaining(['us-east-1 CreateKeyPair', 'us-east-1 CreateSecurityGroup', 'us-east-1 RunInstances']),
  );
}, 60_000);

describe('required_plugins naming github.com/hashicorp/amazon: the built-in amazon components', () => {
  const requiredPlugins = (name: string) => `packer {
  required_plugins {
    ${name} = {
      source  = "github.com/hashicorp/amazon"
      version = ">= 1.0.0"
    }
  }
}
`;

  test('`amazon = {...}`: validates, and its checks are the built-in builder\'s', async () => {
    const valid = await tspacker(['validate', write(template({ header: requiredPlugins('amazon') }))]);
    expect(valid).toMatchObject({ code: 0, stdout: 'The configuration is valid.\n' });
    const invalid = await tspacker(['validate', write(template({ header: requiredPlugins('amazon'), amiName: 'ab' }))]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain('\n* ami_name must be between 3 and 128 characters long\n');
  });

  test('another local name (`aws = {...}`) names the components `aws-ebs`, `aws-ami`, ... as Packer does', async () => {
    const valid = await tspacker(['validate', write(template({ header: requiredPlugins('aws'), sourceType: 'aws-ebs' }))]);
    expect(valid).toMatchObject({ code: 0, stdout: 'The configuration is valid.\n' });
  });
});
