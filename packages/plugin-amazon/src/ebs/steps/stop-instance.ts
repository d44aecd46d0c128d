// StepStopEBSBackedInstance: the instance is stopped (unless `disable_stop_instance`: a provisioner stops it) and
// the build waits until it is, so its volumes are consistent when the image is taken. Spot instances are not
// stopped (Packer skips the step for them).
import { StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { Step } from '@tspacker/sdk';
import { awsErrorText, hasAwsErrorCode } from '../../common/aws-errors.js';
import { retry } from '../../common/retry.js';
import { waitInstanceStopped } from '../../common/wait.js';
import { isSpotInstance } from '../prepare.js';
import type { EbsState } from '../state.js';

export const stepStopEBSBackedInstance: Step<EbsState> = {
  name: 'StepStopEBSBackedInstance',
  async run(state, { ui, signal }) {
    const c = state.config;
    if (isSpotInstance(c)) return 'continue';
    const instanceId = state.instanceId ?? state.instance?.InstanceId ?? '';
    const ec2 = state.session.ec2();
    if (!c.disable_stop_instance) {
      ui.say('Stopping the source instance...');
      try {
        // A fresh instance may not be known to every EC2 endpoint yet: Packer tries 6 times, 10 s doubling to 60 s.
        await retry(
          async () => {
            ui.say('Stopping instance');
            await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }), { abortSignal: signal });
          },
          { tries: 6, initialMs: 10_000, maxMs: 60_000, signal, shouldRetry: (e) => hasAwsErrorCode(e, 'InvalidInstanceID.NotFound') },
        );
      } catch (e) {
        throw new Error(`Error stopping instance: ${awsErrorText(e)}`);
      }
    } else {
      ui.say('Automatic instance stop disabled. Please stop instance manually.');
    }
    ui.say('Waiting for the instance to stop...');
    try {
      await waitInstanceStopped(ec2, instanceId, state.session.polling, signal, ui);
    } catch (e) {
      throw new Error(`Error waiting for instance to stop: ${awsErrorText(e)}`);
    }
    return 'continue';
  },
};
