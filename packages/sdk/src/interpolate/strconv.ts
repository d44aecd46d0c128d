// Go's strconv.Unquote / UnquoteChar for template string and character literals. Escapes that produce bytes
// (\x.., octal) are collected as bytes and decoded as UTF-8 at the end, as a Go string would be printed.

const SIMPLE: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

export interface UnquotedChar {
  /** The rune, or a byte value when `isByte`. */
  readonly value: number;
  readonly isByte: boolean;
  readonly tail: string;
}

/** One (possibly escaped) character from the start of `s` inside a literal quoted by `quote`; undefined if invalid. */
export function unquoteChar(s: string, quote: string): UnquotedChar | undefined {
  const c = s.codePointAt(0);
  if (c === undefined) return undefined;
  const ch = String.fromCodePoint(c);
  if (ch === quote && (quote === "'" || quote === '"')) return undefined;
  if (ch !== '\\') return { value: c, isByte: false, tail: s.slice(ch.length) };
  if (s.length < 2) return undefined;
  const e = s[1]!;
  let tail = s.slice(2);
  if (e in SIMPLE) return { value: SIMPLE[e]!, isByte: false, tail };
  if (e === "'" || e === '"') {
    if (e !== quote) return undefined;
    return { value: e.charCodeAt(0), isByte: false, tail };
  }
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    const hex = tail.slice(0, n);
    if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
    const v = parseInt(hex, 16);
    tail = tail.slice(n);
    if (e === 'x') return { value: v, isByte: true, tail };
    if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return undefined;
    return { value: v, isByte: false, tail };
  }
  if (e >= '0' && e <= '7') {
    const oct = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(oct)) return undefined;
    const v = parseInt(oct, 8);
    if (v > 255) return undefined;
    return { value: v, isByte: true, tail: s.slice(4) };
  }
  return undefined;
}

/** strconv.Unquote for "..." and `...` literals; undefined when the literal is invalid ("invalid syntax"). */
export function unquoteGo(literal: string): string | undefined {
  const q = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== q) return undefined;
  const body = literal.slice(1, -1);
  if (q === '`') return body.includes('`') ? undefined : body.replace(/\r/g, '');
  if (q !== '"') return undefined;
  if (body.includes('\n')) return undefined;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  let rest = body;
  while (rest.length > 0) {
    const r = unquoteChar(rest, '"');
    if (!r) return undefined;
    if (r.isByte) bytes.push(r.value);
    else bytes.push(...enc.encode(String.fromCodePoint(r.value)));
    rest = r.tail;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
