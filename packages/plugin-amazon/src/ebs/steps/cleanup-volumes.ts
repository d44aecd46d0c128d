// StepCleanupVolumes: nothing when run; its cleanup (after the instance was terminated) deletes the instance's
// volumes left `available` — source-AMI volumes with delete_on_termination false — except those of
// launch_block_device_mappings, which the user asked for.
import { DeleteVolumeCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import type { Step } from '@tspacker/sdk';
import { awsErrorText } from '../../common/aws-errors.js';
import type { EbsState } from '../state.js';
import { deleteResource } from '../../common/delete-resource.js';

export const stepCleanupVolumes: Step<EbsState> = {
  name: 'StepCleanupVolumes',
  async run() {
    return 'continue';
  },

  async cleanup(state, { ui }) {
    const instance = state.instance;
    if (instance?.InstanceId === undefined) {
      ui.say('No volumes to clean up, skipping');
      return;
    }
    ui.say('Cleaning up any extra volumes...');
    const deviceOf = new Map<string, string>();
    for (const m of instance.BlockDeviceMappings ?? []) {
      if (m.Ebs?.VolumeId) deviceOf.set(m.Ebs.VolumeId, m.DeviceName ?? '');
    }
    if (deviceOf.size === 0) {
      ui.say('No volumes to clean up, skipping');
      return;
    }
    const ec2 = state.session.ec2();
    let volumes;
    try {
      const input = { Filters: [{ Name: 'volume-id', Values: [...deviceOf.keys()] }] };
      volumes = (await ec2.send(new DescribeVolumesCommand(input))).Volumes ?? [];
    } catch (e) {
      ui.error(`Error describing volumes: ${awsErrorText(e)}`);
      return;
    }
    if (volumes.length === 0) {
      ui.say('No volumes to clean up, skipping');
      return;
    }
    const kept = new Set(state.config.launch_block_device_mappings.map((m) => m.device_name));
    for (const volume of volumes) {
      const id = volume.VolumeId ?? '';
      if (volume.State !== 'available' || kept.has(deviceOf.get(id) ?? '')) continue;
      ui.say(`Destroying volume (${id})...`);
      try {
        await deleteResource(() => ec2.send(new DeleteVolumeCommand({ VolumeId: id })));
        state.ledger.release(state.session.region, 'volume', id);
      } catch (e) {
        ui.say(`Error deleting volume: ${awsErrorText(e)}`);
      }
    }
  },
};
