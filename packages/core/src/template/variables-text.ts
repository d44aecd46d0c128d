// The console's `variables` command (PackerConfig.printVariables): every input variable and local, sorted by
// name, each value printed as the console prints values and then Go-quoted.
import { compareStrings, goQuote, renderConsoleValue } from '@tspacker/hcl';
import type { PackerConfig, Variable } from './types.js';
import { variableValue } from './variables.js';

function section(prefix: string, vars: ReadonlyMap<string, Variable>): string {
  let out = '';
  for (const key of [...vars.keys()].sort(compareStrings)) {
    const v = vars.get(key)!;
    out += `${prefix}.${v.name}: ${goQuote(renderConsoleValue(variableValue(v)))}\n`;
  }
  return out;
}

export function variablesText(config: PackerConfig): string {
  return '> input-variables:\n\n' + section('var', config.inputVariables) + '\n> local-variables:\n\n' + section('local', config.localVariables);
}
