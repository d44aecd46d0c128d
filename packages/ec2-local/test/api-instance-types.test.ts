// The instance type catalogue through @aws-sdk/client-ec2: DescribeInstanceTypes (known types, filters, EC2's
// InvalidInstanceType for an unknown one), DescribeInstanceTypeOfferings, and RunInstances refusing a type EC2 does
// not have with EC2's message (what a typo in `instance_type` gets on AWS).
import { DescribeImagesCommand, DescribeInstanceTypeOfferingsCommand, DescribeInstanceTypesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import type { Ec2Local } from '../src/index.js';
import { awsError, ec2Client, startFast } from './support/endpoint.js';

let local: Ec2Local;
let ec2: EC2Client;

beforeAll(async () => {
  local = await startFast();
  ec2 = ec2Client(local);
});

afterAll(async () => {
  await local.stop();
});

test('DescribeInstanceTypes describes known types and refuses unknown ones as EC2 does', async () => {
  const { InstanceTypes } = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t3.micro', 'm6g.large', 'm3.medium'] }));
  expect(InstanceTypes!.map((t) => [t.InstanceType, t.ProcessorInfo!.SupportedArchitectures, t.VCpuInfo!.DefaultVCpus, t.MemoryInfo!.SizeInMiB, t.BurstablePerformanceSupported, t.CurrentGeneration])).toEqual([
    ['t3.micro', ['x86_64'], 2, 1024, true, true],
    ['m6g.large', ['arm64'], 2, 8192, false, true],
    ['m3.medium', ['x86_64'], 1, 4096, false, false],
  ]);
  const unknown = await awsError(ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t3.micro', 't9.huge'] })));
  expect(unknown).toMatchObject({ name: 'InvalidInstanceType', message: 'The following supplied instance types do not exist: [t9.huge]', $metadata: { httpStatusCode: 400 } });
  const arm = await ec2.send(new DescribeInstanceTypesCommand({ Filters: [{ Name: 'processor-info.supported-architecture', Values: ['arm64'] }, { Name: 'instance-type', Values: ['t4g.*'] }] }));
  expect(arm.InstanceTypes!.map((t) => t.InstanceType)).toEqual(['t4g.nano', 't4g.micro', 't4g.small', 't4g.medium', 't4g.large', 't4g.xlarge', 't4g.2xlarge']);
});

test('DescribeInstanceTypeOfferings offers a known type in every zone and an unknown one nowhere', async () => {
  const offered = async (type: string) =>
    (await ec2.send(new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: [type] }] }))).InstanceTypeOfferings!.map((o) => o.Location);
  expect(await offered('c5.xlarge')).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']);
  expect(await offered('t9.huge')).toEqual([]);
});

test('RunInstances refuses an instance type EC2 does not have', async () => {
  const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['099720109477'], Filters: [{ Name: 'name', Values: ['ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*'] }] }));
  const failure = await awsError(ec2.send(new RunInstancesCommand({ ImageId: Images![0]!.ImageId, MinCount: 1, MaxCount: 1, InstanceType: 't9.huge' as never })));
  expect(failure).toMatchObject({ name: 'InvalidParameterValue', message: "Invalid value 't9.huge' for InstanceType." });
  expect(local.liveResources().filter((r) => r.kind === 'instance')).toEqual([]);
});
