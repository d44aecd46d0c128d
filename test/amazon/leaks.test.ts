// Issue 7's leak acceptance, through the bundled CLI. Two amazon-ebs templates, each copied to two more regions:
// "shared" (launch and snapshot permissions, tags) and "encrypted" (encrypt_boot: an intermediary AMI copied to an
// encrypted one in the build region, then deregistered; an extra launch volume). Each is built once to learn every
// (region, action) it calls; then, for each of those, a build in which that call fails (the first such call, or the
// first in a later phase: the waits after StopInstances, CreateImage, CopyImage and TerminateInstances, the tag
// step's describe, the snapshot tags) with a non-retryable error (UnauthorizedOperation, HTTP 403, what a missing
// IAM permission gets), and builds interrupted by SIGINT and by SIGTERM at each step (the signal sent while the
// step's first call is in flight, held there by 300 ms of latency, or when the output shows the SSH wait or the
// provisioner started). After each: the exit code is Packer's (1 for a failed or interrupted build; 0 when only a
// cleanup call failed, as Packer, or a retried call succeeded), and ec2-local's live resources hold no instance
// that is not terminated, no key pair, security group or volume, and no AMI or snapshot but those of a successful
// build's artifact, in any region.
// Builds run on LANES local clouds at once (a fault is global to its cloud), each reset between builds.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { createdAmis, killRunningClis, startCli, type CliResult } from './support/cli.js';
import { ec2Client } from './support/instances.js';
import { Lanes } from './support/lanes.js';
import { describeResources, images, temporaries, type TestCloud } from './support/local-cloud.js';
import { type LoggedCall } from './support/request-log.js';

const LANES = 4;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const BUILD_TIMEOUT_MS = 40_000;
const CASE_TIMEOUT_MS = 58_000;

type Variant = 'shared' | 'encrypted';

function template(variant: Variant): string {
  const extra =
    variant === 'shared'
      ? ['ami_users      = ["123456789012"]', 'snapshot_users = ["123456789012"]']
      : [
          'encrypt_boot   = true',
          'launch_block_device_mappings {\n    device_name           = "/dev/sdf"\n    volume_size           = 2\n    volume_type           = "gp3"\n    delete_on_termination = true\n  }',
        ];
  return `
source "amazon-ebs" "leaks" {
  region         = "us-east-1"
  ami_regions    = ["us-west-2", "eu-west-1"]
  ami_name       = "tspacker-leaks-{{timestamp}}"
  instance_type  = "t3.micro"
  ssh_username   = "ubuntu"
  ${extra.join('\n  ')}
  source_ami_filter {
    filters = {
      name = "ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*"
    }
    owners      = ["099720109477"]
    most_recent = true
  }
  tags = {
    Name = "tspacker-leaks"
  }
  snapshot_tags = {
    Purpose = "leak-test"
  }
}

build {
  sources = ["source.amazon-ebs.leaks"]

  provisioner "shell" {
    inline = ["echo leak-test: provisioning", "sleep 0.3", "echo leak-test: provisioned"]
  }
}
`;
}

let lanes: Lanes;

beforeAll(async () => {
  lanes = await Lanes.start('leaks', LANES, 20);
  for (const lane of lanes.all) {
    for (const variant of ['shared', 'encrypted'] as const) writeFileSync(path.join(lane.dir, `${variant}.pkr.hcl`), template(variant));
  }
}, 30_000);

afterAll(async () => {
  await killRunningClis();
  await lanes?.stop();
});

function build(lane: TestCloud, variant: Variant): ReturnType<typeof startCli> {
  return startCli(['build', '-color=false', `${variant}.pkr.hcl`], { cwd: lane.dir, env: lane.env, timeoutMs: BUILD_TIMEOUT_MS });
}

function failureText(result: CliResult, calls: readonly LoggedCall[]): string {
  return `exit ${result.code} (signal ${result.signal}, timed out ${result.timedOut}, ${result.ms} ms)\n${result.stdout}\n${result.stderr}\ncalls:\n${calls
    .map((c) => `${c.region} ${c.action} ${c.status}${c.errorCode ? ` ${c.errorCode}` : ''}${c.injected ? ` (${c.injected})` : ''}`)
    .join('\n')}`;
}

