// Calling FunctionDefs directly in tests, with cty's Function.Call rules for the parameter flags (null, unknown
// and dynamic-typed arguments), so a function's own behaviour is tested without the parser and evaluator.
import { FunctionArgError, FunctionError, type FunctionDef, type Parameter } from '../../src/functions/function.js';
import { BigFloat } from '../../src/values/number.js';
import { DynamicPseudoType, StringType, listOf, typeEquals, type Type } from '../../src/values/types.js';
import {
  DynamicVal,
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

function paramAt(def: FunctionDef, i: number): Parameter | undefined {
  return i < def.params.length ? def.params[i] : def.varParam;
}

/** cty Function.Call, minus argument conversion (tests pass arguments of the parameter types). */
export function call(def: FunctionDef, ...args: Value[]): Outcome {
  try {
    if (args.length < def.params.length || (!def.varParam && args.length > def.params.length)) {
      throw new FunctionError(`wrong number of arguments`);
    }
    for (let i = 0; i < args.length; i++) {
      const p = paramAt(def, i)!;
      const a = args[i]!;
      if (a.isNull && !p.allowNull) throw new FunctionArgError(i, 'argument must not be null');
      if (a.type.kind === 'dynamic' && !p.allowDynamicType) return { value: DynamicVal };
    }
    const ret = def.returnType(args);
    for (let i = 0; i < args.length; i++) {
      if (!args[i]!.isKnown && !paramAt(def, i)!.allowUnknown) return { value: unknownVal(ret) };
    }
    const value = def.impl(args, ret);
    if (ret.kind !== 'dynamic' && !typeEquals(value.type, ret) && !(value.type.kind === 'dynamic' && !value.isKnown)) {
      throw new Error(`result type ${JSON.stringify(value.type)} does not conform to ${JSON.stringify(ret)}`);
    }
    return { value };
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
