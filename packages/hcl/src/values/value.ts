// cty values: every value has a type and is known, null, or unknown (a placeholder for a value that will only
// be known later, which Packer uses during validation). Strings are NFC-normalised on creation; numbers are
// 512-bit binary floats (BigFloat); maps and objects keep their keys in UTF-8 byte order; sets keep their
// elements deduplicated in cty's iteration order. Values are immutable.
import { BigFloat } from './number.js';
import {
  BoolType,
  DynamicPseudoType,
  EmptyObjectType,
  EmptyTupleType,
  NumberType,
  StringType,
  compareStrings,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
  type Type,
} from './types.js';

const KNOWN = 0;
const NULL = 1;
const UNKNOWN = 2;
type State = typeof KNOWN | typeof NULL | typeof UNKNOWN;

export class Value {
  private constructor(
    readonly type: Type,
    /** string | BigFloat | boolean | Value[] (list, set, tuple) | Map<string, Value> (map, object) */
    private readonly raw: unknown,
    private readonly state: State,
    /** Marks such as "sensitive", carried through operations by the evaluator. */
    readonly marks?: ReadonlySet<string>,
  ) {}

  /** @internal Build a known value without normalising its payload. */
  static raw(type: Type, raw: unknown): Value {
    return new Value(type, raw, KNOWN);
  }
  static nullOf(type: Type): Value {
    return new Value(type, undefined, NULL);
  }
  static unknownOf(type: Type): Value {
    return new Value(type, undefined, UNKNOWN);
  }

  get isNull(): boolean {
    return this.state === NULL;
  }
  /** False for unknown values (nulls are known). */
  get isKnown(): boolean {
    return this.state !== UNKNOWN;
  }
  /** Known, and every nested element known too. */
  isWhollyKnown(): boolean {
    if (this.state === UNKNOWN) return false;
    if (this.state === NULL) return true;
    const r = this.raw;
    if (Array.isArray(r)) return r.every((v: Value) => v.isWhollyKnown());
    if (r instanceof Map) {
      for (const v of r.values()) if (!(v as Value).isWhollyKnown()) return false;
    }
    return true;
  }

  asString(): string {
    this.mustBeKnown('string');
    return this.raw as string;
  }
  asNumber(): BigFloat {
    this.mustBeKnown('number');
    return this.raw as BigFloat;
  }
  asBool(): boolean {
    this.mustBeKnown('bool');
    return this.raw as boolean;
  }
  /** The payload of a known capsule value (opaque application data, e.g. an expression closure). */
  asCapsule<T>(): T {
    if (this.state !== KNOWN || this.type.kind !== 'capsule') throw new TypeError(`value of type ${this.type.kind} is not a known capsule`);
    return this.raw as T;
  }
  /** Elements of a known, non-null list, set or tuple, in order. */
  asElements(): readonly Value[] {
    if (this.state !== KNOWN || !Array.isArray(this.raw)) throw new TypeError(`value of type ${this.type.kind} has no elements`);
    return this.raw as Value[];
  }
  /** Entries of a known, non-null map or object, in UTF-8 byte order of the keys. */
  asEntries(): ReadonlyMap<string, Value> {
    if (this.state !== KNOWN || !(this.raw instanceof Map)) throw new TypeError(`value of type ${this.type.kind} has no entries`);
    return this.raw as Map<string, Value>;
  }
  /** Attribute of an object or element of a map (undefined when absent). */
  get(key: string): Value | undefined {
    return this.asEntries().get(key);
  }
  /** Element count of a known collection or structural value; grapheme count is *not* this (see functions). */
  get length(): number {
    const r = this.raw;
    if (Array.isArray(r)) return r.length;
    if (r instanceof Map) return r.size;
    throw new TypeError(`value of type ${this.type.kind} has no length`);
  }

  private mustBeKnown(kind: string): void {
    if (this.state !== KNOWN) throw new TypeError(`cannot read ${this.state === NULL ? 'null' : 'unknown'} value as ${kind}`);
    if (this.type.kind !== kind) throw new TypeError(`value of type ${this.type.kind} is not a ${kind}`);
  }

  withMarks(marks: Iterable<string>): Value {
    const all = new Set(this.marks ?? []);
    for (const m of marks) all.add(m);
    if (all.size === (this.marks?.size ?? 0)) return this;
    return new Value(this.type, this.raw, this.state, all);
  }
  hasMark(mark: string): boolean {
    return this.marks?.has(mark) ?? false;
  }
  /** The same value without marks at the top level. */
  unmarked(): Value {
    return this.marks ? new Value(this.type, this.raw, this.state) : this;
  }
}

// ---- constructors -------------------------------------------------------------------------------------------

export const DynamicVal = Value.unknownOf(DynamicPseudoType);
export const NullDynamic = Value.nullOf(DynamicPseudoType);
export const True = Value.raw(BoolType, true);
export const False = Value.raw(BoolType, false);
export const EmptyObjectVal = Value.raw(EmptyObjectType, new Map());
export const EmptyTupleVal = Value.raw(EmptyTupleType, []);

