// Value conversion, as cty's convert package (v1.13): `convert(value, type)` and the conversion plans behind it.
// Safe conversions never lose information (number → string); unsafe ones may fail at run time
// (string → number) — HCL always converts unsafely. Failures throw ConversionError with cty's messages.
import { BigFloat } from './number.js';
import {
  DynamicPseudoType,
  StringType,
  friendlyNameForConstraint,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
  typeEquals,
  type ObjectType,
  type Type,
} from './types.js';
import { unifyTypes } from './unify.js';
import {
  EmptyObjectVal,
  False,
  True,
  Value,
  listVal,
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

/** A step of the path to the failing element: an attribute name or an index/key. */
export type PathStep = { readonly attr: string } | { readonly index: number | string };

export class ConversionError extends Error {
  constructor(
    message: string,
    /** Where inside the value the conversion failed. */
    readonly path: readonly PathStep[] = [],
  ) {
    super(message);
  }
}

/** Converts a value whose type is known to be convertible; throws ConversionError when its contents are not. */
export type Conversion = (v: Value, path?: PathStep[]) => Value;

/** cty convert.Convert: unsafe conversion of `v` to `want`. */
export function convert(v: Value, want: Type): Value {
  if (typeEquals(v.type, withoutOptionalAttributesDeep(want))) return v;
  const conv = getConversion(v.type, want, true);
  if (!conv) throw new ConversionError(mismatchMessage(v.type, want));
  return conv(v, []);
}

/** True if a conversion plan exists between the types (it may still fail for particular values if unsafe). */
export function canConvert(from: Type, to: Type, unsafe = true): boolean {
  return typeEquals(from, to) || getConversion(from, to, unsafe) !== undefined;
}

export function withoutOptionalAttributesDeep(t: Type): Type {
  switch (t.kind) {
    case 'list':
      return listOf(withoutOptionalAttributesDeep(t.element));
    case 'set':
      return setOf(withoutOptionalAttributesDeep(t.element));
    case 'map':
      return mapOf(withoutOptionalAttributesDeep(t.element));
    case 'tuple':
      return tupleOf(t.elements.map(withoutOptionalAttributesDeep));
    case 'object':
      return objectOf([...t.attributes].map(([k, a]) => [k, withoutOptionalAttributesDeep(a)] as [string, Type]));
    default:
      return t;
  }
}

export function getConversion(from: Type, to: Type, unsafe: boolean): Conversion | undefined {
  const conv = getConversionKnown(from, to, unsafe);
  if (!conv) return undefined;
  const wrapped: Conversion = (v, path = []) => {
    if (v.marks) return wrapped(v.unmarked(), path).withMarks(v.marks);
    if (to.kind === 'dynamic') return v;
    if (!v.isKnown) return unknownVal(dynamicReplace(v.type, withoutOptionalAttributesDeep(to)));
    if (v.isNull) return nullVal(dynamicReplace(v.type, withoutOptionalAttributesDeep(to)));
    return conv(v, path);
  };
  return wrapped;
}

const identity: Conversion = (v) => v;

function getConversionKnown(from: Type, to: Type, unsafe: boolean): Conversion | undefined {
  if (to.kind === 'dynamic') return identity;
  if (unsafe && from.kind === 'dynamic') {
    return (v, path = []) => {
      try {
        return convert(v, to);
      } catch (e) {
        if (e instanceof ConversionError) throw new ConversionError(e.message, [...path, ...e.path]);
        throw e;
      }
    };
  }
  const prim = (t: Type) => t.kind === 'string' || t.kind === 'number' || t.kind === 'bool';
  if (prim(from) && prim(to)) {
    if (from.kind === to.kind) return identity;
    return primitiveConversion(from.kind, to.kind, unsafe);
  }
  if (to.kind === 'object' && from.kind === 'object') return objectToObject(from, to, unsafe);
  if (to.kind === 'tuple' && from.kind === 'tuple') return tupleToTuple(from.elements, to.elements, unsafe);
  if (to.kind === 'list' && (from.kind === 'list' || from.kind === 'set')) {
    if (typeEquals(from.element, to.element)) return collectionToList(to.element, undefined);
    const c = getConversion(from.element, to.element, unsafe);
    return c && collectionToList(to.element, c);
  }
  if (to.kind === 'set' && (from.kind === 'list' || from.kind === 'set')) {
    if (from.kind === 'list' && !unsafe) return undefined;
    if (typeEquals(from.element, to.element)) return collectionToSet(to.element, undefined);
    const c = getConversion(from.element, to.element, unsafe);
    return c && collectionToSet(to.element, c);
  }
  if (to.kind === 'map' && from.kind === 'map') {
    const c = typeEquals(from.element, to.element) ? identity : getConversion(from.element, to.element, unsafe);
    return c && collectionToMap(to.element, c, unsafe);
  }
  if (to.kind === 'list' && from.kind === 'tuple') return tupleToCollection(from.elements, to.element, unsafe, 'list');
  if (to.kind === 'set' && from.kind === 'tuple') return tupleToCollection(from.elements, to.element, unsafe, 'set');
  if (to.kind === 'map' && from.kind === 'object') return objectToMap(from, to.element, unsafe);
  if (to.kind === 'object' && from.kind === 'map') return unsafe ? mapToObject(from.element, to, unsafe) : undefined;
  return undefined;
}

function primitiveConversion(from: string, to: string, unsafe: boolean): Conversion | undefined {
  if (to === 'string') {
    if (from === 'number') return (v) => stringVal(v.asNumber().toString());
    if (from === 'bool') return (v) => stringVal(v.asBool() ? 'true' : 'false');
  }
  if (!unsafe || from !== 'string') return undefined;
  if (to === 'number') {
    return (v, path = []) => {
      const n = BigFloat.parse(v.asString());
      if (!n) throw new ConversionError('a number is required', path);
      return numberVal(n);
    };
  }
  if (to === 'bool') {
    return (v, path = []) => {
      const s = v.asString();
      if (s === 'true' || s === '1') return True;
      if (s === 'false' || s === '0') return False;
      const lower = s.toLowerCase();
      if (lower === 'true' || lower === 'false') {
        throw new ConversionError(`a bool is required; to convert from string, use lowercase "${lower}"`, path);
      }
      throw new ConversionError('a bool is required', path);
    };
  }
  return undefined;
}

function dropOptionalOfNull(v: Value): Value {
  return v.isNull && v.isKnown ? nullVal(withoutOptionalAttributesDeep(v.type)) : v;
}

function allSameType(elems: readonly Value[]): boolean {
  for (const e of elems) if (!typeEquals(e.type, elems[0]!.type)) return false;
  return true;
}

function collectionToList(ety: Type, conv: Conversion | undefined): Conversion {
  return (v, path = []) => {
    const elems = v.asElements().map((e, i) => dropOptionalOfNull(conv ? conv(e, [...path, { index: i }]) : e));
    if (elems.length === 0) {
      return listValEmpty(ety.kind === 'dynamic' ? (v.type as { element: Type }).element : withoutOptionalAttributesDeep(ety));
    }
    if (!allSameType(elems)) throw new ConversionError('element types must all match for conversion to list', path);
    return listVal(elems);
  };
}

function collectionToSet(ety: Type, conv: Conversion | undefined): Conversion {
  return (v, path = []) => {
    const elems = v.asElements().map((e, i) => dropOptionalOfNull(conv ? conv(e, [...path, { index: i }]) : e));
    if (elems.length === 0) {
      return setValEmpty(ety.kind === 'dynamic' ? (v.type as { element: Type }).element : withoutOptionalAttributesDeep(ety));
    }
    if (!allSameType(elems)) throw new ConversionError('element types must all match for conversion to set', path);
    return setVal(elems);
  };
}

function collectionToMap(ety: Type, conv: Conversion, unsafe: boolean): Conversion {
  return (v, path = []) => {
    let elems = new Map<string, Value>();
    for (const [k, e] of v.asEntries()) elems.set(k, conv(e, [...path, { index: k }]));
    if (elems.size === 0) return mapValEmpty(ety.kind === 'dynamic' ? (v.type as { element: Type }).element : ety);
    if (ety.kind === 'list' || ety.kind === 'set' || ety.kind === 'map' || ety.kind === 'object') {
      elems = unifyElements(elems, path, unsafe);
    }
    if (!allSameType([...elems.values()])) throw new ConversionError('element types must all match for conversion to map', path);
    return mapVal(elems);
  };
}

function tupleToTuple(from: readonly Type[], to: readonly Type[], unsafe: boolean): Conversion | undefined {
  if (from.length !== to.length) return undefined;
  const convs: (Conversion | undefined)[] = [];
  for (let i = 0; i < to.length; i++) {
    if (typeEquals(from[i]!, to[i]!)) {
      convs.push(undefined);
      continue;
    }
    const c = getConversion(from[i]!, to[i]!, unsafe);
    if (!c) return undefined;
    convs.push(c);
  }
  return (v, path = []) => tupleVal(v.asElements().map((e, i) => (convs[i] ? convs[i]!(e, [...path, { index: i }]) : e)));
}

function tupleToCollection(etys: readonly Type[], target: Type, unsafe: boolean, kind: 'list' | 'set'): Conversion | undefined {
  if (etys.length === 0) {
    const et = withoutOptionalAttributesDeep(target);
    return () => (kind === 'list' ? listValEmpty(et) : setValEmpty(et));
  }
  let ety = target;
  if (ety.kind === 'dynamic') {
    const u = unifyTypes(etys, unsafe);
    if (!u) return undefined;
    ety = u.type;
    if (ety.kind === 'dynamic' && etys.some((t) => t.kind !== 'dynamic')) return undefined;
  }
  const convs: (Conversion | undefined)[] = [];
  for (const t of etys) {
    if (typeEquals(t, ety)) {
      convs.push(undefined);
      continue;
    }
    const c = getConversion(t, ety, unsafe);
    if (!c) return undefined;
    convs.push(c);
  }
  return (v, path = []) => {
    let elems = v.asElements().map((e, i) => (convs[i] ? convs[i]!(e, [...path, { index: i }]) : e));
    if (kind === 'list') {
      elems = unifyList(elems, path, unsafe);
      if (!allSameType(elems)) throw new ConversionError('element types must all match for conversion to list', path);
      return listVal(elems);
    }
    elems = elems.map(dropOptionalOfNull);
    if (!allSameType(elems)) throw new ConversionError('element types must all match for conversion to set', path);
    return setVal(elems);
  };
}

function objectToMap(from: ObjectType, target: Type, unsafe: boolean): Conversion | undefined {
  if (from.attributes.size === 0) {
    const et = withoutOptionalAttributesDeep(target);
    return () => mapValEmpty(et);
  }
  let ety = target;
  if (ety.kind === 'dynamic') {
    const u = unifyTypes([...from.attributes.values()], unsafe);
    if (!u) return undefined;
    ety = u.type;
  }
  const convs = new Map<string, Conversion>();
  for (const [name, t] of from.attributes) {
    if (typeEquals(t, ety)) continue;
    const c = getConversion(t, ety, unsafe);
    if (!c) return undefined;
    convs.set(name, c);
  }
  return (v, path = []) => {
    let elems = new Map<string, Value>();
    for (const [k, e] of v.asEntries()) {
      const c = convs.get(k);
      elems.set(k, c ? c(e, [...path, { index: k }]) : e);
    }
    if (ety.kind === 'list' || ety.kind === 'set' || ety.kind === 'map' || ety.kind === 'object') {
      elems = unifyElements(elems, path, unsafe);
    }
    if (!allSameType([...elems.values()])) throw new ConversionError('attribute types must all match for conversion to map', path);
    return mapVal(elems);
  };
}

function mapToObject(mapEty: Type, to: ObjectType, unsafe: boolean): Conversion | undefined {
  if (to.attributes.size === 0) return () => EmptyObjectVal;
  const convs = new Map<string, Conversion | undefined>();
  for (const [name, t] of to.attributes) {
    if (typeEquals(t, mapEty)) continue;
    const c = getConversion(mapEty, t, unsafe);
    if (!c) {
      if (to.optional?.has(name) && unsafe) {
        convs.set(name, undefined);
        continue;
      }
      return undefined;
    }
    convs.set(name, c);
  }
  return (v, path = []) => {
    const elems = new Map<string, Value>();
    for (const [k, e] of v.asEntries()) {
      const want = to.attributes.get(k);
      if (!want) continue;
      let val = e;
      if (convs.has(k)) {
        const c = convs.get(k);
        if (!c) {
          throw new ConversionError(`map element type is incompatible with attribute "${k}": ${mismatchMessage(e.type, want)}`, path);
        }
        val = c(e, [...path, { index: k }]);
      }
      elems.set(k, dropOptionalOfNull(val));
    }
    for (const [name, t] of to.attributes) {
      if (elems.has(name)) continue;
      if (to.optional?.has(name)) elems.set(name, nullVal(t));
      else throw new ConversionError(`map has no element for required attribute "${name}"`, path);
    }
    return objectVal(elems);
  };
}

function objectToObject(from: ObjectType, to: ObjectType, unsafe: boolean): Conversion | undefined {
  const convs = new Map<string, Conversion | undefined>();
  for (const [name, outT] of to.attributes) {
    const inT = from.attributes.get(name);
    if (!inT) {
      if (to.optional?.has(name)) continue;
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
  return (v, path = []) => {
    const out = new Map<string, Value>();
    for (const [name, e] of v.asEntries()) {
      if (!convs.has(name)) continue; // extra attributes are dropped
      const c = convs.get(name);
      out.set(name, dropOptionalOfNull(c ? c(e, [...path, { attr: name }]) : e));
    }
    if (to.optional) {
      for (const name of to.optional) {
        if (!out.has(name)) out.set(name, nullVal(withoutOptionalAttributesDeep(to.attributes.get(name)!)));
      }
    }
    return objectVal(out);
  };
}

function unifyElements(elems: Map<string, Value>, path: PathStep[], unsafe: boolean): Map<string, Value> {
  const u = unifyTypes([...elems.values()].map((e) => e.type), unsafe);
  if (!u) throw new ConversionError('cannot find a common base type for all elements', path);
  const out = new Map<string, Value>();
  for (const [k, e] of elems) {
    if (typeEquals(e.type, u.type)) out.set(k, e);
    else out.set(k, getConversion(e.type, u.type, unsafe)!(e, [...path, { index: k }]));
  }
  return out;
}

function unifyList(elems: Value[], path: PathStep[], unsafe: boolean): Value[] {
  const u = unifyTypes(elems.map((e) => e.type), unsafe);
  if (!u) throw new ConversionError('cannot find a common base type for all elements', path);
  return elems.map((e, i) => (typeEquals(e.type, u.type) ? e : getConversion(e.type, u.type, unsafe)!(e, [...path, { index: i }])));
}

/** Replace dynamic parts of `out` with the corresponding parts of `inT` (the type of an unknown or null result). */
function dynamicReplace(inT: Type, out: Type): Type {
  if (inT.kind === 'dynamic') return out;
  switch (out.kind) {
    case 'dynamic':
      return inT;
    case 'map': {
      let et: Type = out.element;
      if (inT.kind === 'map') et = dynamicReplace(inT.element, out.element);
      else if (inT.kind === 'object') et = dynamicReplace(unifyTypes([...inT.attributes.values()], true)?.type ?? DynamicPseudoType, out.element);
      return mapOf(et);
    }
    case 'object': {
      const attrs: [string, Type][] = [];
      for (const [k, t] of out.attributes) {
        if (inT.kind === 'map') attrs.push([k, dynamicReplace(inT.element, t)]);
        else if (inT.kind === 'object') attrs.push([k, inT.attributes.has(k) ? dynamicReplace(inT.attributes.get(k)!, t) : t]);
        else attrs.push([k, t]);
      }
      return objectOf(attrs);
    }
    case 'set':
    case 'list': {
      let et: Type = out.element;
      if (inT.kind === 'set' || inT.kind === 'list') et = dynamicReplace(inT.element, out.element);
      else if (inT.kind === 'tuple') et = dynamicReplace(unifyTypes(inT.elements, true)?.type ?? DynamicPseudoType, out.element);
      return out.kind === 'set' ? setOf(et) : listOf(et);
    }
    case 'tuple':
      return tupleOf(out.elements.map((t, i) => (inT.kind === 'tuple' && inT.elements[i] ? dynamicReplace(inT.elements[i]!, t) : t)));
    default:
      return out;
  }
}

// ---- messages ---------------------------------------------------------------------------------------------------

/** cty convert.MismatchMessage: why no conversion from `got` to `want` exists. */
export function mismatchMessage(got: Type, want: Type): string {
  const isColl = (t: Type) => t.kind === 'list' || t.kind === 'set' || t.kind === 'map';
  if (got.kind === 'object' && want.kind === 'object') return mismatchObjects(got, want);
  if (got.kind === 'tuple' && want.kind === 'list' && want.element.kind === 'dynamic') return 'all list elements must have the same type';
  if (got.kind === 'tuple' && want.kind === 'set' && want.element.kind === 'dynamic') return 'all set elements must have the same type';
  if (got.kind === 'object' && want.kind === 'map' && want.element.kind === 'dynamic') return 'all map elements must have the same type';
  if ((got.kind === 'tuple' || got.kind === 'object') && isColl(want)) return mismatchFromStructural(got, want);
  if (isColl(got) && isColl(want)) return mismatchFromCollection(got, want);
  return friendlyNameForConstraint(want) + ' required';
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

function mismatchObjects(got: ObjectType, want: ObjectType): string {
  const missing: string[] = [];
  let unsafeMismatch = '';
  let safeMismatch = '';
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
    missing.sort();
    if (missing.length === 1) return `attribute ${goQuote(missing[0]!)} is required`;
    if (missing.length === 2) return `attributes ${goQuote(missing[0]!)} and ${goQuote(missing[1]!)} are required`;
    const head = missing.slice(0, -1).map((n) => `${goQuote(n)}, `).join('');
    return `attributes ${head}and ${goQuote(missing[missing.length - 1]!)} are required`;
  }
  return unsafeMismatch || safeMismatch || 'incorrect object attributes';
}

function mismatchFromStructural(got: Type, want: Type): string {
  if ((want.kind === 'list' || want.kind === 'set') && got.kind !== 'tuple') return friendlyNameForConstraint(want) + ' required';
  if (want.kind === 'map' && got.kind !== 'object') return friendlyNameForConstraint(want) + ' required';
  const wantEty = (want as { element: Type }).element;
  if (got.kind === 'tuple') {
    for (let i = 0; i < got.elements.length; i++) {
      const t = got.elements[i]!;
      if (typeEquals(t, wantEty) || getConversion(t, wantEty, true)) continue;
      return `element ${i}: ${mismatchMessage(t, wantEty)}`;
    }
  } else if (got.kind === 'object') {
    for (const [name, t] of got.attributes) {
      if (typeEquals(t, wantEty) || getConversion(t, wantEty, true)) continue;
      return `element ${goQuote(name)}: ${mismatchMessage(t, wantEty)}`;
    }
  }
  return `all elements must be ${friendlyNameForConstraint(wantEty)}`;
}

function mismatchFromCollection(got: Type, want: Type): string {
  const seq = (t: Type) => t.kind === 'list' || t.kind === 'set';
  if ((want.kind === 'list' || want.kind === 'set') && !seq(got)) return friendlyNameForConstraint(want) + ' required';
  if (want.kind === 'map' && got.kind !== 'map') return friendlyNameForConstraint(want) + ' required';
  const noun = `${want.kind} element type`;
  return `incorrect ${noun}: ${mismatchMessage((got as { element: Type }).element, (want as { element: Type }).element)}`;
}

/** Exported for callers that build values of a string-convertible key. */
export function toStringValue(v: Value): Value {
  return convert(v, StringType);
}
