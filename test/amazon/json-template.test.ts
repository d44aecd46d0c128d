// Issue 8's JSON acceptance: examples/quickstart-json — a legacy JSON amazon-ebs template with two var files,
// user variables that use each other, an `env` lookup in the variables section and a sensitive variable —
// validates with no cloud and no AWS settings at all (Packer 1.6.6 agrees), renders its variables as Packer 1.6.6
// does (`console`), and builds through the bundled CLI on a local cloud of this test's own, reached only through
// the environment `tspacker local-cloud env` prints: once with a third var file, `-var` and the env variable set
// (precedence, rendering and masking checked on the AMI, its tags, the build's instance and the output), and once
// exactly as the README says. Each build leaves the AMI and its snapshot, a manifest, and nothing temporary.
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DescribeImagesCommand, DescribeInstancesCommand, type Image } from '@aws-sdk/client-ec2';
import { createdAmis, killRunningClis, repoRoot, runCli, tspackerBin, type CliResult } from './support/cli.js';
import { ec2Client } from './support/instances.js';
import { describeResources, images, startTestCloud, temporaries, type TestCloud } from './support/local-cloud.js';

const example = path.join(repoRoot, 'examples/quickstart-json');
const VAR_FILES = ['-var-file=vars/common.json', '-var-file=vars/ubuntu.json'];
let tc: TestCloud;

beforeAll(async () => {
  // 127.15.x.y: below the random 127.64–253 prefixes other suites' clouds take, beside quickstart's and bad-config's.
  tc = await startTestCloud('json-template', { addressPrefix: '127.15' });
});

afterAll(async () => {
  await killRunningClis();
  await tc?.stop();
});

/** Nothing of this machine's or the cloud's AWS setup: PATH, a HOME of its own, no endpoint, region or keys. */
function offlineEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = path.join(tc.dir, 'offline-home');
  mkdirSync(home, { recursive: true });
  return { PATH: process.env.PATH!, HOME: home, CHECKPOINT_DISABLE: '1', ...extra };
}

function packer(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('packer', args, { ...options, encoding: 'utf8', timeout: 30_000 }, (error, stdout) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout });
    });
  });
}

/** `console` (tspacker's bundled CLI or packer) with `expression` on stdin: what it prints. */
function consoleOutput(command: 'tspacker' | 'packer', args: string[], expression: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  const [file, argv] = command === 'packer' ? ['packer', ['console', ...args]] : [process.execPath, [tspackerBin, 'console', ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv as string[], { cwd: example, env, stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
    child.stdin.end(`${expression}\n`);
  });
}

test('validates with no cloud and no AWS settings, as Packer 1.6.6 does; without the var files, the required variables are named', async () => {
  const env = offlineEnv();
  const valid = await runCli(['validate', ...VAR_FILES, 'template.json'], { cwd: example, env, timeoutMs: 20_000 });
  expect(valid).toMatchObject({ code: 0, stdout: 'The configuration is valid.\n', stderr: '' });
  expect((await packer(['validate', ...VAR_FILES, 'template.json'], { cwd: example, env })).code).toBe(0);

  // Without vars/ubuntu.json two variables have no value (vars/common.json gives ssh_username). Packer lists them in Go's map order: compare as sets.
  const [refused, reference] = await Promise.all([
    runCli(['validate', '-var-file=vars/common.json', 'template.json'], { cwd: example, env, timeoutMs: 20_000 }),
    packer(['validate', '-var-file=vars/common.json', 'template.json'], { cwd: example, env }),
  ]);
  expect(reference.code).toBe(1);
  expect(refused.code).toBe(1);
  const required = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('\t* ')).sort();
  expect(required(refused.stdout)).toEqual(['\t* required variable not set: source_ami_name', '\t* required variable not set: source_ami_owner']);
  expect(required(refused.stdout)).toEqual(required(reference.stdout));
  expect(refused.stdout.replace(/\t\* .*\n/g, '')).toBe(reference.stdout.replace(/\t\* .*\n/g, ''));
});

