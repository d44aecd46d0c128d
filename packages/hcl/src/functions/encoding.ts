// Encoding functions as Packer registers them: go-cty-funcs base64encode/base64decode/urlencode, Packer's
// base64gzip/textencodebase64/textdecodebase64, cty stdlib csvdecode/jsondecode/jsonencode and go-cty-yaml's
// yamldecode/yamlencode. Each follows the Go library it comes from (encoding/base64, net/url, encoding/csv,
// encoding/json, x/text's ianaindex), including error texts.
import { crc32 as zlibCrc32, constants as zlibConstants, deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { BigFloat } from '../values/number.js';
import { BoolType, DynamicPseudoType, NumberType, StringType, listOf, mapOf, objectOf, setOf, tupleOf, type Type } from '../values/types.js';
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
  unknownVal,
  type Value,
} from '../values/value.js';
import { CHARMAPS } from './charmaps.js';
import { FunctionArgError, FunctionError, type FunctionDef } from './function.js';
import { GoJsonError, JsonMarshalError, ctyJsonMarshal, parseGoJson, type JsonNode } from './go-json.js';
import { goQuote } from './go-text.js';
import { IANA_ENCODINGS, type IanaEncoding } from './iana-encodings.js';
import { yamlDecode, yamlImpliedType } from './yaml-decode.js';
import { yamlEncode } from './yaml-encode.js';

const strParam = (name: string) => ({ name, type: StringType });

// ---- base64 (encoding/base64 StdEncoding) ----------------------------------------------------------------------

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_DECODE = (() => {
  const t = new Int16Array(256).fill(-1);
  for (let i = 0; i < 64; i++) t[B64_ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/** A base64.CorruptInputError: the byte offset of the first bad input byte. */
export class CorruptInputError extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

/** base64.StdEncoding.DecodeString: padding required, CR/LF ignored, trailing bits not checked. */
export function goBase64Decode(s: string): Buffer {
  const src = Buffer.from(s, 'utf8');
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    let err: CorruptInputError | undefined;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out);
        throw new CorruptInputError(si - j);
      }
      const c = src[si]!;
      si++;
      const d = B64_DECODE[c]!;
      if (d >= 0) {
        dbuf[j] = d;
        continue;
      }
      if (c === 0x0a || c === 0x0d) {
        j--;
        continue;
      }
      if (c !== 0x3d) throw new CorruptInputError(si - 1);
      // Padding: only after two or three data characters, and "==" needs both.
      if (j === 0 || j === 1) throw new CorruptInputError(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === src.length) throw new CorruptInputError(src.length);
        if (src[si] !== 0x3d) throw new CorruptInputError(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < src.length) err = new CorruptInputError(si);
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (err) throw err;
  }
  return Buffer.from(out);
}

function isValidUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

export const base64encodeFunc: FunctionDef = {
  params: [strParam('str')],
  returnType: () => StringType,
  impl: ([s]) => stringVal(Buffer.from(s!.asString(), 'utf8').toString('base64')),
};

export const base64decodeFunc: FunctionDef = {
  params: [strParam('str')],
  returnType: () => StringType,
  impl: ([s]) => {
    const str = s!.asString();
    let bytes: Buffer;
    try {
      bytes = goBase64Decode(str);
    } catch {
      throw new FunctionError(`failed to decode base64 data '${str}'`);
    }
    if (!isValidUtf8(bytes)) throw new FunctionError('the result of decoding the the provided string is not valid UTF-8');
    return stringVal(bytes.toString('utf8'));
  },
};

// ---- base64gzip ----------------------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(b: Buffer): number {
  if (typeof zlibCrc32 === 'function') return zlibCrc32(b) >>> 0;
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Packer's base64gzip: a gzip stream laid out as Go's compress/gzip writes it (header with no name, zero mtime,
 * OS 255; the data flushed with a sync flush, then an empty final stored block; CRC-32 and size trailer). The
 * deflate data itself comes from zlib at the default level, not from Go's compressor, so for non-trivial input
 * the bytes differ from Packer's while decompressing to the same text.
 */
