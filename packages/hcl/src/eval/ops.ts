// The value-level operations behind HCL's traversal syntax, as hcl.Index, hcl.GetAttr, hcl.ApplyPath and
// hcl.Traversal.TraverseAbs/TraverseRel: relaxed typing (keys are converted), null/unknown handling, and the
// exact diagnostics Packer prints. Also the mark helpers the evaluator and the function-call layer share.
import type { Diagnostic } from '../diagnostics.js';
import type { Range } from '../source.js';
import type { Traversal, TraverseStep } from '../syntax/ast.js';
import { convert, ConversionError } from '../values/convert.js';
import { NumberType, StringType, friendlyName, type Type } from '../values/types.js';
import { DynamicVal, Value, numberIntVal, stringVal, unknownVal } from '../values/value.js';
import type { EvalContext } from './context.js';
import { closestNameSuggestion as nameSuggestion } from '../suggest.js';
import { goQuote } from '../syntax/goquote.js';

// ---- marks -------------------------------------------------------------------------------------------------------

const noMarks: ReadonlySet<string> = new Set();

/** The top-level marks of `v` (empty when unmarked). */
export function marksOf(v: Value): ReadonlySet<string> {
  return v.marks ?? noMarks;
}

/** `v` carrying, in addition to its own, the top-level marks of each of `sources` (cty WithSameMarks). */
export function withMarksFrom(v: Value, ...sources: (Value | ReadonlySet<string> | undefined)[]): Value {
  let out = v;
  for (const s of sources) {
    if (!s) continue;
    const m = s instanceof Value ? s.marks : s;
    if (m && m.size > 0) out = out.withMarks(m);
  }
  return out;
}

/** True if `v` or anything nested in it is marked (cty ContainsMarked). */
export function containsMarked(v: Value): boolean {
  if (v.marks && v.marks.size > 0) return true;
  if (!v.isKnown || v.isNull) return false;
  switch (v.type.kind) {
    case 'list':
    case 'set':
    case 'tuple':
      return v.asElements().some(containsMarked);
    case 'map':
    case 'object':
      for (const e of v.asEntries().values()) if (containsMarked(e)) return true;
      return false;
    default:
      return false;
  }
}

/** `v` with every mark removed, at any depth, and the union of the removed marks (cty UnmarkDeep). */
export function unmarkDeep(v: Value): { value: Value; marks: Set<string> } {
  const marks = new Set<string>();
  const value = unmarkInto(v, marks);
  return { value, marks };
}

function unmarkInto(v: Value, marks: Set<string>): Value {
  if (v.marks) for (const m of v.marks) marks.add(m);
  let out = v.unmarked();
  if (!out.isKnown || out.isNull) return out;
  switch (out.type.kind) {
    case 'list':
    case 'set':
    case 'tuple': {
      const elems = out.asElements();
      if (!elems.some(containsMarked)) return out;
      out = Value.raw(out.type, elems.map((e) => unmarkInto(e, marks)));
      return out;
    }
    case 'map':
    case 'object': {
      const entries = out.asEntries();
      let any = false;
      for (const e of entries.values()) if (containsMarked(e)) any = true;
      if (!any) return out;
      const m = new Map<string, Value>();
      for (const [k, e] of entries) m.set(k, unmarkInto(e, marks));
      return Value.raw(out.type, m);
    }
    default:
      return out;
  }
}

// ---- conversion helper ---------------------------------------------------------------------------------------------

/** convert(), carrying top-level marks across; returns the Go error text instead of throwing. */
export function tryConvert(v: Value, t: Type): { value: Value; error?: undefined } | { value?: undefined; error: string } {
  const marks = v.marks;
  try {
    const out = convert(marks ? v.unmarked() : v, t);
    return { value: marks ? out.withMarks(marks) : out };
  } catch (e) {
    if (e instanceof ConversionError) return { error: (e as Error).message };
    throw e;
  }
}

// ---- Index ---------------------------------------------------------------------------------------------------------

