// Installing one plugin requirement (a `required_plugins` source and version constraint) into the plugin
// directory with npm: Packer's Requirement.InstallLatest for npm packages. Without a lock entry the newest
// release matching the constraint is chosen; with one, exactly the locked version is installed, and its integrity
// is checked against the registry's and against what npm installed, before anything is left in place.
import fs from 'node:fs';
import path from 'node:path';
import type { ComponentRegistry } from '@tspacker/sdk';
import { GoConstraints, GoVersion } from '../../version/go-version.js';
import { isHashicorpSource, packageCandidates, parsePluginSource, pluginMayProvide } from '../naming.js';
import { installedPackage, removeInstalledPackage, type InstalledPlugin } from './installed.js';
import { LOCK_FILE_NAME, type LockedPlugin } from './lock-file.js';
import { configuredRegistry, NPM_NOT_RUN, NpmError, npmInstall, npmInstallLocal, registryVersion, registryVersions, type NpmOptions, type RegistryVersion } from './npm-client.js';

export interface PluginInstallOptions extends NpmOptions {
  /** The plugin directory (defaultPluginPath: TSPACKER_PLUGIN_PATH or the user's config directory). */
  readonly pluginPath: string;
  /** tspacker's own components: a HashiCorp source they provide needs nothing installed. */
  readonly builtins?: ComponentRegistry;
}

export interface PluginRequest {
  /** `required_plugins` source: `npm:PACKAGE`, `github.com/hashicorp/X` or `HOST/NS/X`. */
  readonly source: string;
  /** A go-version constraint (`>= 1.2, < 2`, `~> 1.2`); '' accepts any release. */
  readonly versionConstraint: string;
}

export interface InstallFlags {
  /** Choose the newest matching release even when one is installed or locked. */
  readonly upgrade?: boolean;
  /** Reinstall even when the chosen version is installed. */
  readonly force?: boolean;
  /** The lock file's entry for this source: install exactly it (unless upgrading). */
  readonly locked?: LockedPlugin;
}

export type InstallResult =
  /** A HashiCorp plugin tspacker has built in. */
  | { readonly status: 'builtin' }
  /** Already installed (nothing was run); `lock` is undefined when npm did not install it (no integrity known). */
  | { readonly status: 'present'; readonly plugin: InstalledPlugin; readonly lock?: LockedPlugin }
  | { readonly status: 'installed'; readonly plugin: InstalledPlugin; readonly lock: LockedPlugin };

/** Why a requirement could not be installed: a message for the user. */
export class PluginInstallError extends Error {}

/** Whether tspacker's built-ins provide a plugin's components (`amazon` → `amazon-ebs`, ...). */
export function builtinProvides(builtins: ComponentRegistry, pluginType: string): boolean {
  const kinds = [builtins.builders, builtins.provisioners, builtins.postProcessors, builtins.dataSources];
  return kinds.some((kind) => [...kind.keys()].some((name) => pluginMayProvide(pluginType, name)));
}

/** Installs what one requirement needs, or says it is there; throws PluginInstallError. */
export async function installPlugin(request: PluginRequest, flags: InstallFlags, options: PluginInstallOptions): Promise<InstallResult> {
  const source = parsePluginSource(request.source);
  if (isHashicorpSource(source) && options.builtins !== undefined && builtinProvides(options.builtins, source.type)) return { status: 'builtin' };
  const allows = versionFilter(request.versionConstraint);
  const candidates = packageCandidates(source);
  const installer = new Installer(request, options);
  if (flags.locked !== undefined && !flags.upgrade) return installer.installLocked(flags.locked, candidates, allows, flags.force ?? false);

  if (!flags.upgrade && !flags.force) {
    for (const name of candidates) {
      const present = installedPackage(options.pluginPath, name);
      if (present !== undefined && isRelease(present.version) && allows(present.version)) {
        return { status: 'present', plugin: present, lock: lockOf(present) };
      }
    }
  }
  // -force alone reinstalls the installed release (Packer pins the constraint to it); -upgrade looks for newer.
  let pinned: string | undefined;
  if (flags.force && !flags.upgrade) {
    pinned = candidates.map((name) => installedPackage(options.pluginPath, name)).find((p) => p !== undefined && isRelease(p.version) && allows(p.version))?.version;
  }
  const { packageName, versions } = await installer.findPackage(candidates);
  const matching = versions.filter((v) => isRelease(v.version) && allows(v.version) && (pinned === undefined || v.version === pinned));
  if (matching.length === 0) {
    const have = versions.length === 0 ? 'has no released versions' : `has the versions ${versions.map((v) => v.version).join(', ')}`;
    throw new PluginInstallError(
      `no release version found for constraints: ${JSON.stringify(constraintText(request.versionConstraint))}\n` +
        `The npm package ${packageName} ${have} in the registry ${await configuredRegistry(options)}.`,
    );
  }
  const newest = matching.reduce((a, b) => (GoVersion.parse(b.version).compare(GoVersion.parse(a.version)) > 0 ? b : a));
  const present = installedPackage(options.pluginPath, packageName);
  if (!flags.force && present?.version === newest.version && present.integrity === newest.integrity) {
    return { status: 'present', plugin: present, lock: lockedFrom(packageName, newest) };
  }
  // A copy npm installed of that version with other content (or -force): out first, so that npm really installs it
  // (a copied package directory is left alone: the one under node_modules takes precedence over it).
  if (present?.integrity !== undefined && present.version === newest.version) removeInstalledPackage(options.pluginPath, present);
  const plugin = await installer.install(packageName, newest, newest.integrity);
  return { status: 'installed', plugin, lock: lockedFrom(packageName, newest) };
}

