// Turning file bytes into the text the scanner reads. Valid UTF-8 decodes as usual. Each byte of an invalid
// sequence becomes one lone low surrogate U+DC80..U+DCFF ("surrogateescape"), which valid text never contains:
// the scanner reports it as a BadUTF8 token at its exact place ("Invalid character encoding", once per file,
// as hclsyntax does). Positions count it as one column; byte offsets after it count three bytes for it (the size of
// the U+FFFD a UTF-8 encoder writes for it), where Go counts one.

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeSource(bytes: Uint8Array): { text: string; invalidUtf8: boolean } {
  try {
    return { text: strict.decode(bytes), invalidUtf8: false };
  } catch {
    return { text: decodeEscaping(bytes), invalidUtf8: true };
  }
}

/** Length of the valid UTF-8 sequence at i, or 0. */
function seqLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (j: number): boolean => j < b.length && (b[j]! & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const d = b[i + 1]!;
    if (c === 0xe0 && d < 0xa0) return 0; // overlong
    if (c === 0xed && d >= 0xa0) return 0; // surrogate
    return cont(i + 1) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const d = b[i + 1]!;
    if (c === 0xf0 && d < 0x90) return 0;
    if (c === 0xf4 && d >= 0x90) return 0;
    return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

function decodeEscaping(b: Uint8Array): string {
  const loose = new TextDecoder('utf-8', { ignoreBOM: true });
  const parts: string[] = [];
  let runStart = 0;
  let i = 0;
  while (i < b.length) {
    const n = seqLength(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > runStart) parts.push(loose.decode(b.subarray(runStart, i)));
    parts.push(String.fromCharCode(0xdc00 + b[i]!));
    i++;
    runStart = i;
  }
  if (i > runStart) parts.push(loose.decode(b.subarray(runStart, i)));
  return parts.join('');
}
