// Provisioner `shell-local` (provisioner/shell-local): runs commands or scripts on the machine running Packer.
import type { ProvisionerComponent } from '@tspacker/sdk';
import { shellLocalSpec, validateShellLocal } from '../shell-local-config.js';

export const shellLocalProvisioner: ProvisionerComponent<typeof shellLocalSpec> = {
  configSpec: shellLocalSpec,
  prepare: (c) => validateShellLocal(c),
};
