// Issue 6's acceptance: Packer 1.6.6 (Debian's) runs a real amazon-ebs build against the embedded local cloud —
// `custom_endpoint_ec2`, a source_ami_filter (Canonical's Ubuntu, most_recent), SSH provisioning by a shell
// provisioner, `ami_regions`, tags — to completion. Then instances launched from the AMI and from its copy in
// us-west-2 (SDK v3, a CreateKeyPair key, OpenSSH's client) show the provisioner's file, and nothing Packer made
// for the build (key pair, security group, instance) is left.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CreateKeyPairCommand,
  DeleteKeyPairCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
  waitUntilInstanceRunning,
  waitUntilInstanceTerminated,
} from '@aws-sdk/client-ec2';
import { startLocalCloud, type LocalCloud } from '@tspacker/ec2-local';

const CREDENTIALS = { accessKeyId: 'AKIALOCALCLOUDTEST01', secretAccessKey: 'local-cloud-test-secret' };
// Fast state transitions; Packer's waiters poll every AWS_POLL_DELAY_SECONDS.
const DURATIONS = { instancePending: 100, instanceStopping: 100, instanceShuttingDown: 100, imagePending: 150, snapshotPending: 100, volumeCreating: 50 };

let dir: string;
let cloud: LocalCloud;

beforeAll(async () => {
  // Not under /tmp: machines mount a tmpfs of their own there.
  mkdirSync('/var/tmp', { recursive: true });
  dir = mkdtempSync('/var/tmp/tspacker-packer-ebs-');
  cloud = await startLocalCloud({ stateDir: path.join(dir, 'cloud'), durations: DURATIONS, credentials: [CREDENTIALS], machineStartTimeoutMs: 20_000 });
});

