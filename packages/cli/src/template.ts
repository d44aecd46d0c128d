// Loading a TEMPLATE for the commands that read one (validate, inspect, console): Packer's Meta.GetConfig in
// HCL2 mode. A path ending in .pkr.hcl/.pkr.json or naming a directory is an HCL2 template; anything else would
// be Packer's legacy JSON mode, which tspacker does not have. Parse diagnostics are shown with source snippets
// (the parser's files), and everything the UI prints afterwards has the template's sensitive values masked.
import fs from 'node:fs';
import { goQuote, variableValuesText } from '@tspacker/hcl';
import { loadTemplate, type LoadOptions, type PackerConfig } from '@tspacker/core';
import { builtinComponents } from '@tspacker/plugin-builtin';
import { writeDiags } from './diags.js';
import type { MetaArgs } from './flags.js';
import type { Ui } from './ui.js';
import { PACKER_COMPAT_VERSION } from './version.js';

/** Go's text for the os.Stat errors a user can cause. */
const STAT_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

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
      const code = (e as NodeJS.ErrnoException).code ?? '';
      const why = STAT_ERRORS[code] ?? (e as Error).message;
      return `${goQuote(templatePath)}: stat ${templatePath}: ${why}`;
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
    components: builtinComponents(),
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
  const { value: config, diags, files } = await loadTemplate(loadOptions(request));
  const masked = config ? new SecretMaskingUi(ui, config.sensitiveValues) : ui;
  const ret = writeDiags(masked, files, diags, variableValuesText);
  if (ret !== 0 || !config) return { ret: ret || 1, ui: masked };
  return { config, ret: 0, ui: masked };
}

/**
 * packersdk.LogSecretFilter on the UI: every registered secret is replaced by `<sensitive>` in what is said,
 * machine-readable arguments included. The set is read at each call: core registers values as it evaluates them.
 * Longer secrets go first, so that one containing another is masked whole (Go's map order decides in Packer).
 */
export class SecretMaskingUi implements Ui {
  constructor(
    private readonly inner: Ui,
    private readonly secrets: ReadonlySet<string>,
  ) {}

  private mask(text: string): string {
    if (this.secrets.size === 0) return text;
    const ordered = [...this.secrets].filter((s) => s !== '').sort((a, b) => b.length - a.length);
    for (const s of ordered) text = text.replaceAll(s, '<sensitive>');
    return text;
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
