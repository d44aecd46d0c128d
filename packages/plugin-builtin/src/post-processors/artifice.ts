// Post-processor `artifice` (post-processor/artifice): replaces the artifact with the listed files (typically
// files a provisioner downloaded).
import { attr, type ConfigOf, type ConfigSpec, type PostProcessorComponent } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';

export const artificeSpec = {
  files: attr.list(attr.string(), { doc: 'The files of the new artifact. Required.' }),
  keep_input_artifact: attr.bool({ doc: 'Keep the input artifact instead of discarding it.' }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type ArtificeConfig = ConfigOf<typeof artificeSpec>;

export const artificePostProcessor: PostProcessorComponent<typeof artificeSpec> = {
  configSpec: artificeSpec,
  prepare: (c) => (c.files.length === 0 ? { error: 'No files specified in artifice configuration' } : {}),
};
