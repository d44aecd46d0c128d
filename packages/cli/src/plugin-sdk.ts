// Providing @tspacker/sdk to plugins: before the first plugin is imported, the resolve hooks of
// plugin-sdk-hooks.ts are registered, so that a plugin's `import ... from '@tspacker/sdk'` gets the bundle's SDK,
// the same module instances the host uses. Registered lazily (core's loadComponents calls it only when it is about
// to import a plugin): Node 20 starts a thread for hooks, which a run without plugins must not pay for.
import fs from 'node:fs';
import nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import type { PluginSdkHooksData } from './plugin-sdk-hooks.js';

/**
 * The bundle's chunks directory, relative to this module: the code is in the entry (dist/tspacker.mjs) or in one of
 * its chunks (dist/chunks/). Undefined when running unbundled (jest, dist/lib): plugins then find the workspace's
 * @tspacker/sdk the way Node resolves packages.
 */
function bundleChunksDir(base: string | URL = import.meta.url): URL | undefined {
  for (const candidate of ['./', './chunks/']) {
    const dir = new URL(candidate, base);
    if (fs.existsSync(fileURLToPath(new URL('plugin-sdk-hooks.mjs', dir))) && fs.existsSync(fileURLToPath(new URL('sdk/index.mjs', dir)))) return dir;
  }
  return undefined;
}

let registered = false;

/** Makes `@tspacker/sdk` resolve to tspacker's own SDK for the modules imported from now on (once per process). */
export function provideSdkToPlugins(): void {
  if (registered) return;
  registered = true;
  const chunks = bundleChunksDir();
  if (chunks === undefined) return;
  const data: PluginSdkHooksData = { sdkDir: new URL('sdk/', chunks).href };
  // module.register is Node >= 20.6 (tspacker supports 20): before it, plugins resolve the SDK as Node does.
  nodeModule.register?.(new URL('plugin-sdk-hooks.mjs', chunks), { data });
}
