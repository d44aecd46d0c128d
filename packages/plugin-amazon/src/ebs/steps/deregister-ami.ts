// StepDeregisterAMI: with `force_deregister` (or `-force`), AMIs of this account already named `ami_name` are
// deregistered in every target region before the new one is made, and with `force_delete_snapshot` their
// snapshots deleted too.
import { DeleteSnapshotCommand, DeregisterImageCommand, DescribeImagesCommand, type Image } from '@aws-sdk/client-ec2';
import type { Step } from '@tspacker/sdk';
import { awsErrorText } from '../../common/aws-errors.js';
import { imageSnapshotIds } from '../../common/destroy-amis.js';
import type { EbsState } from '../state.js';

export const stepDeregisterAMI: Step<EbsState> = {
  name: 'StepDeregisterAMI',
  async run(state, { ui, signal }) {
    const c = state.config;
    if (!c.force_deregister && !c.packer_force) return 'continue';
    const regions = [...new Set([...c.ami_regions, state.session.region])];
    for (const region of regions) {
      const ec2 = state.session.ec2(region);
      let images: Image[];
      try {
        ({ Images: images = [] } = await ec2.send(
          new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [c.ami_name] }] }),
          { abortSignal: signal },
        ));
      } catch (e) {
        throw new Error(`Error describing AMI: ${awsErrorText(e)}`);
      }
      for (const image of images) {
        try {
          await ec2.send(new DeregisterImageCommand({ ImageId: image.ImageId }), { abortSignal: signal });
        } catch (e) {
          throw new Error(`Error deregistering existing AMI: ${awsErrorText(e)}`);
        }
        ui.say(`Deregistered AMI ${c.ami_name}, id: ${image.ImageId ?? ''}`);
        if (!c.force_delete_snapshot) continue;
        for (const snapshotId of imageSnapshotIds(image)) {
          try {
            await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }), { abortSignal: signal });
          } catch (e) {
            throw new Error(`Error deleting existing snapshot: ${awsErrorText(e)}`);
          }
          ui.say(`Deleted snapshot: ${snapshotId}`);
        }
      }
    }
    return 'continue';
  },
};
