// Initialize (types.packer_config.go): variable values are validated, locals and data sources evaluated (one
// dependency graph, or Packer's older sequential order), sensitive values registered, and then the `source`
// and `build` blocks decoded with everything known, and checked against the known components.
import type { Diagnostic } from '@tspacker/hcl';
import { evaluateDatasourcesSequentially, evaluateGraph, evaluateLocalsSequentially } from './graph.js';
import { parseSourcesAndBuilds, type BlockDecoders } from './parse.js';
import type { PackerConfig, Variable } from './types.js';
import { stringLeaves, validateVariableValues, variableValue } from './variables.js';
import { decodeSourceBlock } from './source-block.js';
import { decodeBuildBlock } from './build-block.js';
import { checkBuildComponents } from './get-builds.js';

const defaultDecoders: BlockDecoders = { decodeSourceBlock, decodeBuildBlock };

/** filterVarsFromLogs: every string inside a sensitive variable's or local's value is a secret. */
function registerSensitiveValues(config: PackerConfig, vars: Iterable<Variable>): void {
  for (const v of vars) {
    if (!v.sensitive) continue;
    for (const s of stringLeaves(variableValue(v))) config.sensitiveValues.add(s);
  }
}

/** Everything Packer's Initialize does; the diagnostics of every step (later steps run despite errors). */
export async function initializeTemplate(config: PackerConfig, decoders: BlockDecoders = defaultDecoders): Promise<Diagnostic[]> {
  const diags = validateVariableValues(config);
  const skip = config.options.skipDatasourcesExecution ?? false;
  if (config.options.useSequentialEvaluation) {
    diags.push(...(await evaluateDatasourcesSequentially(config, skip)));
    diags.push(...evaluateLocalsSequentially(config));
  } else {
    diags.push(...(await evaluateGraph(config, skip)));
  }
  registerSensitiveValues(config, config.inputVariables.values());
  registerSensitiveValues(config, config.localVariables.values());
  diags.push(...parseSourcesAndBuilds(config, decoders));
  // initializeBlocks: every component type and source a build names must exist.
  diags.push(...checkBuildComponents(config));
  return diags;
}
