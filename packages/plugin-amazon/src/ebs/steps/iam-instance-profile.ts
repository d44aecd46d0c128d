// StepIamInstanceProfile: the instance profile the instance launches with. tspacker does not talk to IAM:
// `iam_instance_profile` is used as given, as with Packer's skip_profile_validation (a wrong name fails at
// RunInstances instead, with EC2's message); a temporary profile from
// `temporary_iam_instance_profile_policy_document` is refused at prepare time (iamPrepareErrors).
import type { Step } from '@tspacker/sdk';
import { iamPrepareErrors } from '../prepare.js';
import type { EbsState } from '../state.js';

export const stepIamInstanceProfile: Step<EbsState> = {
  name: 'StepIamInstanceProfile',
  async run(state) {
    const errors = iamPrepareErrors(state.config);
    if (errors.length > 0) throw new Error(errors[0]);
    state.iamInstanceProfile = state.config.iam_instance_profile;
    return 'continue';
  },
};
