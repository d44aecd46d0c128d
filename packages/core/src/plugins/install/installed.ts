// Plugin packages installed in the plugin directory: by `npm install --prefix DIR` (DIR/node_modules, with the
// integrity npm recorded in DIR/node_modules/.package-lock.json) or copied into DIR itself (no integrity known).
import fs from 'node:fs';
import path from 'node:path';
import { discoverPluginPackages, findPackage } from '../discover.js';

export interface InstalledPlugin {
  readonly packageName: string;
  readonly version: string;
  /** The package's directory. */
  readonly dir: string;
  /** The SRI hash npm recorded when it installed the package; undefined for a copied package. */
  readonly integrity?: string;
  /** Where npm downloaded it from. */
  readonly resolved?: string;
}

/** The roots of the plugin directory, in the order the plugin host looks packages up (discover.ts). */
export function pluginDirRoots(pluginPath: string): string[] {
  const dir = path.resolve(pluginPath);
  return [path.join(dir, 'node_modules'), dir].filter((root) => isDirectory(root));
}

/** The package the plugin host would load under this name from the plugin directory, if any. */
export function installedPackage(pluginPath: string, packageName: string): InstalledPlugin | undefined {
  const found = findPackage(packageName, pluginDirRoots(pluginPath));
  if (found === undefined) return undefined;
  const record = npmRecord(pluginPath, found.dir, packageName);
  return { packageName, version: found.version, dir: found.dir, integrity: record?.integrity, resolved: record?.resolved };
}

/**
 * Every plugin package in the plugin directory: those named like plugins (naming.ts) and those the directory's
 * package.json depends on (`npm:` sources may name any package), by path.
 */
export function installedPlugins(pluginPath: string): InstalledPlugin[] {
  const names = new Set(discoverPluginPackages(pluginDirRoots(pluginPath)).map((p) => p.packageName));
  for (const name of Object.keys(dependencies(pluginPath))) names.add(name);
  const found = [...names].map((name) => installedPackage(pluginPath, name)).filter((p): p is InstalledPlugin => p !== undefined);
  return found.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}

/**
 * Takes an installed package out of the plugin directory: its files, and its entry in DIR/package.json so that a
 * later `npm install --prefix DIR` does not bring it back. Nothing else is touched (no network).
 */
export function removeInstalledPackage(pluginPath: string, plugin: InstalledPlugin): void {
  fs.rmSync(plugin.dir, { recursive: true, force: true });
  const manifestPath = path.join(path.resolve(pluginPath), 'package.json');
  const deps = dependencies(pluginPath);
  if (!Object.hasOwn(deps, plugin.packageName)) return;
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { dependencies: Record<string, string> };
  delete manifest.dependencies[plugin.packageName];
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
}

/** The plugin directory's package.json dependencies ({} when there is none). */
function dependencies(pluginPath: string): Record<string, string> {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(path.resolve(pluginPath), 'package.json'), 'utf8')) as { dependencies?: unknown };
    return json.dependencies !== null && typeof json.dependencies === 'object' ? (json.dependencies as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** What npm recorded about a package it installed in DIR/node_modules (its hidden lock file). */
function npmRecord(pluginPath: string, dir: string, packageName: string): { integrity?: string; resolved?: string } | undefined {
  const nodeModules = path.join(path.resolve(pluginPath), 'node_modules');
  if (path.dirname(packageName.startsWith('@') ? path.dirname(dir) : dir) !== nodeModules) return undefined;
  try {
    const lock = JSON.parse(fs.readFileSync(path.join(nodeModules, '.package-lock.json'), 'utf8')) as {
      packages?: Record<string, { integrity?: unknown; resolved?: unknown }>;
    };
    const entry = lock.packages?.[`node_modules/${packageName}`];
    if (entry === undefined) return undefined;
    return {
      integrity: typeof entry.integrity === 'string' ? entry.integrity : undefined,
      resolved: typeof entry.resolved === 'string' ? entry.resolved : undefined,
    };
  } catch {
    return undefined;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
