// Post-processor `compress` (post-processor/compress): archives and/or compresses the artifact files; the
// formats follow from the output file name (or `format`).
import { attr, type ConfigOf, type ConfigSpec, type PostProcessorComponent } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';
import { resultOf } from '../prepare-errors.js';
import { outputTemplateError } from '../template-syntax.js';

const BEST_COMPRESSION = 9;
const DEFAULT_COMPRESSION = -1;

export const compressSpec = {
  output: attr.string({
    interpolate: false,
    default: 'packer_{{.BuildName}}_{{.BuilderType}}',
    doc:
      'The file to write, rendered with `{{.BuildName}}` and `{{.BuilderType}}`; its extensions (`.tar.gz`, ' +
      '`.zip`, `.lz4`, `.bgzf`, `.xz`, `.bzip2`) choose the archive and compression formats.',
  }),
  format: attr.string({ doc: 'The extensions to use instead of the output file name\'s, e.g. `tar.gz`.' }),
  compression_level: attr.int({ doc: 'The compression level, 1 (fastest) to 9 (smallest); 6 by default.' }),
  archive: attr.string({ doc: 'Derived from the output name (`tar` or `zip`); a value set here is usually replaced.' }),
  algorithm: attr.string({ doc: 'Derived from the output name; a value set here is usually replaced.' }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type CompressConfig = ConfigOf<typeof compressSpec>;

const EXTENSIONS: Readonly<Record<string, string>> = {
  tar: 'tar',
  zip: 'zip',
  gz: 'pgzip',
  lz4: 'lz4',
  bgzf: 'bgzf',
  xz: 'xz',
  bzip2: 'bzip2',
};

/**
 * detectFromFilename: sets `archive` (`tar`, `zip`) and `algorithm` from the output name's last two extensions;
 * what it does not decide keeps its earlier value.
 */
export function detectCompression(c: { output: string; format: string; archive: string; algorithm: string }): void {
  const name = c.format === '' ? c.output : `${c.output}.${c.format}`;
  const groups = [...name.matchAll(/(?:\.([a-z0-9]+))/g)].map((m) => m[1]!);
  const fallback = () => {
    c.algorithm = 'pgzip';
    c.archive = 'tar';
  };
  if (groups.length === 0) return fallback();
  const last = groups[groups.length - 1]!;
  const nextToLast = groups.length === 1 ? '' : groups[groups.length - 2]!;
  if (nextToLast === 'tar') c.archive = 'tar';
  if (last === 'zip' || last === 'tar') {
    c.archive = last;
    return;
  }
  const algorithm = EXTENSIONS[last];
  if (algorithm !== undefined) c.algorithm = algorithm;
  else fallback();
}

export const compressPostProcessor: PostProcessorComponent<typeof compressSpec> = {
  configSpec: compressSpec,
  prepare(c, core) {
    if (c.output === '') c.output = 'packer_{{.BuildName}}_{{.BuilderType}}';
    if (c.compression_level > BEST_COMPRESSION) c.compression_level = BEST_COMPRESSION;
    if (c.compression_level === -1 || c.compression_level === 0) c.compression_level = DEFAULT_COMPRESSION;
    const templateError = outputTemplateError(c.output, core);
    detectCompression(c);
    return resultOf(templateError === undefined ? [] : [templateError]);
  },
};
