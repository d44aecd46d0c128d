// Builder `file` (builder/file): writes `content`, or copies `source`, to `target`; artifact id `File`.
import { attr, type BuilderComponent, type ConfigOf, type ConfigSpec } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';
import { resultOf } from '../prepare-errors.js';

export const fileBuilderSpec = {
  source: attr.string({ doc: 'A local file to copy to `target`. Cannot be combined with `content`.' }),
  target: attr.string({ doc: 'The file to create. Required.' }),
  content: attr.string({ doc: 'The text to write to `target`. Cannot be combined with `source`.' }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type FileBuilderConfig = ConfigOf<typeof fileBuilderSpec>;

export const fileBuilder: BuilderComponent<typeof fileBuilderSpec> = {
  configSpec: fileBuilderSpec,
  prepare(c) {
    const errors: string[] = [];
    const warnings: string[] = [];
    if (c.target === '') errors.push('target required');
    if (c.content === '' && c.source === '') {
      warnings.push('Both source file and contents are blank; target will have no content');
    }
    if (c.content !== '' && c.source !== '') errors.push('Cannot specify source file AND content');
    return resultOf(errors, warnings);
  },
};
