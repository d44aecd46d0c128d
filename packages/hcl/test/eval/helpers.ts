// Shared helpers for the evaluator tests: parse-and-evaluate, a compact value notation, exact value comparison
// (type, known/null state, marks and payload, like cty's RawEquals), and small FunctionDefs that mirror the cty
// stdlib functions hcl's own tests call.
import type { Diagnostic } from '../../src/diagnostics.js';
import type { EvalContext } from '../../src/eval/context.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { FunctionArgError, FunctionError, type FunctionDef } from '../../src/functions/function.js';
import { rangeToString } from '../../src/source.js';
import { parseExpression, parseTemplate } from '../../src/syntax/index.js';
import { BigFloat } from '../../src/values/number.js';
import {
  BoolType,
  DynamicPseudoType,
  NumberType,
  StringType,
  friendlyName,
  listOf,
  typeEquals,
  typeString,
  type Type,
} from '../../src/values/types.js';
import {
  DynamicVal,
  False,
  True,
  Value,
  listVal,
  listValEmpty,
  mapVal,
  mapValEmpty,
  nullVal,
  numberIntVal,
  numberVal,
  objectVal,
  setVal,
  stringVal,
  tupleVal,
  unknownVal,
} from '../../src/values/value.js';

// ---- values ----------------------------------------------------------------------------------------------------

export const dyn = DynamicVal;
export const T = True;
export const F = False;
export function n(x: number | string): Value {
  if (typeof x === 'number' && Number.isInteger(x)) return numberIntVal(x);
  return numberVal(BigFloat.parse(String(x))!);
}
export const s = stringVal;
export function tup(...xs: Value[]): Value {
  return tupleVal(xs);
}
export function obj(o: Record<string, Value>): Value {
  return objectVal(o);
}
export function list(...xs: Value[]): Value {
  return listVal(xs);
}
export function listOfType(t: Type, ...xs: Value[]): Value {
  return xs.length === 0 ? listValEmpty(t) : listVal(xs, t);
}
export function map(o: Record<string, Value>, et?: Type): Value {
  return Object.keys(o).length === 0 ? mapValEmpty(et ?? DynamicPseudoType) : mapVal(o, et);
}
export function set(...xs: Value[]): Value {
  return setVal(xs);
}
export function unk(t: Type = DynamicPseudoType): Value {
  return unknownVal(t);
}
export function nul(t: Type = DynamicPseudoType): Value {
  return nullVal(t);
}
export function mark(v: Value, ...marks: string[]): Value {
  return v.withMarks(marks);
}
export { BoolType, DynamicPseudoType, NumberType, StringType, listOf };

/** Exact equality like cty RawEquals: same type, state, marks and payload (numbers by value). */
export function sameValue(a: Value, b: Value): boolean {
  if (!typeEquals(a.type, b.type)) return false;
  if (a.isKnown !== b.isKnown || a.isNull !== b.isNull) return false;
  const am = [...(a.marks ?? [])].sort().join(',');
  const bm = [...(b.marks ?? [])].sort().join(',');
  if (am !== bm) return false;
  if (!a.isKnown || a.isNull) return true;
  const ua = a.unmarked();
  const ub = b.unmarked();
  switch (a.type.kind) {
    case 'string':
      return ua.asString() === ub.asString();
    case 'number':
      return ua.asNumber().cmp(ub.asNumber()) === 0;
    case 'bool':
      return ua.asBool() === ub.asBool();
    case 'list':
    case 'set':
    case 'tuple': {
      const x = ua.asElements();
      const y = ub.asElements();
      return x.length === y.length && x.every((e, i) => sameValue(e, y[i]!));
    }
    case 'map':
    case 'object': {
      const x = ua.asEntries();
      const y = ub.asEntries();
      if (x.size !== y.size) return false;
      for (const [k, e] of x) {
        const f = y.get(k);
        if (!f || !sameValue(e, f)) return false;
      }
      return true;
    }
    default:
      return a === b;
  }
}

/** A readable rendering for failure messages. */
export function show(v: Value): string {
  const marks = v.marks && v.marks.size > 0 ? `.mark(${[...v.marks].sort().join(',')})` : '';
  const t = v.type.kind === 'capsule' ? v.type.name : typeString(v.type);
  if (!v.isKnown) return `unknown(${t})${marks}`;
  if (v.isNull) return `null(${t})${marks}`;
  const u = v.unmarked();
  let body: string;
  switch (v.type.kind) {
    case 'string':
      body = JSON.stringify(u.asString());
      break;
    case 'number':
      body = u.asNumber().toString();
      break;
    case 'bool':
      body = String(u.asBool());
      break;
    case 'list':
    case 'set':
    case 'tuple':
      body = `${v.type.kind}[${u.asElements().map(show).join(', ')}]`;
      break;
    case 'map':
    case 'object':
      body = `${v.type.kind}{${[...u.asEntries()].map(([k, e]) => `${k}=${show(e)}`).join(', ')}}`;
      break;
    default:
      body = friendlyName(v.type);
  }
  return body + marks;
}

export function expectSame(got: Value, want: Value): void {
  if (!sameValue(got, want)) throw new Error(`wrong value\n  got:  ${show(got)}\n  want: ${show(want)}`);
}

// ---- contexts --------------------------------------------------------------------------------------------------

