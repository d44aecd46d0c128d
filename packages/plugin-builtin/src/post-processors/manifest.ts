// Post-processor `manifest` (post-processor/manifest): appends an entry per build to a JSON manifest file.
import { attr, type ConfigOf, type ConfigSpec, type PostProcessorComponent } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';
import { outputTemplateError } from '../template-syntax.js';

export const manifestSpec = {
  output: attr.string({ default: 'packer-manifest.json', doc: 'The manifest file.' }),
  strip_path: attr.bool({ doc: 'Record only the file names of the artifact files, without their directories.' }),
  strip_time: attr.bool({ doc: 'Leave out the `build_time` field.' }),
  custom_data: attr.map(attr.string(), {
    doc: 'Arbitrary data to add to each entry; values may use `{{ }}` template functions.',
  }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type ManifestConfig = ConfigOf<typeof manifestSpec>;

export const manifestPostProcessor: PostProcessorComponent<typeof manifestSpec> = {
  configSpec: manifestSpec,
  prepare(c, core) {
    if (c.output === '') c.output = 'packer-manifest.json';
    const error = outputTemplateError(c.output, core);
    return error === undefined ? {} : { error };
  },
};