const invalidIndex = 'Invalid index';
const notInCollection = 'The given key does not identify an element in this collection value';

function err(summary: string, detail: string, subject: Range | undefined): Diagnostic {
  const d: Diagnostic = { severity: 'error', summary, detail };
  if (subject) d.subject = subject;
  return d;
}

interface Result {
  value: Value;
  diags: Diagnostic[];
}

function fail(summary: string, detail: string, subject: Range | undefined): Result {
  return { value: DynamicVal, diags: [err(summary, detail, subject)] };
}

/** hcl.Index: the result of `collection[key]`. */
export function index(collection: Value, key: Value, srcRange?: Range): Result {
  if (collection.isNull) return fail('Attempt to index null value', 'This value is null, so it does not have any indices.', srcRange);
  if (key.isNull) return fail(invalidIndex, "Can't use a null value as an indexing key.", srcRange);
  const ty = collection.type;
  if (key.type.kind === 'dynamic' || ty.kind === 'dynamic') return { value: withMarksFrom(DynamicVal, collection), diags: [] };

  switch (ty.kind) {
    case 'list':
    case 'tuple':
    case 'map': {
      const wantType = ty.kind === 'map' ? StringType : NumberType;
      const conv = tryConvert(key, wantType);
      if (conv.error !== undefined) return fail(invalidIndex, `${notInCollection}: ${conv.error}.`, srcRange);
      const k = conv.value!;
      const has = hasIndex(collection, k);
      if (has === undefined) {
        const v = ty.kind === 'tuple' ? DynamicVal : unknownVal(ty.element);
        return { value: withMarksFrom(v, collection), diags: [] };
      }
      if (!has) {
        if (ty.kind !== 'map' && k.isKnown && !k.isNull) {
          const bf = k.unmarked().asNumber();
          {
            if (!bf.isInt()) {
              return fail(invalidIndex, `${notInCollection}: indexing a sequence requires a whole number, but the given index has a fractional part.`, srcRange);
            }
            if (bf.sign() < 0) {
              return fail(invalidIndex, `${notInCollection}: a negative number is not a valid index for a sequence.`, srcRange);
            }
            const len = knownLength(collection);
            if (len !== undefined && !collection.marks?.size) {
              // Only an index exactly equal to the length gets the specific message (Go compares bf - len < 1 with sign).
              const i = bf.toBigInt();
              if (i !== undefined && i <= BigInt(len)) {
                if (len === 0) return fail(invalidIndex, `${notInCollection}: the collection has no elements.`, srcRange);
                return fail(invalidIndex, `${notInCollection}: the given index is greater than or equal to the length of the collection.`, srcRange);
              }
            }
          }
        }
        return fail(invalidIndex, `${notInCollection}.`, srcRange);
      }
      return { value: elementAt(collection, k), diags: [] };
    }
    case 'object': {
      const wasNumber = key.type.kind === 'number';
      const conv = tryConvert(key, StringType);
      if (conv.error !== undefined) return fail(invalidIndex, `${notInCollection}: ${conv.error}.`, srcRange);
      const k = conv.value!;
      if (!k.isKnown) return { value: withMarksFrom(DynamicVal, collection), diags: [] };
      const name = k.unmarked().asString();
      const aty = ty.attributes.get(name);
      if (!aty) {
        const suggestion = wasNumber ? ' An object only supports looking up attributes by name, not by numeric index.' : '';
        return fail(invalidIndex, `${notInCollection}.${suggestion}`, srcRange);
      }
      if (!collection.isKnown) return { value: withMarksFrom(unknownVal(aty), collection), diags: [] };
      return { value: withMarksFrom(collection.unmarked().get(name)!, collection), diags: [] };
    }
    case 'set':
      return fail(
        invalidIndex,
        "Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set.",
        srcRange,
      );
    default:
      return fail(invalidIndex, 'This value does not have any indices.', srcRange);
  }
}

