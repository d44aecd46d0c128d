// Each launch step's failure path against a local cloud with real machines: Packer's error, and the cleanups of
// the steps that ran remove what they created — after a failed RunInstances, a failed ingress rule, a wait that
// failed after the instance was launched, a cancellation while waiting for the instance — so that nothing is left;
// cleanups of resources already gone do not fail; StepCleanupVolumes deletes a volume the source AMI leaves behind.
import {
  CreateImageCommand,
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { waitImageAvailable, waitInstanceRunning, waitInstanceTerminated } from '../src/common/wait.js';
import { actionsIn, ec2Client, loggedCalls, startTestCloud, type TestCloud } from './ebs-build-harness.js';
import { launchConfig, launchState, launchSteps, probe, recordingUi, run } from './launch-support.js';

let test_: TestCloud;

beforeAll(async () => {
  test_ = await startTestCloud('launch-failures');
});

afterAll(async () => {
  await test_?.stop();
});

afterEach(() => {
  test_.cloud.operations.clearFaults();
});

const CLEANUP_OF_KEY_AND_GROUP = ['Deleting temporary security group...', 'Deleting temporary keypair...'];

test('an AMI of ours with the name: Packer\'s prevalidation error, nothing created', async () => {
  const { cloud } = test_;
  const ec2 = ec2Client(cloud, 'us-east-1');
  const ubuntu = (await ec2.send(new DescribeImagesCommand({ Owners: ['099720109477'], Filters: [{ Name: 'name', Values: ['ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*'] }] }))).Images![0]!;
  const launched = await ec2.send(new RunInstancesCommand({ ImageId: ubuntu.ImageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }));
  const instanceId = launched.Instances![0]!.InstanceId!;
  const polling = { delayMs: 200, maxWaitMs: 20_000 };
  const never = new AbortController().signal;
  await waitInstanceRunning(ec2, instanceId, polling, never);
  const { ImageId } = await ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'taken-name', NoReboot: true }));
  await waitImageAvailable(ec2, ImageId!, polling, never);
  try {
    const config = launchConfig(cloud, ['ami_name = "taken-name"']);
    const ui = recordingUi();
    const state = await launchState(config, ui);
    const error = await run(launchSteps(config), state, ui);
    expect(error?.message).toBe(`Error: AMI Name: 'taken-name' is used by an existing AMI: ${ImageId}`);
    expect(ui.said).toEqual(['Prevalidating any provided VPC information', 'Prevalidating AMI Name: taken-name']);

    // force_deregister skips the check, as Packer says.
    const forced = launchConfig(cloud, ['ami_name = "taken-name"', 'force_deregister = true', 'source_ami = "ami-00000000000000000"']);
    const ui2 = recordingUi();
    const error2 = await run(launchSteps(forced), await launchState(forced, ui2), ui2);
    expect(ui2.said[0]).toBe('Force Deregister flag found, skipping prevalidating AMI Name');
    expect(error2?.message).toMatch(/^Error querying AMI: .*InvalidAMIID\.(NotFound|Malformed)/);
  } finally {
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    await waitInstanceTerminated(ec2, instanceId, polling, never);
    const image = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }))).Images![0]!;
    await ec2.send(new DeregisterImageCommand({ ImageId }));
    for (const m of image.BlockDeviceMappings ?? []) if (m.Ebs?.SnapshotId) await ec2.send(new DeleteSnapshotCommand({ SnapshotId: m.Ebs.SnapshotId }));
  }
}, 55_000);

test('a filter matching no AMI: Packer\'s error naming the query; several without most_recent: Packer\'s error', async () => {
  const { cloud } = test_;
  const none = launchConfig(cloud, [], ['instance_type = "t3.micro"', 'ami_name = "no-match"', 'ssh_username = "ubuntu"', 'source_ami_filter {', '  filters = { name = "no-such-image-*" }', '  owners = ["099720109477"]', '}']);
  const ui = recordingUi();
  const error = await run(launchSteps(none), await launchState(none, ui), ui);
  expect(error?.message).toBe('No AMI was found matching filters: {\n  Filters: [{\n      Name: "name",\n      Values: ["no-such-image-*"]\n    }],\n  Owners: ["099720109477"]\n}');

  const several = launchConfig(cloud, [], ['instance_type = "t3.micro"', 'ami_name = "several"', 'ssh_username = "ubuntu"', 'source_ami_filter {', '  filters = { name = "ubuntu/images/*" }', '  owners = ["099720109477"]', '}']);
  const ui2 = recordingUi();
  const error2 = await run(launchSteps(several), await launchState(several, ui2), ui2);
  expect(error2?.message).toBe('Your query returned more than one result. Please try a more specific search, or set most_recent to true.');
  expect(cloud.liveResources()).toEqual([]);
}, 30_000);

