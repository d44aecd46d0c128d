// The capture steps on their own (stop → ENA/SR-IOV → create → copy → deprecation → deregistration protection →
// attributes → tags), run by the SDK's step runner on an instance launched here, against the local cloud (without
// machines: the steps see only the API): what each option does to the AMIs, and that a failure at the end leaves
// no AMI or snapshot — not even protected ones.
import path from 'node:path';
import {
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type Image,
} from '@aws-sdk/client-ec2';
import { runSteps, type BuildContext } from '@tspacker/sdk';
import { createAwsSession } from '../src/access/create-session.js';
import { markBuildFailed } from '../src/common/destroy-amis.js';
import { RUN_ID_TAG } from '../src/common/tags.js';
import { captureSteps } from '../src/ebs/run.js';
import { newEbsState, type EbsState } from '../src/ebs/state.js';
import { ebsTemplate, ec2Client, loggedCalls, preparedEbsConfig, startTestCloud, type TestCloud } from './ebs-build-harness.js';
import { recordingUi, type RecordingUi } from './launch-support.js';

let t: TestCloud;
let n = 0;

beforeAll(async () => {
  t = await startTestCloud('capture-steps', { machines: false });
});

afterAll(async () => {
  await t?.stop();
});

/** A state as the launch steps leave it: a running instance of Canonical's image, its source image known. */
async function launchedState(extra: readonly string[], ui: RecordingUi): Promise<EbsState> {
  n++;
  const config = await preparedEbsConfig(path.join(t.dir, `config-${n}`), ebsTemplate(t.cloud, [`ami_name = "capture-${n}-{{timestamp}}"`, ...extra]));
  const session = await createAwsSession(config);
  const ec2 = session.ec2();
  const { Images = [] } = await ec2.send(new DescribeImagesCommand({ Owners: ['099720109477'], Filters: [{ Name: 'name', Values: ['ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*'] }] }));
  const source = Images.sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0]!;
  const { Instances = [] } = await ec2.send(new RunInstancesCommand({ ImageId: source.ImageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
  const instanceId = Instances[0]!.InstanceId!;
  for (let i = 0; i < 100; i++) {
    const { Reservations = [] } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    if (Reservations[0]?.Instances?.[0]?.State?.Name === 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ctx: BuildContext = {
    ui,
    signal: new AbortController().signal,
    provision: async () => {},
    connect: async () => {
      throw new Error('no connection in this test');
    },
    generateKeyPair: async () => {
      throw new Error('no key pairs in this test');
    },
  };
  return { ...newEbsState(config, session, ctx, `capture-${n}`), sourceImage: source, instanceId, instance: Instances[0] };
}

async function image(region: string, id: string): Promise<Image> {
  return (await ec2Client(t.cloud, region).send(new DescribeImagesCommand({ ImageIds: [id] }))).Images![0]!;
}

async function terminate(state: EbsState): Promise<void> {
  await state.session.ec2().send(new TerminateInstancesCommand({ InstanceIds: [state.instanceId!] }));
  state.session.destroy();
}

test('ena/sriov, deprecation, deregistration protection, groups, product codes, imds support and tags on every AMI', async () => {
  const ui = recordingUi();
  const lines = ui.lines;
  const state = await launchedState(
    [
      'ami_regions = ["us-west-2"]',
      'ena_support = true',
      'sriov_support = true',
      'deprecate_at = "2031-01-02T03:04:05Z"',
      'deregistration_protection { enabled = true }',
      'ami_groups = ["all"]',
      'imds_support = "v2.0"',
      'run_tags = { Team = "core-{{ .BuildRegion }}" }',
      'tags = {',
      '  Name = "{{ .SourceAMIName }}"',
      '  Clean = "{{ clean_resource_name \\"a:b*c\\" }}"',
      '}',
    ],
    ui,
  );
  try {
    await runSteps([...captureSteps], state, { ui: state.ctx.ui, signal: state.ctx.signal });
    expect([...state.amis.keys()].sort()).toEqual(['us-east-1', 'us-west-2']);
    expect(lines).toEqual(expect.arrayContaining(['Enabling Enhanced Networking (SR-IOV)...', 'Enabling Enhanced Networking (ENA)...', 'Attaching run tags to AMI...']));
    for (const [region, ami] of state.amis) {
      const got = await image(region, ami);
      expect(got).toMatchObject({ EnaSupport: true, SriovNetSupport: 'simple', ImdsSupport: 'v2.0', Public: true });
      expect(got.DeprecationTime).toBe('2031-01-02T03:04:05.000Z');
      // Run tags (and the run id) from CreateImage, carried to the copy by CopyImageTags; `tags` rendered with
      // the template function.
      expect(got.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'Team', Value: 'core-us-east-1' },
          { Key: RUN_ID_TAG, Value: state.runId },
          { Key: 'Name', Value: state.sourceImage!.Name! },
          { Key: 'Clean', Value: 'a-b-c' },
        ]),
      );
      const protection = await ec2Client(t.cloud, region).send(new DescribeImageAttributeCommand({ ImageId: ami, Attribute: 'deregistrationProtection' }));
      expect(protection.DeregistrationProtection?.Value).toBe('enabled');
    }
  } finally {
    await terminate(state);
  }
}, 30_000);

test('a failure after protection was enabled still removes every AMI and snapshot: the protection is lifted first', async () => {
  const ui = recordingUi();
  const lines = ui.lines;
  const state = await launchedState(['ami_regions = ["us-west-2", "eu-west-1"]', 'deregistration_protection { enabled = true }', 'tags = { Name = "x" }'], ui);
  const before = (await loggedCalls(t.cloud)).length;
  const images = () => t.cloud.liveResources().filter((r) => r.kind === 'image' || r.kind === 'snapshot');
  const existing = images();
  t.cloud.operations.addFault({ action: 'CreateTags', code: 'UnauthorizedOperation', region: 'us-west-2' });
  // What run.ts does: a failing step marks the build failed, so the cleanups remove the AMIs.
  const steps = captureSteps.map((step) => ({
    ...step,
    run: async (s: EbsState, c: Parameters<typeof step.run>[1]) => {
      try {
        return await step.run(s, c);
      } catch (e) {
        markBuildFailed(s);
        throw e;
      }
    },
  }));
  try {
    await expect(runSteps(steps, state, { ui: state.ctx.ui, signal: state.ctx.signal })).rejects.toThrow(/^Error adding tags to Resources/);
    const calls = await loggedCalls(t.cloud, before);
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      const actions = calls.filter((c) => c.region === region).map((c) => c.action);
      expect(actions.indexOf('DisableImageDeregistrationProtection')).toBeGreaterThan(-1);
      expect(actions.indexOf('DeregisterImage')).toBeGreaterThan(actions.indexOf('DisableImageDeregistrationProtection'));
    }
    expect(images()).toEqual(existing);
    expect(state.ledger.remaining()).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  } finally {
    await terminate(state);
  }
}, 30_000);

test('skip_create_ami: every capture step skips, no image is made', async () => {
  const ui = recordingUi();
  const lines = ui.lines;
  const state = await launchedState(['skip_create_ami = true', 'ami_regions = ["us-west-2"]', 'tags = { Name = "x" }', 'ami_users = ["123456789012"]'], ui);
  const before = (await loggedCalls(t.cloud)).length;
  try {
    await runSteps([...captureSteps], state, { ui: state.ctx.ui, signal: state.ctx.signal });
    expect(lines).toEqual(
      expect.arrayContaining([
        'Skipping AMI creation...',
        'Skipping AMI region copy...',
        'Skipping Enable AMI deprecation...',
        'Skipping Enable AMI deregistration protection...',
        'Skipping AMI modify attributes...',
        'Skipping AMI create tags...',
      ]),
    );
    const actions = (await loggedCalls(t.cloud, before)).map((c) => c.action);
    expect(actions).not.toContain('CreateImage');
    expect(actions).not.toContain('CopyImage');
    expect(state.amis.size).toBe(0);
  } finally {
    await terminate(state);
  }
}, 30_000);
