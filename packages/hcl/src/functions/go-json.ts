// cty/json over Go's encoding/json: Marshal (jsonencode, and format's %v / %#v / %q verbs), and the Decoder
// token stream that ImpliedType and Unmarshal read (jsondecode). Go escapes more than JSON.stringify: `<` `>` `&`
// as \u003c \u003e \u0026, U+2028 / U+2029, and control characters other than \b \f \n \r \t as \u00XX.
import { BigFloat } from '../values/number.js';
import { BoolType, DynamicPseudoType, NumberType, StringType, compareStrings, listOf, mapOf, objectOf, setOf, tupleOf, type Type } from '../values/types.js';
import {
  EmptyObjectVal,
  EmptyTupleVal,
  boolVal,
  listVal,
  listValEmpty,
  mapVal,
  mapValEmpty,
  nullVal,
  numberVal,
  objectVal,
  setVal,
  setValEmpty,
  stringVal,
  tupleVal,
  type Value,
} from '../values/value.js';
import { FunctionError } from './function.js';
import { goQuote } from './go-text.js';

const HEX = '0123456789abcdef';

/** Go json.Marshal(string), HTML escaping on. */
export function goJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26) {
      switch (c) {
        case 0x22:
          esc = '\\"';
          break;
        case 0x5c:
          esc = '\\\\';
          break;
        case 0x08:
          esc = '\\b';
          break;
        case 0x0c:
          esc = '\\f';
          break;
        case 0x0a:
          esc = '\\n';
          break;
        case 0x0d:
          esc = '\\r';
          break;
        case 0x09:
          esc = '\\t';
          break;
        default:
          esc = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
      }
    } else if (c === 0x2028 || c === 0x2029) {
      esc = '\\u202' + HEX[c & 0xf];
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate cannot come from valid UTF-8; Go would see an invalid byte sequence.
      const pair = c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        i++;
        continue;
      }
      esc = '\\ufffd';
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** An error from cty's JSON marshalling (e.g. infinities, unknown values). */
export class JsonMarshalError extends Error {}

/** cty/json Marshal(val, type): compact JSON; object attributes and map keys in byte order. */
export function ctyJsonMarshal(val: Value, type: Type = val.type): string {
  const parts: string[] = [];
  marshal(val, type, parts);
  return parts.join('');
}

function marshal(val: Value, t: Type, out: string[]): void {
  if (val.marks && val.marks.size > 0) throw new JsonMarshalError('value has marks, so it cannot be serialized as JSON');
  if (t.kind === 'dynamic' && val.type.kind !== 'dynamic') {
    // The declared type does not say what this is, so cty records the type alongside the value.
    out.push('{"value":');
    marshal(val, val.type, out);
    out.push(',"type":', ctyJsonType(val.type), '}');
    return;
  }
  if (val.isNull) {
    out.push('null');
    return;
  }
  if (!val.isKnown) throw new JsonMarshalError('value is not known');
  switch (t.kind) {
    case 'string':
      out.push(goJsonString(val.asString()));
      return;
    case 'number': {
      const n = val.asNumber();
      if (n.isInf()) throw new JsonMarshalError('cannot serialize infinity as JSON');
      out.push(n.toString());
      return;
    }
    case 'bool':
      out.push(val.asBool() ? 'true' : 'false');
      return;
    case 'list':
    case 'set':
    case 'tuple': {
      out.push('[');
      val.asElements().forEach((e, i) => {
        if (i > 0) out.push(',');
        marshal(e, t.kind === 'tuple' ? t.elements[i]! : t.element, out);
      });
      out.push(']');
      return;
    }
    case 'map':
    case 'object': {
      out.push('{');
      const entries = [...val.asEntries()].sort((a, b) => compareStrings(a[0], b[0]));
      entries.forEach(([k, e], i) => {
        if (i > 0) out.push(',');
        out.push(goJsonString(k), ':');
        marshal(e, t.kind === 'object' ? t.attributes.get(k)! : t.element, out);
      });
      out.push('}');
      return;
    }
    default:
      throw new JsonMarshalError(`cannot JSON-serialize ${t.kind}`);
  }
}

/** cty/json MarshalType: "string", ["list","number"], ["object",{"a":"bool"}], ["tuple",[…]]. */
export function ctyJsonType(t: Type): string {
  switch (t.kind) {
    case 'string':
    case 'number':
    case 'bool':
    case 'dynamic':
      return `"${t.kind}"`;
    case 'list':
    case 'set':
    case 'map':
      return `["${t.kind}",${ctyJsonType(t.element)}]`;
    case 'tuple':
      return `["tuple",[${t.elements.map(ctyJsonType).join(',')}]]`;
    case 'object': {
      const attrs = [...t.attributes].map(([k, a]) => `${goJsonString(k)}:${ctyJsonType(a)}`).join(',');
      const opt = t.optional && t.optional.size > 0 ? `,[${[...t.optional].sort(compareStrings).map(goJsonString).join(',')}]` : '';
      return `["object",{${attrs}}${opt}]`;
    }
    case 'capsule':
      return `"${t.name}"`;
  }
}