test('CreateKeyPair failing once is retried; RunInstances failing: Packer\'s error, the group and key pair are deleted', async () => {
  const { cloud } = test_;
  const before = (await loggedCalls(cloud)).length;
  cloud.operations.addFault({ action: 'CreateKeyPair', code: 'InternalError', status: 400 });
  cloud.operations.addFault({ action: 'RunInstances', code: 'InsufficientInstanceCapacity', message: 'There is no Spot capacity.' });
  const config = launchConfig(cloud, []);
  const ui = recordingUi();
  const state = await launchState(config, ui);
  const error = await run(launchSteps(config), state, ui);
  expect(error?.message).toMatch(/^Error launching source instance: .*InsufficientInstanceCapacity|^Error launching source instance: There is no Spot capacity/);
  expect(state.keyPair?.temporaryName).toMatch(/^packer_/);
  const calls = actionsIn(await loggedCalls(cloud, before), 'us-east-1');
  expect(calls.filter((a) => a.startsWith('CreateKeyPair') || a.startsWith('RunInstances') || a.startsWith('Delete'))).toEqual([
    'CreateKeyPair!InternalError',
    'CreateKeyPair',
    'RunInstances!InsufficientInstanceCapacity',
    'DeleteSecurityGroup',
    'DeleteKeyPair',
  ]);
  expect(ui.said.slice(-4)).toEqual(['Launching a source AWS instance...', 'No volumes to clean up, skipping', ...CLEANUP_OF_KEY_AND_GROUP]);
  expect(state.ledger.remaining()).toEqual([]);
  expect(cloud.liveResources()).toEqual([]);
}, 30_000);

test('the ingress rule failing: Packer\'s error, the group and key pair are deleted', async () => {
  const { cloud } = test_;
  cloud.operations.addFault({ action: 'AuthorizeSecurityGroupIngress', code: 'InvalidPermission.Malformed' });
  const config = launchConfig(cloud, ['temporary_security_group_source_cidrs = ["10.0.0.0/8", "192.168.0.0/16"]']);
  const ui = recordingUi();
  const state = await launchState(config, ui);
  const error = await run(launchSteps(config), state, ui);
  expect(error?.message).toMatch(/^Error authorizing temporary security group: .*InvalidPermission\.Malformed/);
  expect(ui.said).toContain('Authorizing access to port 22 from [10.0.0.0/8 192.168.0.0/16] in the temporary security groups...');
  expect(ui.said.slice(-2)).toEqual(CLEANUP_OF_KEY_AND_GROUP);
  expect(cloud.liveResources()).toEqual([]);
}, 30_000);

test('the wait for the instance failing after RunInstances: the instance is terminated, then the group and key pair go', async () => {
  const { cloud } = test_;
  cloud.operations.addFault({ action: 'DescribeInstances', code: 'UnauthorizedOperation' });
  const config = launchConfig(cloud, []);
  const ui = recordingUi();
  const state = await launchState(config, ui);
  const error = await run(launchSteps(config), state, ui);
  const instanceId = state.instanceId!;
  expect(error?.message).toMatch(new RegExp(`^Error waiting for instance \\(${instanceId}\\) to become ready: .*UnauthorizedOperation`));
  expect(ui.said.slice(-6)).toEqual([
    `Waiting for instance (${instanceId}) to become ready...`,
    'Terminating the source AWS instance...',
    'Cleaning up any extra volumes...',
    'No volumes to clean up, skipping',
    ...CLEANUP_OF_KEY_AND_GROUP,
  ]);
  expect(state.ledger.remaining()).toEqual([]);
  expect(cloud.liveResources()).toEqual([]);
}, 30_000);

