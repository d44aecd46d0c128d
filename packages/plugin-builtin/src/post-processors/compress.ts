// Post-processor `compress` (post-processor/compress): archives and/or compresses the artifact files; the
// formats follow from the output file name (or `format`).
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough, type Writable } from 'node:stream';
import { constants as zlibConstants, createGzip } from 'node:zlib';
import { attr, render, type ConfigOf, type ConfigSpec, type PostProcessorComponent } from '@tspacker/sdk';
import { applyCoreInfo, coreInterpolation, packerCoreSpec } from '../packer-core-spec.js';
import { artifactGeneratedData, fileArtifact } from '../file-artifact.js';

// tar and yazl are loaded when an archive is written, not with the component table every command loads.
let tarModule: Promise<typeof import('tar')> | undefined;
const tarLibrary = () => (tarModule ??= import('tar'));

export const COMPRESS_BUILDER_ID = 'packer.post-processor.compress';
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
    applyCoreInfo(c, core);
    if (c.output === '') c.output = 'packer_{{.BuildName}}_{{.BuilderType}}';
    if (c.compression_level > BEST_COMPRESSION) c.compression_level = BEST_COMPRESSION;
    if (c.compression_level === -1 || c.compression_level === 0) c.compression_level = DEFAULT_COMPRESSION;
    const templateError = outputTemplateError(c.output, core);
    detectCompression(c);
    return resultOf(templateError === undefined ? [] : [templateError]);
  },
  async postProcess(c, ctx, artifact) {
    const data = { ...artifactGeneratedData(artifact), BuildName: c.packer_build_name, BuilderType: c.packer_builder_type };
    let target: string;
    try {
      target = render(c.output, coreInterpolation(c, data));
    } catch (e) {
      throw new Error(`Error interpolating output value: ${(e as Error).message}`);
    }
    if (c.algorithm !== '' && c.algorithm !== 'pgzip') {
      // bgzf, bzip2, lz4 and xz need codecs Node does not ship.
      throw new Error(`error creating ${c.algorithm} writer: tspacker supports only gzip compression (.gz) for now`);
    }
    try {
      await mkdir(dirname(target), { recursive: true, mode: 0o755 });
    } catch (e) {
      throw new Error(`Unable to create dir for archive ${target}: ${(e as Error).message}`);
    }
    const file = createWriteStream(target);
    const opened = new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', reject));
    try {
      await opened;
    } catch (e) {
      throw new Error(`Unable to create archive ${target}: ${(e as Error).message}`);
    }

    // The archive (or the single file) is written into `output`, which compresses into the file when asked.
    const output = new PassThrough();
    const written =
      c.algorithm === 'pgzip'
        ? pipeline(output, createGzip({ level: c.compression_level === -1 ? zlibConstants.Z_DEFAULT_COMPRESSION : c.compression_level }), file)
        : pipeline(output, file);
    if (c.algorithm === 'pgzip') ctx.ui.say(`Using pgzip compression with ${availableParallelism()} cores for ${target}`);
    const compression = c.algorithm === '' ? 'no compression' : c.algorithm;
    try {
      if (c.archive === 'tar') {
        ctx.ui.say(`Tarring ${target} with ${compression}`);
        await writeTar(artifact.files, output);
      } else if (c.archive === 'zip') {
        ctx.ui.say(`Zipping ${target}`);
        await writeZip(artifact.files, output);
      } else {
        if (artifact.files.length !== 1) {
          throw new Error(
            `Can only have 1 input file when not using tar/zip. Found ${artifact.files.length} files: [${artifact.files.join(' ')}]`,
          );
        }
        const source = artifact.files[0]!;
        ctx.ui.say(`Archiving ${source} with ${compression}`);
        await pipeline(createReadStream(source), output).catch((e: Error) => {
          throw new Error(`Failed to compress ${source}: ${e.message}`);
        });
      }
    } catch (e) {
      output.destroy();
      await written.catch(() => {});
      throw e;
    }
    await written;
    ctx.ui.say(`Archive ${target} completed`);
    const result = fileArtifact({
      builderId: COMPRESS_BUILDER_ID,
      files: [target],
      description: `compressed artifacts in: ${target}`,
    });
    return { artifact: result, keep: false, forceOverride: false };
  },
};

/** The name of `id` in /etc/passwd or /etc/group ('' when unknown), as Go's tar.FileInfoHeader looks it up. */
function idName(file: string, id: number): string {
  try {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => l.split(':')[2] === String(id));
    return line?.split(':')[0] ?? '';
  } catch {
    return '';
  }
}

/** Writes `data` to `output`, waiting when it is full. */
async function writeTo(output: Writable, data: Buffer): Promise<void> {
  if (!output.write(data)) await new Promise((resolve) => output.once('drain', resolve));
}

/**
 * createTarArchive: one entry per file, named by its base name, with its mode, owner and size, times zeroed as
 * Packer does for reproducible archives; headers encoded by node-tar (a PAX header before one that needs it),
 * closed with two zero blocks like Go's tar.Writer.
 */
async function writeTar(files: readonly string[], output: Writable): Promise<void> {
  for (const path of files) {
    const info = await stat(path).catch((e: Error) => {
      throw new Error(`Unable to read file ${path}: ${e.message}`);
    });
    const fields = {
      path: basename(path),
      mode: info.mode & 0o7777,
      uid: info.uid,
      gid: info.gid,
      size: info.size,
      mtime: new Date(0),
      type: 'File' as const,
      uname: idName('/etc/passwd', info.uid),
      gname: idName('/etc/group', info.gid),
    };
    const { Header, Pax } = await tarLibrary();
    const header = new Header(fields);
    if (header.encode()) await writeTo(output, new Pax(fields).encode());
    await writeTo(output, header.block!);
    try {
      for await (const chunk of createReadStream(path)) await writeTo(output, chunk as Buffer);
    } catch (e) {
      throw new Error(`Failed to copy ${path} data to archive: ${(e as Error).message}`);
    }
    const padding = (512 - (info.size % 512)) % 512;
    if (padding > 0) await writeTo(output, Buffer.alloc(padding));
  }
  await writeTo(output, Buffer.alloc(1024));
  output.end();
}

/** createZipArchive: one deflated entry per file, named by its path as given (forward slashes). */
async function writeZip(files: readonly string[], output: Writable): Promise<void> {
  const { default: yazl } = await import('yazl');
  const zip = new yazl.ZipFile();
  for (const path of files) {
    const info = await stat(path).catch((e: Error) => {
      throw new Error(`Unable to read file ${path}: ${e.message}`);
    });
    // yazl refuses absolute names, which Go's zip writer keeps.
    const name = path.replaceAll('\\', '/').replace(/^\/+/, '');
    zip.addReadStream(createReadStream(path), name, { mtime: new Date(info.mtimeMs), mode: info.mode, size: info.size });
  }
  zip.end();
  await pipeline(zip.outputStream, output);
}
