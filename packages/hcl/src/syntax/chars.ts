// Character classes of the HCL scanner: identifier characters (Unicode ID_Start / ID_Continue, plus "_" to start
// and "-" to continue), Go's unicode.IsSpace, and the "bad byte" code units produced by decodeSource.

const ASCII_ID_START = new Uint8Array(128);
const ASCII_ID_CONTINUE = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) ASCII_ID_START[c] = 1;
  if (/[A-Za-z0-9_-]/.test(ch)) ASCII_ID_CONTINUE[c] = 1;
}
// hclsyntax uses the Unicode 9.0 derived properties; JS knows a newer Unicode, which is a superset.
const ID_START = /^\p{ID_Start}$/u;
const ID_CONTINUE = /^\p{ID_Continue}$/u;

/**
 * End offset of the identifier starting at `offset`, or -1 if none starts there.
 * Identifier = (ID_Start | "_") (ID_Continue | "-")*.
 */
export function identEnd(text: string, offset: number): number {
  const len = text.length;
  let i = offset;
  if (i >= len) return -1;
  let c = text.charCodeAt(i);
  if (c < 128) {
    if (ASCII_ID_START[c] !== 1) return -1;
    i++;
  } else {
    const cp = text.codePointAt(i)!;
    if (!ID_START.test(String.fromCodePoint(cp))) return -1;
    i += cp > 0xffff ? 2 : 1;
  }
  while (i < len) {
    c = text.charCodeAt(i);
    if (c < 128) {
      if (ASCII_ID_CONTINUE[c] !== 1) break;
      i++;
    } else {
      const cp = text.codePointAt(i)!;
      if (!ID_CONTINUE.test(String.fromCodePoint(cp))) break;
      i += cp > 0xffff ? 2 : 1;
    }
  }
  return i;
}

/** Go's unicode.IsSpace for a code point. */
export function isGoSpace(cp: number): boolean {
  if (cp < 0x80) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  switch (cp) {
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
      return true;
  }
  return cp >= 0x2000 && cp <= 0x200a;
}

/** strings.TrimLeftFunc(s, unicode.IsSpace). */
export function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length) {
    const cp = s.codePointAt(i)!;
    if (!isGoSpace(cp)) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i === 0 ? s : s.slice(i);
}

/** strings.TrimRightFunc(s, unicode.IsSpace). (No space character is outside the BMP.) */
export function trimRightSpace(s: string): string {
  let i = s.length;
  while (i > 0 && isGoSpace(s.charCodeAt(i - 1))) i--;
  return i === s.length ? s : s.slice(0, i);
}

/**
 * A UTF-16 code unit that is a lone surrogate. decodeSource maps each byte of invalid UTF-8 to one lone low
 * surrogate (U+DC80..U+DCFF, as Python's "surrogateescape" does), so the scanner can report it where it is.
 */
export function isLoneSurrogateAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return false;
  if (c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    return !(d >= 0xdc00 && d <= 0xdfff);
  }
  const p = text.charCodeAt(i - 1);
  return !(i > 0 && p >= 0xd800 && p <= 0xdbff);
}
