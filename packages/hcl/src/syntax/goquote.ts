// Go's %q for strings, as used in hclsyntax's messages: double quotes, Go escapes for control and unprintable
// characters, printable non-ASCII kept as is. (The syntax package keeps its own copy so that it does not depend
// on the evaluator.)

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const named: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = named[ch];
    if (esc !== undefined) {
      out += esc;
      continue;
    }
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && !printable.test(ch)) {
      if (c >= 0xdc80 && c <= 0xdcff) out += '\\x' + (c - 0xdc00).toString(16); // an invalid UTF-8 byte
      else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
      else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
      else out += '\\U' + c.toString(16).padStart(8, '0');
    } else out += ch;
  }
  return out + '"';
}
