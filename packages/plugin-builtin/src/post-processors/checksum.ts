// Post-processor `checksum` (post-processor/checksum): writes checksums of the artifact files.
import { attr, type ConfigOf, type ConfigSpec, type PostProcessorComponent } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';
import { resultOf } from '../prepare-errors.js';
import { outputTemplateError } from '../template-syntax.js';

/** The checksum types Packer knows, as named in `checksum_types`. */
export const CHECKSUM_TYPES = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

const DEFAULT_OUTPUT = 'packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum';

export const checksumSpec = {
  checksum_types: attr.list(attr.string(), {
    doc: 'The checksums to compute: `md5` (default), `sha1`, `sha224`, `sha256`, `sha384`, `sha512`.',
  }),
  output: attr.string({
    interpolate: false,
    default: DEFAULT_OUTPUT,
    doc:
      'The file checksums are appended to, rendered per checksum type with `{{.BuildName}}`, ' +
      '`{{.BuilderType}}` and `{{.ChecksumType}}`.',
  }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type ChecksumConfig = ConfigOf<typeof checksumSpec>;

export const checksumPostProcessor: PostProcessorComponent<typeof checksumSpec> = {
  configSpec: checksumSpec,
  prepare(c, core) {
    // Packer defaults only an absent list; an empty one stays empty (our config cannot tell them apart).
    if (c.checksum_types.length === 0) c.checksum_types = ['md5'];
    const errors = c.checksum_types
      .filter((t) => !(CHECKSUM_TYPES as readonly string[]).includes(t))
      .map((t) => `Unrecognized checksum type: ${t}`);
    if (c.output === '') c.output = DEFAULT_OUTPUT;
    const templateError = outputTemplateError(c.output, core);
    if (templateError !== undefined) errors.push(templateError);
    return resultOf(errors);
  },
};
