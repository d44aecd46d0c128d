// Post-processor `artifice` (post-processor/artifice): replaces the artifact with the listed files (typically
// files a provisioner downloaded).
import { stat } from 'node:fs/promises';
import { attr, type ConfigOf, type ConfigSpec, type PostProcessorComponent } from '@tspacker/sdk';
import { applyCoreInfo, packerCoreSpec } from '../packer-core-spec.js';
import { createdFromFilesText, fileArtifact } from '../file-artifact.js';
import { goGlob } from '../go-glob.js';
import { goStatError } from '@tspacker/sdk';

export const ARTIFICE_BUILDER_ID = 'packer.post-processor.artifice';

export const artificeSpec = {
  files: attr.list(attr.string(), { doc: 'The files of the new artifact (glob patterns allowed). Required.' }),
  keep_input_artifact: attr.bool({ doc: 'Keep the input artifact instead of discarding it.' }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type ArtificeConfig = ConfigOf<typeof artificeSpec>;

export const artificePostProcessor: PostProcessorComponent<typeof artificeSpec> = {
  configSpec: artificeSpec,
  prepare(c, core) {
    applyCoreInfo(c, core);
    return c.files.length === 0 ? { error: 'No files specified in artifice configuration' } : {};
  },
  async postProcess(c, ctx, input) {
    if (input.files.length > 0) ctx.ui.say(`Discarding files from artifact: ${input.files.join(', ')}`);
    const files: string[] = [];
    for (const pattern of c.files) {
      for (const match of await goGlob(pattern)) {
        const error = goStatError(match);
        if (error !== undefined) throw new Error(error);
        await stat(match);
        files.push(match);
      }
    }
    ctx.ui.say(`Using these artifact files: ${files.join(', ')}`);
    const artifact = fileArtifact({ builderId: ARTIFICE_BUILDER_ID, files, description: createdFromFilesText(files) });
    return { artifact, keep: true, forceOverride: false };
  },
};