/** The steps that talk to npm, with the messages of their failures. */
class Installer {
  constructor(
    private readonly request: PluginRequest,
    private readonly options: PluginInstallOptions,
  ) {}

  /** Exactly the locked version, checked against the lock's integrity before and after npm installs it. */
  async installLocked(locked: LockedPlugin, candidates: readonly string[], allows: (v: string) => boolean, force: boolean): Promise<InstallResult> {
    const { pluginPath } = this.options;
    const fix = `run "tspacker init -upgrade" to choose and lock a version again`;
    if (!candidates.includes(locked.package)) {
      throw new PluginInstallError(
        `${LOCK_FILE_NAME} locks ${this.request.source} to the npm package ${locked.package}, but that source is provided by ${candidates.join(' or ')}; ${fix}.`,
      );
    }
    if (!allows(locked.version)) {
      throw new PluginInstallError(
        `${LOCK_FILE_NAME} locks ${locked.package} ${locked.version}, which does not match the constraint ${JSON.stringify(constraintText(this.request.versionConstraint))}; ${fix}.`,
      );
    }
    const present = installedPackage(pluginPath, locked.package);
    if (present !== undefined && present.version === locked.version && present.integrity !== undefined && !force) {
      if (present.integrity === locked.integrity) return { status: 'present', plugin: present, lock: locked };
      throw new PluginInstallError(
        `Integrity mismatch for ${locked.package} ${locked.version}: ${LOCK_FILE_NAME} records ${locked.integrity}, ` +
          `but the package installed in "${present.dir}" has ${present.integrity}.\n` +
          `Remove it with "tspacker plugins remove ${this.request.source}" and run init again to install the locked package, or ${fix}.`,
      );
    }
    const target = await this.view(locked.package, `${locked.package} ${locked.version}`, () => registryVersion(locked.package, locked.version, this.options));
    if (target === undefined) {
      throw new PluginInstallError(
        `The npm package ${locked.package} has no version ${locked.version} (locked in ${LOCK_FILE_NAME}) in the registry ${await configuredRegistry(this.options)}; ${fix}.`,
      );
    }
    if (target.integrity !== locked.integrity) {
      throw new PluginInstallError(
        `Integrity mismatch for ${locked.package} ${locked.version}: ${LOCK_FILE_NAME} records ${locked.integrity}, ` +
          `but the registry ${await configuredRegistry(this.options)} has ${target.integrity}. Nothing was installed.\n` +
          `If the registry's package is the one you want, ${fix}.`,
      );
    }
    if (present?.integrity !== undefined && present.version === locked.version) removeInstalledPackage(pluginPath, present);
    const plugin = await this.install(locked.package, target, locked.integrity);
    return { status: 'installed', plugin, lock: { ...locked, resolved: locked.resolved || target.tarball } };
  }

  /** The first candidate package the registry has, with its released versions. */
  async findPackage(candidates: readonly string[]): Promise<{ packageName: string; versions: RegistryVersion[] }> {
    const constraint = constraintText(this.request.versionConstraint);
    const wanted = constraint === '' ? `the newest version of ${candidates.join(' or ')}` : `a version of ${candidates.join(' or ')} matching ${JSON.stringify(constraint)}`;
    for (const packageName of candidates) {
      const versions = await this.view(packageName, wanted, () => registryVersions(packageName, this.options), true);
      if (versions !== undefined) return { packageName, versions };
    }
    throw new PluginInstallError(
      `No npm package provides the plugin ${this.request.source}: the registry ${await configuredRegistry(this.options)} has no package named ${candidates.join(' or ')}.`,
    );
  }

