// A local directory tree to upload, read the way Packer's scp upload walks it: symlinks are followed (a link to a
// file uploads the file's content with mode 0644, as Packer's spooled upload does; a link to a directory uploads
// the directory with the link's own mode), empty directories are kept, entries go in name order.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface LocalFile {
  readonly kind: 'file';
  readonly name: string;
  /** The local path to read. */
  readonly path: string;
  /** The path below the uploaded root, with `/` separators. */
  readonly relative: string;
  readonly mode: number;
  readonly size: number;
}

export interface LocalDir {
  readonly kind: 'dir';
  readonly name: string;
  readonly path: string;
  readonly relative: string;
  readonly mode: number;
  readonly entries: readonly LocalEntry[];
}

export type LocalEntry = LocalFile | LocalDir;

/** Whether `relative` (or its base name) is one of the `exclude` entries. */
function excluded(relative: string, exclude: ReadonlySet<string>): boolean {
  return exclude.has(relative) || exclude.has(path.posix.basename(relative));
}

/** Reads the tree below `dir`; `exclude` lists paths relative to it (or base names) to leave out. */
export async function readLocalTree(dir: string, exclude: readonly string[] = []): Promise<LocalDir> {
  const skip = new Set(exclude.map((e) => e.replace(/\\/g, '/').replace(/^\.\/|\/$/g, '')));
  let rootStat;
  try {
    rootStat = await fs.stat(dir);
  } catch (err) {
    throw new Error(`cannot read the directory to upload ${dir}: ${(err as Error).message}`);
  }
  if (!rootStat.isDirectory()) throw new Error(`${dir} is not a directory`);
  const realRoot = await fs.realpath(dir);

  const readDir = async (
    dirPath: string,
    relative: string,
    mode: number,
    ancestors: readonly string[],
  ): Promise<LocalDir> => {
    const names = (await fs.readdir(dirPath)).sort();
    const entries = await Promise.all(
      names.map(async (name): Promise<LocalEntry | undefined> => {
        const entryPath = path.join(dirPath, name);
        const entryRelative = relative ? `${relative}/${name}` : name;
        if (excluded(entryRelative, skip)) return undefined;
        const link = await fs.lstat(entryPath);
        let stat = link;
        if (link.isSymbolicLink()) {
          try {
            stat = await fs.stat(entryPath);
          } catch {
            throw new Error(`${entryPath} is a symbolic link to a missing file (${await fs.readlink(entryPath)})`);
          }
        }
        if (stat.isDirectory()) {
          const real = await fs.realpath(entryPath);
          if (ancestors.includes(real)) throw new Error(`${entryPath} is a symbolic link that loops back to ${real}`);
          return readDir(entryPath, entryRelative, link.mode & 0o777, [...ancestors, real]);
        }
        if (!stat.isFile()) throw new Error(`${entryPath} is not a regular file, directory or symbolic link`);
        const fileMode = link.isSymbolicLink() ? 0o644 : stat.mode & 0o777;
        return { kind: 'file', name, path: entryPath, relative: entryRelative, mode: fileMode, size: stat.size };
      }),
    );
    return {
      kind: 'dir',
      name: path.basename(dirPath),
      path: dirPath,
      relative,
      mode,
      entries: entries.filter((e): e is LocalEntry => e !== undefined),
    };
  };
  return readDir(dir, '', rootStat.mode & 0o777, [realRoot]);
}

/** Packer's rule: `src/` copies the contents of src, `src` copies src itself (its base name) into the destination. */
export function copiesContentsOnly(sourceDir: string): boolean {
  return sourceDir.endsWith('/') || sourceDir.endsWith(path.sep);
}

/** Every file and directory of the tree, parents first. */
export function* walkTree(dir: LocalDir): Generator<LocalEntry> {
  for (const entry of dir.entries) {
    yield entry;
    if (entry.kind === 'dir') yield* walkTree(entry);
  }
}