/** cty HasIndex for list/tuple/map with an already-converted key: undefined means unknown. */
function hasIndex(collection: Value, key: Value): boolean | undefined {
  const ty = collection.type;
  if (key.type.kind === 'dynamic') return undefined;
  if (!key.isKnown) return undefined;
  if (ty.kind === 'map') {
    if (key.type.kind !== 'string') return false;
    if (!collection.isKnown) return undefined;
    return collection.unmarked().asEntries().has(key.unmarked().asString());
  }
  if (key.type.kind !== 'number') return false;
  if (ty.kind === 'list' && !collection.isKnown) return undefined;
  const i = int64Of(key);
  if (i === undefined || i < 0) return false;
  const len = ty.kind === 'tuple' ? ty.elements.length : collection.unmarked().length;
  return i < len;
}

/** The exact int64 value of a number, like big.Float.Int64 with accuracy Exact. */
function int64Of(key: Value): number | undefined {
  const bf = key.unmarked().asNumber();
  if (!bf.isInt()) return undefined;
  const i = bf.toBigInt();
  if (i === undefined || i > 0x7fffffffffffffffn || i < -0x8000000000000000n) return undefined;
  return i > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : i < BigInt(Number.MIN_SAFE_INTEGER) ? Number.MIN_SAFE_INTEGER : Number(i);
}

function knownLength(collection: Value): number | undefined {
  if (collection.type.kind === 'tuple') return collection.type.elements.length;
  if (!collection.isKnown) return undefined;
  return collection.unmarked().length;
}

/** cty Value.Index once the key is known to be present (marks of both collection and key carried). */
function elementAt(collection: Value, key: Value): Value {
  const ty = collection.type;
  const k = key.unmarked();
  let out: Value;
  if (ty.kind === 'map') {
    out = collection.isKnown ? collection.unmarked().get(k.asString())! : unknownVal(ty.element);
  } else {
    const i = int64Of(k)!;
    if (!collection.isKnown) out = ty.kind === 'tuple' ? unknownVal(ty.elements[i]!) : unknownVal((ty as { element: Type }).element);
    else out = collection.unmarked().asElements()[i]!;
  }
  return withMarksFrom(out, collection, key);
}

// ---- GetAttr -------------------------------------------------------------------------------------------------------

const unsupportedAttr = 'Unsupported attribute';

/** hcl.GetAttr: the result of `obj.name`. */
export function getAttr(obj: Value, name: string, srcRange?: Range): Result {
  if (obj.isNull) return fail('Attempt to get attribute from null value', 'This value is null, so it does not have any attributes.', srcRange);
  const ty = obj.type;
  switch (ty.kind) {
    case 'object': {
      const aty = ty.attributes.get(name);
      if (!aty) return fail(unsupportedAttr, `This object does not have an attribute named ${goQuote(name)}.`, srcRange);
      if (!obj.isKnown) return { value: withMarksFrom(unknownVal(aty), obj), diags: [] };
      return { value: withMarksFrom(obj.unmarked().get(name)!, obj), diags: [] };
    }
    case 'map': {
      if (!obj.isKnown) return { value: withMarksFrom(unknownVal(ty.element), obj), diags: [] };
      const v = obj.unmarked().get(name);
      if (!v) return fail('Missing map element', `This map does not have an element with the key ${goQuote(name)}.`, srcRange);
      return { value: withMarksFrom(v, obj), diags: [] };
    }
    case 'dynamic':
      return { value: withMarksFrom(DynamicVal, obj), diags: [] };
    case 'list':
      if (ty.element.kind === 'object') {
        if (ty.element.attributes.has(name)) {
          return fail(
            unsupportedAttr,
            `Can't access attributes on a list of objects. Did you mean to access attribute ${goQuote(name)} for a specific element of the list, or across all elements of the list?`,
            srcRange,
          );
        }
        return fail(
          unsupportedAttr,
          "Can't access attributes on a list of objects. Did you mean to access an attribute for a specific element of the list, or across all elements of the list?",
          srcRange,
        );
      }
      break;
    case 'set':
      if (ty.element.kind === 'object') {
        return fail(
          unsupportedAttr,
          "Can't access attributes on a set of objects. Did you mean to access an attribute across all elements of the set?",
          srcRange,
        );
      }
      break;
    case 'string':
    case 'number':
    case 'bool':
      return fail(unsupportedAttr, `Can't access attributes on a primitive-typed value (${friendlyName(ty)}).`, srcRange);
  }
  return fail(unsupportedAttr, 'This value does not have any attributes.', srcRange);
}