// ---- decoding: Go's json.Decoder.Token stream, as cty/json ImpliedType and Unmarshal read it -------------------

/** A parsed JSON value. Objects keep every member in order, duplicates included (cty decides which wins). */
export type JsonNode =
  | { readonly kind: 'object'; readonly members: readonly (readonly [string, JsonNode])[] }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' };

/** An error with the message Go's encoding/json (or cty/json) reports. */
export class GoJsonError extends Error {}

type TokenState = 'top' | 'arrayStart' | 'arrayValue' | 'arrayComma' | 'objectStart' | 'objectKey' | 'objectColon' | 'objectValue' | 'objectComma';

const isJsonSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** encoding/json's quoteChar: the byte as a Go rune literal (a non-ASCII byte shows as its Latin-1 character). */
function quoteByte(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  const q = goQuoteRune(c);
  return q;
}

function goQuoteRune(c: number): string {
  // strconv.Quote of a one-rune string, with single quotes.
  let body: string;
  switch (c) {
    case 0x07: body = '\\a'; break;
    case 0x08: body = '\\b'; break;
    case 0x0c: body = '\\f'; break;
    case 0x0a: body = '\\n'; break;
    case 0x0d: body = '\\r'; break;
    case 0x09: body = '\\t'; break;
    case 0x0b: body = '\\v'; break;
    case 0x5c: body = '\\\\'; break;
    default:
      if (c < 0x20 || c === 0x7f) body = '\\x' + HEX[c >> 4]! + HEX[c & 0xf]!;
      else if (c >= 0x80 && c < 0xa0) body = '\\u00' + HEX[c >> 4]! + HEX[c & 0xf]!;
      else if (c === 0xa0 || c === 0xad) body = '\\u00' + HEX[c >> 4]! + HEX[c & 0xf]!;
      else body = String.fromCharCode(c);
  }
  return `'${body}'`;
}

/**
 * Reads the first JSON value of `text` the way cty's ImpliedType does (json.Decoder with UseNumber, then a
 * More() check), returning the value tree. Errors carry Go's messages ("invalid character 'x' looking for
 * beginning of value", "unexpected EOF", "EOF", "extraneous data after JSON object").
 */
export function parseGoJson(text: string): JsonNode {
  const d = new TokenDecoder(Buffer.from(text, 'utf8'));
  const first = d.token();
  const node = d.valueFrom(first);
  if (d.more()) throw new GoJsonError('extraneous data after JSON object');
  return node;
}

type Tok = { delim: '{' | '}' | '[' | ']' } | { node: JsonNode };

class TokenDecoder {
  private pos = 0;
  private state: TokenState = 'top';
  private readonly stack: TokenState[] = [];

  constructor(private readonly buf: Buffer) {}

  /** The next non-space byte, or undefined at the end (Go's peek returning io.EOF). */
  private peek(): number | undefined {
    while (this.pos < this.buf.length && isJsonSpace(this.buf[this.pos]!)) this.pos++;
    return this.pos < this.buf.length ? this.buf[this.pos] : undefined;
  }

  more(): boolean {
    const c = this.peek();
    return c !== undefined && c !== 0x5d && c !== 0x7d;
  }

  private valueAllowed(): boolean {
    return this.state === 'top' || this.state === 'arrayStart' || this.state === 'arrayValue' || this.state === 'objectValue';
  }

  private valueEnd(): void {
    if (this.state === 'arrayStart' || this.state === 'arrayValue') this.state = 'arrayComma';
    else if (this.state === 'objectValue') this.state = 'objectComma';
  }

  private tokenError(c: number): never {
    let context = '';
    switch (this.state) {
      case 'top':
      case 'arrayStart':
      case 'arrayValue':
      case 'objectValue':
        context = ' looking for beginning of value';
        break;
      case 'arrayComma':
        context = ' after array element';
        break;
      case 'objectKey':
        context = ' looking for beginning of object key string';
        break;
      case 'objectColon':
        context = ' after object key';
        break;
      case 'objectComma':
        context = ' after object key:value pair';
        break;
    }
    throw new GoJsonError(`invalid character ${quoteByte(c)}${context}`);
  }

