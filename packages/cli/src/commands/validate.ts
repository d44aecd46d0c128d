// `tspacker validate [options] TEMPLATE`, as Packer's ValidateCommand (HCL2; a legacy JSON template goes through
// the same phases in core/legacy): parse (diagnostics with source),
// `-syntax-only` stops there; then Initialize (data sources not executed unless -evaluate-datasources: their
// outputs are unknown) and GetBuilds, which prepares every selected builder, provisioner and post-processor.
// Diagnostics from those phases have no source snippets, as in Packer. Warnings are shown and do not fail;
// "The configuration is valid." ends a run without errors. Exit 0 or 1.
import { variableValuesText } from '@tspacker/hcl';
import { getBuilds, initializeTemplate } from '@tspacker/core';
import { writeDiags } from '../diags.js';
import { metaArgs, parseCommandFlags, validateFlags } from '../flags.js';
import { loadCommandTemplate } from '../template.js';
import type { Ui } from '../ui.js';

export async function runValidate(argv: readonly string[], baseUi: Ui, help: string): Promise<number> {
  const flags = parseCommandFlags(validateFlags, argv, baseUi, help);
  if (!flags) return 1;
  if (flags.args.length !== 1) {
    baseUi.say(help);
    return 1;
  }
  const meta = metaArgs(flags);
  // Undeclared names in var files are worth a warning when validating (not when building).
  const loaded = await loadCommandTemplate(baseUi, {
    ...meta,
    path: flags.args[0]!,
    warnOnUndeclaredVar: !flags.bools.get('no-warn-undeclared-var'),
    skipDatasourcesExecution: !flags.bools.get('evaluate-datasources'),
  });
  const { config, legacy, ui } = loaded;
  if (loaded.ret !== 0 || (!config && !legacy)) return 1;

  if (flags.bools.get('syntax-only')) {
    ui.say('Syntax-only check passed. Everything looks okay.');
    return 0;
  }

  if (legacy) {
    let ret = writeDiags(ui, undefined, legacy.initialize());
    if (ret !== 0) return ret;
    ret = writeDiags(ui, undefined, legacy.getBuilds({ only: meta.only, except: meta.except }).diags);
    if (ret === 0) ui.say('The configuration is valid.');
    return ret;
  }

  let ret = writeDiags(ui, undefined, await initializeTemplate(config!), variableValuesText);
  if (ret !== 0) return ret;

  const { diags } = getBuilds(config!, { only: meta.only, except: meta.except });
  ret = writeDiags(ui, undefined, diags, variableValuesText);
  if (ret === 0) ui.say('The configuration is valid.');
  return ret;
}
