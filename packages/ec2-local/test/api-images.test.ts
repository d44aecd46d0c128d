// Images through @aws-sdk/client-ec2: the seeded catalog as `source_ami_filter` queries it, owners, filters,
// pagination, CreateImage (layers captured by the machine), waiters, CopyImage across regions with encryption,
// attributes and sharing, deregistration and snapshot deletion.
import { existsSync } from 'node:fs';
import {
  CopyImageCommand,
  CreateImageCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
  paginateDescribeImages,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  waitUntilImageAvailable,
  waitUntilInstanceRunning,
  waitUntilInstanceStopped,
  waitUntilInstanceTerminated,
  waitUntilSnapshotCompleted,
  type Image,
} from '@aws-sdk/client-ec2';
import type { Ec2Local } from '../src/index.js';
import { createNonEc2Services } from '../src/services/non-ec2-services.js';
import { awsError, ec2Client, startFast, waiter } from './support/endpoint.js';
import { RecordingMachines } from './support/recording-machines.js';

let local: Ec2Local;
let ec2: EC2Client;
let machines: RecordingMachines;

beforeAll(async () => {
  machines = new RecordingMachines();
  local = await startFast({ machines, syntheticImages: 60 });
  ec2 = ec2Client(local);
});

afterAll(async () => {
  await local.stop();
});

const mostRecent = (images: readonly Image[]) => [...images].sort((a, b) => (a.CreationDate! < b.CreationDate! ? 1 : -1))[0]!;

describe('the catalog', () => {
  test("a real template's source_ami_filter resolves, most_recent picking the newest", async () => {
    const { Images } = await ec2.send(
      new DescribeImagesCommand({
        Owners: ['099720109477'],
        Filters: [
          { Name: 'name', Values: ['ubuntu/images/*ubuntu-focal-20.04-amd64-server-*'] },
          { Name: 'root-device-type', Values: ['ebs'] },
          { Name: 'virtualization-type', Values: ['hvm'] },
        ],
      }),
    );
    expect(Images!.length).toBe(5);
    expect(Images!.every((i) => i.OwnerId === '099720109477' && i.Architecture === 'x86_64' && i.State === 'available')).toBe(true);
    expect(mostRecent(Images!).Name).toBe('ubuntu/images/hvm-ssd/ubuntu-focal-20.04-amd64-server-20240821');
    expect(mostRecent(Images!).BlockDeviceMappings![0]!.Ebs!.SnapshotId).toMatch(/^snap-[0-9a-f]{17}$/);
  });

  test('owner aliases, ? wildcards, OR within and AND across filters', async () => {
    const amazon = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['amzn2-ami-hvm-2.0.????????.0-x86_64-gp2'] }] }));
    expect(amazon.Images!.length).toBe(4);
    expect(amazon.Images!.every((i) => i.ImageOwnerAlias === 'amazon' && i.OwnerId === '137112412989')).toBe(true);
    const either = await ec2.send(
      new DescribeImagesCommand({
        Filters: [
          { Name: 'name', Values: ['debian-12-*', 'al2023-ami-*'] },
          { Name: 'architecture', Values: ['arm64'] },
        ],
      }),
    );
    expect(either.Images!.length).toBe(6);
    expect(either.Images!.every((i) => i.Architecture === 'arm64')).toBe(true);
    const self = await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }));
    expect(self.Images).toEqual([]);
  });

  test('the same image has a different id in each region, stable across calls', async () => {
    const name = 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240301';
    const east = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: [name] }] }));
    const west = await ec2Client(local, 'us-west-2').send(new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: [name] }] }));
    const again = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: [name] }] }));
    expect(east.Images![0]!.ImageId).not.toBe(west.Images![0]!.ImageId);
    expect(again.Images![0]!.ImageId).toBe(east.Images![0]!.ImageId);
  });

  test('pagination with MaxResults and NextToken returns every image once', async () => {
    const all = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['synthetic/*'] }] }));
    expect(all.Images!.length).toBe(60);
    const paged: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeImages({ client: ec2, pageSize: 25 }, { Filters: [{ Name: 'name', Values: ['synthetic/*'] }] })) {
      pages++;
      paged.push(...page.Images!.map((i) => i.ImageId!));
    }
    expect(pages).toBe(3);
    expect(paged).toEqual(all.Images!.map((i) => i.ImageId));
  });

  test('errors: unknown and malformed ids, unknown filters, bad owners', async () => {
    expect((await awsError(ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] })))).name).toBe('InvalidAMIID.NotFound');
    const malformed = await awsError(ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-nope'] })));
    expect(malformed.name).toBe('InvalidAMIID.Malformed');
    expect(malformed.$metadata.httpStatusCode).toBe(400);
    expect((await awsError(ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'colour', Values: ['blue'] }] })))).name).toBe('InvalidParameterValue');
    expect((await awsError(ec2.send(new DescribeImagesCommand({ Owners: ['someone'] })))).name).toBe('InvalidUserID.Malformed');
  });
});

