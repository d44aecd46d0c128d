// Value conversion, as cty's convert package (v1.13): `convert(value, type)` and the conversion plans behind it.
// A plan is chosen from the two types alone (getConversion); applying it may still fail for particular values
// when the plan is "unsafe" (string → number, list → set, map → object), which HCL always allows.
// Failures throw ConversionError carrying cty's message and the path to the failing element.
import { goQuote } from '../syntax/goquote.js';
import { BigFloat } from './number.js';
import {
  DynamicPseudoType,
  StringType,
  friendlyNameForConstraint,
  isPrimitive,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
  typeEquals,
  type ObjectType,
  type TupleType,
  type Type,
} from './types.js';
import { unifyTypes } from './unify.js';
import {
  False,
  True,
  Value,
  listValEmpty,
  mapVal,
  mapValEmpty,
  nullVal,
  numberVal,
  objectVal,
  setVal,
  setValEmpty,
  stringVal,
  tupleVal,
  unknownVal,
} from './value.js';

/** A step of the path to the failing element: an attribute name, or a collection index or key. */
export type PathStep = { readonly attr: string } | { readonly index: number | string };

export class ConversionError extends Error {
  constructor(
    message: string,
    /** Where inside the converted value the conversion failed. */
    readonly path: readonly PathStep[] = [],
  ) {
    super(message);
    this.name = 'ConversionError';
  }
}

/** A conversion plan for values of one particular source type. Throws ConversionError for unsuitable values. */
export type Conversion = (v: Value, path?: readonly PathStep[]) => Value;

/** cty convert.Convert: unsafe conversion of `v` to `want`; throws ConversionError with MismatchMessage text. */
export function convert(v: Value, want: Type): Value {
  if (v.type === want || want.kind === 'dynamic') return v;
  // Fast path for the most common case, known primitives (function arguments, operands, templates).
  if (isPrimitive(v.type) && isPrimitive(want) && v.isKnown && !v.isNull && !v.marks) {
    if (v.type.kind === want.kind) return v;
    const plan = primitiveConversion(v.type.kind, want.kind, true);
    if (!plan) throw new ConversionError(mismatchMessage(v.type, want));
    return plan(v, []);
  }
  if (typeEquals(v.type, stripOptional(want))) return v;
  const conv = getConversion(v.type, want, true);
  if (!conv) throw new ConversionError(mismatchMessage(v.type, want));
  return conv(v, []);
}

/** True if a conversion plan exists between the types (with `unsafe`, it may still fail for some values). */
export function canConvert(from: Type, to: Type, unsafe = true): boolean {
  return typeEquals(from, stripOptional(to)) || getConversion(from, to, unsafe) !== undefined;
}

/** cty GetConversion (safe) / GetConversionUnsafe: undefined when no plan exists. */
export function getConversion(from: Type, to: Type, unsafe: boolean): Conversion | undefined {
  const conv = getConversionKnown(from, to, unsafe);
  if (!conv) return undefined;
  // Standard handling around every plan: marks, dynamic targets, and null/unknown pass-through.
  const wrapped: Conversion = (v, path = []) => {
    if (v.marks) return wrapped(v.unmarked(), path).withMarks(v.marks);
    if (to.kind === 'dynamic') return v;
    if (!v.isKnown || v.isNull) {
      // Nulls and unknowns never carry optional-attribute markers, so homogeneous collections stay homogeneous.
      const t = dynamicReplace(v.type, stripOptional(to));
      return v.isKnown ? nullVal(t) : unknownVal(t);
    }
    return conv(v, path);
  };
  return wrapped;
}

/** Type.WithoutOptionalAttributesDeep. */
export function withoutOptionalAttributesDeep(t: Type): Type {
  return stripOptional(t);
}

