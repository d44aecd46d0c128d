// Issue 7's first acceptance: examples/quickstart — the Ubuntu 22.04 `source_ami_filter` template as written for
// AWS — builds through the bundled CLI against a local cloud of this test's own, reached only through the
// environment `tspacker local-cloud env` prints. The output and the manifest are Packer's, nothing temporary is
// left, and an instance launched from the new AMI (SDK v3, a key pair of its own, OpenSSH's client) has the package
// the shell provisioner installed. Then the README's main-job flow itself: `local-cloud start`, `eval "$(local-cloud
// env)"`, `build .` in a copy of the example, `local-cloud stop`.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { createdAmis, killRunningClis, repoRoot, runCli, tspackerBin } from './support/cli.js';
import { ec2Client, launch, ssh } from './support/instances.js';
import { describeResources, images, startTestCloud, temporaries, type TestCloud } from './support/local-cloud.js';

const quickstart = path.join(repoRoot, 'examples/quickstart');
let tc: TestCloud;
/** The state directory of the README flow's background cloud, stopped by afterAll if the flow did not. */
let backgroundCloudDir: string | undefined;

beforeAll(async () => {
  // 127.12.x.y: below the random 127.64–253 prefixes other suites' clouds take.
  tc = await startTestCloud('quickstart', { addressPrefix: '127.12' });
});

afterAll(async () => {
  await killRunningClis();
  await stopBackgroundCloud();
  await tc?.stop();
});

async function stopBackgroundCloud(): Promise<void> {
  const runtime = backgroundCloudDir && path.join(backgroundCloudDir, 'local-cloud.json');
  if (!runtime || !existsSync(runtime)) return;
  const { pid } = JSON.parse(readFileSync(runtime, 'utf8')) as { pid: number };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(pid, 'SIGKILL');
}

test('the quickstart builds an AMI whose instances have the provisioned package', async () => {
  expect(tc.cloud.isolation).toBe('namespace'); // as root (CI): the build's machine cannot touch the host
  const work = mkdtempSync(path.join(tc.dir, 'work-'));
  await tc.log.mark();
  const build = await runCli(['build', '-color=false', quickstart], { cwd: work, env: tc.env, timeoutMs: 45_000 });
  if (build.code !== 0) throw new Error(`tspacker build exited ${build.code}:\n${build.stdout}\n${build.stderr}`);
  expect(build.stderr).toBe(''); // Packer's UI writes to stdout; no library notice either

  // Packer's output (current Packer says messages too): the build's lines under its name, the provisioner's
  // output, the artifact listing.
  const lines = build.stdout.split('\n');
  expect(lines).toContain('==> quickstart.amazon-ebs.ubuntu: Setting up hello-tspacker (1.0.0) ...');
  expect(lines.some((l) => /^==> quickstart\.amazon-ebs\.ubuntu: Hello from ip-127-\d+-\d+-\d+, an instance of an image built by tspacker\.$/.test(l))).toBe(true);
  expect(lines.some((l) => /^Build 'quickstart\.amazon-ebs\.ubuntu' finished after /.test(l))).toBe(true);
  expect(build.stdout).toMatch(/\n==> Builds finished\. The artifacts of successful builds are:\n--> quickstart\.amazon-ebs\.ubuntu: AMIs were created:\nus-east-1: ami-[0-9a-f]+\n/);
  // Nothing but Packer's kinds of line: the build's own, the end of the build and of the run, the artifacts.
  const unexpected = lines.filter(
    (l) =>
      !/^(==> quickstart\.amazon-ebs\.ubuntu: .*|Build 'quickstart\.amazon-ebs\.ubuntu' finished after .+\.|==> Wait completed after .+|==> Builds finished\. The artifacts of successful builds are:|--> quickstart\.amazon-ebs\.ubuntu: AMIs were created:|us-east-1: ami-[0-9a-f]+|)$/.test(l),
  );
  expect(unexpected).toEqual([]);
  const amis = createdAmis(build.stdout);
  expect([...amis.keys()]).toEqual(['us-east-1']);
  const amiId = amis.get('us-east-1')!;

  // The manifest post-processor's record, in the working directory.
  const manifest = JSON.parse(readFileSync(path.join(work, 'packer-manifest.json'), 'utf8'));
  expect(manifest.builds).toEqual([
    expect.objectContaining({ name: 'ubuntu', builder_type: 'amazon-ebs', artifact_id: `us-east-1:${amiId}`, files: null, custom_data: null }),
  ]);
  expect(manifest.last_run_uuid).toBe(manifest.builds[0].packer_run_uuid);

  // Every call went to the local cloud (signed for us-east-1); what is left is the AMI and its snapshot.
  const calls = await tc.log.since();
  expect(calls.map((c) => c.action)).toEqual(expect.arrayContaining(['DescribeImages', 'RunInstances', 'StopInstances', 'CreateImage', 'TerminateInstances']));
  expect(calls.every((c) => c.region === 'us-east-1')).toBe(true);
  expect(describeResources(temporaries(tc.cloud))).toEqual([]);
  expect(images(tc.cloud).map((r) => `${r.region} ${r.kind}`).sort()).toEqual(['us-east-1 image', 'us-east-1 snapshot']);

  const ec2 = ec2Client(tc.cloud.endpoint, 'us-east-1', tc.env);
  const { Images } = await ec2.send(new DescribeImagesCommand({ ImageIds: [amiId] }));
  expect(Images![0]).toMatchObject({ State: 'available', OwnerId: tc.cloud.accountId, Name: expect.stringMatching(/^tspacker-quickstart-\d{14}$/) });
  expect(Images![0]!.Tags).toEqual(expect.arrayContaining([{ Key: 'Name', Value: 'tspacker-quickstart' }]));

  // An instance of the new AMI has the package, installed and working.
  const instance = await launch(ec2, amiId, tc.dir);
  try {
    const status = await ssh(instance, 'ubuntu', 'dpkg -s hello-tspacker && hello-tspacker');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Package: hello-tspacker\nStatus: install ok installed\n');
    expect(status.stdout).toContain('Version: 1.0.0\n');
    expect(status.stdout).toMatch(/Hello from ip-127-[\d-]+, an instance of an image built by tspacker\.\n$/);
  } finally {
    await instance.dispose();
  }
}, 55_000);

