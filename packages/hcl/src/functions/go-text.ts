// Go text semantics the string functions depend on, where JavaScript's built-ins differ:
//  - strings.ToUpper / ToLower / Title use Unicode *simple* per-rune case mappings (upper("ß") stays "ß",
//    lower("İ") is "i"); JS toUpperCase/toLowerCase apply SpecialCasing (multi-character results, final sigma).
//  - unicode.IsSpace is the White_Space property (includes U+0085, excludes U+FEFF); JS trim() is the opposite.
//  - cty counts "characters" as grapheme clusters.
//  - Go strings are UTF-8 bytes: offsets in error messages are byte offsets.

// ---- case mapping --------------------------------------------------------------------------------------------

/**
 * Simple uppercase mappings of the characters whose JS (full) uppercase has several code points.
 * Everything not listed maps to itself: SpecialCasing-only expansions (ß, ŉ, ǰ, ﬀ…) have no simple mapping.
 */
const SIMPLE_UPPER_EXCEPTIONS: ReadonlyMap<number, number> = (() => {
  const m = new Map<number, number>();
  // Greek letters with ypogegrammeni map to their titlecase forms with prosgegrammeni.
  for (const base of [0x1f80, 0x1f90, 0x1fa0]) for (let i = 0; i < 8; i++) m.set(base + i, base + 8 + i);
  m.set(0x1fb3, 0x1fbc);
  m.set(0x1fc3, 0x1fcc);
  m.set(0x1ff3, 0x1ffc);
  return m;
})();

/** Characters whose simple titlecase differs from their simple uppercase. */
function simpleTitleException(cp: number): number | undefined {
  if (cp >= 0x01c4 && cp <= 0x01c6) return 0x01c5; // Ǆ ǅ ǆ → ǅ
  if (cp >= 0x01c7 && cp <= 0x01c9) return 0x01c8;
  if (cp >= 0x01ca && cp <= 0x01cc) return 0x01cb;
  if (cp >= 0x01f1 && cp <= 0x01f3) return 0x01f2;
  // Georgian Mkhedruli letters have Mtavruli uppercase forms but are their own titlecase.
  if ((cp >= 0x10d0 && cp <= 0x10fa) || (cp >= 0x10fd && cp <= 0x10ff)) return cp;
  return undefined;
}

/** unicode.ToUpper for one code point. */
export function runeToUpper(cp: number): number {
  if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a ? cp - 32 : cp;
  const up = String.fromCodePoint(cp).toUpperCase();
  const first = up.codePointAt(0)!;
  if (up.length === (first > 0xffff ? 2 : 1)) return first;
  return SIMPLE_UPPER_EXCEPTIONS.get(cp) ?? cp;
}

/** unicode.ToLower for one code point. */
export function runeToLower(cp: number): number {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
  if (cp === 0x0130) return 0x69; // İ: full lowercase is "i̇", simple is "i"
  const low = String.fromCodePoint(cp).toLowerCase();
  const first = low.codePointAt(0)!;
  if (low.length === (first > 0xffff ? 2 : 1)) return first;
  return cp;
}

/** unicode.ToTitle for one code point. */
export function runeToTitle(cp: number): number {
  return simpleTitleException(cp) ?? runeToUpper(cp);
}

function mapRunes(s: string, f: (cp: number) => number): string {
  let out = '';
  for (const ch of s) out += String.fromCodePoint(f(ch.codePointAt(0)!));
  return out;
}

/** strings.ToUpper */
export function goToUpper(s: string): string {
  return mapRunes(s, runeToUpper);
}
/** strings.ToLower */
export function goToLower(s: string): string {
  return mapRunes(s, runeToLower);
}

// ---- character classes -----------------------------------------------------------------------------------------

const WHITE_SPACE = /^\p{White_Space}$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

/** unicode.IsSpace */
export function isGoSpace(cp: number): boolean {
  if (cp < 0x80) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  return WHITE_SPACE.test(String.fromCodePoint(cp));
}

/** strings.Title's word-boundary test (ASCII alphanumerics and '_' join words; other letters and digits too). */
function isTitleSeparator(cp: number): boolean {
  if (cp <= 0x7f) {
    return !((cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || cp === 0x5f);
  }
  const ch = String.fromCodePoint(cp);
  if (LETTER.test(ch) || DIGIT.test(ch)) return false;
  return isGoSpace(cp);
}

/** strings.Title: titlecase the first letter of each word. */
export function goTitle(s: string): string {
  let prev = 0x20;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += isTitleSeparator(prev) ? String.fromCodePoint(runeToTitle(cp)) : ch;
    prev = cp;
  }
  return out;
}

/** strings.TrimFunc(s, unicode.IsSpace) */
export function goTrimSpace(s: string): string {
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  while (a < b && isGoSpace(cps[a]!.codePointAt(0)!)) a++;
  while (b > a && isGoSpace(cps[b - 1]!.codePointAt(0)!)) b--;
  return cps.slice(a, b).join('');
}

/** strings.Trim: remove leading and trailing code points contained in cutset. */
export function goTrim(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const cut = new Set([...cutset]);
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  while (a < b && cut.has(cps[a]!)) a++;
  while (b > a && cut.has(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}

/** strings.Split: an empty separator splits after each UTF-8 sequence (code point). */
export function goSplit(s: string, sep: string): string[] {
  if (sep === '') return [...s];
  return s.split(sep);
}

/** strings.Replace(s, old, new, -1): an empty `old` matches before every code point and at the end. */
export function goReplaceAll(s: string, old: string, repl: string): string {
  if (old === '') {
    let out = repl;
    for (const ch of s) out += ch + repl;
    return out;
  }
  return s.split(old).join(repl);
}

// ---- graphemes and bytes ---------------------------------------------------------------------------------------

// One implementation with the source positions' (source.ts).
export { graphemes, graphemeCount, utf8Length } from '../source.js';

// ---- quoting -------------------------------------------------------------------------------------------------

/** strconv.Quote (Go's %q for strings): one implementation, shared with the parser's messages. */
export { goQuote } from '../syntax/goquote.js';
import { goQuote } from '../syntax/goquote.js';

/** strconv.QuoteRune (Go's %q for runes): single quotes, `'` escaped, `"` literal. */
export function goQuoteRune(cp: number): string {
  if (cp === 0x27) return "'\\''";
  if (cp === 0x22) return `'"'`;
  const q = goQuote(String.fromCodePoint(cp));
  return `'${q.slice(1, -1)}'`;
}