function stripOptional(t: Type): Type {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map': {
      const e = stripOptional(t.element);
      if (e === t.element) return t;
      return t.kind === 'list' ? listOf(e) : t.kind === 'set' ? setOf(e) : mapOf(e);
    }
    case 'tuple': {
      let changed = false;
      const es = t.elements.map((e) => {
        const s = stripOptional(e);
        if (s !== e) changed = true;
        return s;
      });
      return changed ? tupleOf(es) : t;
    }
    case 'object': {
      let changed = t.optional !== undefined && t.optional.size > 0;
      const attrs: [string, Type][] = [];
      for (const [k, a] of t.attributes) {
        const s = stripOptional(a);
        if (s !== a) changed = true;
        attrs.push([k, s]);
      }
      return changed ? objectOf(attrs) : t;
    }
    default:
      return t;
  }
}

// ---- choosing a plan ----------------------------------------------------------------------------------------

type Plan = (v: Value, path: readonly PathStep[]) => Value;

const passthrough: Plan = (v) => v;

function getConversionKnown(from: Type, to: Type, unsafe: boolean): Plan | undefined {
  if (to.kind === 'dynamic') return passthrough;
  if (unsafe && from.kind === 'dynamic') return dynamicFixup(to);
  if (isPrimitive(from) && isPrimitive(to)) return primitiveConversion(from.kind, to.kind, unsafe);
  switch (to.kind) {
    case 'object':
      if (from.kind === 'object') return objectToObject(from, to, unsafe);
      if (from.kind === 'map') return unsafe ? mapToObject(from.element, to, unsafe) : undefined;
      return undefined;
    case 'tuple':
      return from.kind === 'tuple' ? tupleToTuple(from, to, unsafe) : undefined;
    case 'list':
      if (from.kind === 'list' || from.kind === 'set') {
        if (typeEquals(from.element, to.element)) return collectionToList(to.element, undefined);
        const ec = getConversion(from.element, to.element, unsafe);
        return ec && collectionToList(to.element, ec);
      }
      if (from.kind === 'tuple') return tupleToSequence('list', from, to.element, unsafe);
      return undefined;
    case 'set':
      if (from.kind === 'list' || from.kind === 'set') {
        // list → set loses order and duplicates, so it is unsafe.
        if (from.kind === 'list' && !unsafe) return undefined;
        if (typeEquals(from.element, to.element)) return collectionToSet(to.element, undefined);
        const ec = getConversion(from.element, to.element, unsafe);
        return ec && collectionToSet(to.element, ec);
      }
      if (from.kind === 'tuple') return tupleToSequence('set', from, to.element, unsafe);
      return undefined;
    case 'map':
      if (from.kind === 'map') {
        // (cty asks for an element conversion even when the element types are equal.)
        const ec = getConversion(from.element, to.element, unsafe);
        return ec && collectionToMap(to.element, ec);
      }
      if (from.kind === 'object') return objectToMap(from, to.element, unsafe);
      return undefined;
    default:
      // Capsule types: no conversions are defined for the ones HCL uses.
      return undefined;
  }
}

/** A value typed "dynamic" at planning time: convert it for real once its type is known. */
function dynamicFixup(want: Type): Plan {
  return (v, path) => {
    try {
      return convert(v, want);
    } catch (e) {
      if (e instanceof ConversionError) throw new ConversionError(e.message, [...path, ...e.path]);
      throw e;
    }
  };
}

const numberToString: Plan = (v) => stringVal(v.asNumber().toString());
const boolToString: Plan = (v) => (v.asBool() ? TRUE_STRING : FALSE_STRING);
const TRUE_STRING = stringVal('true');
const FALSE_STRING = stringVal('false');

const stringToNumber: Plan = (v, path) => {
  const n = BigFloat.parse(v.asString(), 512);
  if (!n) throw new ConversionError('a number is required', path);
  return numberVal(n);
};

