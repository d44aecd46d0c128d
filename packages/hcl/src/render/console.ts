// Values as `packer console` prints them (hcl2template.PrintableCtyValue): the value is first turned into plain Go
// data the way Packer's hcl2shim does (whole numbers that fit in an int64 become ints, other numbers float64s,
// null attributes of maps and objects disappear), then printed by Packer's repl formatter: strings bare at the
// top level and Go-quoted inside collections, `[` items with trailing commas `]`, `{` `"key" = value` lines `}`
// in sorted key order, two spaces of indentation per level.
import { utf8Length } from '../source.js';
import { goQuote } from '../syntax/goquote.js';
import { compareStrings } from '../values/types.js';
import type { Value } from '../values/value.js';

/** PrintableCtyValue: `<unknown>` unless the value is wholly known, else the repl rendering. */
export function renderConsoleValue(v: Value): string {
  if (!v.isWhollyKnown()) return '<unknown>';
  return formatResult(v, false);
}

function formatResult(v: Value, nested: boolean): string {
  if (v.isNull) return 'null';
  const t = v.type;
  switch (t.kind) {
    case 'string':
      return nested ? goQuote(v.asString()) : v.asString();
    case 'number':
      return formatNumber(v);
    case 'bool':
      return v.asBool() ? 'true' : 'false';
    case 'list':
    case 'set':
    case 'tuple': {
      const elems = v.asElements();
      let out = '[';
      if (elems.length > 0) out += '\n';
      for (const e of elems) out += indent(formatResult(e, true)) + ',\n';
      return out + ']';
    }
    case 'map':
    case 'object': {
      // hcl2shim leaves null-valued entries out of the Go map it builds.
      const entries = [...v.asEntries()].filter(([, e]) => !e.isNull);
      entries.sort((a, b) => compareStrings(a[0], b[0]));
      let out = '{';
      if (entries.length > 0) out += '\n';
      for (const [k, e] of entries) out += indent(`${goQuote(k)} = ${formatResult(e, true)}`) + '\n';
      return out + '}';
    }
    default:
      // Capsule and dynamic values have no Go equivalent; Packer's shim panics on them.
      return '<unknown-type>';
  }
}

/** An int when the number is a whole number that fits in an int64, else a float64 printed with Go's `%g`. */
function formatNumber(v: Value): string {
  const n = v.asNumber();
  if (n.isInt() && !n.isInf()) {
    const i = n.toBigInt();
    if (i !== undefined && i >= -(2n ** 63n) && i < 2n ** 63n) return i.toString();
  }
  return formatGoFloatG(n.toFloat64());
}

/** Go's fmt `%g` for a float64: shortest round-trip digits, exponent form when exp < -4 or exp >= 6. */
export function formatGoFloatG(x: number): string {
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (Number.isNaN(x)) return 'NaN';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest digits that round-trip, as Go's shortest mode does.
  const [mant, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return sign + intPart + (frac ? '.' + frac : '');
}

/** strconv.FormatFloat(x, 'f', -1, 64): shortest round-trip digits, never an exponent (mapstructure's float → string). */
export function formatGoFloatF(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  const [mant, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const point = Number(expText) + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The repl's indent: every line (as bufio.Scanner splits them) prefixed with two spaces. */
function indent(text: string): string {
  const lines: string[] = [];
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    let line = text.slice(i, nl < 0 ? text.length : nl);
    // bufio.Scanner gives up (silently, here) on a line of 64 KiB or more: the rest is lost.
    if (line.length * 3 >= 65536 && utf8Length(line, 0, line.length) >= 65536) break;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    lines.push('  ' + line);
    if (nl < 0) break;
    i = nl + 1;
  }
  return lines.join('\n');
}
