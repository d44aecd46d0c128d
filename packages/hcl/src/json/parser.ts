// The JSON-syntax parser (hcl's json package): strict RFC 7159 JSON that keeps property order, duplicate property
// names and source ranges, and reports problems with hcl's diagnostics. Like the Go parser it keeps going after
// most errors, leaving a `jsonInvalid` node where a value failed, and scans tokens leniently (any run of letters is
// one keyword, any run of number characters one number) so that it can say what is wrong with them.
// Diagnostic texts (typos included) are hcl's, verbatim.
import { errorDiag, type Diagnostic } from '../diagnostics.js';
import { makeRange, utf8Length, type Pos, type Range } from '../source.js';
import { goQuote } from '../syntax/goquote.js';
import { nameSuggestion } from '../suggest.js';
import type { JsonArray, JsonBody, JsonBool, JsonExpression, JsonNode, JsonNull, JsonNumber, JsonObject, JsonProperty, JsonString } from './ast.js';
import { JsonSourceFile } from './positions.js';

// Token kinds.
const BRACE_O = 0;
const BRACE_C = 1;
const BRACK_O = 2;
const BRACK_C = 3;
const COMMA = 4;
const COLON = 5;
const EQUALS = 6; // only to remind users that JSON uses colons
const KEYWORD = 7;
const STRING = 8;
const NUMBER = 9;
const EOF = 10;
const INVALID = 11;
type TokenKind = number;

interface Token {
  readonly kind: TokenKind;
  /** UTF-16 offsets into the text. */
  readonly start: number;
  readonly end: number;
}

const KEYWORDS = ['false', 'true', 'null'];
const VALUE_START = 'A JSON value must start with a brace, a bracket, a number, a string, or a keyword.';

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
}

/**
 * A one-token-lookahead scanner. Scanning stops at the first character that cannot start a token: that character
 * becomes an INVALID token (one byte, one column wide, as in Go) followed by EOF.
 */
class Scanner {
  private offset = 0;
  private peeked?: Token;
  /** Start of the INVALID token once one was produced; EOF sits one byte after it. */
  private invalidAt = -1;

  constructor(
    readonly file: JsonSourceFile,
    private readonly text: string,
  ) {}

  peek(): Token {
    return (this.peeked ??= this.scan());
  }

  /** Consume the next token; EOF is never consumed (reading it again returns it again). */
  read(): Token {
    const t = this.peek();
    if (t.kind !== EOF) this.peeked = undefined;
    return t;
  }

  private scan(): Token {
    const text = this.text;
    const n = text.length;
    if (this.invalidAt >= 0) return { kind: EOF, start: this.invalidAt, end: this.invalidAt };
    let i = this.offset;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    }
    if (i >= n) {
      this.offset = n;
      return { kind: EOF, start: n, end: n };
    }
    const start = i;
    const c = text.charCodeAt(i);
    let kind: TokenKind;
    switch (c) {
      case 123: kind = BRACE_O; i++; break;
      case 125: kind = BRACE_C; i++; break;
      case 91: kind = BRACK_O; i++; break;
      case 93: kind = BRACK_C; i++; break;
      case 44: kind = COMMA; i++; break;
      case 58: kind = COLON; i++; break;
      case 61: kind = EQUALS; i++; break;
      case 34:
        kind = STRING;
        i = this.scanString(i);
        break;
      default:
        if (isNumberChar(c) && c !== 101 && c !== 69) {
          // 'e'/'E' may not start a number: they start a (bad) keyword, for a clearer message.
          kind = NUMBER;
          while (i < n && isNumberChar(text.charCodeAt(i))) i++;
        } else if (isLetter(c)) {
          kind = KEYWORD;
          while (i < n) {
            const d = text.charCodeAt(i);
            if (!isLetter(d) && d !== 95) break;
            i++;
          }
        } else {
          this.invalidAt = start;
          this.offset = start;
          return { kind: INVALID, start, end: start };
        }
    }
    this.offset = i;
    return { kind, start, end: i };
  }

  /**
   * Find the end of a string token: after the closing quote, or before a control character or the end of input
   * (then the parser reports the string as invalid). Escapes only matter for finding the closing quote.
   */
  private scanString(i: number): number {
    const text = this.text;
    const n = text.length;
    i++;
    let escaping = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) {
        escaping = !escaping;
      } else if (c === 34) {
        i++;
        if (!escaping) return i;
        escaping = false;
        continue;
      } else if (c < 32) {
        return i;
      } else {
        escaping = false;
      }
      i++;
    }
    return i;
  }

  /** The source range of a token; INVALID tokens and the EOF after them count exactly one byte and column. */
  range(t: Token): Range {
    if (this.invalidAt >= 0 && t.start === this.invalidAt && (t.kind === INVALID || t.kind === EOF)) {
      const p = this.file.pos(t.start);
      const after: Pos = { line: p.line, column: p.column + 1, byte: p.byte + 1 };
      return t.kind === INVALID ? makeRange(this.file.filename, p, after) : makeRange(this.file.filename, after, after);
    }
    return this.file.range(t.start, t.end);
  }
}

