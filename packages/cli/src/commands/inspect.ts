// `tspacker inspect [options] [TEMPLATE]`, as Packer's InspectCommand (HCL2): a template that does not parse is an
// error (exit 1); otherwise Initialize runs and its errors are ignored (unset variables show as "<unknown>",
// unknown component types are listed anyway) and the template's variables, locals and builds are printed, exit 0.
// Packer takes the TEMPLATE only when there is exactly one argument; with none (or several) it inspects an empty
// HCL2 template with `-config-type=hcl2`, else (the default) the tiniest JSON template, a lone null builder. A
// legacy JSON template is listed in Packer's JSON-mode layout (core/legacy/inspect.ts).
import { initializeTemplate, inspectLegacyTemplate, renderInspect, type LegacyCore } from '@tspacker/core';
import { variableValuesText } from '@tspacker/hcl';
import { loadConsoleScope } from '../console/scope.js';
import { writeDiags } from '../diags.js';
import { inspectFlags, metaArgs, parseCommandFlags, type ParsedFlags } from '../flags.js';
import { loadCommandTemplate, loadLegacyTemplate } from '../template.js';
import type { Ui } from '../ui.js';

export async function runInspect(argv: readonly string[], baseUi: Ui, help: string): Promise<number> {
  const flags = parseCommandFlags(inspectFlags, argv, baseUi, help);
  if (!flags) return 1;
  if (flags.args.length !== 1) {
    if (flags.strings.get('config-type') === 'hcl2') return inspectNoTemplate(flags, baseUi);
    const loaded = await loadLegacyTemplate(baseUi, { ...metaArgs(flags), path: '' });
    return loaded.legacy ? inspectLegacy(loaded.legacy, loaded.ui) : loaded.ret || 1;
  }
  const loaded = await loadCommandTemplate(baseUi, { ...metaArgs(flags), path: flags.args[0]! });
  const { config, legacy, ui } = loaded;
  if (legacy) return inspectLegacy(legacy, ui);
  if (loaded.ret !== 0 || !config) return loaded.ret || 1;

  // Initialize's diagnostics are left out on purpose: inspect shows what it can.
  await initializeTemplate(config);
  for (const chunk of inspectChunks(renderInspect(config))) ui.say(chunk);
  return 0;
}

/**
 * No TEMPLATE and -config-type=hcl2: Packer parses an empty configuration (var files read, every `-var` undeclared) and inspects it.
 */
function inspectNoTemplate(flags: ParsedFlags, ui: Ui): number {
  const loaded = loadConsoleScope({ vars: flags.kvs.get('var')!, varFiles: flags.lists.get('var-file')! });
  const ret = writeDiags(ui, loaded.files, loaded.diags, variableValuesText);
  if (ret !== 0) return ret;
  for (const chunk of ['Packer Inspect: HCL2 mode\n', '> input-variables:\n\n\n> local-variables:\n\n', '> builds:\n']) ui.say(chunk);
  return 0;
}

/** JSON mode: Initialize (its errors ignored), then the template as written. */
function inspectLegacy(legacy: LegacyCore, ui: Ui): number {
  legacy.initialize();
  inspectLegacyTemplate(legacy.template, ui);
  return 0;
}

/**
 * Packer's InspectConfig says three things: the title line (with a newline of its own), the variables and the
 * builds; the UI ends each with a newline. Splitting the rendered text back into those three keeps
 * `-machine-readable` output the same (one `ui,say` line each).
 */
export function inspectChunks(text: string): string[] {
  const title = 'Packer Inspect: HCL2 mode\n\n';
  const builds = text.indexOf('\n> builds:\n', title.length);
  if (!text.startsWith(title) || builds < title.length || !text.endsWith('\n')) return [text.replace(/\n$/, '')];
  return [title.slice(0, -1), text.slice(title.length, builds), text.slice(builds + 1, -1)];
}