/**
 * A build that failed or was interrupted left nothing at all; one that succeeded left exactly its artifact's AMIs
 * (one per region) and their snapshots (an intermediary AMI and its snapshots are gone too). A failure shows the
 * whole run (output and calls): what was left, and why.
 */
async function expectNothingLeft(lane: TestCloud, result: CliResult, calls: readonly LoggedCall[]): Promise<void> {
  const problems: string[] = [];
  const left = describeResources(temporaries(lane.cloud));
  if (left.length > 0) problems.push(`temporary resources left:\n  ${left.join('\n  ')}`);
  const live = images(lane.cloud);
  if (result.code === 0) {
    const amis = createdAmis(result.stdout);
    const artifact = [...amis].map(([region, ami]) => `${region} image ${ami}`);
    if ([...amis.keys()].sort().join() !== [...REGIONS].sort().join()) problems.push(`the artifact lists ${artifact.join(', ')}`);
    // The artifact's AMIs and the snapshots they are made of, as EC2 describes them.
    const expected = [...artifact];
    for (const [region, ami] of amis) {
      const { Images } = await ec2Client(lane.cloud.endpoint, region, lane.env).send(new DescribeImagesCommand({ ImageIds: [ami] }));
      for (const mapping of Images?.[0]?.BlockDeviceMappings ?? []) if (mapping.Ebs?.SnapshotId) expected.push(`${region} snapshot ${mapping.Ebs.SnapshotId}`);
    }
    const extra = describeResources(live).filter((r) => !expected.includes(r));
    if (extra.length > 0) problems.push(`AMIs or snapshots that are not the artifact's:\n  ${extra.join('\n  ')}`);
  } else if (live.length > 0) {
    problems.push(`AMIs or snapshots of the failed build left:\n  ${describeResources(live).join('\n  ')}`);
  }
  // Errors are messages, never stack traces.
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(result.stdout + result.stderr)) problems.push('a stack trace in the output');
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n\n${failureText(result, calls)}`);
}

/** Fails with the whole run shown when `ok` is false. */
function check(ok: boolean, what: string, result: CliResult, calls: readonly LoggedCall[]): void {
  if (!ok) throw new Error(`${what}\n\n${failureText(result, calls)}`);
}

// ----- The reference builds: every (region, action) they call -----

const COPY_REGION_CALLS = ['CopyImage', 'DescribeImages', 'CreateTags'];
const BUILD_REGION_CALLS = [
  'sts:GetCallerIdentity', 'DescribeRegions', 'DescribeInstanceTypes', 'DescribeImages', 'CreateKeyPair', 'CreateSecurityGroup', 'DescribeSecurityGroups',
  'AuthorizeSecurityGroupIngress', 'RunInstances', 'DescribeInstances', 'StopInstances', 'CreateImage', 'CreateTags',
  'TerminateInstances', 'DescribeVolumes', 'DeleteSecurityGroup', 'DeleteKeyPair',
];

/** What each reference build calls, per region (service `sts` marked). The fault cases below cover each. */
const EXPECTED_CALLS: Readonly<Record<Variant, Readonly<Record<string, readonly string[]>>>> = {
  shared: {
    'us-east-1': [...BUILD_REGION_CALLS, 'ModifyImageAttribute', 'ModifySnapshotAttribute'],
    'us-west-2': [...COPY_REGION_CALLS, 'ModifyImageAttribute', 'ModifySnapshotAttribute'],
    'eu-west-1': [...COPY_REGION_CALLS, 'ModifyImageAttribute', 'ModifySnapshotAttribute'],
  },
  // The intermediary AMI is copied (encrypted) in the build region, then deregistered with its snapshots.
  encrypted: {
    'us-east-1': [...BUILD_REGION_CALLS, 'CopyImage', 'DeregisterImage', 'DeleteSnapshot'],
    'us-west-2': COPY_REGION_CALLS,
    'eu-west-1': COPY_REGION_CALLS,
  },
};

function calledActions(calls: readonly LoggedCall[]): Record<string, string[]> {
  const called: Record<string, string[]> = {};
  for (const c of calls) {
    const name = c.service === 'ec2' ? c.action : `${c.service}:${c.action}`;
    const list = (called[c.region] ??= []);
    if (!list.includes(name)) list.push(name);
  }
  for (const list of Object.values(called)) list.sort();
  return called;
}

test.concurrent.each(['shared', 'encrypted'] as const)(
  'the reference %s build succeeds, makes AMIs in three regions, leaves nothing else, and calls what the cases cover',
  async (variant) => {
    await lanes.with(async (lane) => {
      const result = await build(lane, variant).exited;
      const calls = await lane.log.since();
      check(result.code === 0, `exit ${result.code}`, result, calls);
      await expectNothingLeft(lane, result, calls);
      const expected = Object.fromEntries(Object.entries(EXPECTED_CALLS[variant]).map(([region, list]) => [region, [...list].sort()]));
      expect(calledActions(calls)).toEqual(expected);
    });
  },
  CASE_TIMEOUT_MS,
);

// ----- A failing call -----

interface FaultCase {
  /** The template (default: shared); an action both call is failed in the shared one. */
  readonly variant?: Variant;
  readonly region: string;
  /** `sts:GetCallerIdentity` for another service. */
  readonly call: string;
  /** Fail the Nth call (default 1)... */
  readonly nth?: number;
  /** ...counted from the arrival of this call (same region), to reach a later phase. */
  readonly after?: string;
  /** Packer's exit code for it; 'either' for polls a waiter may retry (the resources must match the code). */
  readonly exit: 0 | 1 | 'either';
  readonly why: string;
}

const RUN = 'the build fails';
const CLEANUP = 'a cleanup call: the build has its artifact (Packer: 0), the cleanup must still remove everything';
const POLL = 'a poll: retried or failing, the outcome must match what is left';

const FAULT_CASES: readonly FaultCase[] = [
  { region: 'us-east-1', call: 'sts:GetCallerIdentity', exit: 1, why: RUN },
  { region: 'us-east-1', call: 'DescribeRegions', exit: 1, why: RUN },
  {
    region: 'us-east-1',
    call: 'DescribeInstanceTypes',
    exit: 0,
    why: "tspacker's early check of instance_type gives way to RunInstances when it cannot ask (no permission)",
  },
  { region: 'us-east-1', call: 'DescribeImages', exit: 1, why: `${RUN} (the AMI name check)` },
  { region: 'us-east-1', call: 'DescribeImages', nth: 2, exit: 1, why: `${RUN} (the source AMI lookup)` },
  { region: 'us-east-1', call: 'CreateKeyPair', exit: 0, why: 'Packer retries CreateKeyPair on any error' },
  { region: 'us-east-1', call: 'CreateSecurityGroup', exit: 1, why: RUN },
  { region: 'us-east-1', call: 'DescribeSecurityGroups', exit: 'either', why: POLL },
  { region: 'us-east-1', call: 'AuthorizeSecurityGroupIngress', exit: 1, why: RUN },
  { region: 'us-east-1', call: 'RunInstances', exit: 1, why: RUN },
  { region: 'us-east-1', call: 'DescribeInstances', exit: 'either', why: `${POLL} (waiting for running)` },
  { region: 'us-east-1', call: 'StopInstances', exit: 1, why: RUN },
  { region: 'us-east-1', call: 'DescribeInstances', after: 'StopInstances', exit: 'either', why: `${POLL} (waiting for stopped)` },
  { region: 'us-east-1', call: 'CreateImage', exit: 1, why: RUN },
  { region: 'us-east-1', call: 'DescribeImages', after: 'CreateImage', exit: 'either', why: `${POLL} (waiting for the AMI)` },
  { region: 'us-east-1', call: 'ModifyImageAttribute', exit: 1, why: RUN },
  { region: 'us-east-1', call: 'ModifySnapshotAttribute', exit: 1, why: RUN },
  { region: 'us-east-1', call: 'DescribeImages', after: 'ModifySnapshotAttribute', exit: 1, why: `${RUN} (the tag step's describe)` },
  { region: 'us-east-1', call: 'CreateTags', exit: 1, why: `${RUN} (AMI tags)` },
  { region: 'us-east-1', call: 'CreateTags', nth: 2, exit: 1, why: `${RUN} (snapshot tags)` },
  { region: 'us-east-1', call: 'TerminateInstances', exit: 0, why: CLEANUP },
  { region: 'us-east-1', call: 'DescribeInstances', after: 'TerminateInstances', exit: 0, why: `${CLEANUP} (waiting for terminated)` },
  { region: 'us-east-1', call: 'DescribeVolumes', exit: 0, why: CLEANUP },
  { region: 'us-east-1', call: 'DeleteSecurityGroup', exit: 0, why: `${CLEANUP} (Packer retries it)` },
  { region: 'us-east-1', call: 'DeleteKeyPair', exit: 0, why: CLEANUP },
  ...['us-west-2', 'eu-west-1'].flatMap((region): FaultCase[] => [
    { region, call: 'CopyImage', exit: 1, why: RUN },
    { region, call: 'DescribeImages', exit: 'either', why: `${POLL} (waiting for the copy)` },
    { region, call: 'ModifyImageAttribute', exit: 1, why: RUN },
    { region, call: 'ModifySnapshotAttribute', exit: 1, why: RUN },
    { region, call: 'CreateTags', exit: 1, why: RUN },
  ]),
  { variant: 'encrypted', region: 'us-east-1', call: 'CopyImage', exit: 1, why: `${RUN} (the encrypted copy of the intermediary AMI)` },
  { variant: 'encrypted', region: 'us-east-1', call: 'DescribeImages', after: 'CopyImage', exit: 'either', why: `${POLL} (waiting for the encrypted copy)` },
  { variant: 'encrypted', region: 'us-east-1', call: 'DeregisterImage', exit: 0, why: `${CLEANUP} (the intermediary AMI; Packer retries it)` },
  { variant: 'encrypted', region: 'us-east-1', call: 'DeleteSnapshot', exit: 0, why: `${CLEANUP} (the intermediary's snapshots; Packer retries it)` },
];

