// StepPreValidate: before anything is created, check what can fail cheaply — the regions exist (DescribeRegions,
// unless skip_region_validation), the instance types exist (tspacker's addition: Packer finds out at RunInstances,
// after creating a key pair and a security group), a non-default vpc_id comes with a subnet, and no AMI of ours
// already has the name (unless force_deregister, skip_save_build_region or skip_create_ami).
import { DescribeImagesCommand, DescribeInstanceTypesCommand, DescribeVpcsCommand, type EC2Client, type _InstanceType } from '@aws-sdk/client-ec2';
import type { Step } from '@tspacker/sdk';
import { validateRegions } from '../../access/create-session.js';
import { awsErrorCode, awsErrorText } from '../../common/aws-errors.js';
import type { EbsState } from '../state.js';

export const stepPreValidate: Step<EbsState> = {
  name: 'StepPreValidate',
  async run(state, { ui, signal }) {
    const c = state.config;
    if (!c.skip_region_validation) {
      try {
        await validateRegions(state.session, [...c.ami_regions, state.session.region], signal);
      } catch (e) {
        throw new Error(`error validating regions: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    await checkInstanceTypes(state.session.ec2(), [c.instance_type, ...c.spot_instance_types], signal);
    if (c.force_deregister) {
      ui.say('Force Deregister flag found, skipping prevalidating AMI Name');
      return 'continue';
    }
    if (c.skip_save_build_region) {
      ui.say('skip_build_region was set; not prevalidating AMI name');
      return 'continue';
    }
    if (c.skip_create_ami) {
      ui.say('skip_create_ami was set; not prevalidating AMI name');
      return 'continue';
    }
    const ec2 = state.session.ec2();

    ui.say('Prevalidating any provided VPC information');
    const hasSubnetFilter = c.subnet_filter !== undefined && Object.keys(c.subnet_filter.filters).length > 0;
    if (c.vpc_id !== '' && c.subnet_id === '' && !hasSubnetFilter) {
      let vpcs;
      try {
        vpcs = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [c.vpc_id] }), { abortSignal: signal })).Vpcs ?? [];
      } catch (e) {
        throw new Error(`Error retrieving VPC information for vpc_id ${c.vpc_id}: ${awsErrorText(e)}`);
      }
      if (vpcs.length === 1 && !vpcs[0]!.IsDefault) {
        throw new Error(`Error: subnet_id or subnet_filter must be provided for non-default VPCs (${c.vpc_id})`);
      }
    }

    ui.say(`Prevalidating AMI Name: ${c.ami_name}`);
    let images;
    try {
      const input = { Owners: ['self'], Filters: [{ Name: 'name', Values: [c.ami_name] }] };
      images = (await ec2.send(new DescribeImagesCommand(input), { abortSignal: signal })).Images ?? [];
    } catch (e) {
      throw new Error(`Error querying AMI: ${awsErrorText(e)}`);
    }
    if (images.length > 0) {
      throw new Error(`Error: AMI Name: '${images[0]!.Name ?? ''}' is used by an existing AMI: ${images[0]!.ImageId ?? ''}`);
    }
    return 'continue';
  },
};

/**
 * Fails when EC2 says an instance type does not exist (DescribeInstanceTypes: `InvalidInstanceType`). Any other
 * answer — e.g. no permission for DescribeInstanceTypes, which Packer's IAM policies do not grant — lets the build
 * go on, and RunInstances decides as it does in Packer.
 */
async function checkInstanceTypes(ec2: EC2Client, types: readonly string[], signal: AbortSignal): Promise<void> {
  const wanted = [...new Set(types.filter((t) => t !== ''))];
  if (wanted.length === 0) return;
  try {
    await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: wanted as _InstanceType[] }), { abortSignal: signal });
  } catch (e) {
    if (signal.aborted) throw e;
    if (awsErrorCode(e) === 'InvalidInstanceType') throw new Error(`Error checking instance_type: ${awsErrorText(e)}`);
  }
}
