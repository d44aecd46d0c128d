// Finding plugin packages on disk without importing them: in the project's node_modules (the template's
// directory and its parents, as Node resolves packages) and in the plugin directory (TSPACKER_PLUGIN_PATH).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pluginNameOfPackage } from './naming.js';

/** An installed plugin package, read from its package.json. */
export interface PluginPackage {
  readonly packageName: string;
  /** The prefix of its components' type names. */
  readonly pluginName: string;
  /** The package's directory. */
  readonly dir: string;
  /** package.json `version` ('' when absent). */
  readonly version: string;
}

/** Packer's PluginFolder for tspacker: TSPACKER_PLUGIN_PATH, else `tspacker/plugins` in the user's config directory. */
export function defaultPluginPath(env: Readonly<Record<string, string | undefined>>, home: string = os.homedir()): string {
  const given = env.TSPACKER_PLUGIN_PATH;
  if (given) return given;
  const configHome = env.XDG_CONFIG_HOME || path.join(home, '.config');
  return path.join(configHome, 'tspacker', 'plugins');
}

/**
 * The directories packages are looked up in, highest priority first: `node_modules` of the project directory
 * and of each parent, then the plugin directory's `node_modules` (`npm install --prefix DIR`) and the plugin
 * directory itself (package directories copied there).
 */
export function packageRoots(projectDir: string, pluginPath: string): string[] {
  const roots: string[] = [];
  for (let dir = path.resolve(projectDir); ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') roots.push(path.join(dir, 'node_modules'));
    if (path.dirname(dir) === dir) break;
  }
  if (pluginPath !== '') roots.push(path.join(path.resolve(pluginPath), 'node_modules'), path.resolve(pluginPath));
  return roots.filter((r) => isDirectory(r));
}

/** The package named `packageName` in the first root that has it. */
export function findPackage(packageName: string, roots: readonly string[]): { dir: string; version: string } | undefined {
  for (const root of roots) {
    const dir = path.join(root, packageName);
    const manifest = readPackageJson(dir);
    if (manifest !== undefined && manifest.name === packageName) return { dir, version: manifest.version };
  }
  return undefined;
}

/**
 * Every plugin package in the roots (by the naming rules of naming.ts), highest priority first; a plugin name
 * found again in a later root is left out (the first one wins, as in Packer's discovery).
 */
export function discoverPluginPackages(roots: readonly string[]): PluginPackage[] {
  const found = new Map<string, PluginPackage>();
  for (const root of roots) {
    for (const packageName of candidateNames(root)) {
      const pluginName = pluginNameOfPackage(packageName);
      if (pluginName === undefined || found.has(pluginName)) continue;
      const dir = path.join(root, packageName);
      const manifest = readPackageJson(dir);
      if (manifest === undefined || manifest.name !== packageName) continue;
      found.set(pluginName, { packageName, pluginName, dir, version: manifest.version });
    }
  }
  return [...found.values()];
}

/** Directory entries of a root that name packages (`x` and `@scope/x`), sorted for a stable order. */
function candidateNames(root: string): string[] {
  const names: string[] = [];
  for (const entry of readDir(root)) {
    if (entry.startsWith('@')) for (const inner of readDir(path.join(root, entry))) names.push(`${entry}/${inner}`);
    else names.push(entry);
  }
  return names.sort();
}

function readDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** A package.json's name and version; undefined when there is none or it is not JSON. */
function readPackageJson(dir: string): { name: string; version: string } | undefined {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return { name: typeof json.name === 'string' ? json.name : '', version: typeof json.version === 'string' ? json.version : '' };
  } catch {
    return undefined;
  }
}
