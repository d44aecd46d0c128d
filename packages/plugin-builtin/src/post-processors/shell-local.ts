// Post-processor `shell-local` (post-processor/shell-local): the shell-local provisioner's options, run after
// the build; it always keeps its input artifact.
import type { PostProcessorComponent } from '@tspacker/sdk';
import { shellLocalSpec, validateShellLocal } from '../shell-local-config.js';

export const shellLocalPostProcessor: PostProcessorComponent<typeof shellLocalSpec> = {
  configSpec: shellLocalSpec,
  prepare(c) {
    // Before the post-processor and provisioner were merged, execute_command was one string run by `sh -c`;
    // a one-element list keeps meaning that.
    if (c.execute_command.length === 1) c.execute_command = ['sh', '-c', ...c.execute_command];
    return validateShellLocal(c);
  },
};
