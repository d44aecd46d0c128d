// Key pairs (real keys, checked with ssh-keygen), security groups, the default VPC and subnets, tags, volumes,
// regions and zones through @aws-sdk/client-ec2.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DeleteTagsCommand,
  DeleteVolumeCommand,
  DescribeAvailabilityZonesCommand,
  DescribeKeyPairsCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
  ImportKeyPairCommand,
  RevokeSecurityGroupIngressCommand,
  waitUntilKeyPairExists,
  waitUntilSecurityGroupExists,
  waitUntilVolumeAvailable,
} from '@aws-sdk/client-ec2';
import type { Ec2Local } from '../src/index.js';
import { awsError, ec2Client, startFast, waiter } from './support/endpoint.js';

let local: Ec2Local;
let ec2: EC2Client;
let dir: string;

beforeAll(async () => {
  local = await startFast();
  ec2 = ec2Client(local);
  dir = mkdtempSync(join(tmpdir(), 'ec2-local-keys-'));
});

afterAll(async () => {
  await local.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The public key ssh-keygen derives from a private key file (proves the key material is a usable key). */
function publicKeyOf(privateKey: string, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, privateKey, { mode: 0o600 });
  return execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).trim();
}

describe('key pairs', () => {
  test.each(['ed25519', 'rsa'] as const)('CreateKeyPair %s returns a private key whose public half the key pair holds', async (type) => {
    const created = await ec2.send(new CreateKeyPairCommand({ KeyName: `packer_${type}`, KeyType: type, TagSpecifications: [{ ResourceType: 'key-pair', Tags: [{ Key: 'k', Value: 'v' }] }] }));
    expect(created.KeyPairId).toMatch(/^key-[0-9a-f]{17}$/);
    expect(created.KeyMaterial).toContain(type === 'rsa' ? 'BEGIN RSA PRIVATE KEY' : 'BEGIN OPENSSH PRIVATE KEY');
    await waitUntilKeyPairExists(waiter(ec2), { KeyNames: [`packer_${type}`] });
    const described = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: [`packer_${type}`], IncludePublicKey: true }));
    const pair = described.KeyPairs![0]!;
    expect(pair).toMatchObject({ KeyName: `packer_${type}`, KeyType: type, KeyFingerprint: created.KeyFingerprint, Tags: [{ Key: 'k', Value: 'v' }] });
    const derived = publicKeyOf(created.KeyMaterial!, type);
    expect(pair.PublicKey!.split(' ').slice(0, 2)).toEqual(derived.split(' ').slice(0, 2));
    expect((await awsError(ec2.send(new CreateKeyPairCommand({ KeyName: `packer_${type}` })))).name).toBe('InvalidKeyPair.Duplicate');
    await ec2.send(new DeleteKeyPairCommand({ KeyName: `packer_${type}` }));
    expect((await awsError(ec2.send(new DescribeKeyPairsCommand({ KeyNames: [`packer_${type}`] })))).name).toBe('InvalidKeyPair.NotFound');
  });

  test('ImportKeyPair takes an OpenSSH public key; deleting an unknown name succeeds as on AWS', async () => {
    const file = join(dir, 'imported');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    const publicKey = readFileSync(`${file}.pub`, 'utf8');
    const imported = await ec2.send(new ImportKeyPairCommand({ KeyName: 'imported', PublicKeyMaterial: Buffer.from(publicKey) }));
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1]!.replace('SHA256:', '');
    expect(imported.KeyFingerprint!.replace(/=+$/, '')).toBe(fingerprint);
    const pair = (await ec2.send(new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-name', Values: ['imp*'] }], IncludePublicKey: true }))).KeyPairs!;
    expect(pair.map((p) => p.PublicKey!.split(' ')[1])).toEqual([publicKey.split(' ')[1]]);
    expect((await awsError(ec2.send(new ImportKeyPairCommand({ KeyName: 'bad', PublicKeyMaterial: Buffer.from('not a key') })))).name).toBe('InvalidKey.Format');
    await ec2.send(new DeleteKeyPairCommand({ KeyName: 'imported' }));
    await ec2.send(new DeleteKeyPairCommand({ KeyName: 'never-existed' }));
    expect(local.liveResources()).toEqual([]);
  });
});

