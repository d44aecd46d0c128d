// StepModifyEBSBackedInstance: enhanced networking is set on the stopped instance, so the image inherits it
// (`sriov_support` → SriovNetSupport=simple; `ena_support` set either way → EnaSupport).
import { ModifyInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import type { Step } from '@tspacker/sdk';
import { awsErrorText } from '../../common/aws-errors.js';
import type { EbsState } from '../state.js';

export const stepModifyEBSBackedInstance: Step<EbsState> = {
  name: 'StepModifyEBSBackedInstance',
  async run(state, { ui, signal }) {
    const c = state.config;
    const instanceId = state.instanceId ?? state.instance?.InstanceId ?? '';
    const ec2 = state.session.ec2();
    if (c.sriov_support) {
      ui.say('Enabling Enhanced Networking (SR-IOV)...');
      try {
        await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, SriovNetSupport: { Value: 'simple' } }), { abortSignal: signal });
      } catch (e) {
        throw new Error(`Error enabling Enhanced Networking (SR-IOV) on ${instanceId}: ${awsErrorText(e)}`);
      }
    }
    if (c.ena_support !== undefined) {
      const prefix = c.ena_support ? 'En' : 'Dis';
      ui.say(`${prefix}abling Enhanced Networking (ENA)...`);
      try {
        await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, EnaSupport: { Value: c.ena_support } }), { abortSignal: signal });
      } catch (e) {
        throw new Error(`Error ${prefix.toLowerCase()}abling Enhanced Networking (ENA) on ${instanceId}: ${awsErrorText(e)}`);
      }
    }
    return 'continue';
  },
};