function sh(script: string, options: { cwd: string; env: Record<string, string>; timeout: number }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', script], { ...options, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

test("the README's main job: local-cloud start, eval \"$(local-cloud env)\", build, in a copy of the example", async () => {
  const work = mkdtempSync(path.join(tc.dir, 'readme-'));
  cpSync(quickstart, path.join(work, 'quickstart'), { recursive: true });
  const stateDir = path.join(work, 'local-cloud');
  backgroundCloudDir = stateDir;
  // `npx tspacker` runs the bin; the CLI reads its state directory from the environment as a user's shell has it.
  const env = { PATH: `${path.dirname(tspackerBin)}:${process.env.PATH}`, HOME: tc.env.HOME!, TSPACKER_LOCAL_CLOUD_DIR: stateDir, CHECKPOINT_DISABLE: '1' };
  const tspacker = `${process.execPath} ${tspackerBin}`;
  const run = await sh(
    `${tspacker} local-cloud start -port 0 && (cd quickstart && eval "$(${tspacker} local-cloud env)" && ${tspacker} build -color=false .); code=$?; ${tspacker} local-cloud stop; exit $code`,
    { cwd: work, env, timeout: 50_000 },
  );
  if (run.code !== 0) throw new Error(`the README flow exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
  expect(run.stdout).toMatch(/^Local cloud running at http:\/\/127\.0\.0\.1:\d+ /m);
  expect(run.stdout).toMatch(/--> quickstart\.amazon-ebs\.ubuntu: AMIs were created:\nus-east-1: ami-[0-9a-f]+\n/);
  expect(run.stdout).toMatch(/Local cloud stopped \(state kept in /);
  expect(existsSync(path.join(work, 'quickstart/packer-manifest.json'))).toBe(true);
  // Nothing of the local cloud is left running.
  expect(existsSync(path.join(stateDir, 'local-cloud.json'))).toBe(false);
}, 58_000);

test('`tspacker local-cloud env` without a running cloud: exit 1, nothing on stdout for eval to run', async () => {
  const work = mkdtempSync(path.join(tc.dir, 'env-'));
  const r = await runCli(['local-cloud', 'env', '-state-dir', path.join(work, 'none')], { cwd: work, env: { PATH: process.env.PATH!, HOME: work }, timeoutMs: 15_000 });
  expect(r).toMatchObject({ code: 1, stdout: '' });
  expect(r.stderr).toBe(`No local cloud is running with state in ${path.join(work, 'none')}; start one with: tspacker local-cloud start\n`);
});
