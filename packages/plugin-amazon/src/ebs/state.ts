// What the amazon-ebs steps share (Packer's state bag, typed): each step reads what earlier steps wrote and
// writes its own results. Steps are in ebs/steps/, one module per step; ebs/run.ts runs them in Packer's order.
import { randomUUID } from 'node:crypto';
import type { Image, Instance } from '@aws-sdk/client-ec2';
import type { BuildContext, Connection } from '@tspacker/sdk';
import type { AwsSession } from '../access/session.js';
import { ResourceLedger } from '../common/ledger.js';
import type { EbsConfig } from './config.js';

export interface EbsState {
  readonly config: EbsConfig;
  readonly session: AwsSession;
  readonly ctx: BuildContext;
  /** This build's run id: tagged on every temporary resource (`tspacker:run-id`), so leftovers can be found. */
  readonly runId: string;
  /** Every resource created and not yet deleted (for -on-error=abort's list and leak checks). */
  readonly ledger: ResourceLedger;

  /** StepSourceAMIInfo: the source image (its name, owner, creation date and tags feed the generated data). */
  sourceImage?: Image;
  /** StepNetworkInfo: '' when not chosen (EC2 picks the default VPC/subnet). */
  vpcId?: string;
  subnetId?: string;
  availabilityZone?: string;
  /** StepKeyPair: the key the communicator logs in with; `temporaryName` when the build created it. */
  keyPair?: { readonly temporaryName?: string; readonly privateKey: string; readonly publicKey?: string };
  /** StepKeyPair: RunInstances' KeyName (the temporary key pair, `ssh_keypair_name`, or '' for none). */
  keyName?: string;
  /** StepKeyPair with -debug: the copy of the temporary private key, removed by its cleanup. */
  debugKeyFile?: string;
  /** StepSecurityGroup: the groups the instance joins; `temporaryId` when the build created it. */
  securityGroupIds?: string[];
  temporarySecurityGroupId?: string;
  /** StepIamInstanceProfile: the profile name ('' for none). */
  iamInstanceProfile?: string;
  /** StepRunSourceInstance: the instance as described once running. */
  instance?: Instance;
  instanceId?: string;
  /** StepRunSpotInstance: the launch template it created (deleted by its cleanup). */
  launchTemplateId?: string;
  /** StepConnect: the open connection (closed by its cleanup). */
  connection?: Connection;
  /** StepSetGeneratedData and the provision hook: `build.*` / `{{ build `X` }}` values. */
  generatedData: Record<string, unknown>;
  /** stepCreateAMI / StepAMIRegionCopy: the AMI and its snapshots, by region. */
  amis: Map<string, string>;
  snapshots: Map<string, string[]>;
  /** A step failed or halted (run.ts): the cleanups remove the build's AMIs, as on cancellation. */
  stepFailed?: boolean;
  /** stepCreateAMI: the build-region AMI is an intermediary (encrypt_boot / skip_save_build_region). */
  intermediaryImage?: boolean;
}

/** The state a build starts with: nothing found or created yet, a fresh run id and ledger. */
export function newEbsState(config: EbsConfig, session: AwsSession, ctx: BuildContext, runId: string = randomUUID()): EbsState {
  return { config, session, ctx, runId, ledger: new ResourceLedger(), generatedData: {}, amis: new Map(), snapshots: new Map() };
}