// Tree nodes keep UTF-16 offsets and build their ranges on demand: a parse of a large file then allocates one
// object per value instead of three or four, and positions are only computed for the ranges someone reads.
// Fields are declared, not defined, and set by plain assignment: V8 builds such objects fastest.
class Span {
  declare protected readonly file: JsonSourceFile;
  declare protected readonly start: number;
  declare protected readonly end: number;
  constructor(file: JsonSourceFile, start: number, end: number) {
    this.file = file;
    this.start = start;
    this.end = end;
  }
  get range(): Range {
    return this.file.range(this.start, this.end);
  }
  /** The first character (the opening brace or bracket of a container). */
  get openRange(): Range {
    return this.file.range(this.start, this.start + 1);
  }
  /** The last character (the closing brace of an object). */
  get closeRange(): Range {
    return this.file.range(this.end - 1, this.end);
  }
}

// `kind` lives on the prototypes: one less field per node.
class StringNode extends Span implements JsonString {
  declare readonly kind: 'jsonString';
  declare readonly value: string;
  constructor(file: JsonSourceFile, start: number, end: number, value: string) {
    super(file, start, end);
    this.value = value;
  }
}
class NumberNode extends Span implements JsonNumber {
  declare readonly kind: 'jsonNumber';
  declare readonly text: string;
  constructor(file: JsonSourceFile, start: number, end: number, text: string) {
    super(file, start, end);
    this.text = text;
  }
}
class BoolNode extends Span implements JsonBool {
  declare readonly kind: 'jsonBool';
  declare readonly value: boolean;
  constructor(file: JsonSourceFile, start: number, end: number, value: boolean) {
    super(file, start, end);
    this.value = value;
  }
}
class NullNode extends Span implements JsonNull {
  declare readonly kind: 'jsonNull';
}
class ArrayNode extends Span implements JsonArray {
  declare readonly kind: 'jsonArray';
  declare readonly values: readonly JsonNode[];
  constructor(file: JsonSourceFile, start: number, end: number, values: readonly JsonNode[]) {
    super(file, start, end);
    this.values = values;
  }
}
class ObjectNode extends Span implements JsonObject {
  declare readonly kind: 'jsonObject';
  declare readonly properties: readonly JsonProperty[];
  constructor(file: JsonSourceFile, start: number, end: number, properties: readonly JsonProperty[]) {
    super(file, start, end);
    this.properties = properties;
  }
}
for (const [cls, kind] of [
  [StringNode, 'jsonString'],
  [NumberNode, 'jsonNumber'],
  [BoolNode, 'jsonBool'],
  [NullNode, 'jsonNull'],
  [ArrayNode, 'jsonArray'],
  [ObjectNode, 'jsonObject'],
] as const) {
  Object.defineProperty(cls.prototype, 'kind', { value: kind, enumerable: true });
}

class Property implements JsonProperty {
  declare readonly name: string;
  declare private readonly key: StringNode;
  declare readonly value: JsonNode;
  constructor(name: string, key: StringNode, value: JsonNode) {
    this.name = name;
    this.key = key;
    this.value = value;
  }
  get nameRange(): Range {
    return this.key.range;
  }
}

/** Result of decoding a string token: its value, or encoding/json's syntax error offset in bytes. */
type StringDecode = { value: string } | { errorOffset: number };

class Parser {
  readonly diags: Diagnostic[] = [];
  readonly s: Scanner;

