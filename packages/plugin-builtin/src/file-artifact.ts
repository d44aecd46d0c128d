// Artifacts made of local files (builder/file's FileArtifact, the checksum, compress and artifice artifacts): the
// sdk Artifact with Packer's fields, and a destroy that removes the files as Packer's os.RemoveAll does.
import { rm } from 'node:fs/promises';
import type { Artifact } from '@tspacker/sdk';

export interface FileArtifactOptions {
  readonly builderId: string;
  /** Packer's Id(): '' for the post-processors' artifacts. */
  readonly id?: string;
  readonly files: readonly string[];
  /** Packer's String(), shown at the end of the build. */
  readonly description: string;
  /** Named state (Packer's State(name)); `generated_data` among them when the component has any. */
  readonly state?: Readonly<Record<string, unknown>>;
  /** Replaces the default removal of every file (directories included). */
  readonly destroy?: () => Promise<void>;
}

/** An artifact whose content is `files` on the local disk. */
export function fileArtifact(options: FileArtifactOptions): Artifact {
  const files = [...options.files];
  return {
    builderId: options.builderId,
    id: options.id ?? '',
    files,
    toString: () => options.description,
    state: (name) => options.state?.[name],
    destroy:
      options.destroy ??
      (async () => {
        for (const file of files) await rm(file, { recursive: true, force: true });
      }),
  };
}

/** Packer's "Created artifact from files: a, b" (checksum and artifice). */
export function createdFromFilesText(files: readonly string[]): string {
  return `Created artifact from files: ${files.join(', ')}`;
}

/** A copy of the artifact's `generated_data` state (an empty object when it has none). */
export function artifactGeneratedData(artifact: Artifact): Record<string, unknown> {
  const data = artifact.state('generated_data');
  return data !== null && typeof data === 'object' ? { ...(data as Record<string, unknown>) } : {};
}
