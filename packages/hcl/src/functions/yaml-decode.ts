// yamldecode as go-cty-yaml v1.0.1 (the version Packer pins) implements it: YAML 1.1 scalar resolution
// (y/yes/on booleans, ~ nulls, .inf, 0b integers, timestamps), quoted scalars always strings, `<<` merge keys,
// anchors and aliases, one document only, and its error texts ("on line L, column C: …", where L is libyaml's
// 0-based line and errors on the first line carry no position at all).
//
// The YAML syntax itself is parsed by the `yaml` package (not libyaml): values, styles, tags and anchors come
// from its document tree. Syntax-error messages are mapped to libyaml's wording for the common cases only.
import type { Document, Node } from 'yaml';
import { lazyLibrary } from './lazy-library.js';

const yaml = lazyLibrary<typeof import('yaml')>('yaml');
import { BigFloat } from '../values/number.js';
import { DynamicPseudoType, StringType, friendlyName, objectOf, tupleOf, typeEquals, type Type } from '../values/types.js';
import { Value, boolVal, nullVal, numberIntVal, numberVal, objectVal, stringVal, tupleVal } from '../values/value.js';
import { FunctionError } from './function.js';
import { goQuote } from './go-text.js';

const TAG_PREFIX = 'tag:yaml.org,2002:';
const STR_TAG = TAG_PREFIX + 'str';
const BOOL_TAG = TAG_PREFIX + 'bool';
const INT_TAG = TAG_PREFIX + 'int';
const FLOAT_TAG = TAG_PREFIX + 'float';
const NULL_TAG = TAG_PREFIX + 'null';
const TIMESTAMP_TAG = TAG_PREFIX + 'timestamp';
const BINARY_TAG = TAG_PREFIX + 'binary';
const MAP_TAG = TAG_PREFIX + 'map';
const SEQ_TAG = TAG_PREFIX + 'seq';

type Style = 'plain' | 'single' | 'double' | 'literal' | 'folded';
interface Mark {
  readonly line: number;
  readonly column: number;
}

/** A node of the single document, as libyaml events describe it. */
type YNode =
  | { kind: 'scalar'; value: string; style: Style; tag: string; anchor?: string; mark: Mark }
  | { kind: 'alias'; name: string; mark: Mark }
  | { kind: 'map'; tag: string; anchor?: string; mark: Mark; pairs: [YNode, YNode][] }
  | { kind: 'seq'; tag: string; anchor?: string; mark: Mark; items: YNode[] };

/** go-cty-yaml's positioned error: "on line L, column C: cause", or just the cause on libyaml's line 0. */
function eventError(mark: Mark | undefined, cause: string): FunctionError {
  if (!mark || mark.line === 0) return new FunctionError(cause);
  return new FunctionError(`on line ${mark.line}, column ${mark.column + 1}: ${cause}`);
}

// ---- positions -------------------------------------------------------------------------------------------------

/** libyaml marks: 0-based line (CR, LF, CRLF, NEL, LS and PS are breaks) and 0-based character column. */
class Positions {
  private readonly lineStarts: number[] = [0];
  constructor(private readonly src: string) {
    for (let i = 0; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c === 0x0d && src.charCodeAt(i + 1) === 0x0a) continue;
      if (c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029) this.lineStarts.push(i + 1);
    }
  }
  at(offset: number): Mark {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const start = this.lineStarts[lo]!;
    return { line: lo, column: [...this.src.slice(start, offset)].length };
  }
  /**
   * True when a node ending at `end` reaches the end of input on a line with content but no line break: libyaml
   * then gives a block scalar no final line break, where the `yaml` package adds one.
   */
  endsOnUnterminatedLine(end: number): boolean {
    if (end < this.src.length) return false;
    const last = this.src.slice(this.lineStarts[this.lineStarts.length - 1]!);
    return last.trim() !== '';
  }
  /** Where libyaml's STREAM-END token sits: column 0 of the line after the last non-empty line. */
  streamEnd(): Mark {
    const lastStart = this.lineStarts[this.lineStarts.length - 1]!;
    const line = this.lineStarts.length - 1 + (lastStart < this.src.length ? 1 : 0);
    return { line, column: 0 };
  }
  /** The start of a node's properties (anchor, tag) written before `offset`, which libyaml's event marks use. */
  withProps(offset: number, hasProps: boolean): number {
    if (!hasProps) return offset;
    let start = offset;
    let i = offset;
    for (;;) {
      while (i > 0 && /[ \t\r\n]/.test(this.src[i - 1]!)) i--;
      let j = i;
      while (j > 0 && !/[ \t\r\n]/.test(this.src[j - 1]!)) j--;
      const word = this.src.slice(j, i);
      if (word.length > 0 && (word[0] === '&' || word[0] === '!')) {
        start = j;
        i = j;
        continue;
      }
      return start;
    }
  }
}

