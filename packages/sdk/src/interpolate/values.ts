// Template values modelled on the Go kinds text/template distinguishes, converted from plain JS data, plus Go's
// fmt %v printing of them (what `{{ x }}` writes).

export type GoValue =
  /** reflect's invalid Value: a missing map key or nil data; prints `<no value>`. */
  | { readonly t: 'invalid' }
  /** A nil interface (e.g. `nil` passed to an interface{} parameter); prints `<nil>`. */
  | { readonly t: 'nil' }
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'int'; readonly v: number }
  | { readonly t: 'float'; readonly v: number }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'slice'; readonly v: readonly unknown[] }
  | { readonly t: 'map'; readonly v: Readonly<Record<string, unknown>> }
  /** A Go struct: a missing field is an error naming `type`. */
  | { readonly t: 'struct'; readonly v: Readonly<Record<string, unknown>>; readonly type: string };

export const INVALID: GoValue = { t: 'invalid' };
export const NIL: GoValue = { t: 'nil' };
export const str = (v: string): GoValue => ({ t: 'string', v });

/** Plain JS data as template data: objects are map[string]interface{}, arrays []interface{}, null is missing. */
export function fromJS(x: unknown): GoValue {
  switch (typeof x) {
    case 'string': return { t: 'string', v: x };
    case 'number': return Number.isInteger(x) ? { t: 'int', v: x } : { t: 'float', v: x };
    case 'bigint': return { t: 'int', v: Number(x) };
    case 'boolean': return { t: 'bool', v: x };
    case 'object':
      if (x === null) return INVALID;
      if (Array.isArray(x)) return { t: 'slice', v: x };
      return { t: 'map', v: x as Record<string, unknown> };
    default:
      return INVALID;
  }
}

/** Go's reflect type name of a value, as error messages print it. */
export function typeName(x: GoValue): string {
  switch (x.t) {
    case 'invalid': return '<invalid Value>';
    case 'nil': return 'interface {}';
    case 'string': return 'string';
    case 'int': return 'int';
    case 'float': return 'float64';
    case 'bool': return 'bool';
    case 'slice': return '[]interface {}';
    case 'map': return 'map[string]interface {}';
    case 'struct': return x.type;
  }
}

/** fmt.Sprint(x) / %v. */
export function formatValue(x: GoValue): string {
  switch (x.t) {
    case 'invalid': return '<no value>';
    case 'nil': return '<nil>';
    case 'string': return x.v;
    case 'int': return String(x.v);
    case 'float': return formatFloat(x.v);
    case 'bool': return x.v ? 'true' : 'false';
    case 'slice': return `[${x.v.map((e) => formatNested(e)).join(' ')}]`;
    case 'map': {
      const keys = Object.keys(x.v).sort();
      return `map[${keys.map((k) => `${k}:${formatNested(x.v[k])}`).join(' ')}]`;
    }
    case 'struct': return `{${Object.values(x.v).map((e) => formatNested(e)).join(' ')}}`;
  }
}

function formatNested(e: unknown): string {
  const v = fromJS(e);
  return v.t === 'invalid' ? '<nil>' : formatValue(v);
}

/** strconv.FormatFloat(f, 'g', -1, 64) as fmt's %v uses it: shortest digits, exponent form outside [1e-4, 1e6). */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expText] = Math.abs(f).toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  const digits = mant.replace('.', '');
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** text/template's truth: non-zero numbers, non-empty strings/collections, true, any struct. */
export function isTrue(x: GoValue): boolean {
  switch (x.t) {
    case 'invalid': case 'nil': return false;
    case 'string': return x.v.length > 0;
    case 'int': case 'float': return x.v !== 0;
    case 'bool': return x.v;
    case 'slice': return x.v.length > 0;
    case 'map': return Object.keys(x.v).length > 0;
    case 'struct': return true;
  }
}
