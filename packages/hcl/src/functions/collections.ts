// Collection functions as Packer registers them: cty stdlib (chunklist coalescelist compact concat contains distinct
// element flatten keys lookup merge range reverse setproduct slice sort values zipmap), go-cty-funcs' coalesce, and
// Packer's own alltrue, anytrue, index (find the position of a value) and length (strings too).
// Parameter flags mirror the Go definitions, because they decide how null / unknown / dynamic arguments behave.
import { convert, ConversionError } from '../values/convert.js';
import { equals } from '../values/equals.js';
import { BigFloat, BigFloatError } from '../values/number.js';
import {
  BoolType,
  DynamicPseudoType,
  EmptyObjectType,
  EmptyTupleType,
  NumberType,
  StringType,
  compareStrings,
  friendlyName,
  listOf,
  mapOf,
  objectOf,
  tupleOf,
  typeEquals,
  type Type,
} from '../values/types.js';
import { unifyUnsafe } from '../values/unify.js';
import {
  DynamicVal,
  EmptyObjectVal,
  EmptyTupleVal,
  False,
  True,
  listVal,
  listValEmpty,
  mapVal,
  mapValEmpty,
  numberIntVal,
  numberVal,
  objectVal,
  stringVal,
  tupleVal,
  unknownVal,
  type Value,
} from '../values/value.js';
import { goQuote, graphemeCount } from './go-text.js';
import { FunctionArgError, FunctionError, type FunctionDef, type Parameter } from './function.js';
import { goInt, goInt64 } from './numeric.js';

const any = (name: string, extra: Omit<Parameter, 'name' | 'type'> = {}): Parameter => ({ name, type: DynamicPseudoType, ...extra });

function isSequence(t: Type): boolean {
  return t.kind === 'list' || t.kind === 'set' || t.kind === 'tuple';
}

/** convert(), with the Go error text on failure. */
function tryConvert(v: Value, t: Type): { value: Value; error?: undefined } | { value?: undefined; error: string } {
  try {
    return { value: convert(v, t) };
  } catch (e) {
    if (e instanceof ConversionError) return { error: e.message };
    throw e;
  }
}

/** A list of `elements` (all of type `et` already), or the empty list of `et`. */
function listOrEmpty(elements: readonly Value[], et: Type): Value {
  return elements.length === 0 ? listValEmpty(et) : listVal(elements, et);
}

/** The element type of a list, set or map type. */
function elementType(t: Type): Type {
  return (t as { element: Type }).element;
}

/**
 * Whether cty knows the length of a collection: unknown values in a set might turn out equal to other elements and
 * collapse, so a set's length is known only when it is wholly known (or has a single element).
 */
export function lengthKnown(v: Value): boolean {
  if (v.type.kind === 'tuple') return true;
  if (!v.isKnown) return false;
  if (v.type.kind === 'set') return v.length === 1 || v.isWhollyKnown();
  return true;
}

/** cty's Value.Equals reduced to true / false / unknown. */
function eqState(a: Value, b: Value): boolean | undefined {
  const r = equals(a, b).unmarked();
  return r.isKnown ? r.asBool() : undefined;
}

// ---- Packer's own ----------------------------------------------------------------------------------------------

export const alltrueFunc: FunctionDef = {
  params: [{ name: 'list', type: listOf(BoolType) }],
  returnType: () => BoolType,
  impl: ([list]) => {
    for (const v of list!.asElements()) {
      if (!v.isKnown) return unknownVal(BoolType);
      if (v.isNull || !v.asBool()) return False;
    }
    return True;
  },
};

export const anytrueFunc: FunctionDef = {
  params: [{ name: 'list', type: listOf(BoolType) }],
  returnType: () => BoolType,
  impl: ([list]) => {
    let hasUnknown = false;
    for (const v of list!.asElements()) {
      if (!v.isKnown) {
        hasUnknown = true;
        continue;
      }
      if (v.isNull) continue;
      if (v.asBool()) return True;
    }
    return hasUnknown ? unknownVal(BoolType) : False;
  },
};

export const indexFunc: FunctionDef = {
  params: [any('list'), any('value')],
  returnType: () => NumberType,
  impl: ([list, value]) => {
    const t = list!.type;
    if (t.kind !== 'list' && t.kind !== 'tuple') throw new FunctionError('argument must be a list or tuple');
    const elems = list!.asElements();
    if (elems.length === 0) throw new FunctionError('cannot search an empty list');
    for (let i = 0; i < elems.length; i++) {
      const eq = eqState(elems[i]!, value!);
      if (eq === undefined) return unknownVal(NumberType);
      if (eq) return numberIntVal(i);
    }
    throw new FunctionError('item not found');
  },
};

