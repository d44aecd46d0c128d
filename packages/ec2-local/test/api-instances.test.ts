// Instances through @aws-sdk/client-ec2: the state machine step by step and through the SDK's waiters, what a
// launch hands to its machine, volumes at termination, instance attributes, idempotency, DryRun, launch errors,
// and 50 concurrent launches.
import {
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DeleteVolumeCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  DescribeVolumesCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  waitUntilInstanceRunning,
  waitUntilInstanceStatusOk,
  waitUntilInstanceStopped,
  waitUntilInstanceTerminated,
  type Instance,
} from '@aws-sdk/client-ec2';
import type { Ec2Local } from '../src/index.js';
import { awsError, ec2Client, startFast, waiter } from './support/endpoint.js';
import { RecordingMachines } from './support/recording-machines.js';

let local: Ec2Local;
let ec2: EC2Client;
let machines: RecordingMachines;
let ubuntu: string;

beforeAll(async () => {
  machines = new RecordingMachines();
  // Slower transitions than the other suites, so each intermediate state can be observed.
  local = await startFast({ machines, sshPort: 2222, durations: { instancePending: 400, instanceStopping: 400, instanceShuttingDown: 400 } });
  ec2 = ec2Client(local);
  const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['099720109477'], Filters: [{ Name: 'name', Values: ['ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240301'] }] }));
  ubuntu = Images![0]!.ImageId!;
});

afterEach(async () => {
  machines.failStart = false;
  machines.startDelayMs = 0;
});

afterAll(async () => {
  await local.stop();
});

async function describe1(id: string): Promise<Instance> {
  const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return Reservations![0]!.Instances![0]!;
}

async function terminateAll(ids: string[]): Promise<void> {
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
  await waitUntilInstanceTerminated(waiter(ec2), { InstanceIds: ids });
}

test('state machine: pending → running → stopping → stopped → pending → running → shutting-down → terminated', async () => {
  const run = await ec2.send(new RunInstancesCommand({ ImageId: ubuntu, MinCount: 1, MaxCount: 1, InstanceType: 't3.small' }));
  const id = run.Instances![0]!.InstanceId!;
  expect(run.Instances![0]!.State).toEqual({ Code: 0, Name: 'pending' });
  expect((await describe1(id)).State!.Name).toBe('pending');
  await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [id] });
  const running = await describe1(id);
  expect(running.State).toEqual({ Code: 16, Name: 'running' });
  expect(running.PublicIpAddress).toMatch(/^127\.\d+\.\d+\.\d+$/);
  expect(running.PrivateIpAddress).toBe(running.PublicIpAddress);
  await waitUntilInstanceStatusOk(waiter(ec2), { InstanceIds: [id] });

  const stopped = await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
  expect(stopped.StoppingInstances![0]).toMatchObject({ CurrentState: { Code: 64, Name: 'stopping' }, PreviousState: { Code: 16, Name: 'running' } });
  expect((await describe1(id)).State!.Name).toBe('stopping');
  await waitUntilInstanceStopped(waiter(ec2), { InstanceIds: [id] });
  const stoppedInstance = await describe1(id);
  expect(stoppedInstance.State).toEqual({ Code: 80, Name: 'stopped' });
  expect(stoppedInstance.PublicIpAddress).toBeUndefined();
  expect(stoppedInstance.PrivateIpAddress).toBe(running.PrivateIpAddress);
  expect((await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id] }))).InstanceStatuses).toEqual([]);
  const all = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id], IncludeAllInstances: true }));
  expect(all.InstanceStatuses![0]!.InstanceState!.Name).toBe('stopped');

  const started = await ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
  expect(started.StartingInstances![0]!.CurrentState!.Name).toBe('pending');
  await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [id] });

  const terminated = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  expect(terminated.TerminatingInstances![0]!.CurrentState).toEqual({ Code: 32, Name: 'shutting-down' });
  await waitUntilInstanceTerminated(waiter(ec2), { InstanceIds: [id] });
  const gone = await describe1(id);
  expect(gone.State).toEqual({ Code: 48, Name: 'terminated' });
  expect(gone.PrivateIpAddress).toBeUndefined();
  expect(machines.byInstance(id)!.events).toEqual(['start', 'stop', 'start', 'terminate']);

  expect((await awsError(ec2.send(new StopInstancesCommand({ InstanceIds: [id] })))).name).toBe('IncorrectInstanceState');
  expect((await awsError(ec2.send(new StartInstancesCommand({ InstanceIds: [id] })))).name).toBe('IncorrectInstanceState');
  const again = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  expect(again.TerminatingInstances![0]!.CurrentState!.Name).toBe('terminated');
  expect(local.liveResources()).toEqual([]);
});

