// The amazon-ebs builder as a component: its configuration, `clean_resource_name`, validation, and the build
// (loaded only when a build runs, so validate does not load the AWS SDK).
import type { BuilderComponent } from '@tspacker/sdk';
import { amazonTemplateFuncs } from '../common/template-funcs.js';
import { ebsSpec } from './config.js';
import { prepareEbs } from './prepare.js';

export const ebsBuilder: BuilderComponent<typeof ebsSpec> = {
  configSpec: ebsSpec,
  templateFuncs: amazonTemplateFuncs,
  prepare: prepareEbs,
  run: async (config, ctx) => (await import('./run.js')).runEbs(config, ctx),
};
