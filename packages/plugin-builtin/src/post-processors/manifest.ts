// Post-processor `manifest` (post-processor/manifest): appends an entry per build to a JSON manifest file.
import { open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { attr, createMasker, render, type ConfigOf, type ConfigSpec, type PostProcessorComponent } from '@tspacker/sdk';
import { applyCoreInfo, coreInterpolation, packerCoreSpec } from '../packer-core-spec.js';
import { artifactGeneratedData } from '../file-artifact.js';
import { packerRunUUID } from '@tspacker/sdk';
import { goJsonIndent } from '../go-json.js';
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
    applyCoreInfo(c, core);
    if (c.output === '') c.output = 'packer-manifest.json';
    const error = outputTemplateError(c.output, core);
    return error === undefined ? {} : { error };
  },
  async postProcess(c, ctx, source) {
    const data = artifactGeneratedData(source);
    const customData: Record<string, string> = {};
    // Sensitive values never reach the manifest (Packer writes them there in clear).
    const mask = createMasker(new Set(c.packer_sensitive_variables));
    for (const [key, text] of Object.entries(c.custom_data)) {
      try {
        customData[key] = mask(render(text, coreInterpolation(c, data)));
      } catch (e) {
        throw new Error(`Error interpolating custom data: ${(e as Error).message}`);
      }
    }
    const files: ManifestFileEntry[] = [];
    for (const name of source.files) {
      const size = await stat(name).then((s) => s.size, () => 0);
      files.push({ name: c.strip_path ? basename(name) : name, size });
    }
    const runUUID = packerRunUUID();
    const entry: ManifestEntry = {
      name: c.packer_build_name,
      builder_type: c.packer_builder_type,
      build_time: c.strip_time ? 0 : Math.floor(Date.now() / 1000),
      files: files.length > 0 ? files : null,
      artifact_id: mask(source.id),
      packer_run_uuid: runUUID,
      custom_data: Object.keys(customData).length > 0 ? customData : null,
    };

    const lock = await lockManifest(`${c.output}.lock`);
    try {
      let contents = '';
      try {
        contents = await readFile(c.output, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw new Error(`Unable to open ${c.output} for reading: ${(e as Error).message}`);
        }
      }
      let manifest: ManifestFile = { builds: null, last_run_uuid: '' };
      if (contents.length > 0) {
        try {
          manifest = manifestFromJson(JSON.parse(contents));
        } catch (e) {
          throw new Error(`Unable to parse content from ${c.output}: ${(e as Error).message}`);
        }
      }
      // -force starts a new manifest, unless this run already wrote to it (an earlier build of the same run).
      if (c.packer_force && runUUID !== manifest.last_run_uuid) manifest = { builds: null, last_run_uuid: '' };
      manifest = { builds: [...(manifest.builds ?? []), entry], last_run_uuid: runUUID };
      try {
        await writeFile(c.output, goJsonIndent(manifestJson(manifest)), { mode: 0o664 });
      } catch (e) {
        throw new Error(`Unable to write ${c.output}: ${(e as Error).message}`);
      }
    } finally {
      await lock.release();
    }
    // The manifest never deletes the artifact it records.
    return { artifact: source, keep: true, forceOverride: true };
  },
};

interface ManifestFileEntry {
  name: string;
  size: number;
}

/** One build of the manifest (manifest.Artifact), its fields in Go's order. */
interface ManifestEntry {
  name: string;
  builder_type: string;
  build_time: number;
  files: ManifestFileEntry[] | null;
  artifact_id: string;
  packer_run_uuid: string;
  custom_data: Record<string, string> | null;
}

interface ManifestFile {
  builds: ManifestEntry[] | null;
  last_run_uuid: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? Math.trunc(v) : 0);

/** The manifest as Go's json.Unmarshal into ManifestFile keeps it: known fields only, zero values for the rest. */
function manifestFromJson(json: unknown): ManifestFile {
  const o = (json ?? {}) as Record<string, unknown>;
  const builds = Array.isArray(o['builds'])
    ? o['builds'].map((b: Record<string, unknown>): ManifestEntry => ({
        name: str(b['name']),
        builder_type: str(b['builder_type']),
        build_time: num(b['build_time']),
        files: Array.isArray(b['files'])
          ? b['files'].map((f: Record<string, unknown>) => ({ name: str(f['name']), size: num(f['size']) }))
          : null,
        artifact_id: str(b['artifact_id']),
        packer_run_uuid: str(b['packer_run_uuid']),
        custom_data:
          b['custom_data'] !== null && typeof b['custom_data'] === 'object'
            ? Object.fromEntries(Object.entries(b['custom_data'] as Record<string, unknown>).map(([k, v]) => [k, str(v)]))
            : null,
      }))
    : null;
  return { builds, last_run_uuid: str(o['last_run_uuid']) };
}

/** What json.MarshalIndent writes: `build_time` omitted when 0, map keys sorted. */
function manifestJson(m: ManifestFile): unknown {
  return {
    builds: m.builds?.map((b) => ({
      name: b.name,
      builder_type: b.builder_type,
      ...(b.build_time !== 0 ? { build_time: b.build_time } : {}),
      files: b.files,
      artifact_id: b.artifact_id,
      packer_run_uuid: b.packer_run_uuid,
      custom_data: b.custom_data && Object.fromEntries(Object.entries(b.custom_data).sort(([a], [b]) => (a < b ? -1 : 1))),
    })) ?? null,
    last_run_uuid: m.last_run_uuid,
  };
}

/** Builds of this process updating a manifest, by path: they take turns (parallel builds share one manifest). */
const manifestQueues = new Map<string, Promise<unknown>>();

/**
 * The manifest's lock: first this process's queue for the file, then the lock file `OUTPUT.lock` (created
 * exclusively) against other processes, tried for up to ~5 s. Packer tries three times in 600 ms and then writes
 * anyway, which loses entries when many builds finish together; here the lock file is only removed by its owner.
 */
async function lockManifest(path: string): Promise<{ release(): Promise<void> }> {
  const queued = manifestQueues.get(path) ?? Promise.resolve();
  let releaseTurn!: () => void;
  const turn = new Promise<void>((resolve) => (releaseTurn = resolve));
  const tail = queued.then(() => turn);
  manifestQueues.set(path, tail);
  await queued;
  let owned = false;
  for (let i = 0; i < 25 && !owned; i++) {
    if (i > 0) await sleep(200);
    try {
      await (await open(path, 'wx', 0o600)).close();
      owned = true;
    } catch {
      // Another process holds it; retry.
    }
  }
  return {
    release: async () => {
      if (owned) await rm(path, { force: true });
      if (manifestQueues.get(path) === tail) manifestQueues.delete(path);
      releaseTurn();
    },
  };
}