const stringToBool: Plan = (v, path) => {
  const s = v.asString();
  switch (s) {
    case 'true':
    case '1':
      return True;
    case 'false':
    case '0':
      return False;
  }
  const lower = s.toLowerCase();
  if (lower === 'true' || lower === 'false') {
    throw new ConversionError(`a bool is required; to convert from string, use lowercase "${lower}"`, path);
  }
  throw new ConversionError('a bool is required', path);
};

function primitiveConversion(from: string, to: string, unsafe: boolean): Plan | undefined {
  // Same-kind pairs have no plan, as in cty: callers compare types before asking.
  if (to === 'string') {
    if (from === 'number') return numberToString;
    if (from === 'bool') return boolToString;
    return undefined;
  }
  if (!unsafe || from !== 'string') return undefined;
  return to === 'number' ? stringToNumber : to === 'bool' ? stringToBool : undefined;
}

// ---- collections ----------------------------------------------------------------------------------------------

/** Stored element of a collection: dynamic-typed nulls/unknowns take the collection's element type (cty ListVal). */
function retype(v: Value, t: Type): Value {
  if (v.type.kind !== 'dynamic' || t.kind === 'dynamic') return v;
  const r = v.isKnown ? nullVal(t) : unknownVal(t);
  return v.marks ? r.withMarks(v.marks) : r;
}

/** cty CanListVal/CanSetVal/CanMapVal: the shared element type, or undefined when the types disagree. */
function commonElementType(elems: Iterable<Value>): Type | undefined {
  let et: Type = DynamicPseudoType;
  for (const e of elems) {
    if (et.kind === 'dynamic') et = e.type;
    else if (e.type.kind !== 'dynamic' && !typeEquals(et, e.type)) return undefined;
  }
  return et;
}

function makeList(elems: Value[], et: Type): Value {
  return Value.raw(listOf(et), elems.map((e) => retype(e, et)));
}
function makeSet(elems: Value[], et: Type): Value {
  return setFrom(elems.map((e) => retype(e, et)), et);
}
function makeMap(elems: Map<string, Value>, et: Type): Value {
  const out = new Map<string, Value>();
  for (const [k, e] of elems) out.set(k, retype(e, et));
  return mapFrom(out, et);
}

function setFrom(elems: Value[], et: Type): Value {
  return elems.length === 0 ? setValEmpty(et) : setVal(elems, et);
}
function mapFrom(elems: Map<string, Value>, et: Type): Value {
  return elems.size === 0 ? mapValEmpty(et) : mapVal(elems, et);
}

function stripNullOptional(v: Value): Value {
  if (!v.isNull || !v.isKnown) return v;
  const t = stripOptional(v.type);
  return t === v.type ? v : nullVal(t);
}

/** cty's Length() is unknown for a set holding unknowns (they may coalesce) unless it has one element. */
function lengthKnown(v: Value): boolean {
  if (v.type.kind !== 'set') return true;
  const elems = v.asElements();
  return elems.length <= 1 || v.isWhollyKnown();
}

function collectionToList(ety: Type, conv: Conversion | undefined): Plan {
  return (v, path) => {
    const inEty = (v.type as { element: Type }).element;
    if (!lengthKnown(v)) return unknownVal(listOf(inEty));
    const src = v.asElements();
    const elems: Value[] = new Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const e = conv ? conv(src[i]!, [...path, { index: i }]) : src[i]!;
      elems[i] = stripNullOptional(e);
    }
    if (elems.length === 0) return listValEmpty(ety.kind === 'dynamic' ? inEty : stripOptional(ety));
    const et = commonElementType(elems);
    if (!et) throw new ConversionError('element types must all match for conversion to list', path);
    return makeList(elems, et);
  };
}

function collectionToSet(ety: Type, conv: Conversion | undefined): Plan {
  return (v, path) => {
    const inEty = (v.type as { element: Type }).element;
    const src = v.asElements();
    const elems: Value[] = new Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const e = conv ? conv(src[i]!, [...path, { index: i }]) : src[i]!;
      elems[i] = stripNullOptional(e);
    }
    if (elems.length === 0) return setValEmpty(ety.kind === 'dynamic' ? inEty : stripOptional(ety));
    const et = commonElementType(elems);
    if (!et) throw new ConversionError('element types must all match for conversion to set', path);
    return makeSet(elems, et);
  };
}

