// The EC2 API over real machines (namespace isolation, as root): a key pair made by CreateKeyPair logs in over
// SSH at the address DescribeInstances reports, user data ran at first boot, CreateImage captures what was
// changed and an instance launched from the new AMI (also from its copy in another region) sees it; nothing is
// left after terminate and deregister.
import { writeFileSync } from 'node:fs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  CopyImageCommand,
  CreateImageCommand,
  CreateKeyPairCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  waitUntilImageAvailable,
  waitUntilInstanceRunning,
  waitUntilInstanceStopped,
  waitUntilInstanceTerminated,
} from '@aws-sdk/client-ec2';
import type { Ec2Local, MachineHost } from '../src/index.js';
import { createMachineHost } from '../src/machines/index.js';
import { machineStateParent, mountsUnder, processesUnder, ssh, tempDirIn, type KeyPair } from './machine-support.js';
import { ec2Client, startFast, waiter } from './support/endpoint.js';

let stateDir: string;
let host: MachineHost;
let local: Ec2Local;
let ec2: EC2Client;

beforeAll(async () => {
  stateDir = tempDirIn(machineStateParent, 'ec2-local-api-machines-');
  host = createMachineHost({ stateDir: join(stateDir, 'host'), startTimeoutMs: 20_000 });
  local = await startFast({ machines: host, stateDir: join(stateDir, 'endpoint') });
  ec2 = ec2Client(local);
});

afterAll(async () => {
  await local.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

async function addressOf(instanceId: string, client = ec2): Promise<{ address: string; sshPort: number }> {
  const { Reservations } = await client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return { address: Reservations![0]!.Instances![0]!.PublicIpAddress!, sshPort: 22 };
}

/** A key pair made by CreateKeyPair, its private key written to a 0600 file for ssh. */
async function createKeyPair(name: string, type: 'ed25519' | 'rsa'): Promise<KeyPair> {
  const created = await ec2.send(new CreateKeyPairCommand({ KeyName: name, KeyType: type }));
  const keyFile = join(stateDir, `${name}.pem`);
  writeFileSync(keyFile, created.KeyMaterial!, { mode: 0o600 });
  return { privateKeyFile: keyFile, publicKey: '' };
}

test('launch with a CreateKeyPair key and user data, SSH in, capture with CreateImage, launch the AMI and its copy', async () => {
  const key = await createKeyPair('real-machines', 'ed25519');
  const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['099720109477'], Filters: [{ Name: 'name', Values: ['ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*'] }] }));
  const userData = '#!/bin/sh\nmkdir -p /opt/built && echo from-user-data > /opt/built/boot\n';
  const run = await ec2.send(new RunInstancesCommand({ ImageId: Images![0]!.ImageId, MinCount: 1, MaxCount: 1, KeyName: 'real-machines', UserData: Buffer.from(userData).toString('base64') }));
  const builder = run.Instances![0]!.InstanceId!;
  await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [builder] });
  const at = await addressOf(builder);
  const provision = await ssh(at, 'ubuntu', key, 'cat /opt/built/boot && echo provisioned > ~/marker && id -un');
  expect(provision).toMatchObject({ code: 0, stdout: 'from-user-data\nubuntu\n' });

  await ec2.send(new StopInstancesCommand({ InstanceIds: [builder] }));
  await waitUntilInstanceStopped(waiter(ec2), { InstanceIds: [builder] });
  const image = await ec2.send(new CreateImageCommand({ InstanceId: builder, Name: 'real-machines-image' }));
  await waitUntilImageAvailable(waiter(ec2), { ImageIds: [image.ImageId!] });
  const west = ec2Client(local, 'us-west-2');
  const copy = await west.send(new CopyImageCommand({ SourceRegion: 'us-east-1', SourceImageId: image.ImageId!, Name: 'real-machines-image' }));
  await waitUntilImageAvailable(waiter(west), { ImageIds: [copy.ImageId!] });

  const fromImage = await ec2.send(new RunInstancesCommand({ ImageId: image.ImageId, MinCount: 1, MaxCount: 1, KeyName: 'real-machines' }));
  const fromCopy = await west.send(new RunInstancesCommand({ ImageId: copy.ImageId, MinCount: 1, MaxCount: 1 }));
  const launched = fromImage.Instances![0]!.InstanceId!;
  const copied = fromCopy.Instances![0]!.InstanceId!;
  await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [launched] });
  await waitUntilInstanceRunning(waiter(west), { InstanceIds: [copied] });
  const seen = await ssh(await addressOf(launched), 'ubuntu', key, 'cat ~/marker');
  expect(seen).toMatchObject({ code: 0, stdout: 'provisioned\n' });
  // Launched without a key pair, yet the key logs in: the captured disk keeps ~/.ssh/authorized_keys, as an AMI
  // does on AWS (what Packer's ssh_clear_authorized_keys is for). The copy shares the captured layer.
  const onCopy = await ssh(await addressOf(copied, west), 'ubuntu', key, 'cat ~/marker /opt/built/boot');
  expect(onCopy).toMatchObject({ code: 0, stdout: 'provisioned\nfrom-user-data\n' });

  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [builder, launched] }));
  await west.send(new TerminateInstancesCommand({ InstanceIds: [copied] }));
  await waitUntilInstanceTerminated(waiter(ec2), { InstanceIds: [builder, launched] });
  await waitUntilInstanceTerminated(waiter(west), { InstanceIds: [copied] });
  await ec2.send(new DeregisterImageCommand({ ImageId: image.ImageId }));
  await west.send(new DeregisterImageCommand({ ImageId: copy.ImageId }));
  expect(processesUnder(stateDir)).toEqual([]);
  expect(mountsUnder(stateDir)).toEqual([]);
  // Deregistering leaves the images' snapshots, as on AWS.
  expect(local.liveResources().map((r) => r.kind).sort()).toEqual(['key-pair', 'snapshot', 'snapshot']);
}, 55_000);

