// Type expressions (hcl ext/typeexpr): `string`, `list(number)`, `map(any)`, `object({a = string, b = optional(number, 1)})`,
// `tuple([bool, string])` read statically from an expression (native or JSON), with typeexpr's diagnostics.
// Exact types (typeOf) reject `any` and `optional`; type constraints accept them; with defaults, the second
// argument of `optional(T, default)` is evaluated (literals only) and kept in a Defaults tree for applyDefaults.
import type { Diagnostic } from '../diagnostics.js';
import { evaluate } from '../eval/evaluate.js';
import { goQuote, tryConvert } from '../eval/ops.js';
import type { Expression } from '../model.js';
import { rangeBetween, type Range } from '../source.js';
import { exprAsKeyword, exprCall, exprList, exprMap } from '../static.js';
import { unifyUnsafe } from './unify.js';
import {
  BoolType,
  DynamicPseudoType,
  NumberType,
  StringType,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
  type Type,
} from './types.js';
import { Value, listVal, listValEmpty, mapVal, mapValEmpty, objectVal, setVal, setValEmpty, tupleVal } from './value.js';

const invalidTypeSummary = 'Invalid type specification';

/** Default values for optional object attributes, nested like the type they belong to (typeexpr.Defaults). */
export interface Defaults {
  readonly type: Type;
  /** Attribute name → default value, for the object type `type`. */
  readonly defaultValues?: ReadonlyMap<string, Value>;
  /** Nested defaults: by attribute name (objects), by index as a string (tuples), or "" (collection elements). */
  readonly children?: ReadonlyMap<string, Defaults>;
}

export interface TypeResult {
  type: Type;
  diags: Diagnostic[];
}

/** typeexpr.Type: an exact type (no `any`, no `optional`). */
export function typeOf(expr: Expression): TypeResult {
  const r = getType(expr, false, false);
  return { type: r.type, diags: r.diags };
}

/** typeexpr.TypeConstraint: a type constraint (`any` allowed, `optional(T)` in object attributes). */
export function typeConstraint(expr: Expression): TypeResult {
  const r = getType(expr, true, false);
  return { type: r.type, diags: r.diags };
}

/** typeexpr.TypeConstraintWithDefaults: as typeConstraint, plus `optional(T, default)`. */
export function typeConstraintWithDefaults(expr: Expression): TypeResult & { defaults?: Defaults } {
  return getType(expr, true, true);
}

function err(detail: string, subject: Range, context?: Range, summary = invalidTypeSummary): Diagnostic {
  const d: Diagnostic = { severity: 'error', summary, detail, subject };
  if (context) d.context = context;
  return d;
}

function failed(detail: string, subject: Range, context?: Range): TypeResult & { defaults?: Defaults } {
  return { type: DynamicPseudoType, diags: [err(detail, subject, context)] };
}