describe('security groups', () => {
  test('create (default VPC), wait, ingress, duplicates, describe by filter, revoke, delete', async () => {
    const created = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'packer_sg', Description: 'Temporary group for Packer', TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'team', Value: 'build' }] }] }));
    const groupId = created.GroupId!;
    await waitUntilSecurityGroupExists(waiter(ec2), { GroupIds: [groupId] });
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    const duplicate = await awsError(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] })));
    expect(duplicate.name).toBe('InvalidPermission.Duplicate');
    expect((await awsError(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'packer_sg', Description: 'again' })))).name).toBe('InvalidGroup.Duplicate');
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    const [group] = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:team', Values: ['build'] }, { Name: 'vpc-id', Values: [Vpcs![0]!.VpcId!] }] }))).SecurityGroups!;
    expect(group).toMatchObject({ GroupId: groupId, GroupName: 'packer_sg', Description: 'Temporary group for Packer', VpcId: Vpcs![0]!.VpcId });
    expect(group!.IpPermissions).toEqual([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]);
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    expect((await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups![0]!.IpPermissions).toEqual([]);
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
    expect((await awsError(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })))).name).toBe('InvalidGroup.NotFound');
    expect((await awsError(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['group-1'] })))).name).toBe('InvalidGroupId.Malformed');
    const defaults = await ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }));
    expect((await awsError(ec2.send(new DeleteSecurityGroupCommand({ GroupId: defaults.SecurityGroups![0]!.GroupId })))).name).toBe('CannotDelete');
  });
});

describe('network', () => {
  test('a default VPC with one default subnet per zone; Packer filter spellings (isDefault, availabilityZone)', async () => {
    const viaPackerName = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }));
    expect(viaPackerName.Vpcs).toHaveLength(1);
    const vpc = viaPackerName.Vpcs![0]!;
    expect(vpc).toMatchObject({ IsDefault: true, CidrBlock: '172.31.0.0/16', State: 'available' });
    const zones = (await ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones!;
    expect(zones.map((z) => z.ZoneName)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']);
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }, { Name: 'state', Values: ['available'] }] }))).Subnets!;
    expect(subnets.map((s) => s.AvailabilityZone)).toEqual(zones.map((z) => z.ZoneName));
    expect(subnets.every((s) => s.DefaultForAz && s.AvailableIpAddressCount! > 4000)).toBe(true);
    const inB = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'availabilityZone', Values: ['us-east-1b'] }] }));
    expect(inB.Subnets!.map((s) => s.SubnetId)).toEqual([subnets[1]!.SubnetId]);
    expect((await awsError(ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0123456789abcdef0'] })))).name).toBe('InvalidSubnetID.NotFound');
    expect((await awsError(ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0123456789abcdef0'] })))).name).toBe('InvalidVpcID.NotFound');
  });

  test('regions and zones', async () => {
    const regions = (await ec2.send(new DescribeRegionsCommand({}))).Regions!.map((r) => r.RegionName);
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'us-west-2', 'eu-west-1']));
    expect(regions).not.toContain('af-south-1');
    expect((await ec2.send(new DescribeRegionsCommand({ AllRegions: true }))).Regions!.map((r) => r.RegionName)).toContain('af-south-1');
    const west = await ec2Client(local, 'us-west-2').send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-west-2b'] }));
    expect(west.AvailabilityZones).toEqual([expect.objectContaining({ ZoneName: 'us-west-2b', ZoneId: 'usw2-az2', State: 'available', RegionName: 'us-west-2' })]);
  });
});

describe('tags and volumes', () => {
  test('CreateTags/DescribeTags/DeleteTags over several resource kinds; unknown ids are NotFound', async () => {
    const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 4, VolumeType: 'gp3', TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'from', Value: 'create' }] }] }));
    const volumeId = volume.VolumeId!;
    expect(volume.State).toBe('creating');
    await waitUntilVolumeAvailable(waiter(ec2), { VolumeIds: [volumeId] });
    const group = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'tagged', Description: 'tagged' }));
    await ec2.send(new CreateTagsCommand({ Resources: [volumeId, group.GroupId!], Tags: [{ Key: 'Name', Value: 'tagged thing' }, { Key: 'empty', Value: '' }] }));
    const tags = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['Name', 'from'] }] }));
    expect(tags.Tags!.map((t) => [t.ResourceType, t.Key, t.Value]).sort()).toEqual([
      ['security-group', 'Name', 'tagged thing'],
      ['volume', 'Name', 'tagged thing'],
      ['volume', 'from', 'create'],
    ]);
    const byTag = await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'tag-key', Values: ['empty'] }] }));
    expect(byTag.Volumes!.map((v) => v.Tags!.find((t) => t.Key === 'empty')!.Value)).toEqual(['']);
    await ec2.send(new DeleteTagsCommand({ Resources: [volumeId], Tags: [{ Key: 'Name' }, { Key: 'from', Value: 'other' }] }));
    expect((await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes![0]!.Tags!.map((t) => t.Key).sort()).toEqual(['empty', 'from']);
    expect((await awsError(ec2.send(new CreateTagsCommand({ Resources: ['ami-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] })))).name).toBe('InvalidAMIID.NotFound');
    expect((await awsError(ec2.send(new CreateTagsCommand({ Resources: ['snap-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] })))).name).toBe('InvalidSnapshot.NotFound');
    expect((await awsError(ec2.send(new CreateTagsCommand({ Resources: ['thing-1'], Tags: [{ Key: 'a', Value: 'b' }] })))).name).toBe('InvalidID');
    await ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId }));
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.GroupId }));
    expect(local.liveResources()).toEqual([]);
  });
});
