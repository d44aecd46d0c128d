// hcl2_upgrade's jsonBodyToHCL2Body: a JSON object becomes an HCL body with keys sorted. Guesswork decides
// attribute or block: an object holding any non-primitive value (or nothing at all) becomes a nested block, an
// object of primitives a map attribute (`tags = {…}`); `linux_options`, `network_interface` and
// `shared_image_gallery` are always blocks; an array whose elements include an object becomes one block per
// element; an empty array is dropped.
import type { JsonObject, JsonValue } from '../types.js';
import { compareGoStrings, type HclBody } from './hcl-text.js';

const ALWAYS_BLOCKS = new Set(['linux_options', 'network_interface', 'shared_image_gallery']);

/** A value of the Go cases `string, int, float64, bool`. */
function isPrimitive(v: JsonValue): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Go's "most complex element": the first primitive unless some later element is not one, in which case the last
 * such element (null included, which Go then sees as "no element"). Go walks maps in random order; document order
 * is used here, which is one of Go's possible orders.
 */
function mostComplexElement(values: readonly JsonValue[]): JsonValue | undefined {
  let chosen: JsonValue | undefined;
  for (const v of values) {
    if (isPrimitive(v)) {
      if (chosen !== undefined && chosen !== null) continue;
      chosen = v;
    } else {
      chosen = v;
    }
  }
  return chosen === null ? undefined : chosen;
}

/** Values (JSON, or the []string Packer adds for only/except) written into a body by key. */
export type BodyValues = Readonly<Record<string, JsonValue | readonly string[]>>;

export function jsonBodyToHCL2Body(out: HclBody, kvs: BodyValues | undefined): void {
  if (!kvs) return;
  for (const k of Object.keys(kvs).sort(compareGoStrings)) {
    const value = kvs[k]!;
    if (isObject(value as JsonValue)) {
      const obj = value as JsonObject;
      const elem = ALWAYS_BLOCKS.has(k) ? undefined : mostComplexElement(Object.values(obj));
      if (elem !== undefined && isPrimitive(elem)) out.setAttributeValue(k, obj);
      else jsonBodyToHCL2Body(out.appendNewBlock(k), obj);
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      const elem = mostComplexElement(value as JsonValue[]);
      if (isObject(elem)) {
        for (const e of value as JsonValue[]) {
          // Go asserts every element to be an object here (and panics otherwise).
          if (!isObject(e)) throw new Error(`interface conversion: interface {} is ${goTypeOf(e)}, not map[string]interface {}`);
          jsonBodyToHCL2Body(out.appendNewBlock(k), e);
        }
        continue;
      }
    }
    out.setAttributeValue(k, value);
  }
}

function goTypeOf(v: JsonValue): string {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return '[]interface {}';
  return typeof v === 'number' ? 'float64' : typeof v === 'boolean' ? 'bool' : 'string';
}
