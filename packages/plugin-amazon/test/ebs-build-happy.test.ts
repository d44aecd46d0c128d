// A whole amazon-ebs build against the local cloud with real machines: two extra regions, sharing, tags and
// snapshot tags rendered with build data, block device mappings — the calls of the reference capture (Packer
// 1.6.6, reference §1.3/§1.4) in each region's order, the artifact's format, the AMIs' attributes, and nothing of
// the build left but its AMIs and snapshots.
import path from 'node:path';
import { DescribeImageAttributeCommand, DescribeImagesCommand, DescribeSnapshotAttributeCommand, DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';
import { EBS_BUILDER_ID } from '../src/ebs/artifact-id.js';
import { actionsIn, ebsTemplate, ec2Client, loggedCalls, startTestCloud, tspackerBuild, type TestCloud } from './ebs-build-harness.js';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud('ebs-build-happy');
});

afterAll(async () => {
  await t?.stop();
});

/** Consecutive repeats (waiter polls) as one. */
function squash(actions: readonly string[]): string[] {
  return actions.filter((a, i) => i === 0 || actions[i - 1] !== a);
}

/** The actions from the first `from` to the last `to`, squashed. */
function between(actions: readonly string[], from: string, to: string): string[] {
  return squash(actions.slice(actions.indexOf(from), actions.lastIndexOf(to) + 1));
}

const SHARE_WITH = '123456789012';

