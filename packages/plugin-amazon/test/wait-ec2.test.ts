// The named waiters against ec2-local with real machines: a security group hidden right after creation (eventual
// consistency) is awaited through its NotFound; an instance is awaited running (and the wait's overhead measured
// against a tight poller watching the same instance), stopped, imaged (AMI available, snapshots completed) and
// terminated; a slowed-down instance times out with what was awaited, the last state and how long; a terminated
// instance fails a running wait at once; an abort ends a wait at once.
import {
  CreateImageCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { LocalCloud } from '@tspacker/ec2-local';
import { createAwsSession } from '../src/access/create-session.js';
import type { AwsSession } from '../src/access/session.js';
import {
  WaitError,
  waitImageAvailable,
  waitInstanceRunning,
  waitInstanceStopped,
  waitInstanceTerminated,
  waitSecurityGroupExists,
  waitSnapshotsCompleted,
} from '../src/common/wait.js';
import { accessConfig } from './access-config.js';
import { startTempCloud, type TempCloud } from './temp-cloud.js';

let temp: TempCloud;
let dir: string;
let cloud: LocalCloud;
let session: AwsSession;
let ec2: EC2Client;
let imageId: string;
const signal = new AbortController().signal;

beforeAll(async () => {
  temp = await startTempCloud('wait', { machineStartTimeoutMs: 30_000 });
  ({ dir, cloud } = temp);
  const access = accessConfig({ access_key: 'AKIAWAITTEST00000001', secret_key: 'wait-secret', region: 'us-east-1', custom_endpoint_ec2: cloud.endpoint, skip_credential_validation: true });
  session = await createAwsSession(access, { env: { HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' } });
  ec2 = session.ec2();
  const images = await ec2.send(new DescribeImagesCommand({ Owners: ['099720109477'] }));
  imageId = images.Images![0]!.ImageId!;
}, 60_000);
afterEach(async () => {
  await fetch(`${cloud.endpoint}/_admin/faults`, { method: 'DELETE', signal: AbortSignal.timeout(5000) });
});
afterAll(async () => {
  session?.destroy();
  await temp?.stop();
}, 60_000);

async function admin(route: string, body: unknown): Promise<void> {
  const response = await fetch(cloud.endpoint + route, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
  expect(response.ok).toBe(true);
}
async function launch(): Promise<string> {
  const run = await ec2.send(new RunInstancesCommand({ ImageId: imageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
  return run.Instances![0]!.InstanceId!;
}

test('a security group invisible for 1.5 s after creation is awaited through InvalidGroup.NotFound', async () => {
  await admin('/_admin/consistency', { hideMs: 1500 });
  const created = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'wait-sg', Description: 'Temporary group for Packer' }));
  const started = Date.now();
  const group = await waitSecurityGroupExists(ec2, created.GroupId!, session.polling, signal);
  expect(group.GroupId).toBe(created.GroupId);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  expect(Date.now() - started).toBeLessThan(5000);
  await ec2.send(new DeleteSecurityGroupCommand({ GroupId: created.GroupId }));
});

test('running (overhead measured), stopped, AMI available, snapshots completed, terminated', async () => {
  const launched = Date.now();
  const instanceId = await launch();
  // A tight poller shows when the instance really turned running.
  let runningAt: number | undefined;
  const watcher = (async () => {
    while (runningAt === undefined && Date.now() - launched < 50_000) {
      const answer = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
      if (answer.Reservations?.[0]?.Instances?.[0]?.State?.Name === 'running') runningAt = Date.now();
      else await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const instance = await waitInstanceRunning(ec2, instanceId, session.polling, signal);
  const waited = Date.now();
  await watcher;
  expect(instance.InstanceId).toBe(instanceId);
  expect(instance.State?.Name).toBe('running');
  expect(runningAt).toBeDefined();
  console.log(`instance start ${runningAt! - launched} ms; waitInstanceRunning returned after ${waited - launched} ms (overhead ${waited - runningAt!} ms)`);
  expect(waited - runningAt!).toBeLessThan(3000);

  await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
  const [stopped] = await waitInstanceStopped(ec2, instanceId, session.polling, signal);
  expect(stopped!.State?.Name).toBe('stopped');

  const { ImageId } = await ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'wait-test-image' }));
  const image = await waitImageAvailable(ec2, ImageId!, session.polling, signal);
  expect(image.State).toBe('available');
  const snapshotIds = (image.BlockDeviceMappings ?? []).map((m) => m.Ebs?.SnapshotId).filter((id): id is string => Boolean(id));
  expect(snapshotIds.length).toBeGreaterThan(0);
  const snapshots = await waitSnapshotsCompleted(ec2, snapshotIds, session.polling, signal);
  expect(snapshots.map((s) => s.State)).toEqual(snapshotIds.map(() => 'completed'));

  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  const [terminated] = await waitInstanceTerminated(ec2, [instanceId], session.polling, signal);
  expect(terminated!.State?.Name).toBe('terminated');
  await ec2.send(new DeregisterImageCommand({ ImageId }));
  for (const id of snapshotIds) await ec2.send(new DeleteSnapshotCommand({ SnapshotId: id }));
}, 60_000);

test('a wait that runs out of time says what it awaited, the last state and for how long; a terminated instance fails a running wait', async () => {
  await admin('/_admin/time-scale', { scale: 1000 });
  const instanceId = await launch();
  const started = Date.now();
  const timedOut = await waitInstanceRunning(ec2, instanceId, { maxWaitMs: 1500 }, signal).catch((e: unknown) => e);
  expect(timedOut).toBeInstanceOf(WaitError);
  expect(timedOut).toMatchObject({ kind: 'timeout', waiter: 'InstanceRunning', lastState: 'pending' });
  expect((timedOut as Error).message).toMatch(new RegExp(`^exceeded max wait time for InstanceRunning waiter: still waiting for instance ${instanceId} to be running after 1\\.[4-6]s \\(last state: pending\\)$`));
  expect(Date.now() - started).toBeLessThan(2500);

  await admin('/_admin/time-scale', { scale: 1 });
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  const failed = await waitInstanceRunning(ec2, instanceId, session.polling, signal).catch((e: unknown) => e);
  expect(failed).toMatchObject({ kind: 'failure', waiter: 'InstanceRunning' });
  expect((failed as Error).message).toMatch(new RegExp(`^waiter state transitioned to Failure: instance ${instanceId} is (shutting-down|terminated)`));
  await waitInstanceTerminated(ec2, instanceId, session.polling, signal);
}, 60_000);

test('an abort ends a wait at once with the signal reason; a NotFound instance right after launch is retried', async () => {
  await admin('/_admin/time-scale', { scale: 1000 });
  await admin('/_admin/consistency', { hideMs: 800 });
  const instanceId = await launch();
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(new Error('context canceled')), 1500);
  const aborted = await waitInstanceRunning(ec2, instanceId, {}, controller.signal).catch((e: unknown) => e);
  expect((aborted as Error).message).toBe('context canceled');
  const elapsed = Date.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(1400);
  expect(elapsed).toBeLessThan(2500);
  await admin('/_admin/time-scale', { scale: 1 });
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  await waitInstanceTerminated(ec2, instanceId, session.polling, signal);
}, 60_000);
