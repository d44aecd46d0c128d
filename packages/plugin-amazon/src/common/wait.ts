// Waiting for EC2 resources to reach a state (Packer's WaitUntil* with the acceptors of reference §3.1), paced
// adaptively: poll at once, then from 250 ms backing off with jitter to a cap, so a 2 s instance start is seen
// within a fraction of a second instead of Packer's fixed 15 s. A configured delay (aws_polling.delay_seconds or
// AWS_POLL_DELAY_SECONDS) means a fixed pace, as Packer. A NotFound right after creation is retried (eventual
// consistency); a failure state ends the wait at once; running out of time says what was awaited, the last state
// seen and for how long.
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  type EC2Client,
  type Image,
  type Instance,
  type SecurityGroup,
  type Snapshot,
} from '@aws-sdk/client-ec2';
import { abortError, formatDuration, sleepUnlessAborted, type Progress, type Ui } from '@tspacker/sdk';
import type { Polling } from '../access/session.js';
import { awsErrorCode, awsErrorText, isThrottling } from './aws-errors.js';

/** One look at the awaited resource(s). */
export type Observation<T> =
  | { readonly outcome: 'success'; readonly state: string; readonly value: T }
  | { readonly outcome: 'failure'; readonly state: string; readonly message: string }
  | { readonly outcome: 'retry'; readonly state: string };

export interface WaiterSpec<T> {
  /** The SDK waiter's name (`InstanceRunning`), for messages. */
  readonly name: string;
  /** What is awaited, e.g. `instance i-1 to be running`. */
  readonly awaited: string;
  readonly look: (signal: AbortSignal) => Promise<Observation<T>>;
  /** Error codes meaning "not visible yet": retried (eventual consistency). */
  readonly notYet?: readonly string[];
  /** Packer's limit for this waiter when none is configured (ms). */
  readonly defaultMaxWaitMs: number;
  /** The adaptive pace's slowest poll (ms). */
  readonly capMs: number;
}

/** The adaptive pace: first delay, growth factor and jitter (±). */
const FIRST_DELAY_MS = 250;
const GROWTH = 1.5;
const JITTER = 0.2;
/** Waits longer than this show a progress line with the state. */
const PROGRESS_AFTER_MS = 5_000;

/** A wait that ended without success: timed out, or the resource reached a failure state. */
export class WaitError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'failure',
    readonly waiter: string,
    readonly lastState: string,
    readonly elapsedMs: number,
  ) {
    super(message);
    this.name = 'WaitError';
  }
}

/** The delays between looks: fixed when the polling configures one, else adaptive with jitter. */
export function pollDelays(polling: Polling, capMs: number): () => number {
  if (polling.delayMs !== undefined) return () => polling.delayMs!;
  let base = FIRST_DELAY_MS;
  return () => {
    const delay = Math.min(capMs, base) * (1 - JITTER + Math.random() * 2 * JITTER);
    base = Math.min(capMs, base * GROWTH);
    return Math.round(delay);
  };
}

function elapsedText(ms: number): string {
  return formatDuration(Math.round(ms / 100) * 100);
}

/** Polls `spec.look` until success, failure, the time limit or the signal. */
export async function waitFor<T>(spec: WaiterSpec<T>, polling: Polling, signal: AbortSignal, ui?: Ui): Promise<T> {
  const started = Date.now();
  const maxWaitMs = polling.maxWaitMs ?? spec.defaultMaxWaitMs;
  const nextDelay = pollDelays(polling, spec.capMs);
  let lastState = 'not looked at yet';
  let progress: Progress | undefined;
  const finish = (outcome: string): void => progress?.done(outcome);
  try {
    for (;;) {
      if (signal.aborted) throw abortError(signal);
      let seen: Observation<T>;
      try {
        seen = await spec.look(signal);
      } catch (e) {
        if (signal.aborted) throw abortError(signal);
        const code = awsErrorCode(e);
        // Not visible yet, or throttled beyond the SDK's retries: look again later.
        if (code !== undefined && spec.notYet?.includes(code)) seen = { outcome: 'retry', state: `not found yet (${code})` };
        else if (isThrottling(e)) seen = { outcome: 'retry', state: `throttled (${awsErrorText(e)})` };
        else throw e;
      }
      lastState = seen.state;
      const elapsed = Date.now() - started;
      if (seen.outcome === 'success') {
        finish('done');
        return seen.value;
      }
      if (seen.outcome === 'failure') {
        finish('failed');
        throw new WaitError(`waiter state transitioned to Failure: ${seen.message}`, 'failure', spec.name, seen.state, elapsed);
      }
      if (ui && !progress && elapsed >= PROGRESS_AFTER_MS) progress = ui.progress(`Waiting for ${spec.awaited}`, { since: started });
      progress?.update(lastState);
      const remaining = maxWaitMs - elapsed;
      if (remaining <= 0) {
        finish('timed out');
        throw new WaitError(
          `exceeded max wait time for ${spec.name} waiter: still waiting for ${spec.awaited} after ${elapsedText(elapsed)} (last state: ${lastState})`,
          'timeout',
          spec.name,
          lastState,
          elapsed,
        );
      }
      // The last look happens at the deadline, not after it.
      await sleepUnlessAborted(Math.min(nextDelay(), remaining), signal);
    }
  } catch (e) {
    if (signal.aborted) finish('cancelled');
    throw e;
  }
}

