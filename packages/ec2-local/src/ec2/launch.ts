// Launching instances: what RunInstances (and a fleet, from a launch template's data with its overrides, which
// use the same member names) asks for — image, type, key pair, network, block devices, user data, tags — turned
// into instances with their volumes, each booted by the state machine.
import { AwsError } from '../contracts.js';
import type { QueryParams } from '../query/params.js';
import { checkId, newId } from '../state/ids.js';
import type { Instance, SecurityGroup, Subnet } from '../state/resources.js';
import { mergeMappings, requestedMappings } from './block-devices.js';
import { checkTagSpecifications, lookup, tagsFor, type Ec2Context } from './context.js';
import { boot } from './instance-lifecycle.js';
import { instanceType as knownInstanceType } from './instance-types.js';
import { addVolume } from './volumes.js';

/** Instances one region runs at once (EC2's vCPU quota, simplified). */
const INSTANCE_LIMIT = 256;

/** The subnet and security groups of a launch: explicit, from the zone, or the default VPC's. */
function network(context: Ec2Context, params: QueryParams): { subnet: Subnet; groups: SecurityGroup[] } {
  const { region } = context;
  const networkInterface = params.structs('NetworkInterface')[0];
  const subnetId = networkInterface?.get('SubnetId') ?? params.get('SubnetId');
  const zone = params.get('Placement.AvailabilityZone');
  if (zone !== undefined && !region.zones.some((z) => z.name === zone)) {
    throw new AwsError('InvalidParameterValue', `Invalid availability zone: [${zone}]`);
  }
  let subnet: Subnet | undefined;
  if (subnetId !== undefined) {
    subnet = region.subnets.get(subnetId);
    if (!subnet) throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`);
    if (zone !== undefined && zone !== subnet.availabilityZone) {
      throw new AwsError('InvalidParameterValue', `Value (${zone}) for parameter availabilityZone is invalid. Subnet '${subnetId}' is in the availability zone ${subnet.availabilityZone}`);
    }
  } else {
    subnet = region.defaultSubnet(zone);
    if (!subnet) throw new AwsError('VPCIdNotSpecified', 'No default VPC for this user');
  }
  const groupIds = networkInterface ? networkInterface.list('SecurityGroupId') : params.list('SecurityGroupId');
  groupIds.forEach((id) => checkId('sg', id, 'InvalidGroupId.Malformed'));
  const groups = lookup(context, groupIds, region.securityGroups, 'InvalidGroup.NotFound', 'security group');
  for (const name of params.list('SecurityGroup')) {
    const group = [...region.securityGroups.values()].find((g) => g.name === name && g.vpcId === subnet.vpcId);
    if (!group) throw new AwsError('InvalidGroup.NotFound', `The security group '${name}' does not exist in VPC '${subnet.vpcId}'`);
    groups.push(group);
  }
  for (const group of groups) {
    if (group.vpcId !== subnet.vpcId) {
      throw new AwsError('InvalidParameter', `Security group ${group.id} and subnet ${subnet.id} belong to different networks.`);
    }
  }
  if (groups.length === 0) groups.push([...region.securityGroups.values()].find((g) => g.name === 'default' && g.vpcId === subnet.vpcId)!);
  return { subnet, groups };
}

/** Checks RunInstances' base64 user data (as EC2 does) and returns it decoded. */
export function decodeUserData(encoded: string | undefined): string | undefined {
  if (encoded === undefined) return undefined;
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(encoded)) throw new AwsError('InvalidParameterValue', 'Invalid BASE64 encoding of user data.');
  if (encoded.length > 21_848) throw new AwsError('InvalidParameterValue', 'User data is limited to 16384 bytes');
  return Buffer.from(encoded, 'base64').toString('utf8');
}

/**
 * Launches instances as RunInstances' parameters (or a launch template's data with a fleet's overrides, which
 * use the same member names) describe them.
 */
export function launchInstances(context: Ec2Context, params: QueryParams): { reservationId: string; instances: Instance[] } {
  const { region, store } = context;
  const imageId = params.required('ImageId');
  const minCount = params.int('MinCount');
  const maxCount = params.int('MaxCount');
  if (minCount === undefined) throw new AwsError('MissingParameter', 'The request must contain the parameter MinCount');
  if (maxCount === undefined) throw new AwsError('MissingParameter', 'The request must contain the parameter MaxCount');
  if (minCount < 1 || maxCount < minCount) throw new AwsError('InvalidParameterValue', `Invalid counts: MinCount ${minCount}, MaxCount ${maxCount}`);
  const clientToken = params.get('ClientToken');
  checkId('ami', imageId, 'InvalidAMIID.Malformed');
  const image = region.images.get(imageId);
  if (!image || !(image.ownerId === store.accountId || image.launchGroups.has('all') || image.launchUserIds.has(store.accountId))) {
    throw new AwsError('InvalidAMIID.NotFound', `The image id '[${imageId}]' does not exist`);
  }
  if (image.state !== 'available') throw new AwsError('InvalidAMIID.Unavailable', `The image id '[${imageId}]' is not available (${image.state})`);
  const instanceType = params.get('InstanceType') ?? 'm1.small';
  const typeInfo = knownInstanceType(instanceType);
  if (!typeInfo) throw new AwsError('InvalidParameterValue', `Invalid value '${instanceType}' for InstanceType.`);
  const typeArchitecture = typeInfo.architecture;
  if (typeArchitecture !== image.architecture) {
    throw new AwsError(
      'InvalidParameterValue',
      `The architecture '${typeArchitecture}' of the specified instance type does not match the architecture '${image.architecture}' of the specified AMI.`,
    );
  }
  const keyName = params.get('KeyName');
  const keyPair = keyName !== undefined ? region.keyPairs.get(keyName) : undefined;
  if (keyName !== undefined && !keyPair) throw new AwsError('InvalidKeyPair.NotFound', `The key pair '${keyName}' does not exist`);
  const { subnet, groups } = network(context, params);
  const mappings = mergeMappings(image.blockDevices, requestedMappings(params));
  const userData = params.get('UserData');
  decodeUserData(userData);
  const shutdownBehavior = params.get('InstanceInitiatedShutdownBehavior') ?? 'stop';
  if (shutdownBehavior !== 'stop' && shutdownBehavior !== 'terminate') {
    throw new AwsError('InvalidParameterValue', `Value (${shutdownBehavior}) for parameter instanceInitiatedShutdownBehavior is invalid.`);
  }
  const specifications = params.tagSpecifications();
  checkTagSpecifications(specifications, ['instance', 'volume', 'network-interface', 'spot-instances-request', 'elastic-gpu']);
  const live = [...region.instances.values()].filter((i) => i.state !== 'terminated').length;
  if (live + minCount > INSTANCE_LIMIT) {
    throw new AwsError('InstanceLimitExceeded', `You have requested more instances (${live + minCount}) than your current instance limit of ${INSTANCE_LIMIT} allows.`);
  }
  const count = Math.min(maxCount, INSTANCE_LIMIT - live);
  const reservationId = newId('r');
  const launchTime = new Date();
  const instances: Instance[] = [];
  for (let launchIndex = 0; launchIndex < count; launchIndex++) {
    const id = newId('i');
    const blockDevices = mappings.flatMap((mapping) => {
      if (!mapping.ebs) return [];
      const volume = addVolume(store, region, {
        size: mapping.ebs.volumeSize,
        snapshotId: mapping.ebs.snapshotId,
        availabilityZone: subnet.availabilityZone,
        volumeType: mapping.ebs.volumeType,
        iops: mapping.ebs.iops,
        throughput: mapping.ebs.throughput,
        encrypted: mapping.ebs.encrypted,
        kmsKeyId: mapping.ebs.kmsKeyId,
        tags: tagsFor(specifications, 'volume'),
        attachment: { instanceId: id, device: mapping.deviceName, attachTime: launchTime, deleteOnTermination: mapping.ebs.deleteOnTermination },
      });
      return [{ deviceName: mapping.deviceName, volumeId: volume.id }];
    });
    const instance: Instance = {
      id,
      reservationId,
      launchIndex,
      imageId,
      instanceType,
      keyName,
      state: 'pending',
      stateTransitionReason: '',
      launchTime,
      availabilityZone: subnet.availabilityZone,
      subnetId: subnet.id,
      vpcId: subnet.vpcId,
      address: store.allocateAddress(),
      securityGroups: groups.map((g) => ({ id: g.id, name: g.name })),
      blockDevices,
      rootDeviceName: image.rootDeviceName,
      architecture: image.architecture,
      virtualizationType: image.virtualizationType,
      layers: image.layers,
      defaultUser: image.defaultUser,
      authorizedKeys: keyPair ? [keyPair.publicKey] : [],
      tags: tagsFor(specifications, 'instance'),
      userData,
      shutdownBehavior,
      enaSupport: image.enaSupport,
      sriovNetSupport: image.sriovNetSupport,
      iamInstanceProfile: params.get('IamInstanceProfile.Name') ?? params.get('IamInstanceProfile.Arn')?.split('/').pop(),
      disableApiTermination: params.bool('DisableApiTermination') ?? false,
      ebsOptimized: params.bool('EbsOptimized') ?? false,
      clientToken,
      generation: 0,
      machineOps: Promise.resolve(),
    };
    region.instances.set(id, instance);
    store.created(id);
    instances.push(instance);
    boot(store, region, instance);
  }
  return { reservationId, instances };
}