  /** An `npm view`; an unreachable registry or another npm failure becomes a PluginInstallError (E404 → undefined when asked). */
  private async view<T>(packageName: string, what: string, run: () => Promise<T>, notFoundIsUndefined = false): Promise<T | undefined> {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof NpmError)) throw e;
      if (e.notFound && notFoundIsUndefined) return undefined;
      if (e.notFound) {
        throw new PluginInstallError(`No npm package provides the plugin ${this.request.source}: the registry ${await configuredRegistry(this.options)} has no package named ${packageName}.`);
      }
      throw await this.npmFailure(e, what);
    }
  }

  /** `npm install` of one version, then the integrity npm recorded compared with the expected one. */
  async install(packageName: string, target: RegistryVersion, expectedIntegrity: string): Promise<InstalledPlugin> {
    const { pluginPath } = this.options;
    try {
      await npmInstall(pluginPath, packageName, target.version, this.options);
    } catch (e) {
      if (!(e instanceof NpmError)) throw e;
      throw await this.npmFailure(e, `${packageName} ${target.version}`);
    }
    const installed = installedPackage(pluginPath, packageName);
    if (installed === undefined || installed.version !== target.version) {
      throw new PluginInstallError(`npm reported success, but ${packageName} ${target.version} is not installed in "${pluginPath}".`);
    }
    if (installed.integrity !== expectedIntegrity) {
      removeInstalledPackage(pluginPath, installed);
      throw new PluginInstallError(
        `Integrity mismatch for ${packageName} ${target.version}: expected ${expectedIntegrity}, but npm installed a package with ${installed.integrity ?? 'no recorded integrity'}. It was removed.`,
      );
    }
    return installed;
  }

  private async npmFailure(e: NpmError, what: string): Promise<PluginInstallError> {
    if (e.code === NPM_NOT_RUN) return new PluginInstallError(`${e.summary}: tspacker installs ${what} with npm, which must be on the PATH.`);
    const registry = await configuredRegistry(this.options);
    if (e.unreachable) {
      // -upgrade or -force with a version installed: it stays, and the message says so.
      const kept = packageCandidates(parsePluginSource(this.request.source))
        .map((name) => installedPackage(this.options.pluginPath, name))
        .find((p) => p !== undefined);
      const state = kept === undefined ? `it is not installed in "${this.options.pluginPath}"` : `${kept.packageName} ${kept.version} in "${kept.dir}" was left as it is`;
      return new PluginInstallError(`The npm registry ${registry} could not be reached to install ${what}, and ${state}.\n${e.summary}`);
    }
    return new PluginInstallError(`npm failed to install ${what} from the registry ${registry}: ${e.summary}`);
  }
}

/** The versions a constraint accepts ('' accepts all). Throws PluginInstallError with go-version's message. */
function versionFilter(constraint: string): (version: string) => boolean {
  if (constraint.trim() === '') return () => true;
  let parsed: GoConstraints;
  try {
    parsed = GoConstraints.parse(constraint);
  } catch (e) {
    throw new PluginInstallError((e as Error).message);
  }
  return (version) => {
    try {
      return parsed.check(GoVersion.parse(version));
    } catch {
      return false;
    }
  };
}

/** The constraint as go-version prints it (Constraints.String()). */
function constraintText(constraint: string): string {
  try {
    return constraint.trim() === '' ? '' : GoConstraints.parse(constraint).toString();
  } catch {
    return constraint;
  }
}

function isRelease(version: string): boolean {
  try {
    return GoVersion.parse(version).prerelease === '';
  } catch {
    return false;
  }
}

function lockedFrom(packageName: string, v: RegistryVersion): LockedPlugin {
  return { package: packageName, version: v.version, integrity: v.integrity, resolved: v.tarball };
}

/** The lock entry of a package npm installed (its recorded integrity); undefined for a copied package. */
function lockOf(plugin: InstalledPlugin): LockedPlugin | undefined {
  if (plugin.integrity === undefined) return undefined;
  return { package: plugin.packageName, version: plugin.version, integrity: plugin.integrity, resolved: plugin.resolved ?? '' };
}

/**
 * `plugins install -path DIR SOURCE`: a plugin package directory on disk installed into the plugin directory (npm
 * copies it in); its name must be one the source resolves to. Throws PluginInstallError.
 */
export async function installLocalPlugin(sourceText: string, packageDir: string, options: PluginInstallOptions): Promise<InstalledPlugin> {
  const candidates = packageCandidates(parsePluginSource(sourceText));
  let name: unknown;
  try {
    name = (JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { name?: unknown }).name;
  } catch (e) {
    throw new PluginInstallError(`${packageDir} is not an npm package directory: ${(e as Error).message}`);
  }
  if (typeof name !== 'string' || !candidates.includes(name)) {
    throw new PluginInstallError(`The package in ${packageDir} is ${JSON.stringify(name)}, but ${sourceText} is provided by ${candidates.join(' or ')}.`);
  }
  try {
    await npmInstallLocal(options.pluginPath, path.resolve(packageDir), options);
  } catch (e) {
    if (!(e instanceof NpmError)) throw e;
    throw new PluginInstallError(`npm failed to install ${packageDir}: ${e.summary}`);
  }
  const installed = installedPackage(options.pluginPath, name);
  if (installed === undefined) throw new PluginInstallError(`npm reported success, but ${name} is not installed in "${options.pluginPath}".`);
  return installed;
}
