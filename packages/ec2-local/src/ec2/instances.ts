// RunInstances, DescribeInstances, DescribeInstanceStatus, Stop/Start/TerminateInstances: the instances' wire
// shape (a loopback address of its own is both its private and its public IP) and the state changes; launching
// is launch.ts, the state machine instance-lifecycle.ts.
import { AwsError } from '../contracts.js';
import { compileFilters, paginate } from '../filters.js';
import type { XmlObject } from '../query/xml.js';
import { checkId } from '../state/ids.js';
import type { RegionState } from '../state/region.js';
import { INSTANCE_STATE_CODES, type Instance, type InstanceStateName } from '../state/resources.js';
import { lookup, tagSet, visible, type Ec2Action, type Ec2Actions, type Ec2Context } from './context.js';
import { boot, incorrectState, stop, terminate } from './instance-lifecycle.js';
import { launchInstances } from './launch.js';

function state(name: InstanceStateName): XmlObject {
  return { code: INSTANCE_STATE_CODES[name], name };
}

function dnsLabel(address: string): string {
  return address.replaceAll('.', '-');
}

function renderInstance(region: RegionState, i: Instance): XmlObject {
  const live = i.state !== 'terminated';
  const hasPublicIp = i.state === 'running' || i.state === 'pending';
  const domain = region.name === 'us-east-1' ? 'ec2.internal' : `${region.name}.compute.internal`;
  return {
    instanceId: i.id,
    imageId: i.imageId,
    instanceState: state(i.state),
    privateDnsName: live ? `ip-${dnsLabel(i.address)}.${domain}` : '',
    dnsName: hasPublicIp ? `ec2-${dnsLabel(i.address)}.compute-1.amazonaws.com` : '',
    reason: i.stateTransitionReason,
    keyName: i.keyName,
    amiLaunchIndex: i.launchIndex,
    productCodes: [],
    instanceType: i.instanceType,
    launchTime: i.launchTime,
    placement: { availabilityZone: i.availabilityZone, groupName: '', tenancy: 'default' },
    monitoring: { state: 'disabled' },
    subnetId: live ? i.subnetId : undefined,
    vpcId: live ? i.vpcId : undefined,
    privateIpAddress: live ? i.address : undefined,
    ipAddress: hasPublicIp ? i.address : undefined,
    sourceDestCheck: true,
    groupSet: i.securityGroups.map((g) => ({ groupId: g.id, groupName: g.name })),
    stateReason: i.stateReason ? { code: i.stateReason.code, message: i.stateReason.message } : undefined,
    architecture: i.architecture,
    rootDeviceType: 'ebs',
    rootDeviceName: i.rootDeviceName,
    blockDeviceMapping: i.blockDevices.flatMap((d) => {
      const volume = region.volumes.get(d.volumeId);
      if (!volume?.attachment || volume.attachment.instanceId !== i.id) return [];
      const { attachTime, deleteOnTermination } = volume.attachment;
      return [{ deviceName: d.deviceName, ebs: { volumeId: volume.id, status: 'attached', attachTime, deleteOnTermination } }];
    }),
    virtualizationType: i.virtualizationType,
    clientToken: i.clientToken ?? '',
    tagSet: tagSet(i.tags),
    hypervisor: 'xen',
    networkInterfaceSet: [],
    iamInstanceProfile: i.iamInstanceProfile ? { arn: `arn:aws:iam::${region.accountId}:instance-profile/${i.iamInstanceProfile}`, id: 'AIPA' + i.id.slice(2, 19).toUpperCase() } : undefined,
    ebsOptimized: i.ebsOptimized,
    enaSupport: i.enaSupport,
    sriovNetSupport: i.sriovNetSupport,
    metadataOptions: { state: 'applied', httpTokens: 'optional', httpPutResponseHopLimit: 1, httpEndpoint: 'enabled' },
    platformDetails: 'Linux/UNIX',
    usageOperation: 'RunInstances',
    instanceLifecycle: i.instanceLifecycle,
  };
}

