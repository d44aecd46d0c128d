// Type unification, as cty's convert.Unify/UnifyUnsafe: find one type that all the given types convert to.
// Used by conditionals, list construction from tuples, coalesce and friends. Objects whose attribute sets
// differ unify to a map; tuples of different lengths unify to a list.
import { getConversion, type Conversion } from './convert.js';
import { DynamicPseudoType, listOf, mapOf, objectOf, setOf, tupleOf, typeEquals, type Type } from './types.js';
import { DynamicVal } from './value.js';

export interface Unification {
  readonly type: Type;
  /** One per input type; undefined where no conversion is needed. */
  readonly conversions: readonly (Conversion | undefined)[];
}

/** Safe unification (no lossy conversions). */
export function unify(types: readonly Type[]): Unification | undefined {
  return unifyTypes(types, false);
}

/** Unsafe unification (string → number etc. allowed), as HCL uses it. Returns just the type. */
export function unifyUnsafe(types: readonly Type[]): Type | undefined {
  return unifyTypes(types, true)?.type;
}

/** Unsafe unification with the conversions. */
export function unifyUnsafeWithConversions(types: readonly Type[]): Unification | undefined {
  return unifyTypes(types, true);
}

export function unifyTypes(types: readonly Type[], unsafe: boolean): Unification | undefined {
  if (types.length === 0) return undefined;
  let maps = 0;
  let lists = 0;
  let sets = 0;
  let objects = 0;
  let tuples = 0;
  let dynamics = 0;
  for (const t of types) {
    switch (t.kind) {
      case 'map':
        maps++;
        break;
      case 'list':
        lists++;
        break;
      case 'set':
        sets++;
        break;
      case 'object':
        objects++;
        break;
      case 'tuple':
        tuples++;
        break;
      case 'dynamic':
        dynamics++;
        break;
    }
  }
  const n = types.length;
  if (maps > 0 && maps + dynamics === n) return unifyCollections('map', types, unsafe, dynamics > 0);
  if (maps > 0 && maps + objects + dynamics === n) {
    const r = unifyObjectsAsMaps(types, unsafe);
    if (r && r.type.kind === 'map') return r;
  } else if (lists > 0 && lists + dynamics === n) return unifyCollections('list', types, unsafe, dynamics > 0);
  else if (lists > 0 && lists + tuples + dynamics === n) {
    const r = unifyTuplesAsList(types, unsafe);
    if (r && r.type.kind === 'list') return r;
  } else if (sets > 0 && sets + dynamics === n) return unifyCollections('set', types, unsafe, dynamics > 0);
  else if (objects > 0 && objects + dynamics === n) return unifyObjects(types, unsafe, dynamics > 0);
  else if (tuples > 0 && tuples + dynamics === n) return unifyTuples(types, unsafe, dynamics > 0);
  else if (objects > 0 && tuples > 0) return undefined;

  // Otherwise: try each type, most general first, as the target for all the others.
  preferences: for (const want of sortTypes(types)) {
    const wantType = types[want]!;
    const conversions: (Conversion | undefined)[] = [];
    for (let i = 0; i < n; i++) {
      const t = types[i]!;
      if (i === want || typeEquals(t, wantType)) {
        conversions.push(undefined);
        continue;
      }
      const c = getConversion(t, wantType, unsafe);
      if (!c) continue preferences;
      conversions.push(c);
    }
    return { type: wantType, conversions };
  }
  return undefined;
}

function conversionsTo(types: readonly Type[], target: Type, unsafe: boolean): (Conversion | undefined)[] | undefined {
  const out: (Conversion | undefined)[] = [];
  for (const t of types) {
    if (typeEquals(t, target)) {
      out.push(undefined);
      continue;
    }
    const c = getConversion(t, target, unsafe);
    if (!c) return undefined;
    out.push(c);
  }
  return out;
}

function allAsDynamic(types: readonly Type[]): Unification {
  return { type: DynamicPseudoType, conversions: types.map(() => () => DynamicVal) };
}