test('two extra regions, sharing, tags and block devices: the reference calls, artifact and attributes', async () => {
  const { cloud } = t;
  const hcl = ebsTemplate(cloud, [
    'ami_name = "tspacker-happy-{{timestamp}}"',
    'ami_description = "built from {{ .SourceAMI }}"',
    'ami_regions = ["us-west-2", "eu-west-1"]',
    `ami_users = ["${SHARE_WITH}"]`,
    `snapshot_users = ["${SHARE_WITH}"]`,
    'tags = {',
    '  Name   = "happy"',
    '  Source = "{{ .SourceAMI }}"',
    '}',
    'tag {',
    '  key   = "Region"',
    '  value = "{{ .BuildRegion }}"',
    '}',
    'snapshot_tags = {',
    '  Kind = "snap of {{ .SourceAMIName }}"',
    '}',
    'launch_block_device_mappings {',
    '  device_name           = "/dev/sda1"',
    '  volume_size           = 10',
    '  volume_type           = "gp3"',
    '  delete_on_termination = true',
    '}',
    'ami_block_device_mappings {',
    '  device_name           = "/dev/sdf"',
    '  volume_size           = 5',
    '  volume_type           = "gp2"',
    '  delete_on_termination = true',
    '}',
  ]);
  const started = Date.now();
  const run = await tspackerBuild(path.join(t.dir, 'happy'), hcl);
  const seconds = (Date.now() - started) / 1000;
  if (run.exitCode !== 0) throw new Error(`build failed:\n${run.lines.join('\n')}`);
  process.stdout.write(`happy build (3 regions): ${seconds.toFixed(1)} s\n`);

  // The artifact: Packer's builder id, `region:ami` sorted, "AMIs were created:" text.
  expect(run.artifacts).toHaveLength(1);
  const artifact = run.artifacts[0]!;
  expect(artifact.builderId).toBe(EBS_BUILDER_ID);
  expect(artifact.id).toMatch(/^eu-west-1:ami-[0-9a-f]+,us-east-1:ami-[0-9a-f]+,us-west-2:ami-[0-9a-f]+$/);
  const amis = new Map(artifact.id.split(',').map((p) => p.split(':') as [string, string]));
  expect(artifact.toString()).toBe(`AMIs were created:\n${[...amis].map(([r, a]) => `${r}: ${a}`).join('\n')}\n`);
  expect(artifact.state('atlas.artifact.metadata')).toEqual(Object.fromEntries([...amis].map(([r, a]) => [`region.${r}`, a])));
  expect(artifact.state('generated_data')).toMatchObject({ SourceAMIName: expect.stringContaining('ubuntu-jammy-22.04'), BuildRegion: 'us-east-1' });

  // The calls, in each region's order (waiter polls squashed), as Packer makes them — copies start once the AMI is
  // available; description and launch permission per AMI; snapshot permissions; then the tags.
  const calls = await loggedCalls(cloud);
  expect(between(actionsIn(calls, 'us-east-1'), 'StopInstances', 'CreateTags')).toEqual([
    'StopInstances',
    'DescribeInstances',
    'CreateImage',
    'DescribeImages',
    'ModifyImageAttribute',
    'ModifySnapshotAttribute',
    'DescribeImages',
    'CreateTags',
  ]);
  for (const region of ['us-west-2', 'eu-west-1']) {
    expect(squash(actionsIn(calls, region))).toEqual([
      'CopyImage',
      'DescribeImages',
      'ModifyImageAttribute',
      'ModifySnapshotAttribute',
      'DescribeImages',
      'CreateTags',
    ]);
  }
  const count = (region: string, action: string) => calls.filter((c) => c.region === region && c.action === action).length;
  for (const region of amis.keys()) {
    expect(count(region, 'ModifyImageAttribute')).toBe(2); // description, users
    expect(count(region, 'CreateTags')).toBe(2); // AMI + snapshots, then snapshot tags
  }
  // The two copies ran at the same time: the second was asked for before the first one's wait saw it available
  // (one after the other, the first copy's polls and its describe would all come before the second CopyImage).
  const copyIndexes = calls.flatMap((c, i) => (c.action === 'CopyImage' ? [i] : []));
  expect(copyIndexes).toHaveLength(2);
  const firstRegion = calls[copyIndexes[0]!]!.region;
  const firstRegionDescribes = calls.flatMap((c, i) => (c.region === firstRegion && c.action === 'DescribeImages' ? [i] : []));
  expect(copyIndexes[1]!).toBeLessThan(firstRegionDescribes[1]!);

  // Every AMI: name, description, tags rendered with the build data, shared; its snapshots tagged and shared.
  const sourceAmi = String((artifact.state('generated_data') as Record<string, unknown>)['SourceAMI']);
  const sourceName = String((artifact.state('generated_data') as Record<string, unknown>)['SourceAMIName']);
  for (const [region, ami] of amis) {
    const ec2 = ec2Client(cloud, region);
    const image = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ami] }))).Images![0]!;
    expect(image.Name).toMatch(/^tspacker-happy-\d+$/);
    expect(image.Description).toBe(`built from ${sourceAmi}`);
    expect(image.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'Name', Value: 'happy' },
        { Key: 'Source', Value: sourceAmi },
        { Key: 'Region', Value: 'us-east-1' },
      ]),
    );
    expect(image.BlockDeviceMappings!.map((m) => m.DeviceName)).toEqual(expect.arrayContaining(['/dev/sda1', '/dev/sdf']));
    const permissions = await ec2.send(new DescribeImageAttributeCommand({ ImageId: ami, Attribute: 'launchPermission' }));
    expect(permissions.LaunchPermissions).toEqual([{ UserId: SHARE_WITH }]);
    const snapshotIds = image.BlockDeviceMappings!.flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
    expect(snapshotIds.length).toBeGreaterThanOrEqual(1);
    const { Snapshots = [] } = await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: snapshotIds }));
    for (const snapshot of Snapshots) {
      expect(snapshot.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'Name', Value: 'happy' },
          { Key: 'Kind', Value: `snap of ${sourceName}` },
        ]),
      );
      const volumePermission = await ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: snapshot.SnapshotId, Attribute: 'createVolumePermission' }));
      expect(volumePermission.CreateVolumePermissions).toEqual([{ UserId: SHARE_WITH }]);
    }
  }

  // Nothing of the build is left but its AMIs and their snapshots (the instance is terminated).
  const live = cloud.liveResources();
  expect(live.filter((r) => r.kind !== 'snapshot' && r.kind !== 'image')).toEqual([]);
  expect(live.filter((r) => r.kind === 'image').map((r) => `${r.region}:${r.id}`).sort().join(',')).toBe(artifact.id);
}, 120_000);