function renderReservations(region: RegionState, instances: readonly Instance[]): XmlObject[] {
  const reservations = new Map<string, Instance[]>();
  for (const instance of instances) {
    const list = reservations.get(instance.reservationId);
    if (list) list.push(instance);
    else reservations.set(instance.reservationId, [instance]);
  }
  return [...reservations].map(([reservationId, members]) => ({
    reservationId,
    ownerId: region.accountId,
    groupSet: [],
    instancesSet: members.map((i) => renderInstance(region, i)),
  }));
}

/** Forgets terminated instances once they have been visible for the configured while. */
function purgeTerminated(context: Ec2Context): void {
  const horizon = Date.now() - context.store.durations.terminatedVisible;
  for (const [id, instance] of context.region.instances) {
    if (instance.terminatedAt !== undefined && instance.terminatedAt < horizon) context.region.instances.delete(id);
  }
}

function findInstances(context: Ec2Context): Instance[] {
  purgeTerminated(context);
  const ids = context.params.list('InstanceId');
  if (ids.length === 0) throw new AwsError('MissingParameter', 'The request must contain the parameter InstanceId');
  ids.forEach((id) => checkId('i', id, 'InvalidInstanceID.Malformed'));
  return lookup(context, ids, context.region.instances, 'InvalidInstanceID.NotFound', 'instance ID');
}

/**
 * Stop/Start/Terminate: `needsChange` throws for an instance in the wrong state and says whether it must move;
 * every instance is checked before any changes, as EC2 refuses the whole call.
 */
function changeStates(needsChange: (instance: Instance) => boolean, change: (context: Ec2Context, instance: Instance) => void): Ec2Action {
  return (context) => {
    const instances = findInstances(context);
    const previous = instances.map((i) => i.state);
    const moving = instances.filter(needsChange);
    moving.forEach((i) => change(context, i));
    return {
      instancesSet: instances.map((i, n) => ({ instanceId: i.id, currentState: state(i.state), previousState: state(previous[n]!) })),
    };
  };
}

