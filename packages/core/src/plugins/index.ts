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