describe('building, copying and sharing an image', () => {
  test('CreateImage → available (waiters) → CopyImage encrypted to us-west-2 → share → deregister', async () => {
    const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['099720109477'], Filters: [{ Name: 'name', Values: ['ubuntu/images/*ubuntu-noble-24.04-amd64-server-*'] }] }));
    const source = mostRecent(Images!);
    const run = await ec2.send(new RunInstancesCommand({ ImageId: source.ImageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }));
    const instanceId = run.Instances![0]!.InstanceId!;
    await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [instanceId] });
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    await waitUntilInstanceStopped(waiter(ec2), { InstanceIds: [instanceId] });

    const created = await ec2.send(
      new CreateImageCommand({
        InstanceId: instanceId,
        Name: 'packer-example 1',
        Description: 'built',
        TagSpecifications: [
          { ResourceType: 'image', Tags: [{ Key: 'Base', Value: source.Name! }] },
          { ResourceType: 'snapshot', Tags: [{ Key: 'Kind', Value: 'root' }] },
        ],
      }),
    );
    const imageId = created.ImageId!;
    const pending = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
    expect(pending.Images![0]!.State).toBe('pending');
    await waitUntilImageAvailable(waiter(ec2), { ImageIds: [imageId] });
    const [image] = (await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images!;
    expect(image).toMatchObject({ Name: 'packer-example 1', OwnerId: local.accountId, Public: false, Architecture: 'x86_64', RootDeviceName: '/dev/sda1' });
    expect(image!.Tags).toEqual([{ Key: 'Base', Value: source.Name }]);
    const snapshotId = image!.BlockDeviceMappings![0]!.Ebs!.SnapshotId!;
    await waitUntilSnapshotCompleted(waiter(ec2), { SnapshotIds: [snapshotId] });
    const snapshot = (await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId] }))).Snapshots![0]!;
    expect(snapshot).toMatchObject({ State: 'completed', Progress: '100%', OwnerId: local.accountId, VolumeSize: 8, Tags: [{ Key: 'Kind', Value: 'root' }] });
    expect(machines.byInstance(instanceId)!.events).toEqual(['start', 'stop', 'capture']);
    expect((await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images!.map((i) => i.ImageId)).toEqual([imageId]);

    // The image's disk is the captured layer over its source: a launch from it gets both.
    const relaunch = await ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }));
    const relaunchId = relaunch.Instances![0]!.InstanceId!;
    await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [relaunchId] });
    const layers = machines.byInstance(relaunchId)!.spec.layers;
    expect(layers).toHaveLength(1);
    expect(layers[0]).toContain(instanceId);
    expect(machines.byInstance(relaunchId)!.spec.defaultUser).toBe('ubuntu');

    expect((await awsError(ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'packer-example 1' })))).name).toBe('InvalidAMIName.Duplicate');
    expect((await awsError(ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'x' })))).name).toBe('InvalidAMIName.Malformed');

    // Copy to another region, encrypted with a key alias: new ids, shared layers.
    const west = ec2Client(local, 'us-west-2');
    const copy = await west.send(new CopyImageCommand({ SourceRegion: 'us-east-1', SourceImageId: imageId, Name: 'packer-example 1', Encrypted: true, KmsKeyId: 'alias/mykey', CopyImageTags: true }));
    const copyId = copy.ImageId!;
    expect((await awsError(ec2.send(new DescribeImagesCommand({ ImageIds: [copyId] })))).name).toBe('InvalidAMIID.NotFound');
    await waitUntilImageAvailable(waiter(west), { ImageIds: [copyId] });
    const [copied] = (await west.send(new DescribeImagesCommand({ ImageIds: [copyId] }))).Images!;
    expect(copied!.Tags).toEqual([{ Key: 'Base', Value: source.Name }]);
    const copiedEbs = copied!.BlockDeviceMappings![0]!.Ebs!;
    expect(copiedEbs.SnapshotId).not.toBe(snapshotId);
    expect(copiedEbs.Encrypted).toBe(true);
    const copiedSnapshot = (await west.send(new DescribeSnapshotsCommand({ SnapshotIds: [copiedEbs.SnapshotId!] }))).Snapshots![0]!;
    expect(copiedSnapshot.Encrypted).toBe(true);
    expect(copiedSnapshot.KmsKeyId).toMatch(/^arn:aws:kms:us-west-2:123456789012:key\/[0-9a-f-]{36}$/);
    const westRun = await west.send(new RunInstancesCommand({ ImageId: copyId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }));
    await waitUntilInstanceRunning(waiter(west), { InstanceIds: [westRun.Instances![0]!.InstanceId!] });
    expect(machines.byInstance(westRun.Instances![0]!.InstanceId!)!.spec.layers).toEqual(layers);

    // Sharing, as Packer's ami_users / snapshot_users / ami_description do it.
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: imageId, Description: { Value: `built from ${source.ImageId}` } }));
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ UserId: '210987654321' }] } }));
    const described = await ec2.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'description' }));
    expect(described.Description!.Value).toBe(`built from ${source.ImageId}`);
    const permissions = await ec2.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }));
    expect(permissions.LaunchPermissions).toEqual([{ UserId: '210987654321' }]);
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ Group: 'all' }] } }));
    expect((await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images![0]!.Public).toBe(true);
    await ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission', OperationType: 'add', UserIds: ['210987654321'] }));
    const snapshotPermissions = await ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission' }));
    expect(snapshotPermissions.CreateVolumePermissions).toEqual([{ UserId: '210987654321' }]);
    expect((await awsError(ec2.send(new ModifyImageAttributeCommand({ ImageId: source.ImageId, Description: { Value: 'mine' } })))).name).toBe('AuthFailure');

    // Clean up as Packer's force_deregister + force_delete_snapshot would.
    expect((await awsError(ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId })))).name).toBe('InvalidSnapshot.InUse');
    for (const client of [ec2, west]) {
      await client.send(new TerminateInstancesCommand({ InstanceIds: client === ec2 ? [instanceId, relaunchId] : [westRun.Instances![0]!.InstanceId!] }));
    }
    await waitUntilInstanceTerminated(waiter(ec2), { InstanceIds: [instanceId, relaunchId] });
    await waitUntilInstanceTerminated(waiter(west), { InstanceIds: [westRun.Instances![0]!.InstanceId!] });
    await ec2.send(new DeregisterImageCommand({ ImageId: imageId }));
    expect((await awsError(ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] })))).name).toBe('InvalidAMIID.NotFound');
    await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
    expect((await awsError(ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId })))).name).toBe('InvalidSnapshot.NotFound');
    // The copy still uses the layer; it goes with the copy.
    expect(existsSync(layers[0]!)).toBe(true);
    await west.send(new DeregisterImageCommand({ ImageId: copyId }));
    await west.send(new DeleteSnapshotCommand({ SnapshotId: copiedEbs.SnapshotId! }));
    expect(existsSync(layers[0]!)).toBe(false);
    expect(local.liveResources()).toEqual([]);
  });

  test('CreateImage of a pending instance is InvalidParameterValue "Instance is not in state"; CopyImage of an unknown image is NotFound', async () => {
    const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-*-x86_64'] }] }));
    const run = await ec2.send(new RunInstancesCommand({ ImageId: Images![0]!.ImageId, MinCount: 1, MaxCount: 1 }));
    const instanceId = run.Instances![0]!.InstanceId!;
    const tooEarly = await awsError(ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'too-early' })));
    expect(tooEarly.name).toBe('InvalidParameterValue');
    expect(tooEarly.message).toContain('Instance is not in state');
    const copy = ec2Client(local, 'eu-west-1').send(new CopyImageCommand({ SourceRegion: 'us-east-1', SourceImageId: 'ami-0123456789abcdef0', Name: 'copy' }));
    expect((await awsError(copy)).name).toBe('InvalidAMIID.NotFound');
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    await waitUntilInstanceTerminated(waiter(ec2), { InstanceIds: [instanceId] });
    expect(local.liveResources()).toEqual([]);
  });
});

