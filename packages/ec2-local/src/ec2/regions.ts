// DescribeRegions, DescribeAvailabilityZones, DescribeInstanceTypeOfferings: the static geography.
import { compileFilters } from '../filters.js';
import { REGIONS, zonesOf } from '../state/geography.js';
import type { Ec2Actions } from './context.js';

const INSTANCE_TYPES = [
  't2.nano', 't2.micro', 't2.small', 't2.medium', 't3.nano', 't3.micro', 't3.small', 't3.medium', 't3.large',
  't3a.micro', 't4g.micro', 't4g.small', 'm5.large', 'm5.xlarge', 'm6i.large', 'm6g.large', 'c5.large', 'c6g.large', 'r5.large',
];

export const regionActions: Ec2Actions = {
  DescribeRegions({ params }) {
    const names = params.list('RegionName');
    const all = params.bool('AllRegions') ?? false;
    const matches = compileFilters(params.filters(), {
      'region-name': (r: (typeof REGIONS)[number]) => r.name,
      endpoint: (r) => `ec2.${r.name}.amazonaws.com`,
      'opt-in-status': (r) => (r.optInRequired ? 'not-opted-in' : 'opt-in-not-required'),
    }, () => new Map());
    const regions = REGIONS.filter((r) => (all || !r.optInRequired) && (names.length === 0 || names.includes(r.name)) && matches(r));
    return {
      regionInfo: regions.map((r) => ({
        regionName: r.name,
        regionEndpoint: `ec2.${r.name}.amazonaws.com`,
        optInStatus: r.optInRequired ? 'not-opted-in' : 'opt-in-not-required',
      })),
    };
  },

  DescribeAvailabilityZones({ params, region }) {
    const names = params.list('ZoneName');
    const ids = params.list('ZoneId');
    const matches = compileFilters(params.filters(), {
      'zone-name': (z: { name: string; id: string }) => z.name,
      'zone-id': (z) => z.id,
      'region-name': () => region.name,
      state: () => 'available',
      'zone-type': () => 'availability-zone',
    }, () => new Map());
    const zones = zonesOf(region.name).filter((z) => (names.length === 0 || names.includes(z.name)) && (ids.length === 0 || ids.includes(z.id)) && matches(z));
    return {
      availabilityZoneInfo: zones.map((z) => ({
        zoneName: z.name,
        zoneState: 'available',
        regionName: region.name,
        zoneId: z.id,
        zoneType: 'availability-zone',
        optInStatus: 'opt-in-not-required',
        groupName: region.name,
        networkBorderGroup: region.name,
        messageSet: [],
      })),
    };
  },

  DescribeInstanceTypeOfferings({ params, region }) {
    const locationType = params.get('LocationType') ?? 'region';
    const locations = locationType === 'region' ? [region.name] : locationType === 'availability-zone-id' ? zonesOf(region.name).map((z) => z.id) : zonesOf(region.name).map((z) => z.name);
    const offerings = locations.flatMap((location) => INSTANCE_TYPES.map((instanceType) => ({ instanceType, location })));
    const matches = compileFilters(params.filters(), {
      location: (o: { instanceType: string; location: string }) => o.location,
      'instance-type': (o) => o.instanceType,
    }, () => new Map());
    return {
      instanceTypeOfferingSet: offerings.filter(matches).map((o) => ({ instanceType: o.instanceType, locationType, location: o.location })),
    };
  },
};
