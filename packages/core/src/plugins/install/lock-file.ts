// tspacker.lock.json, beside the template: the exact version and integrity of every plugin package `init`
// installed, by `required_plugins` source, so that later runs (CI, other machines) install exactly those.
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE_NAME = 'tspacker.lock.json';

export interface LockedPlugin {
  readonly package: string;
  readonly version: string;
  /** The SRI hash of the package's tarball (the registry's dist.integrity). */
  readonly integrity: string;
  /** The tarball's URL when it was locked (informational: installs go through the configured registry). */
  readonly resolved: string;
}

export interface PluginLock {
  readonly lockfileVersion: 1;
  /** By `required_plugins` source, as the template writes it. */
  readonly plugins: Readonly<Record<string, LockedPlugin>>;
}

/** A lock file that cannot be used; its message names the file. */
export class LockFileError extends Error {}

/** The lock file of a TEMPLATE argument: inside it when it is a directory, else beside it. */
export function lockFilePath(templatePath: string, cwd: string): string {
  const abs = path.resolve(cwd, templatePath);
  let isDir = false;
  try {
    isDir = fs.statSync(abs).isDirectory();
  } catch {
    // a missing template fails before the lock file matters
  }
  return path.join(isDir ? abs : path.dirname(abs), LOCK_FILE_NAME);
}

/** The lock file's content; undefined when there is none. Throws LockFileError when it is not a valid one. */
export function readLockFile(file: string): PluginLock | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LockFileError(`The lock file ${file} could not be read: ${(e as Error).message}`);
  }
  const invalid = (why: string) => new LockFileError(`The lock file ${file} is not valid: ${why}. Delete it and run init again to recreate it.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw invalid((e as Error).message);
  }
  if (!isRecord(json)) throw invalid('it is not a JSON object');
  if (json.lockfileVersion !== 1) throw invalid(`lockfileVersion ${JSON.stringify(json.lockfileVersion)} is not 1`);
  if (!isRecord(json.plugins)) throw invalid('"plugins" is not an object');
  const plugins: Record<string, LockedPlugin> = {};
  for (const [source, entry] of Object.entries(json.plugins)) {
    if (!isRecord(entry)) throw invalid(`the entry for ${JSON.stringify(source)} is not an object`);
    for (const field of ['package', 'version', 'integrity'] as const) {
      if (typeof entry[field] !== 'string' || entry[field] === '') throw invalid(`the entry for ${JSON.stringify(source)} has no "${field}"`);
    }
    plugins[source] = {
      package: entry.package as string,
      version: entry.version as string,
      integrity: entry.integrity as string,
      resolved: typeof entry.resolved === 'string' ? entry.resolved : '',
    };
  }
  return { lockfileVersion: 1, plugins };
}

/** The lock file's text: sources sorted, two-space JSON, a final newline (stable for version control). */
export function lockFileText(lock: PluginLock): string {
  const plugins: Record<string, LockedPlugin> = {};
  for (const source of Object.keys(lock.plugins).sort()) {
    const p = lock.plugins[source]!;
    plugins[source] = { package: p.package, version: p.version, integrity: p.integrity, resolved: p.resolved };
  }
  return JSON.stringify({ lockfileVersion: 1, plugins }, null, 2) + '\n';
}

/** Writes the lock file when its content changes; whether it did. */
export function writeLockFile(file: string, lock: PluginLock): boolean {
  const text = lockFileText(lock);
  try {
    if (fs.readFileSync(file, 'utf8') === text) return false;
  } catch {
    // not there yet
  }
  fs.writeFileSync(file, text);
  return true;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}