test('the fault cases fail the first call of every (region, action) of the reference builds, each once', () => {
  const firstCalls = FAULT_CASES.filter((c) => c.nth === undefined && c.after === undefined).map((c) => `${c.region} ${c.call}`);
  const expected = new Set(Object.values(EXPECTED_CALLS).flatMap((byRegion) => Object.entries(byRegion).flatMap(([region, calls]) => calls.map((call) => `${region} ${call}`))));
  expect([...firstCalls].sort()).toEqual([...expected].sort());
  // A variant's own case is for an action only that variant calls.
  for (const c of FAULT_CASES) expect(EXPECTED_CALLS[c.variant ?? 'shared'][c.region]).toContain(c.call);
});

function faultName(c: FaultCase): string {
  const which = c.after ? `the first after ${c.after}` : c.nth ? `call ${c.nth}` : 'the first call';
  return `${c.variant ?? 'shared'}: ${c.region} ${c.call} (${which}) fails: exit ${c.exit}, nothing left — ${c.why}`;
}

test.concurrent.each(FAULT_CASES.map((c) => [faultName(c), c] as const))('%s', async (_name, c) => {
  await lanes.with(async (lane) => {
    const [service, action] = c.call.includes(':') ? c.call.split(':') as [string, string] : ['ec2', c.call];
    const fault = {
      action,
      service,
      region: c.region,
      nth: c.nth ?? 1,
      code: service === 'sts' ? 'AccessDenied' : 'UnauthorizedOperation',
      status: 403,
      message: 'You are not authorized to perform this operation.',
    };
    const operations = lane.cloud.operations;
    let stopObserving = () => {};
    if (c.after) {
      let armed = false;
      stopObserving = operations.observe((call) => {
        if (!armed && call.action === c.after && call.region === c.region) {
          armed = true;
          operations.addFault(fault);
        }
      });
    } else {
      operations.addFault(fault);
    }
    const result = await build(lane, c.variant ?? 'shared').exited;
    stopObserving();
    const calls = await lane.log.since();
    // The fault did happen (a build that never reached the call tests nothing).
    check(calls.some((call) => call.injected === 'fault' && call.action === action && call.region === c.region), 'the fault was never injected', result, calls);
    check(c.exit === 'either' ? result.code === 0 || result.code === 1 : result.code === c.exit, `expected exit ${c.exit}, got ${result.code}`, result, calls);
    if (result.code === 1) check(result.stdout.includes('You are not authorized to perform this operation.'), 'the error is not shown', result, calls);
    await expectNothingLeft(lane, result, calls);
  });
}, CASE_TIMEOUT_MS);

