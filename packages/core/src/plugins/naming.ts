// Packer's plugin naming, applied to npm packages. A Packer plugin binary `packer-plugin-NAME` registers its
// components under `NAME-COMPONENT` (or `NAME` alone for plugin.DEFAULT_NAME); a tspacker plugin package
// `tspacker-plugin-NAME`, `@SCOPE/tspacker-plugin-NAME` or `@tspacker/plugin-NAME` does the same.
import { DEFAULT_NAME } from '@tspacker/sdk';

const unscopedPrefix = 'tspacker-plugin-';
const officialScope = '@tspacker/';
const officialPrefix = `${officialScope}plugin-`;
/** Core's own built-ins: given to loadComponents as a registry, never discovered as a plugin. */
const builtinPackage = '@tspacker/plugin-builtin';

/** The plugin name a package's name gives (`tspacker-plugin-amazon` → `amazon`), or undefined for other packages. */
export function pluginNameOfPackage(packageName: string): string | undefined {
  if (packageName === builtinPackage) return undefined;
  let rest: string | undefined;
  if (packageName.startsWith(officialPrefix)) rest = packageName.slice(officialPrefix.length);
  else if (packageName.startsWith('@')) {
    const slash = packageName.indexOf('/');
    const local = packageName.slice(slash + 1);
    if (slash > 1 && local.startsWith(unscopedPrefix)) rest = local.slice(unscopedPrefix.length);
  } else if (packageName.startsWith(unscopedPrefix)) rest = packageName.slice(unscopedPrefix.length);
  return rest !== undefined && rest !== '' ? rest : undefined;
}

/** The type name a template uses for a plugin's component (DiscoverMultiPlugin's key). */
export function componentTypeName(pluginName: string, componentName: string): string {
  return componentName === DEFAULT_NAME ? pluginName : `${pluginName}-${componentName}`;
}

/** Whether a type a template uses could come from the plugin (`amazon` provides `amazon` and `amazon-*`). */
export function pluginMayProvide(pluginName: string, typeName: string): boolean {
  return typeName === pluginName || typeName.startsWith(`${pluginName}-`);
}

/**
 * A `required_plugins` source split into Packer's parts (addrs.Plugin: host, namespace, type); an `npm:PACKAGE`
 * source names its package instead (host `npm`, no namespace, type: the package's plugin name or local name).
 */
export interface PluginSource {
  readonly host: string;
  readonly namespace: string;
  readonly type: string;
  /** The npm package an `npm:` source names. */
  readonly npmPackage?: string;
}

export function parsePluginSource(source: string): PluginSource {
  const npmPackage = npmSourcePackage(source);
  if (npmPackage !== undefined) {
    const local = npmPackage.slice(npmPackage.indexOf('/') + 1);
    return { host: 'npm', namespace: '', type: pluginNameOfPackage(npmPackage) ?? local, npmPackage };
  }
  const parts = source.split('/').filter((p) => p !== '');
  return {
    host: parts[0]?.toLowerCase() ?? '',
    namespace: (parts.length >= 3 ? parts[parts.length - 2] : '').toLowerCase(),
    type: (parts[parts.length - 1] ?? '').toLowerCase(),
  };
}

const npmScheme = 'npm:';

/** The package of an `npm:PACKAGE` source (`npm:@acme/tspacker-plugin-x`), or undefined for other sources. */
export function npmSourcePackage(source: string): string | undefined {
  return source.startsWith(npmScheme) ? source.slice(npmScheme.length) : undefined;
}

/**
 * Why an `npm:` source is not usable (npm's package name rules: lower case, URL-safe, at most 214 characters,
 * `@scope/name` or `name`, no version or tag), or undefined when it is.
 */
export function npmSourceError(source: string): string | undefined {
  const name = npmSourcePackage(source);
  if (name === undefined) return undefined;
  const part = '[a-z0-9-~][a-z0-9-._~]*';
  if (name.length > 0 && name.length <= 214 && new RegExp(`^(@${part}/)?${part}$`).test(name)) return undefined;
  return (
    `${JSON.stringify(name)} is not an npm package name: an npm source is "npm:NAME" or "npm:@SCOPE/NAME", ` +
    'in lower case, without a version (the version constraint goes in `version`).\n' +
    'A valid source looks like "npm:tspacker-plugin-happycloud"'
  );
}

/** Sources of HashiCorp's own plugins, which tspacker's built-in and official packages stand in for. */
export function isHashicorpSource(source: PluginSource): boolean {
  return source.host === 'github.com' && source.namespace === 'hashicorp';
}

/**
 * The npm packages that can satisfy a `required_plugins` source, in the order they are looked for:
 * `npm:PACKAGE` → that package; `github.com/hashicorp/X` → `@tspacker/plugin-X`, then `tspacker-plugin-X`; any
 * other `HOST/NS/X` → `@NS/tspacker-plugin-X`, then `tspacker-plugin-X`.
 */
export function packageCandidates(source: PluginSource): string[] {
  if (source.npmPackage !== undefined) return [source.npmPackage];
  const scoped = isHashicorpSource(source) ? `${officialPrefix}${source.type}` : `@${source.namespace}/${unscopedPrefix}${source.type}`;
  return [scoped, `${unscopedPrefix}${source.type}`];
}
