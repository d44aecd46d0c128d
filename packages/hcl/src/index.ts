// Public API of @tspacker/hcl. Keep it small: see README.md.
export * from './source.js';
export * from './diagnostics.js';
export * from './model.js';
export * from './values/types.js';
export * from './values/value.js';
export { BigFloat, BigFloatError } from './values/number.js';
export type { EvalContext } from './eval/context.js';
export type { FunctionDef, Parameter } from './functions/function.js';
export { FunctionArgError, FunctionError } from './functions/function.js';