// ---- parsing -----------------------------------------------------------------------------------------------------

function parseSingleDocument(src: string): YNode {
  if (src.length === 0) src = '\n';
  const pos = new Positions(src);
  const docs = yaml().parseAllDocuments(src, {
    version: '1.1',
    schema: 'failsafe',
    uniqueKeys: false,
    merge: false,
    strict: false,
    prettyErrors: false,
    keepSourceTokens: true,
  }) as Document.Parsed[] | { errors: unknown[] };
  if (!Array.isArray(docs)) throw new FunctionError('invalid YAML syntax');
  if (docs.length === 0) throw eventError(pos.streamEnd(), 'missing start of document');
  const first = docs[0]!;
  if (first.errors.length > 0) throw syntaxError(first.errors[0]!, pos, src);
  if (docs.length > 1) {
    const second = docs[1]!;
    const start = second.range[0];
    const explicit = /^---(?=[ \t\r\n]|$)/.test(src.slice(start)) || src[start] === '%';
    if (!explicit) throw eventError(pos.at(start), 'did not find expected <document start>');
    throw eventError(pos.at(start), 'unexpected extra content after value');
  }
  return convertNode(first.contents, pos, emptyMark(first, pos));
}

function emptyMark(doc: Document.Parsed, pos: Positions): Mark {
  return pos.at(doc.range[1]);
}

function convertNode(n: Node | null, pos: Positions, fallback: Mark): YNode {
  if (n === null || n === undefined) return { kind: 'scalar', value: '', style: 'plain', tag: '', mark: fallback };
  const props = (x: { tag?: string; anchor?: string }): { tag: string; anchor?: string } => {
    const out: { tag: string; anchor?: string } = { tag: x.tag ?? '' };
    if (x.anchor) out.anchor = x.anchor;
    return out;
  };
  const markOf = (x: Node & { tag?: string; anchor?: string }): Mark =>
    pos.at(pos.withProps(x.range?.[0] ?? 0, Boolean(x.tag || x.anchor)));
  if (yaml().isScalar(n)) {
    const style: Style =
      n.type === yaml().Scalar.QUOTE_SINGLE ? 'single'
      : n.type === yaml().Scalar.QUOTE_DOUBLE ? 'double'
      : n.type === yaml().Scalar.BLOCK_LITERAL ? 'literal'
      : n.type === yaml().Scalar.BLOCK_FOLDED ? 'folded'
      : 'plain';
    let value = n.value === null || n.value === undefined ? '' : String(n.value);
    if ((style === 'literal' || style === 'folded') && pos.endsOnUnterminatedLine(n.range?.[1] ?? 0)) {
      value = value.replace(/\n$/, '');
    }
    return { kind: 'scalar', value, style, ...props(n), mark: markOf(n) };
  }
  if (yaml().isAlias(n)) return { kind: 'alias', name: n.source, mark: pos.at(n.range?.[0] ?? 0) };
  if (yaml().isMap(n)) {
    const mark = markOf(n);
    const pairs: [YNode, YNode][] = n.items.map((p) => {
      const key = convertNode(p.key as Node | null, pos, mark);
      const valueFallback = p.key && (p.key as Node).range ? pos.at((p.key as Node).range![1]) : mark;
      return [key, convertNode(p.value as Node | null, pos, valueFallback)];
    });
    return { kind: 'map', ...props(n), mark, pairs };
  }
  if (yaml().isSeq(n)) {
    const mark = markOf(n);
    return { kind: 'seq', ...props(n), mark, items: n.items.map((i) => convertNode(i as Node | null, pos, mark)) };
  }
  throw new FunctionError('invalid YAML syntax');
}

