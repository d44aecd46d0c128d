// The EC2 resources as this endpoint keeps them (one region's worth each); the ec2/ modules render them in
// AWS's wire shapes.
import type { Machine } from '../contracts.js';

export type Tags = Map<string, string>;

export interface EbsTemplate {
  snapshotId?: string;
  volumeSize: number;
  volumeType: string;
  deleteOnTermination: boolean;
  encrypted: boolean;
  kmsKeyId?: string;
  iops?: number;
  throughput?: number;
}

/** A block device mapping of an image or a launch request. */
export interface BlockDeviceTemplate {
  deviceName: string;
  virtualName?: string;
  noDevice?: boolean;
  ebs?: EbsTemplate;
}

export type ImageState = 'pending' | 'available' | 'failed';

export interface Image {
  readonly id: string;
  name: string;
  description?: string;
  readonly ownerId: string;
  readonly ownerAlias?: string;
  state: ImageState;
  stateReason?: { code: string; message: string };
  readonly creationDate: Date;
  isPublic: boolean;
  readonly architecture: string;
  readonly rootDeviceName: string;
  readonly virtualizationType: string;
  enaSupport: boolean;
  sriovNetSupport?: string;
  readonly bootMode?: string;
  imdsSupport?: string;
  blockDevices: BlockDeviceTemplate[];
  readonly tags: Tags;
  readonly launchUserIds: Set<string>;
  readonly launchGroups: Set<string>;
  productCodes: string[];
  deprecationTime?: Date;
  deregistrationProtection?: boolean;
  readonly imageLocation: string;
  readonly platformDetails: string;
  /** The user a machine launched from it makes at first boot (cloud-init's default user). */
  readonly defaultUser: string;
  /** Layer directories, topmost first; [] is the base image. */
  layers: readonly string[];
  /** Seeded public image (never counted as a leak). */
  readonly fromCatalog: boolean;
}

export type SnapshotState = 'pending' | 'completed' | 'error';

export interface Snapshot {
  readonly id: string;
  readonly volumeId: string;
  state: SnapshotState;
  readonly startTime: Date;
  readonly ownerId: string;
  readonly volumeSize: number;
  description?: string;
  readonly encrypted: boolean;
  readonly kmsKeyId?: string;
  readonly tags: Tags;
  readonly createVolumeUserIds: Set<string>;
  readonly createVolumeGroups: Set<string>;
  readonly fromCatalog: boolean;
}

export type VolumeState = 'creating' | 'available' | 'in-use' | 'deleting';

export interface VolumeAttachment {
  readonly instanceId: string;
  readonly device: string;
  readonly attachTime: Date;
  deleteOnTermination: boolean;
}

export interface Volume {
  readonly id: string;
  readonly size: number;
  readonly snapshotId?: string;
  readonly availabilityZone: string;
  state: VolumeState;
  readonly createTime: Date;
  attachment?: VolumeAttachment;
  readonly volumeType: string;
  readonly iops?: number;
  readonly throughput?: number;
  readonly encrypted: boolean;
  readonly kmsKeyId?: string;
  readonly tags: Tags;
}

export interface KeyPair {
  readonly id: string;
  readonly name: string;
  readonly type: 'rsa' | 'ed25519';
  readonly fingerprint: string;
  /** The OpenSSH public key line a launched machine authorizes. */
  readonly publicKey: string;
  readonly createTime: Date;
  readonly tags: Tags;
}

export interface IpPermission {
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipRanges: { cidr: string; description?: string }[];
  readonly ipv6Ranges: { cidr: string; description?: string }[];
  readonly groups: { groupId: string; userId: string }[];
}

export interface SecurityGroup {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
  readonly ownerId: string;
  readonly ingress: IpPermission[];
  readonly egress: IpPermission[];
  readonly tags: Tags;
}

export interface Vpc {
  readonly id: string;
  readonly cidrBlock: string;
  readonly isDefault: boolean;
  readonly dhcpOptionsId: string;
  readonly ownerId: string;
  readonly tags: Tags;
}

export interface Subnet {
  readonly id: string;
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
  readonly defaultForAz: boolean;
  readonly mapPublicIpOnLaunch: boolean;
  readonly capacity: number;
  readonly ownerId: string;
  readonly tags: Tags;
}

export type InstanceStateName = 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';

export const INSTANCE_STATE_CODES: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export interface InstanceBlockDevice {
  readonly deviceName: string;
  readonly volumeId: string;
}

export interface Instance {
  readonly id: string;
  readonly reservationId: string;
  readonly requesterId?: string;
  readonly launchIndex: number;
  readonly imageId: string;
  instanceType: string;
  readonly keyName?: string;
  state: InstanceStateName;
  stateReason?: { code: string; message: string };
  stateTransitionReason: string;
  readonly launchTime: Date;
  readonly availabilityZone: string;
  readonly subnetId: string;
  readonly vpcId: string;
  /** Its loopback address (127.x.y.z): private and public IP at once. */
  readonly address: string;
  securityGroups: { id: string; name: string }[];
  readonly blockDevices: InstanceBlockDevice[];
  readonly rootDeviceName: string;
  readonly architecture: string;
  readonly virtualizationType: string;
  /** The image's layers at launch (they outlive a deregistration of the image). */
  readonly layers: readonly string[];
  /** The image's default user, authorized with the launch key. */
  readonly defaultUser: string;
  /** The launch key pair's public key (kept when the key pair is deleted, as on AWS). */
  readonly authorizedKeys: readonly string[];
  readonly tags: Tags;
  userData?: string;
  shutdownBehavior: 'stop' | 'terminate';
  enaSupport: boolean;
  sriovNetSupport?: string;
  readonly iamInstanceProfile?: string;
  disableApiTermination: boolean;
  readonly ebsOptimized: boolean;
  readonly clientToken?: string;
  /** `spot` for instances of a spot fleet. */
  instanceLifecycle?: 'spot';
  /** When it reached `terminated` (it stays visible to Describe* for a while). */
  terminatedAt?: number;
  /** Bumped by each state change; an older transition still in flight then leaves the state alone. */
  generation: number;
  machine?: Machine;
  /** Machine operations run one after the other (a terminate waits for a start in progress). */
  machineOps: Promise<void>;
}

export interface LaunchTemplate {
  readonly id: string;
  readonly name: string;
  /** The launch parameters (`LaunchTemplateData.*` without the prefix; RunInstances' member names). */
  readonly data: ReadonlyMap<string, string>;
  readonly createTime: Date;
  readonly createdBy: string;
  readonly tags: Tags;
}
