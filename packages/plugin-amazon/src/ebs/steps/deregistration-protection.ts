// StepEnableDeregistrationProtection: `deregistration_protection { enabled, with_cooldown }` protects every AMI
// of the build. If the build then fails, the cleanup lifts the protection again, so the cleanups that run after
// it (region copies, the AMI itself) can remove what the failed build made.
import { DisableImageDeregistrationProtectionCommand, EnableImageDeregistrationProtectionCommand } from '@aws-sdk/client-ec2';
import type { Step } from '@tspacker/sdk';
import { awsErrorText } from '../../common/aws-errors.js';
import { buildFailed } from '../../common/destroy-amis.js';
import type { EbsState } from '../state.js';

// The AMIs each build protected (the step object is shared by concurrent builds).
const protectedAmis = new WeakMap<EbsState, [string, string][]>();

export const stepEnableDeregistrationProtection: Step<EbsState> = {
  name: 'StepEnableDeregistrationProtection',
  async run(state, { ui, signal }) {
    const c = state.config;
    const protection = c.deregistration_protection;
    const withCooldown = protection?.with_cooldown === true;
    if (!(protection?.enabled || withCooldown)) {
      ui.say('Skipping Enable AMI deregistration protection...');
      return 'continue';
    }
    if (c.skip_create_ami) {
      ui.say('skip_create_ami was set. Skipping AMI deregistration protection...');
      return 'continue';
    }
    if (state.amis.size === 0) throw new Error('no AMIs found in state to enable deregistration protection');
    const done: [string, string][] = [];
    protectedAmis.set(state, done);
    for (const [region, ami] of [...state.amis].sort()) {
      // Noted before the call: a request cut short by a cancellation may still have protected the AMI.
      done.push([region, ami]);
      try {
        await state.session
          .ec2(region)
          .send(new EnableImageDeregistrationProtectionCommand({ ImageId: ami, WithCooldown: withCooldown }), { abortSignal: signal });
      } catch (e) {
        throw new Error(`failed to enable AMI deregistration protection: ${awsErrorText(e)}`);
      }
    }
    return 'continue';
  },

  async cleanup(state, { ui }) {
    const done = protectedAmis.get(state);
    if (!done || !buildFailed(state)) return;
    for (const [region, ami] of done) {
      try {
        await state.session.ec2(region).send(new DisableImageDeregistrationProtectionCommand({ ImageId: ami }));
      } catch (e) {
        ui.error(`failed to disable AMI deregistration protection of ${ami} in ${region}: ${awsErrorText(e)}`);
      }
    }
  },
};