export function goGzip(data: Buffer): Buffer {
  const header = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
  const body = deflateRawSync(data, { level: 6, finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const final = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length >>> 0, 4);
  return Buffer.concat([header, body, final, trailer]);
}

export const base64gzipFunc: FunctionDef = {
  params: [strParam('str')],
  returnType: () => StringType,
  impl: ([s]) => stringVal(goGzip(Buffer.from(s!.asString(), 'utf8')).toString('base64')),
};

// ---- urlencode (net/url QueryEscape) -----------------------------------------------------------------------------

export function goQueryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export const urlencodeFunc: FunctionDef = {
  params: [strParam('str')],
  returnType: () => StringType,
  impl: ([s]) => stringVal(goQueryEscape(s!.asString())),
};

// ---- textencodebase64 / textdecodebase64 (golang.org/x/text via ianaindex) ---------------------------------------

function ianaEncoding(name: string): IanaEncoding | undefined {
  const key = name.trim().toLowerCase();
  return IANA_ENCODINGS.find((e) => e.aliases.includes(key));
}

const REPLACEMENT = '\ufffd';

function encodeText(enc: IanaEncoding, s: string): Buffer | undefined {
  const impl = enc.impl;
  if (impl === 'utf8') return Buffer.from(s, 'utf8');
  if (impl === 'ascii') return /^[\x00-\x7f]*$/.test(s) ? Buffer.from(s, 'latin1') : undefined;
  if (impl === 'utf16' || impl === 'utf16be' || impl === 'utf16le') {
    const le = Buffer.from(s, 'utf16le');
    if (impl === 'utf16le') return le;
    const be = Buffer.from(le);
    be.swap16();
    return impl === 'utf16' ? Buffer.concat([Buffer.from([0xfe, 0xff]), be]) : be;
  }
  if (impl.startsWith('charmap:')) {
    const table = CHARMAPS[impl.slice(8)]!;
    const out: number[] = [];
    for (const ch of s) {
      const b = ch === REPLACEMENT ? -1 : table.indexOf(ch);
      if (b < 0) return undefined;
      out.push(b);
    }
    return Buffer.from(out);
  }
  if (impl.startsWith('iconv:')) {
    const name = impl.slice(6);
    const out: Buffer[] = [];
    for (const ch of s) {
      // iconv-lite substitutes unmappable characters; a round trip tells them apart.
      const b = iconv.encode(ch, name);
      if (iconv.decode(b, name) !== ch) return undefined;
      out.push(b);
    }
    return Buffer.concat(out);
  }
  throw new FunctionError(`the ${enc.name} encoding is not implemented`);
}

function decodeText(enc: IanaEncoding, b: Buffer): string {
  const impl = enc.impl;
  if (impl === 'utf8') return new TextDecoder('utf-8').decode(b);
  if (impl === 'ascii') return [...b].map((c) => (c < 0x80 ? String.fromCharCode(c) : REPLACEMENT)).join('');
  if (impl === 'utf16' || impl === 'utf16be' || impl === 'utf16le') {
    let bytes = b;
    let le = impl === 'utf16le';
    if (impl === 'utf16' && bytes.length >= 2) {
      if (bytes[0] === 0xfe && bytes[1] === 0xff) bytes = bytes.subarray(2);
      else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
        bytes = bytes.subarray(2);
        le = true;
      }
    }
    const units: number[] = [];
    for (let i = 0; i + 1 < bytes.length; i += 2) units.push(le ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
    let out = '';
    for (let i = 0; i < units.length; i++) {
      const u = units[i]!;
      if (u >= 0xd800 && u <= 0xdbff && i + 1 < units.length && units[i + 1]! >= 0xdc00 && units[i + 1]! <= 0xdfff) {
        out += String.fromCharCode(u, units[++i]!);
      } else if (u >= 0xd800 && u <= 0xdfff) out += REPLACEMENT;
      else out += String.fromCharCode(u);
    }
    if (bytes.length % 2 === 1) out += REPLACEMENT;
    return out;
  }
  if (impl.startsWith('charmap:')) {
    const table = CHARMAPS[impl.slice(8)]!;
    return [...b].map((c) => table[c]!).join('');
  }
  if (impl.startsWith('iconv:')) return iconv.decode(b, impl.slice(6));
  throw new FunctionError(`the ${enc.name} encoding is not implemented`);
}

export const textencodebase64Func: FunctionDef = {
  params: [strParam('string'), strParam('encoding')],
  returnType: () => StringType,
  impl: ([s, encName]) => {
    const enc = ianaEncoding(encName!.asString());
    if (!enc) throw new FunctionArgError(1, `${goQuote(encName!.asString())} is not a supported IANA encoding name or alias`);
    const bytes = encodeText(enc, s!.asString());
    if (!bytes) throw new FunctionArgError(0, `the given string contains characters that cannot be represented in ${enc.name}`);
    return stringVal(bytes.toString('base64'));
  },
};

export const textdecodebase64Func: FunctionDef = {
  params: [strParam('source'), strParam('encoding')],
  returnType: () => StringType,
  impl: ([s, encName]) => {
    const enc = ianaEncoding(encName!.asString());
    if (!enc) throw new FunctionArgError(1, `${goQuote(encName!.asString())} is not a supported IANA encoding name or alias`);
    let bytes: Buffer;
    try {
      bytes = goBase64Decode(s!.asString());
    } catch (e) {
      if (e instanceof CorruptInputError) {
        throw new FunctionArgError(0, `the given value is has an invalid base64 symbol at offset ${e.offset}`);
      }
      throw e;
    }
    const decoded = decodeText(enc, bytes);
    if (decoded.includes(REPLACEMENT)) throw new FunctionArgError(0, `the given string contains symbols that are not defined for ${enc.name}`);
    return stringVal(decoded);
  },
};

// ---- csvdecode (encoding/csv Reader) ------------------------------------------------------------------------------

class CsvParseError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** encoding/csv's Reader with default settings (comma ',', no comments, strict quotes). */
class CsvReader {
  private pos = 0;
  private numLine = 0;
  constructor(
    private readonly text: string,
    private fieldsPerRecord = 0,
  ) {}

  /** readLine: the next line with its "\n" (CRLF normalised), or undefined at EOF; counts lines either way. */
  private readLine(): string | undefined {
    let line: string | undefined;
    if (this.pos < this.text.length) {
      const nl = this.text.indexOf('\n', this.pos);
      if (nl < 0) {
        line = this.text.slice(this.pos);
        this.pos = this.text.length;
        if (line.endsWith('\r')) line = line.slice(0, -1); // a trailing CR before EOF is dropped
      } else {
        line = this.text.slice(this.pos, nl + 1);
        this.pos = nl + 1;
      }
    }
    this.numLine++;
    if (line !== undefined && line.endsWith('\r\n')) line = line.slice(0, -2) + '\n';
    return line;
  }

  /** Read: one record, or undefined at EOF. */
  read(): string[] | undefined {
    let line: string | undefined;
    for (;;) {
      line = this.readLine();
      if (line === undefined) return undefined;
      if (line === '' || line === '\n') continue; // blank lines are skipped
      break;
    }
    const recLine = this.numLine;
    const fields: string[] = [];
    const lengthNL = (x: string): number => (x.endsWith('\n') ? 1 : 0);
    parse: for (;;) {
      if (line.length === 0 || line[0] !== '"') {
        // A non-quoted field runs to the next comma or the end of the line.
        const i = line.indexOf(',');
        const f = i >= 0 ? line.slice(0, i) : line.slice(0, line.length - lengthNL(line));
        if (f.includes('"')) throw new CsvParseError(this.numLine, 'bare " in non-quoted-field');
        fields.push(f);
        if (i >= 0) {
          line = line.slice(i + 1);
          continue parse;
        }
        break parse;
      }
      // A quoted field: "" is a quote, and it may span lines.
      line = line.slice(1);
      let field = '';
      for (;;) {
        const i = line.indexOf('"');
        if (i >= 0) {
          field += line.slice(0, i);
          line = line.slice(i + 1);
          if (line[0] === '"') {
            field += '"';
            line = line.slice(1);
          } else if (line[0] === ',') {
            line = line.slice(1);
            fields.push(field);
            continue parse;
          } else if (lengthNL(line) === line.length) {
            fields.push(field);
            break parse;
          } else {
            throw new CsvParseError(this.numLine, 'extraneous or missing " in quoted-field');
          }
        } else if (line.length > 0) {
          field += line;
          line = this.readLine() ?? '';
        } else {
          // The input ended inside the quotes.
          throw new CsvParseError(this.numLine, 'extraneous or missing " in quoted-field');
        }
      }
    }
    if (this.fieldsPerRecord > 0) {
      if (fields.length !== this.fieldsPerRecord) throw new CsvParseError(recLine, 'wrong number of fields');
    } else if (this.fieldsPerRecord === 0) this.fieldsPerRecord = fields.length;
    return fields;
  }
}

function csvError(e: unknown): never {
  if (e instanceof CsvParseError) throw new FunctionError(`CSV parse error on line ${e.line}: ${e.problem}`);
  throw e;
}

function csvHeaderType(s: string): Type {
  let headers: string[] | undefined;
  try {
    headers = new CsvReader(s).read();
  } catch (e) {
    csvError(e);
  }
  if (headers === undefined) throw new FunctionError('missing header line');
  const seen = new Set<string>();
  for (const name of headers) {
    if (seen.has(name)) throw new FunctionError(`duplicate column name ${goQuote(name)}`);
    seen.add(name);
  }
  return listOf(objectOf(headers.map((h) => [h, StringType] as [string, Type])));
}

export const csvdecodeFunc: FunctionDef = {
  params: [strParam('str')],
  returnType: ([s]) => (s!.isKnown ? csvHeaderType(s!.asString()) : DynamicPseudoType),
  impl: ([s], retType) => {
    const ety = (retType as { element: Type }).element as { attributes: ReadonlyMap<string, Type> };
    const reader = new CsvReader(s!.asString(), ety.attributes.size);
    const rows: Value[] = [];
    try {
      const headers = reader.read()!;
      for (;;) {
        const cols = reader.read();
        if (cols === undefined) break;
        rows.push(objectVal(cols.map((c, i) => [headers[i]!, stringVal(c)] as [string, Value])));
      }
    } catch (e) {
      csvError(e);
    }
    return rows.length === 0 ? listValEmpty(ety as unknown as Type) : listVal(rows, ety as unknown as Type);
  },
};

// ---- jsonencode / jsondecode (cty/json) --------------------------------------------------------------------------

export const jsonencodeFunc: FunctionDef = {
  params: [{ name: 'val', type: DynamicPseudoType, allowUnknown: true, allowDynamicType: true, allowNull: true }],
  returnType: () => StringType,
  impl: ([v]) => {
    if (!v!.isWhollyKnown()) return unknownVal(StringType);
    if (v!.isNull) return stringVal('null');
    try {
      return stringVal(ctyJsonMarshal(v!, v!.type));
    } catch (e) {
      if (e instanceof JsonMarshalError) throw new FunctionError(e.message);
      throw e;
    }
  },
};

function jsonNode(text: string): JsonNode {
  try {
    return parseGoJson(text);
  } catch (e) {
    if (e instanceof GoJsonError) throw new FunctionError(e.message);
    throw e;
  }
}

/** cty/json ImpliedType: objects → object types (the last duplicate key wins), arrays → tuples, null → dynamic. */
function jsonImpliedType(n: JsonNode): Type {
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
function jsonUnmarshal(n: JsonNode, t: Type): Value {
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

export const jsondecodeFunc: FunctionDef = {
  params: [strParam('str')],
  returnType: ([s]) => {
    if (!s!.isKnown) return DynamicPseudoType;
    return jsonImpliedType(jsonNode(s!.asString()));
  },
  impl: ([s], retType) => jsonUnmarshal(jsonNode(s!.asString()), retType),
};

// ---- yamldecode / yamlencode (go-cty-yaml v1.0.1) -------------------------------------------------------------------

export const yamldecodeFunc: FunctionDef = {
  params: [strParam('src')],
  returnType: ([s]) => (s!.isKnown ? yamlImpliedType(s!.asString()) : DynamicPseudoType),
  impl: ([s], retType) => yamlDecode(s!.asString(), retType),
};

export const yamlencodeFunc: FunctionDef = {
  params: [{ name: 'value', type: DynamicPseudoType, allowNull: true, allowDynamicType: true }],
  returnType: () => StringType,
  impl: ([v]) => {
    if (!v!.isWhollyKnown()) return unknownVal(StringType);
    return stringVal(yamlEncode(v!));
  },
};

export const encodingFunctions: Record<string, FunctionDef> = {
  base64decode: base64decodeFunc,
  base64encode: base64encodeFunc,
  base64gzip: base64gzipFunc,
  csvdecode: csvdecodeFunc,
  jsondecode: jsondecodeFunc,
  jsonencode: jsonencodeFunc,
  textdecodebase64: textdecodebase64Func,
  textencodebase64: textencodebase64Func,
  urlencode: urlencodeFunc,
  yamldecode: yamldecodeFunc,
  yamlencode: yamlencodeFunc,
};
