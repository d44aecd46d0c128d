// Block device mappings of RunInstances and CreateImage requests (`BlockDeviceMapping.N.*`), merged over an
// image's own mappings the way EC2 does: same device name overrides, NoDevice removes, new names add.
import { AwsError } from '../contracts.js';
import type { QueryParams } from '../query/params.js';
import type { XmlObject } from '../query/xml.js';
import type { BlockDeviceTemplate, EbsTemplate } from '../state/resources.js';
import { VOLUME_TYPES } from './volumes.js';

interface RequestedMapping {
  readonly deviceName: string;
  readonly virtualName?: string;
  readonly noDevice: boolean;
  readonly ebs?: Partial<EbsTemplate>;
}

export function requestedMappings(params: QueryParams): RequestedMapping[] {
  return params.structs('BlockDeviceMapping').map((m) => {
    const deviceName = m.required('DeviceName');
    const ebsParams = m.struct('Ebs');
    const ebs: Partial<EbsTemplate> | undefined =
      ebsParams.size > 0
        ? {
            snapshotId: ebsParams.get('SnapshotId'),
            volumeSize: ebsParams.int('VolumeSize'),
            volumeType: ebsParams.get('VolumeType'),
            deleteOnTermination: ebsParams.bool('DeleteOnTermination'),
            encrypted: ebsParams.bool('Encrypted'),
            kmsKeyId: ebsParams.get('KmsKeyId'),
            iops: ebsParams.int('Iops'),
            throughput: ebsParams.int('Throughput'),
          }
        : undefined;
    if (ebs?.volumeType !== undefined && !VOLUME_TYPES.includes(ebs.volumeType)) {
      throw new AwsError('InvalidParameterValue', `Value (${ebs.volumeType}) for parameter volumeType is invalid.`);
    }
    if (ebs?.volumeSize !== undefined && (ebs.volumeSize < 1 || ebs.volumeSize > 16384)) {
      throw new AwsError('InvalidParameterValue', `Volume size ${ebs.volumeSize} is out of range`);
    }
    const virtualName = m.get('VirtualName');
    // NoDevice is sent as an empty string (dropped as "not set"): a bare device name means the same.
    const noDevice = m.has('NoDevice') || (ebs === undefined && virtualName === undefined);
    return { deviceName, virtualName, noDevice, ebs };
  });
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The image's mappings with the request's applied on top. */
export function mergeMappings(base: readonly BlockDeviceTemplate[], requested: readonly RequestedMapping[]): BlockDeviceTemplate[] {
  const result: BlockDeviceTemplate[] = base.map((m) => ({ ...m, ebs: m.ebs ? { ...m.ebs } : undefined }));
  for (const request of requested) {
    const index = result.findIndex((m) => m.deviceName === request.deviceName);
    if (request.noDevice) {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (request.virtualName !== undefined) {
      const mapping = { deviceName: request.deviceName, virtualName: request.virtualName };
      if (index >= 0) result[index] = mapping;
      else result.push(mapping);
      continue;
    }
    const existing = index >= 0 ? result[index]!.ebs : undefined;
    const ebs = { ...existing, ...defined(request.ebs ?? {}) };
    if (ebs.volumeSize === undefined && ebs.snapshotId === undefined) {
      throw new AwsError('InvalidBlockDeviceMapping', `The device ${request.deviceName} needs a volume size or a snapshot id`);
    }
    if (existing && ebs.volumeSize !== undefined && ebs.volumeSize < existing.volumeSize) {
      throw new AwsError('InvalidBlockDeviceMapping', `Volume of size ${ebs.volumeSize}GB is smaller than snapshot '${existing.snapshotId}', expect size >= ${existing.volumeSize}GB`);
    }
    const volumeType = ebs.volumeType ?? 'gp2';
    const merged: EbsTemplate = {
      snapshotId: ebs.snapshotId,
      volumeSize: ebs.volumeSize ?? 8,
      volumeType,
      deleteOnTermination: ebs.deleteOnTermination ?? true,
      encrypted: ebs.encrypted ?? false,
      kmsKeyId: ebs.kmsKeyId,
      iops: ebs.iops ?? (volumeType === 'gp3' ? 3000 : undefined),
      throughput: ebs.throughput ?? (volumeType === 'gp3' ? 125 : undefined),
    };
    if ((volumeType === 'io1' || volumeType === 'io2') && merged.iops === undefined) {
      throw new AwsError('InvalidParameterCombination', `The parameter iops must be specified for ${volumeType} volumes.`);
    }
    if (index >= 0) result[index] = { deviceName: request.deviceName, ebs: merged };
    else result.push({ deviceName: request.deviceName, ebs: merged });
  }
  return result;
}

export function renderImageMappings(mappings: readonly BlockDeviceTemplate[]): XmlObject[] {
  return mappings.map((m) => ({
    deviceName: m.deviceName,
    virtualName: m.virtualName,
    noDevice: m.noDevice ? '' : undefined,
    ebs: m.ebs
      ? {
          snapshotId: m.ebs.snapshotId,
          volumeSize: m.ebs.volumeSize,
          deleteOnTermination: m.ebs.deleteOnTermination,
          volumeType: m.ebs.volumeType,
          iops: m.ebs.iops,
          throughput: m.ebs.throughput,
          encrypted: m.ebs.encrypted,
          kmsKeyId: m.ebs.kmsKeyId,
        }
      : undefined,
  }));
}
