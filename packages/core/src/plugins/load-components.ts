// The plugin host: the components a template can use, from tspacker's built-ins and from npm plugin packages
// (Packer's PluginConfig: internal components, then `required_plugins`, then discovered plugins; the first
// registration of a type name wins, so a plugin cannot replace a built-in).
import type { Diagnostic, Range, SecretsProvider } from '@tspacker/hcl';
import { fileURLToPath } from 'node:url';
import { SDK_VERSION_MAJOR, type ComponentRegistry, type PluginManifest } from '@tspacker/sdk';
import { GoConstraints, GoVersion } from '../version/go-version.js';
import type { RequiredPlugin } from '../template/types.js';
import { discoverPluginPackages, findPackage, packageRoots } from './discover.js';
import { importPackage } from './import-package.js';
import { checkManifest } from './manifest.js';
import { componentTypeName, isHashicorpSource, packageCandidates, parsePluginSource, pluginMayProvide } from './naming.js';
import type { UsedComponents } from './used-components.js';

export interface LoadComponentsOptions {
  /** tspacker's own components (@tspacker/plugin-builtin's builtinComponents()); core does not import them. */
  readonly builtins: ComponentRegistry;
  /** The template's `required_plugins` (PackerConfig.requiredPlugins). */
  readonly requiredPlugins: readonly RequiredPlugin[];
  /** The plugin directory: defaultPluginPath(env) (TSPACKER_PLUGIN_PATH or the user's config directory). */
  readonly pluginPath: string;
  /** Where the project's node_modules are looked for (this directory and its parents): the template's directory. */
  readonly projectDir: string;
  /**
   * The types the template names (usedComponentTypes): a plugin that cannot provide one of them is not
   * imported. Without it every plugin found is imported.
   */
  readonly used?: UsedComponents;
  /**
   * Called once before the first plugin package is imported (not at all when none is): the CLI registers the
   * module hooks that give plugins its own @tspacker/sdk there, so that a run without plugins does not pay for them.
   */
  readonly beforeImport?: () => void | Promise<void>;
}

// The kinds a template names by type; communicators are chosen by `communicator = "NAME"` and kept apart.
type Kind = Exclude<keyof ComponentRegistry, 'communicators' | 'secrets'>;
const kinds: readonly Kind[] = ['builders', 'provisioners', 'postProcessors', 'dataSources'];

/** A plugin package to import, and the name its components are registered under. */
interface PluginToLoad {
  readonly pluginName: string;
  readonly packageName: string;
  readonly dir: string;
  /** The `required_plugins` entry that asked for it, for diagnostics. */
  readonly range?: Range;
}

/** A registry being filled: the one a command hands to loadTemplate before it knows the template's plugins. */
export type MutableComponentRegistry = {
  readonly [K in Exclude<keyof ComponentRegistry, 'secrets'>]-?: Map<
    string,
    NonNullable<ComponentRegistry[K]> extends ReadonlyMap<string, infer C> ? C : never
  >;
} & { secrets?: SecretsProvider };

export function emptyComponentRegistry(): MutableComponentRegistry {
  return { builders: new Map(), provisioners: new Map(), postProcessors: new Map(), dataSources: new Map(), communicators: new Map() };
}

/** Adds (or replaces) every component of `from` in `target`. */
export function addComponents(target: MutableComponentRegistry, from: ComponentRegistry): void {
  for (const kind of kinds) {
    for (const [name, component] of from[kind]) (target[kind] as Map<string, unknown>).set(name, component);
  }
  for (const [name, component] of from.communicators ?? []) target.communicators.set(name, component);
  if (from.secrets) target.secrets = { ...target.secrets, ...from.secrets };
}

/** The registry of every component the template can use, and the errors of plugins that could not be loaded. */
export async function loadComponents(options: LoadComponentsOptions): Promise<{ registry: ComponentRegistry; diags: Diagnostic[] }> {
  const registry = emptyComponentRegistry();
  addComponents(registry, options.builtins);
  const diags: Diagnostic[] = [];
  const roots = packageRoots(options.projectDir, options.pluginPath);

  const toLoad: PluginToLoad[] = [];
  const missing: string[] = [];
  for (const required of options.requiredPlugins) {
    const source = parsePluginSource(required.source);
    if (isHashicorpSource(source) && aliasBuiltins(options.builtins, registry, source.type, required.name)) continue;
    const candidates = packageCandidates(source);
    const found = candidates.map((name) => ({ name, pkg: findPackage(name, roots) })).find((c) => c.pkg !== undefined);
    if (found?.pkg === undefined) {
      missing.push(`* ${required.source} ${required.versionConstraint} (npm package ${candidates.join(' or ')})`);
      continue;
    }
    if (!versionAllowed(found.pkg.version, required.versionConstraint)) {
      missing.push(
        `* ${required.source} ${required.versionConstraint} (${found.name} ${found.pkg.version || 'without a version'} in ${found.pkg.dir} does not match)`,
      );
      continue;
    }
    toLoad.push({ pluginName: required.name, packageName: found.name, dir: found.pkg.dir, range: required.range });
  }
  if (missing.length > 0) {
    diags.push({
      severity: 'error',
      summary: 'Missing plugins',
      detail:
        `The following plugins are required, but not installed:\n\n${missing.join('\n')}\n\n` +
        'Install them with `tspacker init TEMPLATE`, with `npm install` in the project, or under the plugin directory (TSPACKER_PLUGIN_PATH).',
    });
  }
  // Nothing left to find (the usual template, built-ins only): skip listing the package directories.
  if (options.used !== undefined && toLoad.length === 0 && !kinds.some((kind) => [...options.used![kind]].some((t) => !registry[kind].has(t)))) {
    return { registry, diags };
  }
  for (const pkg of discoverPluginPackages(roots)) {
    if (!toLoad.some((p) => p.pluginName === pkg.pluginName || p.dir === pkg.dir)) toLoad.push(pkg);
  }

  let prepared = false;
  for (const plugin of toLoad) {
    if (options.used !== undefined && !isNeeded(plugin.pluginName, options.used, registry)) continue;
    if (!prepared) {
      prepared = true;
      await options.beforeImport?.();
    }
    const manifest = await importManifest(plugin, diags);
    if (manifest !== undefined) register(registry, plugin.pluginName, manifest);
  }
  return { registry, diags };
}