  constructor(
    readonly file: JsonSourceFile,
    private readonly text: string,
  ) {
    this.s = new Scanner(file, text);
  }

  private error(summary: string, detail: string, subject: Range, context?: Range): void {
    this.diags.push(errorDiag(summary, detail, subject, context));
  }

  /** parseValue: never fails; a value that could not be parsed becomes a jsonInvalid at its first token. */
  parseValue(): JsonNode {
    const tok = this.s.peek();
    let node: JsonNode | undefined;
    switch (tok.kind) {
      case BRACE_O:
        node = this.parseObject();
        break;
      case BRACK_O:
        node = this.parseArray();
        break;
      case NUMBER:
        node = this.parseNumber();
        break;
      case STRING:
        node = this.parseString();
        break;
      case KEYWORD:
        node = this.parseKeyword();
        break;
      case BRACE_C:
        this.error('Missing JSON value', VALUE_START, this.s.range(tok));
        break;
      case BRACK_C:
        this.error('Missing array element value', VALUE_START, this.s.range(tok));
        break;
      case EOF:
        this.error('Missing value', 'The JSON data ends prematurely.', this.s.range(tok));
        break;
      default:
        this.error('Invalid start of value', VALUE_START, this.s.range(tok));
    }
    return node ?? { kind: 'jsonInvalid', range: this.s.range(tok) };
  }

  /** Skip to what seems to be the end of the current object or array, starting from `tok` (already read). */
  private recover(tok: Token, open: TokenKind, close: TokenKind): void {
    let depth = 1;
    for (;;) {
      if (tok.kind === open) depth++;
      else if (tok.kind === close) {
        depth--;
        if (depth <= 1) return;
      } else if (tok.kind === EOF) return;
      tok = this.s.read();
    }
  }

  private parseObject(): JsonObject | undefined {
    const s = this.s;
    const open = s.read();
    const properties: JsonProperty[] = [];
    for (;;) {
      if (s.peek().kind === BRACE_C) break;

      const key = this.parseValue();
      if (!(key instanceof StringNode)) {
        const start = key.kind === 'jsonObject' || key.kind === 'jsonArray' ? key.openRange : key.range;
        this.error('Invalid object property name', 'A JSON object property name must be a string', start);
        return undefined;
      }

      const colon = s.read();
      if (colon.kind !== COLON) {
        this.recover(colon, BRACE_O, BRACE_C);
        if (colon.kind === BRACE_C || colon.kind === COMMA) {
          this.error('Missing object value', 'A JSON object attribute must have a value, introduced by a colon.', s.range(colon));
        } else if (colon.kind === EQUALS) {
          this.error('Missing property value colon', 'JSON uses a colon as its name/value delimiter, not an equals sign.', s.range(colon));
        } else {
          this.error('Missing property value colon', "A colon must appear between an object property's name and its value.", s.range(colon));
        }
        return undefined;
      }

      const value = this.parseValue();
      properties.push(new Property(key.value, key, value));

      const next = s.peek();
      if (next.kind === COMMA) {
        const comma = s.read();
        if (s.peek().kind === BRACE_C) {
          this.error('Trailing comma in object', 'JSON does not permit a trailing comma after the final property in an object.', s.range(comma));
          return undefined;
        }
        continue;
      }
      if (next.kind === EOF) {
        this.error('Unclosed object', 'No closing brace was found for this JSON object.', s.range(open));
        return undefined;
      }
      if (next.kind === BRACK_C) {
        s.read(); // consume the bracket, so the peeker is not left somewhere strange
        this.error('Mismatched braces', 'A JSON object must be closed with a brace, not a bracket.', s.range(s.peek()));
        return undefined;
      }
      if (next.kind === BRACE_C) break;
      this.recover(s.read(), BRACE_O, BRACE_C);
      this.error('Missing attribute seperator comma', 'A comma must appear between each property definition in an object.', s.range(s.peek()));
      return undefined;
    }
    const close = s.read();
    return new ObjectNode(this.file, open.start, close.end, properties);
  }