export const lengthFunc: FunctionDef = {
  params: [any('value', { allowDynamicType: true, allowUnknown: true })],
  returnType: ([v]) => {
    const t = v!.type;
    if (t.kind === 'string' || t.kind === 'dynamic' || isSequence(t) || t.kind === 'map' || t.kind === 'object') return NumberType;
    throw new FunctionError('argument must be a string, a collection type, or a structural type');
  },
  impl: ([v]) => {
    const t = v!.type;
    switch (t.kind) {
      case 'dynamic':
        return unknownVal(NumberType);
      case 'tuple':
        return numberIntVal(t.elements.length);
      case 'object':
        return numberIntVal(t.attributes.size);
      case 'string':
        return v!.isKnown ? numberIntVal(graphemeCount(v!.asString())) : unknownVal(NumberType);
      default:
        return lengthKnown(v!) ? numberIntVal(v!.length) : unknownVal(NumberType);
    }
  },
};

// ---- cty stdlib ------------------------------------------------------------------------------------------------

export const chunklistFunc: FunctionDef = {
  description: 'Splits a single list into multiple lists where each has at most the given number of elements.',
  params: [
    { name: 'list', type: listOf(DynamicPseudoType) },
    { name: 'size', type: NumberType },
  ],
  returnType: ([list]) => listOf(list!.type),
  impl: ([list, sizeVal]) => {
    const size = goInt(sizeVal!.asNumber());
    if (size.error !== undefined) throw new FunctionError(`invalid size: ${size.error}`);
    if (size.value < 0) throw new FunctionError('the size argument must be positive');
    const lt = list!.type;
    const elems = list!.asElements();
    if (elems.length === 0) return listValEmpty(lt);
    if (size.value === 0) return listVal([list!], lt);
    const et = elementType(lt);
    const chunks: Value[] = [];
    for (let i = 0; i < elems.length; i += size.value) chunks.push(listVal(elems.slice(i, i + size.value), et));
    return listVal(chunks, lt);
  },
};

export const coalesceFunc: FunctionDef = {
  params: [],
  varParam: any('vals', { allowUnknown: true, allowDynamicType: true, allowNull: true }),
  returnType: (args) => {
    const t = unifyUnsafe(args.map((a) => a.type));
    if (t === undefined) throw new FunctionError('all arguments must have the same type');
    return t;
  },
  impl: (args, retType) => {
    for (const arg of args) {
      const c = tryConvert(arg, retType);
      // A failed conversion yields cty.NilVal in Go, which then reads as null and is skipped.
      if (c.error !== undefined) continue;
      const v = c.value;
      if (!v.isKnown) return unknownVal(retType);
      if (v.isNull) continue;
      if (retType.kind === 'string' && v.asString() === '') continue;
      return v;
    }
    throw new FunctionError('no non-null, non-empty-string arguments');
  },
};

export const coalescelistFunc: FunctionDef = {
  description: 'Returns the first of the given sequences that has a length greater than zero.',
  params: [],
  varParam: any('vals', { allowUnknown: true, allowDynamicType: true, allowNull: true }),
  returnType: (args) => {
    if (args.length === 0) throw new FunctionError('at least one argument is required');
    for (const a of args) {
      if (!a.isKnown) return DynamicPseudoType;
      if (a.type.kind !== 'list' && a.type.kind !== 'tuple') throw new FunctionError('coalescelist arguments must be lists or tuples');
    }
    const first = args[0]!.type;
    return args.every((a) => typeEquals(a.type, first)) ? first : DynamicPseudoType;
  },
  impl: (args, retType) => {
    for (const a of args) {
      if (!a.isKnown) return unknownVal(retType);
      if (a.isNull) continue;
      if (a.length > 0) return a;
    }
    throw new FunctionError('no non-null arguments');
  },
};

export const compactFunc: FunctionDef = {
  description: 'Removes all empty string elements from the given list of strings.',
  params: [{ name: 'list', type: listOf(StringType) }],
  returnType: () => listOf(StringType),
  impl: ([list], retType) => {
    if (!list!.isWhollyKnown()) return unknownVal(retType);
    const out = list!.asElements().filter((v) => !v.isNull && v.asString() !== '');
    return listOrEmpty(out, StringType);
  },
};

