// Go text/template's predefined functions (and, or, not, len, index, print, printf, println, eq, ne, lt, le, gt,
// ge). html, js, urlquery, slice and call are defined (so parsing accepts them) but report "not supported".
import { FunctionError } from './exec.js';
import type { TemplateFunction } from './exec.js';
import { goQuote } from './lexer.js';
import { formatValue, fromJS, INVALID, isTrue, NIL, typeName } from './values.js';
import type { GoValue } from './values.js';

const bool = (v: boolean): GoValue => ({ t: 'bool', v });

function notSupported(name: string): TemplateFunction {
  return {
    params: [],
    variadic: 'any',
    call: () => {
      throw new FunctionError(`the ${name} function is not supported by tspacker's template engine`);
    },
  };
}

function index(args: GoValue[]): GoValue {
  let item = args[0]!;
  if (item.t === 'invalid' || item.t === 'nil') throw new FunctionError('index of untyped nil');
  for (const ix of args.slice(1)) {
    if (item.t === 'invalid' || item.t === 'nil') throw new FunctionError('index of untyped nil');
    if (item.t === 'slice' || item.t === 'string') {
      if (ix.t !== 'int') throw new FunctionError(`cannot index slice/array with type ${typeName(ix)}`);
      const len = item.t === 'slice' ? item.v.length : Buffer.byteLength(item.v);
      if (ix.v < 0 || ix.v >= len) throw new FunctionError(`index out of range: ${ix.v}`);
      item = item.t === 'slice' ? fromJS(item.v[ix.v]) : { t: 'int', v: Buffer.from(item.v)[ix.v]! };
      continue;
    }
    if (item.t === 'map') {
      if (ix.t !== 'string') throw new FunctionError(`value has type ${typeName(ix)}; should be string`);
      item = Object.prototype.hasOwnProperty.call(item.v, ix.v) ? fromJS(item.v[ix.v]) : NIL;
      continue;
    }
    throw new FunctionError(`can't index item of type ${typeName(item)}`);
  }
  return item;
}

function length(args: GoValue[]): GoValue {
  const item = args[0]!;
  switch (item.t) {
    case 'string': return { t: 'int', v: Buffer.byteLength(item.v) };
    case 'slice': return { t: 'int', v: item.v.length };
    case 'map': return { t: 'int', v: Object.keys(item.v).length };
    case 'invalid':
    case 'nil': throw new FunctionError('reflect: call of reflect.Value.Type on zero Value');
    default: throw new FunctionError(`len of type ${typeName(item)}`);
  }
}

/** fmt.Sprint: a space between operands when neither side is a string. */
function sprint(args: GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && a.t !== 'string' && args[i - 1]!.t !== 'string') out += ' ';
    out += formatValue(a);
  });
  return out;
}

