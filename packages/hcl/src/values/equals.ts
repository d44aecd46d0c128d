// Equality, as cty: `equals` is HCL's `==` (no conversion; different types are unequal; numbers compare by
// their shortest decimal rendering; any unknown makes the answer unknown unless the types already decide it),
// and `rawEquals` is exact structural identity used by tests and sets.
import { hasDynamicTypes, typeEquals } from './types.js';
import { False, True, Value, boolVal, unknownVal } from './value.js';
import { BoolType } from './types.js';

const UnknownBool = unknownVal(BoolType);

function numbersEqual(a: Value, b: Value): boolean {
  const x = a.asNumber();
  const y = b.asNumber();
  if (x.sign() !== y.sign()) return false;
  const xs = x.toString();
  const ys = y.toString();
  return (xs === '-0' ? '0' : xs) === (ys === '-0' ? '0' : ys);
}

export function equals(a: Value, b: Value): Value {
  if (a.marks || b.marks) {
    const r = equals(a.unmarked(), b.unmarked());
    return r.withMarks([...(a.marks ?? []), ...(b.marks ?? [])]);
  }
  if (!a.isKnown && !b.isKnown) return UnknownBool;
  if (a.isKnown && !b.isKnown) {
    if (a.isNull || hasDynamicTypes(b.type)) return UnknownBool;
    return typeEquals(a.type, b.type) ? UnknownBool : False;
  }
  if (b.isKnown && !a.isKnown) {
    if (b.isNull || hasDynamicTypes(a.type)) return UnknownBool;
    return typeEquals(a.type, b.type) ? UnknownBool : False;
  }
  if (a.isNull && b.isNull) return True;
  if (a.isNull || b.isNull) return False;
  if (!typeEquals(a.type, b.type)) return False;
  switch (a.type.kind) {
    case 'number':
      return boolVal(numbersEqual(a, b));
    case 'bool':
      return boolVal(a.asBool() === b.asBool());
    case 'string':
      return boolVal(a.asString() === b.asString());
    case 'list':
    case 'tuple': {
      const x = a.asElements();
      const y = b.asElements();
      if (x.length !== y.length) return False;
      for (let i = 0; i < x.length; i++) {
        const eq = equals(x[i]!, y[i]!);
        if (!eq.isKnown) return UnknownBool;
        if (!eq.asBool()) return False;
      }
      return True;
    }
    case 'map':
    case 'object': {
      const x = a.asEntries();
      const y = b.asEntries();
      if (x.size !== y.size) return False;
      for (const [k, v] of x) {
        const w = y.get(k);
        if (!w) return False;
        const eq = equals(v, w);
        if (!eq.isKnown) return UnknownBool;
        if (!eq.asBool()) return False;
      }
      return True;
    }
    case 'set': {
      const x = a.asElements();
      const y = b.asElements();
      if (x.some((e) => !e.isKnown) || y.some((e) => !e.isKnown)) return UnknownBool;
      if (x.length !== y.length) return False;
      for (const e of x) if (!y.some((f) => rawEquals(e, f))) return False;
      return True;
    }
    default:
      return boolVal(a === b);
  }
}

export function rawEquals(a: Value, b: Value): boolean {
  if (!typeEquals(a.type, b.type)) return false;
  const am = [...(a.marks ?? [])].sort().join(',');
  const bm = [...(b.marks ?? [])].sort().join(',');
  if (am !== bm) return false;
  if (!a.isKnown || !b.isKnown) return !a.isKnown && !b.isKnown;
  if (a.isNull || b.isNull) return a.isNull && b.isNull;
  switch (a.type.kind) {
    case 'number':
    case 'bool':
    case 'string':
      return equals(a.unmarked(), b.unmarked()).asBool();
    case 'list':
    case 'tuple':
    case 'set': {
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
      return a === b;
  }
}