export const instanceActions: Ec2Actions = {
  RunInstances(context) {
    const { params, region } = context;
    const clientToken = params.get('ClientToken');
    if (clientToken !== undefined) {
      const earlier = region.clientTokens.get(clientToken);
      if (earlier) {
        const instances = earlier.map((id) => region.instances.get(id)).filter((i): i is Instance => i !== undefined);
        return { ...renderReservations(region, instances)[0] };
      }
    }
    const { instances } = launchInstances(context, params);
    if (clientToken !== undefined) region.clientTokens.set(clientToken, instances.map((i) => i.id));
    return { ...renderReservations(region, instances)[0] };
  },

  DescribeInstances(context) {
    const { params, region } = context;
    purgeTerminated(context);
    const ids = params.list('InstanceId');
    ids.forEach((id) => checkId('i', id, 'InvalidInstanceID.Malformed'));
    if (ids.length > 0 && params.has('MaxResults')) {
      throw new AwsError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
    }
    const candidates =
      ids.length > 0
        ? lookup(context, ids, region.instances, 'InvalidInstanceID.NotFound', 'instance ID')
        : [...region.instances.values()].filter((i) => visible(context, i.id));
    const matches = compileFilters(params.filters(), {
      'instance-id': (i: Instance) => i.id,
      'instance-state-name': (i) => i.state,
      'instance-state-code': (i) => INSTANCE_STATE_CODES[i.state],
      'instance-type': (i) => i.instanceType,
      'image-id': (i) => i.imageId,
      'key-name': (i) => i.keyName,
      'reservation-id': (i) => i.reservationId,
      'vpc-id': (i) => i.vpcId,
      'subnet-id': (i) => i.subnetId,
      'availability-zone': (i) => i.availabilityZone,
      'private-ip-address': (i) => (i.state !== 'terminated' ? i.address : undefined),
      'ip-address': (i) => (i.state === 'running' ? i.address : undefined),
      'group-id': (i) => i.securityGroups.map((g) => g.id),
      'instance.group-id': (i) => i.securityGroups.map((g) => g.id),
      'group-name': (i) => i.securityGroups.map((g) => g.name),
      'instance.group-name': (i) => i.securityGroups.map((g) => g.name),
      architecture: (i) => i.architecture,
      'root-device-type': () => 'ebs',
      'launch-index': (i) => i.launchIndex,
      'launch-time': (i) => i.launchTime,
      'client-token': (i) => i.clientToken,
      'instance-lifecycle': (i) => i.instanceLifecycle,
      'block-device-mapping.volume-id': (i) => i.blockDevices.map((d) => d.volumeId),
      'iam-instance-profile.arn': (i) => (i.iamInstanceProfile ? `arn:aws:iam::${region.accountId}:instance-profile/${i.iamInstanceProfile}` : undefined),
    }, (i) => i.tags);
    const page = paginate(candidates.filter(matches), params.int('MaxResults'), params.get('NextToken'), { min: 5, max: 1000 });
    return { reservationSet: renderReservations(region, page.items), nextToken: page.nextToken };
  },

  DescribeInstanceStatus(context) {
    const { params, region } = context;
    purgeTerminated(context);
    const ids = params.list('InstanceId');
    ids.forEach((id) => checkId('i', id, 'InvalidInstanceID.Malformed'));
    const includeAll = params.bool('IncludeAllInstances') ?? false;
    const candidates = ids.length > 0 ? lookup(context, ids, region.instances, 'InvalidInstanceID.NotFound', 'instance ID') : [...region.instances.values()];
    const status = (i: Instance) => (i.state === 'running' ? 'ok' : 'not-applicable');
    const matches = compileFilters(params.filters(), {
      'instance-state-name': (i: Instance) => i.state,
      'instance-state-code': (i) => INSTANCE_STATE_CODES[i.state],
      'availability-zone': (i) => i.availabilityZone,
      'instance-status.status': status,
      'system-status.status': status,
      'instance-status.reachability': (i) => (i.state === 'running' ? 'passed' : undefined),
      'system-status.reachability': (i) => (i.state === 'running' ? 'passed' : undefined),
    }, (i) => i.tags);
    const shown = candidates.filter((i) => (includeAll || i.state === 'running') && matches(i));
    const page = paginate(shown, params.int('MaxResults'), params.get('NextToken'), { min: 5, max: 1000 });
    return {
      instanceStatusSet: page.items.map((i) => ({
        instanceId: i.id,
        availabilityZone: i.availabilityZone,
        instanceState: state(i.state),
        systemStatus: { status: status(i), details: i.state === 'running' ? [{ name: 'reachability', status: 'passed' }] : [] },
        instanceStatus: { status: status(i), details: i.state === 'running' ? [{ name: 'reachability', status: 'passed' }] : [] },
        eventsSet: [],
      })),
      nextToken: page.nextToken,
    };
  },

  StopInstances: changeStates(
    (instance) => {
      if (instance.state === 'stopped' || instance.state === 'stopping') return false;
      if (instance.state !== 'running') throw incorrectState(instance, 'stopped');
      return true;
    },
    (context, instance) => stop(context.store, instance),
  ),

  StartInstances: changeStates(
    (instance) => {
      if (instance.state === 'running' || instance.state === 'pending') return false;
      if (instance.state !== 'stopped') throw incorrectState(instance, 'started');
      return true;
    },
    (context, instance) => boot(context.store, context.region, instance),
  ),

  TerminateInstances: changeStates(
    (instance) => {
      if (instance.state === 'terminated' || instance.state === 'shutting-down') return false;
      if (instance.disableApiTermination) {
        throw new AwsError('OperationNotPermitted', `The instance '${instance.id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`);
      }
      return true;
    },
    (context, instance) => terminate(context.store, context.region, instance),
  ),

};