const MINUTE = 60_000;
const INSTANCE_MAX_WAIT_MS = 10 * MINUTE;
const IMAGE_MAX_WAIT_MS = 30 * MINUTE;
const SNAPSHOT_MAX_WAIT_MS = 30 * MINUTE;
const SECURITY_GROUP_MAX_WAIT_MS = 200_000;

function ids(idOrIds: string | readonly string[]): string[] {
  return typeof idOrIds === 'string' ? [idOrIds] : [...idOrIds];
}
function describeIds(list: readonly string[]): string {
  return list.length === 1 ? list[0]! : `(${list.join(', ')})`;
}

async function describeInstances(ec2: EC2Client, instanceIds: string[], signal: AbortSignal): Promise<Instance[]> {
  const answer = await ec2.send(new DescribeInstancesCommand({ InstanceIds: instanceIds }), { abortSignal: signal });
  return (answer.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

/** `i-1: pending, i-2: running` (or the single state). */
function statesText<R>(items: readonly R[], id: (r: R) => string | undefined, state: (r: R) => string | undefined): string {
  if (items.length === 1) return state(items[0]!) ?? 'unknown';
  return items.map((r) => `${id(r)}: ${state(r) ?? 'unknown'}`).join(', ');
}

function instanceStates(
  name: string,
  target: string,
  failures: readonly string[],
  instanceIds: string[],
  ec2: EC2Client,
  goneIsSuccess: boolean,
): WaiterSpec<Instance[]> {
  return {
    name,
    awaited: `instance ${describeIds(instanceIds)} to be ${target}`,
    notYet: goneIsSuccess ? [] : ['InvalidInstanceID.NotFound'],
    defaultMaxWaitMs: INSTANCE_MAX_WAIT_MS,
    capMs: 5_000,
    async look(signal) {
      let instances: Instance[];
      try {
        instances = await describeInstances(ec2, instanceIds, signal);
      } catch (e) {
        // An instance gone from DescribeInstances is as terminated as it gets.
        if (goneIsSuccess && awsErrorCode(e) === 'InvalidInstanceID.NotFound') return { outcome: 'success', state: 'gone', value: [] };
        throw e;
      }
      const stateOf = (i: Instance): string | undefined => i.State?.Name;
      const state = statesText(instances, (i) => i.InstanceId, stateOf);
      if (instances.length < instanceIds.length) {
        if (goneIsSuccess && instances.every((i) => stateOf(i) === target)) return { outcome: 'success', state: 'gone', value: instances };
        return { outcome: 'retry', state: instances.length === 0 ? 'not found yet' : state };
      }
      const failed = instances.find((i) => failures.includes(stateOf(i) ?? ''));
      if (failed) {
        const reason = failed.StateReason?.Message ? ` (${failed.StateReason.Message})` : '';
        return { outcome: 'failure', state, message: `instance ${failed.InstanceId} is ${stateOf(failed)}${reason}` };
      }
      if (instances.every((i) => stateOf(i) === target)) return { outcome: 'success', state, value: instances };
      return { outcome: 'retry', state };
    },
  };
}

/** InstanceRunning: all `running`; any `shutting-down`, `terminated`, `stopping` fails; NotFound is retried. */
export async function waitInstanceRunning(ec2: EC2Client, instanceId: string, polling: Polling, signal: AbortSignal, ui?: Ui): Promise<Instance> {
  const spec = instanceStates('InstanceRunning', 'running', ['shutting-down', 'terminated', 'stopping'], [instanceId], ec2, false);
  const [instance] = await waitFor(spec, polling, signal, ui);
  return instance!;
}

/** InstanceStopped: all `stopped`; any `pending`, `terminated` fails. */
export async function waitInstanceStopped(ec2: EC2Client, instanceIds: string | readonly string[], polling: Polling, signal: AbortSignal, ui?: Ui): Promise<Instance[]> {
  return waitFor(instanceStates('InstanceStopped', 'stopped', ['pending', 'terminated'], ids(instanceIds), ec2, false), polling, signal, ui);
}

/** InstanceTerminated: all `terminated` (or gone); any `pending`, `stopping` fails. */
export async function waitInstanceTerminated(ec2: EC2Client, instanceIds: string | readonly string[], polling: Polling, signal: AbortSignal, ui?: Ui): Promise<Instance[]> {
  return waitFor(instanceStates('InstanceTerminated', 'terminated', ['pending', 'stopping'], ids(instanceIds), ec2, true), polling, signal, ui);
}

/**
 * ImageAvailable: `available`; `failed` ends the wait with the image's state reason (what Packer adds to "Error
 * waiting for AMI: …"); NotFound or an empty answer right after CreateImage/CopyImage is retried. Packer's limit:
 * 30 min.
 */
export async function waitImageAvailable(ec2: EC2Client, imageId: string, polling: Polling, signal: AbortSignal, ui?: Ui): Promise<Image> {
  const spec: WaiterSpec<Image> = {
    name: 'ImageAvailable',
    awaited: `AMI ${imageId} to be available`,
    notYet: ['InvalidAMIID.NotFound'],
    defaultMaxWaitMs: IMAGE_MAX_WAIT_MS,
    capMs: 5_000,
    async look(lookSignal) {
      const answer = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: lookSignal });
      const image = answer.Images?.[0];
      if (!image) return { outcome: 'retry', state: 'not found yet' };
      const state = image.State ?? 'unknown';
      if (state === 'available') return { outcome: 'success', state, value: image };
      if (state === 'failed') {
        const reason = image.StateReason;
        const text = reason ? `${reason.Code ? `${reason.Code}: ` : ''}${reason.Message ?? ''}` : 'no state reason given';
        return { outcome: 'failure', state, message: `AMI ${imageId} failed. DescribeImages returned the state reason: ${text}` };
      }
      return { outcome: 'retry', state };
    },
  };
  return waitFor(spec, polling, signal, ui);
}

