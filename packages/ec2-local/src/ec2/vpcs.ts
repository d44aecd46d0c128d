// DescribeVpcs and DescribeSubnets over the seeded default VPC and its subnets (one per availability zone).
import { compileFilters } from '../filters.js';
import type { XmlObject } from '../query/xml.js';
import { checkId } from '../state/ids.js';
import type { RegionState } from '../state/region.js';
import type { Subnet, Vpc } from '../state/resources.js';
import { lookup, tagSet, type Ec2Actions } from './context.js';

/** Instances (not terminated) using addresses of the subnet, for availableIpAddressCount (`most_free`). */
function used(region: RegionState, subnet: Subnet): number {
  let count = 0;
  for (const instance of region.instances.values()) if (instance.subnetId === subnet.id && instance.state !== 'terminated') count++;
  return count;
}

export function renderSubnet(region: RegionState, s: Subnet): XmlObject {
  return {
    subnetId: s.id,
    subnetArn: `arn:aws:ec2:${region.name}:${s.ownerId}:subnet/${s.id}`,
    state: 'available',
    vpcId: s.vpcId,
    cidrBlock: s.cidrBlock,
    availableIpAddressCount: s.capacity - used(region, s),
    availabilityZone: s.availabilityZone,
    availabilityZoneId: s.availabilityZoneId,
    defaultForAz: s.defaultForAz,
    mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
    ownerId: s.ownerId,
    assignIpv6AddressOnCreation: false,
    ipv6CidrBlockAssociationSet: [],
    tagSet: tagSet(s.tags),
  };
}

export const vpcActions: Ec2Actions = {
  DescribeVpcs(context) {
    const { params, region } = context;
    const ids = params.list('VpcId');
    ids.forEach((id) => checkId('vpc', id, 'InvalidVpcID.Malformed'));
    const candidates = ids.length > 0 ? lookup(context, ids, region.vpcs, 'InvalidVpcID.NotFound', 'vpc ID') : [...region.vpcs.values()];
    const isDefault = (v: Vpc) => v.isDefault;
    // Packer passes template filter names verbatim (`isDefault`), which EC2 accepts as well.
    const matches = compileFilters(params.filters(), {
      'vpc-id': (v: Vpc) => v.id,
      'is-default': isDefault,
      isDefault,
      state: () => 'available',
      cidr: (v) => v.cidrBlock,
      'cidr-block': (v) => v.cidrBlock,
      'cidr-block-association.cidr-block': (v) => v.cidrBlock,
      'dhcp-options-id': (v) => v.dhcpOptionsId,
      'owner-id': (v) => v.ownerId,
    }, (v) => v.tags);
    return {
      vpcSet: candidates.filter(matches).map((v) => ({
        vpcId: v.id,
        ownerId: v.ownerId,
        state: 'available',
        cidrBlock: v.cidrBlock,
        cidrBlockAssociationSet: [{ cidrBlock: v.cidrBlock, associationId: `vpc-cidr-assoc-${v.id.slice(4)}`, cidrBlockState: { state: 'associated' } }],
        dhcpOptionsId: v.dhcpOptionsId,
        instanceTenancy: 'default',
        isDefault: v.isDefault,
        tagSet: tagSet(v.tags),
      })),
    };
  },

  DescribeSubnets(context) {
    const { params, region } = context;
    const ids = params.list('SubnetId');
    ids.forEach((id) => checkId('subnet', id, 'InvalidSubnetID.Malformed'));
    const candidates = ids.length > 0 ? lookup(context, ids, region.subnets, 'InvalidSubnetID.NotFound', 'subnet ID') : [...region.subnets.values()];
    const zone = (s: Subnet) => s.availabilityZone;
    const defaultForAz = (s: Subnet) => s.defaultForAz;
    const matches = compileFilters(params.filters(), {
      'subnet-id': (s: Subnet) => s.id,
      'vpc-id': (s) => s.vpcId,
      state: () => 'available',
      'availability-zone': zone,
      availabilityZone: zone,
      'availability-zone-id': (s) => s.availabilityZoneId,
      'default-for-az': defaultForAz,
      defaultForAz,
      'cidr-block': (s) => s.cidrBlock,
      cidr: (s) => s.cidrBlock,
      'map-public-ip-on-launch': (s) => s.mapPublicIpOnLaunch,
      'owner-id': (s) => s.ownerId,
    }, (s) => s.tags);
    return { subnetSet: candidates.filter(matches).map((s) => renderSubnet(region, s)) };
  },
};