function getType(expr: Expression, constraint: boolean, withDefaults: boolean): TypeResult & { defaults?: Defaults } {
  const kw = exprAsKeyword(expr);
  switch (kw) {
    case 'bool':
      return { type: BoolType, diags: [] };
    case 'string':
      return { type: StringType, diags: [] };
    case 'number':
      return { type: NumberType, diags: [] };
    case 'any':
      if (constraint) return { type: DynamicPseudoType, diags: [] };
      return failed(`The keyword ${goQuote(kw)} cannot be used in this type specification: an exact type is required.`, expr.range);
    case 'list':
    case 'map':
    case 'set':
      return failed(`The ${kw} type constructor requires one argument specifying the element type.`, expr.range);
    case 'object':
      return failed('The object type constructor requires one argument specifying the attribute types and values as a map.', expr.range);
    case 'tuple':
      return failed('The tuple type constructor requires one argument specifying the element types as a list.', expr.range);
    case undefined:
      break;
    default:
      return failed(`The keyword ${goQuote(kw)} is not a valid type specification.`, expr.range);
  }

  const { call } = exprCall(expr);
  if (!call) {
    return failed(
      'A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).',
      expr.range,
    );
  }

  switch (call.name) {
    case 'bool':
    case 'string':
    case 'number':
      return failed(`Primitive type keyword ${goQuote(call.name)} does not expect arguments.`, call.argsRange);
    case 'any':
      return failed(`Type constraint keyword ${goQuote(call.name)} does not expect arguments.`, call.argsRange);
  }

  const args = call.arguments;
  if (args.length !== 1) {
    const context = call.argsRange;
    const subject = args.length > 1 ? rangeBetween(args[1]!.range, args[args.length - 1]!.range) : call.argsRange;
    switch (call.name) {
      case 'list':
      case 'set':
      case 'map':
        return failed(`The ${call.name} type constructor requires one argument specifying the element type.`, subject, context);
      case 'object':
        return failed('The object type constructor requires one argument specifying the attribute types and values as a map.', subject, context);
      case 'tuple':
        return failed('The tuple type constructor requires one argument specifying the element types as a list.', subject, context);
    }
  }

  switch (call.name) {
    case 'list':
    case 'set':
    case 'map': {
      const r = getType(args[0]!, constraint, withDefaults);
      const t = call.name === 'list' ? listOf(r.type) : call.name === 'set' ? setOf(r.type) : mapOf(r.type);
      const out: TypeResult & { defaults?: Defaults } = { type: t, diags: r.diags };
      if (r.defaults) out.defaults = { type: t, children: new Map([['', r.defaults]]) };
      return out;
    }
    case 'object':
      return objectType(expr, args[0]!, constraint, withDefaults);
    case 'tuple': {
      const { exprs } = exprList(args[0]!);
      if (!exprs) return failed('Tuple type constructor requires a list of element types.', args[0]!.range, expr.range);
      const diags: Diagnostic[] = [];
      const etys: Type[] = [];
      const children = new Map<string, Defaults>();
      exprs.forEach((d, i) => {
        const r = getType(d, constraint, withDefaults);
        diags.push(...r.diags);
        etys.push(r.type);
        if (r.defaults) children.set(String(i), r.defaults);
      });
      const t = tupleOf(etys);
      return { type: t, diags, ...structuredDefaults(t, new Map(), children) };
    }
    case 'optional':
      return failed(`Keyword ${goQuote(call.name)} is valid only as a modifier for object type attributes.`, call.nameRange);
    default:
      return failed(`Keyword ${goQuote(call.name)} is not a valid type constructor.`, expr.range);
  }
}

function objectType(expr: Expression, attrsExpr: Expression, constraint: boolean, withDefaults: boolean): TypeResult & { defaults?: Defaults } {
  const { pairs } = exprMap(attrsExpr);
  if (!pairs) {
    return failed(
      'Object type constructor requires a map whose keys are attribute names and whose values are the corresponding attribute types.',
      attrsExpr.range,
      expr.range,
    );
  }
  const diags: Diagnostic[] = [];
  const atys = new Map<string, Type>();
  const defaultValues = new Map<string, Value>();
  const children = new Map<string, Defaults>();
  const optional: string[] = [];
  for (const pair of pairs) {
    const name = exprAsKeyword(pair.key);
    if (name === undefined) {
      diags.push(err('Object constructor map keys must be attribute names.', pair.key.range, expr.range));
      continue;
    }
    if (atys.has(name)) {
      diags.push(err('Object constructor map keys must be unique.', pair.key.range, expr.range));
      continue;
    }
    let atyExpr = pair.value;
    let defaultExpr: Expression | undefined;
    const { call } = exprCall(atyExpr);
    if (call && call.name === 'optional') {
      if (call.arguments.length < 1) {
        diags.push(err('Optional attribute modifier requires the attribute type as its argument.', call.argsRange, atyExpr.range));
        continue;
      }
      if (constraint) {
        if (withDefaults) {
          if (call.arguments.length === 2) {
            defaultExpr = call.arguments[1]!;
            const dv = evaluate(defaultExpr, undefined);
            diags.push(...dv.diags);
            if (!dv.diags.some((d) => d.severity === 'error')) {
              optional.push(name);
              defaultValues.set(name, dv.value);
            }
          } else if (call.arguments.length === 1) {
            optional.push(name);
          } else {
            diags.push(
              err('Optional attribute modifier expects at most two arguments: the attribute type, and a default value.', call.argsRange, atyExpr.range),
            );
          }
        } else if (call.arguments.length === 1) {
          optional.push(name);
        } else {
          diags.push(err('Optional attribute modifier expects only one argument: the attribute type.', call.argsRange, atyExpr.range));
        }
      } else {
        diags.push(err('Optional attribute modifier is only for type constraints, not for exact types.', call.nameRange, atyExpr.range));
      }
      atyExpr = call.arguments[0]!;
    }

    const r = getType(atyExpr, constraint, withDefaults);
    diags.push(...r.diags);
    const dv = defaultValues.get(name);
    if (dv !== undefined) {
      const c = tryConvert(dv, r.type);
      if (c.error !== undefined) {
        diags.push(
          err(
            `This default value is not compatible with the attribute's type constraint: ${c.error}.`,
            defaultExpr!.range,
            undefined,
            'Invalid default value for optional attribute',
          ),
        );
        defaultValues.delete(name);
      } else {
        defaultValues.set(name, c.value!);
      }
    }
    atys.set(name, r.type);
    if (r.defaults) children.set(name, r.defaults);
  }
  const t = objectOf(atys, optional);
  return { type: t, diags, ...structuredDefaults(t, defaultValues, children) };
}

