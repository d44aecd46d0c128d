// A local cloud of the test's own for tspacker builds (ec2-local in this process, on a free port, its state in a
// fresh directory), the environment that points the CLI's AWS SDK at it (`tspacker local-cloud env`'s variables,
// a HOME of its own so no real AWS configuration is read), and what the leak checks read from it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { localCloudEnvironment, startLocalCloud, type LiveResource, type LocalCloud } from '@tspacker/ec2-local';
import { RequestLogCursor } from './request-log.js';

/** State transitions of a few tens of ms: a build against the cloud takes seconds. */
export const FAST_DURATIONS = {
  instancePending: 50,
  instanceStopping: 50,
  instanceShuttingDown: 50,
  imagePending: 100,
  snapshotPending: 50,
  volumeCreating: 30,
};

export interface TestCloud {
  readonly cloud: LocalCloud;
  /** Scratch space of the test (templates, HOME, keys); removed by stop(). */
  readonly dir: string;
  /** The whole environment of a CLI run against this cloud (nothing inherited but PATH). */
  readonly env: Readonly<Record<string, string>>;
  readonly log: RequestLogCursor;
  /** A fresh account between runs: machines terminated, state, faults and injected behaviour cleared. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestCloudOptions {
  /** Instance addresses `<prefix>.x.y`: distinct per cloud when several run at once. */
  readonly addressPrefix?: string;
  readonly durations?: Partial<typeof FAST_DURATIONS>;
}

export async function startTestCloud(name: string, options: TestCloudOptions = {}): Promise<TestCloud> {
  // Not under /tmp: every machine mounts a tmpfs of its own there.
  mkdirSync('/var/tmp', { recursive: true });
  const dir = mkdtempSync(`/var/tmp/tspacker-${name}-`);
  const home = path.join(dir, 'home');
  mkdirSync(home);
  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud({
      stateDir: path.join(dir, 'cloud'),
      durations: { ...FAST_DURATIONS, ...options.durations },
      addressPrefix: options.addressPrefix,
      machineStartTimeoutMs: 20_000,
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CHECKPOINT_DISABLE: '1', ...localCloudEnvironment(cloud.endpoint) };
  return {
    cloud,
    dir,
    env,
    log: new RequestLogCursor(cloud),
    reset: () => cloud.reset(),
    async stop() {
      try {
        await cloud.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const TEMPORARY_KINDS = new Set(['instance', 'key-pair', 'security-group', 'volume', 'launch-template']);

/** Live resources a build must never leave: instances not terminated, key pairs, security groups, volumes. */
export function temporaries(cloud: LocalCloud): LiveResource[] {
  return cloud.liveResources().filter((r) => TEMPORARY_KINDS.has(r.kind));
}

/** AMIs and snapshots (the seeded catalog's are not live resources). */
export function images(cloud: LocalCloud): LiveResource[] {
  return cloud.liveResources().filter((r) => r.kind === 'image' || r.kind === 'snapshot');
}

/** `region kind id` lines, sorted: readable in a failed expectation. */
export function describeResources(resources: readonly LiveResource[]): string[] {
  return resources.map((r) => `${r.region} ${r.kind} ${r.id}`).sort();
}
