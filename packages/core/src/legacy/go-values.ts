// Decoded JSON values as a legacy template's messages show them: the reflect type names (`float64`,
// `map[string]interface {}`). fmt's %v of such values is the SDK's goJsonValueText, go-multierror's list the SDK's
// goMultiErrorText, strconv's 'f' formatting hcl's formatGoFloatF.
import type { JsonObject, JsonValue } from './types.js';

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** Sets an own property, even for keys such as `__proto__` (template keys are user data). */
export function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The Go type of a decoded JSON value, as reflect names it. */
export function goTypeName(v: JsonValue): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  switch (typeof v) {
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    default:
      return 'map[string]interface {}';
  }
}