/**
 * A syntax error from the `yaml` package, phrased as libyaml reports the common cases. libyaml has scanner errors
 * (reported as "on line L+1, column 1") and parser errors (0-based line L, 1-based column); either kind carries
 * no position when it is on the first line.
 */
function syntaxError(err: { code: string; message: string; pos: [number, number] }, pos: Positions, src: string): FunctionError {
  let offset = Math.min(err.pos[0], src.length);
  const skipSpaces = (o: number): number => {
    while (o < src.length && /[ \t\r\n]/.test(src[o]!)) o++;
    return o;
  };
  const atEnd = skipSpaces(offset) >= src.length;
  const msg = err.message;
  let scanner = false;
  let problem: string;
  let mark: Mark | undefined;
  switch (err.code) {
    case 'TAB_AS_INDENT':
    case 'BAD_SCALAR_START':
      scanner = true;
      problem = 'found character that cannot start any token';
      break;
    case 'BAD_DQ_ESCAPE':
      scanner = true;
      problem = 'found unknown escape character';
      break;
    case 'BAD_ALIAS':
      scanner = true;
      problem = 'did not find expected alphabetic or numeric character';
      break;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      if (/Nested mappings|on a single line/.test(msg) && !/flow/.test(msg)) {
        // libyaml stops at the ':' of the nested mapping.
        scanner = true;
        problem = 'mapping values are not allowed in this context';
        const colon = /:(?=[ \t\r\n]|$)/g;
        colon.lastIndex = offset;
        const m = colon.exec(src);
        if (m) offset = m.index;
      } else {
        problem = 'did not find expected key';
        offset = skipSpaces(offset);
      }
      break;
    case 'MISSING_CHAR':
    case 'BAD_INDENT':
      if (/quote/.test(msg)) {
        scanner = true;
        problem = 'found unexpected end of stream';
        offset = src.length;
      } else if (/Flow sequence/.test(msg)) {
        problem = "did not find expected ',' or ']'";
        if (atEnd) mark = pos.streamEnd();
      } else if (/Flow map/.test(msg)) {
        problem = "did not find expected ',' or '}'";
        if (atEnd) mark = pos.streamEnd();
      } else {
        problem = 'did not find expected key';
        offset = skipSpaces(offset);
      }
      break;
    case 'UNEXPECTED_TOKEN': {
      // A node where the enclosing block collection expected its next entry.
      const lineStart = src.lastIndexOf('\n', offset - 1) + 1;
      const prevLine = src.slice(src.lastIndexOf('\n', Math.max(lineStart - 2, 0)) + 1, lineStart);
      problem = /^\s*- /.test(prevLine) || /^\s*-$/.test(prevLine.trimEnd())
        ? "did not find expected '-' indicator"
        : 'did not find expected key';
      break;
    }
    default:
      problem = /end of/.test(msg) ? 'found unexpected end of stream' : 'did not find expected key';
  }
  mark ??= pos.at(offset);
  if (scanner) return mark.line === 0 ? new FunctionError(problem) : new FunctionError(`on line ${mark.line + 1}, column 1: ${problem}`);
  return eventError(mark, problem);
}

// ---- scalar resolution (go-cty-yaml resolve.go, v1.0.1) -----------------------------------------------------

const MERGE = Symbol('merge');
type Resolved = Value | typeof MERGE;

