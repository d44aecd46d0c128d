// Provisioner `breakpoint` (provisioner/breakpoint): pauses the build until the user presses enter.
import { attr, type ConfigOf, type ConfigSpec, type ProvisionerComponent } from '@tspacker/sdk';
import { applyCoreInfo, packerCoreSpec } from '../packer-core-spec.js';

export const breakpointSpec = {
  note: attr.string({ doc: 'A note shown at the breakpoint.' }),
  disable: attr.bool({ doc: 'Skip the breakpoint.' }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type BreakpointConfig = ConfigOf<typeof breakpointSpec>;

export const breakpointProvisioner: ProvisionerComponent<typeof breakpointSpec> = {
  configSpec: breakpointSpec,
  prepare(c, core) {
    applyCoreInfo(c, core);
    return {};
  },
  async provision(c, ctx) {
    const note = c.note !== '' ? ` with note "${c.note}"` : '';
    if (c.disable) {
      ctx.ui.say(`Breakpoint provisioner${note} disabled; continuing...`);
      return;
    }
    ctx.ui.say(`Pausing at breakpoint provisioner${note}.`);
    try {
      await ctx.ui.ask('Press enter to continue.');
    } catch (e) {
      throw new Error(`Error asking for input: ${(e as Error).message}`);
    }
  },
};