test('a launch hands its machine the image layers, its own loopback address, the key pair and the user data', async () => {
  const key = await ec2.send(new CreateKeyPairCommand({ KeyName: 'launch-key', KeyType: 'ed25519' }));
  const userData = '#!/bin/sh\necho hello > /tmp/user-data\n';
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: ubuntu,
      MinCount: 2,
      MaxCount: 2,
      InstanceType: 't3.micro',
      KeyName: 'launch-key',
      UserData: Buffer.from(userData).toString('base64'),
      TagSpecifications: [
        { ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'Packer Builder' }] },
        { ResourceType: 'volume', Tags: [{ Key: 'Purpose', Value: 'build' }] },
      ],
    }),
  );
  const ids = run.Instances!.map((i) => i.InstanceId!);
  await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: ids });
  const specs = ids.map((id) => machines.byInstance(id)!.spec);
  expect(specs[0]!.address).not.toBe(specs[1]!.address);
  for (const [n, spec] of specs.entries()) {
    const instance = await describe1(ids[n]!);
    expect(spec).toMatchObject({ layers: [], sshPort: 2222, defaultUser: 'ubuntu', userData, address: instance.PublicIpAddress });
    expect(spec.authorizedKeys).toHaveLength(1);
    expect(spec.authorizedKeys[0]).toMatch(/^ssh-ed25519 AAAA\S+ launch-key$/);
    expect(instance.Tags).toEqual([{ Key: 'Name', Value: 'Packer Builder' }]);
    expect(instance.KeyName).toBe('launch-key');
    expect(instance.AmiLaunchIndex).toBe(n);
  }
  expect(key.KeyMaterial).toContain('BEGIN OPENSSH PRIVATE KEY');
  const tagged = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['Packer*'] }, { Name: 'instance-state-name', Values: ['running'] }] }));
  expect(tagged.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId)).sort()).toEqual([...ids].sort());
  const volumes = await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: ids }] }));
  expect(volumes.Volumes!.map((v) => v.Tags)).toEqual([[{ Key: 'Purpose', Value: 'build' }], [{ Key: 'Purpose', Value: 'build' }]]);
  await terminateAll(ids);
  await ec2.send(new DeleteKeyPairCommand({ KeyName: 'launch-key' }));
  expect(local.liveResources()).toEqual([]);
});

test('termination deletes delete-on-termination volumes and leaves the others available (StepCleanupVolumes)', async () => {
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: ubuntu,
      MinCount: 1,
      MaxCount: 1,
      BlockDeviceMappings: [
        { DeviceName: '/dev/sda1', Ebs: { VolumeSize: 10, VolumeType: 'gp3', Iops: 3000, Throughput: 125, DeleteOnTermination: true } },
        { DeviceName: '/dev/sdb', Ebs: { VolumeSize: 5, VolumeType: 'gp2', DeleteOnTermination: false } },
      ],
    }),
  );
  const id = run.Instances![0]!.InstanceId!;
  await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [id] });
  const instance = await describe1(id);
  const volumeIds = instance.BlockDeviceMappings!.map((m) => m.Ebs!.VolumeId!);
  expect(instance.BlockDeviceMappings!.map((m) => m.DeviceName)).toEqual(['/dev/sda1', '/dev/sdb']);
  const attached = await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: volumeIds }] }));
  expect(attached.Volumes!.map((v) => [v.Size, v.VolumeType, v.State])).toEqual([[10, 'gp3', 'in-use'], [5, 'gp2', 'in-use']]);
  expect((await awsError(ec2.send(new DeleteVolumeCommand({ VolumeId: volumeIds[1] })))).name).toBe('VolumeInUse');
  await terminateAll([id]);
  const left = await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: volumeIds }] }));
  expect(left.Volumes!.map((v) => [v.VolumeId, v.State])).toEqual([[volumeIds[1], 'available']]);
  await ec2.send(new DeleteVolumeCommand({ VolumeId: volumeIds[1] }));
  expect((await awsError(ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeIds[1]!] })))).name).toBe('InvalidVolume.NotFound');
  expect(local.liveResources()).toEqual([]);
});

test('ModifyInstanceAttribute needs a stopped instance for ENA/SR-IOV; DescribeInstanceAttribute reads them back', async () => {
  const run = await ec2.send(new RunInstancesCommand({ ImageId: ubuntu, MinCount: 1, MaxCount: 1 }));
  const id = run.Instances![0]!.InstanceId!;
  await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [id] });
  expect((await awsError(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, EnaSupport: { Value: false } })))).name).toBe('IncorrectInstanceState');
  await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
  await waitUntilInstanceStopped(waiter(ec2), { InstanceIds: [id] });
  await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, EnaSupport: { Value: false } }));
  await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, SriovNetSupport: { Value: 'simple' } }));
  await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: true } }));
  expect((await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'enaSupport' }))).EnaSupport!.Value).toBe(false);
  expect((await describe1(id)).SriovNetSupport).toBe('simple');
  expect((await awsError(ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] })))).name).toBe('OperationNotPermitted');
  await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: false } }));
  await terminateAll([id]);
});

