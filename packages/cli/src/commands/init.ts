// `tspacker init [-upgrade] [-force] TEMPLATE`, as Packer's InitCommand: the template's `required_plugins` are
// installed into the plugin directory, here as npm packages (core plugins/install), and their exact versions and
// integrity hashes are locked in tspacker.lock.json beside the template; a later run installs exactly what the lock
// file says, and runs nothing at all when that is installed. A legacy JSON template has no requirements to read.
import { goQuote, rangeToString, variableValuesText, type Diagnostic } from '@tspacker/hcl';
import {
  AnsiColor,
  colorAllowedByEnv,
  colorize,
  defaultPluginPath,
  initPlugins,
  LockFileError,
  lockFilePath,
  loadTemplate,
  type PackerConfig,
  type RequiredPlugin,
} from '@tspacker/core';
import { writeDiags } from '../diags.js';
import { metaArgs, metaFlags, parseCommandFlags, type FlagSpec } from '../flags.js';
import { loadLegacyTemplate, loadOptions, mergedBuiltins, templateMode } from '../template.js';
import type { Ui } from '../ui.js';

const initFlags = {
  upgrade: { type: 'bool', default: false },
  force: { type: 'bool', default: false },
  ...metaFlags,
} as const satisfies FlagSpec;

/** Packer's words when a template has no `required_plugins` (init and plugins required). */
export const NO_REQUIREMENTS = `
No plugins requirement found, make sure you reference a Packer config
containing a packer.required_plugins block. See
https://www.packer.io/docs/templates/hcl_templates/blocks/packer
for more info.`;

export async function runInit(argv: readonly string[], ui: Ui, help: string): Promise<number> {
  const flags = parseCommandFlags(initFlags, argv, ui, help);
  if (!flags) return 1;
  if (flags.args.length !== 1) {
    ui.say(help);
    return 1;
  }
  const templatePath = flags.args[0]!;
  const config = await loadRequirementsTemplate(ui, templatePath, metaArgs(flags));
  if (typeof config === 'number') return config;

  const requests = config.requiredPlugins;
  if (requests.length === 0) ui.message(NO_REQUIREMENTS);
  const color = colorAllowedByEnv(process.env);
  let ret = 0;
  try {
    const { ok } = await initPlugins(
      requests,
      {
        pluginPath: defaultPluginPath(process.env),
        env: process.env,
        builtins: mergedBuiltins(),
        lockFile: lockFilePath(templatePath, process.cwd()),
        upgrade: flags.bools.get('upgrade'),
        force: flags.bools.get('force'),
      },
      (event) => {
        if (event.error !== undefined) {
          ui.error(`Failed getting the ${goQuote(event.request.source)} plugin:`);
          ui.error(event.error);
        } else if (event.result.status === 'installed') {
          const { plugin } = event.result;
          const text = `Installed plugin ${event.request.source} v${plugin.version} in ${goQuote(plugin.dir)}`;
          ui.say(color ? colorize(text, AnsiColor.Cyan, true) : text);
        }
      },
    );
    if (!ok) ret = 1;
  } catch (e) {
    if (!(e instanceof LockFileError)) throw e;
    ui.error(e.message);
    return 1;
  }
  return ret;
}

/**
 * GetConfig and PluginRequirements for init and `plugins required`: the HCL2 template parsed (its components are
 * not needed, nor looked for), or the exit status after the diagnostics are written. A legacy JSON template is
 * read (its own errors first) and then refused with Packer's diagnostic.
 */
export async function loadRequirementsTemplate(
  ui: Ui,
  templatePath: string,
  meta: ReturnType<typeof metaArgs>,
): Promise<Pick<PackerConfig, 'requiredPlugins'> | number> {
  const mode = templateMode(templatePath);
  if (typeof mode === 'object') {
    ui.error(mode.error);
    return 1;
  }
  if (mode === 'json') {
    const legacy = await loadLegacyTemplate(ui, { ...meta, path: templatePath });
    if (legacy.ret !== 0) return legacy.ret;
    return writeDiags(ui, undefined, [
      {
        severity: 'error',
        summary: 'Packer plugins currently only works with HCL2 configuration templates',
        detail: 'Please manually install plugins with the plugins command or use a HCL2 configuration that will do that for you.',
      },
    ]);
  }
  const { value: config, diags, files } = await loadTemplate(loadOptions({ ...meta, path: templatePath }));
  const ret = writeDiags(ui, files, diags, variableValuesText);
  if (ret !== 0 || !config) return ret || 1;
  const requirements = pluginRequirements(config.requiredPlugins);
  if (writeDiags(ui, undefined, requirements.diags) !== 0) return 1;
  return { requiredPlugins: requirements.plugins };
}

/**
 * PackerConfig.PluginRequirements: every required_plugins entry, a local name declared again (in another
 * required_plugins block or file) refused with Packer's error.
 */
function pluginRequirements(all: readonly RequiredPlugin[]): { plugins: RequiredPlugin[]; diags: Diagnostic[] } {
  const seen = new Map<string, RequiredPlugin>();
  const diags: Diagnostic[] = [];
  for (const required of all) {
    const previous = seen.get(required.name);
    if (previous !== undefined) {
      diags.push({
        severity: 'error',
        summary: `Duplicate required_plugin.${goQuote(required.name)} block`,
        detail:
          `Block previously seen at ${previous.range ? rangeToString(previous.range) : ''} is already named ${goQuote(required.name)}.\n` +
          'Names at the left hand side of required_plugins are made available to use in your HCL2 configurations.\n' +
          'To allow to calling to their features correctly two plugins have to have different accessors.',
      });
      continue;
    }
    seen.set(required.name, required);
  }
  return { plugins: [...seen.values()], diags };
}

