// cty's type system: primitives, collections (list, set, map), structurals (object, tuple),
// the dynamic pseudo-type ("any") and opaque capsule types.
// Types are immutable plain objects; compare them with typeEquals, never with ===
// (except the primitive and dynamic singletons, which are unique).

export type Type =
  | PrimitiveType
  | ListType
  | SetType
  | MapType
  | ObjectType
  | TupleType
  | DynamicType
  | CapsuleType;

export interface PrimitiveType {
  readonly kind: 'string' | 'number' | 'bool';
}
export interface ListType {
  readonly kind: 'list';
  readonly element: Type;
}
export interface SetType {
  readonly kind: 'set';
  readonly element: Type;
}
export interface MapType {
  readonly kind: 'map';
  readonly element: Type;
}
export interface ObjectType {
  readonly kind: 'object';
  /** Attribute types, keyed in UTF-8 byte order of the names. */
  readonly attributes: ReadonlyMap<string, Type>;
  /** Attributes marked optional (only in type constraints). */
  readonly optional?: ReadonlySet<string>;
}
export interface TupleType {
  readonly kind: 'tuple';
  readonly elements: readonly Type[];
}
export interface DynamicType {
  readonly kind: 'dynamic';
}
/** An opaque application type (HCL uses them for type-constraint and expression-closure function parameters). */
export interface CapsuleType {
  readonly kind: 'capsule';
  readonly name: string;
}

export const StringType: PrimitiveType = Object.freeze({ kind: 'string' });
export const NumberType: PrimitiveType = Object.freeze({ kind: 'number' });
export const BoolType: PrimitiveType = Object.freeze({ kind: 'bool' });
export const DynamicPseudoType: DynamicType = Object.freeze({ kind: 'dynamic' });
export const EmptyObjectType: ObjectType = Object.freeze({ kind: 'object', attributes: new Map() });
export const EmptyTupleType: TupleType = Object.freeze({ kind: 'tuple', elements: [] });

export function listOf(element: Type): ListType {
  return { kind: 'list', element };
}
export function setOf(element: Type): SetType {
  return { kind: 'set', element };
}
export function mapOf(element: Type): MapType {
  return { kind: 'map', element };
}
export function tupleOf(elements: readonly Type[]): TupleType {
  return { kind: 'tuple', elements };
}

/** Go-compatible string ordering: by UTF-8 bytes (differs from JS < for astral vs. high-BMP characters). */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral characters) sort after every BMP character in UTF-8 byte order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export function objectOf(attributes: Iterable<[string, Type]> | Record<string, Type>, optional?: Iterable<string>): ObjectType {
  const entries = Symbol.iterator in (attributes as object)
    ? [...(attributes as Iterable<[string, Type]>)]
    : Object.entries(attributes as Record<string, Type>);
  entries.sort((a, b) => compareStrings(a[0], b[0]));
  const t: { kind: 'object'; attributes: Map<string, Type>; optional?: Set<string> } = {
    kind: 'object',
    attributes: new Map(entries),
  };
  if (optional) {
    const set = new Set(optional);
    if (set.size > 0) t.optional = set;
  }
  return t;
}

export function isPrimitive(t: Type): t is PrimitiveType {
  return t.kind === 'string' || t.kind === 'number' || t.kind === 'bool';
}
export function isCollection(t: Type): t is ListType | SetType | MapType {
  return t.kind === 'list' || t.kind === 'set' || t.kind === 'map';
}
export function isStructural(t: Type): t is ObjectType | TupleType {
  return t.kind === 'object' || t.kind === 'tuple';
}

export function typeEquals(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'list':
    case 'set':
    case 'map':
      return typeEquals(a.element, (b as ListType).element);
    case 'tuple': {
      const be = (b as TupleType).elements;
      if (a.elements.length !== be.length) return false;
      return a.elements.every((t, i) => typeEquals(t, be[i]!));
    }
    case 'object': {
      const bo = b as ObjectType;
      if (a.attributes.size !== bo.attributes.size) return false;
      for (const [k, t] of a.attributes) {
        const u = bo.attributes.get(k);
        if (!u || !typeEquals(t, u)) return false;
      }
      const ao = a.optional?.size ?? 0;
      const bOpt = bo.optional?.size ?? 0;
      if (ao !== bOpt) return false;
      if (a.optional) for (const k of a.optional) if (!bo.optional!.has(k)) return false;
      return true;
    }
    case 'capsule':
      return a.name === (b as CapsuleType).name && a === b;
    default:
      return true;
  }
}

/** True if the type contains the dynamic pseudo-type anywhere. */
export function hasDynamicTypes(t: Type): boolean {
  switch (t.kind) {
    case 'dynamic':
      return true;
    case 'list':
    case 'set':
    case 'map':
      return hasDynamicTypes(t.element);
    case 'tuple':
      return t.elements.some(hasDynamicTypes);
    case 'object':
      for (const a of t.attributes.values()) if (hasDynamicTypes(a)) return true;
      return false;
    default:
      return false;
  }
}

/** cty's FriendlyName: "string", "list of number", "object", "tuple", "dynamic". */
export function friendlyName(t: Type): string {
  switch (t.kind) {
    case 'list':
      return `list of ${friendlyName(t.element)}`;
    case 'set':
      return `set of ${friendlyName(t.element)}`;
    case 'map':
      return `map of ${friendlyName(t.element)}`;
    case 'capsule':
      return t.name;
    default:
      return t.kind;
  }
}

/** cty's FriendlyNameForConstraint: like friendlyName, but dynamic is "any type". */
export function friendlyNameForConstraint(t: Type): string {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map':
      // A collection of `any` means all elements share one (any) type.
      return `${t.kind} of ${t.element.kind === 'dynamic' ? 'any single type' : friendlyNameForConstraint(t.element)}`;
    case 'dynamic':
      return 'any type';
    default:
      return friendlyName(t);
  }
}

/** typeexpr.TypeString: the canonical type-constraint syntax, e.g. `object({a=number,b=string})`. */
export function typeString(t: Type): string {
  switch (t.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return t.kind;
    case 'dynamic':
      return 'any';
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind}(${typeString(t.element)})`;
    case 'tuple':
      return `tuple([${t.elements.map(typeString).join(',')}])`;
    case 'object': {
      const parts: string[] = [];
      for (const [k, a] of t.attributes) {
        const s = typeString(a);
        parts.push(t.optional?.has(k) ? `${k}=optional(${s})` : `${k}=${s}`);
      }
      return `object({${parts.join(',')}})`;
    }
    case 'capsule':
      return t.name;
  }
}