test('variables render as Packer 1.6.6 renders them: defaults that use each other, env, var files in order, -var last; the sensitive one masked', async () => {
  const scratch = mkdtempSync(path.join(tc.dir, 'console-'));
  const override = path.join(scratch, 'override.json');
  writeFileSync(override, JSON.stringify({ instance_type: 't3.small', os: 'debian', ssh_username: 'admin' }));
  const expression = ['os', 'ami_prefix', 'ami_description', 'team', 'region', 'instance_type', 'source_ami_name', 'source_ami_owner', 'ssh_username', 'hello_token']
    .map((v) => `{{user \`${v}\`}}`)
    .join('|');
  const cases: { args: string[]; env: Record<string, string>; expected: string }[] = [
    {
      args: [...VAR_FILES, 'template.json'],
      env: offlineEnv(),
      expected:
        'ubuntu|tspacker-ubuntu|tspacker-ubuntu with hello-tspacker, for platform|platform|us-east-1|t3.micro|' +
        'ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*|099720109477|ubuntu|<sensitive>',
    },
    {
      args: [...VAR_FILES, `-var-file=${override}`, '-var', 'os=ubuntu-ci', '-var', 'ubuntu_codename=noble', 'template.json'],
      env: offlineEnv({ TSPACKER_TEAM: 'web+data:core' }),
      expected:
        'ubuntu-ci|tspacker-ubuntu-ci|tspacker-ubuntu-ci with hello-tspacker, for web+data:core|web+data:core|us-east-1|t3.small|' +
        'ubuntu/images/*ubuntu-noble-22.04-amd64-server-*|099720109477|admin|<sensitive>',
    },
  ];
  for (const c of cases) {
    const [ours, reference] = await Promise.all([consoleOutput('tspacker', c.args, expression, c.env), consoleOutput('packer', c.args, expression, c.env)]);
    expect(reference).toEqual({ code: 0, stdout: `${c.expected}\n` });
    expect(ours).toEqual(reference);
  }
});

/** The build's instance (terminated, still listed). */
async function buildInstance(region: string) {
  const { Reservations } = await ec2Client(tc.cloud.endpoint, region, tc.env).send(new DescribeInstancesCommand({}));
  const instances = Reservations!.flatMap((r) => r.Instances!);
  expect(instances).toHaveLength(1);
  return instances[0]!;
}

async function describeAmi(amiId: string): Promise<Image> {
  const { Images } = await ec2Client(tc.cloud.endpoint, 'us-east-1', tc.env).send(new DescribeImagesCommand({ ImageIds: [amiId] }));
  expect(Images).toHaveLength(1);
  return Images![0]!;
}

const tagsOf = (image: Image) => Object.fromEntries((image.Tags ?? []).map((t) => [t.Key!, t.Value!]));

/** A successful build's common checks: Packer's lines, the AMI, the manifest, nothing temporary left. */
async function checkBuild(result: CliResult, work: string, secret: string): Promise<{ amiId: string; image: Image }> {
  const shown = `exit ${result.code} after ${result.ms} ms\n${result.stdout}\n${result.stderr}`;
  if (result.code !== 0) throw new Error(`tspacker build failed:\n${shown}`);
  expect(result.stderr).toBe('');
  const lines = result.stdout.split('\n');
  // A JSON builder named "ubuntu" of type amazon-ebs shows as TYPE.NAME (current Packer's CoreBuild.Name).
  expect(lines).toContain('==> amazon-ebs.ubuntu: Setting up hello-tspacker (1.0.0) ...');
  expect(lines.some((l) => /^==> amazon-ebs\.ubuntu: Hello from ip-127-15-\d+-\d+, an instance of an image built by tspacker\.$/.test(l))).toBe(true);
  // The sensitive variable, echoed by the provisioner, is masked; its value appears nowhere.
  expect(lines).toContain('==> amazon-ebs.ubuntu: hello-tspacker token: <sensitive>');
  expect(result.stdout).not.toContain(secret);
  expect(result.stdout).toMatch(/\n==> Builds finished\. The artifacts of successful builds are:\n--> amazon-ebs\.ubuntu: AMIs were created:\nus-east-1: ami-[0-9a-f]+\n/);
  const amis = createdAmis(result.stdout);
  expect([...amis.keys()]).toEqual(['us-east-1']);
  const amiId = amis.get('us-east-1')!;

  // The manifest, in the working directory: the build's name is the builder's; the secret is not in it.
  const manifestText = readFileSync(path.join(work, 'packer-manifest.json'), 'utf8');
  expect(manifestText).not.toContain(secret);
  const manifest = JSON.parse(manifestText);
  expect(manifest.builds).toEqual([expect.objectContaining({ name: 'ubuntu', builder_type: 'amazon-ebs', artifact_id: `us-east-1:${amiId}`, files: null, custom_data: null })]);
  expect(manifest.last_run_uuid).toBe(manifest.builds[0].packer_run_uuid);

  // What is left in the cloud: the AMI and its snapshot.
  expect(describeResources(temporaries(tc.cloud))).toEqual([]);
  expect(images(tc.cloud).map((r) => `${r.region} ${r.kind}`).sort()).toEqual(['us-east-1 image', 'us-east-1 snapshot']);
  const image = await describeAmi(amiId);
  expect(image).toMatchObject({ State: 'available', OwnerId: tc.cloud.accountId });
  return { amiId, image };
}

