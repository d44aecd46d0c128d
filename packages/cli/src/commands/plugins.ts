// `tspacker plugins installed|install|remove|required`, as Packer's plugins commands, over npm plugin packages in
// the plugin directory (TSPACKER_PLUGIN_PATH): paths printed are package directories where Packer prints binaries.
// `plugins` alone, or an unknown subcommand, shows the help and exits 1 (mitchellh/cli's RunResultHelp).
import fs from 'node:fs';
import path from 'node:path';
import { goQuote } from '@tspacker/hcl';
import {
  AnsiColor,
  colorAllowedByEnv,
  colorize,
  defaultPluginPath,
  GoConstraints,
  GoVersion,
  installedPlugins,
  installLocalPlugin,
  installPlugin,
  packageCandidates,
  parsePluginSource,
  PluginInstallError,
  pluginDirRoots,
  removeInstalledPackage,
  type InstalledPlugin,
} from '@tspacker/core';
import { pluginSourceError } from '@tspacker/core/template/required-plugins.js';
import { writeDiags } from '../diags.js';
import { metaArgs, metaFlags, parseCommandFlags, type FlagSpec } from '../flags.js';
import { mergedBuiltins } from '../template.js';
import type { Ui } from '../ui.js';
import { loadRequirementsTemplate, NO_REQUIREMENTS } from './init.js';

export const pluginsInstalledHelp = `Usage: tspacker plugins installed

  This command lists all installed plugin packages in the plugin directory
  ($TSPACKER_PLUGIN_PATH, or ~/.config/tspacker/plugins).`;

export const pluginsInstallHelp = `Usage: tspacker plugins install [OPTIONS...] <plugin> [<version constraint>]

  This command will install the most recent compatible tspacker plugin matching
  version constraint, from the npm registry npm is configured with.
  When the version constraint is omitted, the most recent version will be
  installed.

  Ex: tspacker plugins install npm:tspacker-plugin-happycloud ">= 1.2.3"
      tspacker plugins install github.com/acme/happycloud v1.2.3
      tspacker plugins install --path ./tspacker-plugin-happycloud "npm:tspacker-plugin-happycloud"

Options:
  -path <path>                  Install the plugin from a local plugin package directory.
                                This installs the plugin where a normal invocation would, but will
                                not try to download it from a remote location. This option cannot
                                be specified with a version constraint.
  -force                        Forces reinstallation of plugins, even if already installed.`;

export const pluginsRemoveHelp = `Usage: tspacker plugins remove <plugin> [<version constraint>]

  This command will remove one or more installed tspacker plugins.

  To remove a plugin matching a version constraint.

      tspacker plugins remove npm:tspacker-plugin-happycloud v1.2.3

  To remove all versions of a plugin omit the version constraint.

      tspacker plugins remove npm:tspacker-plugin-happycloud

  To remove a single plugin package from the plugin directory specify the absolute path to an installed package. This syntax does not allow for version matching.

      tspacker plugins remove ~/.config/tspacker/plugins/node_modules/tspacker-plugin-happycloud`;

export const pluginsRequiredHelp = `Usage: tspacker plugins required <path>

  This command will list every tspacker plugin required by a Packer config, in
  packer.required_plugins blocks. All installed packages matching the required
  version constraint will be listed. The first of the list will be the one
  picked by tspacker during a build.

  Ex: tspacker plugins required require.pkr.hcl
  Ex: tspacker plugins required path/to/folder/`;

/** The help of `plugins SUB`, or undefined when SUB is not a subcommand. */
export async function pluginsSubcommandHelp(sub: string): Promise<string | undefined> {
  switch (sub) {
    case 'installed':
      return pluginsInstalledHelp;
    case 'install':
      return pluginsInstallHelp;
    case 'remove':
      return pluginsRemoveHelp;
    case 'required':
      return pluginsRequiredHelp;
    case 'new':
      return (await import('./plugins-new.js')).pluginsNewHelp;
    default:
      return undefined;
  }
}

