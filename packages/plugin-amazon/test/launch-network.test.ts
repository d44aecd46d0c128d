// StepNetworkInfo, StepKeyPair and the user data against a local cloud with real machines: vpc_filter and
// subnet_filter (most_free, several matches), associate_public_ip_address with and without a subnet (the network
// interface form; the default-VPC subnet in a zone offering the type), an existing key pair with
// ssh_private_key_file, user_data_file run at first boot, -debug's copy of the temporary key.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DeleteKeyPairCommand, DescribeSubnetsCommand, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { actionsIn, ec2Client, loggedCalls, startTestCloud, type TestCloud } from './ebs-build-harness.js';
import { launchConfig, launchState, launchSteps, probe, recordingUi, remote, run } from './launch-support.js';

let test_: TestCloud;
let files: string;

beforeAll(async () => {
  test_ = await startTestCloud('launch-network');
  files = mkdtempSync(path.join(test_.dir, 'files-'));
});

afterAll(async () => {
  await test_?.stop();
});

test('vpc_filter and subnet_filter (most_free) with associate_public_ip_address: found ids, network interface launch, SSH', async () => {
  const { cloud } = test_;
  const ec2 = ec2Client(cloud, 'us-east-1');
  const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets!;
  const mostFree = [...subnets].sort((a, b) => a.AvailableIpAddressCount! - b.AvailableIpAddressCount!).at(-1)!;
  const config = launchConfig(cloud, [
    'vpc_filter {',
    '  filters = { is-default = "true" }',
    '}',
    'subnet_filter {',
    '  filters = { default-for-az = "true" }',
    '  most_free = true',
    '}',
    'associate_public_ip_address = true',
  ]);
  const ui = recordingUi();
  const state = await launchState(config, ui);
  let whoami = '';
  const error = await run([...launchSteps(config), probe(async (s) => void (whoami = await remote(s, 'id -un')))], state, ui);
  expect(error).toBeUndefined();
  expect(whoami).toBe('ubuntu\n');
  expect(ui.said).toContain(`Found VPC ID: ${mostFree.VpcId}`);
  expect(ui.said).toContain(`Found Subnet ID: ${state.subnetId}`);
  expect(subnets.filter((s) => s.AvailableIpAddressCount === mostFree.AvailableIpAddressCount).map((s) => s.SubnetId)).toContain(state.subnetId);
  expect(state.availabilityZone).toBe(subnets.find((s) => s.SubnetId === state.subnetId)!.AvailabilityZone);
  expect(ui.said).toContain(`changing public IP address config to true for instance on subnet "${state.subnetId}"`);
  expect(state.instance!.SubnetId).toBe(state.subnetId);
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);

test('a subnet_filter matching several subnets without most_free or random: Packer\'s error', async () => {
  const { cloud } = test_;
  const config = launchConfig(cloud, ['subnet_filter {', '  filters = { default-for-az = "true" }', '}']);
  const ui = recordingUi();
  const error = await run(launchSteps(config), await launchState(config, ui), ui);
  expect(error?.message).toMatch(/^Your filter matched \d+ Subnets\. Please try a more specific search, or set random or most_free to true\.$/);
  expect(cloud.liveResources()).toEqual([]);
}, 30_000);

test('associate_public_ip_address without a subnet: the default VPC\'s most free subnet in a zone offering the type', async () => {
  const { cloud } = test_;
  const before = (await loggedCalls(cloud)).length;
  const config = launchConfig(cloud, ['associate_public_ip_address = false', 'communicator = "none"']);
  const ui = recordingUi();
  const state = await launchState(config, ui);
  const error = await run(launchSteps(config), state, ui);
  expect(error).toBeUndefined();
  const said = ui.said;
  const at = said.indexOf('Setting public IP address to false on instance without a subnet ID');
  expect(at).toBeGreaterThan(0);
  expect(said.slice(at, at + 4)).toEqual([
    'Setting public IP address to false on instance without a subnet ID',
    'No VPC ID provided, Packer will use the default VPC',
    expect.stringMatching(/^Inferring subnet from the selected VPC "vpc-[0-9a-f]+"$/),
    `Set subnet as "${state.subnetId}"`,
  ]);
  const calls = actionsIn(await loggedCalls(cloud, before), 'us-east-1');
  expect(calls.filter((a) => a === 'DescribeInstanceTypeOfferings').length).toBeGreaterThan(0);
  expect(state.instance!.SubnetId).toBe(state.subnetId);
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);

test('an existing key pair with ssh_private_key_file: no temporary key pair, the key logs in; user_data_file ran at boot', async () => {
  const { cloud } = test_;
  const ec2 = ec2Client(cloud, 'us-east-1');
  const keyFile = path.join(files, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
  await ec2.send(new ImportKeyPairCommand({ KeyName: 'mine', PublicKeyMaterial: readFileSync(`${keyFile}.pub`) }));
  const userData = path.join(files, 'user-data.sh');
  writeFileSync(userData, '#!/bin/sh\nmkdir -p /opt/launch && echo from-user-data > /opt/launch/boot\n');
  try {
    const before = (await loggedCalls(cloud)).length;
    const config = launchConfig(cloud, ['ssh_keypair_name = "mine"', `ssh_private_key_file = "${keyFile}"`, `user_data_file = "${userData}"`]);
    const ui = recordingUi();
    const state = await launchState(config, ui);
    let boot = '';
    const error = await run([...launchSteps(config), probe(async (s) => void (boot = await remote(s, 'cat /opt/launch/boot')))], state, ui);
    expect(error).toBeUndefined();
    expect(boot).toBe('from-user-data\n');
    expect(ui.said).toContain('Using existing SSH private key');
    expect(state.instance!.KeyName).toBe('mine');
    const calls = actionsIn(await loggedCalls(cloud, before), 'us-east-1');
    expect(calls).not.toContain('CreateKeyPair');
    expect(calls).not.toContain('DeleteKeyPair');
  } finally {
    await ec2.send(new DeleteKeyPairCommand({ KeyName: 'mine' }));
    rmSync(files, { recursive: true, force: true });
  }
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);

test('-debug saves the temporary key as ec2_<build>.pem (0600) in the working directory; the cleanup removes it', async () => {
  const { cloud } = test_;
  const cwd = process.cwd();
  const dir = mkdtempSync(path.join(test_.dir, 'debug-'));
  process.chdir(dir);
  try {
    const config = launchConfig(cloud, ['communicator = "none"']);
    config.packer_debug = true;
    const ui = recordingUi();
    const state = await launchState(config, ui);
    let saved: { mode: number; text: string } | undefined;
    const error = await run(
      [...launchSteps(config), probe(async (s) => void (saved = { mode: statSync('ec2_x.pem').mode & 0o777, text: readFileSync('ec2_x.pem', 'utf8') }))],
      state,
      ui,
    );
    expect(error).toBeUndefined();
    expect(ui.said).toContain('Saving key for debug purposes: ec2_x.pem');
    expect(saved?.mode).toBe(0o600);
    expect(saved?.text).toBe(state.keyPair!.privateKey);
    expect(existsSync(path.join(dir, 'ec2_x.pem'))).toBe(false);
  } finally {
    process.chdir(cwd);
  }
  expect(cloud.liveResources()).toEqual([]);
}, 55_000);
