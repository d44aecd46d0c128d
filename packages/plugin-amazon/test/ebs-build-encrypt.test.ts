// encrypt_boot with kms_key_id and region_kms_key_ids (reference §1.5): the AMI is first made under a random
// 7-character intermediary name, copied encrypted into the build region and each extra region with the region's
// key, and the intermediary removed with its snapshots; the artifact holds only the encrypted AMIs.
import path from 'node:path';
import { DescribeImagesCommand, DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';
import { actionsIn, ebsTemplate, ec2Client, loggedCalls, startTestCloud, tspackerBuild, type TestCloud } from './ebs-build-harness.js';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud('ebs-build-encrypt');
});

afterAll(async () => {
  await t?.stop();
});

test('encrypt_boot + kms_key_id: an intermediary AMI, encrypted copies with each region\'s key, the intermediary removed', async () => {
  const { cloud } = t;
  const east = cloud.stores.kmsKeys.create({ region: 'us-east-1', alias: 'alias/tspacker-east' });
  const west = cloud.stores.kmsKeys.create({ region: 'us-west-2', alias: 'alias/tspacker-west' });
  const hcl = ebsTemplate(cloud, [
    'ami_name = "tspacker-encrypted-{{timestamp}}"',
    'ami_regions = ["us-west-2"]',
    'encrypt_boot = true',
    'kms_key_id = "alias/tspacker-east"',
    'region_kms_key_ids = { "us-west-2" = "alias/tspacker-west" }',
    'tags = { Name = "encrypted" }',
  ]);
  const run = await tspackerBuild(path.join(t.dir, 'encrypt'), hcl);
  if (run.exitCode !== 0) throw new Error(run.lines.join('\n'));

  // The intermediary: a random 7-character name, then removed.
  const creating = run.lines.find((l) => l.includes('Creating AMI '));
  expect(creating).toMatch(/Creating AMI [A-Za-z0-9]{7} from instance i-[0-9a-f]+$/);
  const intermediary = /AMI: (ami-[0-9a-f]+)/.exec(run.lines.join('\n'))![1]!;
  expect(run.lines).toContain('==> amazon-ebs.x: Deregistering the AMI and deleting unencrypted temporary AMIs and snapshots');

  const artifact = run.artifacts[0]!;
  expect(artifact.id).toMatch(/^us-east-1:ami-[0-9a-f]+,us-west-2:ami-[0-9a-f]+$/);
  expect(artifact.id).not.toContain(intermediary);
  const keys = { 'us-east-1': east.arn, 'us-west-2': west.arn } as Record<string, string>;
  for (const part of artifact.id.split(',')) {
    const [region, ami] = part.split(':') as [string, string];
    const ec2 = ec2Client(cloud, region);
    const image = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ami] }))).Images![0]!;
    expect(image.Name).toMatch(/^tspacker-encrypted-\d+$/);
    expect(image.Tags).toEqual(expect.arrayContaining([{ Key: 'Name', Value: 'encrypted' }]));
    const snapshotIds = image.BlockDeviceMappings!.flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
    const { Snapshots = [] } = await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: snapshotIds }));
    for (const snapshot of Snapshots) expect(snapshot).toMatchObject({ Encrypted: true, KmsKeyId: keys[region] });
  }

  // Build region: CreateImage, its wait, the encrypted copy, then (cleanup) the intermediary's removal.
  const calls = await loggedCalls(cloud);
  const eastActions = actionsIn(calls, 'us-east-1');
  const from = eastActions.indexOf('CreateImage');
  const squashed = eastActions.slice(from).filter((a, i, all) => i === 0 || all[i - 1] !== a);
  expect(squashed.slice(0, 4)).toEqual(['CreateImage', 'DescribeImages', 'CopyImage', 'DescribeImages']);
  const tags = squashed.lastIndexOf('CreateTags');
  expect(squashed.slice(tags + 1, tags + 5)).toEqual(['DescribeImages', 'DeregisterImage', 'DeleteSnapshot', 'TerminateInstances']);

  // Left: the two encrypted AMIs and their snapshots only.
  const live = cloud.liveResources();
  expect(live.filter((r) => r.kind === 'image').map((r) => `${r.region}:${r.id}`).sort().join(',')).toBe(artifact.id);
  expect(live.filter((r) => r.kind !== 'image' && r.kind !== 'snapshot')).toEqual([]);
  expect(live.filter((r) => r.kind === 'snapshot')).toHaveLength(2);
}, 90_000);
