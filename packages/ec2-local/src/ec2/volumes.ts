// Volumes: creating → available ↔ in-use (attached to an instance) → deleted. RunInstances makes one per EBS
// block device; TerminateInstances deletes those marked deleteOnTermination and detaches the rest.
import { AwsError } from '../contracts.js';
import { compileFilters, paginate } from '../filters.js';
import type { XmlObject } from '../query/xml.js';
import { checkId, newId } from '../state/ids.js';
import type { RegionState } from '../state/region.js';
import type { Tags, Volume, VolumeAttachment } from '../state/resources.js';
import type { Store } from '../state/store.js';
import { checkTagSpecifications, lookup, OK, tagSet, tagsFor, visible, type Ec2Actions } from './context.js';

export const VOLUME_TYPES = ['standard', 'gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1'];

export interface NewVolume {
  readonly size: number;
  readonly snapshotId?: string;
  readonly availabilityZone: string;
  readonly volumeType: string;
  readonly iops?: number;
  readonly throughput?: number;
  readonly encrypted: boolean;
  readonly kmsKeyId?: string;
  readonly tags: Tags;
  /** Attached at launch: in-use at once. */
  readonly attachment?: VolumeAttachment;
}

export function addVolume(store: Store, region: RegionState, spec: NewVolume): Volume {
  const volume: Volume = {
    id: newId('vol'),
    size: spec.size,
    snapshotId: spec.snapshotId,
    availabilityZone: spec.availabilityZone,
    state: spec.attachment ? 'in-use' : 'creating',
    createTime: new Date(),
    attachment: spec.attachment,
    volumeType: spec.volumeType,
    iops: spec.iops,
    throughput: spec.throughput,
    encrypted: spec.encrypted,
    kmsKeyId: spec.kmsKeyId,
    tags: new Map(spec.tags),
  };
  region.volumes.set(volume.id, volume);
  store.created(volume.id);
  if (volume.state === 'creating') {
    void store.scheduler.sleep(store.durations.volumeCreating).then(() => {
      if (volume.state === 'creating') volume.state = 'available';
    });
  }
  return volume;
}

/** At termination: delete-on-termination volumes go, the others become available. */
export function releaseVolumes(region: RegionState, instanceId: string): void {
  for (const volume of [...region.volumes.values()]) {
    if (volume.attachment?.instanceId !== instanceId) continue;
    if (volume.attachment.deleteOnTermination) region.volumes.delete(volume.id);
    else {
      volume.attachment = undefined;
      volume.state = 'available';
    }
  }
}

function renderVolume(v: Volume): XmlObject {
  return {
    volumeId: v.id,
    size: v.size,
    snapshotId: v.snapshotId ?? '',
    availabilityZone: v.availabilityZone,
    status: v.state,
    createTime: v.createTime,
    attachmentSet: v.attachment
      ? [
          {
            volumeId: v.id,
            instanceId: v.attachment.instanceId,
            device: v.attachment.device,
            status: 'attached',
            attachTime: v.attachment.attachTime,
            deleteOnTermination: v.attachment.deleteOnTermination,
          },
        ]
      : [],
    volumeType: v.volumeType,
    iops: v.iops,
    throughput: v.throughput,
    encrypted: v.encrypted,
    kmsKeyId: v.kmsKeyId,
    multiAttachEnabled: false,
    tagSet: tagSet(v.tags),
  };
}

export const volumeActions: Ec2Actions = {
  CreateVolume(context) {
    const { params, region, store } = context;
    const zone = params.required('AvailabilityZone');
    if (!region.zones.some((z) => z.name === zone)) throw new AwsError('InvalidParameterValue', `Invalid availability zone: [${zone}]`);
    const snapshotId = params.get('SnapshotId');
    let size = params.int('Size');
    if (snapshotId !== undefined) {
      checkId('snap', snapshotId, 'InvalidSnapshotID.Malformed');
      const snapshot = lookup(context, [snapshotId], region.snapshots, 'InvalidSnapshot.NotFound', 'snapshot')[0]!;
      size ??= snapshot.volumeSize;
    }
    if (size === undefined) throw new AwsError('MissingParameter', 'The request must contain the parameter size/snapshot');
    const volumeType = params.get('VolumeType') ?? 'gp2';
    if (!VOLUME_TYPES.includes(volumeType)) throw new AwsError('InvalidParameterValue', `Value (${volumeType}) for parameter volumeType is invalid.`);
    const specifications = params.tagSpecifications();
    checkTagSpecifications(specifications, ['volume']);
    const volume = addVolume(store, region, {
      size,
      snapshotId,
      availabilityZone: zone,
      volumeType,
      iops: params.int('Iops'),
      throughput: params.int('Throughput'),
      encrypted: params.bool('Encrypted') ?? false,
      kmsKeyId: params.get('KmsKeyId'),
      tags: tagsFor(specifications, 'volume'),
    });
    // CreateVolume answers the volume's fields at the top level, without attachments.
    const { attachmentSet, ...fields } = renderVolume(volume);
    void attachmentSet;
    return fields;
  },

  DescribeVolumes(context) {
    const { params, region } = context;
    const ids = params.list('VolumeId');
    ids.forEach((id) => checkId('vol', id, 'InvalidVolumeID.Malformed'));
    const candidates = ids.length > 0 ? lookup(context, ids, region.volumes, 'InvalidVolume.NotFound', 'volume') : [...region.volumes.values()].filter((v) => visible(context, v.id));
    const matches = compileFilters(params.filters(), {
      'volume-id': (v: Volume) => v.id,
      status: (v) => v.state,
      size: (v) => v.size,
      'snapshot-id': (v) => v.snapshotId,
      'availability-zone': (v) => v.availabilityZone,
      'volume-type': (v) => v.volumeType,
      encrypted: (v) => v.encrypted,
      'create-time': (v) => v.createTime,
      'attachment.instance-id': (v) => v.attachment?.instanceId,
      'attachment.device': (v) => v.attachment?.device,
      'attachment.status': (v) => (v.attachment ? 'attached' : undefined),
      'attachment.delete-on-termination': (v) => v.attachment?.deleteOnTermination,
      'attachment.attach-time': (v) => v.attachment?.attachTime,
    }, (v) => v.tags);
    const page = paginate(candidates.filter(matches), params.int('MaxResults'), params.get('NextToken'), { min: 5, max: 500 });
    return { volumeSet: page.items.map(renderVolume), nextToken: page.nextToken };
  },

  DeleteVolume(context) {
    const id = context.params.required('VolumeId');
    checkId('vol', id, 'InvalidVolumeID.Malformed');
    const volume = lookup(context, [id], context.region.volumes, 'InvalidVolume.NotFound', 'volume')[0]!;
    if (volume.attachment) throw new AwsError('VolumeInUse', `Volume ${id} is currently attached to ${volume.attachment.instanceId}`);
    context.region.volumes.delete(id);
    return OK;
  },
};
