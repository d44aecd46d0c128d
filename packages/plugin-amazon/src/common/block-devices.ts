// Block device mappings (Packer's BlockDevice / BlockDevices): the `launch_block_device_mappings` and
// `ami_block_device_mappings` blocks, their validation (BlockDevice.Prepare) and their EC2 form
// (BuildEC2BlockDeviceMapping), used by RunInstances, RequestSpotFleet and CreateImage.
import type { BlockDeviceMapping, EbsBlockDevice, VolumeType } from '@aws-sdk/client-ec2';
import { attr, goQuote, type AttrSpec, type ConfigOf, type ConfigSpec } from '@tspacker/sdk';

/** A whole number that stays `undefined` when unset (Go's `*int32` / `*int64` options, e.g. `iops`). */
export function optionalInt(doc: string): AttrSpec<number | undefined> {
  return { kind: 'attr', value: { kind: 'int' }, unsetIsUndefined: true, doc };
}

export const blockDeviceSpec = {
  device_name: attr.string({ doc: 'The device name exposed to the instance, e.g. `/dev/sdh` or `xvdh`. Required.' }),
  volume_type: attr.string({ doc: 'The volume type: `gp2`, `gp3`, `io1`, `io2`, `st1`, `sc1` or `standard`.' }),
  volume_size: attr.int({ doc: 'The size of the volume, in GiB; required unless `snapshot_id` is set.' }),
  delete_on_termination: attr.bool({ doc: 'Delete the volume when the instance terminates. Default `false`.' }),
  encrypted: attr.trilean({ doc: 'Encrypt the volume; unset keeps the snapshot / account default.' }),
  kms_key_id: attr.string({ doc: 'The KMS key for the volume; needs `encrypted` not `false`.' }),
  iops: optionalInt(
    'Provisioned IOPS: io1 (max 50 per GiB) and io2 (max 500 per GiB) 100–64000; gp3 3000–16000. Sent only for io1, io2 and gp3.',
  ),
  throughput: optionalInt('Throughput in MiB/s, gp3 only: 125–1000.'),
  snapshot_id: attr.string({ doc: 'The snapshot to create the volume from.' }),
  virtual_name: attr.string({ doc: 'An instance store volume, `ephemeral0`…`ephemeral23` (other names are ignored).' }),
  no_device: attr.bool({ doc: 'Suppress the device of the AMI mapping.' }),
} satisfies ConfigSpec;

export type BlockDevice = ConfigOf<typeof blockDeviceSpec>;

const minIops = 100;
const maxIops = 64000;
const minIopsGp3 = 3000;
const maxIopsGp3 = 16000;
const minThroughput = 125;
const maxThroughput = 1000;
/** Maximum IOPS per GiB. */
const iopsRatios: Readonly<Record<string, number>> = { io1: 50, io2: 500 };

/** BlockDevice.Prepare: the first problem of one mapping (Packer reports one per device), in Packer's words. */
export function blockDeviceError(b: BlockDevice): string | undefined {
  if (b.device_name === '') return 'The `device_name` must be specified for every device in the block device mapping.';
  if (b.kms_key_id !== '' && b.encrypted === false) {
    return `The device ${b.device_name}, must also have \`encrypted: true\` when setting a kms_key_id.`;
  }
  const ratio = iopsRatios[b.volume_type];
  if (ratio !== undefined && b.volume_size !== 0 && b.iops !== undefined) {
    // Go divides int32s: the ratio is compared after truncation.
    if (Math.trunc(b.iops / b.volume_size) > ratio) {
      return `${b.device_name}: the maximum ratio of provisioned IOPS to requested volume size (in GiB) is ${ratio}:1 for ${b.volume_type} volumes`;
    }
    if (b.iops < minIops || b.iops > maxIops) {
      return `IOPS must be between ${minIops} and ${maxIops} for device ${b.device_name}`;
    }
  }
  if (b.volume_type === 'gp3') {
    if (b.throughput !== undefined && (b.throughput < minThroughput || b.throughput > maxThroughput)) {
      return `Throughput must be between ${minThroughput} and ${maxThroughput} for device ${b.device_name}`;
    }
    if (b.iops !== undefined && (b.iops < minIopsGp3 || b.iops > maxIopsGp3)) {
      return `IOPS must be between ${minIopsGp3} and ${maxIopsGp3} for device ${b.device_name}`;
    }
  } else if (b.throughput !== undefined) {
    return `Throughput is only valid for gp3 volumes, ${goQuote(b.device_name)} is of type ${b.volume_type}`;
  }
  return undefined;
}

/** BlockDevices.Prepare: one error per invalid mapping. */
export function blockDevicesErrors(mappings: readonly BlockDevice[]): string[] {
  return mappings.map(blockDeviceError).filter((e): e is string => e !== undefined);
}

/** BuildEC2BlockDeviceMapping: NoDevice, an instance store volume, or an EBS volume with only what is set. */
export function toEc2BlockDeviceMapping(b: BlockDevice): BlockDeviceMapping {
  const mapping: BlockDeviceMapping = { DeviceName: b.device_name };
  if (b.no_device) return { ...mapping, NoDevice: '' };
  if (b.virtual_name !== '') {
    // Packer sends only instance store names; anything else leaves a bare device name.
    return b.virtual_name.startsWith('ephemeral') ? { ...mapping, VirtualName: b.virtual_name } : mapping;
  }
  const ebs: EbsBlockDevice = { DeleteOnTermination: b.delete_on_termination };
  if (b.volume_type !== '') ebs.VolumeType = b.volume_type as VolumeType;
  if (b.volume_size > 0) ebs.VolumeSize = b.volume_size;
  if (b.iops !== undefined && ['io1', 'io2', 'gp3'].includes(b.volume_type)) ebs.Iops = b.iops;
  if (b.throughput !== undefined && b.volume_type === 'gp3') ebs.Throughput = b.throughput;
  if (b.snapshot_id !== '') ebs.SnapshotId = b.snapshot_id;
  if (b.encrypted !== undefined) ebs.Encrypted = b.encrypted;
  if (b.kms_key_id !== '') ebs.KmsKeyId = b.kms_key_id;
  return { ...mapping, Ebs: ebs };
}

/** BuildEC2BlockDeviceMappings. */
export function toEc2BlockDeviceMappings(mappings: readonly BlockDevice[]): BlockDeviceMapping[] {
  return mappings.map(toEc2BlockDeviceMapping);
}