function unifyCollections(kind: 'list' | 'set' | 'map', types: readonly Type[], unsafe: boolean, hasDynamic: boolean): Unification | undefined {
  if (hasDynamic) return allAsDynamic(types);
  const elem = unifyTypes(types.map((t) => (t as { element: Type }).element), unsafe);
  if (!elem) return undefined;
  const target = kind === 'list' ? listOf(elem.type) : kind === 'set' ? setOf(elem.type) : mapOf(elem.type);
  const conversions = conversionsTo(types, target, unsafe);
  return conversions && { type: target, conversions };
}

function unifyObjects(types: readonly Type[], unsafe: boolean, hasDynamic: boolean): Unification | undefined {
  if (hasDynamic) return allAsDynamic(types);
  const first = types[0] as Extract<Type, { kind: 'object' }>;
  for (const t of types.slice(1)) {
    const attrs = (t as typeof first).attributes;
    if (attrs.size !== first.attributes.size) return unifyObjectsToMap(types, unsafe);
    for (const name of attrs.keys()) if (!first.attributes.has(name)) return unifyObjectsToMap(types, unsafe);
  }
  const attrs: [string, Type][] = [];
  for (const name of first.attributes.keys()) {
    const u = unifyTypes(types.map((t) => (t as typeof first).attributes.get(name)!), unsafe);
    if (!u) return undefined;
    attrs.push([name, u.type]);
  }
  const target = objectOf(attrs);
  const conversions = conversionsTo(types, target, unsafe);
  if (!conversions) return unifyObjectsToMap(types, unsafe);
  return { type: target, conversions };
}

function unifyObjectsToMap(types: readonly Type[], unsafe: boolean): Unification | undefined {
  const attrTypes: Type[] = [];
  for (const t of types) for (const a of (t as Extract<Type, { kind: 'object' }>).attributes.values()) attrTypes.push(a);
  const elem = unifyTypes(attrTypes, unsafe);
  if (!elem) return undefined;
  const target = mapOf(elem.type);
  const conversions = conversionsTo(types, target, unsafe);
  return conversions && { type: target, conversions };
}

function unifyTuples(types: readonly Type[], unsafe: boolean, hasDynamic: boolean): Unification | undefined {
  if (hasDynamic) return allAsDynamic(types);
  const first = (types[0] as Extract<Type, { kind: 'tuple' }>).elements;
  for (const t of types.slice(1)) {
    if ((t as Extract<Type, { kind: 'tuple' }>).elements.length !== first.length) return unifyTuplesToList(types, unsafe);
  }
  const elems: Type[] = [];
  for (let i = 0; i < first.length; i++) {
    const u = unifyTypes(types.map((t) => (t as Extract<Type, { kind: 'tuple' }>).elements[i]!), unsafe);
    if (!u) return undefined;
    elems.push(u.type);
  }
  const target = tupleOf(elems);
  const conversions = conversionsTo(types, target, unsafe);
  if (!conversions) return unifyTuplesToList(types, unsafe);
  return { type: target, conversions };
}

function unifyTuplesToList(types: readonly Type[], unsafe: boolean): Unification | undefined {
  const elemTypes: Type[] = [];
  for (const t of types) elemTypes.push(...(t as Extract<Type, { kind: 'tuple' }>).elements);
  const elem = unifyTypes(elemTypes, unsafe);
  if (!elem) return undefined;
  const target = listOf(elem.type);
  const conversions = conversionsTo(types, target, unsafe);
  return conversions && { type: target, conversions };
}

// Mixed tuples and lists: unify the tuples as a list first, then everything as lists.
function unifyTuplesAsList(types: readonly Type[], unsafe: boolean): Unification | undefined {
  return unifyStructuralAs(types, unsafe, 'tuple', unifyTuplesToList, 'list');
}
function unifyObjectsAsMaps(types: readonly Type[], unsafe: boolean): Unification | undefined {
  return unifyStructuralAs(types, unsafe, 'object', unifyObjectsToMap, 'map');
}
function unifyStructuralAs(
  types: readonly Type[],
  unsafe: boolean,
  structural: 'tuple' | 'object',
  toCollection: (ts: readonly Type[], unsafe: boolean) => Unification | undefined,
  collection: 'list' | 'map',
): Unification | undefined {
  const idxs: number[] = [];
  types.forEach((t, i) => t.kind === structural && idxs.push(i));
  const inner = toCollection(idxs.map((i) => types[i]!), unsafe);
  if (!inner || inner.type.kind !== collection) return undefined;
  const replaced = types.map((t, i) => (idxs.includes(i) ? inner.type : t));
  const outer = unifyTypes(replaced, unsafe);
  if (!outer || outer.type.kind !== collection) return undefined;
  const conversions = [...outer.conversions];
  idxs.forEach((idx, k) => {
    const first = inner.conversions[k];
    const second = conversions[idx];
    if (!second) conversions[idx] = first;
    else if (first) conversions[idx] = (v) => second(first(v));
  });
  return { type: outer.type, conversions };
}

