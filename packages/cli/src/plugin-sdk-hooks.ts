// Node module resolve hooks (node:module `register`) that give every plugin the @tspacker/sdk of the running
// tspacker: `@tspacker/sdk` and `@tspacker/sdk/PATH.js` resolve to the bundle's SDK modules (chunks/sdk/), from any
// importing file. A plugin installed in the plugin directory has no SDK of its own (it is a peer dependency, and
// `tspacker init` installs with --legacy-peer-deps); one that could find another copy (a project's devDependency)
// must not use it either: components, config specs and errors are checked against the host's SDK. Nothing of
// tspacker imports the SDK by name at run time (the bundle holds it), so every such import comes from a plugin.
// Built as its own entry (chunks/plugin-sdk-hooks.mjs): Node 20 runs hooks on a separate thread, importing only this.
import fs from 'node:fs';
import type { InitializeHook, ResolveHook } from 'node:module';
import { fileURLToPath } from 'node:url';

/** What plugin-sdk.ts registers the hooks with. */
export interface PluginSdkHooksData {
  /** The URL of the bundle's chunks/sdk/ directory (with a trailing slash). */
  readonly sdkDir: string;
}

let sdkDir: URL | undefined;

export const initialize: InitializeHook<PluginSdkHooksData> = (data) => {
  sdkDir = new URL(data.sdkDir);
};

const SDK = '@tspacker/sdk';

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  if (sdkDir === undefined || (specifier !== SDK && !specifier.startsWith(`${SDK}/`))) return nextResolve(specifier, context);
  const subpath = specifier === SDK ? 'index.js' : specifier.slice(SDK.length + 1);
  // The package's exports: `.` and `./*.js` (a module of its dist); anything else is not exported.
  const module = /^[\w-]+(\/[\w-]+)*\.js$/.test(subpath) ? new URL(`${subpath.slice(0, -'.js'.length)}.mjs`, sdkDir) : undefined;
  if (module === undefined || !fs.existsSync(fileURLToPath(module))) {
    const from = context.parentURL === undefined ? '' : ` imported from ${context.parentURL.startsWith('file:') ? fileURLToPath(context.parentURL) : context.parentURL}`;
    throw Object.assign(new Error(`Package subpath './${subpath}' is not defined by "exports" in the ${SDK} that tspacker provides${from}`), {
      code: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    });
  }
  return { url: module.href, format: 'module', shortCircuit: true };
};