  private parseArray(): JsonNode | undefined {
    const s = this.s;
    const open = s.read();
    const values: JsonNode[] = [];
    for (;;) {
      if (s.peek().kind === BRACK_C) break;

      values.push(this.parseValue());

      const next = s.peek();
      if (next.kind === COMMA) {
        const comma = s.read();
        if (s.peek().kind === BRACK_C) {
          this.error('Trailing comma in array', 'JSON does not permit a trailing comma after the final value in an array.', s.range(comma));
          return undefined;
        }
        continue;
      }
      if (next.kind === BRACK_C) break;
      this.recover(s.read(), BRACK_O, BRACK_C);
      if (next.kind === COLON) {
        this.error('Invalid array value', 'A colon is not used to introduce values in a JSON array.', s.range(s.peek()));
      } else if (next.kind === EOF) {
        this.error('Unclosed object', 'No closing bracket was found for this JSON array.', s.range(open));
      } else if (next.kind === BRACE_C) {
        this.error('Mismatched brackets', 'A JSON array must be closed with a bracket, not a brace.', s.range(s.peek()));
      } else {
        this.error('Missing attribute seperator comma', 'A comma must appear between each value in an array.', s.range(s.peek()));
      }
      return undefined;
    }
    const close = s.read();
    return new ArrayNode(this.file, open.start, close.end, values);
  }

  private parseNumber(): JsonNode | undefined {
    const tok = this.s.read();
    const text = this.text.slice(tok.start, tok.end);
    if (!/^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(text)) {
      this.error('Invalid JSON number', 'There is a syntax error in the given JSON number.', this.s.range(tok));
      return undefined;
    }
    return new NumberNode(this.file, tok.start, tok.end, text);
  }

  private parseString(): JsonNode | undefined {
    const tok = this.s.read();
    const r = decodeJsonString(this.text, tok.start, tok.end);
    if ('errorOffset' in r) {
      const range = this.s.range(tok);
      // Go adds the byte offset of encoding/json's syntax error to both the byte and the column.
      const off = r.errorOffset;
      const p = range.start;
      const subject = makeRange(
        range.filename,
        { line: p.line, column: p.column + off, byte: p.byte + off },
        { line: p.line, column: p.column + off + 1, byte: p.byte + off + 1 },
      );
      this.error('Invalid JSON string', 'There is a syntax error in the given JSON string.', subject, range);
      return undefined;
    }
    return new StringNode(this.file, tok.start, tok.end, r.value);
  }

  private parseKeyword(): JsonNode | undefined {
    const tok = this.s.read();
    const word = this.text.slice(tok.start, tok.end);
    switch (word) {
      case 'true':
        return new BoolNode(this.file, tok.start, tok.end, true);
      case 'false':
        return new BoolNode(this.file, tok.start, tok.end, false);
      case 'null':
        return new NullNode(this.file, tok.start, tok.end);
      case 'undefined':
      case 'NaN':
      case 'Infinity':
        this.error('Invalid JSON keyword', `The JavaScript identifier ${goQuote(word)} cannot be used in JSON.`, this.s.range(tok));
        return undefined;
      default: {
        const suggestion = nameSuggestion(word, KEYWORDS);
        const dym = suggestion ? ` Did you mean ${goQuote(suggestion)}?` : '';
        this.error('Invalid JSON keyword', `${goQuote(word)} is not a valid JSON keyword.${dym}`, this.s.range(tok));
        return undefined;
      }
    }
  }