test('builds on ec2-local with three var files, -var and an env variable: each value where the template puts it', async () => {
  await tc.reset();
  const work = mkdtempSync(path.join(tc.dir, 'build-'));
  // A third var file: it wins over vars/common.json (instance_type) and is itself overridden by -var (os).
  const override = path.join(work, 'override.json');
  writeFileSync(override, JSON.stringify({ instance_type: 't3.small', os: 'debian' }));
  const secret = 'tok-3f9a61c2e4b8';
  const before = Math.floor(Date.now() / 1000);
  await tc.log.mark();
  const result = await runCli(
    ['build', '-color=false', ...VAR_FILES.map((f) => f.replace('=vars/', `=${example}/vars/`)), `-var-file=${override}`, '-var', 'os=ubuntu-ci', '-var', `hello_token=${secret}`, path.join(example, 'template.json')],
    { cwd: work, env: { ...tc.env, TSPACKER_TEAM: 'web+data:core' }, timeoutMs: 45_000 },
  );
  const after = Math.floor(Date.now() / 1000);
  const { image } = await checkBuild(result, work, secret);

  // ami_prefix ("tspacker-{{user `os`}}") saw -var's os; the team came from the environment, cleaned for the name.
  const name = /^tspacker-ubuntu-ci-(\d+)-web-data-core$/.exec(image.Name!);
  expect({ name: image.Name, matches: name !== null }).toEqual({ name: image.Name, matches: true });
  expect(Number(name![1])).toBeGreaterThanOrEqual(before);
  expect(Number(name![1])).toBeLessThanOrEqual(after);
  expect(result.stdout).toContain(`==> amazon-ebs.ubuntu: Creating AMI ${image.Name} from instance `);
  // The later var file's instance type; vars/ubuntu.json's ssh_username over vars/common.json's; its
  // source_ami_name (made of its other values) found Canonical's jammy image.
  const instance = await buildInstance('us-east-1');
  expect(instance.InstanceType).toBe('t3.small');
  const source = await describeAmi(instance.ImageId!);
  expect(source).toMatchObject({ OwnerId: '099720109477', Name: expect.stringMatching(/^ubuntu\/images\/.*ubuntu-jammy-22\.04-amd64-server-\d+$/) });
  expect(result.stdout).toContain('\n==> amazon-ebs.ubuntu: Connecting to ubuntu@127.15.');
  const calls = await tc.log.since();
  expect(calls.every((c) => c.region === 'us-east-1')).toBe(true);
  // Rendered late by the builder (with the source AMI's data), as Packer does: user variables still apply.
  expect(image.Description).toBe('tspacker-ubuntu-ci with hello-tspacker, for web+data:core');
  expect(tagsOf(image)).toMatchObject({
    Name: 'tspacker-ubuntu-ci',
    OS: 'ubuntu-ci',
    Team: 'web+data:core',
    Base_AMI_Name: source.Name,
  });
}, 58_000);

test("builds unchanged with the README's command and only `tspacker local-cloud env`'s environment", async () => {
  await tc.reset();
  // The command as the README gives it, run in a copy of the example (the manifest is written to the current directory).
  const readme = readFileSync(path.join(example, 'README.md'), 'utf8');
  const command = /^npx tspacker (build .*)$/m.exec(readme)?.[1];
  expect(command).toBe('build -var-file=vars/common.json -var-file=vars/ubuntu.json template.json');
  // The example uses the quickstart's package tree (../quickstart/hello-tspacker): both are copied, side by side.
  const work = path.join(mkdtempSync(path.join(tc.dir, 'readme-')), 'quickstart-json');
  cpSync(example, work, { recursive: true });
  cpSync(path.join(example, '../quickstart'), path.join(work, '../quickstart'), { recursive: true });
  const result = await runCli(['build', '-color=false', ...command!.split(' ').slice(1)], { cwd: work, env: tc.env, timeoutMs: 45_000 });
  const { image } = await checkBuild(result, work, 'quickstart-demo-token');
  expect(image.Name).toMatch(/^tspacker-ubuntu-\d+-platform$/);
  expect((await buildInstance('us-east-1')).InstanceType).toBe('t3.micro');
  expect(tagsOf(image)).toMatchObject({ Name: 'tspacker-ubuntu', OS: 'ubuntu', Team: 'platform' });
}, 58_000);
