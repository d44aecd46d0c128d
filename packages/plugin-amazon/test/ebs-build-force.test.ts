// force_deregister + force_delete_snapshot (reference §1.4): a second build of the same ami_name deregisters the
// first build's AMIs in every region, deletes their snapshots, and makes new ones. Without force_deregister the
// name clash stops the build before anything is created.
import path from 'node:path';
import { DescribeImagesCommand, DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';
import { actionsIn, ebsTemplate, ec2Client, loggedCalls, startTestCloud, tspackerBuild, type TestCloud } from './ebs-build-harness.js';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud('ebs-build-force');
});

afterAll(async () => {
  await t?.stop();
});

const NAME = 'tspacker-force-fixed';

test('force_deregister replaces a previous AMI of the same name, in every region, and deletes its snapshots', async () => {
  const { cloud } = t;
  const settings = [`ami_name = "${NAME}"`, 'ami_regions = ["us-west-2"]'];
  const first = await tspackerBuild(path.join(t.dir, 'first'), ebsTemplate(cloud, settings));
  if (first.exitCode !== 0) throw new Error(first.lines.join('\n'));
  const old = new Map(first.artifacts[0]!.id.split(',').map((p) => p.split(':') as [string, string]));
  const oldSnapshots = new Map<string, string[]>();
  for (const [region, ami] of old) {
    const image = (await ec2Client(cloud, region).send(new DescribeImagesCommand({ ImageIds: [ami] }))).Images![0]!;
    oldSnapshots.set(region, image.BlockDeviceMappings!.flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : [])));
  }

  // Without force: Packer's name clash, and nothing created.
  const before = (await loggedCalls(cloud)).length;
  const clash = await tspackerBuild(path.join(t.dir, 'clash'), ebsTemplate(cloud, settings));
  expect(clash.exitCode).toBe(1);
  expect([...clash.errors.values()][0]).toBe(`Error: AMI Name: '${NAME}' is used by an existing AMI: ${old.get('us-east-1')}`);
  expect((await loggedCalls(cloud, before)).map((c) => c.action)).not.toContain('RunInstances');

  const since = (await loggedCalls(cloud)).length;
  const second = await tspackerBuild(path.join(t.dir, 'second'), ebsTemplate(cloud, [...settings, 'force_deregister = true', 'force_delete_snapshot = true']));
  if (second.exitCode !== 0) throw new Error(second.lines.join('\n'));
  const fresh = new Map(second.artifacts[0]!.id.split(',').map((p) => p.split(':') as [string, string]));
  expect([...fresh.keys()]).toEqual(['us-east-1', 'us-west-2']);
  for (const [region, ami] of old) {
    expect(second.lines).toContain(`==> amazon-ebs.x: Deregistered AMI ${NAME}, id: ${ami}`);
    expect(fresh.get(region)).not.toBe(ami);
    const ec2 = ec2Client(cloud, region);
    const { Images = [] } = await ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [NAME] }] }));
    expect(Images.map((i) => i.ImageId)).toEqual([fresh.get(region)]);
    const { Snapshots = [] } = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    for (const snapshot of oldSnapshots.get(region)!) expect(Snapshots.map((s) => s.SnapshotId)).not.toContain(snapshot);
  }
  // Per region, before CreateImage: DescribeImages(name, self) → DeregisterImage → DeleteSnapshot.
  const calls = await loggedCalls(cloud, since);
  const west = actionsIn(calls, 'us-west-2');
  expect(west.slice(0, 4)).toEqual(['DescribeImages', 'DeregisterImage', 'DeleteSnapshot', 'CopyImage']);
  const east = actionsIn(calls, 'us-east-1');
  const create = east.indexOf('CreateImage');
  expect(east.slice(create - 3, create)).toEqual(['DescribeImages', 'DeregisterImage', 'DeleteSnapshot']);
}, 120_000);
