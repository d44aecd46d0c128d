// Starts ec2-local with fast state transitions and makes SDK v3 clients for it.
import { EC2Client } from '@aws-sdk/client-ec2';
import { startEc2Local, type Ec2Local, type Ec2LocalOptions } from '../../src/index.js';

export const FAST = {
  instancePending: 60,
  instanceStopping: 60,
  instanceShuttingDown: 60,
  imagePending: 80,
  snapshotPending: 60,
  volumeCreating: 40,
  terminatedVisible: 60_000,
};

export const CREDENTIALS = { accessKeyId: 'AKIAEC2LOCALTEST0001', secretAccessKey: 'ec2-local-test-secret' };

export function startFast(options: Ec2LocalOptions = {}): Promise<Ec2Local> {
  return startEc2Local({ ...options, durations: { ...FAST, ...options.durations } });
}

export function ec2Client(local: Ec2Local, region = 'us-east-1', credentials = CREDENTIALS): EC2Client {
  return new EC2Client({ endpoint: local.endpoint, region, credentials, maxAttempts: 1 });
}

/** Waiter timing for fast transitions (the SDK's minimum delay is 1 s). */
export function waiter(client: EC2Client) {
  return { client, maxWaitTime: 20, minDelay: 1, maxDelay: 1 };
}

/** The AWS error a promise rejects with (fails when it resolves). */
export async function awsError(promise: Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string; $metadata: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail');
}