// ----- An interrupted build -----

interface Step {
  readonly variant?: Variant;
  readonly step: string;
  /** Signal while this call (first in its region, or first after `after`) is in flight... */
  readonly call?: { readonly action: string; readonly region?: string; readonly after?: string };
  /** ...or once the output shows this. */
  readonly output?: RegExp;
}

const STEPS: readonly Step[] = [
  { step: 'the AMI name check', call: { action: 'DescribeImages' } },
  { step: 'the temporary key pair', call: { action: 'CreateKeyPair' } },
  { step: 'the temporary security group', call: { action: 'CreateSecurityGroup' } },
  { step: 'the ingress rule', call: { action: 'AuthorizeSecurityGroupIngress' } },
  { step: 'the launch', call: { action: 'RunInstances' } },
  { step: 'the wait for running', call: { action: 'DescribeInstances' } },
  { step: 'the wait for SSH', output: /Waiting for SSH to become available/ },
  { step: 'the provisioner', output: /leak-test: provisioning/ },
  { step: 'the stop', call: { action: 'StopInstances' } },
  { step: 'the AMI creation', call: { action: 'CreateImage' } },
  { step: 'the wait for the AMI', call: { action: 'DescribeImages', after: 'CreateImage' } },
  { step: 'the copy', call: { action: 'CopyImage', region: 'us-west-2' } },
  { step: 'the wait for the copy', call: { action: 'DescribeImages', region: 'eu-west-1' } },
  { step: 'the launch permissions', call: { action: 'ModifyImageAttribute', region: 'us-east-1' } },
  { step: 'the snapshot permissions', call: { action: 'ModifySnapshotAttribute', region: 'us-east-1' } },
  { step: 'the tags', call: { action: 'CreateTags', region: 'us-east-1' } },
  { variant: 'encrypted', step: 'the encrypted copy', call: { action: 'CopyImage', region: 'us-east-1' } },
  { variant: 'encrypted', step: 'the wait for the encrypted copy', call: { action: 'DescribeImages', region: 'us-east-1', after: 'CopyImage' } },
];

