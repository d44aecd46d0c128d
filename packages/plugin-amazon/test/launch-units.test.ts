// The launch steps' pure parts: the RunInstances request and launch template data built from the options
// (reference §2 step 8), Packer's filter value parsing and "no AMI" text, most_recent, user data encoding, CIDR
// checks, the SSH host choice for each ssh_interface, the failure class read from an SSH error, IAM limits.
import type { Image, Instance } from '@aws-sdk/client-ec2';
import type { LocalCloud } from '@tspacker/ec2-local';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeQuery, ec2Filters, mostRecentImage } from '../src/common/ami-filter.js';
import { isStdBase64, loadUserData } from '../src/common/user-data.js';
import { buildInfoData, RUN_ID_TAG, sourceGeneratedData } from '../src/ebs/generated-data.js';
import type { EbsState } from '../src/ebs/state.js';
import { failureClassOf, sshHost } from '../src/ebs/steps/connect.js';
import { iamPrepareErrors } from '../src/ebs/prepare.js';
import { stepIamInstanceProfile } from '../src/ebs/steps/iam-instance-profile.js';
import { launchTemplateData } from '../src/ebs/steps/run-spot-instance.js';
import { launchTags, runInstancesInput } from '../src/ebs/steps/run-source-instance.js';
import { cidrFamily } from '../src/ebs/steps/security-group.js';
import { launchConfig, launchState, recordingUi } from './launch-support.js';

// No call reaches it: these tests only build requests (skip_credential_validation is set).
const offline = { endpoint: 'http://127.0.0.1:9' } as LocalCloud;

const IMAGE: Image = {
  ImageId: 'ami-0123456789abcdef0',
  Name: 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240101',
  OwnerId: '099720109477',
  ImageOwnerAlias: 'amazon',
  CreationDate: '2024-01-01T00:00:00.000Z',
  RootDeviceType: 'ebs',
  Tags: [{ Key: 'Distro', Value: 'ubuntu' }],
};

async function stateFor(lines: string[]): Promise<EbsState> {
  const state = await launchState(launchConfig(offline, lines), recordingUi());
  state.sourceImage = IMAGE;
  state.securityGroupIds = ['sg-1'];
  state.availabilityZone = 'us-east-1b';
  state.subnetId = '';
  state.iamInstanceProfile = state.config.iam_instance_profile;
  state.keyName = 'packer_key';
  return state;
}

test('RunInstances carries every launch option, the tag specifications and the run-id tag', async () => {
  const state = await stateFor([
    'launch_block_device_mappings {',
    '  device_name = "/dev/sda1"',
    '  volume_size = 12',
    '  volume_type = "gp3"',
    '  delete_on_termination = true',
    '}',
    'no_ephemeral = true',
    'ebs_optimized = true',
    'enable_unlimited_credits = true',
    'shutdown_behavior = "terminate"',
    'iam_instance_profile = "builder"',
    'placement {',
    '  tenancy = "dedicated"',
    '}',
    'metadata_options {',
    '  http_endpoint = "enabled"',
    '  http_tokens = "required"',
    '  http_put_response_hop_limit = 2',
    '  instance_metadata_tags = "enabled"',
    '}',
    'capacity_reservation_preference = "open"',
    'run_tags = { Name = "builder for {{ .SourceAMI }}" }',
    'run_volume_tags = { Disk = "{{ .SourceAMITags.Distro }}" }',
  ]);
  const ui = recordingUi();
  const input = runInstancesInput(state, IMAGE, 'dXNlcg==', launchTags(state, { instance: 'i', volume: 'v' }), ui);
  const nameTag = { Key: 'Name', Value: `builder for ${IMAGE.ImageId}` };
  const runId = { Key: RUN_ID_TAG, Value: state.runId };
  expect(input).toMatchObject({
    ImageId: IMAGE.ImageId,
    InstanceType: 't3.micro',
    UserData: 'dXNlcg==',
    MinCount: 1,
    MaxCount: 1,
    KeyName: 'packer_key',
    IamInstanceProfile: { Name: 'builder' },
    Placement: { AvailabilityZone: 'us-east-1b', Tenancy: 'dedicated' },
    EbsOptimized: true,
    EnclaveOptions: { Enabled: false },
    CreditSpecification: { CpuCredits: 'unlimited' },
    MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 2, InstanceMetadataTags: 'enabled' },
    InstanceInitiatedShutdownBehavior: 'terminate',
    SecurityGroupIds: ['sg-1'],
    CapacityReservationSpecification: { CapacityReservationPreference: 'open' },
    TagSpecifications: [
      { ResourceType: 'instance', Tags: [nameTag, runId] },
      { ResourceType: 'network-interface', Tags: [nameTag, runId] },
      { ResourceType: 'volume', Tags: [{ Key: 'Disk', Value: 'ubuntu' }, runId] },
    ],
  });
  expect(input.SubnetId).toBeUndefined();
  expect(input.NetworkInterfaces).toBeUndefined();
  const mappings = input.BlockDeviceMappings!;
  expect(mappings[0]).toMatchObject({ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 12, VolumeType: 'gp3', DeleteOnTermination: true } });
  expect(mappings.slice(1).map((m) => m.DeviceName)).toEqual([...'abcdefghijklmnopqrstuvwxyz'].map((l) => `xvdc${l}`));
  expect(mappings.slice(1).every((m) => m.NoDevice === '')).toBe(true);
  expect(ui.said).toEqual([`Adding tag: "Name": "builder for ${IMAGE.ImageId}"`, 'Adding tag: "Disk": "ubuntu"']);
  state.session.destroy();
});

