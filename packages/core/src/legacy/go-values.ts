// How Go prints the JSON values and errors a legacy template's messages show: go-multierror's list layout,
// reflect type names of decoded JSON (`float64`, `map[string]interface {}`), fmt's %v of such values, and
// strconv's 'f' formatting mapstructure uses when it turns a number into a string.
import { formatGoFloatG } from '@tspacker/hcl';
import type { JsonObject, JsonValue } from './types.js';

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** Sets an own property, even for keys such as `__proto__` (template keys are user data). */
export function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** go-multierror's default format: `1 error occurred:\n\t* e\n\n` or `N errors occurred:\n\t* a\n\t* b\n\n`. */
export function goMultiErrorText(errors: readonly string[]): string {
  if (errors.length === 1) return `1 error occurred:\n\t* ${errors[0]}\n\n`;
  return `${errors.length} errors occurred:\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n\n`;
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

/** fmt's %v of a decoded JSON value (maps print with sorted keys). */
export function goValueText(v: JsonValue): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValueText).join(' ')}]`;
  switch (typeof v) {
    case 'number':
      return formatGoFloatG(v);
    case 'boolean':
    case 'string':
      return String(v);
    default:
      return `map[${Object.keys(v)
        .sort()
        .map((k) => `${k}:${goValueText(v[k]!)}`)
        .join(' ')}]`;
  }
}

/** strconv.FormatFloat(f, 'f', -1, 64): the shortest decimal that round-trips, never an exponent. */
export function goFormatFloatF(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN';
  const text = String(x);
  if (!/e/i.test(text)) return text;
  const [mant, expText] = x.toExponential().split('e') as [string, string];
  const negative = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const exp = Number(expText);
  let out: string;
  if (exp >= 0) out = digits.length > exp + 1 ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}` : digits + '0'.repeat(exp + 1 - digits.length);
  else out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  return (negative ? '-' : '') + out;
}