function structuredDefaults(type: Type, defaultValues: Map<string, Value>, children: Map<string, Defaults>): { defaults?: Defaults } {
  if (defaultValues.size === 0 && children.size === 0) return {};
  const d: { type: Type; defaultValues?: Map<string, Value>; children?: Map<string, Defaults> } = { type };
  if (defaultValues.size > 0) d.defaultValues = defaultValues;
  if (children.size > 0) d.children = children;
  return { defaults: d };
}

// ---- applying defaults ---------------------------------------------------------------------------------------------

/** typeexpr.Defaults.Apply: fill in null or missing optional attributes, recursively. Apply before converting. */
export function applyDefaults(d: Defaults, v: Value): Value {
  if (!v.isKnown || v.isNull) return v;
  if (!d.defaultValues?.size && !d.children?.size) return v;
  const marks = v.marks;
  let u = v.unmarked();
  const kind = u.type.kind;
  if (kind === 'set' || kind === 'list' || kind === 'tuple') {
    const values = u.asElements().map((el, i) => {
      const child = childDefaults(d, i);
      return child ? applyDefaults(child, el) : el;
    });
    let done = false;
    if (kind === 'set' || kind === 'list') {
      const et = (u.type as { element: Type }).element;
      if (values.length === 0) {
        u = kind === 'set' ? setValEmpty(et) : listValEmpty(et);
        done = true;
      } else {
        const conv = unifyValues(values);
        if (conv) {
          u = kind === 'set' ? setVal(conv) : listVal(conv);
          done = true;
        }
      }
    }
    if (!done) u = tupleVal(values);
  } else if (kind === 'object' || kind === 'map') {
    const values = new Map<string, Value>();
    for (const [k, el] of u.asEntries()) {
      const child = childDefaults(d, k);
      values.set(k, child ? applyDefaults(child, el) : el);
    }
    for (const [key, dv] of d.defaultValues ?? []) {
      const cur = values.get(key);
      if (cur === undefined || cur.isNull) {
        const child = d.children?.get(key);
        values.set(key, child ? applyDefaults(child, dv) : dv);
      }
    }
    let done = false;
    if (kind === 'map') {
      const et = (u.type as { element: Type }).element;
      if (values.size === 0) {
        u = mapValEmpty(et);
        done = true;
      } else {
        const keys = [...values.keys()];
        const conv = unifyValues(keys.map((k) => values.get(k)!));
        if (conv) {
          u = mapVal(keys.map((k, i) => [k, conv[i]!] as [string, Value]));
          done = true;
        }
      }
    }
    if (!done) u = objectVal(values);
  }
  return marks ? u.withMarks(marks) : u;
}

function childDefaults(d: Defaults, key: number | string): Defaults | undefined {
  if (typeof key === 'number' && d.type.kind === 'tuple') return d.children?.get(String(key));
  if (typeof key === 'string' && d.type.kind === 'object') return d.children?.get(key);
  return d.children?.get('');
}

/** Convert all values to their unified type; undefined when they don't unify. */
function unifyValues(values: readonly Value[]): Value[] | undefined {
  const t = unifyUnsafe(values.map((v) => v.type));
  if (t === undefined) return undefined;
  const out: Value[] = [];
  for (const v of values) {
    const c = tryConvert(v, t);
    if (c.error !== undefined) return undefined;
    out.push(c.value!);
  }
  return out;
}
