// The launch steps against a local cloud with real machines: from the source AMI to an SSH connection to the
// instance, Packer's messages in Packer's order, run tags rendered with the build info and the run-id tag on
// every temporary resource, generated data; the cleanups leave nothing behind.
import { DescribeInstancesCommand, DescribeKeyPairsCommand, DescribeLaunchTemplatesCommand, DescribeSecurityGroupsCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { RUN_ID_TAG } from '../src/ebs/generated-data.js';
import { ec2Client, startTestCloud, type TestCloud } from './ebs-build-harness.js';
import { launchConfig, launchState, launchSteps, probe, recordingUi, remote, run } from './launch-support.js';

let test_: TestCloud;
const tagsOf = (tags: { Key?: string; Value?: string }[] | undefined) => Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]));

beforeAll(async () => {
  test_ = await startTestCloud('launch-chain');
});

afterAll(async () => {
  await test_?.stop();
});


test('source AMI to a connected instance: Packer messages, tags, generated data; cleanup leaves nothing', async () => {
  const { cloud } = test_;
  const config = launchConfig(cloud, ['run_tags = { Owner = "built from {{ .SourceAMIName }}" }', 'run_volume_tags = { Disk = "root" }']);
  const ui = recordingUi();
  const state = await launchState(config, ui);
  const ec2 = ec2Client(cloud, 'us-east-1');
  let whoami = '';
  let seen: { instanceTags: Record<string, string>; keyTags: Record<string, string>; groupTags: Record<string, string> } | undefined;
  let ledgerKinds: string[] = [];
  const error = await run(
    [
      ...launchSteps(config),
      probe(async (s) => {
        whoami = await remote(s, 'id -un');
        const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [s.instanceId!] }))).Reservations![0]!.Instances![0]!;
        const key = (await ec2.send(new DescribeKeyPairsCommand({ KeyNames: [s.keyPair!.temporaryName!] }))).KeyPairs![0]!;
        const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [s.temporarySecurityGroupId!] }))).SecurityGroups![0]!;
        seen = { instanceTags: tagsOf(instance.Tags), keyTags: tagsOf(key.Tags), groupTags: tagsOf(group.Tags) };
        ledgerKinds = s.ledger.remaining().map((e) => e.kind);
      }),
    ],
    state,
    ui,
  );
  expect(error).toBeUndefined();
  expect(whoami).toBe('ubuntu\n');
  const image = state.sourceImage!;
  const owner = `built from ${image.Name}`;
  expect(seen!.instanceTags).toEqual({ Owner: owner, [RUN_ID_TAG]: state.runId });
  expect(seen!.keyTags).toEqual({ Owner: owner, [RUN_ID_TAG]: state.runId });
  expect(seen!.groupTags).toEqual({ Owner: owner, [RUN_ID_TAG]: state.runId });
  expect(ledgerKinds.sort()).toEqual(['instance', 'key-pair', 'security-group']);
  expect(state.generatedData).toEqual({
    BuildRegion: 'us-east-1',
    SourceAMI: image.ImageId,
    SourceAMIName: image.Name,
    SourceAMIOwner: '099720109477',
    SourceAMIOwnerName: image.ImageOwnerAlias ?? '',
    SourceAMICreationDate: image.CreationDate,
  });

  const instanceId = state.instanceId!;
  const keyName = state.keyPair!.temporaryName!;
  expect(keyName).toMatch(/^packer_[0-9a-f]{8}-/);
  const expected = [
    'Prevalidating any provided VPC information',
    `Prevalidating AMI Name: ${config.ami_name}`,
    `Found Image ID: ${image.ImageId}`,
    `Creating temporary keypair: ${keyName}`,
    expect.stringMatching(/^Creating temporary security group for this instance: packer_/),
    'Authorizing access to port 22 from [0.0.0.0/0] in the temporary security groups...',
    'Launching a source AWS instance...',
    `Adding tag: "Owner": "${owner}"`,
    'Adding tag: "Disk": "root"',
    `Instance ID: ${instanceId}`,
    `Waiting for instance (${instanceId}) to become ready...`,
    expect.stringMatching(/^Using SSH communicator to connect: 127\./),
    'Waiting for SSH to become available...',
    'Connected to SSH!',
    'Terminating the source AWS instance...',
    'Cleaning up any extra volumes...',
    'No volumes to clean up, skipping',
    'Deleting temporary security group...',
    'Deleting temporary keypair...',
  ];
  expect(ui.said).toEqual(expected);
  expect(state.ledger.remaining()).toEqual([]);
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);

test('spot_price "auto": a launch template and an instant fleet launch the instance; the cleanup deletes both', async () => {
  const { cloud } = test_;
  const config = launchConfig(cloud, ['instance_type = ""', 'spot_price = "auto"', 'spot_instance_types = ["t3.micro"]', 'spot_tags = { Purpose = "spot of {{ .SourceAMIName }}" }', 'run_volume_tags = { Disk = "root" }']);
  const ui = recordingUi();
  const state = await launchState(config, ui);
  const ec2 = ec2Client(cloud, 'us-east-1');
  let whoami = '';
  let templateTags: Record<string, string> = {};
  let volumeTags: Record<string, string>[] = [];
  const error = await run(
    [
      ...launchSteps(config),
      probe(async (s) => {
        whoami = await remote(s, 'id -un');
        const templates = (await ec2.send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates ?? [];
        templateTags = tagsOf(templates[0]?.Tags);
        const volumes = (await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [s.instanceId!] }] }))).Volumes ?? [];
        volumeTags = volumes.map((v) => tagsOf(v.Tags));
      }),
    ],
    state,
    ui,
  );
  expect(error).toBeUndefined();
  expect(whoami).toBe('ubuntu\n');
  expect(templateTags).toEqual({ Purpose: `spot of ${state.sourceImage!.Name}`, [RUN_ID_TAG]: state.runId });
  expect(volumeTags.length).toBeGreaterThan(0);
  for (const tags of volumeTags) expect(tags).toEqual({ Disk: 'root', [RUN_ID_TAG]: state.runId });
  const said = ui.said;
  const launch = said.indexOf('Launching a spot AWS instance...');
  expect(said.slice(launch, launch + 6)).toEqual([
    'Launching a spot AWS instance...',
    'Interpolating tags for spot instance...',
    'Adding tag: "Disk": "root"',
    'Loading User Data File...',
    'Creating Spot Fleet launch template...',
    expect.stringMatching(/^Created Spot Fleet launch template: lt-[0-9a-f]+$/),
  ]);
  expect(said).toContain(`Instance ID: ${state.instanceId}`);
  expect(said).toContain('Terminating the source AWS instance...');
  expect(state.ledger.remaining()).toEqual([]);
  expect((await ec2.send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates ?? []).toEqual([]);
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);
