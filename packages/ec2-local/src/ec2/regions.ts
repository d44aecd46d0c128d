// DescribeRegions, DescribeAvailabilityZones, DescribeInstanceTypeOfferings, DescribeInstanceTypes: the static
// geography and the instance type catalogue (instance-types.ts).
import { AwsError } from '../contracts.js';
import { compileFilters } from '../filters.js';
import { REGIONS, zonesOf } from '../state/geography.js';
import type { Ec2Actions } from './context.js';
import { INSTANCE_TYPES, type InstanceTypeInfo } from './instance-types.js';

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
    const offerings = locations.flatMap((location) => [...INSTANCE_TYPES.keys()].map((instanceType) => ({ instanceType, location })));
    const matches = compileFilters(params.filters(), {
      location: (o: { instanceType: string; location: string }) => o.location,
      'instance-type': (o) => o.instanceType,
    }, () => new Map());
    return {
      instanceTypeOfferingSet: offerings.filter(matches).map((o) => ({ instanceType: o.instanceType, locationType, location: o.location })),
    };
  },

  DescribeInstanceTypes({ params }) {
    const names = params.list('InstanceType');
    const unknown = names.filter((name) => !INSTANCE_TYPES.has(name));
    if (unknown.length > 0) throw new AwsError('InvalidInstanceType', `The following supplied instance types do not exist: [${unknown.join(', ')}]`);
    const matches = compileFilters(params.filters(), {
      'instance-type': (t: InstanceTypeInfo) => t.name,
      'processor-info.supported-architecture': (t) => t.architecture,
      'current-generation': (t) => String(t.currentGeneration),
      'burstable-performance-supported': (t) => String(t.burstable),
      'vcpu-info.default-vcpus': (t) => String(t.vcpus),
      'memory-info.size-in-mib': (t) => String(t.memoryMiB),
    }, () => new Map());
    const types = (names.length > 0 ? [...new Set(names)].map((name) => INSTANCE_TYPES.get(name)!) : [...INSTANCE_TYPES.values()]).filter(matches);
    return {
      instanceTypeSet: types.map((t) => ({
        instanceType: t.name,
        currentGeneration: t.currentGeneration,
        freeTierEligible: t.name === 't2.micro' || t.name === 't3.micro',
        supportedUsageClasses: ['on-demand', 'spot'],
        supportedRootDeviceTypes: ['ebs'],
        supportedVirtualizationTypes: ['hvm'],
        bareMetal: t.name.endsWith('.metal'),
        hypervisor: t.name.endsWith('.metal') ? undefined : 'nitro',
        processorInfo: { supportedArchitectures: [t.architecture] },
        vCpuInfo: { defaultVCpus: t.vcpus },
        memoryInfo: { sizeInMiB: t.memoryMiB },
        burstablePerformanceSupported: t.burstable,
      })),
    };
  },
};