function collectionToMap(ety: Type, conv: Conversion): Plan {
  return (v, path) => {
    const inEty = (v.type as { element: Type }).element;
    let elems = new Map<string, Value>();
    for (const [k, e] of v.asEntries()) elems.set(k, conv(e, [...path, { index: k }]));
    if (elems.size === 0) return mapValEmpty(ety.kind === 'dynamic' ? inEty : ety);
    // (cty unifies map → map elements with safe conversions only.)
    if (isCollectionOrObject(ety)) elems = unifyMapElements(elems, path, false);
    const et = commonElementType(elems.values());
    if (!et) throw new ConversionError('element types must all match for conversion to map', path);
    return makeMap(elems, et);
  };
}

function isCollectionOrObject(t: Type): boolean {
  return t.kind === 'list' || t.kind === 'set' || t.kind === 'map' || t.kind === 'object';
}

/** The element type that a tuple's or object's member types unify to, for a dynamic element type. */
function unifiedElementType(types: readonly Type[], unsafe: boolean, requireAllDynamic: boolean): Type | undefined {
  const u = unifyTypes(types, unsafe);
  if (!u) return undefined;
  // A dynamic result only makes a valid collection when every member is itself dynamic.
  if (requireAllDynamic && u.type.kind === 'dynamic' && types.some((t) => t.kind !== 'dynamic')) return undefined;
  return u.type;
}

function elementPlans(types: readonly Type[], ety: Type, unsafe: boolean): (Conversion | undefined)[] | undefined {
  const convs: (Conversion | undefined)[] = new Array(types.length);
  for (let i = 0; i < types.length; i++) {
    if (typeEquals(types[i]!, ety)) continue;
    const c = getConversion(types[i]!, ety, unsafe);
    if (!c) return undefined;
    convs[i] = c;
  }
  return convs;
}

/**
 * Tuple → list or set (cty's conversionTupleToList / conversionTupleToSet): one plan, two differences —
 * a list re-unifies its converted elements, a set strips optional attributes from null elements.
 */
function tupleToSequence(kind: 'list' | 'set', from: TupleType, targetEty: Type, unsafe: boolean): Plan | undefined {
  if (from.elements.length === 0) {
    const et = stripOptional(targetEty);
    return kind === 'list' ? () => listValEmpty(et) : () => setValEmpty(et);
  }
  let ety = targetEty;
  if (ety.kind === 'dynamic') {
    const u = unifiedElementType(from.elements, unsafe, true);
    if (!u) return undefined;
    ety = u;
  }
  const convs = elementPlans(from.elements, ety, unsafe);
  if (!convs) return undefined;
  return (v, path) => {
    const src = v.asElements();
    let elems: Value[] = new Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const c = convs[i];
      const e = c ? c(src[i]!, [...path, { index: i }]) : src[i]!;
      elems[i] = kind === 'set' ? stripNullOptional(e) : e;
    }
    if (kind === 'list') elems = unifyListElements(elems, path, unsafe);
    const et = commonElementType(elems);
    if (!et) throw new ConversionError(`element types must all match for conversion to ${kind}`, path);
    return kind === 'list' ? makeList(elems, et) : makeSet(elems, et);
  };
}

