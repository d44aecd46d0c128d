// Leaks of the capture part of a build (and skip_create_ami, which captures nothing): for each call from StopInstances to CreateTags, a build in which that call
// fails, and a build cancelled as that call is made, leave nothing in any region — no instance that is not
// terminated, no key pair, security group or volume, no AMI or snapshot. (communicator "none" and metadata-only
// instances: the capture steps see only the API.)
import path from 'node:path';
import { accessSettings, loggedCalls, startTestCloud, tspackerBuild, type TestCloud } from './ebs-build-harness.js';

let t: TestCloud;
let n = 0;

beforeAll(async () => {
  t = await startTestCloud('ebs-build-leaks', { machines: false });
});

afterAll(async () => {
  await t?.stop();
});

afterEach(async () => {
  await t.cloud.reset();
});

function template(options: { protect?: boolean; extra?: readonly string[] } = {}): string {
  n++;
  const lines = [
    ...accessSettings(t.cloud),
    'instance_type = "t3.micro"',
    'source_ami_filter {',
    '  filters = { name = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*" }',
    '  owners      = ["099720109477"]',
    '  most_recent = true',
    '}',
    'communicator = "none"',
    `ami_name = "tspacker-leaks-${n}"`,
    'force_deregister = true',
    'ena_support = true',
    'ami_regions = ["us-west-2", "eu-west-1"]',
    'ami_users = ["123456789012"]',
    'snapshot_users = ["123456789012"]',
    'deprecate_at = "2031-01-01T00:00:00Z"',
    `deregistration_protection { enabled = ${options.protect ?? true} }`,
    'tags = { Name = "leaks" }',
    'snapshot_tags = { Kind = "snap" }',
    ...(options.extra ?? []),
  ];
  return ['source "amazon-ebs" "x" {', ...lines.map((l) => `  ${l}`), '}', '', 'build {', '  sources = ["source.amazon-ebs.x"]', '}', ''].join('\n');
}

/** What is left in the cloud: every resource but terminated instances. */
function leftovers(): string[] {
  return t.cloud.liveResources().map((r) => `${r.region} ${r.kind} ${r.id}`);
}

// Each call of the capture part, with the region where failing it matters most (copies: a copy region).
const CALLS: [string, string][] = [
  ['StopInstances', 'us-east-1'],
  ['ModifyInstanceAttribute', 'us-east-1'],
  ['DeregisterImage', 'us-east-1'],
  ['CreateImage', 'us-east-1'],
  ['CopyImage', 'eu-west-1'],
  ['DescribeImages', 'us-west-2'],
  ['EnableImageDeprecation', 'us-west-2'],
  ['EnableImageDeregistrationProtection', 'us-east-1'],
  ['ModifyImageAttribute', 'eu-west-1'],
  ['ModifySnapshotAttribute', 'us-west-2'],
  ['CreateTags', 'us-east-1'],
];

test('the happy path of this template succeeds and keeps three AMIs', async () => {
  const run = await tspackerBuild(path.join(t.dir, 'ok'), template());
  if (run.exitCode !== 0) throw new Error(run.lines.join('\n'));
  expect(run.artifacts[0]!.id.split(',')).toHaveLength(3);
  expect(leftovers().filter((r) => !/ (image|snapshot) /.test(r))).toEqual([]);
}, 30_000);

test('skip_create_ami: the build succeeds without an artifact and leaves nothing', async () => {
  const before = (await loggedCalls(t.cloud)).length;
  const run = await tspackerBuild(path.join(t.dir, 'skip'), template({ extra: ['skip_create_ami = true'] }));
  if (run.exitCode !== 0) throw new Error(run.lines.join('\n'));
  expect(run.artifacts).toEqual([]);
  expect((await loggedCalls(t.cloud, before)).map((c) => c.action)).not.toContain('CreateImage');
  expect(leftovers()).toEqual([]);
}, 30_000);

test.each(CALLS)('%s failing (in %s) leaves nothing', async (action, region) => {
  // DeregisterImage only runs when there is an AMI of the name to replace: make one first (unprotected).
  if (action === 'DeregisterImage') {
    const first = await tspackerBuild(path.join(t.dir, `pre-${action}`), template({ protect: false }));
    if (first.exitCode !== 0) throw new Error(first.lines.join('\n'));
    n--; // the same name again
  }
  const existing = leftovers();
  t.cloud.operations.addFault({ action, region, code: 'UnauthorizedOperation', always: true });
  const run = await tspackerBuild(path.join(t.dir, `fail-${action}`), template());
  t.cloud.operations.clearFaults();
  expect(run.exitCode).toBe(1);
  expect([...run.errors.values()][0]).toContain('UnauthorizedOperation');
  // Only what existed before (the AMIs of the preliminary build; DeregisterImage failed on them).
  expect(leftovers().filter((r) => !existing.includes(r))).toEqual([]);
}, 30_000);

test.each(CALLS.filter(([action]) => action !== 'DeregisterImage'))('cancelled as %s is called (in %s): nothing is left', async (action, region) => {
  const controller = new AbortController();
  const before = (await loggedCalls(t.cloud)).length;
  // The action answers slowly, so the build is still in that step (not already done) when the cancel comes.
  t.cloud.operations.setLatency({ ms: 300, action });
  const building = tspackerBuild(path.join(t.dir, `cancel-${action}`), template(), { signal: controller.signal });
  let ended = false;
  void building.finally(() => (ended = true));
  while (!ended) {
    const calls = await loggedCalls(t.cloud, before);
    if (calls.some((c) => c.action === action && c.region === region)) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(ended).toBe(false);
  controller.abort();
  const run = await building;
  expect(run.exitCode).toBe(1);
  expect(leftovers()).toEqual([]);
}, 30_000);
