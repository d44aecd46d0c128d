// Snapshots: pending → completed (made by CreateImage, CopyImage and CreateSnapshot), DescribeSnapshots,
// DeleteSnapshot (refused while a registered image uses it), Modify/DescribeSnapshotAttribute for sharing.
// Snapshots hold no bytes: an image's layers are its storage, shared by its copies.
import { AwsError } from '../contracts.js';
import { compileFilters, paginate } from '../filters.js';
import type { QueryParams } from '../query/params.js';
import type { XmlObject } from '../query/xml.js';
import { checkId, newId } from '../state/ids.js';
import type { RegionState } from '../state/region.js';
import type { Snapshot, Tags } from '../state/resources.js';
import type { Store } from '../state/store.js';
import { checkTagSpecifications, lookup, OK, tagSet, tagsFor, visible, type Ec2Actions, type Ec2Context } from './context.js';

export interface NewSnapshot {
  readonly volumeId: string;
  readonly volumeSize: number;
  readonly description?: string;
  readonly encrypted: boolean;
  readonly kmsKeyId?: string;
  readonly tags: Tags;
}

/** A pending snapshot and the promise of its completion (images become available no earlier). */
export function startSnapshot(store: Store, region: RegionState, spec: NewSnapshot): { snapshot: Snapshot; completed: Promise<void> } {
  const snapshot: Snapshot = {
    id: newId('snap'),
    volumeId: spec.volumeId,
    state: 'pending',
    startTime: new Date(),
    ownerId: store.accountId,
    volumeSize: spec.volumeSize,
    description: spec.description,
    encrypted: spec.encrypted,
    kmsKeyId: spec.kmsKeyId,
    tags: new Map(spec.tags),
    createVolumeUserIds: new Set(),
    createVolumeGroups: new Set(),
    fromCatalog: false,
  };
  region.snapshots.set(snapshot.id, snapshot);
  store.created(snapshot.id);
  const completed = store.scheduler.sleep(store.durations.snapshotPending).then(() => {
    if (snapshot.state === 'pending') snapshot.state = 'completed';
  });
  return { snapshot, completed };
}

function renderSnapshot(s: Snapshot): XmlObject {
  return {
    snapshotId: s.id,
    volumeId: s.volumeId,
    status: s.state,
    startTime: s.startTime,
    progress: s.state === 'completed' ? '100%' : '0%',
    ownerId: s.ownerId,
    volumeSize: s.volumeSize,
    description: s.description,
    encrypted: s.encrypted,
    kmsKeyId: s.kmsKeyId,
    storageTier: 'standard',
    tagSet: tagSet(s.tags),
  };
}

function ownerMatches(context: Ec2Context, owners: readonly string[], s: Snapshot): boolean {
  return owners.some((owner) => (owner === 'self' ? s.ownerId === context.store.accountId : s.ownerId === owner));
}

/** Applies `Add`/`Remove` of `<Prefix>.Add.N.UserId|Group`, plus the legacy `UserId.N`/`GroupName.N` form. */
export function applyPermissionChanges(params: QueryParams, prefix: string, groupListName: string, userIds: Set<string>, groups: Set<string>): boolean {
  let changed = false;
  for (const operation of ['Add', 'Remove'] as const) {
    for (const entry of params.structs(`${prefix}.${operation}`)) {
      const userId = entry.get('UserId');
      const group = entry.get('Group');
      if (userId !== undefined) operation === 'Add' ? userIds.add(userId) : userIds.delete(userId);
      if (group !== undefined) operation === 'Add' ? groups.add(group) : groups.delete(group);
      changed ||= userId !== undefined || group !== undefined;
    }
  }
  const legacyUsers = params.list('UserId');
  const legacyGroups = params.list(groupListName);
  if (legacyUsers.length + legacyGroups.length > 0) {
    // Go SDKs send the legacy lists along with the structured form; applying both is idempotent.
    const remove = params.get('OperationType') === 'remove';
    for (const userId of legacyUsers) remove ? userIds.delete(userId) : userIds.add(userId);
    for (const group of legacyGroups) remove ? groups.delete(group) : groups.add(group);
    changed = true;
  }
  return changed;
}

/** Sharing is with 12-digit account ids only. */
export function checkAccountIds(userIds: Iterable<string>): void {
  for (const userId of userIds) {
    if (!/^\d{12}$/.test(userId)) throw new AwsError('InvalidAMIAttributeItemValue', `Invalid attribute item value "${userId}" for userId item type.`);
  }
}

function findSnapshot(context: Ec2Context): Snapshot {
  const id = context.params.required('SnapshotId');
  checkId('snap', id, 'InvalidSnapshotID.Malformed');
  return lookup(context, [id], context.region.snapshots, 'InvalidSnapshot.NotFound', 'snapshot')[0]!;
}