/** fmt.Sprintf for the verbs templates use (%v %s %q %d %x %X %o %b %c %t %f %e %g %%, flags, width, precision). */
function sprintf(format: string, args: GoValue[]): string {
  let out = '';
  let argi = 0;
  const re = /%([-+# 0]*)(\d*)(?:\.(\d*))?(.?)/gy;
  for (let i = 0; i < format.length;) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    re.lastIndex = pct;
    const m = re.exec(format)!;
    i = re.lastIndex;
    const [, flags = '', width = '', prec, verb = ''] = m;
    if (verb === '') {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    const a = args[argi++];
    if (a === undefined) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const text = formatVerb(verb, a, prec === undefined ? undefined : Number(prec || '0'), flags);
    out += pad(text, width === '' ? 0 : Number(width), flags, a.t === 'int' || a.t === 'float');
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args.slice(argi).map((a) => `${typeName(a)}=${formatValue(a)}`).join(', ')})`;
  }
  return out;
}

function pad(text: string, width: number, flags: string, numeric: boolean): string {
  const n = Array.from(text).length;
  if (n >= width) return text;
  if (flags.includes('-')) return text + ' '.repeat(width - n);
  if (flags.includes('0') && numeric) {
    const sign = /^[+-]/.test(text) ? text[0]! : '';
    return sign + '0'.repeat(width - n) + text.slice(sign.length);
  }
  return ' '.repeat(width - n) + text;
}

const VALID_VERBS: Readonly<Record<string, string>> = {
  string: 'vsqxX', int: 'vdboOxXcqU', float: 'vbeEfFgGxX', bool: 'vt',
};

function formatVerb(verb: string, a: GoValue, prec: number | undefined, flags: string): string {
  if (a.t === 'nil' || a.t === 'invalid') return verb === 'v' ? '<nil>' : `%!${verb}(<nil>)`;
  const valid = VALID_VERBS[a.t];
  if (valid === undefined) return formatValue(a); // collections: %v form
  if (!valid.includes(verb)) return `%!${verb}(${typeName(a)}=${formatValue(a)})`;
  const plus = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  switch (a.t) {
    case 'string': {
      const s = prec === undefined ? a.v : Array.from(a.v).slice(0, prec).join('');
      if (verb === 'q') return goQuote(s);
      if (verb === 'x' || verb === 'X') {
        const hex = Buffer.from(s).toString('hex');
        return verb === 'X' ? hex.toUpperCase() : hex;
      }
      return s;
    }
    case 'bool':
      return formatValue(a);
    case 'int': {
      const v = a.v;
      const sign = v < 0 ? '-' : plus;
      const abs = Math.abs(v);
      switch (verb) {
        case 'c': return String.fromCodePoint(v);
        case 'q': return `'${String.fromCodePoint(v)}'`;
        case 'U': return `U+${abs.toString(16).toUpperCase().padStart(4, '0')}`;
        case 'x': return sign + abs.toString(16);
        case 'X': return sign + abs.toString(16).toUpperCase();
        case 'o': return sign + abs.toString(8);
        case 'O': return `${sign}0o${abs.toString(8)}`;
        case 'b': return sign + abs.toString(2);
        default: return sign + String(abs);
      }
    }
    case 'float': {
      const v = a.v;
      const sign = v < 0 || Object.is(v, -0) ? '-' : plus;
      const abs = Math.abs(v);
      switch (verb) {
        case 'f': case 'F': return sign + abs.toFixed(prec ?? 6);
        case 'e': case 'E': {
          const [m, e] = abs.toExponential(prec ?? 6).split('e') as [string, string];
          const exp = Number(e);
          const t = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
          return sign + (verb === 'E' ? t.toUpperCase() : t);
        }
        default: return (v >= 0 ? plus : '') + formatValue(a);
      }
    }
  }
  return formatValue(a);
}

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other';
const kindOf = (v: GoValue): Kind =>
  v.t === 'bool' || v.t === 'int' || v.t === 'float' || v.t === 'string' ? v.t : v.t === 'invalid' || v.t === 'nil' ? 'invalid' : 'other';

function eq(args: GoValue[]): GoValue {
  const a = args[0]!;
  if (args.length < 2) throw new FunctionError('missing argument for comparison');
  for (const b of args.slice(1)) {
    const ka = kindOf(a);
    const kb = kindOf(b);
    if (ka !== kb) {
      if (ka !== 'invalid' && kb !== 'invalid') throw new FunctionError('incompatible types for comparison');
      continue;
    }
    if (ka === 'other') throw new FunctionError(`non-comparable type ${formatValue(a)}: ${typeName(a)}`);
    if (ka === 'invalid' || (a as { v: unknown }).v === (b as { v: unknown }).v) return bool(true);
  }
  return bool(false);
}

function lessThan(args: GoValue[]): boolean {
  const [a, b] = args as [GoValue, GoValue];
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'bool' || ka === 'other' || ka === 'invalid') throw new FunctionError('invalid type for comparison');
  if (ka !== kb) throw new FunctionError('incompatible types for comparison');
  return (a as { v: number | string }).v < (b as { v: number | string }).v;
}

export const builtinFunctions: ReadonlyMap<string, TemplateFunction> = new Map<string, TemplateFunction>([
  ['and', { params: ['value'], variadic: 'value', call: () => INVALID }], // short-circuited in the executor
  ['or', { params: ['value'], variadic: 'value', call: () => INVALID }],
  ['not', { params: ['value'], call: (a) => bool(!isTrue(a[0]!)) }],
  ['len', { params: ['value'], call: length }],
  ['index', { params: ['value'], variadic: 'value', call: index }],
  ['print', { params: [], variadic: 'any', call: (a) => ({ t: 'string', v: sprint(a) }) }],
  ['println', { params: [], variadic: 'any', call: (a) => ({ t: 'string', v: `${a.map(formatValue).join(' ')}\n` }) }],
  ['printf', { params: ['string'], variadic: 'any', call: (a) => ({ t: 'string', v: sprintf((a[0] as { v: string }).v, a.slice(1)) }) }],
  ['eq', { params: ['value'], variadic: 'value', call: eq }],
  ['ne', { params: ['value', 'value'], call: (a) => bool(!(eq(a) as { v: boolean }).v) }],
  ['lt', { params: ['value', 'value'], call: (a) => bool(lessThan(a)) }],
  ['le', { params: ['value', 'value'], call: (a) => bool(lessThan(a) || (eq(a) as { v: boolean }).v) }],
  ['gt', { params: ['value', 'value'], call: (a) => bool(!lessThan(a) && !(eq(a) as { v: boolean }).v) }],
  ['ge', { params: ['value', 'value'], call: (a) => bool(!lessThan(a)) }],
  ['html', notSupported('html')],
  ['js', notSupported('js')],
  ['urlquery', notSupported('urlquery')],
  ['slice', notSupported('slice')],
  ['call', notSupported('call')],
]);
