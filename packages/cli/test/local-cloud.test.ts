// `tspacker local-cloud` as a user runs it (the built bundle, real processes): start puts the endpoint in the
// background, status counts what the AWS CLI created there, stop keeps the state for the next start (a real
// machine stops and comes back as a stopped instance), reset wipes it, and after the last stop nothing runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tspacker, type RunResult } from './run.js';

// Not under /tmp: the cloud's machines mount a tmpfs of their own there.
const parent = '/var/tmp';
let stateDir: string;
let home: string;

beforeAll(() => {
  fs.mkdirSync(parent, { recursive: true });
  stateDir = fs.mkdtempSync(path.join(parent, 'tspacker-local-cloud-'));
  home = fs.mkdtempSync(path.join(parent, 'tspacker-local-cloud-home-'));
});

afterAll(() => {
  // A failed test may have left the cloud running: stop it by its pid.
  const runtime = readRuntime();
  if (runtime && alive(runtime.pid)) {
    process.kill(runtime.pid, 'SIGTERM');
    spawnSync('sh', ['-c', `for i in $(seq 100); do kill -0 ${runtime.pid} 2>/dev/null || exit 0; sleep 0.1; done; kill -9 ${runtime.pid}`]);
  }
  fs.rmSync(stateDir, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});

function cloud(...args: string[]): RunResult {
  return tspacker(['local-cloud', ...args], { env: { TSPACKER_LOCAL_CLOUD_DIR: stateDir } });
}

function readRuntime(): { pid: number; endpoint: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(stateDir, 'local-cloud.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes whose root or working directory is under the state directory (a machine's chroot is there). */
function processesUnderStateDir(): string[] {
  const link = (p: string) => {
    try {
      return fs.readlinkSync(p);
    } catch {
      return '';
    }
  };
  return fs.readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && [link(`/proc/${pid}/root`), link(`/proc/${pid}/cwd`)].some((p) => p.startsWith(stateDir)));
}

/** The AWS CLI v2 from Debian (never a pyenv shim), JSON output. */
function aws(endpoint: string, ...args: string[]): any {
  const r = spawnSync('/usr/bin/aws', ['ec2', ...args, '--endpoint-url', endpoint, '--region', 'us-east-1', '--output', 'json'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH, HOME: home, AWS_ACCESS_KEY_ID: 'AKIALOCALCLOUD000001', AWS_SECRET_ACCESS_KEY: 'local-cloud-secret', AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '' },
  });
  if (r.status !== 0) throw new Error(`aws ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim() === '' ? undefined : JSON.parse(r.stdout);
}

function instanceState(endpoint: string, instanceId: string): string {
  return aws(endpoint, 'describe-instances', '--instance-ids', instanceId, '--query', 'Reservations[0].Instances[0].State.Name');
}

test('a bad subcommand or flag shows the help and fails', () => {
  for (const args of [[], ['launch'], ['status', '-port=1'], ['start', '-port=x']]) {
    const r = cloud(...args);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/local-cloud needs a subcommand|unknown local-cloud subcommand|flag provided but not defined: -port|invalid value "x" for flag -port/);
  }
  expect(cloud('status').status).toBe(1); // not running
});

test('start → status → AWS CLI calls → stop keeps the state → start → reset → stop, nothing left running', () => {
  const started = cloud('start', '-port', '0');
  expect(started.status).toBe(0);
  const endpoint = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(started.stdout)![1]!;
  expect(started.stdout).toContain(`export AWS_ENDPOINT_URL_EC2=${endpoint}`);
  expect(started.stdout).toContain(`custom_endpoint_ec2        = "${endpoint}"`);
  const first = readRuntime()!;
  expect(alive(first.pid)).toBe(true);
  expect(cloud('start', '-port', '0').stdout).toContain('already runs'); // one cloud per state directory

  expect(cloud('status')).toMatchObject({ status: 0, stdout: expect.stringContaining('Live resources: none') });

  aws(endpoint, 'create-key-pair', '--key-name', 'cli', '--key-type', 'ed25519');
  const [imageId] = aws(endpoint, 'describe-images', '--owners', '099720109477',
    '--filters', 'Name=name,Values=ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*', '--query', 'sort_by(Images, &CreationDate)[-1:].ImageId');
  const instanceId: string = aws(endpoint, 'run-instances', '--image-id', imageId, '--key-name', 'cli', '--query', 'Instances[0].InstanceId');
  const deadline = Date.now() + 20_000;
  while (instanceState(endpoint, instanceId) !== 'running' && Date.now() < deadline) spawnSync('sleep', ['0.2']);
  expect(instanceState(endpoint, instanceId)).toBe('running');
  expect(processesUnderStateDir().length).toBeGreaterThan(0); // the instance's machine
  expect(cloud('status').stdout).toContain('Live resources: 1 instance, 1 key-pair, 1 volume');

  expect(cloud('stop')).toMatchObject({ status: 0, stdout: expect.stringContaining('state kept') });
  expect(alive(first.pid)).toBe(false);
  expect(processesUnderStateDir()).toEqual([]);
  expect(cloud('status').status).toBe(1);

  // The next start has the same account: the instance is there, stopped.
  const again = cloud('start', '-port', '0');
  expect(again.status).toBe(0);
  const endpoint2 = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(again.stdout)![1]!;
  expect(instanceState(endpoint2, instanceId)).toBe('stopped');
  expect(cloud('status').stdout).toContain('Live resources: 1 instance, 1 key-pair, 1 volume');

  expect(cloud('reset')).toMatchObject({ status: 0, stdout: expect.stringContaining('reset') });
  expect(cloud('status').stdout).toContain('Live resources: none');
  const last = readRuntime()!;
  expect(cloud('stop').status).toBe(0);
  expect(alive(last.pid)).toBe(false);
  expect(readRuntime()).toBeUndefined();
  expect(processesUnderStateDir()).toEqual([]);

  // Reset while stopped wipes the state files.
  expect(cloud('reset')).toMatchObject({ status: 0, stdout: expect.stringContaining('wiped') });
  expect(fs.readdirSync(stateDir)).toEqual([]);
}, 90_000);
