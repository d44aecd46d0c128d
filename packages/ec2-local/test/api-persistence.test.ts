// A local cloud stopped and started again (`persist`): ids, images with their layers, key pairs, security groups,
// the default network and instances survive; running instances come back stopped and start again on a new
// machine host with the same address and key; reset forgets the saved state.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateImageCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  waitUntilImageAvailable,
  waitUntilInstanceRunning,
} from '@aws-sdk/client-ec2';
import { STATE_FILE } from '../src/start.js';
import { ec2Client, startFast, waiter } from './support/endpoint.js';
import { RecordingMachines } from './support/recording-machines.js';

let stateDir: string;

beforeAll(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'ec2-local-persist-'));
});

afterAll(() => {
  rmSync(stateDir, { recursive: true, force: true });
});

test('state survives stop and start; running instances come back stopped and start again', async () => {
  const firstHost = new RecordingMachines();
  const first = await startFast({ stateDir, persist: true, machines: firstHost });
  const ec2 = ec2Client(first);
  await ec2.send(new CreateKeyPairCommand({ KeyName: 'kept', KeyType: 'ed25519' }));
  const group = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'kept', Description: 'kept' }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: group.GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.1.20240610.0-kernel-6.1-x86_64'] }] }));
  const run = await ec2.send(new RunInstancesCommand({ ImageId: Images![0]!.ImageId, MinCount: 1, MaxCount: 1, KeyName: 'kept', SecurityGroupIds: [group.GroupId!], TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'kept' }] }] }));
  const instanceId = run.Instances![0]!.InstanceId!;
  await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [instanceId] });
  const image = await ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'kept-image', NoReboot: true }));
  await waitUntilImageAvailable(waiter(ec2), { ImageIds: [image.ImageId!] });
  const before = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0]!.Instances![0]!;
  const vpcBefore = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId;
  const live = first.liveResources();
  await first.stop();
  expect(existsSync(join(stateDir, STATE_FILE))).toBe(true);
  expect(firstHost.closed).toBe(1);
  expect(firstHost.byInstance(instanceId)!.events).toEqual(['start', 'capture']);

  const secondHost = new RecordingMachines();
  const second = await startFast({ stateDir, persist: true, machines: secondHost });
  try {
    const again = ec2Client(second);
    expect(second.liveResources()).toEqual(live);
    const restored = (await again.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0]!.Instances![0]!;
    expect(restored).toMatchObject({ State: { Name: 'stopped', Code: 80 }, PrivateIpAddress: before.PrivateIpAddress, Tags: [{ Key: 'Name', Value: 'kept' }], SecurityGroups: [{ GroupId: group.GroupId, GroupName: 'kept' }] });
    expect((await again.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId).toBe(vpcBefore);
    expect((await again.send(new DescribeKeyPairsCommand({ KeyNames: ['kept'] }))).KeyPairs).toHaveLength(1);
    expect((await again.send(new DescribeSecurityGroupsCommand({ GroupIds: [group.GroupId!] }))).SecurityGroups![0]!.IpPermissions![0]!.FromPort).toBe(22);
    const [kept] = (await again.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images!;
    expect(kept).toMatchObject({ ImageId: image.ImageId, Name: 'kept-image', State: 'available' });

    await again.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    await waitUntilInstanceRunning(waiter(again), { InstanceIds: [instanceId] });
    const machine = secondHost.byInstance(instanceId)!;
    expect(machine.events).toEqual(['start']);
    expect(machine.spec).toMatchObject({ address: before.PrivateIpAddress, defaultUser: 'ec2-user', authorizedKeys: [expect.stringMatching(/^ssh-ed25519 /)] });

    // A launch from the restored image boots its captured layer; new instances get new addresses.
    const fromImage = await again.send(new RunInstancesCommand({ ImageId: image.ImageId, MinCount: 1, MaxCount: 1 }));
    const launched = fromImage.Instances![0]!.InstanceId!;
    await waitUntilInstanceRunning(waiter(again), { InstanceIds: [launched] });
    const layers = secondHost.byInstance(launched)!.spec.layers;
    expect(layers).toHaveLength(1);
    expect(existsSync(layers[0]!)).toBe(true);
    expect(fromImage.Instances![0]!.PrivateIpAddress).not.toBe(before.PrivateIpAddress);

    await second.reset();
    expect(second.liveResources()).toEqual([]);
    expect(existsSync(join(stateDir, STATE_FILE))).toBe(false);
    expect(existsSync(layers[0]!)).toBe(false);
  } finally {
    await second.stop();
  }
});