export const concatFunc: FunctionDef = {
  description: 'Concatenates together all of the given lists or tuples into a single sequence, preserving the input order.',
  params: [],
  varParam: any('seqs'),
  returnType: (args) => {
    if (args.length === 0) throw new FunctionError('at least one argument is required');
    if (args.every((a) => a.type.kind === 'list')) {
      const common = unifyUnsafe(args.map((a) => a.type));
      if (common !== undefined) return common;
    }
    const etys: Type[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const t = a.type;
      if (t.kind === 'tuple') etys.push(...t.elements);
      else if (t.kind === 'list') {
        // Counting a list's elements needs the list itself.
        if (!a.isKnown) return DynamicPseudoType;
        for (let j = 0; j < a.length; j++) etys.push(t.element);
      } else throw new FunctionArgError(i, `all arguments must be lists or tuples; got ${friendlyName(t)}`);
    }
    return tupleOf(etys);
  },
  impl: (args, retType) => {
    if (retType.kind === 'list') {
      const vals: Value[] = [];
      args.forEach((a, i) => {
        const c = tryConvert(a, retType);
        if (c.error !== undefined) throw new FunctionArgError(i, c.error);
        vals.push(...c.value.asElements());
      });
      return listOrEmpty(vals, retType.element);
    }
    return tupleVal(args.flatMap((a) => [...a.asElements()]));
  },
};

export const containsFunc: FunctionDef = {
  description: 'Returns true if the given value is a value in the given list, tuple, or set, or false otherwise.',
  params: [any('list'), any('value')],
  returnType: () => BoolType,
  impl: ([list, value]) => {
    if (!isSequence(list!.type)) throw new FunctionError('argument must be list, tuple, or set');
    const elems = list!.asElements();
    if (elems.length === 0) return False;
    let containsUnknown = false;
    for (const e of elems) {
      const eq = eqState(value!, e);
      if (eq === undefined) containsUnknown = true;
      else if (eq) return True;
    }
    return containsUnknown ? unknownVal(BoolType) : False;
  },
};

export const distinctFunc: FunctionDef = {
  description: 'Removes any duplicate values from the given list, preserving the order of remaining elements.',
  params: [{ name: 'list', type: listOf(DynamicPseudoType) }],
  returnType: ([list]) => list!.type,
  impl: ([list], retType) => {
    if (!list!.isWhollyKnown()) return unknownVal(retType);
    const out: Value[] = [];
    for (const v of list!.asElements()) if (!out.some((o) => eqState(o, v) === true)) out.push(v);
    return listOrEmpty(out, elementType(retType));
  },
};

export const elementFunc: FunctionDef = {
  description: "Returns the element with the given index from the given list or tuple, applying the modulo operation to the given index if it's greater than the number of elements.",
  params: [any('list'), { name: 'index', type: NumberType }],
  returnType: ([list, index]) => {
    if (index!.isKnown && index!.asNumber().sign() < 0) throw new FunctionError('cannot use element function with a negative index');
    const t = list!.type;
    if (t.kind === 'list') return t.element;
    if (t.kind === 'tuple') {
      if (!index!.isKnown) return DynamicPseudoType;
      const i = goInt64(index!.asNumber());
      if (i.error !== undefined) throw new FunctionError(`invalid index: ${i.error}`);
      if (t.elements.length === 0) throw new FunctionError('cannot use element function with an empty list');
      return t.elements[Number(i.value % BigInt(t.elements.length))]!;
    }
    throw new FunctionError(`cannot read elements from ${friendlyName(t)}`);
  },
  impl: ([list, index], retType) => {
    const i = goInt64(index!.asNumber());
    if (i.error !== undefined) throw new FunctionError(`invalid index: ${i.error}`);
    if (i.value < 0n) throw new FunctionError('cannot use element function with a negative index');
    if (!list!.isKnown) return unknownVal(retType);
    const elems = list!.asElements();
    if (elems.length === 0) throw new FunctionError('cannot use element function with an empty list');
    return elems[Number(i.value % BigInt(elems.length))]!;
  },
};

export const flattenFunc: FunctionDef = {
  description:
    'Transforms a list, set, or tuple value into a tuple by replacing any given elements that are themselves sequences with a flattened tuple of all of the nested elements concatenated together.',
  params: [any('list')],
  returnType: ([list]) => {
    if (!list!.isWhollyKnown()) return DynamicPseudoType;
    if (!isSequence(list!.type)) throw new FunctionError('can only flatten lists, sets and tuples');
    const r = flatten(list!);
    return r === undefined ? DynamicPseudoType : tupleOf(r.map((v) => v.type));
  },
  impl: ([list], retType) => {
    if (list!.length === 0) return EmptyTupleVal;
    const r = flatten(list!);
    return r === undefined ? unknownVal(retType) : tupleVal(r);
  },
};