export async function runPlugins(argv: readonly string[], ui: Ui, help: string): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'installed':
      return runInstalled(ui);
    case 'install':
      return runInstall(rest, ui);
    case 'remove':
      return runRemove(rest, ui);
    case 'required':
      return runRequired(rest, ui);
    case 'new': {
      // The plugin author's scaffold (plugins-new.ts), loaded only when asked for.
      const { runPluginsNew, pluginsNewHelp } = await import('./plugins-new.js');
      return runPluginsNew(rest, ui, pluginsNewHelp);
    }
    default:
      ui.say(help);
      return 1;
  }
}

function pluginPath(): string {
  return defaultPluginPath(process.env);
}

function runInstalled(ui: Ui): number {
  for (const plugin of installedPlugins(pluginPath())) ui.message(plugin.dir);
  return 0;
}

const installFlags = {
  path: { type: 'string', default: '' },
  force: { type: 'bool', default: false },
  ...metaFlags,
} as const satisfies FlagSpec;

async function runInstall(argv: readonly string[], ui: Ui): Promise<number> {
  const flags = parseCommandFlags(installFlags, argv, ui, pluginsInstallHelp);
  if (!flags) return 1;
  const args = flags.args;
  if (args.length < 1 || args.length > 2) {
    ui.error(`Invalid arguments, expected either 1 or 2 positional arguments, got ${args.length}`);
    ui.say(pluginsInstallHelp);
    return 1;
  }
  const [source, version = ''] = args as [string, string?];
  const localPath = flags.strings.get('path') ?? '';
  if (localPath !== '' && version !== '') {
    ui.error('Invalid arguments: a version cannot be specified when using --path to install a local plugin binary');
    ui.say(pluginsInstallHelp);
    return 1;
  }
  const sourceError = pluginSourceError(source);
  if (sourceError !== undefined) {
    ui.error(`Invalid source string ${goQuote(source)}: ${sourceError}`);
    return 1;
  }
  const options = { pluginPath: pluginPath(), env: process.env, builtins: mergedBuiltins() };
  try {
    if (localPath !== '') {
      const installed = await installLocalPlugin(source, localPath, options);
      ui.say(`Successfully installed plugin ${source} from ${path.resolve(localPath)} to ${installed.dir}`);
      return 0;
    }
    if (version !== '') {
      const error = constraintError(version);
      if (error !== undefined) {
        ui.error(error);
        return 1;
      }
    }
    const result = await installPlugin({ source, versionConstraint: version }, { force: flags.bools.get('force') }, options);
    if (result.status === 'installed') {
      const text = `Installed plugin ${source} v${result.plugin.version} in ${goQuote(result.plugin.dir)}`;
      ui.say(colorAllowedByEnv(process.env) ? colorize(text, AnsiColor.Cyan, true) : text);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof PluginInstallError)) throw e;
    ui.error(e.message);
    return 1;
  }
}