// ---- preference order: cty's compareTypes + topological sort ---------------------------------------------------

/** Negative when a is more general than b (a is the better unification target), positive for the reverse. */
function compareTypes(a: Type, b: Type): number {
  if (a.kind === 'dynamic' || b.kind === 'dynamic') {
    if (a.kind !== 'dynamic') return -1;
    if (b.kind !== 'dynamic') return 1;
    return 0;
  }
  const prim = (t: Type) => t.kind === 'string' || t.kind === 'number' || t.kind === 'bool';
  if (prim(a) && prim(b)) {
    if (a.kind === 'string' || b.kind === 'string') {
      if (a.kind !== 'string') return 1;
      if (b.kind !== 'string') return -1;
    }
    return 0;
  }
  if ((a.kind === 'list' && b.kind === 'list') || (a.kind === 'set' && b.kind === 'set') || (a.kind === 'map' && b.kind === 'map')) {
    return compareTypes(a.element, (b as { element: Type }).element);
  }
  let swap = 1;
  if (
    (a.kind === 'tuple' && b.kind === 'list') ||
    (a.kind === 'object' && b.kind === 'map') ||
    (a.kind === 'set' && b.kind === 'tuple') ||
    (a.kind === 'set' && b.kind === 'list')
  ) {
    [a, b] = [b, a];
    swap = -1;
  }
  if (b.kind === 'set' && (a.kind === 'tuple' || a.kind === 'list')) return -swap;
  if (a.kind === 'list' && b.kind === 'tuple') return -swap;
  if (a.kind === 'map' && b.kind === 'object') return -swap;
  const structuralCompare = (pairs: [Type, Type][]): number => {
    let aSuper = false;
    let bSuper = false;
    for (const [x, y] of pairs) {
      const c = compareTypes(x, y);
      if (c < 0) aSuper = true;
      else if (c > 0) bSuper = true;
    }
    if (aSuper && bSuper) return 0;
    if (aSuper) return -swap;
    if (bSuper) return swap;
    return 0;
  };
  if (a.kind === 'object' && b.kind === 'object') {
    if (a.attributes.size !== b.attributes.size) return 0;
    const pairs: [Type, Type][] = [];
    for (const [k, t] of a.attributes) {
      const u = b.attributes.get(k);
      if (!u) return 0;
      pairs.push([t, u]);
    }
    return structuralCompare(pairs);
  }
  if (a.kind === 'tuple' && b.kind === 'tuple') {
    if (a.elements.length !== b.elements.length) return 0;
    return structuralCompare(a.elements.map((t, i) => [t, b.elements[i]!]));
  }
  return 0;
}

/** Indexes of `types`, most general first (a topological order of compareTypes). */
function sortTypes(types: readonly Type[]): number[] {
  const n = types.length;
  const edges: number[][] = types.map(() => []);
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const c = compareTypes(types[i]!, types[j]!);
      if (c < 0) edges[i]!.push(j);
      else if (c > 0) edges[j]!.push(i);
    }
  }
  const inDegree = new Array<number>(n).fill(0);
  for (const outs of edges) for (const j of outs) inDegree[j]!++;
  const order: number[] = [];
  inDegree.forEach((d, i) => d === 0 && order.push(i));
  for (let k = 0; k < order.length; k++) {
    for (const j of edges[order[k]!]!) {
      if (--inDegree[j]! === 0) order.push(j);
    }
  }
  // cty fills its result array in place, so types caught in a preference cycle leave index 0 in the slots.
  while (order.length < n) order.push(0);
  return order;
}