/** The flattened elements, or undefined when unknown values keep the result shape from being known. */
function flatten(list: Value): Value[] | undefined {
  if (!lengthKnown(list)) return undefined;
  const out: Value[] = [];
  let known = true;
  for (const v of list.asElements()) {
    // Any dynamic-typed unknown could turn out to be another sequence to flatten.
    if (!v.isKnown && v.type.kind === 'dynamic') known = false;
    if (!v.isNull && isSequence(v.type)) {
      if (!v.isKnown) {
        known = false;
        continue;
      }
      const inner = flatten(v);
      if (inner === undefined) known = false;
      else out.push(...inner);
    } else {
      out.push(v);
    }
  }
  return known ? out : undefined;
}

export const keysFunc: FunctionDef = {
  description: 'Returns a list of the keys of the given map in lexicographical order.',
  params: [any('inputMap', { allowUnknown: true })],
  returnType: ([m]) => {
    const t = m!.type;
    if (t.kind === 'map') return listOf(StringType);
    if (t.kind === 'object') return t.attributes.size === 0 ? EmptyTupleType : tupleOf([...t.attributes.keys()].map(() => StringType));
    throw new FunctionArgError(0, 'must have map or object type');
  },
  impl: ([m], retType) => {
    const t = m!.type;
    if (t.kind === 'object') {
      // Known from the type alone, even for an unknown object.
      const names = [...t.attributes.keys()].sort(compareStrings);
      return names.length === 0 ? EmptyTupleVal : tupleVal(names.map(stringVal));
    }
    if (!m!.isKnown) return unknownVal(retType);
    return listOrEmpty([...m!.asEntries().keys()].map(stringVal), StringType);
  },
};

export const lookupFunc: FunctionDef = {
  description: 'Returns the value of the element with the given key from the given map, or returns the default value if there is no such element.',
  params: [any('inputMap'), { name: 'key', type: StringType }, any('default')],
  returnType: ([m, key, dflt]) => {
    const t = m!.type;
    if (t.kind === 'object') {
      if (!key!.isKnown) return DynamicPseudoType;
      const attr = t.attributes.get(key!.asString());
      return attr ?? dflt!.type;
    }
    if (t.kind === 'map') {
      if (tryConvert(dflt!, t.element).error !== undefined) {
        throw new FunctionArgError(2, 'the default value must have the same type as the map elements');
      }
      return t.element;
    }
    throw new FunctionArgError(0, 'lookup() requires a map as the first argument');
  },
  impl: ([m, key, dflt], retType) => {
    if (!m!.isWhollyKnown()) return unknownVal(retType);
    const found = m!.asEntries().get(key!.asString());
    if (found !== undefined) return found;
    const c = tryConvert(dflt!, retType);
    if (c.error !== undefined) throw new FunctionError(c.error);
    return c.value;
  },
};

export const mergeFunc: FunctionDef = {
  description: 'Merges all of the elements from the given maps into a single map, or the attributes from given objects into a single object.',
  params: [],
  varParam: any('maps', { allowDynamicType: true, allowNull: true }),
  returnType: (args) => {
    if (args.length === 0) return EmptyObjectType;
    const attrs = new Map<string, Type>();
    const first = args[0]!.type;
    let matching = true;
    let attrsKnown = true;
    for (const arg of args) {
      const t = arg.type;
      if (t.kind === 'dynamic') return DynamicPseudoType;
      if (t.kind !== 'map' && t.kind !== 'object') {
        throw new FunctionError(`arguments must be maps or objects, got ${goQuote(friendlyName(t))}`);
      }
      if (t.kind === 'object' && !arg.isNull) {
        for (const [k, at] of t.attributes) attrs.set(k, at);
      } else if (t.kind === 'map' && !arg.isNull) {
        if (arg.isKnown) for (const k of arg.asEntries().keys()) attrs.set(k, t.element);
        else attrsKnown = false;
      }
      if (!typeEquals(t, first)) matching = false;
    }
    if (matching) return first;
    if (!attrsKnown) return DynamicPseudoType;
    return objectOf(attrs);
  },
  impl: (args, retType) => {
    const out = new Map<string, Value>();
    for (const arg of args) {
      if (arg.isNull) continue;
      for (const [k, v] of arg.asEntries()) out.set(k, v);
    }
    if (retType.kind === 'map') return out.size === 0 ? mapValEmpty(retType.element) : mapVal(out, retType.element);
    return out.size === 0 ? EmptyObjectVal : objectVal(out);
  },
};