  /** json.Decoder.Token */
  token(): Tok {
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new GoJsonError('EOF');
      switch (c) {
        case 0x5b: // [
        case 0x7b: // {
          if (!this.valueAllowed()) this.tokenError(c);
          this.pos++;
          this.stack.push(this.state);
          this.state = c === 0x5b ? 'arrayStart' : 'objectStart';
          return { delim: c === 0x5b ? '[' : '{' };
        case 0x5d: // ]
          if (this.state !== 'arrayStart' && this.state !== 'arrayComma') this.tokenError(c);
          this.pos++;
          this.state = this.stack.pop()!;
          this.valueEnd();
          return { delim: ']' };
        case 0x7d: // }
          if (this.state !== 'objectStart' && this.state !== 'objectComma') this.tokenError(c);
          this.pos++;
          this.state = this.stack.pop()!;
          this.valueEnd();
          return { delim: '}' };
        case 0x3a: // :
          if (this.state !== 'objectColon') this.tokenError(c);
          this.pos++;
          this.state = 'objectValue';
          continue;
        case 0x2c: // ,
          if (this.state === 'arrayComma') {
            this.pos++;
            this.state = 'arrayValue';
            continue;
          }
          if (this.state === 'objectComma') {
            this.pos++;
            this.state = 'objectKey';
            continue;
          }
          this.tokenError(c);
          break;
        default: {
          if (c === 0x22 && (this.state === 'objectStart' || this.state === 'objectKey')) {
            const key = this.scalar();
            this.state = 'objectColon';
            return { node: key };
          }
          if (!this.valueAllowed()) this.tokenError(c);
          const node = this.scalar();
          this.valueEnd();
          return { node };
        }
      }
    }
  }

  /** Builds a value from its first token (cty's impliedTypeForTok + unmarshal, reading the rest of it). */
  valueFrom(tok: Tok): JsonNode {
    if ('node' in tok) return tok.node;
    if (tok.delim === '{') {
      const members: [string, JsonNode][] = [];
      for (;;) {
        const k = this.token();
        if ('delim' in k) {
          if (k.delim !== '}') throw new GoJsonError(`unexpected delimiter ${goQuoteRune(k.delim.charCodeAt(0))}`);
          break;
        }
        if (k.node.kind !== 'string') throw new GoJsonError(`expected string but found ${goTypeName(k.node)}`);
        const v = this.valueFrom(this.token());
        members.push([k.node.value, v]);
      }
      return { kind: 'object', members };
    }
    if (tok.delim === '[') {
      const items: JsonNode[] = [];
      for (;;) {
        const t = this.token();
        if ('delim' in t && t.delim === ']') break;
        items.push(this.valueFrom(t));
      }
      return { kind: 'array', items };
    }
    throw new GoJsonError(`unexpected token ${goQuoteRune(tok.delim.charCodeAt(0))}`);
  }

  /** Decode(&x) of a string, number or literal: Go's scanner over one value, then its unquoting. */
  private scalar(): JsonNode {
    const buf = this.buf;
    const start = this.pos;
    let i = start;
    const at = (k: number): number | undefined => (k < buf.length ? buf[k] : undefined);
    const fail = (k: number, context: string): never => {
      const c = at(k);
      if (c === undefined) throw new GoJsonError('unexpected EOF');
      throw new GoJsonError(`invalid character ${quoteByte(c)} ${context}`);
    };
    const c0 = buf[i]!;
    if (c0 === 0x22) {
      i++;
      for (;;) {
        const c = at(i);
        if (c === undefined) throw new GoJsonError('unexpected EOF');
        if (c === 0x22) {
          i++;
          break;
        }
        if (c === 0x5c) {
          const e = at(i + 1);
          if (e === undefined) throw new GoJsonError('unexpected EOF');
          if (e === 0x75) {
            for (let h = 0; h < 4; h++) {
              const x = at(i + 2 + h);
              if (x === undefined) throw new GoJsonError('unexpected EOF');
              if (!isHex(x)) fail(i + 2 + h, 'in \\u hexadecimal character escape');
            }
            i += 6;
            continue;
          }
          if (!'bfnrt\\/"'.includes(String.fromCharCode(e))) fail(i + 1, 'in string escape code');
          i += 2;
          continue;
        }
        if (c < 0x20) fail(i, 'in string literal');
        i++;
      }
      this.pos = i;
      return { kind: 'string', value: unquoteJson(buf.subarray(start + 1, i - 1)) };
    }
    if (c0 === 0x2d || (c0 >= 0x30 && c0 <= 0x39)) {
      const isDigitAt = (k: number): boolean => {
        const c = at(k);
        return c !== undefined && c >= 0x30 && c <= 0x39;
      };
      if (c0 === 0x2d) {
        i++;
        if (!isDigitAt(i)) fail(i, 'in numeric literal');
      }
      if (at(i) === 0x30) i++;
      else while (isDigitAt(i)) i++;
      if (at(i) === 0x2e) {
        i++;
        if (!isDigitAt(i)) fail(i, 'after decimal point in numeric literal');
        while (isDigitAt(i)) i++;
      }
      if (at(i) === 0x65 || at(i) === 0x45) {
        i++;
        if (at(i) === 0x2b || at(i) === 0x2d) i++;
        if (!isDigitAt(i)) fail(i, 'in exponent of numeric literal');
        while (isDigitAt(i)) i++;
      }
      this.pos = i;
      return { kind: 'number', text: buf.subarray(start, i).toString('latin1') };
    }
    for (const [word, node] of [
      ['true', { kind: 'bool', value: true }],
      ['false', { kind: 'bool', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (c0 !== word.charCodeAt(0)) continue;
      for (let k = 1; k < word.length; k++) {
        if (at(i + k) !== word.charCodeAt(k)) fail(i + k, `in literal ${word} (expecting '${word[k]}')`);
      }
      this.pos = i + word.length;
      return node;
    }
    return fail(i, 'looking for beginning of value');
  }
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function goTypeName(n: JsonNode): string {
  switch (n.kind) {
    case 'number':
      return 'json.Number';
    case 'bool':
      return 'bool';
    case 'null':
      return '<nil>';
    default:
      return n.kind;
  }
}

/** The contents of a JSON string literal (already validated): escapes resolved, lone surrogates as U+FFFD. */
function unquoteJson(raw: Buffer): string {
  const s = raw.toString('utf8');
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i]!;
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        let cu = parseInt(s.slice(i + 1, i + 5), 16);
        i += 4;
        if (cu >= 0xd800 && cu <= 0xdbff) {
          // A high surrogate needs a following \u low surrogate; otherwise it is a replacement character.
          const m = /^\\u([0-9a-fA-F]{4})/.exec(s.slice(i + 1));
          const lo = m ? parseInt(m[1]!, 16) : -1;
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            out += String.fromCharCode(cu, lo);
            i += 6;
            break;
          }
          cu = 0xfffd;
        } else if (cu >= 0xdc00 && cu <= 0xdfff) cu = 0xfffd;
        out += String.fromCharCode(cu);
        break;
      }
      default:
        out += e;
    }
  }
  return out;
}

