// Builder `file` (builder/file): writes `content`, or copies `source`, to `target`; artifact id `File`.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { dirname } from 'node:path';
import { attr, type BuilderComponent, type ConfigOf, type ConfigSpec } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';
import { resultOf } from '../prepare-errors.js';
import { applyCoreInfo } from '../packer-core-spec.js';
import { fileArtifact } from '../file-artifact.js';

export const FILE_BUILDER_ID = 'packer.file';

export const fileBuilderSpec = {
  source: attr.string({ doc: 'A local file to copy to `target`. Cannot be combined with `content`.' }),
  target: attr.string({ doc: 'The file to create. Required.' }),
  content: attr.string({ doc: 'The text to write to `target`. Cannot be combined with `source`.' }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type FileBuilderConfig = ConfigOf<typeof fileBuilderSpec>;

export const fileBuilder: BuilderComponent<typeof fileBuilderSpec> = {
  configSpec: fileBuilderSpec,
  prepare(c, core) {
    applyCoreInfo(c, core);
    const errors: string[] = [];
    const warnings: string[] = [];
    if (c.target === '') errors.push('target required');
    if (c.content === '' && c.source === '') {
      warnings.push('Both source file and contents are blank; target will have no content');
    }
    if (c.content !== '' && c.source !== '') errors.push('Cannot specify source file AND content');
    return resultOf(errors, warnings);
  },
  async run(c, ctx) {
    const dir = dirname(c.target);
    if (dir !== '.') await mkdir(dir, { recursive: true, mode: 0o755 });
    if (c.source !== '') {
      // Packer opens the source first, then creates (truncates) the target with the default mode.
      const source = createReadStream(c.source);
      await new Promise((resolve, reject) => source.once('open', resolve).once('error', reject));
      ctx.ui.say(`Copying ${c.source} to ${c.target}`);
      await pipeline(source, createWriteStream(c.target));
      ctx.ui.say(`Copied ${(await stat(c.target)).size} bytes`);
    } else {
      // An empty content makes an empty file; Packer writes it readable by the owner only.
      await writeFile(c.target, c.content, { mode: 0o600 });
    }
    // Packer runs the provisioners against a mock communicator and no generated data.
    await ctx.provision(undefined, {});
    return fileArtifact({
      builderId: FILE_BUILDER_ID,
      id: 'File',
      files: [c.target],
      description: `Stored file: ${c.target}`,
      destroy: () => rm(c.target),
    });
  },
};
