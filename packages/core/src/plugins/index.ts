// The plugin host: finding and loading components from built-ins and npm plugin packages (docs/plugins.md).
export {
  loadComponents,
  emptyComponentRegistry,
  addComponents,
  type LoadComponentsOptions,
  type MutableComponentRegistry,
} from './load-components.js';
export { usedComponentTypes, legacyUsedComponentTypes, type UsedComponents } from './used-components.js';
export { defaultPluginPath, discoverPluginPackages, packageRoots, type PluginPackage } from './discover.js';
export { pluginNameOfPackage, componentTypeName, packageCandidates, parsePluginSource, type PluginSource } from './naming.js';
export { checkManifest } from './manifest.js';
// Installing plugin packages with npm: `init` (lock file beside the template) and the `plugins` commands.
export { initPlugins, type InitEvent, type InitPluginsOptions } from './install/init-plugins.js';
export {
  installPlugin,
  installLocalPlugin,
  builtinProvides,
  PluginInstallError,
  type InstallFlags,
  type InstallResult,
  type PluginInstallOptions,
  type PluginRequest,
} from './install/install-plugin.js';
export { installedPackage, installedPlugins, pluginDirRoots, removeInstalledPackage, type InstalledPlugin } from './install/installed.js';
export { LOCK_FILE_NAME, LockFileError, lockFilePath, lockFileText, readLockFile, writeLockFile, type LockedPlugin, type PluginLock } from './install/lock-file.js';
export { configuredRegistry, NpmError, type NpmOptions, type RegistryVersion } from './install/npm-client.js';
export { npmSourcePackage, npmSourceError } from './naming.js';
