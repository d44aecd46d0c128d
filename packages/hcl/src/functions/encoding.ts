// Encoding functions as Packer registers them: go-cty-funcs base64encode/base64decode/urlencode, Packer's
// base64gzip/textencodebase64/textdecodebase64, cty stdlib csvdecode/jsondecode/jsonencode and go-cty-yaml's
// yamldecode/yamlencode. Each follows the Go library it comes from (encoding/base64, net/url, encoding/csv,
// encoding/json, x/text's ianaindex), including error texts.
import { crc32 as zlibCrc32, constants as zlibConstants, deflateRawSync } from 'node:zlib';
import { DynamicPseudoType, StringType, listOf, objectOf, type Type } from '../values/types.js';
import { listVal, listValEmpty, objectVal, stringVal, unknownVal, type Value } from '../values/value.js';
import { FunctionArgError, FunctionError, type FunctionDef } from './function.js';
import { CsvParseError, CsvReader } from './go-csv.js';
import { GoJsonError, JsonMarshalError, ctyJsonMarshal, jsonImpliedType, jsonUnmarshal, parseGoJson, type JsonNode } from './go-json.js';
import { goQuote } from './go-text.js';
import { REPLACEMENT, decodeText, encodeText, ianaEncoding } from './text-encodings.js';
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
