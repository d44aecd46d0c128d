// CreateFleet of type `instant`, as Packer's spot builds use it: the launch template's data with the first
// override that launches, the target capacity as instance count, spot lifecycle on the instances.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../contracts.js';
import { QueryParams } from '../query/params.js';
import type { XmlObject } from '../query/xml.js';
import type { Ec2Actions } from './context.js';
import { launchInstances } from './launch.js';
import { findLaunchTemplate } from './launch-templates.js';

export const fleetActions: Ec2Actions = {
  CreateFleet(context) {
    const { params, region } = context;
    const type = params.get('Type') ?? 'maintain';
    if (type !== 'instant') throw new AwsError('InvalidParameterValue', `Only fleets of type 'instant' are supported here (got '${type}').`);
    const capacity = params.struct('TargetCapacitySpecification');
    const total = capacity.int('TotalTargetCapacity');
    if (total === undefined) throw new AwsError('MissingParameter', 'The request must contain the parameter TargetCapacitySpecification.TotalTargetCapacity');
    const lifecycle = capacity.get('DefaultTargetCapacityType') === 'on-demand' ? undefined : ('spot' as const);
    const configs = params.structs('LaunchTemplateConfigs');
    if (configs.length === 0) throw new AwsError('MissingParameter', 'The request must contain the parameter LaunchTemplateConfigs');
    const errors: XmlObject[] = [];
    const launched: XmlObject[] = [];
    for (const config of configs) {
      const specification = config.struct('LaunchTemplateSpecification');
      const template = findLaunchTemplate(context, region, specification.get('LaunchTemplateId'), specification.get('LaunchTemplateName'));
      const overrides = config.structs('Overrides');
      for (const override of overrides.length > 0 ? overrides : [new QueryParams(new Map())]) {
        const launch = new Map(template.data);
        const instanceType = override.get('InstanceType');
        if (instanceType !== undefined) launch.set('InstanceType', instanceType);
        const subnetId = override.get('SubnetId');
        if (subnetId !== undefined) {
          launch.set('SubnetId', subnetId);
          // A template's network interface names its own subnet; the override wins.
          if (launch.has('NetworkInterface.1.DeviceIndex')) launch.set('NetworkInterface.1.SubnetId', subnetId);
        }
        const zone = override.get('AvailabilityZone');
        if (zone !== undefined) launch.set('Placement.AvailabilityZone', zone);
        launch.set('MinCount', String(total));
        launch.set('MaxCount', String(total));
        // An instant fleet's instance and volume tag specifications apply to what it launches (after the
        // template's own); the fleet's own tags have nothing to go on here.
        params.structs('TagSpecification').forEach((tagSpecification, n) => {
          const resourceType = tagSpecification.get('ResourceType');
          if (resourceType !== 'instance' && resourceType !== 'volume') return;
          for (const [key, value] of tagSpecification.map) launch.set(`TagSpecification.${100 + n}.${key}`, value);
        });
        try {
          const { instances } = launchInstances(context, new QueryParams(launch));
          for (const instance of instances) instance.instanceLifecycle = lifecycle;
          launched.push({
            launchTemplateAndOverrides: {
              launchTemplateSpecification: { launchTemplateId: template.id, version: '1' },
              overrides: { instanceType: launch.get('InstanceType'), subnetId: launch.get('SubnetId'), availabilityZone: instances[0]?.availabilityZone },
            },
            lifecycle: lifecycle ?? 'on-demand',
            instanceIds: instances.map((i) => i.id),
            instanceType: instances[0]?.instanceType,
          });
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
          errors.push({ errorCode: error.code, errorMessage: error.message, lifecycle: lifecycle ?? 'on-demand' });
          continue;
        }
        break;
      }
      if (launched.length > 0) break;
    }
    return { fleetId: `fleet-${randomUUID()}`, errorSet: errors, fleetInstanceSet: launched };
  },
};