test('associate_public_ip_address with a subnet: the network interface form; burstable types get standard credits', async () => {
  const state = await stateFor(['associate_public_ip_address = true']);
  state.subnetId = 'subnet-1';
  const ui = recordingUi();
  const input = runInstancesInput(state, IMAGE, '', { instance: [], volume: [] }, ui);
  expect(input.NetworkInterfaces).toEqual([{ DeviceIndex: 0, AssociatePublicIpAddress: true, SubnetId: 'subnet-1', Groups: ['sg-1'], DeleteOnTermination: true }]);
  expect(input.SecurityGroupIds).toBeUndefined();
  expect(input.SubnetId).toBeUndefined();
  expect(input.UserData).toBeUndefined();
  expect(input.CreditSpecification).toEqual({ CpuCredits: 'standard' });
  expect(input.InstanceInitiatedShutdownBehavior).toBe('stop');
  // http_endpoint defaults to enabled (prepare), so metadata options are sent as Packer does.
  expect(input.MetadataOptions).toMatchObject({ HttpEndpoint: 'enabled' });
  expect(ui.said).toEqual(['changing public IP address config to true for instance on subnet "subnet-1"']);

  const template = launchTemplateData(state, IMAGE.ImageId!, 'dXNlcg==', recordingUi());
  expect(template).toMatchObject({
    ImageId: IMAGE.ImageId,
    InstanceType: 't3.micro',
    KeyName: 'packer_key',
    InstanceMarketOptions: { MarketType: 'spot' },
    NetworkInterfaces: [{ Groups: ['sg-1'], DeleteOnTermination: true, DeviceIndex: 0, SubnetId: 'subnet-1', AssociatePublicIpAddress: true }],
    Placement: { AvailabilityZone: 'us-east-1b' },
    UserData: 'dXNlcg==',
  });
  state.session.destroy();
});

test('filter values are CSV records; the "no AMI" text lists the query; most_recent takes the newest', () => {
  expect(ec2Filters({ name: 'a, b', 'tag:x': '"c,d",e', single: 'ubuntu/*' })).toEqual([
    { Name: 'name', Values: ['a', 'b'] },
    { Name: 'tag:x', Values: ['c,d', 'e'] },
    { Name: 'single', Values: ['ubuntu/*'] },
  ]);
  expect(describeQuery({ ImageIds: ['ami-1'], Owners: ['self', 'amazon'] })).toBe('{\n  ImageIds: ["ami-1"],\n  Owners: ["self","amazon"]\n}');
  const images: Image[] = [
    { ImageId: 'old', CreationDate: '2023-01-01T00:00:00.000Z' },
    { ImageId: 'new', CreationDate: '2024-06-01T00:00:00.000Z' },
    { ImageId: 'mid', CreationDate: '2024-01-01T00:00:00.000Z' },
  ];
  expect(mostRecentImage(images).ImageId).toBe('new');
});

