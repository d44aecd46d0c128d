// ssh_clear_authorized_keys: the build's temporary key is in authorized_keys while provisioning and is gone from
// the AMI — an instance launched from it (with a key of its own) holds only that key.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { CreateKeyPairCommand, DescribeInstancesCommand, RunInstancesCommand, TerminateInstancesCommand, waitUntilInstanceRunning, waitUntilInstanceTerminated } from '@aws-sdk/client-ec2';
import { ebsTemplate, ec2Client, startTestCloud, tspackerBuild, type TestCloud } from './ebs-build-harness.js';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud('ebs-build-clear-keys');
});

afterAll(async () => {
  await t?.stop();
});

function ssh(keyFile: string, address: string, command: string): Promise<{ code: number; stdout: string }> {
  const args = ['-F', '/dev/null', '-i', keyFile, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-o', 'ConnectTimeout=5', '-o', 'LogLevel=ERROR', `ubuntu@${address}`, command];
  return new Promise((resolve) => {
    execFile('ssh', args, { timeout: 15_000, encoding: 'utf8' }, (error, stdout) => resolve({ code: error ? 1 : 0, stdout }));
  });
}

test('the temporary key is removed from authorized_keys before the image is made', async () => {
  const run = await tspackerBuild(
    path.join(t.dir, 'clear'),
    ebsTemplate(t.cloud, ['ami_name = "tspacker-clear-keys-{{timestamp}}"', 'ssh_clear_authorized_keys = true'], 'cp $HOME/.ssh/authorized_keys $HOME/keys-at-build'),
  );
  if (run.exitCode !== 0) throw new Error(run.lines.join('\n'));
  expect(run.lines).toContain('==> amazon-ebs.x: Trying to remove ephemeral keys from authorized_keys files');
  const ami = run.artifacts[0]!.id.split(':')[1]!;

  const ec2 = ec2Client(t.cloud, 'us-east-1');
  const key = await ec2.send(new CreateKeyPairCommand({ KeyName: 'check', KeyType: 'ed25519' }));
  const keyFile = path.join(t.dir, 'check.pem');
  writeFileSync(keyFile, key.KeyMaterial!, { mode: 0o600 });
  const { Instances } = await ec2.send(new RunInstancesCommand({ ImageId: ami, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', KeyName: 'check' }));
  const instanceId = Instances![0]!.InstanceId!;
  try {
    await waitUntilInstanceRunning({ client: ec2, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { InstanceIds: [instanceId] });
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const address = Reservations![0]!.Instances![0]!.PublicIpAddress!;
    const atBuild = await ssh(keyFile, address, 'cat $HOME/keys-at-build');
    expect(atBuild.code).toBe(0);
    const temporary = atBuild.stdout.trim().split('\n');
    expect(temporary).toHaveLength(1);
    const now = await ssh(keyFile, address, 'cat $HOME/.ssh/authorized_keys');
    const lines = now.stdout.trim().split('\n');
    // Only the launch key: the build's temporary key (type and body) is not there.
    expect(lines).toHaveLength(1);
    const body = (line: string) => line.split(/\s+/).slice(0, 2).join(' ');
    expect(body(lines[0]!)).not.toBe(body(temporary[0]!));
  } finally {
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    await waitUntilInstanceTerminated({ client: ec2, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { InstanceIds: [instanceId] });
  }
}, 90_000);
