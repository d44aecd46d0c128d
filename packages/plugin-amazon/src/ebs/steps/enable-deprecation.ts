// StepEnableDeprecation: with `deprecate_at`, every AMI of the build (each region) is marked deprecated from then.
import { EnableImageDeprecationCommand } from '@aws-sdk/client-ec2';
import type { Step } from '@tspacker/sdk';
import { awsErrorText } from '../../common/aws-errors.js';
import type { EbsState } from '../state.js';

export const stepEnableDeprecation: Step<EbsState> = {
  name: 'StepEnableDeprecation',
  async run(state, { ui, signal }) {
    const c = state.config;
    if (c.skip_create_ami || c.deprecate_at === '') {
      ui.say('Skipping Enable AMI deprecation...');
      return 'continue';
    }
    if (state.amis.size === 0) throw new Error('no AMIs found in state to deprecate');
    const deprecateAt = new Date(c.deprecate_at);
    for (const [region, ami] of [...state.amis].sort()) {
      ui.say(`Enabling deprecation on AMI (${ami}) in region "${region}" ...`);
      try {
        await state.session.ec2(region).send(new EnableImageDeprecationCommand({ ImageId: ami, DeprecateAt: deprecateAt }), { abortSignal: signal });
      } catch (e) {
        throw new Error(`Error enable AMI deprecation: ${awsErrorText(e)}`);
      }
    }
    return 'continue';
  },
};