test('user data: a file wins, text is base64-encoded unless it already is; an unreadable file is Packer\'s error', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'launch-user-data-'));
  try {
    const file = path.join(dir, 'ud.sh');
    writeFileSync(file, '#!/bin/sh\necho hi\n');
    expect(loadUserData('ignored', file)).toBe(Buffer.from('#!/bin/sh\necho hi\n').toString('base64'));
    expect(loadUserData('aGVsbG8=', '')).toBe('aGVsbG8=');
    expect(loadUserData('hello', '')).toBe('aGVsbG8=');
    expect(loadUserData('', '')).toBe('');
    expect(isStdBase64('aGVs\nbG8=')).toBe(true);
    expect(isStdBase64('abc')).toBe(false);
    expect(() => loadUserData('', path.join(dir, 'missing'))).toThrow(`Problem reading user data file: open ${path.join(dir, 'missing')}: no such file or directory`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CIDRs as Go parses them', () => {
  expect(cidrFamily('0.0.0.0/0')).toBe(4);
  expect(cidrFamily('2001:db8::/32')).toBe(6);
  expect(() => cidrFamily('10.0.0.0/33')).toThrow('invalid CIDR address: 10.0.0.0/33');
  expect(() => cidrFamily('10.0.0.0')).toThrow('invalid CIDR address: 10.0.0.0');
});

test('the SSH host for each ssh_interface, ssh_host verbatim', async () => {
  const state = await stateFor([]);
  const instance: Instance = {
    InstanceId: 'i-1',
    VpcId: 'vpc-1',
    PublicIpAddress: '54.1.2.3',
    PrivateIpAddress: '172.31.0.5',
    PublicDnsName: 'ec2-54-1-2-3.compute.amazonaws.com',
    PrivateDnsName: 'ip-172-31-0-5.ec2.internal',
    Ipv6Address: '2600::5',
  };
  state.instance = instance;
  const never = new AbortController().signal;
  const cases: [string, string][] = [
    ['', '54.1.2.3'],
    ['public_ip', '54.1.2.3'],
    ['private_ip', '172.31.0.5'],
    ['public_dns', 'ec2-54-1-2-3.compute.amazonaws.com'],
    ['private_dns', 'ip-172-31-0-5.ec2.internal'],
    ['ipv6', '2600::5'],
  ];
  for (const [sshInterface, host] of cases) {
    state.config.ssh_interface = sshInterface;
    expect(await sshHost(state, never)).toBe(host);
  }
  state.config.ssh_host = 'bastion.example';
  expect(await sshHost(state, never)).toBe('bastion.example');
  state.session.destroy();
});

test('the failure class of an SSH error, also of a timeout by its last failure', () => {
  const error = (message: string, failure: string) => Object.assign(new Error(message), { failure });
  expect(failureClassOf(error('authentication failed 10 times', 'auth'))).toBe('auth');
  expect(failureClassOf(error('Timeout waiting for SSH. Last failure: connection refused: 127.0.0.1:22 refused', 'timeout'))).toBe('refused');
  expect(failureClassOf(error('Timeout waiting for SSH. 0 attempts', 'timeout'))).toBeUndefined();
  expect(failureClassOf(new Error('plain'))).toBeUndefined();
});

test('generated data and build info of the source image; no IAM: a policy document is refused', async () => {
  const state = await stateFor([]);
  expect(buildInfoData(state)).toEqual({
    BuildRegion: 'us-east-1',
    SourceAMI: IMAGE.ImageId,
    SourceAMICreationDate: IMAGE.CreationDate,
    SourceAMIName: IMAGE.Name,
    SourceAMIOwner: '099720109477',
    SourceAMIOwnerName: 'amazon',
    SourceAMITags: { Distro: 'ubuntu' },
  });
  expect(Object.keys(sourceGeneratedData(state)).sort()).toEqual(['BuildRegion', 'SourceAMI', 'SourceAMICreationDate', 'SourceAMIName', 'SourceAMIOwner', 'SourceAMIOwnerName']);
  expect(iamPrepareErrors({ temporary_iam_instance_profile_policy_document: { Version: '2012-10-17' } })).toEqual([
    'temporary_iam_instance_profile_policy_document is not supported by tspacker yet (it needs IAM); create the instance profile beforehand and name it in iam_instance_profile',
  ]);
  state.config.iam_instance_profile = 'given';
  await stepIamInstanceProfile.run(state, { ui: recordingUi(), signal: new AbortController().signal });
  expect(state.iamInstanceProfile).toBe('given');
  state.session.destroy();
});
