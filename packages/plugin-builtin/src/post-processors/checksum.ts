// Post-processor `checksum` (post-processor/checksum): writes checksums of the artifact files.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { attr, render, type ConfigOf, type ConfigSpec, type PostProcessorComponent } from '@tspacker/sdk';
import { applyCoreInfo, coreInterpolation, packerCoreSpec } from '../packer-core-spec.js';
import { artifactGeneratedData, createdFromFilesText, fileArtifact } from '../file-artifact.js';

export const CHECKSUM_BUILDER_ID = 'packer.post-processor.checksum';
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
    applyCoreInfo(c, core);
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
  async postProcess(c, _ctx, artifact) {
    const data: Record<string, unknown> = {
      ...artifactGeneratedData(artifact),
      BuildName: c.packer_build_name,
      BuilderType: c.packer_builder_type,
    };
    const files = [...artifact.files];
    for (const type of c.checksum_types) {
      data['ChecksumType'] = type;
      for (const file of artifact.files) {
        const checksumFile = render(c.output, coreInterpolation(c, data));
        // A checksum file is new to the artifact the first time it is written.
        if (!(await stat(checksumFile).then(() => true, () => false))) files.push(checksumFile);
        try {
          await mkdir(dirname(checksumFile), { recursive: true, mode: 0o755 });
        } catch (e) {
          throw new Error(`unable to create dir: ${(e as Error).message}`);
        }
        const digest = await fileDigest(type, file);
        try {
          await appendFile(checksumFile, `${digest}\t${basename(file)}\n`, { mode: 0o644 });
        } catch (e) {
          throw new Error(`unable to create file ${checksumFile}: ${(e as Error).message}`);
        }
      }
    }
    // Kept whatever the template says, so that the files checksummed are not deleted.
    const result = fileArtifact({ builderId: CHECKSUM_BUILDER_ID, files, description: createdFromFilesText(files) });
    return { artifact: result, keep: true, forceOverride: true };
  },
};

/** Node's name for a checksum type. */
const HASH_NAMES: Readonly<Record<string, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
};

/** The hex digest of `file` with checksum type `type`. */
function fileDigest(type: string, file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash(HASH_NAMES[type] ?? type);
    createReadStream(file)
      .on('error', (e) => reject(new Error(`unable to open file ${file}: ${e.message}`)))
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}