const SIGNAL_CASES = (['SIGINT', 'SIGTERM'] as const).flatMap((signal) =>
  STEPS.map((s) => [`${s.variant ?? 'shared'}: ${signal} during ${s.step}: exit 1, nothing left`, signal, s] as const),
);

test.concurrent.each(SIGNAL_CASES)('%s', async (_name, signal, s) => {
  await lanes.with(async (lane) => {
    const operations = lane.cloud.operations;
    // The step's call is held 300 ms, so the signal arrives while it is in flight.
    if (s.call) operations.setLatency({ ms: 300, action: s.call.action });
    const run = build(lane, s.variant ?? 'shared');
    let sent = false;
    const send = () => {
      if (sent) return;
      sent = true;
      run.child.kill(signal);
    };
    let stopObserving = () => {};
    if (s.call) {
      const { action, region = 'us-east-1', after } = s.call;
      let armed = after === undefined;
      stopObserving = operations.observe((call) => {
        if (call.region !== region) return;
        if (call.action === after) armed = true;
        else if (armed && call.action === action) send();
      });
    } else {
      run.waitForOutput(s.output!, BUILD_TIMEOUT_MS).then(send, () => {});
    }
    const result = await run.exited;
    stopObserving();
    const calls = await lane.log.since();
    check(sent, 'the step was never reached', result, calls);
    check(result.code === 1, `expected exit 1, got ${result.code}`, result, calls);
    // Packer's words (Go's names of the signals), and its last line for an interrupted run.
    check(result.stdout.includes(`Cancelling build after receiving ${signal === 'SIGINT' ? 'interrupt' : 'terminated'}\n`), 'no "Cancelling build"', result, calls);
    check(/\nCleanly cancelled builds after being interrupted\.\n$/.test(result.stdout), 'no "Cleanly cancelled builds" at the end', result, calls);
    await expectNothingLeft(lane, result, calls);
  });
}, CASE_TIMEOUT_MS);
