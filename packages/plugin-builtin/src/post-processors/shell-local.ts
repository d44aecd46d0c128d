// Post-processor `shell-local` (post-processor/shell-local): the shell-local provisioner's options, run after
// the build with the artifact's generated data; it always keeps its input artifact.
import type { PostProcessorComponent } from '@tspacker/sdk';
import { shellLocalSpec, validateShellLocal } from '../shell-local-config.js';
import { applyCoreInfo } from '../packer-core-spec.js';
import { runShellLocal } from '../shell-local-run.js';
import { artifactGeneratedData } from '../file-artifact.js';

export const shellLocalPostProcessor: PostProcessorComponent<typeof shellLocalSpec> = {
  configSpec: shellLocalSpec,
  // The SDK's shell-local Decode wraps its error.
  configErrorPrefix: 'Error decoding config: ',
  prepare(c, core) {
    applyCoreInfo(c, core);
    // Before the post-processor and provisioner were merged, execute_command was one string run by `sh -c`;
    // a one-element list keeps meaning that.
    if (c.execute_command.length === 1) c.execute_command = ['sh', '-c', ...c.execute_command];
    return validateShellLocal(c);
  },
  async postProcess(c, ctx, artifact) {
    await runShellLocal(c, ctx.ui, ctx.signal, artifactGeneratedData(artifact));
    // Kept whatever the template says: to drop the input, use artifice.
    return { artifact, keep: true, forceOverride: true };
  },
};
