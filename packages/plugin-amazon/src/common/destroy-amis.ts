// Removing AMIs (Packer's DestroyAMIs): DescribeImages → DeregisterImage → DeleteSnapshot of each EBS snapshot,
// used by the artifact's destroy(), by the intermediary AMI of encrypt_boot, and by the cleanups that remove what
// a failed or cancelled build made. Also where those cleanups learn that the build failed.
import { DeleteSnapshotCommand, DeregisterImageCommand, DescribeImagesCommand, type EC2Client, type Image } from '@aws-sdk/client-ec2';
import type { Ui } from '@tspacker/sdk';
import type { ResourceLedger } from './ledger.js';
import { awsErrorText, hasAwsErrorCode } from './aws-errors.js';
import { retry } from './retry.js';

/** An AMI to remove, with the snapshots the build knows it has (used when the image is already gone). */
export interface AmiToDestroy {
  readonly imageId: string;
  readonly snapshotIds?: readonly string[];
}

export interface DestroyOptions {
  /** Released as each image and snapshot goes. */
  readonly ledger?: ResourceLedger;
  /** Told "Deregistered AMI id: …" / "Deleted snapshot: …" (Packer's stepCreateAMI cleanup says so). */
  readonly ui?: Ui;
}

// Packer retries both calls 11 times on UnauthorizedOperation (IAM propagation of a fresh role).
const unauthorizedRetry = { tries: 11, shouldRetry: (e: unknown) => hasAwsErrorCode(e, 'UnauthorizedOperation') };

/** The image as it is now, or undefined when it no longer exists. */
async function describeImage(ec2: EC2Client, imageId: string): Promise<Image | undefined> {
  try {
    const { Images } = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
    return Images?.find((i) => i.ImageId === imageId);
  } catch (e) {
    if (hasAwsErrorCode(e, 'InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable')) return undefined;
    throw new Error(`Error describing AMI: ${awsErrorText(e)}`);
  }
}

/** The EBS snapshot ids of an image's block device mappings. */
export function imageSnapshotIds(image: Image): string[] {
  return (image.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
}

/** Deregisters each AMI in `region` and deletes its snapshots; an AMI or snapshot already gone is not an error. */
export async function destroyAmis(ec2: EC2Client, region: string, amis: readonly AmiToDestroy[], options: DestroyOptions = {}): Promise<void> {
  const { ledger, ui } = options;
  for (const ami of amis) {
    const image = await describeImage(ec2, ami.imageId);
    if (image) {
      try {
        await retry(() => ec2.send(new DeregisterImageCommand({ ImageId: ami.imageId })), unauthorizedRetry);
      } catch (e) {
        throw new Error(`Error deregistering existing AMI: ${awsErrorText(e)}`);
      }
      ui?.say(`Deregistered AMI id: ${ami.imageId}`);
    }
    ledger?.release(region, 'image', ami.imageId);
    const snapshots = new Set([...(image ? imageSnapshotIds(image) : []), ...(ami.snapshotIds ?? [])]);
    for (const snapshotId of snapshots) {
      try {
        await retry(() => ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId })), unauthorizedRetry);
        ui?.say(`Deleted snapshot: ${snapshotId}`);
      } catch (e) {
        if (!hasAwsErrorCode(e, 'InvalidSnapshot.NotFound')) throw new Error(`Error deleting existing snapshot: ${awsErrorText(e)}`);
      }
      ledger?.release(region, 'snapshot', snapshotId);
    }
  }
}

/** Records that a step of this build failed or halted (run.ts), for the cleanups that remove its AMIs. */
export function markBuildFailed(state: { stepFailed?: boolean }): void {
  state.stepFailed = true;
}

/** Whether the build failed or was cancelled: then its AMIs and snapshots must not stay (Packer: halted/cancelled). */
export function buildFailed(state: { readonly stepFailed?: boolean; readonly ctx: { readonly signal: AbortSignal } }): boolean {
  return state.stepFailed === true || state.ctx.signal.aborted;
}