export const snapshotActions: Ec2Actions = {
  DescribeSnapshots(context) {
    const { params, region } = context;
    const ids = params.list('SnapshotId');
    ids.forEach((id) => checkId('snap', id, 'InvalidSnapshotID.Malformed'));
    const owners = params.list('Owner').concat(params.list('OwnerId'));
    const restorableBy = params.list('RestorableBy');
    let candidates: Snapshot[];
    if (ids.length > 0) {
      candidates = lookup(context, ids, region.snapshots, 'InvalidSnapshot.NotFound', 'snapshot');
    } else {
      const account = context.store.accountId;
      candidates = [...region.snapshots.values()].filter(
        (s) => visible(context, s.id) && (s.ownerId === account || s.createVolumeUserIds.has(account) || s.createVolumeGroups.has('all')),
      );
    }
    if (owners.length > 0) candidates = candidates.filter((s) => ownerMatches(context, owners, s));
    if (restorableBy.length > 0) {
      const account = context.store.accountId;
      const restorable = (s: Snapshot, who: string) =>
        who === 'all' ? s.createVolumeGroups.has('all') : s.ownerId === account || s.createVolumeUserIds.has(who === 'self' ? account : who);
      candidates = candidates.filter((s) => restorableBy.some((who) => restorable(s, who)));
    }
    const matches = compileFilters(params.filters(), {
      'snapshot-id': (s: Snapshot) => s.id,
      status: (s) => s.state,
      'volume-id': (s) => s.volumeId,
      'volume-size': (s) => s.volumeSize,
      'owner-id': (s) => s.ownerId,
      'owner-alias': () => undefined,
      description: (s) => s.description,
      encrypted: (s) => s.encrypted,
      'kms-key-id': (s) => s.kmsKeyId,
      progress: (s) => (s.state === 'completed' ? '100%' : '0%'),
      'start-time': (s) => s.startTime,
      'storage-tier': () => 'standard',
    }, (s) => s.tags);
    const page = paginate(candidates.filter(matches), params.int('MaxResults'), params.get('NextToken'), { min: 5, max: 1000 });
    return { snapshotSet: page.items.map(renderSnapshot), nextToken: page.nextToken };
  },

  CreateSnapshot(context) {
    const { params, region, store } = context;
    const volumeId = params.required('VolumeId');
    checkId('vol', volumeId, 'InvalidVolumeID.Malformed');
    const volume = lookup(context, [volumeId], region.volumes, 'InvalidVolume.NotFound', 'volume')[0]!;
    const specifications = params.tagSpecifications();
    checkTagSpecifications(specifications, ['snapshot']);
    const { snapshot } = startSnapshot(store, region, {
      volumeId,
      volumeSize: volume.size,
      description: params.get('Description'),
      encrypted: volume.encrypted,
      kmsKeyId: volume.kmsKeyId,
      tags: tagsFor(specifications, 'snapshot'),
    });
    return renderSnapshot(snapshot);
  },

  DeleteSnapshot(context) {
    const snapshot = findSnapshot(context);
    for (const image of context.region.images.values()) {
      if (image.blockDevices.some((d) => d.ebs?.snapshotId === snapshot.id)) {
        throw new AwsError('InvalidSnapshot.InUse', `The snapshot ${snapshot.id} is currently in use by ${image.id}`);
      }
    }
    if (snapshot.ownerId !== context.store.accountId) throw new AwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    context.region.snapshots.delete(snapshot.id);
    return OK;
  },

  ModifySnapshotAttribute(context) {
    const snapshot = findSnapshot(context);
    const attribute = context.params.get('Attribute') ?? 'createVolumePermission';
    if (attribute !== 'createVolumePermission') throw new AwsError('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid.`);
    const userIds = new Set(snapshot.createVolumeUserIds);
    const groups = new Set(snapshot.createVolumeGroups);
    // GroupName.N is this call's legacy group list.
    if (!applyPermissionChanges(context.params, 'CreateVolumePermission', 'GroupName', userIds, groups)) {
      throw new AwsError('MissingParameter', 'The request must contain the parameter createVolumePermission');
    }
    checkAccountIds(userIds);
    for (const group of groups) if (group !== 'all') throw new AwsError('InvalidParameterValue', `Invalid group "${group}"`);
    snapshot.createVolumeUserIds.clear();
    userIds.forEach((u) => snapshot.createVolumeUserIds.add(u));
    snapshot.createVolumeGroups.clear();
    groups.forEach((g) => snapshot.createVolumeGroups.add(g));
    return OK;
  },

  DescribeSnapshotAttribute(context) {
    const snapshot = findSnapshot(context);
    const attribute = context.params.required('Attribute');
    if (attribute === 'createVolumePermission') {
      return {
        snapshotId: snapshot.id,
        createVolumePermission: [...[...snapshot.createVolumeUserIds].map((userId) => ({ userId })), ...[...snapshot.createVolumeGroups].map((group) => ({ group }))],
      };
    }
    if (attribute === 'productCodes') return { snapshotId: snapshot.id, productCodes: [] };
    throw new AwsError('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid.`);
  },
};

