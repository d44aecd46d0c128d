// Spot launches as amazon-ebs makes them (Packer 1.6.6 on the wire): CreateLaunchTemplate with the launch
// data, CreateFleet of type instant with instance-type overrides, spot lifecycle, DeleteLaunchTemplate.
import {
  CreateFleetCommand,
  CreateLaunchTemplateCommand,
  DeleteLaunchTemplateCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  EC2Client,
  TerminateInstancesCommand,
  waitUntilInstanceRunning,
  waitUntilInstanceTerminated,
} from '@aws-sdk/client-ec2';
import type { Ec2Local } from '../src/index.js';
import { awsError, ec2Client, startFast, waiter } from './support/endpoint.js';

let local: Ec2Local;
let ec2: EC2Client;

beforeAll(async () => {
  local = await startFast();
  ec2 = ec2Client(local);
});

afterAll(async () => {
  await local.stop();
});

test('a launch template and an instant spot fleet launch a spot instance; the template is deleted afterwards', async () => {
  const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['099720109477'], Filters: [{ Name: 'name', Values: ['ubuntu/images/hvm-ssd/ubuntu-focal-20.04-arm64-server-20240821'] }] }));
  const template = await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: 'packer-fleet-launch-template-abc1234',
      LaunchTemplateData: {
        ImageId: Images![0]!.ImageId,
        InstanceMarketOptions: { MarketType: 'spot' },
        BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 12, VolumeType: 'gp2', DeleteOnTermination: true } }],
        NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true, DeleteOnTermination: true }],
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'Packer Builder' }] }],
      },
    }),
  );
  expect(template.LaunchTemplate!.LaunchTemplateId).toMatch(/^lt-[0-9a-f]{17}$/);
  const duplicate = ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'packer-fleet-launch-template-abc1234', LaunchTemplateData: { ImageId: Images![0]!.ImageId } }));
  expect((await awsError(duplicate)).name).toBe('InvalidLaunchTemplateName.AlreadyExistsException');
  const fleet = await ec2.send(
    new CreateFleetCommand({
      Type: 'instant',
      LaunchTemplateConfigs: [
        {
          LaunchTemplateSpecification: { LaunchTemplateName: 'packer-fleet-launch-template-abc1234', Version: '1' },
          // The first override cannot run this arm64 image; the fleet reports it and uses the next.
          Overrides: [{ InstanceType: 't3.micro' }, { InstanceType: 't4g.micro' }],
        },
      ],
      TargetCapacitySpecification: { TotalTargetCapacity: 1, DefaultTargetCapacityType: 'spot' },
    }),
  );
  expect(fleet.FleetId).toMatch(/^fleet-/);
  expect(fleet.Errors!.map((e) => e.ErrorCode)).toEqual(['InvalidParameterValue']);
  const [launched] = fleet.Instances!;
  expect(launched).toMatchObject({ InstanceType: 't4g.micro', Lifecycle: 'spot' });
  const instanceId = launched!.InstanceIds![0]!;
  await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [instanceId] });
  const instance = (await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-lifecycle', Values: ['spot'] }] }))).Reservations![0]!.Instances![0]!;
  expect(instance).toMatchObject({ InstanceId: instanceId, InstanceLifecycle: 'spot', Architecture: 'arm64', Tags: [{ Key: 'Name', Value: 'Packer Builder' }] });
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  await waitUntilInstanceTerminated(waiter(ec2), { InstanceIds: [instanceId] });
  await ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateName: 'packer-fleet-launch-template-abc1234' }));
  expect((await awsError(ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['packer-fleet-launch-template-abc1234'] })))).name).toBe('InvalidLaunchTemplateName.NotFoundException');
  expect(local.liveResources()).toEqual([]);
});