/** cty's ElementIterator: (key, value) pairs of a known, unmarked list/tuple/set/map/object. */
export function* elementPairs(coll: Value): Generator<[Value, Value]> {
  switch (coll.type.kind) {
    case 'list':
    case 'tuple': {
      const els = coll.asElements();
      for (let i = 0; i < els.length; i++) yield [numberIntVal(i), els[i]!];
      return;
    }
    case 'set':
      for (const el of coll.asElements()) yield [el, el];
      return;
    case 'map':
    case 'object':
      for (const [k, v] of coll.asEntries()) yield [stringVal(k), v];
      return;
  }
}

// ---- paths and traversals ------------------------------------------------------------------------------------------

/** A cty.Path step. */
export type PathStep = { readonly kind: 'attr'; readonly name: string } | { readonly kind: 'index'; readonly key: Value };

/** hcl.ApplyPath: apply each step with index/getAttr, stopping at the first error. */
export function applyPath(val: Value, path: readonly PathStep[], srcRange?: Range): Result {
  const diags: Diagnostic[] = [];
  let cur = val;
  for (const step of path) {
    const r = step.kind === 'attr' ? getAttr(cur, step.name, srcRange) : index(cur, step.key, srcRange);
    diags.push(...r.diags);
    if (r.diags.some((d) => d.severity === 'error')) return { value: DynamicVal, diags };
    cur = r.value;
  }
  return { value: cur, diags };
}

/** Traversal.TraverseRel: apply attribute and index steps (each with its own source range). */
export function traverseRel(val: Value, traversal: readonly TraverseStep[]): Result {
  const diags: Diagnostic[] = [];
  let cur = val;
  for (const step of traversal) {
    let r: Result;
    switch (step.kind) {
      case 'attr':
        r = getAttr(cur, step.name, step.range);
        break;
      case 'index':
        r = index(cur, step.key, step.range);
        break;
      default:
        // Roots and splats never appear in the relative part of a parsed traversal.
        r = fail('Invalid traversal', 'This traversal step cannot be applied to a value.', step.range);
    }
    diags.push(...r.diags);
    if (r.diags.some((d) => d.severity === 'error')) return { value: DynamicVal, diags };
    cur = r.value;
  }
  return { value: cur, diags };
}

/** Traversal.TraverseAbs: look the root up through the context chain, then apply the remaining steps. */
export function traverseAbs(traversal: Traversal, ctx: EvalContext | undefined): Result {
  const root = traversal[0];
  if (!root || root.kind !== 'root') throw new TypeError('traverseAbs needs an absolute traversal');
  const name = root.name;
  let hasNonNil = false;
  for (let c = ctx; c; c = c.parent) {
    if (!c.variables) continue;
    hasNonNil = true;
    const v = c.variables.get(name);
    if (v !== undefined) return traverseRel(v, traversal.slice(1));
  }
  if (!hasNonNil) return fail('Variables not allowed', 'Variables may not be used here.', root.range);
  const candidates: string[] = [];
  for (let c = ctx; c; c = c.parent) if (c.variables) candidates.push(...c.variables.keys());
  const suggestion = nameSuggestion(name, candidates);
  const hint = suggestion ? ` Did you mean ${goQuote(suggestion)}?` : '';
  return fail('Unknown variable', `There is no variable named ${goQuote(name)}.${hint}`, root.range);
}

// ---- shared helpers --------------------------------------------------------------------------------------------

// Variables and functions come from maps in Go (random order), so the closest candidate is suggested.
export { closestNameSuggestion as nameSuggestion, levenshtein } from '../suggest.js';
export { goQuote } from '../syntax/goquote.js';
