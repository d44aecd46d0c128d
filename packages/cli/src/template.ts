// Loading a TEMPLATE for the commands that read one (validate, inspect, console): Packer's Meta.GetConfig in
// HCL2 mode. A path ending in .pkr.hcl/.pkr.json or naming a directory is an HCL2 template; anything else would
// be Packer's legacy JSON mode, which tspacker does not have. Parse diagnostics are shown with source snippets
// (the parser's files), and everything the UI prints afterwards has the template's sensitive values masked.
import fs from 'node:fs';
import { goQuote, variableValuesText } from '@tspacker/hcl';
import path from 'node:path';
import {
  addComponents,
  defaultPluginPath,
  emptyComponentRegistry,
  goFsErrorText,
  loadComponents,
  loadTemplate,
  usedComponentTypes,
  type LoadOptions,
  type MutableComponentRegistry,
  type PackerConfig,
} from '@tspacker/core';
import { createMasker, type ComponentRegistry } from '@tspacker/sdk';
import { builtinComponents } from '@tspacker/plugin-builtin';
import { amazonComponents } from '@tspacker/plugin-amazon';
import { builtinCommunicators } from '@tspacker/plugin-ssh';
import { writeDiags } from './diags.js';
import type { MetaArgs } from './flags.js';
import type { Ui } from './ui.js';
import { PACKER_COMPAT_VERSION } from './version.js';

/**
 * MetaArgs.GetConfigType: undefined for an HCL2 template, else the message to show: a stat failure in Go's
 * words, or the absent JSON mode. (Commands without a TEMPLATE do not come here.)
 */
export function templateModeError(templatePath: string): string | undefined {
  if (templatePath.endsWith('.pkr.hcl') || templatePath.endsWith('.pkr.json')) return undefined;
  if (templatePath !== '-') {
    try {
      if (fs.statSync(templatePath).isDirectory()) return undefined;
    } catch (e) {
      return `${goQuote(templatePath)}: stat ${templatePath}: ${goFsErrorText(e)}`;
    }
  }
  return (
    `tspacker has no legacy JSON mode: ${goQuote(templatePath)} is not an HCL2 template. A template is a ` +
    '.pkr.hcl or .pkr.json file, or a directory of them (`packer hcl2_upgrade` converts JSON templates).'
  );
}

export interface TemplateRequest extends MetaArgs {
  readonly path: string;
  /** validate: warn about var-file entries that name no variable. */
  readonly warnOnUndeclaredVar?: boolean;
  /** validate without -evaluate-datasources. */
  readonly skipDatasourcesExecution?: boolean;
}

export interface LoadedTemplate {
  /** The loaded template, or undefined when the command must stop (its exit code is `ret`). */
  readonly config?: PackerConfig;
  readonly ret: number;
  /** The components the template can use (built-ins and plugins), among them the communicators. */
  readonly components?: ComponentRegistry;
  /** The UI to use from now on: it masks the template's sensitive values. */
  readonly ui: Ui;
}

/** The options core loads a template with, from the command line and this process. */
export function loadOptions(request: TemplateRequest): LoadOptions {
  return {
    path: request.path,
    varFiles: request.varFiles,
    vars: request.vars,
    env: process.env,
    cwd: process.cwd(),
    coreVersion: PACKER_COMPAT_VERSION,
    components: emptyComponentRegistry(),
    useSequentialEvaluation: request.useSequentialEvaluation,
    warnOnUndeclaredVar: request.warnOnUndeclaredVar ?? false,
    skipDatasourcesExecution: request.skipDatasourcesExecution ?? false,
  };
}

/** GetConfig: the mode check, then Parse, its diagnostics written with the files' source. */
export async function loadCommandTemplate(ui: Ui, request: TemplateRequest): Promise<LoadedTemplate> {
  const modeError = templateModeError(request.path);
  if (modeError !== undefined) {
    ui.error(modeError);
    return { ret: 1, ui };
  }
  const options = loadOptions(request);
  const { value: config, diags, files } = await loadTemplate(options);
  // Components are first needed when the template is initialized: find them now that its blocks are known.
  if (config) diags.push(...(await addTemplateComponents(options.components as MutableComponentRegistry, config)));
  const masked = config ? new SecretMaskingUi(ui, config.sensitiveValues) : ui;
  const ret = writeDiags(masked, files, diags, variableValuesText);
  if (ret !== 0 || !config) return { ret: ret || 1, ui: masked };
  return { config, ret: 0, ui: masked, components: options.components };
}

/**
 * tspacker's own components: Packer's built-ins, the amazon plugin (built in, as in Packer 1.6) and ssh. Exported
 * for tests that load templates with the CLI's registry.
 */
export function mergedBuiltins(): ComponentRegistry {
  const builtin = builtinComponents();
  const amazon = amazonComponents();
  return {
    builders: new Map([...builtin.builders, ...amazon.builders]),
    provisioners: builtin.provisioners,
    postProcessors: builtin.postProcessors,
    dataSources: new Map([...builtin.dataSources, ...amazon.dataSources]),
    communicators: builtinCommunicators(),
    secrets: amazon.secrets,
  };
}

/** The built-in components and the plugins the template uses (required_plugins, node_modules, plugin path). */
async function addTemplateComponents(registry: MutableComponentRegistry, config: PackerConfig) {
  const loaded = await loadComponents({
    builtins: mergedBuiltins(),
    requiredPlugins: config.requiredPlugins,
    pluginPath: defaultPluginPath(process.env),
    projectDir: path.resolve(config.cwd, config.basedir),
    used: usedComponentTypes(config),
  });
  addComponents(registry, loaded.registry);
  return loaded.diags;
}

/**
 * packersdk.LogSecretFilter on the UI: every registered secret is replaced by `<sensitive>` in what is said,
 * machine-readable arguments included. The set is read at each call: core registers values as it evaluates them.
 * Longer secrets go first, so that one containing another is masked whole (Go's map order decides in Packer).
 */
export class SecretMaskingUi implements Ui {
  private readonly mask: (text: string) => string;

  constructor(
    private readonly inner: Ui,
    secrets: ReadonlySet<string>,
  ) {
    this.mask = createMasker(secrets);
  }

  say(message: string): void {
    this.inner.say(this.mask(message));
  }
  message(message: string): void {
    this.inner.message(this.mask(message));
  }
  error(message: string): void {
    this.inner.error(this.mask(message));
  }
  machine(type: string, ...args: string[]): void {
    this.inner.machine(type, ...args.map((a) => this.mask(a)));
  }
  raw(text: string): void {
    this.inner.raw(text);
  }
}
