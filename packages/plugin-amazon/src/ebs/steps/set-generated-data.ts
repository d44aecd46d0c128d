// StepSetGeneratedData: the source image's generated data (build.SourceAMI, ...; see generated-data.ts), for the
// provisioners and post-processors.
import type { Step } from '@tspacker/sdk';
import { sourceGeneratedData } from '../generated-data.js';
import type { EbsState } from '../state.js';

export const stepSetGeneratedData: Step<EbsState> = {
  name: 'StepSetGeneratedData',
  async run(state) {
    // Without a source image Packer sets nothing: extractBuildInfo returns before putting any key.
    if (state.sourceImage === undefined) return 'continue';
    Object.assign(state.generatedData, sourceGeneratedData(state));
    return 'continue';
  },
};