describe('encrypted copies and the endpoint KMS keys', () => {
  test('CopyImage names the key the KMS service knows by alias; an unknown key fails the call and leaves nothing', async () => {
    const { kmsKeys } = createNonEc2Services();
    const key = kmsKeys.create({ region: 'eu-west-1', alias: 'alias/mykey' });
    const withKms = await startFast({ kmsKeys });
    try {
      const east = ec2Client(withKms);
      const west = ec2Client(withKms, 'eu-west-1');
      const { Images } = await east.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.1.20240610.0-kernel-6.1-x86_64'] }] }));
      const copy = await west.send(new CopyImageCommand({ SourceRegion: 'us-east-1', SourceImageId: Images![0]!.ImageId, Name: 'encrypted-al2023', Encrypted: true, KmsKeyId: 'alias/mykey' }));
      await waitUntilImageAvailable(waiter(west), { ImageIds: [copy.ImageId!] });
      const snapshotId = (await west.send(new DescribeImagesCommand({ ImageIds: [copy.ImageId!] }))).Images![0]!.BlockDeviceMappings![0]!.Ebs!.SnapshotId!;
      const snapshot = (await west.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId] }))).Snapshots![0]!;
      expect(snapshot).toMatchObject({ Encrypted: true, KmsKeyId: key.arn });
      const unknown = west.send(new CopyImageCommand({ SourceRegion: 'us-east-1', SourceImageId: Images![0]!.ImageId, Name: 'other', Encrypted: true, KmsKeyId: 'alias/nope' }));
      expect((await awsError(unknown)).name).toBe('InvalidParameterValue');
      expect(withKms.liveResources().map((r) => r.kind).sort()).toEqual(['image', 'snapshot']);
    } finally {
      await withKms.stop();
    }
  });
});