afterAll(async () => {
  await cloud?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function ec2(region: string): EC2Client {
  return new EC2Client({ endpoint: cloud.endpoint, region, credentials: CREDENTIALS, maxAttempts: 1 });
}

const waiter = (client: EC2Client) => ({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 });

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout: number }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, encoding: 'utf8', maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

function template(amiName: string): string {
  return `
source "amazon-ebs" "local" {
  access_key                 = "${CREDENTIALS.accessKeyId}"
  secret_key                 = "${CREDENTIALS.secretAccessKey}"
  region                     = "us-east-1"
  custom_endpoint_ec2        = "${cloud.endpoint}"
  skip_region_validation     = true
  skip_credential_validation = true
  instance_type              = "t3.micro"
  ami_name                   = "${amiName}"
  ami_regions                = ["us-west-2"]
  source_ami_filter {
    filters = {
      name                = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"
      root-device-type    = "ebs"
      virtualization-type = "hvm"
    }
    owners      = ["099720109477"]
    most_recent = true
  }
  ssh_username = "ubuntu"
  ssh_timeout  = "30s"
  tags = {
    Name    = "${amiName}"
    Builder = "packer-1.6.6"
  }
}

build {
  sources = ["source.amazon-ebs.local"]

  provisioner "shell" {
    inline = [
      "mkdir -p $HOME/app",
      "echo \\"provisioned by $PACKER_BUILD_NAME on $(hostname)\\" > $HOME/app/provisioned",
    ]
  }
}
`;
}

async function sshCat(client: EC2Client, instanceId: string, keyFile: string, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const { Reservations } = await client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const address = Reservations![0]!.Instances![0]!.PublicIpAddress!;
  return run('ssh', [
    '-F', '/dev/null', '-i', keyFile,
    '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes',
    '-o', 'ConnectTimeout=5', '-o', 'LogLevel=ERROR',
    `ubuntu@${address}`, `cat ${file}`,
  ], { timeout: 15_000 });
}

test('packer build (amazon-ebs, SSH, ami_regions) completes, and the built AMI and its copy boot with the provisioned file', async () => {
  expect(cloud.isolation).toBe('namespace'); // as root: the build's machine cannot touch the host's files
  const work = path.join(dir, 'packer');
  mkdirSync(work);
  const amiName = `tspacker-local-${process.pid}`;
  writeFileSync(path.join(work, 'build.pkr.hcl'), template(amiName));
  const packer = await run('packer', ['build', '-color=false', 'build.pkr.hcl'], {
    cwd: work,
    timeout: 100_000,
    env: { PATH: process.env.PATH, HOME: work, CHECKPOINT_DISABLE: '1', AWS_POLL_DELAY_SECONDS: '1', PACKER_CACHE_DIR: path.join(work, 'cache') },
  });
  if (packer.code !== 0) throw new Error(`packer build failed (${packer.code}):\n${packer.stdout}\n${packer.stderr}`);
  const artifact = /us-east-1: (ami-[0-9a-f]+)\s+us-west-2: (ami-[0-9a-f]+)/.exec(packer.stdout);
  expect(artifact).not.toBeNull();
  const [, eastAmi, westAmi] = artifact!;

  // The AMI and its copy carry the template's name and tags.
  const east = ec2('us-east-1');
  const west = ec2('us-west-2');
  for (const [client, imageId] of [[east, eastAmi!], [west, westAmi!]] as const) {
    const { Images } = await client.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
    expect(Images![0]).toMatchObject({ Name: amiName, State: 'available', OwnerId: cloud.accountId });
    expect(Images![0]!.Tags).toEqual(expect.arrayContaining([{ Key: 'Name', Value: amiName }, { Key: 'Builder', Value: 'packer-1.6.6' }]));
  }

  // Every call went through the local cloud's request log, the copy signed for its own region.
  await cloud.operations.flushLog();
  const calls = readFileSync(cloud.requestLogPath!, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { region: string; action: string; status: number });
  expect(calls).toEqual(expect.arrayContaining([
    expect.objectContaining({ region: 'us-east-1', action: 'CreateImage', status: 200 }),
    expect.objectContaining({ region: 'us-west-2', action: 'CopyImage', status: 200 }),
    expect.objectContaining({ region: 'us-east-1', action: 'DeleteKeyPair', status: 200 }),
  ]));

  // Nothing Packer made for the build is left: its key pair, security group and instance are gone.
  const leftovers = cloud.liveResources().filter((r) => ['key-pair', 'security-group', 'instance', 'volume'].includes(r.kind));
  expect(leftovers).toEqual([]);

  // Launch the AMI and the copy with a key of our own; the provisioner's file is there in both.
  const launched: [EC2Client, string][] = [];
  for (const [client, imageId, region] of [[east, eastAmi!, 'us-east-1'], [west, westAmi!, 'us-west-2']] as const) {
    const key = await client.send(new CreateKeyPairCommand({ KeyName: 'check', KeyType: 'ed25519' }));
    const keyFile = path.join(dir, `check-${region}.pem`);
    writeFileSync(keyFile, key.KeyMaterial!, { mode: 0o600 });
    const { Instances } = await client.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', KeyName: 'check' }));
    const instanceId = Instances![0]!.InstanceId!;
    launched.push([client, instanceId]);
    await waitUntilInstanceRunning(waiter(client), { InstanceIds: [instanceId] });
    const seen = await sshCat(client, instanceId, keyFile, '~/app/provisioned');
    expect(seen).toMatchObject({ code: 0, stdout: expect.stringMatching(/^provisioned by local on ip-127-/) });
  }

  for (const [client, instanceId] of launched) {
    await client.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    await waitUntilInstanceTerminated(waiter(client), { InstanceIds: [instanceId] });
    await client.send(new DeleteKeyPairCommand({ KeyName: 'check' }));
  }
  // What remains is what the build was for: the AMI and its copy with their snapshots.
  const live = cloud.liveResources();
  expect(live.filter((r) => r.kind !== 'snapshot').map((r) => `${r.region} ${r.kind} ${r.id}`).sort()).toEqual([`us-east-1 image ${eastAmi}`, `us-west-2 image ${westAmi}`]);
  expect(live.filter((r) => r.kind === 'snapshot').map((r) => r.region).sort()).toEqual(['us-east-1', 'us-west-2']);
}, 150_000);
