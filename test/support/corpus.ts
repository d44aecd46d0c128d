// Where the shared corpus (Packer v1.9.4's test data, read in place) is, for tests of every package.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Packer's hcl2template directory in the shared corpus: tests use it as cwd, as Go's tests do. */
export const hcl2templateDir = path.resolve(repoRoot, '../shared/corpus/packer-v1.9.4/hcl2template');
export const commandFixturesDir = path.resolve(repoRoot, '../shared/corpus/packer-v1.9.4/command/test-fixtures');
