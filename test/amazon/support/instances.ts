// Launching an instance from a built AMI with @aws-sdk/client-ec2 (a key pair of the test's own) and running a
// command on it over SSH with OpenSSH's client: how a user checks what a build put into the image.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CreateKeyPairCommand,
  DeleteKeyPairCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
  waitUntilInstanceRunning,
  waitUntilInstanceTerminated,
} from '@aws-sdk/client-ec2';

export function ec2Client(endpoint: string, region: string, env: Readonly<Record<string, string>>): EC2Client {
  return new EC2Client({
    endpoint,
    region,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
    maxAttempts: 3,
  });
}

export interface LaunchedInstance {
  readonly instanceId: string;
  readonly address: string;
  readonly keyFile: string;
  /** Terminates the instance (waiting until it is) and deletes the key pair. */
  dispose(): Promise<void>;
}

/** Runs `imageId` with a new ed25519 key pair (its private key written under `keyDir`) and waits until it runs. */
export async function launch(client: EC2Client, imageId: string, keyDir: string): Promise<LaunchedInstance> {
  const keyName = `check-${Date.now()}`;
  const key = await client.send(new CreateKeyPairCommand({ KeyName: keyName, KeyType: 'ed25519' }));
  const keyFile = path.join(keyDir, `${keyName}.pem`);
  writeFileSync(keyFile, key.KeyMaterial!, { mode: 0o600 });
  const { Instances } = await client.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', KeyName: keyName }));
  const instanceId = Instances![0]!.InstanceId!;
  const waiter = { client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 };
  await waitUntilInstanceRunning(waiter, { InstanceIds: [instanceId] });
  const { Reservations } = await client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return {
    instanceId,
    address: Reservations![0]!.Instances![0]!.PublicIpAddress!,
    keyFile,
    async dispose() {
      await client.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
      await waitUntilInstanceTerminated(waiter, { InstanceIds: [instanceId] });
      await client.send(new DeleteKeyPairCommand({ KeyName: keyName }));
    },
  };
}

export interface SshResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `command` on the instance as `user`, with OpenSSH's client (no host key checks: a fresh machine each time). */
export function ssh(instance: LaunchedInstance, user: string, command: string): Promise<SshResult> {
  const args = [
    '-F', '/dev/null', '-i', instance.keyFile,
    '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes',
    '-o', 'ConnectTimeout=5', '-o', 'LogLevel=ERROR',
    `${user}@${instance.address}`, command,
  ];
  return new Promise((resolve) => {
    execFile('ssh', args, { encoding: 'utf8', timeout: 15_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
