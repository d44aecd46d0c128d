// StepNetworkInfo: the VPC, subnet and availability zone to launch in — as given, found by vpc_filter /
// subnet_filter (several subnets need most_free or random), or, when associate_public_ip_address is set without a
// subnet, the most free default-VPC subnet in a zone that offers the instance type. '' leaves the choice to EC2.
import {
  DescribeInstanceTypeOfferingsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type Subnet,
} from '@aws-sdk/client-ec2';
import type { Step, Ui } from '@tspacker/sdk';
import { ec2Filters } from '../../common/ami-filter.js';
import { awsErrorText } from '../../common/aws-errors.js';
import type { EbsState } from '../state.js';

/** The subnet with the most available addresses (the last of the most free ones, as Go's sort leaves them). */
export function mostFreeSubnet(subnets: readonly Subnet[]): Subnet {
  return [...subnets].sort((a, b) => (a.AvailableIpAddressCount ?? 0) - (b.AvailableIpAddressCount ?? 0)).at(-1)!;
}

/** Go's %v of a DescribeSubnets/DescribeVpcs input, enough to see what was asked. */
function filtersText(filters: ReturnType<typeof ec2Filters>): string {
  return `{\n  Filters: [${filters.map((f) => `{\n      Name: ${JSON.stringify(f.Name)},\n      Values: [${(f.Values ?? []).map((v) => JSON.stringify(v)).join(',')}]\n    }`).join(',')}]\n}`;
}

export const stepNetworkInfo: Step<EbsState> = {
  name: 'StepNetworkInfo',
  async run(state, { ui, signal }) {
    const c = state.config;
    const ec2 = state.session.ec2();
    let vpcId = c.vpc_id;
    let subnetId = c.subnet_id;
    let availabilityZone = c.availability_zone;

    if (vpcId === '' && c.vpc_filter !== undefined && Object.keys(c.vpc_filter.filters).length > 0) {
      // Packer sends the filter names verbatim (its added state=available comes too late to be sent).
      const filters = ec2Filters(c.vpc_filter.filters);
      let vpcs;
      try {
        vpcs = (await ec2.send(new DescribeVpcsCommand({ Filters: filters }), { abortSignal: signal })).Vpcs ?? [];
      } catch (e) {
        throw new Error(`Error querying VPCs: ${awsErrorText(e)}`);
      }
      if (vpcs.length !== 1) {
        throw new Error(`Exactly one VPC should match the filter, but ${vpcs.length} VPC's was found matching filters: ${filtersText(filters)}`);
      }
      vpcId = vpcs[0]!.VpcId ?? '';
      ui.say(`Found VPC ID: ${vpcId}`);
    }

    if (subnetId === '' && c.subnet_filter !== undefined && Object.keys(c.subnet_filter.filters).length > 0) {
      const wanted: Record<string, string> = { ...c.subnet_filter.filters, state: 'available' };
      if (vpcId !== '') wanted['vpc-id'] = vpcId;
      if (availabilityZone !== '') wanted['availabilityZone'] = availabilityZone;
      const filters = ec2Filters(wanted);
      let subnets: Subnet[];
      try {
        subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: filters }), { abortSignal: signal })).Subnets ?? [];
      } catch (e) {
        throw new Error(`Error querying Subnets: ${awsErrorText(e)}`);
      }
      if (subnets.length === 0) throw new Error(`No Subnets was found matching filters: ${filtersText(filters)}`);
      if (subnets.length > 1 && !c.subnet_filter.random && !c.subnet_filter.most_free) {
        throw new Error(`Your filter matched ${subnets.length} Subnets. Please try a more specific search, or set random or most_free to true.`);
      }
      const subnet = c.subnet_filter.most_free
        ? mostFreeSubnet(subnets)
        : c.subnet_filter.random
          ? subnets[Math.floor(Math.random() * subnets.length)]!
          : subnets[0]!;
      subnetId = subnet.SubnetId ?? '';
      ui.say(`Found Subnet ID: ${subnetId}`);
    }

    if (c.associate_public_ip_address !== undefined && subnetId === '') {
      try {
        const chosen = await defaultVpcSubnet(ec2, ui, vpcId, c.instance_type, c.associate_public_ip_address, signal);
        ({ vpcId, subnetId, availabilityZone } = chosen);
      } catch (e) {
        if (signal.aborted) throw e;
        ui.say('associate_public_ip_address is set without a subnet_id.');
        ui.say(`Packer attempted to infer a subnet from default VPC (if unspecified), but failed due to: ${e instanceof Error ? e.message : String(e)}`);
        ui.say('The associate_public_ip_address will be ignored for the remainder of the build, and a public IP will only be associated if the VPC chosen enables it by default.');
      }
    }

    if (subnetId !== '' && (availabilityZone === '' || vpcId === '')) {
      let subnet: Subnet | undefined;
      try {
        subnet = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }), { abortSignal: signal })).Subnets?.[0];
      } catch (e) {
        throw new Error(`Describing the subnet: ${subnetId} returned error: ${awsErrorText(e)}.`);
      }
      if (availabilityZone === '') availabilityZone = subnet?.AvailabilityZone ?? '';
      if (vpcId === '') vpcId = subnet?.VpcId ?? '';
    }

    state.vpcId = vpcId;
    state.subnetId = subnetId;
    state.availabilityZone = availabilityZone;
    return 'continue';
  },
};

