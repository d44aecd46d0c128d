// An evaluation context, as hcl.EvalContext: variables and functions, with a parent chain.
// No context at all (undefined) means literal-only evaluation: variables and function calls are errors.
import type { FunctionDef } from '../functions/function.js';
import type { Value } from '../values/value.js';

export interface EvalContext {
  readonly variables?: ReadonlyMap<string, Value>;
  readonly functions?: ReadonlyMap<string, FunctionDef>;
  readonly parent?: EvalContext;
}

/** A child scope (for-expression and dynamic-block iteration variables shadow the parent's). */
export function childContext(parent: EvalContext | undefined, variables: ReadonlyMap<string, Value>): EvalContext {
  return parent ? { variables, parent } : { variables };
}