/** SnapshotCompleted: all `completed`; any `error` fails (with its state message); NotFound is retried. */
export async function waitSnapshotsCompleted(ec2: EC2Client, snapshotIds: string | readonly string[], polling: Polling, signal: AbortSignal, ui?: Ui): Promise<Snapshot[]> {
  const wanted = ids(snapshotIds);
  const spec: WaiterSpec<Snapshot[]> = {
    name: 'SnapshotCompleted',
    awaited: `snapshot ${describeIds(wanted)} to be completed`,
    notYet: ['InvalidSnapshot.NotFound'],
    defaultMaxWaitMs: SNAPSHOT_MAX_WAIT_MS,
    capMs: 5_000,
    async look(lookSignal) {
      if (wanted.length === 0) return { outcome: 'success', state: 'nothing to wait for', value: [] };
      const answer = await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: wanted }), { abortSignal: lookSignal });
      const snapshots = answer.Snapshots ?? [];
      const state = statesText(snapshots, (s) => s.SnapshotId, (s) => s.State);
      if (snapshots.length < wanted.length) return { outcome: 'retry', state: snapshots.length === 0 ? 'not found yet' : state };
      const failed = snapshots.find((s) => s.State === 'error');
      if (failed) return { outcome: 'failure', state, message: `snapshot ${failed.SnapshotId} is in error${failed.StateMessage ? `: ${failed.StateMessage}` : ''}` };
      if (snapshots.every((s) => s.State === 'completed')) return { outcome: 'success', state, value: snapshots };
      return { outcome: 'retry', state };
    },
  };
  return waitFor(spec, polling, signal, ui);
}

/** SecurityGroupExists: DescribeSecurityGroups finds it; InvalidGroup.NotFound is retried (Packer: 200 s). */
export async function waitSecurityGroupExists(ec2: EC2Client, groupId: string, polling: Polling, signal: AbortSignal, ui?: Ui): Promise<SecurityGroup> {
  const spec: WaiterSpec<SecurityGroup> = {
    name: 'SecurityGroupExists',
    awaited: `security group ${groupId} to exist`,
    notYet: ['InvalidGroup.NotFound'],
    defaultMaxWaitMs: SECURITY_GROUP_MAX_WAIT_MS,
    capMs: 2_000,
    async look(lookSignal) {
      const answer = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }), { abortSignal: lookSignal });
      const group = answer.SecurityGroups?.[0];
      return group ? { outcome: 'success', state: 'exists', value: group } : { outcome: 'retry', state: 'not found yet' };
    },
  };
  return waitFor(spec, polling, signal, ui);
}