const RESOLVE_MAP: ReadonlyMap<string, () => Value> = (() => {
  const m = new Map<string, () => Value>();
  const t = (): Value => boolVal(true);
  const f = (): Value => boolVal(false);
  for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) m.set(s, t);
  for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) m.set(s, f);
  for (const s of ['', '~', 'null', 'Null', 'NULL']) m.set(s, () => nullVal(DynamicPseudoType));
  for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) m.set(s, () => numberVal(BigFloat.posInf));
  for (const s of ['-.inf', '-.Inf', '-.INF']) m.set(s, () => numberVal(BigFloat.negInf));
  return m;
})();

function hintOf(src: string): string {
  if (src === '') return 'N';
  const c = src[0]!;
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

function resolvableTag(tag: string): boolean {
  return ['', STR_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, NULL_TAG, TIMESTAMP_TAG, BINARY_TAG].includes(tag);
}

/** cty.ParseNumberVal: big.ParseFloat base 10 at 512 bits. */
function parseNumberVal(s: string): Value | undefined {
  const n = BigFloat.parse(s, 512);
  return n === undefined ? undefined : numberVal(n);
}

function resolveScalar(tag: string, src: string, style: Style): Resolved {
  if (!resolvableTag(tag)) throw new FunctionError(`unsupported tag ${goQuote(tag)}`);
  const hint = hintOf(src);
  if (hint !== '' && tag !== STR_TAG && tag !== BINARY_TAG) {
    if (style === 'single' || style === 'double') return stringVal(src);
    const known = RESOLVE_MAP.get(src);
    if (known) return known();
    if (tag === '' && (src === '.nan' || src === '.NaN' || src === '.NAN')) {
      throw new FunctionError('floating point NaN is not supported');
    }
    if (hint === '.') {
      const n = parseNumberVal(src);
      if (n) return n;
    } else if (hint === 'D' || hint === 'S') {
      if (tag === '' || tag === TIMESTAMP_TAG) {
        const t = parseTimestamp(src);
        if (t !== undefined) return stringVal(t);
      }
      const plain = src.split('_').join('');
      const n = parseNumberVal(plain);
      if (n) return n;
      if (plain.startsWith('0b') || plain.startsWith('-0b')) tag = INT_TAG;
    }
  }
  if (tag === '' && src === '<<') return MERGE;
  switch (tag) {
    case STR_TAG:
      return stringVal(src);
    case BINARY_TAG:
      if (!isGoBase64(src)) throw new FunctionError(`cannot parse ${goQuote(src)} as ${tag}: not valid base64`);
      return stringVal(src);
    case BOOL_TAG: {
      const v = RESOLVE_MAP.get(src)?.();
      if (!v || v.type.kind !== 'bool') throw new FunctionError(`cannot parse ${goQuote(src)} as ${tag}`);
      return v;
    }
    case FLOAT_TAG:
    case INT_TAG: {
      const plain = src.split('_').join('');
      const n = parseNumberVal(plain);
      if (n) return n;
      const i = parseGoInt(plain);
      if (i !== undefined) return numberIntVal(i);
      if (plain.startsWith('0b')) {
        const b = parseBinary(plain.slice(2));
        if (b !== undefined && b <= 2n ** 64n - 1n) return numberIntVal(b);
      } else if (plain.startsWith('-0b')) {
        const b = parseBinary(plain.slice(3));
        if (b !== undefined && b <= 2n ** 63n) return numberIntVal(-b);
      }
      throw new FunctionError(`cannot parse ${goQuote(src)} as ${tag}`);
    }
    case TIMESTAMP_TAG: {
      const t = parseTimestamp(src);
      if (t !== undefined) return stringVal(t);
      throw new FunctionError(`cannot parse ${goQuote(src)} as ${tag}`);
    }
    case NULL_TAG:
      return nullVal(DynamicPseudoType);
    default:
      return stringVal(src);
  }
}

function parseBinary(digits: string): bigint | undefined {
  if (!/^[01]+$/.test(digits)) return undefined;
  return BigInt('0b' + digits);
}

/** strconv.ParseInt(s, 0, 64), then ParseUint(s, 0, 64): Go integer literal prefixes 0x 0o 0b and leading-0 octal. */
function parseGoInt(s: string): bigint | undefined {
  let neg = false;
  let body = s;
  if (body.startsWith('+') || body.startsWith('-')) {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  let v: bigint | undefined;
  const lower = body.toLowerCase();
  if (/^0x[0-9a-f]+$/.test(lower)) v = BigInt(lower);
  else if (/^0o[0-7]+$/.test(lower)) v = BigInt(lower);
  else if (/^0b[01]+$/.test(lower)) v = BigInt(lower);
  else if (/^0[0-7]+$/.test(body)) v = BigInt('0o' + body.slice(1));
  else if (/^[0-9]+$/.test(body)) v = BigInt(body);
  if (v === undefined) return undefined;
  if (neg) return v <= 2n ** 63n ? -v : undefined;
  if (s.startsWith('+')) return v <= 2n ** 63n - 1n ? v : undefined; // ParseUint rejects a sign
  return v <= 2n ** 64n - 1n ? v : undefined;
}

/** encoding/base64 StdEncoding validity (padding required; CR and LF ignored). */
function isGoBase64(s: string): boolean {
  const t = s.replace(/[\r\n]/g, '');
  return t.length % 4 === 0 && /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t);
}


// ---- timestamps (time.Parse with go-cty-yaml's layouts, then Format(time.RFC3339)) ---------------------------

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The RFC 3339 form of a YAML timestamp, or undefined when none of the accepted layouts match. */
export function parseTimestamp(s: string): string | undefined {
  if (!/^[0-9]{4}-/.test(s)) return undefined;
  for (const sep of ['T', 't', ' ', '']) {
    const r = parseLayout(s, sep);
    if (r !== undefined) return r;
  }
  return undefined;
}

/** Layouts "2006-1-2<sep>15:4:5.999999999Z07:00" (T, t), "2006-1-2 15:4:5.999999999" and "2006-1-2". */
function parseLayout(s: string, sep: string): string | undefined {
  let rest = s;
  const num = (maxDigits: 1 | 2): number | undefined => {
    // getnum(value, false): one digit, or two when the second is a digit too.
    if (!/^[0-9]/.test(rest)) return undefined;
    const n = maxDigits === 2 && /^[0-9]{2}/.test(rest) ? 2 : 1;
    const v = Number(rest.slice(0, n));
    rest = rest.slice(n);
    return v;
  };
  const year = Number(rest.slice(0, 4));
  rest = rest.slice(4);
  if (!rest.startsWith('-')) return undefined;
  rest = rest.slice(1);
  const month = num(2);
  if (month === undefined || month < 1 || month > 12) return undefined;
  if (!rest.startsWith('-')) return undefined;
  rest = rest.slice(1);
  const day = num(2);
  if (day === undefined) return undefined;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let offset: number | undefined; // minutes east of UTC; undefined = UTC
  if (sep !== '') {
    if (!rest.startsWith(sep)) return undefined;
    rest = rest.slice(1);
    const h = num(2);
    if (h === undefined || h >= 24) return undefined;
    if (!rest.startsWith(':')) return undefined;
    rest = rest.slice(1);
    const m = num(2);
    if (m === undefined || m >= 60) return undefined;
    if (!rest.startsWith(':')) return undefined;
    rest = rest.slice(1);
    const sc = num(2);
    if (sc === undefined || sc >= 60) return undefined;
    [hour, min, sec] = [h, m, sc];
    // Optional fractional seconds: a '.' or ',' and any number of digits (dropped by RFC 3339 formatting).
    const frac = /^[.,][0-9]+/.exec(rest);
    if (frac) rest = rest.slice(frac[0].length);
    if (sep !== ' ') {
      if (rest.startsWith('Z')) {
        rest = rest.slice(1);
      } else {
        const z = /^([+-])([0-9]{2}):([0-9]{2})/.exec(rest);
        if (!z) return undefined;
        const hh = Number(z[2]);
        const mm = Number(z[3]);
        if (hh > 24 || mm > 60) return undefined;
        offset = (z[1] === '-' ? -1 : 1) * (hh * 60 + mm);
        rest = rest.slice(z[0].length);
      }
    }
  }
  if (rest !== '') return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const dim = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day < 1 || day > dim) return undefined;
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const date = `${String(year).padStart(4, '0')}-${p2(month)}-${p2(day)}T${p2(hour)}:${p2(min)}:${p2(sec)}`;
  if (offset === undefined || offset === 0) return date + 'Z';
  const a = Math.abs(offset);
  return `${date}${offset < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

// ---- implied type and value (implied_type.go, decode.go) --------------------------------------------------------

class Anchors<T> {
  private readonly pending = new Map<string, number>();
  private readonly done = new Map<string, T>();
  begin(name: string | undefined): void {
    if (name) this.pending.set(name, (this.pending.get(name) ?? 0) + 1);
  }
  complete(name: string | undefined, v: T): void {
    if (!name) return;
    const n = (this.pending.get(name) ?? 0) - 1;
    if (n <= 0) this.pending.delete(name);
    else this.pending.set(name, n);
    this.done.set(name, v);
  }
  get(name: string, mark: Mark): T {
    if (this.pending.has(name)) throw eventError(mark, `cannot refer to anchor ${goQuote(name)} from inside its own definition`);
    const v = this.done.get(name);
    if (v === undefined) throw eventError(mark, `reference to undefined anchor ${goQuote(name)}`);
    return v;
  }
}

function withMark<T>(mark: Mark, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FunctionError && !/^on line \d+, column \d+: /.test(e.message)) throw eventError(mark, e.message);
    throw e;
  }
}

/** The mapping key of a scalar key node, converted to a string as cty would. */
function keyString(key: YNode, resolve: () => Resolved | 'merge'): string | typeof MERGE {
  if (key.kind !== 'scalar') throw eventError(key.mark, 'only strings are allowed as mapping keys');
  const k = resolve();
  if (k === MERGE) return MERGE;
  if (k === 'merge') return MERGE;
  if (k.isNull) throw eventError(key.mark, 'mapping key cannot be null');
  switch (k.type.kind) {
    case 'string':
      return k.asString();
    case 'number':
      return k.asNumber().toString();
    case 'bool':
      return k.asBool() ? 'true' : 'false';
    default:
      throw eventError(key.mark, 'only strings are allowed as mapping keys');
  }
}

function impliedType(n: YNode, an: Anchors<Type>): Type {
  switch (n.kind) {
    case 'scalar': {
      an.begin(n.anchor);
      let ty: Type;
      if (n.tag === '' && n.style !== 'plain') ty = StringType;
      else {
        const v = withMark(n.mark, () => resolveScalar(n.tag, n.value, n.style));
        ty = v === MERGE ? StringType : v.type;
      }
      an.complete(n.anchor, ty);
      return ty;
    }
    case 'alias':
      return an.get(n.name, n.mark);
    case 'map': {
      if (n.tag !== '' && n.tag !== MAP_TAG) throw eventError(n.mark, `can't interpret mapping as ${n.tag}`);
      an.begin(n.anchor);
      const atys = new Map<string, Type>();
      for (const [key, value] of n.pairs) {
        const k = keyString(key, () => resolveScalar((key as { tag: string }).tag, (key as { value: string }).value, (key as { style: Style }).style));
        if (k === MERGE) {
          const ty = impliedType(value, an);
          if (ty.kind !== 'object') throw eventError(key.mark, `cannot merge ${friendlyName(ty)} into mapping`);
          for (const [name, aty] of ty.attributes) atys.set(name, aty);
          continue;
        }
        atys.set(k, impliedType(value, an));
      }
      const ty = objectOf(atys);
      an.complete(n.anchor, ty);
      return ty;
    }
    case 'seq': {
      if (n.tag !== '' && n.tag !== SEQ_TAG) throw eventError(n.mark, `can't interpret sequence as ${n.tag}`);
      an.begin(n.anchor);
      const ty = tupleOf(n.items.map((i) => impliedType(i, an)));
      an.complete(n.anchor, ty);
      return ty;
    }
  }
}

