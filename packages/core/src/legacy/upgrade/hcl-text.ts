// HCL text the way hclwrite generates it for hcl2_upgrade: a small body model (attributes set by value, nested
// blocks, blank lines) printed as hclwrite's File.Bytes() would, and cty values printed as hclwrite.TokensForValue
// does (strings escaped with `${`/`%{` doubled, numbers in plain decimal, object keys sorted and quoted only when
// they are not identifiers). Like File.Bytes(), the text comes out formatted (@tspacker/hcl's format is
// hclwrite.Format); newlines are hclwrite's.
import { format, formatGoFloatF } from '@tspacker/hcl';
import { validIdentifier } from '../../template/variables.js';
import type { JsonValue } from '../types.js';

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** hclwrite's escapeQuotedStringLit: the inside of a quoted string literal. */
export function escapeQuotedStringLit(s: string): string {
  let out = '';
  const chars = [...s];
  chars.forEach((c, i) => {
    switch (c) {
      case '\n': out += '\\n'; return;
      case '\r': out += '\\r'; return;
      case '\t': out += '\\t'; return;
      case '"': out += '\\"'; return;
      case '\\': out += '\\\\'; return;
      case '$':
      case '%':
        out += chars[i + 1] === '{' ? c + c : c;
        return;
    }
    if (PRINTABLE.test(c)) {
      out += c;
      return;
    }
    const cp = c.codePointAt(0)!;
    out += cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
  });
  return out;
}

export function quotedString(s: string): string {
  return `"${escapeQuotedStringLit(s)}"`;
}

/** Byte-wise string order (Go's sort.Strings), which differs from UTF-16 order past the BMP. */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * hclwrite.TokensForValue(hcl2shim.HCL2ValueFromConfigValue(v)): JSON null is `null`, arrays are tuples, objects
 * are object constructors with sorted keys.
 */
export function valueText(v: JsonValue | readonly string[]): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map((e: JsonValue) => valueText(e)).join(', ')}]`;
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatGoFloatF(v);
    case 'string':
      return quotedString(v);
  }
  const obj = v as Record<string, JsonValue>;
  const keys = Object.keys(obj).sort(compareGoStrings);
  if (keys.length === 0) return '{}';
  const lines = keys.map((k) => `${validIdentifier(k) ? k : quotedString(k)} = ${valueText(obj[k]!)}\n`);
  return `{\n${lines.join('')}}`;
}

type Item =
  | { readonly kind: 'attribute'; readonly name: string; value: string }
  | { readonly kind: 'block'; readonly type: string; readonly labels: readonly string[]; readonly body: HclBody }
  | { readonly kind: 'newline' };

/** An hclwrite.Body being built: items print in the order they were appended. */
export class HclBody {
  private readonly items: Item[] = [];

  /** SetAttributeValue: replaces an attribute of that name in place, else appends it. */
  setAttributeValue(name: string, value: JsonValue | readonly string[]): void {
    this.setAttributeRaw(name, valueText(value));
  }

  /** SetAttributeRaw: the value's tokens as given. */
  setAttributeRaw(name: string, text: string): void {
    const existing = this.items.find((i) => i.kind === 'attribute' && i.name === name);
    if (existing && existing.kind === 'attribute') existing.value = text;
    else this.items.push({ kind: 'attribute', name, value: text });
  }

  /** AppendNewBlock: returns the new block's body. */
  appendNewBlock(type: string, labels: readonly string[] = []): HclBody {
    const body = new HclBody();
    this.items.push({ kind: 'block', type, labels, body });
    return body;
  }

  appendNewline(): void {
    this.items.push({ kind: 'newline' });
  }

  /**
   * hclwrite's File.Bytes() of a file with this body: formatted (the `{{ }}` rewriting that follows sees Go's
   * columns in its error messages).
   */
  bytes(): string {
    return format(this.text());
  }

  /** The body's text, each line indented by `indent`. */
  text(indent = ''): string {
    let out = '';
    for (const item of this.items) {
      switch (item.kind) {
        case 'attribute':
          out += `${indent}${item.name} = ${item.value}\n`;
          break;
        case 'block': {
          const head = [item.type, ...item.labels.map(quotedString)].join(' ');
          out += `${indent}${head} {\n${item.body.text(indent + '  ')}${indent}}\n`;
          break;
        }
        case 'newline':
          out += '\n';
          break;
      }
    }
    return out;
  }
}