/**
 * A HashiCorp plugin tspacker has built in (`github.com/hashicorp/X` with built-in `X` or `X-*` components): its
 * components are available without a package, also under the template's own name for the plugin. False when
 * tspacker has none of them.
 */
function aliasBuiltins(builtins: ComponentRegistry, registry: MutableComponentRegistry, pluginType: string, localName: string): boolean {
  let any = false;
  for (const kind of kinds) {
    for (const [name, component] of builtins[kind]) {
      if (!pluginMayProvide(pluginType, name)) continue;
      any = true;
      const alias = localName + name.slice(pluginType.length);
      const target = registry[kind] as Map<string, unknown>;
      if (!target.has(alias)) target.set(alias, component);
    }
  }
  return any;
}

function versionAllowed(version: string, constraint: string): boolean {
  try {
    return GoConstraints.parse(constraint).check(GoVersion.parse(version));
  } catch {
    return false;
  }
}

/** Whether a type the template uses, and nothing has registered yet, could come from this plugin. */
function isNeeded(pluginName: string, used: UsedComponents, registry: MutableComponentRegistry): boolean {
  return kinds.some((kind) => [...used[kind]].some((type) => !registry[kind].has(type) && pluginMayProvide(pluginName, type)));
}

async function importManifest(plugin: PluginToLoad, diags: Diagnostic[]): Promise<PluginManifest | undefined> {
  const where = `Plugin package "${plugin.packageName}" (${plugin.dir})`;
  let exports: Record<string, unknown>;
  try {
    exports = await importPackage(plugin.dir);
  } catch (e) {
    diags.push({ severity: 'error', summary: 'Failed to load plugin', detail: `${where} could not be imported: ${importFailureText(e)}`, subject: plugin.range });
    return undefined;
  }
  const checked = checkManifest(exports);
  if (checked.reason !== undefined) {
    diags.push({ severity: 'error', summary: 'Invalid plugin', detail: `${where} cannot be used: ${checked.reason}.`, subject: plugin.range });
  }
  return checked.manifest;
}

/**
 * Why importing a plugin failed, without a stack trace: what its module threw at load, or Node's resolution or
 * linking error (a dependency that is not installed names the package and the importing file). A link error gets
 * the place Node reports; one about a missing export of the SDK suggests the likely cause, a plugin written for
 * another SDK major (the manifest check cannot run: the module never loaded).
 */
function importFailureText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  let text = e.message;
  // Node names the importing file only in the stack's first line (`file:///…/index.js:3`).
  const at = /^(file:\/\/\S+):(\d+)$/.exec(e.stack?.split('\n', 1)[0] ?? '');
  if (e.name === 'SyntaxError' && at !== null) text += ` (${fileURLToPath(at[1]!)}:${at[2]})`;
  if (e.name === 'SyntaxError' && /^The requested module '@tspacker\/sdk(\/[^']*)?' does not provide an export named /.test(e.message)) {
    text += `; the plugin may be built for another major version of @tspacker/sdk than the one this tspacker provides (${SDK_VERSION_MAJOR})`;
  }
  return text;
}

/** DiscoverMultiPlugin: each component under `PLUGIN-NAME` (or `PLUGIN`), unless that type name is taken. */
function register(registry: MutableComponentRegistry, pluginName: string, manifest: PluginManifest): void {
  for (const kind of kinds) {
    const target = registry[kind] as Map<string, unknown>;
    for (const [name, component] of Object.entries(manifest[kind] ?? {})) {
      const type = componentTypeName(pluginName, name);
      if (!target.has(type)) target.set(type, component);
    }
  }
  for (const [name, component] of Object.entries(manifest.communicators ?? {})) {
    if (!registry.communicators.has(name)) registry.communicators.set(name, component);
  }
  // A lookup already provided (by a built-in) is kept, like a component type name already taken.
  if (manifest.secrets) registry.secrets = { ...manifest.secrets, ...registry.secrets };
}