export const rangeFunc: FunctionDef = {
  description: 'Returns a list of numbers spread evenly over a particular range.',
  params: [],
  varParam: { name: 'params', type: NumberType },
  returnType: () => listOf(NumberType),
  impl: (args) => {
    const nums = args.map((a) => a.asNumber());
    const one = BigFloat.fromInt(1);
    const minusOne = BigFloat.fromInt(-1);
    const zero = BigFloat.fromInt(0);
    let start: BigFloat;
    let end: BigFloat;
    let step: BigFloat;
    switch (nums.length) {
      case 1:
        [start, end, step] = [zero, nums[0]!, nums[0]!.cmp(zero) < 0 ? minusOne : one];
        break;
      case 2:
        [start, end, step] = [nums[0]!, nums[1]!, nums[1]!.cmp(nums[0]!) < 0 ? minusOne : one];
        break;
      case 3:
        [start, end, step] = [nums[0]!, nums[1]!, nums[2]!];
        break;
      default:
        throw new FunctionError('must have one, two, or three arguments');
    }
    // cty's "step must not be zero" check compares pointers and never fires: a zero step either yields an
    // empty list or runs into the element limit below.
    const down = step.cmp(zero) < 0;
    if (down) {
      if (end.cmp(start) > 0) throw new FunctionArgError(1, 'end must be less than start when step is negative');
    } else if (end.cmp(start) < 0) {
      throw new FunctionArgError(1, 'end must be greater than start when step is positive');
    }
    const vals: Value[] = [];
    let n = start;
    for (;;) {
      if (down ? n.cmp(end) <= 0 : n.cmp(end) >= 0) break;
      if (vals.length >= 1024) {
        throw new FunctionError('more than 1024 values were generated; either decrease the difference between start and end or use a smaller step');
      }
      vals.push(numberVal(n));
      try {
        n = n.add(step);
      } catch (e) {
        if (e instanceof BigFloatError) throw new FunctionError("can't compute sum of opposing infinities");
        throw e;
      }
    }
    return listOrEmpty(vals, NumberType);
  },
};

export const reverseFunc: FunctionDef = {
  description: 'Returns the given list with its elements in reverse order.',
  params: [any('list')],
  returnType: ([list]) => {
    const t = list!.type;
    if (t.kind === 'tuple') return tupleOf([...t.elements].reverse());
    if (t.kind === 'list' || t.kind === 'set') return listOf(t.element);
    throw new FunctionArgError(0, `can only reverse list or tuple values, not ${friendlyName(t)}`);
  },
  impl: ([list], retType) => {
    const out = [...list!.asElements()].reverse();
    if (retType.kind === 'tuple') return tupleVal(out);
    return listOrEmpty(out, elementType(retType));
  },
};

export const sliceFunc: FunctionDef = {
  description: 'Extracts a subslice of the given list or tuple value.',
  params: [any('list'), { name: 'start_index', type: NumberType }, { name: 'end_index', type: NumberType }],
  returnType: (args) => {
    const t = args[0]!.type;
    if (t.kind === 'set') {
      throw new FunctionArgError(
        0,
        'cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important',
      );
    }
    if (t.kind !== 'list' && t.kind !== 'tuple') throw new FunctionArgError(0, 'must be a list or tuple value');
    const idx = sliceIndexes(args);
    if (t.kind === 'list') return t;
    if (!idx.known) return DynamicPseudoType;
    return tupleOf(t.elements.slice(idx.start, idx.end));
  },
  impl: (args, retType) => {
    if (retType.kind === 'dynamic') return DynamicVal;
    const { start, end } = sliceIndexes(args);
    const out = args[0]!.asElements().slice(start, end);
    if (retType.kind === 'tuple') return tupleVal(out);
    return listOrEmpty(out, elementType(retType));
  },
};

