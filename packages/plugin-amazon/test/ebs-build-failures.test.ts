// A build failing after its AMI was copied (reference §1.3: Packer 1.6.6 leaves the copies and their snapshots
// behind): here nothing of it is left, in any region; a transient NotFound on CreateTags is retried (the 1.6.6
// bug fixed); a cancellation while the copies are made leaves nothing either; -on-error=abort leaves everything
// and lists each resource with the AWS CLI command that deletes it.
import path from 'node:path';
import { actionsIn, ebsTemplate, loggedCalls, startTestCloud, tspackerBuild, type TestCloud } from './ebs-build-harness.js';

let t: TestCloud;
let n = 0;

beforeAll(async () => {
  t = await startTestCloud('ebs-build-failures');
});

afterAll(async () => {
  await t?.stop();
});

afterEach(async () => {
  // Each test starts from a fresh account (machines terminated, state and faults cleared).
  await t.cloud.reset();
});

function template(extra: readonly string[] = []): string {
  n++;
  return ebsTemplate(t.cloud, [
    `ami_name = "tspacker-failures-${n}-{{timestamp}}"`,
    'ami_regions = ["us-west-2", "eu-west-1"]',
    'ami_users = ["123456789012"]',
    'tags = { Name = "failures" }',
    'snapshot_tags = { Kind = "snap" }',
    ...extra,
  ]);
}

/** What is left in the cloud: every resource but terminated instances. */
function leftovers(): string[] {
  return t.cloud.liveResources().map((r) => `${r.region} ${r.kind} ${r.id}`);
}

test('a failure after the copies (CreateTags in a copy region) removes every AMI and snapshot, in every region', async () => {
  t.cloud.operations.addFault({ action: 'CreateTags', code: 'UnauthorizedOperation', region: 'us-west-2', message: 'You are not authorized to perform this operation.' });
  const before = (await loggedCalls(t.cloud)).length;
  const run = await tspackerBuild(path.join(t.dir, 'fail-tags'), template());
  expect(run.exitCode).toBe(1);
  expect([...run.errors.values()][0]).toMatch(
    /^Error adding tags to Resources \(\[\]string\{"ami-[0-9a-f]+", "snap-[0-9a-f]+"\}\): UnauthorizedOperation: You are not authorized to perform this operation\.$/,
  );
  expect(run.lines).toContain('==> amazon-ebs.x: Deregistering the AMI copies and deleting their snapshots because of cancellation, or error...');
  expect(run.lines).toContain('==> amazon-ebs.x: Deregistering the AMI and deleting associated snapshots because of cancellation, or error...');
  expect(leftovers()).toEqual([]);
  // Each copy was deregistered in its own region, and its snapshots deleted there.
  const calls = await loggedCalls(t.cloud, before);
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
    const actions = actionsIn(calls, region);
    expect(actions).toContain('DeregisterImage');
    expect(actions.indexOf('DeleteSnapshot')).toBeGreaterThan(actions.indexOf('DeregisterImage'));
  }
}, 90_000);

test('a NotFound from CreateTags on a fresh copy is retried and the build succeeds', async () => {
  t.cloud.operations.addFault({ action: 'CreateTags', code: 'InvalidAMIID.NotFound', region: 'eu-west-1', count: 2 });
  const before = (await loggedCalls(t.cloud)).length;
  const run = await tspackerBuild(path.join(t.dir, 'retry-tags'), template());
  if (run.exitCode !== 0) throw new Error(run.lines.join('\n'));
  const calls = await loggedCalls(t.cloud, before);
  expect(actionsIn(calls, 'eu-west-1').filter((a) => a.startsWith('CreateTags'))).toEqual([
    'CreateTags!InvalidAMIID.NotFound',
    'CreateTags!InvalidAMIID.NotFound',
    'CreateTags',
    'CreateTags',
  ]);
  expect(run.artifacts[0]!.id.split(',')).toHaveLength(3);
}, 90_000);

test('a cancellation while the copies are made removes the AMI and every copy', async () => {
  const controller = new AbortController();
  // Cancelled as soon as both copies were asked for: the build is then waiting for them to be available (each
  // look answered slowly, so that the wait is still on).
  const before = (await loggedCalls(t.cloud)).length;
  t.cloud.operations.setLatency({ ms: 300, action: 'DescribeImages' });
  const building = tspackerBuild(path.join(t.dir, 'cancel'), template(), { signal: controller.signal });
  const deadline = Date.now() + 45_000;
  for (;;) {
    const calls = await loggedCalls(t.cloud, before);
    if (calls.filter((c) => c.action === 'CopyImage' && c.status === 200).length === 2) break;
    if (Date.now() > deadline) throw new Error('the copies did not start');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  controller.abort();
  const run = await building;
  expect(run.exitCode).toBe(1);
  expect(run.lines).toContain('==> amazon-ebs.x: Deregistering the AMI copies and deleting their snapshots because of cancellation, or error...');
  expect(leftovers()).toEqual([]);
}, 90_000);

test('-on-error=abort leaves the resources and lists each with its delete command', async () => {
  t.cloud.operations.addFault({ action: 'CreateTags', code: 'UnauthorizedOperation', region: 'us-west-2' });
  const run = await tspackerBuild(path.join(t.dir, 'abort'), template(), { onError: 'abort' });
  expect(run.exitCode).toBe(1);
  const left = t.cloud.liveResources();
  // The instance and its volume, key pair, security group, the AMI and its copies with their snapshots are all still there...
  expect(new Set(left.map((r) => r.kind))).toEqual(new Set(['instance', 'volume', 'key-pair', 'security-group', 'image', 'snapshot']));
  expect(new Set(left.filter((r) => r.kind === 'image').map((r) => r.region))).toEqual(new Set(['us-east-1', 'us-west-2', 'eu-west-1']));
  // ...and each is listed with the command that deletes it (the instance's root volume goes with the instance).
  const text = run.lines.join('\n');
  expect(text).toContain(`The build left ${left.filter((r) => r.kind !== 'volume').length} resource(s) in place; to delete them:`);
  const commands: Record<string, (region: string, id: string) => string> = {
    instance: (r, id) => `aws ec2 terminate-instances --region ${r} --instance-ids ${id}`,
    'security-group': (r, id) => `aws ec2 delete-security-group --region ${r} --group-id ${id}`,
    image: (r, id) => `aws ec2 deregister-image --region ${r} --image-id ${id}`,
    snapshot: (r, id) => `aws ec2 delete-snapshot --region ${r} --snapshot-id ${id}`,
  };
  for (const r of left) {
    const command = commands[r.kind];
    if (command) expect(text).toContain(command(r.region, r.id));
  }
  expect(text).toMatch(/aws ec2 delete-key-pair --region us-east-1 --key-name packer_/);
}, 90_000);
