// Decoding of literal template text (hclsyntax's scanStringLit + ParseStringLiteralToken): backslash escapes in
// quoted strings, and the `$${` / `%%{` template escapes everywhere. Invalid escapes are reported and kept as
// written, as hclsyntax does.
import { errorDiag, type Diagnostic } from '../diagnostics.js';
import type { SourceFile } from '../source.js';
import { goQuote } from './goquote.js';

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** End of the prefix of text[start, end) without `$`, `%` or (quoted) a backslash: what decodes to itself. */
function plainPrefixEnd(text: string, start: number, end: number, quoted: boolean): number {
  let i = start;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x24 || c === 0x25 || (quoted && c === 0x5c)) break;
  }
  return i;
}

/** Whether the literal token text[start, end) decodes to itself (so its value need not be kept apart from it). */
export function isPlainLiteral(text: string, start: number, end: number, quoted: boolean): boolean {
  return plainPrefixEnd(text, start, end, quoted) === end;
}

/**
 * The value of the literal token text[start, end). `quoted` selects the quoted-string rules (backslash escapes).
 * Diagnostics for invalid escapes are appended to `diags`, with ranges over the escape in `file`.
 */
export function decodeLiteral(
  file: SourceFile,
  start: number,
  end: number,
  quoted: boolean,
  diags: Diagnostic[],
): string {
  const text = file.text;
  // Fast path: nothing to decode.
  let i = plainPrefixEnd(text, start, end, quoted);
  if (i === end) return text.slice(start, end);

  let out = text.slice(start, i);
  let lit = i; // start of pending literal characters
  const flush = (to: number): void => {
    if (to > lit) out += text.slice(lit, to);
  };
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x24 || c === 0x25) {
      // "$", "$$" or "$${" (and the same with "%"): only the three-character form is an escape.
      flush(i);
      if (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 0x7b && i + 2 < end) {
        out += c === 0x24 ? '${' : '%{';
        i += 3;
      } else {
        const n = text.charCodeAt(i + 1) === c && i + 1 < end ? 2 : 1;
        out += text.slice(i, i + n);
        i += n;
      }
      lit = i;
      continue;
    }
    if (!quoted || c !== 0x5c) {
      i++;
      continue;
    }
    flush(i);
    const escStart = i;
    const sel = i + 1 < end ? text.charCodeAt(i + 1) : -1;
    if (sel === -1) {
      diags.push(errorDiag('Invalid escape sequence', 'Backslash must be followed by an escape sequence selector character.', file.range(i, i + 1)));
      out += '\\';
      i += 1;
      lit = i;
      continue;
    }
    if (sel === 0x75 /* u */ || sel === 0x55 /* U */) {
      const want = sel === 0x75 ? 4 : 8;
      let j = i + 2;
      while (j < end && j - (i + 2) < want && isHex(text.charCodeAt(j))) j++;
      const slice = text.slice(escStart, j);
      i = j;
      lit = i;
      if (j - (escStart + 2) !== want) {
        const detail = want === 4
          ? 'The \\u escape sequence must be followed by four hexadecimal digits.'
          : 'The \\U escape sequence must be followed by eight hexadecimal digits.';
        diags.push(errorDiag('Invalid escape sequence', detail, file.range(escStart, j)));
        out += slice;
        continue;
      }
      const cp = parseInt(slice.slice(2), 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        diags.push(errorDiag('Invalid escape sequence', `Cannot encode character U+${cp.toString(16).padStart(4, '0')} in UTF-8.`, file.range(escStart, j)));
        out += slice;
        continue;
      }
      out += String.fromCodePoint(cp);
      continue;
    }
    // A simple escape: backslash and one character.
    const selLen = sel >= 0xd800 && sel <= 0xdbff && i + 2 < end ? 2 : 1;
    i += 1 + selLen;
    lit = i;
    switch (sel) {
      case 0x6e:
        out += '\n';
        continue;
      case 0x72:
        out += '\r';
        continue;
      case 0x74:
        out += '\t';
        continue;
      case 0x22:
        out += '"';
        continue;
      case 0x5c:
        out += '\\';
        continue;
    }
    const symbol = text.slice(escStart + 1, i);
    diags.push(errorDiag('Invalid escape sequence', `The symbol ${goQuote(symbol)} is not a valid escape sequence selector.`, file.range(escStart, i)));
    out += symbol;
  }
  flush(end);
  return out;
}
