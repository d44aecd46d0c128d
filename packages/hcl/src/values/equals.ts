// Equality, as cty. `equals` is HCL's `==`: no conversion, values of different types are unequal, numbers
// compare by their shortest decimal rendering (so -0 == 0), nulls of any type equal each other, and unknowns
// make the answer unknown unless the types alone already decide it. `rawEquals` is exact identity
// (same type, same marks, unknowns equal to unknowns of the same type) for tests and bookkeeping.
import { BoolType, hasDynamicTypes, typeEquals, type Type } from './types.js';
import { False, True, Value, unknownVal } from './value.js';

const UnknownBool = unknownVal(BoolType);

/** cty Value.Equals: a bool value, unknown when unknowns leave the answer open. */
export function equals(a: Value, b: Value): Value {
  if (a.marks || b.marks) {
    const r = equals(a.unmarked(), b.unmarked());
    const marks = [...(a.marks ?? []), ...(b.marks ?? [])];
    return marks.length > 0 ? r.withMarks(marks) : r;
  }
  // Unknowns first: any unknown could still turn out to be null, and all nulls are equal.
  if (!a.isKnown || !b.isKnown) {
    if (!a.isKnown && !b.isKnown) return UnknownBool;
    const [known, unknown] = a.isKnown ? [a, b] : [b, a];
    if (known.isNull || hasDynamicTypes(unknown.type)) return UnknownBool;
    return typeEquals(known.type, unknown.type) ? UnknownBool : False;
  }
  if (a.isNull || b.isNull) return a.isNull && b.isNull ? True : False;
  // Nested dynamic unknowns: unequal only if the types could never come to match.
  if (!hasWhollyKnownType(a) || !hasWhollyKnownType(b)) {
    if (!conforms(a.type, b.type) && !conforms(b.type, a.type)) return False;
    return UnknownBool;
  }
  if (!typeEquals(a.type, b.type)) return False;
  const r = equalKnown(a, b);
  return r === undefined ? UnknownBool : r ? True : False;
}

/** Known, non-null values of the same type: true/false, or undefined when unknowns decide. */
function equalKnown(a: Value, b: Value): boolean | undefined {
  switch (a.type.kind) {
    case 'number':
      return a.asNumber().equalsDecimal(b.asNumber());
    case 'bool':
      return a.asBool() === b.asBool();
    case 'string':
      return a.asString() === b.asString();
    case 'list':
    case 'tuple': {
      const x = a.asElements();
      const y = b.asElements();
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) {
        const eq = equals(x[i]!, y[i]!);
        if (!eq.isKnown) return undefined;
        if (!eq.asBool()) return false;
      }
      return true;
    }
    case 'map':
    case 'object': {
      const x = a.asEntries();
      const y = b.asEntries();
      if (x.size !== y.size) return false;
      // (cty walks Go maps in random order; we walk keys in order, so the first decisive entry wins.)
      for (const [k, v] of x) {
        const w = y.get(k);
        if (!w) return false;
        const eq = equals(v, w);
        if (!eq.isKnown) return undefined;
        if (!eq.asBool()) return false;
      }
      return true;
    }
    case 'set': {
      const x = a.asElements();
      const y = b.asElements();
      // Any unknown member could equal anything, so the answer is open.
      if (x.some((e) => !e.isKnown) || y.some((e) => !e.isKnown)) return undefined;
      if (x.length !== y.length) return false;
      for (const e of x) if (!y.some((f) => setMemberEquals(e, f))) return false;
      return true;
    }
    default:
      return a === b;
  }
}

function setMemberEquals(a: Value, b: Value): boolean {
  const eq = equals(a, b);
  return eq.isKnown && eq.asBool();
}

/** cty HasWhollyKnownType: false if the value is, or contains, an unknown of dynamic type. */
function hasWhollyKnownType(v: Value): boolean {
  if (v.isNull) return true;
  if (!v.isKnown) return !hasDynamicTypes(v.type);
  switch (v.type.kind) {
    case 'list':
    case 'set':
    case 'tuple':
      return v.asElements().every(hasWhollyKnownType);
    case 'map':
    case 'object':
      for (const e of v.asEntries().values()) if (!hasWhollyKnownType(e)) return false;
      return true;
    default:
      return true;
  }
}

/** cty Type.TestConformance(given, want) succeeds: equal, or equal up to dynamic parts of `want`. */
export function conforms(given: Type, want: Type): boolean {
  if (want.kind === 'dynamic' || typeEquals(given, want)) return true;
  switch (want.kind) {
    case 'list':
    case 'set':
    case 'map':
      return given.kind === want.kind && conforms((given as { element: Type }).element, want.element);
    case 'object': {
      if (given.kind !== 'object' || given.attributes.size !== want.attributes.size) return false;
      for (const [k, t] of want.attributes) {
        const g = given.attributes.get(k);
        if (!g || !conforms(g, t)) return false;
      }
      return true;
    }
    case 'tuple':
      return (
        given.kind === 'tuple' &&
        given.elements.length === want.elements.length &&
        given.elements.every((g, i) => conforms(g, want.elements[i]!))
      );
    default:
      return false;
  }
}

/** cty Value.RawEquals: same type, same marks, same value; unknowns equal unknowns of the same type. */
export function rawEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (!typeEquals(a.type, b.type)) return false;
  if (!sameMarks(a, b)) return false;
  if (!a.isKnown || !b.isKnown) return !a.isKnown && !b.isKnown;
  if (a.isNull || b.isNull) return a.isNull && b.isNull;
  switch (a.type.kind) {
    case 'number':
      return a.asNumber().equalsDecimal(b.asNumber());
    case 'bool':
      return a.asBool() === b.asBool();
    case 'string':
      return a.asString() === b.asString();
    case 'list':
    case 'tuple':
    case 'set': {
      // Sets are kept in a canonical order, so equal sets line up element by element.
      const x = a.asElements();
      const y = b.asElements();
      return x.length === y.length && x.every((e, i) => rawEquals(e, y[i]!));
    }
    case 'map':
    case 'object': {
      const x = a.asEntries();
      const y = b.asEntries();
      if (x.size !== y.size) return false;
      for (const [k, v] of x) {
        const w = y.get(k);
        if (!w || !rawEquals(v, w)) return false;
      }
      return true;
    }
    case 'dynamic':
      return true;
    default:
      return false;
  }
}

function sameMarks(a: Value, b: Value): boolean {
  const x = a.marks;
  const y = b.marks;
  if ((x?.size ?? 0) !== (y?.size ?? 0)) return false;
  if (x) for (const m of x) if (!y!.has(m)) return false;
  return true;
}
