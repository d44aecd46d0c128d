// Provisioner `breakpoint` (provisioner/breakpoint): pauses the build until the user presses enter.
import { attr, type ConfigOf, type ConfigSpec, type ProvisionerComponent } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';

export const breakpointSpec = {
  note: attr.string({ doc: 'A note shown at the breakpoint.' }),
  disable: attr.bool({ doc: 'Skip the breakpoint.' }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type BreakpointConfig = ConfigOf<typeof breakpointSpec>;

export const breakpointProvisioner: ProvisionerComponent<typeof breakpointSpec> = {
  configSpec: breakpointSpec,
  prepare: () => ({}),
};
