// `init`'s work on a template's requirements: each one installed (install-plugin.ts), following the lock file
// beside the template when it has an entry, and the lock file rewritten from what is installed. Requirements are
// handled in order and independently, as Packer's init does: one failing does not stop the others.
import { installPlugin, PluginInstallError, type InstallResult, type PluginInstallOptions, type PluginRequest } from './install-plugin.js';
import { readLockFile, writeLockFile, type LockedPlugin } from './lock-file.js';

export interface InitPluginsOptions extends PluginInstallOptions {
  /** tspacker.lock.json's path (lockFilePath). */
  readonly lockFile: string;
  readonly upgrade?: boolean;
  readonly force?: boolean;
}

/** One requirement handled: what happened, or the message of why it failed. */
export type InitEvent = { readonly request: PluginRequest } & ({ readonly result: InstallResult; readonly error?: undefined } | { readonly error: string });

/**
 * Installs every requirement, reporting each as it is done, then writes the lock file: an entry for each source
 * installed by npm, the previous entry kept for a source that failed, sources no longer required left out. No lock
 * file is created when there is nothing to lock. Throws LockFileError when the lock file is invalid.
 */
export async function initPlugins(
  requests: readonly PluginRequest[],
  options: InitPluginsOptions,
  report: (event: InitEvent) => void,
): Promise<{ ok: boolean }> {
  const previous = readLockFile(options.lockFile);
  const plugins: Record<string, LockedPlugin> = {};
  let ok = true;
  for (const request of requests) {
    const locked = previous?.plugins[request.source];
    try {
      const result = await installPlugin(request, { upgrade: options.upgrade, force: options.force, locked }, options);
      if (result.status !== 'builtin' && result.lock !== undefined) plugins[request.source] = result.lock;
      report({ request, result });
    } catch (e) {
      if (!(e instanceof PluginInstallError)) throw e;
      ok = false;
      if (locked !== undefined) plugins[request.source] = locked;
      report({ request, error: e.message });
    }
  }
  if (previous !== undefined || Object.keys(plugins).length > 0) writeLockFile(options.lockFile, { lockfileVersion: 1, plugins });
  return { ok };
}
