// stepCreateAMI: the image of the stopped instance, named `ami_name` (or a random intermediary name when
// encrypt_boot / skip_save_build_region make the final AMI a copy), with `ami_block_device_mappings` and the run
// tags; then waits until it is available and records it and its snapshots. A failed or cancelled build removes
// it again (the cleanup); a successful one keeps it.
import { randomInt } from 'node:crypto';
import { CreateImageCommand, DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { abortError, type Step } from '@tspacker/sdk';
import { awsErrorText, hasAwsErrorCode } from '../../common/aws-errors.js';
import { toEc2BlockDeviceMappings } from '../../common/block-devices.js';
import { buildFailed, destroyAmis, imageSnapshotIds } from '../../common/destroy-amis.js';
import { retry } from '../../common/retry.js';
import { renderTagEntries, tagEntries, tagSpecifications, withRunIdTag } from '../../common/tags.js';
import { waitImageAvailable } from '../../common/wait.js';
import type { EbsState } from '../state.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Packer's random.AlphaNum(n): the intermediary AMI's name. */
export function randomAlphaNum(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
}

// The image each build created (the step object is shared by concurrent builds; its cleanup needs the id).
const created = new WeakMap<EbsState, { readonly imageId: string; snapshotIds: string[] }>();

export const stepCreateAMI: Step<EbsState> = {
  name: 'stepCreateAMI',
  async run(state, { ui, signal }) {
    const c = state.config;
    if (c.skip_create_ami) {
      ui.say('Skipping AMI creation...');
      return 'continue';
    }
    const region = state.session.region;
    const ec2 = state.session.ec2();
    const instanceId = state.instanceId ?? state.instance?.InstanceId ?? '';
    state.intermediaryImage = c.encrypt_boot === true || c.skip_save_build_region;
    const name = state.intermediaryImage ? randomAlphaNum(7) : c.ami_name;

    ui.say(`Creating AMI ${name} from instance ${instanceId}`);
    const runTags = c.skip_ami_run_tags ? [] : renderTagEntries(state, tagEntries(c.run_tags, c.run_tag));
    ui.say(c.skip_ami_run_tags ? 'Skipping attaching run tags to AMI...' : 'Attaching run tags to AMI...');
    const input = {
      InstanceId: instanceId,
      Name: name,
      BlockDeviceMappings: c.ami_block_device_mappings.length > 0 ? toEc2BlockDeviceMappings(c.ami_block_device_mappings) : undefined,
      TagSpecifications: tagSpecifications(withRunIdTag(runTags, state.runId), 'image', 'snapshot'),
    };
    let imageId: string;
    try {
      // A just-stopped instance may not be capturable yet: retried for up to 15 minutes, as Packer does. The call
      // itself is not aborted on cancellation: an image made by a request cut short would be unknown, and leak.
      const out = await retry(() => ec2.send(new CreateImageCommand(input)), {
        tries: 0,
        timeoutMs: 15 * 60_000,
        signal,
        shouldRetry: (e) => hasAwsErrorCode(e, 'InvalidParameterValue') && awsErrorText(e).includes('Instance is not in state'),
      });
      imageId = out.ImageId ?? '';
    } catch (e) {
      throw new Error(`Error creating AMI: ${awsErrorText(e)}`);
    }
    const record = { imageId, snapshotIds: [] as string[] };
    created.set(state, record);
    state.ledger.record(region, 'image', imageId);
    ui.message(`AMI: ${imageId}`);
    state.amis.set(region, imageId);
    if (signal.aborted) throw abortError(signal);

    ui.say('Waiting for AMI to become ready...');
    try {
      await waitImageAvailable(ec2, imageId, state.session.polling, signal, ui);
    } catch (waitError) {
      if (signal.aborted) throw waitError;
      let message = `Error waiting for AMI: ${awsErrorText(waitError)}`;
      try {
        const { Images = [] } = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
        const reason = Images[0]?.StateReason;
        if (reason) message = `Error waiting for AMI: ${awsErrorText(waitError)}. DescribeImages returned the state reason: {Code:${reason.Code ?? ''} Message:${reason.Message ?? ''}}`;
      } catch (e) {
        message = `Unknown error waiting for AMI; ${awsErrorText(waitError)}. DescribeImages returned an error: ${awsErrorText(e)}`;
      }
      throw new Error(message);
    }

    let snapshots: string[];
    try {
      const { Images = [] } = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: signal });
      snapshots = Images[0] ? imageSnapshotIds(Images[0]) : [];
    } catch (e) {
      throw new Error(`Error searching for AMI: ${awsErrorText(e)}`);
    }
    record.snapshotIds = snapshots;
    for (const snapshot of snapshots) state.ledger.record(region, 'snapshot', snapshot);
    state.snapshots.set(region, snapshots);
    return 'continue';
  },

  async cleanup(state, { ui }) {
    const record = created.get(state);
    if (record === undefined || !buildFailed(state)) return;
    const { imageId, snapshotIds } = record;
    const region = state.session.region;
    // Already removed (the intermediary of encrypt_boot, by StepAMIRegionCopy's cleanup).
    if (!state.ledger.remaining().some((e) => e.kind === 'image' && e.region === region && e.id === imageId)) return;
    ui.say('Deregistering the AMI and deleting associated snapshots because of cancellation, or error...');
    await destroyAmis(state.session.ec2(), region, [{ imageId, snapshotIds }], { ledger: state.ledger, ui });
  },
};
