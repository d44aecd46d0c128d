// Provisioner `shell-local` (provisioner/shell-local): runs commands or scripts on the machine running Packer.
import type { ProvisionerComponent } from '@tspacker/sdk';
import { shellLocalSpec, validateShellLocal } from '../shell-local-config.js';
import { applyCoreInfo } from '../packer-core-spec.js';
import { runShellLocal } from '../shell-local-run.js';

export const shellLocalProvisioner: ProvisionerComponent<typeof shellLocalSpec> = {
  configSpec: shellLocalSpec,
  // The SDK's shell-local Decode wraps its error.
  configErrorPrefix: 'Error decoding config: ',
  prepare(c, core) {
    applyCoreInfo(c, core);
    return validateShellLocal(c);
  },
  provision: (c, ctx) => runShellLocal(c, ctx.ui, ctx.signal, ctx.generatedData),
};
