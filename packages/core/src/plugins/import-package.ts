// Importing a plugin package by its directory: the entry point an ESM `import` of the package would use.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The file `import 'PACKAGE'` loads: package.json `exports` (`.` entry; `import`, then `default` condition),
 * else `main`, else `index.js`.
 */
export function packageEntryPoint(dir: string): string {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { exports?: unknown; main?: unknown };
  const fromExports = exportTarget(json.exports);
  if (fromExports !== undefined) return path.resolve(dir, fromExports);
  return path.resolve(dir, typeof json.main === 'string' && json.main !== '' ? json.main : 'index.js');
}

function exportTarget(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (exports === null || typeof exports !== 'object' || Array.isArray(exports)) return undefined;
  const record = exports as Record<string, unknown>;
  // Subpath exports (`{ ".": ..., "./x": ... }`) or conditions (`{ "import": ..., "default": ... }`).
  if (Object.keys(record).some((k) => k.startsWith('.'))) return exportTarget(record['.']);
  for (const condition of ['import', 'node', 'default']) {
    const target = exportTarget(record[condition]);
    if (target !== undefined) return target;
  }
  return undefined;
}

/** The package's module namespace; throws what `import()` throws. */
export async function importPackage(dir: string): Promise<Record<string, unknown>> {
  const entry = packageEntryPoint(dir);
  if (!fs.existsSync(entry)) throw new Error(`its entry point ${entry} does not exist`);
  return (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
}
