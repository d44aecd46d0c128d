// StepAMIRegionCopy: the AMI is copied to every `ami_regions` region — all at once, where Packer's copies also
// run concurrently but are left behind when the build fails — and, with encrypt_boot / skip_save_build_region,
// the intermediary AMI is copied into the build region (encrypted) and then removed. A failed or cancelled build
// removes every copy it made, in every region, with its snapshots.
import { CopyImageCommand, DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { abortError, type Step } from '@tspacker/sdk';
import { awsErrorText } from '../../common/aws-errors.js';
import { buildFailed, destroyAmis, imageSnapshotIds } from '../../common/destroy-amis.js';
import { waitImageAvailable } from '../../common/wait.js';
import type { EbsState } from '../state.js';

/** Where the AMI is copied to (DeduplicateRegions), in a stable order. */
export function copyRegions(amiRegions: readonly string[], buildRegion: string, intermediary: boolean, skipSaveBuildRegion: boolean): string[] {
  const regions = new Set([buildRegion, ...amiRegions]);
  if (!intermediary || skipSaveBuildRegion) regions.delete(buildRegion);
  return [...regions].sort();
}

/** The KMS key of each copy: region_kms_key_ids, with kms_key_id for the build region (only with encrypt_boot). */
export function copyKmsKeys(config: EbsState['config'], buildRegion: string): Map<string, string> {
  const keys = new Map<string, string>();
  if (config.encrypt_boot !== true) return keys;
  for (const [region, key] of Object.entries(config.region_kms_key_ids)) keys.set(region, key);
  if (config.kms_key_id !== '' && !keys.has(buildRegion)) keys.set(buildRegion, config.kms_key_id);
  return keys;
}

/** Packer's MultiError text. */
function multiError(messages: readonly string[]): string {
  return `${messages.length} error(s) occurred:\n\n${messages.map((m) => `* ${m}`).join('\n')}`;
}

interface Copies {
  /** The copies made so far, by region (also those still pending or that failed to complete). */
  readonly made: Map<string, string>;
  /** The intermediary AMI to remove in the cleanup, if any. */
  intermediary?: { readonly imageId: string; readonly snapshotIds: readonly string[] };
}

// Per build (the step object is shared by concurrent builds).
const copiesOf = new WeakMap<EbsState, Copies>();

export const stepAMIRegionCopy: Step<EbsState> = {
  name: 'StepAMIRegionCopy',
  async run(state, { ui, signal }) {
    const c = state.config;
    if (c.skip_create_ami) {
      ui.say('Skipping AMI region copy...');
      return 'continue';
    }
    const buildRegion = state.session.region;
    const intermediary = state.intermediaryImage === true;
    const sourceImageId = state.amis.get(buildRegion) ?? '';
    const copies: Copies = { made: new Map() };
    copiesOf.set(state, copies);
    if (intermediary) copies.intermediary = { imageId: sourceImageId, snapshotIds: state.snapshots.get(buildRegion) ?? [] };

    const regions = copyRegions(c.ami_regions, buildRegion, intermediary, c.skip_save_build_region);
    const keys = copyKmsKeys(c, buildRegion);
    if (regions.length === 0) return 'continue';

    ui.say(`Copying/Encrypting AMI (${sourceImageId}) to other regions...`);
    const copyTo = async (region: string): Promise<void> => {
      const ec2 = state.session.ec2(region);
      const kmsKeyId = keys.get(region) ?? '';
      let imageId: string;
      try {
        const out = await ec2.send(
          new CopyImageCommand({
            SourceRegion: buildRegion,
            SourceImageId: sourceImageId,
            Name: c.ami_name,
            Encrypted: c.encrypt_boot,
            KmsKeyId: kmsKeyId !== '' ? kmsKeyId : undefined,
            CopyImageTags: true,
            SnapshotCopyCompletionDurationMinutes: c.snapshot_copy_duration_minutes,
          }),
          // Not aborted on cancellation: a copy made by a request cut short would be unknown, and leak.
        );
        imageId = out.ImageId ?? '';
      } catch (e) {
        throw new Error(`Error Copying AMI (${sourceImageId}) to region (${region}): ${awsErrorText(e)}`);
      }
      copies.made.set(region, imageId);
      state.ledger.record(region, 'image', imageId);
      if (signal.aborted) throw abortError(signal);
      try {
        await waitImageAvailable(ec2, imageId, state.session.polling, signal, ui);
      } catch (e) {
        if (signal.aborted) throw e;
        throw new Error(`Error waiting for AMI (${sourceImageId}) in region (${region}): ${awsErrorText(e)}`);
      }
      let snapshots: string[];
      try {
        const { Images = [] } = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: signal });
        snapshots = Images[0] ? imageSnapshotIds(Images[0]) : [];
      } catch (e) {
        throw new Error(`Error describing copied AMI (${sourceImageId}) in region (${region}): ${awsErrorText(e)}`);
      }
      for (const snapshot of snapshots) state.ledger.record(region, 'snapshot', snapshot);
      state.amis.set(region, imageId);
      state.snapshots.set(region, snapshots);
    };
    for (const region of regions) ui.message(`Copying to: ${region}`);
    const results = await Promise.allSettled(regions.map(copyTo));
    ui.message('Waiting for all copies to complete...');
    if (signal.aborted) throw results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason ?? new Error('Build was cancelled.');
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    if (errors.length > 0) throw new Error(multiError(errors));
    // The intermediary goes in the cleanup: it is not part of the result (Packer leaves its id in the artifact
    // when the build region is not kept; here the artifact lists only AMIs that exist).
    if (intermediary && !regions.includes(buildRegion)) {
      state.amis.delete(buildRegion);
      state.snapshots.delete(buildRegion);
    }
    return 'continue';
  },

  async cleanup(state, { ui }) {
    const copies = copiesOf.get(state);
    if (!copies) return;
    if (buildFailed(state) && copies.made.size > 0) {
      ui.say('Deregistering the AMI copies and deleting their snapshots because of cancellation, or error...');
      const results = await Promise.allSettled(
        [...copies.made].map(([region, imageId]) =>
          destroyAmis(state.session.ec2(region), region, [{ imageId, snapshotIds: state.amis.get(region) === imageId ? state.snapshots.get(region) : [] }], {
            ledger: state.ledger,
            ui,
          }),
        ),
      );
      for (const r of results) if (r.status === 'rejected') ui.error((r.reason as Error).message);
    }
    if (copies.intermediary) {
      ui.say('Deregistering the AMI and deleting unencrypted temporary AMIs and snapshots');
      const region = state.session.region;
      await destroyAmis(state.session.ec2(region), region, [copies.intermediary], { ledger: state.ledger });
    }
  },
};
