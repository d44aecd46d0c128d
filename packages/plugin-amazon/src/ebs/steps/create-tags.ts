// StepCreateTags: `tags` on every AMI and its snapshots, then `snapshot_tags` on the snapshots, region by region;
// keys and values are rendered with the build info. CreateTags is retried while a fresh AMI or snapshot is not yet
// visible (11 tries), which Packer 1.6.6 meant to do but did not.
import { CreateTagsCommand, DescribeImagesCommand, type Image } from '@aws-sdk/client-ec2';
import type { Step } from '@tspacker/sdk';
import { awsErrorText, hasAwsErrorCode } from '../../common/aws-errors.js';
import { imageSnapshotIds } from '../../common/destroy-amis.js';
import { retry } from '../../common/retry.js';
import { renderTagEntries, reportTagList, tagEntries } from '../../common/tags.js';
import type { EbsState } from '../state.js';

export const stepCreateTags: Step<EbsState> = {
  name: 'StepCreateTags',
  async run(state, { ui, signal }) {
    const c = state.config;
    if (c.skip_create_ami) {
      ui.say('Skipping AMI create tags...');
      return 'continue';
    }
    const amiEntries = tagEntries(c.tags, c.tag);
    const snapshotEntries = tagEntries(c.snapshot_tags, c.snapshot_tag);
    if (amiEntries.length === 0 && snapshotEntries.length === 0) return 'continue';

    for (const [region, ami] of [...state.amis].sort()) {
      ui.say(`Adding tags to AMI (${ami})...`);
      const ec2 = state.session.ec2(region);
      let image: Image | undefined;
      try {
        image = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ami] }), { abortSignal: signal })).Images?.[0];
      } catch (e) {
        throw new Error(`Error retrieving details for AMI (${ami}): ${awsErrorText(e)}`);
      }
      if (!image) throw new Error(`Error retrieving details for AMI (${ami}), no images found`);
      const snapshotIds = imageSnapshotIds(image);
      for (const snapshot of snapshotIds) ui.say(`Tagging snapshot: ${snapshot}`);
      const resourceIds = [ami, ...snapshotIds];

      ui.say('Creating AMI tags');
      const amiTags = renderTagEntries(state, amiEntries);
      reportTagList(amiTags, ui);
      ui.say('Creating snapshot tags');
      const snapshotTags = renderTagEntries(state, snapshotEntries);
      reportTagList(snapshotTags, ui);

      try {
        await retry(
          async () => {
            if (amiTags.length > 0) await ec2.send(new CreateTagsCommand({ Resources: resourceIds, Tags: amiTags }), { abortSignal: signal });
            if (snapshotTags.length > 0 && snapshotIds.length > 0) {
              await ec2.send(new CreateTagsCommand({ Resources: snapshotIds, Tags: snapshotTags }), { abortSignal: signal });
            }
          },
          { tries: 11, signal, shouldRetry: (e) => hasAwsErrorCode(e, 'InvalidAMIID.NotFound', 'InvalidSnapshot.NotFound') },
        );
      } catch (e) {
        if (signal.aborted) throw e;
        throw new Error(`Error adding tags to Resources (${goSliceText(resourceIds)}): ${awsErrorText(e)}`);
      }
    }
    return 'continue';
  },
};

/** Go's %#v of a []string, as Packer's message shows the resources. */
function goSliceText(ids: readonly string[]): string {
  return `[]string{${ids.map((id) => JSON.stringify(id)).join(', ')}}`;
}