// ---- cty/json ImpliedType and Unmarshal ---------------------------------------------------------------------------

/** cty/json ImpliedType: objects → object types (the last duplicate key wins), arrays → tuples, null → dynamic. */
export function jsonImpliedType(n: JsonNode): Type {
  switch (n.kind) {
    case 'null':
      return DynamicPseudoType;
    case 'bool':
      return BoolType;
    case 'number':
      return NumberType;
    case 'string':
      return StringType;
    case 'array':
      return tupleOf(n.items.map(jsonImpliedType));
    case 'object': {
      const atys = new Map<string, Type>();
      for (const [k, v] of n.members) atys.set(k, jsonImpliedType(v));
      return objectOf(atys);
    }
  }
}

/** cty/json Unmarshal(value, type), which matters when duplicate keys gave a value a different type. */
export function jsonUnmarshal(n: JsonNode, t: Type): Value {
  if (n.kind === 'null') return nullVal(t);
  const delim = (want: string): never => {
    throw new FunctionError(`missing expected ${want}`);
  };
  switch (t.kind) {
    case 'dynamic':
      return jsonUnmarshalDynamic(n);
    case 'bool':
      if (n.kind === 'bool') return boolVal(n.value);
      if (n.kind === 'string') {
        if (n.value === 'true' || n.value === '1') return boolVal(true);
        if (n.value === 'false' || n.value === '0') return boolVal(false);
        const lower = n.value.toLowerCase();
        if (lower === 'true' || lower === 'false') {
          throw new FunctionError(`a bool is required; to convert from string, use lowercase "${lower}"`);
        }
        throw new FunctionError('a bool is required');
      }
      throw new FunctionError('bool is required');
    case 'number': {
      const text = n.kind === 'number' ? n.text : n.kind === 'string' ? n.value : undefined;
      if (text === undefined) throw new FunctionError('number is required');
      const f = BigFloat.parse(text, 512);
      if (f === undefined) throw new FunctionError('a number is required');
      return numberVal(f);
    }
    case 'string':
      if (n.kind === 'string') return stringVal(n.value);
      if (n.kind === 'number') return stringVal(n.text);
      if (n.kind === 'bool') return stringVal(n.value ? 'true' : 'false');
      throw new FunctionError('string is required');
    case 'list':
    case 'set': {
      if (n.kind !== 'array') return delim('[');
      const vals = n.items.map((i) => jsonUnmarshal(i, t.element));
      if (t.kind === 'list') return vals.length === 0 ? listValEmpty(t.element) : listVal(vals, t.element);
      return vals.length === 0 ? setValEmpty(t.element) : setVal(vals, t.element);
    }
    case 'map': {
      if (n.kind !== 'object') return delim('{');
      const vals = new Map<string, Value>();
      for (const [k, v] of n.members) vals.set(k, jsonUnmarshal(v, t.element));
      return vals.size === 0 ? mapValEmpty(t.element) : mapVal(vals, t.element);
    }
    case 'tuple': {
      if (n.kind !== 'array') return delim('[');
      if (n.items.length > t.elements.length) throw new FunctionError(`too many tuple elements (need ${t.elements.length})`);
      if (n.items.length < t.elements.length) throw new FunctionError(`not enough tuple elements (need ${t.elements.length})`);
      return n.items.length === 0 ? EmptyTupleVal : tupleVal(n.items.map((i, k) => jsonUnmarshal(i, t.elements[k]!)));
    }
    case 'object': {
      if (n.kind !== 'object') return delim('{');
      const vals = new Map<string, Value>();
      for (const [k, v] of n.members) {
        const aty = t.attributes.get(k);
        if (!aty) throw new FunctionError(`unsupported attribute ${goQuote(k)}`);
        vals.set(k, jsonUnmarshal(v, aty));
      }
      for (const [k, aty] of t.attributes) if (!vals.has(k)) vals.set(k, nullVal(aty));
      return vals.size === 0 ? EmptyObjectVal : objectVal(vals);
    }
    default:
      throw new FunctionError(`unsupported type ${t.kind}`);
  }
}