test('a security group in use cannot be deleted until its instance is terminated', async () => {
  const group = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'packer_in_use', Description: 'Temporary group for Packer' }));
  const run = await ec2.send(new RunInstancesCommand({ ImageId: ubuntu, MinCount: 1, MaxCount: 1, SecurityGroupIds: [group.GroupId!] }));
  const id = run.Instances![0]!.InstanceId!;
  expect(run.Instances![0]!.SecurityGroups).toEqual([{ GroupId: group.GroupId, GroupName: 'packer_in_use' }]);
  expect((await awsError(ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.GroupId })))).name).toBe('DependencyViolation');
  await terminateAll([id]);
  await ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.GroupId }));
  expect(local.liveResources()).toEqual([]);
});

test('a machine that cannot start ends its instance terminated with a reason', async () => {
  machines.failStart = true;
  const run = await ec2.send(new RunInstancesCommand({ ImageId: ubuntu, MinCount: 1, MaxCount: 1 }));
  const id = run.Instances![0]!.InstanceId!;
  const failure = await awsError(waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [id] }));
  expect(failure.message).toContain('FAILURE');
  await waitUntilInstanceTerminated(waiter(ec2), { InstanceIds: [id] });
  expect((await describe1(id)).StateReason).toEqual({ Code: 'Server.InternalError', Message: expect.stringContaining('no root filesystem') });
  expect(local.liveResources()).toEqual([]);
});

test('terminating an instance whose machine is still booting terminates the machine after its start', async () => {
  machines.startDelayMs = 300;
  const run = await ec2.send(new RunInstancesCommand({ ImageId: ubuntu, MinCount: 1, MaxCount: 1 }));
  const id = run.Instances![0]!.InstanceId!;
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  await waitUntilInstanceTerminated(waiter(ec2), { InstanceIds: [id] });
  expect(machines.byInstance(id)!.events).toEqual(['start', 'terminate']);
});

test('ClientToken makes RunInstances idempotent; DryRun answers DryRunOperation; launch errors', async () => {
  const first = await ec2.send(new RunInstancesCommand({ ImageId: ubuntu, MinCount: 1, MaxCount: 1, ClientToken: 'token-1' }));
  const second = await ec2.send(new RunInstancesCommand({ ImageId: ubuntu, MinCount: 1, MaxCount: 1, ClientToken: 'token-1' }));
  expect(second.Instances![0]!.InstanceId).toBe(first.Instances![0]!.InstanceId);
  expect(second.ReservationId).toBe(first.ReservationId);
  const dryRun = await awsError(ec2.send(new RunInstancesCommand({ ImageId: ubuntu, MinCount: 1, MaxCount: 1, DryRun: true })));
  expect(dryRun.name).toBe('DryRunOperation');
  expect(dryRun.$metadata.httpStatusCode).toBe(412);
  expect((await awsError(ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1 })))).name).toBe('InvalidAMIID.NotFound');
  expect((await awsError(ec2.send(new RunInstancesCommand({ ImageId: ubuntu, MinCount: 1, MaxCount: 1, KeyName: 'nope' })))).name).toBe('InvalidKeyPair.NotFound');
  expect((await awsError(ec2.send(new RunInstancesCommand({ ImageId: ubuntu, MinCount: 1, MaxCount: 1, SubnetId: 'subnet-0123456789abcdef0' })))).name).toBe('InvalidSubnetID.NotFound');
  expect((await awsError(ec2.send(new RunInstancesCommand({ ImageId: ubuntu, MinCount: 1, MaxCount: 1, InstanceType: 't4g.micro' })))).name).toBe('InvalidParameterValue');
  expect((await awsError(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })))).name).toBe('InvalidInstanceID.NotFound');
  expect((await awsError(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['instance-1'] })))).name).toBe('InvalidInstanceID.Malformed');
  await terminateAll([first.Instances![0]!.InstanceId!]);
});

test('50 concurrent RunInstances and DescribeInstances calls are all served', async () => {
  const clients = Array.from({ length: 5 }, () => ec2Client(local));
  const launches = await Promise.all(
    Array.from({ length: 50 }, (_, n) =>
      clients[n % 5]!.send(new RunInstancesCommand({ ImageId: ubuntu, MinCount: 1, MaxCount: 1, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'n', Value: String(n) }] }] })),
    ),
  );
  const ids = launches.map((l) => l.Instances![0]!.InstanceId!);
  expect(new Set(ids).size).toBe(50);
  const described = await Promise.all(ids.map((id, n) => clients[n % 5]!.send(new DescribeInstancesCommand({ InstanceIds: [id] }))));
  expect(described.map((d) => d.Reservations![0]!.Instances![0]!.Tags![0]!.Value)).toEqual(ids.map((_, n) => String(n)));
  const addresses = new Set(described.map((d) => d.Reservations![0]!.Instances![0]!.PrivateIpAddress));
  expect(addresses.size).toBe(50);
  await terminateAll(ids);
  expect(local.liveResources()).toEqual([]);
});
