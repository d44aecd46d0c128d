// An Artifact for tests of post-processors: the input a builder would hand over, made from plain fields.
import type { Artifact } from '../runtime.js';

export interface TestArtifactFields {
  /** Defaults to `tspacker.test`. */
  readonly builderId?: string;
  readonly id?: string;
  readonly files?: readonly string[];
  /** Defaults to a line naming the id and files. */
  readonly description?: string;
  /** Answers of `state(name)`; `generated_data` is the build's generated data. */
  readonly state?: Readonly<Record<string, unknown>>;
}

export interface TestArtifact extends Artifact {
  /** True once `destroy` was called (a post-processor dropped its input). */
  readonly destroyed: boolean;
}

export function testArtifact(fields: TestArtifactFields = {}): TestArtifact {
  const files = [...(fields.files ?? [])];
  let destroyed = false;
  return {
    builderId: fields.builderId ?? 'tspacker.test',
    id: fields.id ?? '',
    files,
    toString: () => fields.description ?? `Test artifact ${fields.id ?? ''} (${files.join(', ')})`,
    state: (name) => fields.state?.[name],
    destroy: async () => {
      destroyed = true;
    },
    get destroyed() {
      return destroyed;
    },
  };
}