  /** A whole input: one value, then nothing but whitespace (checked only when the value parsed cleanly). */
  parseAll(): JsonNode {
    const node = this.parseValue();
    const next = this.s.peek();
    if (this.diags.length === 0 && next.kind !== EOF) {
      this.error('Extraneous data after value', 'Extra characters appear after the JSON value.', this.s.range(next));
    }
    return node;
  }
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Four hex digits at i as a number, or -1. */
function hex4(text: string, i: number, end: number): number {
  if (i + 4 > end) return -1;
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const h = hexValue(text.charCodeAt(i + k));
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/**
 * Decode the string token text[start, end) as encoding/json would. A syntax error is reported at encoding/json's
 * offset: one past the offending byte, or the token's length when it ends before its closing quote (the scanner
 * stops strings at control characters and the end of input). Lone surrogates, escaped or standing for bytes of
 * invalid UTF-8, become U+FFFD.
 */
export function decodeJsonString(text: string, start: number, end: number): StringDecode {
  const badAt = (i: number): StringDecode => ({ errorOffset: utf8Length(text, start, i) + 1 });
  const unterminated: StringDecode = { errorOffset: utf8Length(text, start, end) };
  let plain = true;
  let i = start + 1;
  for (;;) {
    if (i >= end) return unterminated;
    const c = text.charCodeAt(i);
    if (c === 34) break;
    if (c === 92) {
      plain = false;
      i++;
      if (i >= end) return unterminated;
      const e = text.charCodeAt(i);
      if (e === 117) {
        for (let k = 1; k <= 4; k++) {
          if (i + k >= end) return unterminated;
          if (hexValue(text.charCodeAt(i + k)) < 0) return badAt(i + k);
        }
        i += 5;
        continue;
      }
      if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) return badAt(i);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      plain = false;
    }
    i++;
  }
  const last = i; // the closing quote (the scanner ends the token right after it)
  if (plain) return { value: text.slice(start + 1, last) };

  let out = '';
  let run = start + 1;
  for (i = start + 1; i < last; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < last) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      out += text.slice(run, i) + '\ufffd';
      run = i + 1;
      continue;
    }
    if (c !== 92) continue;
    out += text.slice(run, i);
    const e = text.charCodeAt(i + 1);
    i++;
    switch (e) {
      case 98: out += '\b'; break;
      case 102: out += '\f'; break;
      case 110: out += '\n'; break;
      case 114: out += '\r'; break;
      case 116: out += '\t'; break;
      case 117: {
        let r = hex4(text, i + 1, last);
        i += 4;
        if (r >= 0xd800 && r <= 0xdfff) {
          // A high surrogate directly followed by an escaped low one is a pair; anything else is replaced.
          const r2 = text.charCodeAt(i + 1) === 92 && text.charCodeAt(i + 2) === 117 ? hex4(text, i + 3, last) : -1;
          if (r < 0xdc00 && r2 >= 0xdc00 && r2 <= 0xdfff) {
            out += String.fromCharCode(r, r2);
            i += 6;
            run = i + 1;
            break;
          }
          r = 0xfffd;
        }
        out += String.fromCharCode(r);
        break;
      }
      default:
        out += String.fromCharCode(e); // '"', '\\' or '/'
    }
    run = i + 1;
  }
  return { value: out + text.slice(run, last) };
}

/**
 * Run a parse, turning a stack overflow on absurdly deep nesting into a diagnostic (Go's parser has no practical
 * depth limit; a JS stack does). The same summary as the native parser's.
 */
function guarded(parser: Parser, file: JsonSourceFile): JsonNode {
  try {
    return parser.parseAll();
  } catch (e) {
    if (!(e instanceof RangeError && /call stack/i.test(e.message))) throw e;
    const at = file.range(0, 0);
    parser.diags.push(errorDiag('Nesting too deep', 'This file nests brackets, braces or templates too deeply to be parsed.', at));
    return { kind: 'jsonInvalid', range: at };
  }
}

/**
 * Parse a JSON-syntax configuration file. The root must be an object (or an array of objects); anything else is
 * reported and replaced by an empty object, so that decoding it adds no further errors.
 */
export function parseJson(text: string, filename: string): { body: JsonBody; diags: Diagnostic[] } {
  const file = new JsonSourceFile(filename, text);
  const parser = new Parser(file, text);
  let root = guarded(parser, file);
  if (root.kind !== 'jsonObject' && root.kind !== 'jsonArray') {
    parser.diags.push(
      errorDiag(
        'Root value must be object',
        'The root value in a JSON-based configuration must be either a JSON object or a JSON array of objects.',
        root.range,
      ),
    );
    const origin = { line: 1, column: 1, byte: 0 };
    const fake = makeRange(filename, origin, origin);
    root = { kind: 'jsonObject', properties: [], range: fake, openRange: fake, closeRange: fake };
  }
  return { body: { kind: 'jsonBody', node: root, hidden: new Set() }, diags: parser.diags };
}

/** Parse a single JSON value as an expression (hcl's json.ParseExpressionWithStartPos). */
export function parseJsonValue(
  text: string,
  filename: string,
  start?: Pos,
): { expr: JsonExpression; diags: Diagnostic[] } {
  const file = new JsonSourceFile(filename, text, start);
  const parser = new Parser(file, text);
  const node = guarded(parser, file);
  return { expr: { kind: 'jsonExpr', node, range: node.range }, diags: parser.diags };
}