function unmarshal(n: YNode, an: Anchors<Value>): Value {
  switch (n.kind) {
    case 'scalar': {
      an.begin(n.anchor);
      const r = withMark(n.mark, () => resolveScalar(n.tag, n.value, n.style));
      const v = r === MERGE ? stringVal('<<') : r;
      an.complete(n.anchor, v);
      return v;
    }
    case 'alias':
      return an.get(n.name, n.mark);
    case 'map': {
      if (n.tag !== '' && n.tag !== MAP_TAG) throw eventError(n.mark, `can't interpret mapping as ${n.tag}`);
      an.begin(n.anchor);
      const vals = new Map<string, Value>();
      for (const [key, value] of n.pairs) {
        const k = keyString(key, () => resolveScalar((key as { tag: string }).tag, (key as { value: string }).value, (key as { style: Style }).style));
        if (k === MERGE) {
          const v = unmarshal(value, an);
          if (v.type.kind !== 'object' && v.type.kind !== 'map') {
            throw eventError(key.mark, `cannot merge ${friendlyName(v.type)} into mapping`);
          }
          for (const [name, e] of v.asEntries()) vals.set(name, e);
          continue;
        }
        vals.set(k, unmarshal(value, an));
      }
      const v = objectVal(vals);
      an.complete(n.anchor, v);
      return v;
    }
    case 'seq': {
      if (n.tag !== '' && n.tag !== SEQ_TAG) throw eventError(n.mark, `can't interpret sequence as ${n.tag}`);
      an.begin(n.anchor);
      const v = tupleVal(n.items.map((i) => unmarshal(i, an)));
      an.complete(n.anchor, v);
      return v;
    }
  }
}