function objectToMap(from: ObjectType, mapEty: Type, unsafe: boolean): Plan | undefined {
  if (from.attributes.size === 0) {
    const et = stripOptional(mapEty);
    return () => mapValEmpty(et);
  }
  let ety = mapEty;
  if (ety.kind === 'dynamic') {
    const u = unifiedElementType([...from.attributes.values()], unsafe, false);
    if (!u) return undefined;
    ety = u;
  }
  const convs = new Map<string, Conversion>();
  for (const [name, t] of from.attributes) {
    if (typeEquals(t, ety)) continue;
    const c = getConversion(t, ety, unsafe);
    if (!c) return undefined;
    convs.set(name, c);
  }
  const unifyAfter = isCollectionOrObject(ety);
  return (v, path) => {
    let elems = new Map<string, Value>();
    for (const [k, e] of v.asEntries()) {
      const c = convs.get(k);
      elems.set(k, c ? c(e, [...path, { index: k }]) : e);
    }
    if (unifyAfter) elems = unifyMapElements(elems, path, unsafe);
    const et = commonElementType(elems.values());
    if (!et) throw new ConversionError('attribute types must all match for conversion to map', path);
    return makeMap(elems, et);
  };
}

function mapToObject(mapEty: Type, to: ObjectType, unsafe: boolean): Plan | undefined {
  // undefined entry: same type, no conversion; null entry: optional attribute that cannot be converted.
  const convs = new Map<string, Conversion | null>();
  for (const [name, t] of to.attributes) {
    if (typeEquals(t, mapEty)) continue;
    const c = getConversion(mapEty, t, unsafe);
    if (c) convs.set(name, c);
    else if (unsafe && to.optional?.has(name)) convs.set(name, null);
    else return undefined;
  }
  return (v, path) => {
    const out = new Map<string, Value>();
    for (const [k, e] of v.asEntries()) {
      const want = to.attributes.get(k);
      if (!want) continue; // keys without an attribute are dropped
      let val = e;
      const c = convs.get(k);
      if (c) val = c(e, [...path, { index: k }]);
      else if (c === null) {
        throw new ConversionError(
          `map element type is incompatible with attribute ${goQuote(k)}: ${mismatchMessage(e.type, want)}`,
          path,
        );
      }
      out.set(k, stripNullOptional(val));
    }
    for (const [name, t] of to.attributes) {
      if (out.has(name)) continue;
      if (to.optional?.has(name)) out.set(name, nullVal(t));
      else throw new ConversionError(`map has no element for required attribute ${goQuote(name)}`, path);
    }
    return objectVal(out);
  };
}

function objectToObject(from: ObjectType, to: ObjectType, unsafe: boolean): Plan | undefined {
  // Target attributes present in the source: their conversion (undefined when the types are equal).
  const convs = new Map<string, Conversion | undefined>();
  for (const [name, outT] of to.attributes) {
    const inT = from.attributes.get(name);
    if (!inT) {
      if (to.optional?.has(name)) continue; // filled with null below
      return undefined;
    }
    if (typeEquals(inT, outT)) {
      convs.set(name, undefined);
      continue;
    }
    const c = getConversion(inT, outT, unsafe);
    if (!c) return undefined;
    convs.set(name, c);
  }
  return (v, path) => {
    const out = new Map<string, Value>();
    for (const [name, e] of v.asEntries()) {
      if (!convs.has(name)) continue; // attributes the target does not have are dropped
      const c = convs.get(name);
      out.set(name, stripNullOptional(c ? c(e, [...path, { attr: name }]) : e));
    }
    if (to.optional) {
      for (const name of to.optional) {
        if (!out.has(name)) out.set(name, nullVal(stripOptional(to.attributes.get(name)!)));
      }
    }
    return objectVal(out);
  };
}

function tupleToTuple(from: TupleType, to: TupleType, unsafe: boolean): Plan | undefined {
  if (from.elements.length !== to.elements.length) return undefined;
  const convs = elementPlans2(from.elements, to.elements, unsafe);
  if (!convs) return undefined;
  return (v, path) => {
    const src = v.asElements();
    return tupleVal(src.map((e, i) => {
      const c = convs[i];
      return c ? c(e, [...path, { index: i }]) : e;
    }));
  };
}

