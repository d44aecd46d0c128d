// The instance types the endpoint knows: families and their sizes, with the few facts clients read (architecture,
// vCPUs, memory, burstable). RunInstances refuses a type outside it as EC2 does ("Invalid value 'x' for
// InstanceType."), DescribeInstanceTypes answers InvalidInstanceType for one, and DescribeInstanceTypeOfferings
// offers all of them in every zone. Generated from rules, not a copy of EC2's list of several hundred.

export interface InstanceTypeInfo {
  readonly name: string;
  readonly architecture: 'x86_64' | 'arm64';
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly burstable: boolean;
  readonly currentGeneration: boolean;
}

type Shape = 'general' | 'compute' | 'memory';

interface Family {
  readonly name: string;
  readonly arm?: boolean;
  readonly shape: Shape;
  readonly sizes: readonly string[];
  readonly previous?: boolean;
}

const BURSTABLE_SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
const LARGE_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', 'metal'];

const FAMILIES: readonly Family[] = [
  { name: 't1', shape: 'general', sizes: ['micro'], previous: true },
  { name: 't2', shape: 'general', sizes: BURSTABLE_SIZES },
  { name: 't3', shape: 'general', sizes: BURSTABLE_SIZES },
  { name: 't3a', shape: 'general', sizes: BURSTABLE_SIZES },
  { name: 't4g', arm: true, shape: 'general', sizes: BURSTABLE_SIZES },
  { name: 'm1', shape: 'general', sizes: ['small', 'medium', 'large', 'xlarge'], previous: true },
  { name: 'm3', shape: 'general', sizes: ['medium', 'large', 'xlarge', '2xlarge'], previous: true },
  { name: 'm4', shape: 'general', sizes: ['large', 'xlarge', '2xlarge', '4xlarge', '10xlarge', '16xlarge'] },
  ...['m5', 'm5a', 'm6i', 'm6a', 'm7i', 'm7a'].map((name) => ({ name, shape: 'general' as const, sizes: LARGE_SIZES })),
  ...['m6g', 'm7g'].map((name) => ({ name, arm: true, shape: 'general' as const, sizes: ['medium', ...LARGE_SIZES] })),
  { name: 'a1', arm: true, shape: 'general', sizes: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', 'metal'] },
  { name: 'c4', shape: 'compute', sizes: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge'] },
  ...['c5', 'c5a', 'c6i', 'c6a', 'c7i'].map((name) => ({ name, shape: 'compute' as const, sizes: LARGE_SIZES })),
  ...['c6g', 'c7g'].map((name) => ({ name, arm: true, shape: 'compute' as const, sizes: ['medium', ...LARGE_SIZES] })),
  ...['r5', 'r6i', 'r7i'].map((name) => ({ name, shape: 'memory' as const, sizes: LARGE_SIZES })),
  ...['r6g', 'r7g'].map((name) => ({ name, arm: true, shape: 'memory' as const, sizes: ['medium', ...LARGE_SIZES] })),
];

/** GiB of memory per vCPU by shape. */
const MEMORY_PER_VCPU: Record<Shape, number> = { general: 4, compute: 2, memory: 8 };
const BURSTABLE_MEMORY_GIB: Record<string, number> = { nano: 0.5, micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 };

function vcpusOf(size: string): number {
  if (size === 'metal') return 96;
  if (size === 'large') return 2;
  if (size === 'xlarge') return 4;
  const multiple = /^(\d+)xlarge$/.exec(size);
  if (multiple) return 4 * Number(multiple[1]);
  return size === 'medium' ? 1 : 1; // nano..medium of non-burstable families (m1.small, a1.medium)
}

function describe(family: Family, size: string): InstanceTypeInfo {
  const burstable = /^t\d/.test(family.name);
  const vcpus = burstable ? (size === 'xlarge' ? 4 : size === '2xlarge' ? 8 : 2) : vcpusOf(size);
  const memoryGiB = burstable ? BURSTABLE_MEMORY_GIB[size]! : vcpus * MEMORY_PER_VCPU[family.shape];
  return {
    name: `${family.name}.${size}`,
    architecture: family.arm ? 'arm64' : 'x86_64',
    vcpus,
    memoryMiB: Math.round(memoryGiB * 1024),
    burstable,
    currentGeneration: !family.previous,
  };
}

/** Every known type, by name, in catalogue order. */
export const INSTANCE_TYPES: ReadonlyMap<string, InstanceTypeInfo> = new Map(
  FAMILIES.flatMap((family) => family.sizes.map((size) => describe(family, size))).map((info) => [info.name, info]),
);

export function instanceType(name: string): InstanceTypeInfo | undefined {
  return INSTANCE_TYPES.get(name);
}