/** convert.Convert(v, ty) for a value that has the implied type's shape, differing only in primitive leaves. */
function convertToImplied(v: Value, ty: Type): Value {
  if (ty.kind === 'dynamic' || typeEquals(v.type, ty)) return v;
  if (v.isNull) return nullVal(ty);
  switch (ty.kind) {
    case 'string':
      if (v.type.kind === 'string') return v;
      if (v.type.kind === 'number') return stringVal(v.asNumber().toString());
      if (v.type.kind === 'bool') return stringVal(v.asBool() ? 'true' : 'false');
      throw new FunctionError('string required');
    case 'object': {
      const out = new Map<string, Value>();
      for (const [k, aty] of ty.attributes) {
        const e = v.type.kind === 'object' ? v.asEntries().get(k) : undefined;
        out.set(k, e === undefined ? nullVal(aty) : convertToImplied(e, aty));
      }
      return objectVal(out);
    }
    case 'tuple': {
      const els = v.asElements();
      return tupleVal(ty.elements.map((ety, i) => convertToImplied(els[i]!, ety)));
    }
    default:
      return v;
  }
}

/** YAMLDecodeFunc's Type function: the implied type of the (single) document. */
export function yamlImpliedType(src: string): Type {
  return impliedType(parseSingleDocument(src), new Anchors<Type>());
}

/** YAMLDecodeFunc's Impl (v1.0.1): a wholly-null document gives an unknown value, as that version did. */
export function yamlDecode(src: string, ty: Type): Value {
  if (ty.kind === 'dynamic') return Value.unknownOf(DynamicPseudoType);
  const v = unmarshal(parseSingleDocument(src), new Anchors<Value>());
  return convertToImplied(v, ty);
}