test('cancelled while waiting for the instance: the instance is terminated and nothing is left', async () => {
  const { cloud } = test_;
  await fetch(`${cloud.endpoint}/_admin/time-scale`, { method: 'POST', body: JSON.stringify({ scale: 30 }) }); // pending takes 3 s
  try {
    const controller = new AbortController();
    const ui = recordingUi((line) => {
      if (line.startsWith('Waiting for instance')) setTimeout(() => controller.abort(), 300);
    });
    const config = launchConfig(cloud, []);
    const state = await launchState(config, ui, controller.signal);
    const started = Date.now();
    const error = await run(launchSteps(config), state, ui, controller.signal);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(error?.message).toMatch(/canceled|cancelled/);
    expect(ui.said).toContain('Terminating the source AWS instance...');
    expect(state.ledger.remaining()).toEqual([]);
  } finally {
    await fetch(`${cloud.endpoint}/_admin/time-scale`, { method: 'POST', body: JSON.stringify({ scale: 1 }) });
  }
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);

test('region validation (skip_region_validation = false): an unknown ami_region is Packer\'s error before anything is created', async () => {
  const { cloud } = test_;
  const config = launchConfig(cloud, ['skip_region_validation = false', 'ami_regions = ["xx-nowhere-1"]']);
  const ui = recordingUi();
  const error = await run(launchSteps(config), await launchState(config, ui), ui);
  expect(error?.message).toMatch(/^error validating regions: Invalid region\(s\): \[xx-nowhere-1\], available regions: \[.*us-east-1.*\]$/);
  expect(ui.said).toEqual([]);
  expect(cloud.liveResources()).toEqual([]);
}, 30_000);

test('resources already gone when the cleanups run: no error, nothing left', async () => {
  const { cloud } = test_;
  const ec2 = ec2Client(cloud, 'us-east-1');
  const config = launchConfig(cloud, []);
  const ui = recordingUi();
  const state = await launchState(config, ui);
  const removeEverything = probe(async (s) => {
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [s.instanceId!] }));
    await waitInstanceTerminated(ec2, s.instanceId!, { delayMs: 200, maxWaitMs: 20_000 }, new AbortController().signal);
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: s.temporarySecurityGroupId! }));
    await ec2.send(new DeleteKeyPairCommand({ KeyName: s.keyPair!.temporaryName! }));
  });
  const error = await run([...launchSteps(config), removeEverything], state, ui);
  expect(error).toBeUndefined();
  expect(ui.lines.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  expect(ui.said.slice(-3)).toEqual(['No volumes to clean up, skipping', 'Deleting temporary security group...', 'Deleting temporary keypair...']);
  expect(state.ledger.remaining()).toEqual([]);
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);

test('StepCleanupVolumes deletes a source-AMI volume left available (delete_on_termination false), keeps none behind', async () => {
  const { cloud } = test_;
  const ec2 = ec2Client(cloud, 'us-east-1');
  const polling = { delayMs: 200, maxWaitMs: 20_000 };
  const never = new AbortController().signal;
  const ubuntu = (await ec2.send(new DescribeImagesCommand({ Owners: ['099720109477'], Filters: [{ Name: 'name', Values: ['ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*'] }] }))).Images![0]!;
  const launched = await ec2.send(new RunInstancesCommand({ ImageId: ubuntu.ImageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }));
  const seedInstance = launched.Instances![0]!.InstanceId!;
  await waitInstanceRunning(ec2, seedInstance, polling, never);
  const root = ubuntu.RootDeviceName!;
  const { ImageId } = await ec2.send(
    new CreateImageCommand({ InstanceId: seedInstance, Name: 'keeps-root-volume', NoReboot: true, BlockDeviceMappings: [{ DeviceName: root, Ebs: { DeleteOnTermination: false } }] }),
  );
  const image = await waitImageAvailable(ec2, ImageId!, polling, never);
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [seedInstance] }));
  await waitInstanceTerminated(ec2, seedInstance, polling, never);
  try {
    expect(image.BlockDeviceMappings!.find((m) => m.DeviceName === root)!.Ebs!.DeleteOnTermination).toBe(false);
    const config = launchConfig(cloud, [`source_ami = "${ImageId}"`, 'communicator = "none"'], ['instance_type = "t3.micro"', 'ami_name = "volumes"']);
    const ui = recordingUi();
    const state = await launchState(config, ui);
    const error = await run(launchSteps(config), state, ui);
    expect(error).toBeUndefined();
    const volumeId = state.instance!.BlockDeviceMappings!.find((m) => m.DeviceName === root)!.Ebs!.VolumeId!;
    const at = ui.said.indexOf('Cleaning up any extra volumes...');
    expect(ui.said.slice(at, at + 2)).toEqual(['Cleaning up any extra volumes...', `Destroying volume (${volumeId})...`]);
  } finally {
    const snapshots = image.BlockDeviceMappings!.flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
    await ec2.send(new DeregisterImageCommand({ ImageId }));
    for (const SnapshotId of snapshots) await ec2.send(new DeleteSnapshotCommand({ SnapshotId }));
  }
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);