function sliceIndexes(args: readonly Value[]): { start: number; end: number; known: boolean } {
  const list = args[0]!;
  const length = list.type.kind === 'tuple' ? list.type.elements.length : list.isKnown ? list.length : undefined;
  let start = 0;
  let end = 0;
  const bound = (i: number, which: 'start' | 'end'): number => {
    const r = goInt(args[i]!.asNumber());
    if (r.error !== undefined) throw new FunctionArgError(i, `invalid ${which} index: ${r.error}`);
    if (r.value < 0) throw new FunctionArgError(i, `${which} index must not be less than zero`);
    if (length !== undefined && r.value > length) throw new FunctionArgError(i, `${which} index must not be greater than the length of the list`);
    return r.value;
  };
  if (args[1]!.isKnown) start = bound(1, 'start');
  if (args[2]!.isKnown) end = bound(2, 'end');
  const known = args[1]!.isKnown && args[2]!.isKnown;
  if (known && start > end) throw new FunctionArgError(1, 'start index must not be greater than end index');
  return { start, end, known };
}

export const sortFunc: FunctionDef = {
  description: 'Applies a lexicographic sort to the elements of the given list.',
  params: [{ name: 'list', type: listOf(StringType), allowUnknown: true }],
  returnType: () => listOf(StringType),
  impl: ([list], retType) => {
    if (!list!.isWhollyKnown()) return unknownVal(retType);
    const elems = list!.asElements();
    if (elems.length === 0) return list!;
    const strs = elems.map((v, i) => {
      if (v.isNull) throw new FunctionError(`given list element ${i} is null; a null string cannot be sorted`);
      return v.asString();
    });
    strs.sort(compareStrings);
    return listVal(strs.map(stringVal), StringType);
  },
};

export const valuesFunc: FunctionDef = {
  description:
    'Returns the values of elements of a given map, or the values of attributes of a given object, in lexicographic order by key or attribute name.',
  params: [any('mapping')],
  returnType: ([m]) => {
    const t = m!.type;
    if (t.kind === 'map') return listOf(t.element);
    if (t.kind === 'object') return t.attributes.size === 0 ? EmptyTupleType : tupleOf([...t.attributes.values()]);
    throw new FunctionError('values() requires a map as the first argument');
  },
  impl: ([m], retType) => {
    const vals = [...m!.asEntries().values()];
    if (retType.kind === 'tuple') return tupleVal(vals);
    return listOrEmpty(vals, elementType(retType));
  },
};

export const zipmapFunc: FunctionDef = {
  description: 'Constructs a map from a list of keys and a corresponding list of values, which must both be of the same length.',
  params: [{ name: 'keys', type: listOf(StringType) }, any('values')],
  returnType: ([keys, values]) => {
    const vt = values!.type;
    if (vt.kind === 'list') return mapOf(vt.element);
    if (vt.kind === 'tuple') {
      if (!keys!.isWhollyKnown()) return DynamicPseudoType;
      const ks = keys!.asElements();
      if (ks.length !== vt.elements.length) {
        throw new FunctionError(`number of keys (${ks.length}) does not match number of values (${vt.elements.length})`);
      }
      const atys = new Map<string, Type>();
      ks.forEach((k, i) => {
        if (k.isNull) throw new FunctionError(`keys list has null value at index ${i}`);
        atys.set(k.asString(), vt.elements[i]!);
      });
      return objectOf(atys);
    }
    throw new FunctionError('values argument must be a list or tuple value');
  },
  impl: ([keys, values], retType) => {
    if (!keys!.isWhollyKnown()) return unknownVal(retType);
    const ks = keys!.asElements();
    const vs = values!.asElements();
    if (ks.length !== vs.length) throw new FunctionError(`number of keys (${ks.length}) does not match number of values (${vs.length})`);
    const out = new Map<string, Value>();
    ks.forEach((k, i) => {
      if (k.isNull) throw new FunctionError('panic in function implementation: value is null');
      out.set(k.asString(), vs[i]!);
    });
    if (retType.kind === 'map') return out.size === 0 ? mapValEmpty(retType.element) : mapVal(out, retType.element);
    return out.size === 0 ? EmptyObjectVal : objectVal(out);
  },
};

export const collectionFunctions: Record<string, FunctionDef> = {
  alltrue: alltrueFunc,
  anytrue: anytrueFunc,
  chunklist: chunklistFunc,
  coalesce: coalesceFunc,
  coalescelist: coalescelistFunc,
  compact: compactFunc,
  concat: concatFunc,
  contains: containsFunc,
  distinct: distinctFunc,
  element: elementFunc,
  flatten: flattenFunc,
  index: indexFunc,
  keys: keysFunc,
  length: lengthFunc,
  lookup: lookupFunc,
  merge: mergeFunc,
  range: rangeFunc,
  reverse: reverseFunc,
  slice: sliceFunc,
  sort: sortFunc,
  values: valuesFunc,
  zipmap: zipmapFunc,
};