test('CreateImage of a running instance reboots it (stop, capture, start): it stays running and the image has its changes', async () => {
  const key = await createKeyPair('reboot-capture', 'ed25519');
  const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['099720109477'], Filters: [{ Name: 'name', Values: ['ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*'] }] }));
  const run = await ec2.send(new RunInstancesCommand({ ImageId: Images![0]!.ImageId, MinCount: 1, MaxCount: 1, KeyName: 'reboot-capture' }));
  const builder = run.Instances![0]!.InstanceId!;
  await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [builder] });
  const at = await addressOf(builder);
  // A process that survives only if the machine is not rebooted.
  expect(await ssh(at, 'ubuntu', key, 'echo before-reboot > ~/marker; nohup sleep 300 >/dev/null 2>&1 & echo $! > /tmp/sleeper')).toMatchObject({ code: 0 });
  const image = await ec2.send(new CreateImageCommand({ InstanceId: builder, Name: 'reboot-capture-image' }));
  await waitUntilImageAvailable(waiter(ec2), { ImageIds: [image.ImageId!] });
  const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [builder] }));
  expect(Reservations![0]!.Instances![0]!.State!.Name).toBe('running');
  // Rebooted: the disk is kept, /tmp (a tmpfs) and the sleeper are gone.
  expect(await ssh(at, 'ubuntu', key, 'cat ~/marker; test -e /tmp/sleeper && echo sleeper-file-left; pgrep -x sleep || echo no-sleeper')).toMatchObject({
    code: 0,
    stdout: 'before-reboot\nno-sleeper\n',
  });
  const fromImage = await ec2.send(new RunInstancesCommand({ ImageId: image.ImageId, MinCount: 1, MaxCount: 1, KeyName: 'reboot-capture' }));
  const launched = fromImage.Instances![0]!.InstanceId!;
  await waitUntilInstanceRunning(waiter(ec2), { InstanceIds: [launched] });
  expect(await ssh(await addressOf(launched), 'ubuntu', key, 'cat ~/marker')).toMatchObject({ code: 0, stdout: 'before-reboot\n' });
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [builder, launched] }));
  await waitUntilInstanceTerminated(waiter(ec2), { InstanceIds: [builder, launched] });
  await ec2.send(new DeregisterImageCommand({ ImageId: image.ImageId }));
}, 55_000);

test('20 instances run at once, each reachable over SSH at its own address; nothing is left after reset', async () => {
  const key = await createKeyPair('fleet', 'rsa');
  const { Images } = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.1.20240610.0-kernel-6.1-x86_64'] }] }));
  const run = await ec2.send(new RunInstancesCommand({ ImageId: Images![0]!.ImageId, MinCount: 20, MaxCount: 20, KeyName: 'fleet' }));
  const ids = run.Instances!.map((i) => i.InstanceId!);
  await waitUntilInstanceRunning({ ...waiter(ec2), maxWaitTime: 40 }, { InstanceIds: ids });
  const addresses = await Promise.all(ids.map((id) => addressOf(id)));
  expect(new Set(addresses.map((a) => a.address)).size).toBe(20);
  const answers = await Promise.all(addresses.map((at) => ssh(at, 'ec2-user', key, 'id -un; hostname')));
  expect(answers.map((a) => a.code)).toEqual(ids.map(() => 0));
  expect(answers.map((a) => a.stdout.split('\n')[0])).toEqual(ids.map(() => 'ec2-user'));
  expect(answers.map((a) => a.stdout.split('\n')[1])).toEqual(addresses.map((a) => `ip-${a.address.replaceAll('.', '-')}`));
  await local.reset();
  expect(local.liveResources()).toEqual([]);
  expect(processesUnder(stateDir)).toEqual([]);
  expect(mountsUnder(stateDir)).toEqual([]);
  const after = await Promise.all(addresses.slice(0, 3).map((at) => ssh(at, 'ec2-user', key, 'true')));
  expect(after.map((a) => a.code === 0)).toEqual([false, false, false]);
}, 58_000);