/** go-version's parse error, or Packer's refusal of a prerelease constraint. */
function constraintError(constraint: string): string | undefined {
  try {
    if (GoConstraints.parse(constraint).constraints.some((c) => c.prerelease)) return `Unsupported prerelease for constraint ${goQuote(constraint)}`;
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

async function runRemove(args: readonly string[], ui: Ui): Promise<number> {
  if (args.length < 1 || args.length > 2) {
    ui.say(pluginsRemoveHelp);
    return 1;
  }
  const dir = pluginPath();
  const target = args[0]!;
  if (path.isAbsolute(target)) {
    if (args.length !== 1) {
      ui.error('Unsupported: no version constraint may be specified with a local plugin path.\n');
      ui.say(pluginsRemoveHelp);
      return 1;
    }
    if (!target.includes(dir)) {
      return writeDiags(ui, undefined, [
        {
          severity: 'error',
          summary: 'Invalid plugin location',
          detail: `The path ${goQuote(target)} is not under the plugin directory inferred by tspacker (${dir}) and will not be removed.`,
        },
      ]);
    }
    const plugin = installedPlugins(dir).find((p) => path.resolve(p.dir) === path.resolve(target));
    if (plugin === undefined) {
      return writeDiags(ui, undefined, [
        {
          severity: 'error',
          summary: 'Failed to delete plugin',
          detail: `The plugin ${goQuote(target)} failed to be deleted with the following error: ${goQuote(`${target} is not an installed plugin package`)}`,
        },
      ]);
    }
    removeInstalledPackage(dir, plugin);
    ui.say(target);
    return 0;
  }
  const sourceError = pluginSourceError(target);
  if (sourceError !== undefined) {
    ui.error(`Invalid source string ${goQuote(target)}: ${sourceError}`);
    return 1;
  }
  let constraints: GoConstraints | undefined;
  if (args.length > 1) {
    try {
      constraints = GoConstraints.parse(args[1]!);
    } catch (e) {
      ui.error((e as Error).message);
      return 1;
    }
  }
  const found = installations(dir, target, constraints);
  for (const plugin of found) {
    try {
      removeInstalledPackage(dir, plugin);
      ui.message(plugin.dir);
    } catch (e) {
      ui.error(`Failed to remove plugin ${goQuote(plugin.dir)}: ${goQuote((e as Error).message)}`);
    }
  }
  if (found.length === 0) {
    ui.error(`No installed plugin found matching the plugin constraints ${args.join(' ')}`);
    return 1;
  }
  return 0;
}

/**
 * ListInstallations: the packages in the plugin directory that can provide a source, matching the constraint,
 * in the order they are looked up (node_modules, then copied directories).
 */
function installations(dir: string, source: string, constraints: GoConstraints | undefined): InstalledPlugin[] {
  const names = packageCandidates(parsePluginSource(source));
  const roots = pluginDirRoots(dir);
  const all = installedPlugins(dir);
  const found: InstalledPlugin[] = [];
  for (const root of roots) {
    for (const name of names) {
      const pkgDir = path.join(root, name);
      const plugin = all.find((p) => p.dir === pkgDir) ?? copiedPackage(pkgDir, name);
      if (plugin === undefined || (constraints !== undefined && !allows(constraints, plugin.version))) continue;
      found.push(plugin);
    }
  }
  return found;
}

/** A package directory copied into the plugin directory, which installedPlugins lists only when it comes first. */
function copiedPackage(dir: string, name: string): InstalledPlugin | undefined {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return json.name === name ? { packageName: name, version: typeof json.version === 'string' ? json.version : '', dir } : undefined;
  } catch {
    return undefined;
  }
}

function allows(constraints: GoConstraints, version: string): boolean {
  try {
    return constraints.check(GoVersion.parse(version));
  } catch {
    return false;
  }
}

async function runRequired(argv: readonly string[], ui: Ui): Promise<number> {
  const flags = parseCommandFlags(metaFlags, argv, ui, pluginsRequiredHelp);
  if (!flags) return 1;
  if (flags.args.length !== 1) {
    ui.say(pluginsRequiredHelp);
    return 1;
  }
  const config = await loadRequirementsTemplate(ui, flags.args[0]!, metaArgs(flags));
  if (typeof config === 'number') return config;
  const dir = pluginPath();
  for (const required of config.requiredPlugins) {
    let constraintText = required.versionConstraint;
    let constraints: GoConstraints | undefined;
    try {
      constraints = GoConstraints.parse(required.versionConstraint);
      constraintText = constraints.toString();
    } catch {
      // decodeRequiredPlugins has reported it
    }
    let line = `${required.name} ${required.source} ${goQuote(constraintText)}`;
    for (const plugin of installations(dir, required.source, constraints)) line += ` ${plugin.dir}`;
    ui.message(line);
  }
  if (config.requiredPlugins.length === 0) ui.message(NO_REQUIREMENTS);
  return 0;
}