export function ctxOf(variables: Record<string, Value> = {}, functions?: Record<string, FunctionDef>): EvalContext {
  const c: { variables: Map<string, Value>; functions?: Map<string, FunctionDef> } = { variables: new Map(Object.entries(variables)) };
  if (functions) c.functions = new Map(Object.entries(functions));
  return c;
}
export function fnCtx(functions: Record<string, FunctionDef>, variables?: Record<string, Value>): EvalContext {
  const c: { variables?: Map<string, Value>; functions: Map<string, FunctionDef> } = { functions: new Map(Object.entries(functions)) };
  if (variables) c.variables = new Map(Object.entries(variables));
  return c;
}

// ---- evaluation ------------------------------------------------------------------------------------------------

export interface Evaluated {
  value: Value;
  diags: Diagnostic[];
  parseDiags: Diagnostic[];
  valDiags: Diagnostic[];
}

export function evalExpr(src: string, ctx?: EvalContext, filename = 'test.hcl'): Evaluated {
  const p = parseExpression(src, filename);
  const r = evaluate(p.expr, ctx);
  return { value: r.value, diags: [...p.diags, ...r.diags], parseDiags: p.diags, valDiags: r.diags };
}

export function evalTemplate(src: string, ctx?: EvalContext): Evaluated {
  const p = parseTemplate(src, 'test.hcl');
  if (p.diags.some((d) => d.severity === 'error')) return { value: DynamicVal, diags: p.diags, parseDiags: p.diags, valDiags: [] };
  const r = evaluate(p.expr, ctx);
  return { value: r.value, diags: [...p.diags, ...r.diags], parseDiags: p.diags, valDiags: r.diags };
}

export function describeDiags(diags: readonly Diagnostic[]): string {
  return diags.map((d) => `${d.subject ? rangeToString(d.subject) + ': ' : ''}${d.summary}; ${d.detail ?? ''}`).join('\n');
}

/** Assert the value and diagnostic count, with readable messages. */
export function check(r: Evaluated, want: Value, diagCount = 0): void {
  if (r.diags.length !== diagCount) {
    throw new Error(`wrong number of diagnostics ${r.diags.length}; want ${diagCount}\n${describeDiags(r.diags)}\nvalue: ${show(r.value)}`);
  }
  expectSame(r.value, want);
}

/** The single error diagnostic as "Summary: Detail". */
export function oneError(r: Evaluated): string {
  const errs = r.diags.filter((d) => d.severity === 'error');
  if (errs.length !== 1) throw new Error(`want exactly one error, got ${errs.length}\n${describeDiags(r.diags)}`);
  return `${errs[0]!.summary}: ${errs[0]!.detail}`;
}

// ---- small stdlib look-alikes (same parameter flags as go-cty's stdlib) ----------------------------------------

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export const upperFn: FunctionDef = {
  params: [{ name: 'str', type: StringType, allowDynamicType: true }],
  returnType: () => StringType,
  impl: ([a]) => stringVal(a!.asString().toUpperCase()),
};

export const strlenFn: FunctionDef = {
  params: [{ name: 'str', type: StringType, allowDynamicType: true }],
  returnType: () => NumberType,
  impl: ([a]) => numberIntVal([...segmenter.segment(a!.asString())].length),
};

export const negateFn: FunctionDef = {
  params: [{ name: 'num', type: NumberType, allowDynamicType: true, allowMarked: true }],
  returnType: () => NumberType,
  impl: ([a]) => numberVal(a!.unmarked().asNumber().neg()).withMarks(a!.marks ?? []),
};

export const minFn: FunctionDef = {
  params: [],
  varParam: { name: 'numbers', type: NumberType, allowDynamicType: true },
  returnType: () => NumberType,
  impl: (args) => {
    if (args.length === 0) throw new FunctionError('must pass at least one number');
    let min = args[0]!;
    for (const a of args) if (a.asNumber().cmp(min.asNumber()) < 0) min = a;
    return min;
  },
};

/** cty ConcatFunc, enough for sequences of tuples and lists. */
export const concatFn: FunctionDef = {
  params: [],
  varParam: { name: 'seqs', type: DynamicPseudoType, allowMarked: true },
  returnType: (args) => {
    if (args.length === 0) throw new FunctionError('at least one argument is required');
    const etys: Type[] = [];
    for (let i = 0; i < args.length; i++) {
      const t = args[i]!.type;
      if (t.kind === 'tuple') etys.push(...t.elements);
      else if (t.kind === 'list') etys.push(t.element);
      else throw new FunctionArgError(i, 'all arguments must be lists or tuples; got ' + friendlyName(t));
    }
    return { kind: 'tuple', elements: etys };
  },
  impl: (args) => tupleVal(args.flatMap((a) => [...a.asElements()])),
};

/** A jsondecode look-alike: the result type depends on the (known) argument value. */
export const jsondecodeFn: FunctionDef = {
  params: [{ name: 'str', type: StringType }],
  returnType: ([a]) => {
    if (!a!.isKnown) return DynamicPseudoType;
    return fromJson(parseJson(a!.asString())).type;
  },
  impl: ([a]) => fromJson(parseJson(a!.asString())),
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new FunctionArgError(0, 'invalid character');
  }
}
function fromJson(j: unknown): Value {
  if (j === null) return nullVal(DynamicPseudoType);
  if (typeof j === 'string') return stringVal(j);
  if (typeof j === 'number') return n(j);
  if (typeof j === 'boolean') return j ? True : False;
  if (Array.isArray(j)) return tupleVal(j.map(fromJson));
  return objectVal(Object.entries(j as object).map(([k, v]) => [k, fromJson(v)] as [string, Value]));
}

