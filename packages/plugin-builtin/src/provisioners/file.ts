// Provisioner `file` (provisioner/file): uploads files or `content` to the machine, or downloads from it.
import { attr, type ConfigOf, type ConfigSpec, type ProvisionerComponent } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';
import { goStatError } from '@tspacker/sdk';
import { resultOf } from '../prepare-errors.js';
import { noCommunicatorError } from '../remote-provision.js';
import { uploadSources } from '../file-provision-upload.js';
import { downloadSources } from '../file-provision-download.js';
import { withContentFile } from '../file-provision-content.js';

export const fileProvisionerSpec = {
  content: attr.string({
    doc:
      'Text to write to `destination` (a file, or `pkr-file-content` inside a directory destination). Cannot be ' +
      'combined with `source` or `sources`.',
  }),
  source: attr.string({
    doc:
      'The file or directory to upload (relative to the working directory); for a directory, a trailing slash ' +
      'uploads its contents rather than the directory itself.',
  }),
  sources: attr.list(attr.string(), {
    doc: 'Several sources, all uploaded into `destination`, which must then be a directory ending in a slash.',
  }),
  destination: attr.string({
    doc: 'Where to upload to; parent directories must exist. A directory destination should end in a slash. Required.',
  }),
  direction: attr.string({
    default: 'upload',
    doc: '`upload` (the default) or `download` (then `source` is on the machine and `destination` is local).',
  }),
  generated: attr.bool({
    doc: 'Check that the sources exist only when uploading, not when validating (for files created during the build).',
  }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type FileProvisionerConfig = ConfigOf<typeof fileProvisionerSpec>;

export const fileProvisioner: ProvisionerComponent<typeof fileProvisionerSpec> = {
  configSpec: fileProvisionerSpec,
  prepare(c) {
    if (c.direction === '') c.direction = 'upload';
    const errors: string[] = [];
    if (c.direction !== 'download' && c.direction !== 'upload') {
      errors.push('Direction must be one of: download, upload.');
    }
    if (c.source !== '') c.sources = [...c.sources, c.source];
    if (c.direction === 'upload' && !c.generated) {
      for (const src of c.sources) {
        const error = goStatError(src);
        if (error) errors.push(`Bad source '${src}': ${error}`);
      }
    }
    if (c.sources.length > 0 && c.content !== '') errors.push('source(s) conflicts with content.');
    if (c.destination === '') errors.push('Destination must be specified.');
    return resultOf(errors);
  },
  async provision(c, ctx) {
    const communicator = ctx.communicator;
    if (communicator === undefined) throw noCommunicatorError('file');
    // `content` becomes one more source: a local file holding it (Packer does the same in either direction).
    await withContentFile(c.content, async (contentFile) => {
      const sources = contentFile === undefined ? c.sources : [...c.sources, contentFile];
      const transfer = { ui: ctx.ui, communicator, signal: ctx.signal };
      if (c.direction === 'download') await downloadSources(sources, c.destination, transfer);
      else await uploadSources(sources, c.destination, transfer);
    });
  },
};
