// The text layer of legacy JSON templates and JSON var files, as Packer reads them with Go's encoding/json:
// template/parse.go's jsonUnmarshal (json.Unmarshal into interface{}, then checkForDuplicateFields over a token
// stream) with ParseFile's rewrite of syntax errors (line, column and a highlighted excerpt), and kvflag.FlagJSON
// (json.Decoder.Decode into a map[string]string) for `-var-file` in JSON mode. Error texts are Go's.
import * as fs from 'node:fs';
import { goPathErrorText } from '@tspacker/hcl';
import { GoJsonError, GoJsonSyntaxError, goDecodeUtf8, goJsonDecodeFirst, goJsonUnmarshal, type JsonNode } from '@tspacker/hcl/functions/go-json.js';
import type { JsonObject, JsonValue } from './types.js';

/**
 * A template file's contents decoded as template.ParseFile does before mapstructure sees them: `value` is the
 * document (objects with a null prototype, keys in document order as far as JS allows: integer-like keys come
 * first), or `error` is the text Packer shows after "Failed to parse template: ".
 */
export function readLegacyTemplateJson(text: string | Uint8Array): { value: JsonValue } | { error: string } {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let node: JsonNode;
  try {
    node = goJsonUnmarshal(data);
  } catch (e) {
    if (e instanceof GoJsonSyntaxError) return { error: syntaxErrorText(data, e) };
    if (e instanceof GoJsonError) return { error: e.message };
    throw e;
  }
  // Only a valid document is checked for duplicates; the first one met depth-first, in document order, wins.
  const dup = firstDuplicateKey(node);
  if (dup !== undefined) return { error: `template has duplicate field: ${dup}` };
  return { value: toJsonValue(node) };
}

/** ParseFile's message for a *json.SyntaxError, with highlightPosition's excerpt (it ends with a newline). */
function syntaxErrorText(data: Uint8Array, e: GoJsonSyntaxError): string {
  const { line, col, highlight } = highlightPosition(data, e.offset);
  return `Error parsing JSON: ${e.message}\nAt line ${line}, column ${col} (offset ${e.offset}):\n${highlight}`;
}

/**
 * highlightPosition: the line of the offset and the one before it, up to the offset, and a caret. Its quirks are
 * kept: the column starts at 0 on the first line but at 1 after a newline, and the caret sits col+5 spaces in.
 * Bytes of invalid UTF-8 (such as the first byte of a character the error cut in half) show as U+FFFD.
 */
export function highlightPosition(data: Uint8Array, pos: number): { line: number; col: number; highlight: string } {
  let line = 1;
  let col = 0;
  let lineStart = 0;
  let lastLine: Uint8Array = new Uint8Array(0);
  const end = Math.min(pos, data.length);
  for (let n = 0; n < end; n++) {
    if (data[n] === 0x0a) {
      lastLine = data.subarray(lineStart, n);
      lineStart = n + 1;
      line++;
      col = 1;
    } else col++;
  }
  const num = (l: number): string => String(l).padStart(5, ' ');
  let highlight = '';
  if (line > 1) highlight += `${num(line - 1)}: ${goDecodeUtf8(lastLine)}\n`;
  highlight += `${num(line)}: ${goDecodeUtf8(data.subarray(lineStart, end))}\n`;
  highlight += `${' '.repeat(col + 5)}^\n`;
  return { line, col, highlight };
}

/** checkForDuplicateFields: the first key repeated within one object, in document order, depth first. */
function firstDuplicateKey(node: JsonNode): string | undefined {
  if (node.kind === 'array') {
    for (const item of node.items) {
      const dup = firstDuplicateKey(item);
      if (dup !== undefined) return dup;
    }
  } else if (node.kind === 'object') {
    const seen = new Set<string>();
    for (const [key, value] of node.members) {
      if (seen.has(key)) return key;
      seen.add(key);
      const dup = firstDuplicateKey(value);
      if (dup !== undefined) return dup;
    }
  }
  return undefined;
}

/** The tree as encoding/json's interface{} values: float64 numbers, null-prototype objects. */
function toJsonValue(node: JsonNode): JsonValue {
  switch (node.kind) {
    case 'null':
      return null;
    case 'bool':
    case 'string':
      return node.value;
    case 'number':
      return Number(node.text);
    case 'array':
      return node.items.map(toJsonValue);
    case 'object': {
      const obj = Object.create(null) as JsonObject;
      // Defining (not assigning) keeps keys like __proto__ ordinary own properties.
      for (const [k, v] of node.members) {
        Object.defineProperty(obj, k, { value: toJsonValue(v), enumerable: true, writable: true, configurable: true });
      }
      return obj;
    }
  }
}

/**
 * kvflag.FlagJSON.Set(path) on `vars`: the file's first JSON value decoded into the map[string]string. Returns
 * the map to use afterwards — a new one when `vars` was null, and null when the file holds JSON `null` (Go
 * then sets the map to nil, dropping what earlier files set) — or the error Packer prints.
 */
export function readJsonVarFile(path: string, vars: Map<string, string> | null): { vars: Map<string, string> | null } | { error: string } {
  let data: Buffer;
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    return { error: goPathErrorText('open', path, e) };
  }
  try {
    data = fs.readFileSync(fd);
  } catch (e) {
    return { error: `Error reading variables in '${path}': ${goPathErrorText('read', path, e)}` };
  } finally {
    fs.closeSync(fd);
  }
  const into = vars ?? new Map<string, string>();
  const fail = (msg: string): { error: string } => ({ error: `Error reading variables in '${path}': ${msg}` });
  let node: JsonNode;
  try {
    node = goJsonDecodeFirst(data);
  } catch (e) {
    if (e instanceof GoJsonError) return fail(e.message);
    throw e;
  }
  const typeError = (what: string, type: string): string => `json: cannot unmarshal ${what} into Go value of type ${type}`;
  switch (node.kind) {
    case 'null':
      return { vars: null };
    case 'object': {
      // Go decodes every member (so earlier ones are set) but reports the first type error.
      let first: string | undefined;
      for (const [k, v] of node.members) {
        if (v.kind === 'string') into.set(k, v.value);
        else {
          into.set(k, '');
          if (v.kind !== 'null') first ??= typeError(v.kind, 'string');
        }
      }
      return first === undefined ? { vars: into } : fail(first);
    }
    default:
      return fail(typeError(node.kind, 'kvflag.FlagJSON'));
  }
}

/** Meta.Core's reading of every `-var-file` of a JSON template, in order, into one map (later files win). */
export function readJsonVarFiles(paths: readonly string[]): { vars: Map<string, string> } | { error: string } {
  let vars: Map<string, string> | null = null;
  for (const path of paths) {
    const r = readJsonVarFile(path, vars);
    if ('error' in r) return r;
    vars = r.vars;
  }
  return { vars: vars ?? new Map() };
}
