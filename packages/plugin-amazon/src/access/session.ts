// The seam between the amazon components and AWS: one session per build (or data source read), holding one
// client per service and region, all sharing the credentials, endpoint overrides and the process-wide throttling
// retry. Implemented by access/create-session.ts.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';

/** How long and how often waits poll (aws_polling and the AWS_POLL_DELAY_SECONDS / AWS_MAX_ATTEMPTS overrides). */
export interface Polling {
  /** The configured delay between polls, if any (ms): then waits poll at this fixed pace, as Packer does. */
  readonly delayMs?: number;
  /** The configured total wait (ms), if any; otherwise each waiter's default. */
  readonly maxWaitMs?: number;
}

export interface AwsSession {
  /** The build region (`region`, or from the environment / profile). */
  readonly region: string;
  /** The account the credentials belong to, once known ('' when credential validation was skipped). */
  readonly accountId: string;
  readonly polling: Polling;
  /** EC2 in `region` (default: the build region); `custom_endpoint_ec2` applies to every region. */
  ec2(region?: string): EC2Client;
  sts(): STSClient;
  ssm(region?: string): SSMClient;
  secretsManager(region?: string): SecretsManagerClient;
  /** Closes every client's connections. */
  destroy(): void;
}