function elementPlans2(from: readonly Type[], to: readonly Type[], unsafe: boolean): (Conversion | undefined)[] | undefined {
  const convs: (Conversion | undefined)[] = new Array(from.length);
  for (let i = 0; i < from.length; i++) {
    if (typeEquals(from[i]!, to[i]!)) continue;
    const c = getConversion(from[i]!, to[i]!, unsafe);
    if (!c) return undefined;
    convs[i] = c;
  }
  return convs;
}

/** cty conversionUnifyCollectionElements: bring map elements to one unified type. */
function unifyMapElements(elems: Map<string, Value>, path: readonly PathStep[], unsafe: boolean): Map<string, Value> {
  const u = unifyTypes([...elems.values()].map((e) => e.type), unsafe);
  if (!u) throw new ConversionError('cannot find a common base type for all elements', path);
  const out = new Map<string, Value>();
  for (const [k, e] of elems) {
    if (typeEquals(e.type, u.type)) {
      out.set(k, e);
      continue;
    }
    const c = getConversion(e.type, u.type, unsafe);
    if (!c) throw new ConversionError('cannot find a common base type for all elements', path);
    out.set(k, c(e, [...path, { index: k }]));
  }
  return out;
}

/** cty conversionUnifyListElements: bring list elements to one unified type. */
function unifyListElements(elems: Value[], path: readonly PathStep[], unsafe: boolean): Value[] {
  const u = unifyTypes(elems.map((e) => e.type), unsafe);
  if (!u) throw new ConversionError('cannot find a common base type for all elements', path);
  return elems.map((e, i) => {
    if (typeEquals(e.type, u.type)) return e;
    const c = getConversion(e.type, u.type, unsafe);
    if (!c) throw new ConversionError('cannot find a common base type for all elements', path);
    return c(e, [...path, { index: i }]);
  });
}

/**
 * The type of an unknown or null conversion result: `out`, with any dynamic parts replaced by the
 * corresponding parts of the source type `inT` (cty dynamicReplace).
 */
function dynamicReplace(inT: Type, out: Type): Type {
  if (inT.kind === 'dynamic') return out;
  switch (out.kind) {
    case 'dynamic':
      return inT;
    case 'map': {
      let et: Type = DynamicPseudoType;
      if (inT.kind === 'map') et = dynamicReplace(inT.element, out.element);
      else if (inT.kind === 'object') et = dynamicReplace(unifyTypes([...inT.attributes.values()], true)?.type ?? DynamicPseudoType, out.element);
      return mapOf(et);
    }
    case 'object': {
      const attrs: [string, Type][] = [];
      if (inT.kind === 'map') for (const [k, t] of out.attributes) attrs.push([k, dynamicReplace(inT.element, t)]);
      else if (inT.kind === 'object') {
        for (const [k, t] of out.attributes) {
          const it = inT.attributes.get(k);
          attrs.push([k, it ? dynamicReplace(it, t) : t]);
        }
      }
      return objectOf(attrs);
    }
    case 'set':
    case 'list': {
      let et: Type = DynamicPseudoType;
      if (inT.kind === 'set' || inT.kind === 'list') et = dynamicReplace(inT.element, out.element);
      else if (inT.kind === 'tuple') et = dynamicReplace(unifyTypes(inT.elements, true)?.type ?? DynamicPseudoType, out.element);
      return out.kind === 'set' ? setOf(et) : listOf(et);
    }
    case 'tuple':
      return tupleOf(out.elements.map((t, i) => {
        const it = inT.kind === 'tuple' ? inT.elements[i] : undefined;
        return it ? dynamicReplace(it, t) : t;
      }));
    default:
      return out;
  }
}

// ---- mismatch messages ----------------------------------------------------------------------------------------

