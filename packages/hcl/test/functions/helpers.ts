// Calling FunctionDefs directly in tests, through cty's Function.Call rules for the parameter flags (null, unknown
// and dynamic-typed arguments), so a function's own behaviour is tested without the parser and evaluator.
import type { EvalContext } from '../../src/eval/context.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { encodingFunctions } from '../../src/functions/encoding.js';
import { formatFunctions } from '../../src/functions/format.js';
import { regexFunctions } from '../../src/functions/regex.js';
import { stringFunctions } from '../../src/functions/strings.js';
import { parseExpression } from '../../src/syntax/index.js';
import { callDef } from '../../src/functions/call.js';
import { FunctionArgError, FunctionError, type FunctionDef } from '../../src/functions/function.js';
import { BigFloat } from '../../src/values/number.js';
import { DynamicPseudoType, StringType, listOf, type Type } from '../../src/values/types.js';
import {
  False,
  True,
  Value,
  listVal,
  listValEmpty,
  mapVal,
  nullVal,
  numberIntVal,
  numberVal,
  objectVal,
  setVal,
  stringVal,
  tupleVal,
  unknownVal,
} from '../../src/values/value.js';

export type Outcome = { value: Value; error?: undefined } | { value?: undefined; error: string; argIndex?: number };

/** cty's Function.Call (functions/call.ts): flags for null, unknown and dynamic arguments, return-type checks. */
export function call(def: FunctionDef, ...args: Value[]): Outcome {
  try {
    return { value: callDef(def, args) };
  } catch (e) {
    if (e instanceof FunctionArgError) return { error: e.message, argIndex: e.argIndex };
    if (e instanceof FunctionError) return { error: e.message };
    throw e;
  }
}

/** The value, or a test failure showing the error. */
export function ok(o: Outcome): Value {
  if (o.error !== undefined) throw new Error(`unexpected error: ${o.error}`);
  return o.value!;
}

/** The error message, or a test failure showing the value. */
export function err(o: Outcome): string {
  if (o.error === undefined) throw new Error(`expected an error, got ${render(o.value!)}`);
  return o.error;
}

// ---- value construction ---------------------------------------------------------------------------------------

export const s = stringVal;
export const T = True;
export const F = False;
export function n(x: number | string): Value {
  if (typeof x === 'number' && Number.isInteger(x)) return numberIntVal(x);
  return numberVal(BigFloat.parse(String(x))!);
}
export function tup(...xs: Value[]): Value {
  return tupleVal(xs);
}
export function list(...xs: Value[]): Value {
  return listVal(xs);
}
export function strList(...xs: string[]): Value {
  return xs.length === 0 ? listValEmpty(StringType) : listVal(xs.map(stringVal), StringType);
}
export function obj(o: Record<string, Value>): Value {
  return objectVal(o);
}
export function map(o: Record<string, Value>): Value {
  return mapVal(o);
}
export function set(...xs: Value[]): Value {
  return setVal(xs);
}
export const nul = (t: Type = DynamicPseudoType): Value => nullVal(t);
export const unk = (t: Type = DynamicPseudoType): Value => unknownVal(t);
export { listOf, StringType };

/** A compact rendering that shows types: "abc" 1.5 true null(string) ?(string) [..] (tuple) list[..] {..}. */
export function render(v: Value): string {
  const t = v.type.kind;
  if (!v.isKnown) return `?(${t})`;
  if (v.isNull) return `null(${t})`;
  switch (t) {
    case 'string':
      return JSON.stringify(v.asString());
    case 'number':
      return v.asNumber().toString();
    case 'bool':
      return String(v.asBool());
    case 'tuple':
      return `[${v.asElements().map(render).join(', ')}]`;
    case 'list':
    case 'set':
      return `${t}[${v.asElements().map(render).join(', ')}]`;
    case 'object':
      return `{${[...v.asEntries()].map(([k, e]) => `${k}=${render(e)}`).join(', ')}}`;
    case 'map':
      return `map{${[...v.asEntries()].map(([k, e]) => `${k}=${render(e)}`).join(', ')}}`;
    default:
      return t;
  }
}

/** Render an outcome: the value, or "error: message". */
export function outcome(o: Outcome): string {
  return o.error !== undefined ? `error: ${o.error}` : render(o.value!);
}

// ---- through source text (parser + evaluator + functions/call.ts) -----------------------------------------------


/** A context with this helper's functions, and optional variables. */
export function context(variables: Record<string, Value> = {}): EvalContext {
  return {
    functions: new Map(Object.entries({ ...stringFunctions, ...regexFunctions, ...formatFunctions, ...encodingFunctions })),
    variables: new Map(Object.entries(variables)),
  };
}

/** Evaluate an expression: the rendered value, or "error: Summary: Detail" for the first error. */
export function evalSrc(src: string, variables: Record<string, Value> = {}): string {
  const p = parseExpression(src, 'test.hcl');
  if (p.diags.length > 0) return `parse error: ${p.diags.map((d) => d.summary).join('; ')}`;
  const r = evaluate(p.expr, context(variables));
  const e = r.diags.find((d) => d.severity === 'error');
  return e ? `error: ${e.summary}: ${e.detail ?? ''}` : render(r.value);
}
