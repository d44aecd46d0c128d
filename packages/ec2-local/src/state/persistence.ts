// The endpoint's EC2 state on disk, so that a local cloud stopped and started again still has its images, key
// pairs, security groups, volumes, snapshots and instances (with their ids). Machines do not survive a restart:
// instances that were running come back stopped (their disks are the machine host's, kept by a stop), ones
// shutting down come back terminated, and images whose capture was cut short come back failed.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { releaseVolumes } from '../ec2/volumes.js';
import type { RegionState } from './region.js';
import type { Image, Instance, KeyPair, LaunchTemplate, SecurityGroup, Snapshot, Subnet, Volume, Vpc } from './resources.js';
import type { Store } from './store.js';

const FORMAT = 'ec2-local-state/1';

type SavedInstance = Omit<Instance, 'machine' | 'machineOps'>;

interface SavedRegion {
  readonly name: string;
  readonly images: Image[];
  readonly snapshots: Snapshot[];
  readonly volumes: Volume[];
  readonly instances: SavedInstance[];
  readonly keyPairs: KeyPair[];
  readonly securityGroups: SecurityGroup[];
  readonly vpcs: Vpc[];
  readonly subnets: Subnet[];
  readonly launchTemplates: LaunchTemplate[];
  readonly clientTokens: [string, string[]][];
}

interface SavedState {
  readonly format: string;
  readonly accountId: string;
  readonly addressing: { prefix: string; next: number };
  readonly regions: SavedRegion[];
}

/** JSON with Dates, Maps and Sets kept as such. */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  if (original instanceof Date) return { $date: original.toISOString() };
  if (value instanceof Map) return { $map: [...value] };
  if (value instanceof Set) return { $set: [...value] };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = value as { $date?: string; $map?: [unknown, unknown][]; $set?: unknown[] };
    if (typeof tagged.$date === 'string') return new Date(tagged.$date);
    if (Array.isArray(tagged.$map)) return new Map(tagged.$map);
    if (Array.isArray(tagged.$set)) return new Set(tagged.$set);
  }
  return value;
}

function saveRegion(region: RegionState): SavedRegion {
  return {
    name: region.name,
    images: [...region.images.values()].filter((i) => !i.fromCatalog),
    snapshots: [...region.snapshots.values()],
    volumes: [...region.volumes.values()],
    instances: [...region.instances.values()].map(({ machine: _machine, machineOps: _ops, ...rest }) => rest),
    keyPairs: [...region.keyPairs.values()],
    securityGroups: [...region.securityGroups.values()],
    vpcs: [...region.vpcs.values()],
    subnets: [...region.subnets.values()],
    launchTemplates: [...region.launchTemplates.values()],
    clientTokens: [...region.clientTokens],
  };
}

export async function saveState(store: Store, file: string): Promise<void> {
  const state: SavedState = { format: FORMAT, accountId: store.accountId, addressing: { ...store.addressing }, regions: store.allRegions().map(saveRegion) };
  // Written aside and renamed: a crash while saving leaves the previous state.
  await writeFile(`${file}.tmp`, JSON.stringify(state, replacer), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

const RESTARTED = { code: 'Server.InternalError', message: 'Server.InternalError: the local cloud was restarted' };

function restoreRegion(region: RegionState, saved: SavedRegion): void {
  // The seeded network is replaced by the saved one (same ids as before the restart).
  region.vpcs.clear();
  region.subnets.clear();
  region.securityGroups.clear();
  for (const vpc of saved.vpcs) region.vpcs.set(vpc.id, vpc);
  for (const subnet of saved.subnets) region.subnets.set(subnet.id, subnet);
  for (const group of saved.securityGroups) region.securityGroups.set(group.id, group);
  for (const keyPair of saved.keyPairs) region.keyPairs.set(keyPair.name, keyPair);
  for (const template of saved.launchTemplates) region.launchTemplates.set(template.id, template);
  for (const [token, ids] of saved.clientTokens) region.clientTokens.set(token, ids);
  for (const volume of saved.volumes) {
    if (volume.state === 'creating') volume.state = 'available';
    region.volumes.set(volume.id, volume);
  }
  for (const snapshot of saved.snapshots) {
    if (snapshot.state === 'pending') snapshot.state = 'completed';
    region.snapshots.set(snapshot.id, snapshot);
  }
  for (const image of saved.images) {
    if (image.state === 'pending') {
      image.state = 'failed';
      image.stateReason = { ...RESTARTED };
    }
    region.addImage(image);
  }
  for (const savedInstance of saved.instances) {
    const instance: Instance = { ...savedInstance, generation: 0, machine: undefined, machineOps: Promise.resolve() };
    region.instances.set(instance.id, instance);
    if (instance.state === 'pending' || instance.state === 'running' || instance.state === 'stopping') {
      instance.state = 'stopped';
      instance.stateReason = { ...RESTARTED };
    } else if (instance.state === 'shutting-down') {
      instance.state = 'terminated';
      instance.terminatedAt = Date.now();
      releaseVolumes(region, instance.id);
    }
  }
}

/** Loads a saved state into a fresh store (its account must be the same). */
export async function loadState(store: Store, file: string): Promise<void> {
  const state = JSON.parse(await readFile(file, 'utf8'), reviver) as SavedState;
  if (state.format !== FORMAT) throw new Error(`${file}: not an ec2-local state (${String(state.format)})`);
  if (state.accountId !== store.accountId) throw new Error(`${file}: the state of account ${state.accountId}, not ${store.accountId}`);
  store.restoreAddressing(state.addressing);
  for (const saved of state.regions) restoreRegion(store.region(saved.name), saved);
}