/** cty convert.MismatchMessage: why `got` does not conform to `want`, for users. */
export function mismatchMessage(got: Type, want: Type): string {
  if (got.kind === 'object' && want.kind === 'object') return mismatchObjects(got, want);
  if (got.kind === 'tuple' && want.kind === 'list' && want.element.kind === 'dynamic') {
    return 'all list elements must have the same type';
  }
  if (got.kind === 'tuple' && want.kind === 'set' && want.element.kind === 'dynamic') {
    return 'all set elements must have the same type';
  }
  if (got.kind === 'object' && want.kind === 'map' && want.element.kind === 'dynamic') {
    return 'all map elements must have the same type';
  }
  const wantColl = want.kind === 'list' || want.kind === 'set' || want.kind === 'map';
  if ((got.kind === 'tuple' || got.kind === 'object') && wantColl) return mismatchFromStructural(got, want);
  if ((got.kind === 'list' || got.kind === 'set' || got.kind === 'map') && wantColl) return mismatchFromCollection(got, want);
  return friendlyNameForConstraint(want) + ' required';
}

function mismatchObjects(got: ObjectType, want: ObjectType): string {
  const missing: string[] = [];
  let unsafeMismatch = '';
  let safeMismatch = '';
  // (cty walks a Go map here, so which mismatch it reports is unspecified; we take name order.)
  for (const [name, wantT] of want.attributes) {
    const gotT = got.attributes.get(name);
    if (!gotT) {
      if (!want.optional?.has(name)) missing.push(name);
      continue;
    }
    if (typeEquals(gotT, wantT)) continue;
    if (unsafeMismatch) continue;
    if (!getConversion(gotT, wantT, true)) unsafeMismatch = `attribute ${goQuote(name)}: ${mismatchMessage(gotT, wantT)}`;
    if (safeMismatch) continue;
    if (!getConversion(gotT, wantT, false)) safeMismatch = `attribute ${goQuote(name)}: ${mismatchMessage(gotT, wantT)}`;
  }
  if (missing.length > 0) {
    missing.sort(byteOrder);
    if (missing.length === 1) return `attribute ${goQuote(missing[0]!)} is required`;
    if (missing.length === 2) return `attributes ${goQuote(missing[0]!)} and ${goQuote(missing[1]!)} are required`;
    const head = missing.slice(0, -1).map((n) => `${goQuote(n)}, `).join('');
    return `attributes ${head}and ${goQuote(missing[missing.length - 1]!)} are required`;
  }
  return unsafeMismatch || safeMismatch || 'incorrect object attributes';
}

function byteOrder(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function mismatchFromStructural(got: ObjectType | TupleType, want: Type): string {
  if ((want.kind === 'list' || want.kind === 'set') && got.kind !== 'tuple') return friendlyNameForConstraint(want) + ' required';
  if (want.kind === 'map' && got.kind !== 'object') return friendlyNameForConstraint(want) + ' required';
  const wantEty = (want as { element: Type }).element;
  if (got.kind === 'tuple') {
    for (let i = 0; i < got.elements.length; i++) {
      const t = got.elements[i]!;
      if (typeEquals(t, wantEty) || getConversion(t, wantEty, true)) continue;
      return `element ${i}: ${mismatchMessage(t, wantEty)}`;
    }
  } else {
    for (const [name, t] of got.attributes) {
      if (typeEquals(t, wantEty) || getConversion(t, wantEty, true)) continue;
      return `element ${goQuote(name)}: ${mismatchMessage(t, wantEty)}`;
    }
  }
  return `all elements must be ${friendlyNameForConstraint(wantEty)}`;
}

function mismatchFromCollection(got: Type, want: Type): string {
  const seq = got.kind === 'list' || got.kind === 'set';
  if ((want.kind === 'list' || want.kind === 'set') && !seq) return friendlyNameForConstraint(want) + ' required';
  if (want.kind === 'map' && got.kind !== 'map') return friendlyNameForConstraint(want) + ' required';
  const noun = `${want.kind} element type`;
  return `incorrect ${noun}: ${mismatchMessage((got as { element: Type }).element, (want as { element: Type }).element)}`;
}

/** Convert to string (keys, template interpolation). */
export function toStringValue(v: Value): Value {
  return convert(v, StringType);
}