export function stringVal(s: string): Value {
  return Value.raw(StringType, isAsciiOnly(s) ? s : s.normalize('NFC'));
}
export function numberVal(n: BigFloat): Value {
  return Value.raw(NumberType, n);
}
/** A whole number with cty's 64-bit precision (like NumberIntVal). */
export function numberIntVal(n: number | bigint): Value {
  return Value.raw(NumberType, BigFloat.fromInt(n));
}
/** A float64 value with 53-bit precision (like NumberFloatVal). */
export function numberFloatVal(n: number): Value {
  return Value.raw(NumberType, BigFloat.fromFloat64(n));
}
export function boolVal(b: boolean): Value {
  return b ? True : False;
}
export function nullVal(t: Type): Value {
  return Value.nullOf(t);
}
export function unknownVal(t: Type): Value {
  return Value.unknownOf(t);
}

/** A list of elements that all have exactly `elementType` (callers convert first). */
export function listVal(elements: readonly Value[], elementType?: Type): Value {
  const et = elementType ?? elements[0]?.type;
  if (!et) throw new TypeError('listVal of no elements needs an element type');
  return Value.raw(listOf(et), [...elements]);
}
export function listValEmpty(elementType: Type): Value {
  return Value.raw(listOf(elementType), []);
}
export function tupleVal(elements: readonly Value[]): Value {
  if (elements.length === 0) return EmptyTupleVal;
  return Value.raw(tupleOf(elements.map((e) => e.type)), [...elements]);
}
export function mapVal(entries: Iterable<[string, Value]> | Record<string, Value>, elementType?: Type): Value {
  const m = sortedEntries(entries);
  const first = m.values().next();
  const et = elementType ?? (first.done ? undefined : first.value.type);
  if (!et) throw new TypeError('mapVal of no elements needs an element type');
  return Value.raw(mapOf(et), m);
}
export function mapValEmpty(elementType: Type): Value {
  return Value.raw(mapOf(elementType), new Map());
}
export function objectVal(entries: Iterable<[string, Value]> | Record<string, Value>): Value {
  const m = sortedEntries(entries);
  if (m.size === 0) return EmptyObjectVal;
  return Value.raw(objectOf([...m].map(([k, v]) => [k, v.type] as [string, Type])), m);
}
/** A set: elements are deduplicated and put in cty's set order. */
export function setVal(elements: readonly Value[], elementType?: Type): Value {
  const et = elementType ?? elements[0]?.type;
  if (!et) throw new TypeError('setVal of no elements needs an element type');
  return Value.raw(setOf(et), normaliseSet(elements));
}
export function setValEmpty(elementType: Type): Value {
  return Value.raw(setOf(elementType), []);
}

function sortedEntries(entries: Iterable<[string, Value]> | Record<string, Value>): Map<string, Value> {
  const list = Symbol.iterator in (entries as object)
    ? [...(entries as Iterable<[string, Value]>)]
    : Object.entries(entries as Record<string, Value>);
  list.sort((a, b) => compareStrings(a[0], b[0]));
  return new Map(list);
}

function isAsciiOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

// ---- sets ---------------------------------------------------------------------------------------------------

/**
 * cty orders set elements: known numbers ascending, known strings in byte order, false before true,
 * other known values by a canonical key, unknowns last. Duplicates (by canonical key) are removed.
 */
function normaliseSet(elements: readonly Value[]): Value[] {
  const byKey = new Map<string, Value>();
  const unknowns: Value[] = [];
  for (const e of elements) {
    if (!e.isKnown) {
      unknowns.push(e);
      continue;
    }
    const k = canonicalKey(e);
    if (!byKey.has(k)) byKey.set(k, e);
  }
  const known = [...byKey.entries()];
  known.sort((a, b) => compareSetElements(a[1], b[1], a[0], b[0]));
  return [...known.map(([, v]) => v), ...unknowns];
}

function compareSetElements(a: Value, b: Value, ka: string, kb: string): number {
  if (!a.isNull && !b.isNull && a.type.kind === b.type.kind) {
    switch (a.type.kind) {
      case 'number':
        return a.asNumber().cmp(b.asNumber());
      case 'string':
        return compareStrings(a.asString(), b.asString());
      case 'bool':
        return a.asBool() === b.asBool() ? 0 : a.asBool() ? 1 : -1;
    }
  }
  return compareStrings(ka, kb);
}

/** A string that is equal for two values exactly when they are the same value of the same type. */
export function canonicalKey(v: Value): string {
  if (!v.isKnown) return '?';
  if (v.isNull) return 'N';
  switch (v.type.kind) {
    case 'string':
      return 'S' + JSON.stringify(v.asString());
    case 'number': {
      // cty set members are equal when their numbers are (-0 equals 0)
      const s = v.asNumber().toString();
      return 'n' + (s === '-0' ? '0' : s);
    }
    case 'bool':
      return v.asBool() ? 'T' : 'F';
    case 'list':
    case 'set':
    case 'tuple':
      return v.type.kind[0] + '[' + v.asElements().map(canonicalKey).join(',') + ']';
    case 'map':
    case 'object': {
      const parts: string[] = [];
      for (const [k, e] of v.asEntries()) parts.push(JSON.stringify(k) + ':' + canonicalKey(e));
      return v.type.kind[0] + '{' + parts.join(',') + '}';
    }
    default:
      return 'C' + String(v.type.kind);
  }
}
