// Compact token storage for the scanner and the parser. The parser works on parallel typed arrays (kind, start,
// end) rather than one object per token: a 3 MB template has ~700k tokens, and objects would dominate both time
// and memory. `scanTokens` turns the arrays into the public `Token` objects for the formatter.
import type { SourceFile } from '../source.js';
import type { Token, TokenType } from './tokens.js';

/** Token kinds as small integers, in the order of TOKEN_TYPES. */
export const K = {
  OBrace: 0,
  CBrace: 1,
  OBrack: 2,
  CBrack: 3,
  OParen: 4,
  CParen: 5,
  OQuote: 6,
  CQuote: 7,
  OHeredoc: 8,
  CHeredoc: 9,
  Star: 10,
  Slash: 11,
  Plus: 12,
  Minus: 13,
  Percent: 14,
  Equal: 15,
  EqualOp: 16,
  NotEqual: 17,
  LessThan: 18,
  LessThanEq: 19,
  GreaterThan: 20,
  GreaterThanEq: 21,
  And: 22,
  Or: 23,
  Bang: 24,
  Dot: 25,
  Comma: 26,
  DoubleColon: 27,
  Ellipsis: 28,
  FatArrow: 29,
  Question: 30,
  Colon: 31,
  TemplateInterp: 32,
  TemplateControl: 33,
  TemplateSeqEnd: 34,
  QuotedLit: 35,
  StringLit: 36,
  NumberLit: 37,
  Ident: 38,
  Comment: 39,
  Newline: 40,
  EOF: 41,
  BitwiseAnd: 42,
  BitwiseOr: 43,
  BitwiseNot: 44,
  BitwiseXor: 45,
  StarStar: 46,
  Apostrophe: 47,
  Backtick: 48,
  Semicolon: 49,
  Tabs: 50,
  Invalid: 51,
  BadUTF8: 52,
  QuotedNewline: 53,
  /** Only the parser uses this: "no token" (Go's TokenNil), e.g. the opposite of a non-bracket. */
  Nil: 54,
} as const;

export type Kind = (typeof K)[keyof typeof K];

/** TokenType name of each kind. */
export const TOKEN_TYPES: readonly TokenType[] = (Object.keys(K) as (TokenType | 'Nil')[]).filter(
  (n): n is TokenType => n !== 'Nil',
);

/**
 * A scanned file: kinds and UTF-16 offsets [start, end) of tokens 0 to count-1, the last one always EOF. The arrays
 * belong to the scanner and may be longer than `count`; they are valid until the next scan.
 */
export interface TokenBuffer {
  readonly file: SourceFile;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
  /** False when no token of a kind that is only ever an error (BitwiseAnd and after) occurs. */
  readonly hasInvalid: boolean;
}

/** The public token objects (the formatter needs every token, comments and newlines included). */
export function tokensOf(buf: TokenBuffer): Token[] {
  const text = buf.file.text;
  const out = new Array<Token>(buf.count);
  for (let i = 0; i < buf.count; i++) {
    const start = buf.starts[i]!;
    const end = buf.ends[i]!;
    out[i] = { type: TOKEN_TYPES[buf.kinds[i]!]!, text: text.slice(start, end), start, end };
  }
  return out;
}