/** cty/json's dynamic encoding {"value": …, "type": …}, reachable only through duplicate keys. */
function jsonUnmarshalDynamic(n: JsonNode): Value {
  if (n.kind !== 'object') throw new FunctionError('missing expected {');
  let type: Type | undefined;
  let body: JsonNode | undefined;
  for (const [k, v] of n.members) {
    if (k === 'type') type = jsonTypeFrom(v);
    else if (k === 'value') body = v;
    else throw new FunctionError(`invalid key ${goQuote(k)} in dynamically-typed value`);
  }
  if (!type) throw new FunctionError('missing type in dynamically-typed value');
  if (!body) throw new FunctionError('missing value in dynamically-typed value');
  return jsonUnmarshal(body, type);
}

function jsonTypeFrom(n: JsonNode): Type {
  const bad = (): never => {
    throw new FunctionError('failed to decode type for dynamic value: invalid type');
  };
  if (n.kind === 'string') {
    switch (n.value) {
      case 'string':
        return StringType;
      case 'number':
        return NumberType;
      case 'bool':
        return BoolType;
      case 'dynamic':
        return DynamicPseudoType;
    }
    return bad();
  }
  if (n.kind !== 'array' || n.items.length < 2 || n.items[0]!.kind !== 'string') return bad();
  const kind = (n.items[0] as { value: string }).value;
  const arg = n.items[1]!;
  switch (kind) {
    case 'list':
      return listOf(jsonTypeFrom(arg));
    case 'set':
      return setOf(jsonTypeFrom(arg));
    case 'map':
      return mapOf(jsonTypeFrom(arg));
    case 'tuple':
      if (arg.kind !== 'array') return bad();
      return tupleOf(arg.items.map(jsonTypeFrom));
    case 'object':
      if (arg.kind !== 'object') return bad();
      return objectOf(arg.members.map(([k, v]) => [k, jsonTypeFrom(v)] as [string, Type]));
  }
  return bad();
}

// ---- json.Unmarshal and json.Decoder.Decode: Go's scanner over the whole input, then the value tree -------------
// Unmarshal checks the whole input with its scanner before decoding anything (so the first syntax error wins, with
// the byte offset *json.SyntaxError reports); a Decoder reads just the first value and leaves the rest unread.

