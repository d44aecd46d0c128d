// Checking what a plugin package exports: a `tspackerPlugin` manifest (sdk plugin.ts) built for this SDK's major,
// whose components have the methods core calls. Anything else is a reason the package cannot be used.
import { SDK_VERSION_MAJOR, type PluginManifest } from '@tspacker/sdk';

export type ManifestCheck = { readonly manifest: PluginManifest; readonly reason?: undefined } | { readonly manifest?: undefined; readonly reason: string };

const kinds = [
  { key: 'builders', label: 'builder', methods: ['prepare'], objects: ['configSpec'] },
  { key: 'provisioners', label: 'provisioner', methods: ['prepare'], objects: ['configSpec'] },
  { key: 'postProcessors', label: 'post-processor', methods: ['prepare'], objects: ['configSpec'] },
  { key: 'dataSources', label: 'data source', methods: ['prepare', 'execute'], objects: ['configSpec', 'outputSpec'] },
  { key: 'communicators', label: 'communicator', methods: ['connect'], objects: [] },
] as const;

/** The package's manifest, or why it is not a usable one (a sentence fragment: "it exports no ..."). */
export function checkManifest(moduleExports: Record<string, unknown>): ManifestCheck {
  const manifest = moduleExports.tspackerPlugin;
  if (manifest === undefined) return { reason: 'it exports no `tspackerPlugin` manifest' };
  if (!isRecord(manifest)) return { reason: 'its `tspackerPlugin` export is not an object' };
  const sdkVersion = manifest.sdkVersion;
  if (typeof sdkVersion !== 'string' || sdkVersion === '') {
    return { reason: 'its manifest has no `sdkVersion` (the major version of @tspacker/sdk it was built for)' };
  }
  const major = sdkVersion.split('.')[0];
  if (major !== SDK_VERSION_MAJOR) {
    return {
      reason: `it was built for @tspacker/sdk major version ${sdkVersion}, but this tspacker provides major version ${SDK_VERSION_MAJOR}; install a release of the plugin built for @tspacker/sdk ${SDK_VERSION_MAJOR}.x`,
    };
  }
  let count = 0;
  for (const kind of kinds) {
    const components = manifest[kind.key];
    if (components === undefined) continue;
    if (!isRecord(components)) return { reason: `its manifest's \`${kind.key}\` is not an object` };
    for (const [name, component] of Object.entries(components)) {
      if (!isRecord(component)) return { reason: `its ${kind.label} "${name}" is not an object` };
      for (const field of kind.objects) {
        if (!isRecord(component[field])) return { reason: `its ${kind.label} "${name}" has no \`${field}\`` };
      }
      for (const method of kind.methods) {
        if (typeof component[method] !== 'function') return { reason: `its ${kind.label} "${name}" has no \`${method}\` function` };
      }
      count++;
    }
  }
  if (count === 0) return { reason: 'its manifest declares no components' };
  return { manifest: manifest as unknown as PluginManifest };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}