// GetDefaultVPCAndSubnet: the most free available subnet of the (default) VPC, in a zone offering the type.
async function defaultVpcSubnet(
  ec2: EC2Client,
  ui: Ui,
  givenVpc: string,
  instanceType: string,
  associate: boolean,
  signal: AbortSignal,
): Promise<{ vpcId: string; subnetId: string; availabilityZone: string }> {
  ui.say(`Setting public IP address to ${associate} on instance without a subnet ID`);
  let vpcId = givenVpc;
  if (vpcId === '') {
    ui.say('No VPC ID provided, Packer will use the default VPC');
    let vpcs;
    try {
      vpcs = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }), { abortSignal: signal })).Vpcs ?? [];
    } catch (e) {
      throw new Error(`Failed to describe VPCs: ${awsErrorText(e)}`);
    }
    if (vpcs.length !== 1) throw new Error('No default VPC found');
    vpcId = vpcs[0]!.VpcId ?? '';
  }
  ui.say(`Inferring subnet from the selected VPC "${vpcId}"`);
  let subnets: Subnet[];
  try {
    const filters = ec2Filters({ 'vpc-id': vpcId, state: 'available' });
    subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: filters }), { abortSignal: signal })).Subnets ?? [];
  } catch (e) {
    throw new Error(`Failed to describe subnets: ${awsErrorText(e)}`);
  }
  const zones = [...new Set(subnets.map((s) => s.AvailabilityZone ?? ''))];
  try {
    const offered: string[] = [];
    for (const zone of zones) {
      let offerings;
      try {
        const input = {
          LocationType: 'availability-zone' as const,
          Filters: [
            { Name: 'location', Values: [zone] },
            { Name: 'instance-type', Values: [instanceType] },
          ],
        };
        offerings = (await ec2.send(new DescribeInstanceTypeOfferingsCommand(input), { abortSignal: signal })).InstanceTypeOfferings ?? [];
      } catch (e) {
        throw new Error(`failed to get offerings for AZ "${zone}": ${awsErrorText(e)}`);
      }
      if (offerings.some((o) => o.InstanceType === instanceType)) offered.push(zone);
    }
    if (offered.length === 0) throw new Error(`no AZ match the requested machine type "${instanceType}"`);
    subnets = subnets.filter((s) => offered.includes(s.AvailabilityZone ?? ''));
  } catch (e) {
    if (signal.aborted) throw e;
    ui.say(`Failed to filter subnets/AZ for the requested machine type "${instanceType}": ${e instanceof Error ? e.message : String(e)}`);
    ui.say("This may result in Packer picking a subnet/AZ that can't host the requested machine type");
    ui.say('Please check that you have the permissions required to run DescribeInstanceTypeOfferings and try again.');
  }
  if (subnets.length === 0) throw new Error('Failed to get subnets for the filtered AZs');
  const subnet = mostFreeSubnet(subnets);
  ui.say(`Set subnet as "${subnet.SubnetId ?? ''}"`);
  return { vpcId, subnetId: subnet.SubnetId ?? '', availabilityZone: subnet.AvailabilityZone ?? '' };
}