/** Go's *json.SyntaxError: the message and its Offset (the count of bytes read when the error was found). */
export class GoJsonSyntaxError extends GoJsonError {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Go's maxNestingDepth: deeper arrays and objects are a syntax error ("exceeded max depth"). */
const MAX_NESTING_DEPTH = 10000;

const enum Scan {
  Continue,
  BeginLiteral,
  BeginObject,
  ObjectKey,
  ObjectValue,
  EndObject,
  BeginArray,
  ArrayValue,
  EndArray,
  SkipSpace,
  End,
  Error,
}

const enum Parse {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

type Step = (s: GoScanner, c: number) => Scan;

/** encoding/json's scanner: a state machine fed one byte at a time, with Go's error texts. */
class GoScanner {
  step: Step = beginValue;
  endTop = false;
  readonly parseState: Parse[] = [];
  err: GoJsonSyntaxError | undefined;
  /** Bytes consumed so far (the caller counts them, as Go's checkValid and readValue do). */
  bytes = 0;

  error(c: number, context: string): Scan {
    this.step = stateError;
    this.err = new GoJsonSyntaxError(`invalid character ${quoteByte(c)} ${context}`, this.bytes);
    return Scan.Error;
  }

  push(c: number, ps: Parse, success: Scan): Scan {
    this.parseState.push(ps);
    return this.parseState.length <= MAX_NESTING_DEPTH ? success : this.error(c, 'exceeded max depth');
  }

  pop(): void {
    this.parseState.pop();
    if (this.parseState.length === 0) {
      this.step = endTop;
      this.endTop = true;
    } else this.step = endValue;
  }

  /** The end of input: a pending number or literal is completed by a virtual space. */
  eof(): Scan {
    if (this.err) return Scan.Error;
    if (this.endTop) return Scan.End;
    this.step(this, 0x20);
    if (this.endTop) return Scan.End;
    this.err ??= new GoJsonSyntaxError('unexpected end of JSON input', this.bytes);
    return Scan.Error;
  }
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const stateError: Step = () => Scan.Error;

const beginValueOrEmpty: Step = (s, c) => {
  if (isJsonSpace(c)) return Scan.SkipSpace;
  if (c === 0x5d) return endValue(s, c);
  return beginValue(s, c);
};

const beginValue: Step = (s, c) => {
  if (isJsonSpace(c)) return Scan.SkipSpace;
  switch (c) {
    case 0x7b: // {
      s.step = beginStringOrEmpty;
      return s.push(c, Parse.ObjectKey, Scan.BeginObject);
    case 0x5b: // [
      s.step = beginValueOrEmpty;
      return s.push(c, Parse.ArrayValue, Scan.BeginArray);
    case 0x22:
      s.step = inString;
      return Scan.BeginLiteral;
    case 0x2d: // -
      s.step = neg;
      return Scan.BeginLiteral;
    case 0x30:
      s.step = zero;
      return Scan.BeginLiteral;
    case 0x74: // t
      s.step = literal('true', 1);
      return Scan.BeginLiteral;
    case 0x66: // f
      s.step = literal('false', 1);
      return Scan.BeginLiteral;
    case 0x6e: // n
      s.step = literal('null', 1);
      return Scan.BeginLiteral;
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = digits;
    return Scan.BeginLiteral;
  }
  return s.error(c, 'looking for beginning of value');
};

const beginStringOrEmpty: Step = (s, c) => {
  if (isJsonSpace(c)) return Scan.SkipSpace;
  if (c === 0x7d) {
    s.parseState[s.parseState.length - 1] = Parse.ObjectValue;
    return endValue(s, c);
  }
  return beginString(s, c);
};

const beginString: Step = (s, c) => {
  if (isJsonSpace(c)) return Scan.SkipSpace;
  if (c === 0x22) {
    s.step = inString;
    return Scan.BeginLiteral;
  }
  return s.error(c, 'looking for beginning of object key string');
};

const endValue: Step = (s, c) => {
  const n = s.parseState.length;
  if (n === 0) {
    s.step = endTop;
    s.endTop = true;
    return endTop(s, c);
  }
  if (isJsonSpace(c)) {
    s.step = endValue;
    return Scan.SkipSpace;
  }
  switch (s.parseState[n - 1]!) {
    case Parse.ObjectKey:
      if (c === 0x3a) {
        s.parseState[n - 1] = Parse.ObjectValue;
        s.step = beginValue;
        return Scan.ObjectKey;
      }
      return s.error(c, 'after object key');
    case Parse.ObjectValue:
      if (c === 0x2c) {
        s.parseState[n - 1] = Parse.ObjectKey;
        s.step = beginString;
        return Scan.ObjectValue;
      }
      if (c === 0x7d) {
        s.pop();
        return Scan.EndObject;
      }
      return s.error(c, 'after object key:value pair');
    case Parse.ArrayValue:
      if (c === 0x2c) {
        s.step = beginValue;
        return Scan.ArrayValue;
      }
      if (c === 0x5d) {
        s.pop();
        return Scan.EndArray;
      }
      return s.error(c, 'after array element');
  }
};

/** After the top-level value: only spaces. Go records the error but still reports the end of the value. */
const endTop: Step = (s, c) => {
  if (!isJsonSpace(c)) s.error(c, 'after top-level value');
  return Scan.End;
};

const inString: Step = (s, c) => {
  if (c === 0x22) {
    s.step = endValue;
    return Scan.Continue;
  }
  if (c === 0x5c) {
    s.step = inStringEsc;
    return Scan.Continue;
  }
  if (c < 0x20) return s.error(c, 'in string literal');
  return Scan.Continue;
};

const inStringEsc: Step = (s, c) => {
  if (c === 0x75) {
    s.step = hexEscape(0);
    return Scan.Continue;
  }
  if ('bfnrt\\/"'.includes(String.fromCharCode(c))) {
    s.step = inString;
    return Scan.Continue;
  }
  return s.error(c, 'in string escape code');
};

const hexSteps: Step[] = [0, 1, 2, 3].map(
  (k): Step =>
    (s, c) => {
      if (!isHex(c)) return s.error(c, 'in \\u hexadecimal character escape');
      s.step = k === 3 ? inString : hexEscape(k + 1);
      return Scan.Continue;
    },
);
const hexEscape = (k: number): Step => hexSteps[k]!;

const neg: Step = (s, c) => {
  if (c === 0x30) {
    s.step = zero;
    return Scan.Continue;
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = digits;
    return Scan.Continue;
  }
  return s.error(c, 'in numeric literal');
};

const digits: Step = (s, c) => {
  if (isDigit(c)) return Scan.Continue;
  return zero(s, c);
};

const zero: Step = (s, c) => {
  if (c === 0x2e) {
    s.step = dot;
    return Scan.Continue;
  }
  if (c === 0x65 || c === 0x45) {
    s.step = exponent;
    return Scan.Continue;
  }
  return endValue(s, c);
};

const dot: Step = (s, c) => {
  if (isDigit(c)) {
    s.step = fraction;
    return Scan.Continue;
  }
  return s.error(c, 'after decimal point in numeric literal');
};

const fraction: Step = (s, c) => {
  if (isDigit(c)) return Scan.Continue;
  if (c === 0x65 || c === 0x45) {
    s.step = exponent;
    return Scan.Continue;
  }
  return endValue(s, c);
};

const exponent: Step = (s, c) => {
  if (c === 0x2b || c === 0x2d) {
    s.step = exponentSign;
    return Scan.Continue;
  }
  return exponentSign(s, c);
};

const exponentSign: Step = (s, c) => {
  if (isDigit(c)) {
    s.step = exponentDigits;
    return Scan.Continue;
  }
  return s.error(c, 'in exponent of numeric literal');
};

const exponentDigits: Step = (s, c) => {
  if (isDigit(c)) return Scan.Continue;
  return endValue(s, c);
};

const literalSteps = new Map<string, Step>();
/** The step expecting `word[k]` (true, false, null). */
function literal(word: string, k: number): Step {
  const id = `${word}${k}`;
  let step = literalSteps.get(id);
  if (!step) {
    step = (s, c) => {
      if (c !== word.charCodeAt(k)) return s.error(c, `in literal ${word} (expecting '${word[k]}')`);
      s.step = k + 1 === word.length ? endValue : literal(word, k + 1);
      return Scan.Continue;
    };
    literalSteps.set(id, step);
  }
  return step;
}

const toBytes = (input: string | Uint8Array): Uint8Array => (typeof input === 'string' ? Buffer.from(input, 'utf8') : input);

/** json.Valid's check as Unmarshal runs it (checkValid): throws the first GoJsonSyntaxError. */
export function goJsonCheckValid(input: string | Uint8Array): void {
  const data = toBytes(input);
  const s = new GoScanner();
  for (let i = 0; i < data.length; i++) {
    s.bytes++;
    if (s.step(s, data[i]!) === Scan.Error) throw s.err!;
  }
  if (s.eof() === Scan.Error) throw s.err!;
}

/**
 * json.Unmarshal(data, &v) with v an interface{}: the whole-input syntax check, then the value tree. Numbers
 * become float64 there, so one out of float64's range fails with Go's UnmarshalTypeError text (the first in
 * document order), e.g. "json: cannot unmarshal number 1e400 into Go value of type float64". Strings are decoded
 * as Go does: each byte of an invalid UTF-8 sequence becomes U+FFFD. Duplicate keys are all kept, in order.
 */
export function goJsonUnmarshal(input: string | Uint8Array): JsonNode {
  const data = toBytes(input);
  goJsonCheckValid(data);
  const node = new TreeReader(data).value();
  const bad = firstNonFloat64(node);
  if (bad !== undefined) throw new GoJsonError(`json: cannot unmarshal number ${bad} into Go value of type float64`);
  return node;
}

/**
 * json.NewDecoder(r).Decode(&v): the first value of the input; whatever follows it is not read. An input with
 * nothing but spaces fails with "EOF", one that ends inside the value with "unexpected EOF"; syntax errors are
 * GoJsonSyntaxError. The tree is not converted to any Go type: the caller applies its target's rules.
 */
export function goJsonDecodeFirst(input: string | Uint8Array): JsonNode {
  const data = toBytes(input);
  const s = new GoScanner();
  let end = -1;
  for (let i = 0; i < data.length && end < 0; i++) {
    s.bytes++;
    switch (s.step(s, data[i]!)) {
      case Scan.End:
        end = i; // the value ended before this byte
        break;
      case Scan.EndObject:
      case Scan.EndArray:
        // Go invents a space rather than wait for the next byte.
        if (endValue(s, 0x20) === Scan.End) end = i + 1;
        break;
      case Scan.Error:
        throw s.err!;
    }
  }
  if (end < 0) {
    if (s.step(s, 0x20) !== Scan.End) {
      throw new GoJsonError(data.some((c) => !isJsonSpace(c)) ? 'unexpected EOF' : 'EOF');
    }
    end = data.length;
  }
  return new TreeReader(data.subarray(0, end)).value();
}

/** The first number (document order) that strconv.ParseFloat(s, 64) rejects as out of range, if any. */
function firstNonFloat64(n: JsonNode): string | undefined {
  switch (n.kind) {
    case 'number':
      return Number.isFinite(Number(n.text)) ? undefined : n.text;
    case 'array':
      for (const item of n.items) {
        const bad = firstNonFloat64(item);
        if (bad !== undefined) return bad;
      }
      return undefined;
    case 'object':
      for (const [, v] of n.members) {
        const bad = firstNonFloat64(v);
        if (bad !== undefined) return bad;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Builds the tree of one value the scanner has already accepted (so it checks nothing). */
class TreeReader {
  private pos = 0;

  constructor(private readonly data: Uint8Array) {}

  private skipSpace(): number {
    while (isJsonSpace(this.data[this.pos]!)) this.pos++;
    return this.data[this.pos]!;
  }

  value(): JsonNode {
    const c = this.skipSpace();
    const d = this.data;
    switch (c) {
      case 0x7b: {
        this.pos++;
        const members: [string, JsonNode][] = [];
        if (this.skipSpace() === 0x7d) {
          this.pos++;
          return { kind: 'object', members };
        }
        for (;;) {
          this.skipSpace();
          const key = this.string();
          this.skipSpace();
          this.pos++; // :
          members.push([key, this.value()]);
          if (this.skipSpace() === 0x7d) {
            this.pos++;
            return { kind: 'object', members };
          }
          this.pos++; // ,
        }
      }
      case 0x5b: {
        this.pos++;
        const items: JsonNode[] = [];
        if (this.skipSpace() === 0x5d) {
          this.pos++;
          return { kind: 'array', items };
        }
        for (;;) {
          items.push(this.value());
          if (this.skipSpace() === 0x5d) {
            this.pos++;
            return { kind: 'array', items };
          }
          this.pos++; // ,
        }
      }
      case 0x22:
        return { kind: 'string', value: this.string() };
      case 0x74:
        this.pos += 4;
        return { kind: 'bool', value: true };
      case 0x66:
        this.pos += 5;
        return { kind: 'bool', value: false };
      case 0x6e:
        this.pos += 4;
        return { kind: 'null' };
    }
    const start = this.pos;
    while (this.pos < d.length && /[-+.eE0-9]/.test(String.fromCharCode(d[this.pos]!))) this.pos++;
    return { kind: 'number', text: Buffer.from(d.subarray(start, this.pos)).toString('latin1') };
  }

  /** A string literal at pos, unquoted the way Go's unquoteBytes does. */
  private string(): string {
    const d = this.data;
    let i = this.pos + 1;
    let out = '';
    let run = i;
    for (;;) {
      const c = d[i]!;
      if (c === 0x22) break;
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += goDecodeUtf8(d.subarray(run, i));
      const e = d[i + 1]!;
      if (e === 0x75) {
        let cu = hex4(d, i + 2);
        i += 6;
        if (cu >= 0xd800 && cu <= 0xdfff) {
          // Only a high surrogate followed by a \u low surrogate makes a pair; anything else is U+FFFD.
          const lo = d[i] === 0x5c && d[i + 1] === 0x75 ? hex4(d, i + 2) : -1;
          if (cu <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) {
            out += String.fromCharCode(cu, lo);
            i += 6;
            run = i;
            continue;
          }
          cu = 0xfffd;
        }
        out += String.fromCharCode(cu);
      } else {
        out += ({ 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' } as Record<number, string>)[e] ?? String.fromCharCode(e);
        i += 2;
      }
      run = i;
    }
    out += goDecodeUtf8(d.subarray(run, i));
    this.pos = i + 1;
    return out;
  }
}

function hex4(d: Uint8Array, at: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = d[at + k];
    if (c === undefined || !isHex(c)) return -1;
    v = v * 16 + parseInt(String.fromCharCode(c), 16);
  }
  return v;
}

/**
 * Bytes to a string as Go's utf8.DecodeRune reads them: every byte that does not start a valid, shortest-form,
 * non-surrogate sequence is one U+FFFD (where TextDecoder would make one U+FFFD of a whole truncated sequence).
 */
export function goDecodeUtf8(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  const n = bytes.length;
  const cont = (k: number): boolean => k < n && (bytes[k]! & 0xc0) === 0x80;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      let j = i + 1;
      while (j < n && bytes[j]! < 0x80) j++;
      out += Buffer.from(bytes.buffer, bytes.byteOffset + i, j - i).toString('latin1');
      i = j;
      continue;
    }
    let cp = -1;
    let size = 1;
    if (b >= 0xc2 && b <= 0xdf && cont(i + 1)) {
      cp = ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
      size = 2;
    } else if (b >= 0xe0 && b <= 0xef && cont(i + 1) && cont(i + 2)) {
      const v = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
      if (v >= 0x800 && (v < 0xd800 || v > 0xdfff)) {
        cp = v;
        size = 3;
      }
    } else if (b >= 0xf0 && b <= 0xf4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
      const v = ((b & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) | ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f);
      if (v >= 0x10000 && v <= 0x10ffff) {
        cp = v;
        size = 4;
      }
    }
    if (cp < 0) {
      out += '\ufffd';
      i++;
    } else {
      out += String.fromCodePoint(cp);
      i += size;
    }
  }
  return out;
}
