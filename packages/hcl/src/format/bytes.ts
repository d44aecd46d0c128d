// Files in, files out: `packer fmt` reads bytes and writes bytes back, and hclwrite keeps every byte of a token,
// even invalid UTF-8 inside a comment (which the scanner accepts). decodeSource (syntax/decode.ts) turns each such
// byte into a lone surrogate U+DC80..U+DCFF; encodeSource is its inverse, so those bytes come back unchanged.

const encoder = new TextEncoder();
/** A low surrogate with no high surrogate before it (only decodeSource's escapes produce these). */
const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const ESCAPED_BYTES = new RegExp(ESCAPED_BYTE.source, 'g');

/** UTF-8 bytes of `text`, with decodeSource's escaped bytes written back as the raw bytes they stand for. */
export function encodeSource(text: string): Uint8Array {
  if (!ESCAPED_BYTE.test(text)) return encoder.encode(text);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const m of text.matchAll(ESCAPED_BYTES)) {
    parts.push(encoder.encode(text.slice(from, m.index)), Uint8Array.of(text.charCodeAt(m.index!) - 0xdc00));
    from = m.index! + 1;
  }
  parts.push(encoder.encode(text.slice(from)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
