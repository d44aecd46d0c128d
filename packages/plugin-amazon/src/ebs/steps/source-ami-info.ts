// StepSourceAMIInfo: the image to launch, by `source_ami` and/or `source_ami_filter`; enhanced networking
// (ena_support / sriov_support) needs an HVM image.
import type { Step } from '@tspacker/sdk';
import { findImage } from '../../common/ami-filter.js';
import type { EbsState } from '../state.js';

export const stepSourceAMIInfo: Step<EbsState> = {
  name: 'StepSourceAMIInfo',
  async run(state, { ui, signal }) {
    const c = state.config;
    const filter = c.source_ami_filter;
    const image = await findImage(
      state.session.ec2(),
      {
        imageIds: c.source_ami !== '' ? [c.source_ami] : [],
        filters: filter?.filters ?? {},
        owners: filter?.owners ?? [],
        mostRecent: filter?.most_recent ?? false,
        includeDeprecated: filter?.include_deprecated ?? false,
      },
      signal,
    );
    ui.say(`Found Image ID: ${image.ImageId ?? ''}`);
    if (c.ena_support === true || c.sriov_support) {
      if (c.ami_virtualization_type !== '' && c.ami_virtualization_type !== 'hvm') {
        throw new Error(`Cannot enable enhanced networking, AMIVirtType '${c.ami_virtualization_type}' is not HVM`);
      }
      if (c.ami_virtualization_type === '' && image.VirtualizationType !== 'hvm') {
        throw new Error(`Cannot enable enhanced networking, source AMI '${c.source_ami}' is not HVM`);
      }
    }
    state.sourceImage = image;
    return 'continue';
  },
};
