// Loading a TEMPLATE for the commands that read one (build, validate, inspect, console): Packer's Meta.GetConfig.
// A path ending in .pkr.hcl/.pkr.json or naming a directory is an HCL2 template (parse diagnostics are shown with
// source snippets); anything else, `-` (stdin) included, is a legacy JSON template (core/legacy), whose var files
// are JSON objects of strings. Everything the UI prints afterwards has the template's sensitive values masked.
import fs from 'node:fs';
import { goQuote, variableValuesText, type Diagnostic } from '@tspacker/hcl';
import path from 'node:path';
import {
  addComponents,
  defaultPluginPath,
  emptyComponentRegistry,
  goFsErrorText,
  legacyUsedComponentTypes,
  LegacyCore,
  loadComponents,
  loadTemplate,
  parseLegacyTemplate,
  readJsonVarFiles,
  usedComponentTypes,
  type LoadOptions,
  type MutableComponentRegistry,
  type PackerConfig,
  type UsedComponents,
} from '@tspacker/core';
import { createMasker, type ComponentRegistry } from '@tspacker/sdk';
import { builtinComponents } from '@tspacker/plugin-builtin';
import { amazonComponents } from '@tspacker/plugin-amazon';
import { builtinCommunicators } from '@tspacker/plugin-ssh';
import { writeDiags } from './diags.js';
import { provideSdkToPlugins } from './plugin-sdk.js';
import type { MetaArgs } from './flags.js';
import type { Ui } from './ui.js';
import { PACKER_COMPAT_VERSION } from './version.js';

/**
 * MetaArgs.GetConfigType for a TEMPLATE: 'hcl2', 'json', or the message to show when the path cannot be looked at
 * (a stat failure in Go's words).
 */
export function templateMode(templatePath: string): 'hcl2' | 'json' | { error: string } {
  if (templatePath.endsWith('.pkr.hcl') || templatePath.endsWith('.pkr.json')) return 'hcl2';
  if (templatePath === '-') return 'json';
  try {
    return fs.statSync(templatePath).isDirectory() ? 'hcl2' : 'json';
  } catch (e) {
    return { error: `${goQuote(templatePath)}: stat ${templatePath}: ${goFsErrorText(e)}` };
  }
}

export interface TemplateRequest extends MetaArgs {
  readonly path: string;
  /** validate: warn about var-file entries that name no variable. */
  readonly warnOnUndeclaredVar?: boolean;
  /** validate without -evaluate-datasources. */
  readonly skipDatasourcesExecution?: boolean;
}

export interface LoadedTemplate {
  /** The loaded HCL2 template, or undefined when the command must stop (its exit code is `ret`) or for JSON. */
  readonly config?: PackerConfig;
  /** The loaded legacy JSON template (not yet initialized). */
  readonly legacy?: LegacyCore;
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
  const mode = templateMode(request.path);
  if (typeof mode === 'object') {
    ui.error(mode.error);
    return { ret: 1, ui };
  }
  if (mode === 'json') return loadLegacyTemplate(ui, request);
  const options = loadOptions(request);
  const { value: config, diags, files } = await loadTemplate(options);
  // Components are first needed when the template is initialized: find them now that its blocks are known.
  if (config) {
    const registry = options.components as MutableComponentRegistry;
    diags.push(...(await addComponentsFor(registry, config.requiredPlugins, path.resolve(config.cwd, config.basedir), usedComponentTypes(config))));
  }
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

/** Packer's words around a legacy template that does not parse (GetConfigFromJSON). */
export function legacyParseErrorText(error: string): string {
  return (
    'Failed to parse file as legacy JSON template: if you are using an HCL template, check your file extensions; ' +
    'they should be either *.pkr.hcl or *.pkr.json; see the docs for more details: ' +
    `https://www.packer.io/docs/templates/hcl_templates. \nOriginal error: ${error}`
  );
}

/** template.ParseFile: the text of TEMPLATE (`-` is stdin) and its absolute path, or Go's open error. */
export function readLegacyTemplateFile(templatePath: string): { text: string; path: string } | { error: string } {
  try {
    const text = fs.readFileSync(templatePath === '-' ? 0 : templatePath, 'utf8');
    return { text, path: path.resolve(templatePath) };
  } catch (e) {
    return { error: `open ${templatePath}: ${goFsErrorText(e)}` };
  }
}

/** Packer's TiniestBuilder: the JSON template of `console` and `inspect` without a TEMPLATE. */
const TINIEST_TEMPLATE = '{\n\t"builders": [\n\t\t{\n\t\t\t"type":"null",\n\t\t\t"communicator": "none"\n\t\t}\n\t]\n}';

/**
 * GetConfigFromJSON and Meta.Core: the template parsed, its var files read, the core made. An empty path is
 * `console` or `inspect` without a TEMPLATE: Packer's tiniest template.
 */
export async function loadLegacyTemplate(ui: Ui, request: TemplateRequest): Promise<LoadedTemplate> {
  const file = request.path === '' ? { text: TINIEST_TEMPLATE, path: '' } : readLegacyTemplateFile(request.path);
  const parsed = 'error' in file ? file : parseLegacyTemplate(file.text, file.path);
  if ('error' in parsed) {
    ui.error(legacyParseErrorText(parsed.error));
    return { ret: 1, ui };
  }
  // Var files in order (a later file wins), then -var over all of them.
  const read = readJsonVarFiles(request.varFiles);
  if ('error' in read) {
    ui.error(read.error);
    return { ret: 1, ui };
  }
  const variables: Record<string, string> = Object.create(null);
  for (const [name, value] of read.vars) variables[name] = value;
  for (const [name, value] of request.vars) variables[name] = value;

  const registry = emptyComponentRegistry();
  const projectDir = path.dirname(parsed.template.path || path.resolve('.'));
  const diags = await addComponentsFor(registry, [], projectDir, legacyUsedComponentTypes(parsed.template));
  if (writeDiags(ui, undefined, diags) !== 0) return { ret: 1, ui };
  const legacy = new LegacyCore({
    template: parsed.template,
    variables,
    coreVersion: PACKER_COMPAT_VERSION,
    components: registry,
    env: process.env,
    cwd: process.cwd(),
  });
  return { legacy, ret: 0, ui: new SecretMaskingUi(ui, legacy.sensitiveValues), components: registry };
}

/**
 * Adds the built-in components and the plugins a template uses (required_plugins, node_modules, plugin path) to
 * `registry`; the errors of plugins that could not be loaded come back.
 */
async function addComponentsFor(
  registry: MutableComponentRegistry,
  requiredPlugins: PackerConfig['requiredPlugins'],
  projectDir: string,
  used: UsedComponents,
): Promise<Diagnostic[]> {
  const loaded = await loadComponents({
    builtins: mergedBuiltins(),
    requiredPlugins,
    pluginPath: defaultPluginPath(process.env),
    projectDir,
    used,
    beforeImport: provideSdkToPlugins,
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
