// ModifyInstanceAttribute and DescribeInstanceAttribute (ENA and SR-IOV as Packer sets them on a stopped
// instance, instance type, user data, termination protection, shutdown behaviour, security groups).
import { AwsError } from '../contracts.js';
import type { XmlObject } from '../query/xml.js';
import { checkId } from '../state/ids.js';
import { lookup, OK, type Ec2Actions } from './context.js';
import { incorrectState } from './instance-lifecycle.js';
import { decodeUserData } from './launch.js';

export const instanceAttributeActions: Ec2Actions = {
  ModifyInstanceAttribute(context) {
    const { params } = context;
    const id = params.required('InstanceId');
    checkId('i', id, 'InvalidInstanceID.Malformed');
    const instance = lookup(context, [id], context.region.instances, 'InvalidInstanceID.NotFound', 'instance ID')[0]!;
    if (instance.state === 'terminated') throw incorrectState(instance, 'modified');
    const attribute = params.get('Attribute');
    const value = (name: string, attributeName: string) => params.get(`${name}.Value`) ?? (attribute === attributeName ? params.get('Value') : undefined);
    const mustBeStopped = () => {
      if (instance.state !== 'stopped') throw new AwsError('IncorrectInstanceState', `The instance '${id}' is not in the 'stopped' state.`);
    };
    let changed = false;
    const bool = (text: string, name: string) => {
      if (text !== 'true' && text !== 'false') throw new AwsError('InvalidParameterValue', `Value (${text}) for parameter ${name} is invalid.`);
      return text === 'true';
    };
    const ena = value('EnaSupport', 'enaSupport');
    if (ena !== undefined) {
      mustBeStopped();
      instance.enaSupport = bool(ena, 'enaSupport');
      changed = true;
    }
    const sriov = value('SriovNetSupport', 'sriovNetSupport');
    if (sriov !== undefined) {
      mustBeStopped();
      if (sriov !== 'simple') throw new AwsError('InvalidParameterValue', `Value (${sriov}) for parameter sriovNetSupport is invalid.`);
      instance.sriovNetSupport = sriov;
      changed = true;
    }
    const instanceType = value('InstanceType', 'instanceType');
    if (instanceType !== undefined) {
      mustBeStopped();
      instance.instanceType = instanceType;
      changed = true;
    }
    const userData = value('UserData', 'userData');
    if (userData !== undefined) {
      mustBeStopped();
      decodeUserData(userData);
      instance.userData = userData;
      changed = true;
    }
    const disableApiTermination = value('DisableApiTermination', 'disableApiTermination');
    if (disableApiTermination !== undefined) {
      instance.disableApiTermination = bool(disableApiTermination, 'disableApiTermination');
      changed = true;
    }
    const shutdownBehavior = value('InstanceInitiatedShutdownBehavior', 'instanceInitiatedShutdownBehavior');
    if (shutdownBehavior !== undefined) {
      if (shutdownBehavior !== 'stop' && shutdownBehavior !== 'terminate') {
        throw new AwsError('InvalidParameterValue', `Value (${shutdownBehavior}) for parameter instanceInitiatedShutdownBehavior is invalid.`);
      }
      instance.shutdownBehavior = shutdownBehavior;
      changed = true;
    }
    const groupIds = params.list('GroupId');
    if (groupIds.length > 0) {
      const groups = lookup(context, groupIds, context.region.securityGroups, 'InvalidGroup.NotFound', 'security group');
      instance.securityGroups = groups.map((g) => ({ id: g.id, name: g.name }));
      changed = true;
    }
    if (!changed) throw new AwsError('MissingParameter', 'The request must contain an attribute to modify');
    return OK;
  },

  DescribeInstanceAttribute(context) {
    const { params } = context;
    const id = params.required('InstanceId');
    const attribute = params.required('Attribute');
    checkId('i', id, 'InvalidInstanceID.Malformed');
    const instance = lookup(context, [id], context.region.instances, 'InvalidInstanceID.NotFound', 'instance ID')[0]!;
    const answers: Record<string, XmlObject> = {
      instanceType: { instanceType: { value: instance.instanceType } },
      userData: { userData: instance.userData !== undefined ? { value: instance.userData } : {} },
      disableApiTermination: { disableApiTermination: { value: instance.disableApiTermination } },
      instanceInitiatedShutdownBehavior: { instanceInitiatedShutdownBehavior: { value: instance.shutdownBehavior } },
      rootDeviceName: { rootDeviceName: { value: instance.rootDeviceName } },
      enaSupport: { enaSupport: { value: instance.enaSupport } },
      sriovNetSupport: { sriovNetSupport: instance.sriovNetSupport !== undefined ? { value: instance.sriovNetSupport } : {} },
      groupSet: { groupSet: instance.securityGroups.map((g) => ({ groupId: g.id, groupName: g.name })) },
      ebsOptimized: { ebsOptimized: { value: instance.ebsOptimized } },
    };
    const answer = answers[attribute];
    if (!answer) throw new AwsError('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid.`);
    return { instanceId: instance.id, ...answer };
  },
};
