// The native-syntax scanner, equivalent to hclsyntax's scan_tokens.rl, built on a multi-mode chevrotain Lexer.
//
// Modes mirror the Ragel machines: `main` (expressions and structure), `quoted` ("..." templates), `heredoc`
// (<<EOT templates) and `bare` (standalone templates: JSON strings, templatefile). Ragel counts braces to decide
// whether "}" closes a `${`/`%{` sequence; here every "{" pushes a `mainBrace` mode and every `${`/`%{` pushes a
// `mainInterp` mode, so the closing brace's meaning is a property of the mode it is lexed in, which gives the same
// token stream as the counter. Heredoc markers live on a small stack beside chevrotain's mode stack: the opener
// pushes its marker, the closing-marker matcher pops it.
//
// All patterns are custom matchers (or single characters) with first-character hints, so chevrotain needs no
// regular-expression analysis at start-up and every mode gets its first-character dispatch.
//
// Token boundaries follow Ragel's longest-match rules, including its quirks: `$`/`%` not followed by `{` is a
// literal token of its own, `$${`/`%%{` are literal tokens, quoted literals keep their backslash escapes
// (decoded by the parser), each heredoc/bare-template line is its own literal token, and a scanner error (a lone
// CR inside a heredoc or bare template, or an unfinished `$` at the end) turns the rest of the input into a
// single Invalid (heredoc) or StringLit (top-level bare template) token.
import { Lexer, createToken, type CustomPatternMatcherReturn, type TokenType as ChevToken } from 'chevrotain';
import { SourceFile, type Pos } from '../source.js';
import { identEnd, isGoSpace, isLoneSurrogateAt } from './chars.js';
import { K, type Kind, type TokenBuffer } from './token-kinds.js';

export type ScanMode = 'config' | 'template';

// ---- custom matchers ----------------------------------------------------------------------------------------------

// Heredoc markers in progress, innermost last. Reset at the start of every scan.
let markers: string[] = [];

// One reusable match result: chevrotain only reads [0] (and .payload) before the next call. The "image" is only
// ever used for its length (see SinkLexer), so it is a cached string of spaces rather than a slice of the text:
// the scan then allocates nothing per token.
const hit = [''] as unknown as CustomPatternMatcherReturn;
const images: string[] = [];
function matched(_text: string, start: number, end: number): CustomPatternMatcherReturn {
  const n = end - start;
  hit[0] = n < 512 ? (images[n] ??= ' '.repeat(n)) : ' '.repeat(n);
  return hit;
}

type Matcher = (text: string, offset: number) => CustomPatternMatcherReturn | null;

/** A fixed string. */
function literal(s: string): Matcher {
  return (text, offset) => (text.startsWith(s, offset) ? matched(text, offset, offset + s.length) : null);
}

function matchSpaces(text: string, offset: number): CustomPatternMatcherReturn | null {
  let i = offset;
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x09; c = text.charCodeAt(i)) i++;
  return i === offset ? null : matched(text, offset, i);
}

/** LF or CRLF. */
function matchNewline(text: string, offset: number): CustomPatternMatcherReturn | null {
  const c = text.charCodeAt(offset);
  if (c === 0x0a) return matched(text, offset, offset + 1);
  if (c === 0x0d && text.charCodeAt(offset + 1) === 0x0a) return matched(text, offset, offset + 2);
  return null;
}

/** `#` and `//` comments run to the end of the line and include its newline. */
function lineCommentFrom(text: string, offset: number, start: number): CustomPatternMatcherReturn {
  const nl = text.indexOf('\n', start);
  return matched(text, offset, nl < 0 ? text.length : nl + 1);
}
function matchHashComment(text: string, offset: number): CustomPatternMatcherReturn | null {
  return text.charCodeAt(offset) === 0x23 ? lineCommentFrom(text, offset, offset + 1) : null;
}
function matchSlashComment(text: string, offset: number): CustomPatternMatcherReturn | null {
  return text.charCodeAt(offset + 1) === 0x2f && text.charCodeAt(offset) === 0x2f ? lineCommentFrom(text, offset, offset + 2) : null;
}
/** `/* ... *\/` ends at the first closer; unterminated it is no comment at all. */
function matchBlockComment(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 0x2f || text.charCodeAt(offset + 1) !== 0x2a) return null;
  const close = text.indexOf('*/', offset + 2);
  return close < 0 ? null : matched(text, offset, close + 2);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** A digit, then digits, dots and exponents (`e`, optional sign, digit) in any order, not ending with a dot. */
function matchNumber(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (!isDigit(text.charCodeAt(offset))) return null;
  let end = offset + 1;
  for (;;) {
    let j = end;
    while (text.charCodeAt(j) === 0x2e) j++;
    const c = text.charCodeAt(j);
    if (isDigit(c)) {
      end = j + 1;
      continue;
    }
    if (c === 0x65 || c === 0x45) {
      const d = text.charCodeAt(j + 1);
      if (isDigit(d)) {
        end = j + 2;
        continue;
      }
      if ((d === 0x2b || d === 0x2d) && isDigit(text.charCodeAt(j + 2))) {
        end = j + 3;
        continue;
      }
    }
    return matched(text, offset, end);
  }
}

/** `${` / `%{`, with an optional strip marker. */
function sequenceOpener(sigil: number): Matcher {
  return (text, offset) => {
    if (text.charCodeAt(offset) !== sigil || text.charCodeAt(offset + 1) !== 0x7b) return null;
    return matched(text, offset, offset + (text.charCodeAt(offset + 2) === 0x7e ? 3 : 2));
  };
}

/** The `$${` / `%%{` escapes (strip marker included), or a lone `$` / `%` before anything but `{`. */
function sigilLiteral(sigil: number): Matcher {
  return (text, offset) => {
    if (text.charCodeAt(offset) !== sigil || offset + 1 >= text.length) return null;
    const next = text.charCodeAt(offset + 1);
    if (next === sigil && text.charCodeAt(offset + 2) === 0x7b) {
      return matched(text, offset, offset + (text.charCodeAt(offset + 3) === 0x7e ? 4 : 3));
    }
    return next === 0x7b ? null : matched(text, offset, offset + 1);
  };
}

/**
 * Quoted-string text: characters other than `$ % " \\`, CR, LF and bad bytes, and backslash escapes kept whole
 * (a backslash and the next character), so that `\"` and `\$` neither end the string nor start a sequence.
 */
function matchQuotedText(text: string, offset: number): CustomPatternMatcherReturn | null {
  const len = text.length;
  let i = offset;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) {
      const d = text.charCodeAt(i + 1);
      if (i + 1 >= len || d === 0x0a || d === 0x0d || isLoneSurrogateAt(text, i + 1)) break;
      i += d >= 0xd800 && d <= 0xdbff ? 3 : 2;
      continue;
    }
    if (c === 0x24 || c === 0x25 || c === 0x22 || c === 0x0a || c === 0x0d) break;
    if (c >= 0xd800 && c <= 0xdfff) {
      if (isLoneSurrogateAt(text, i)) break;
      i += 2;
      continue;
    }
    i++;
  }
  return i === offset ? null : matched(text, offset, i);
}

/** A run of CR and LF characters inside a quoted string. */
function matchNewlines(text: string, offset: number): CustomPatternMatcherReturn | null {
  let i = offset;
  for (let c = text.charCodeAt(i); c === 0x0a || c === 0x0d; c = text.charCodeAt(i)) i++;
  return i === offset ? null : matched(text, offset, i);
}

function matchBom(text: string, offset: number): CustomPatternMatcherReturn | null {
  return offset === 0 && text.charCodeAt(0) === 0xfeff ? matched(text, 0, 1) : null;
}

function matchIdent(text: string, offset: number): CustomPatternMatcherReturn | null {
  const end = identEnd(text, offset);
  return end < 0 ? null : matched(text, offset, end);
}

/** `<<EOT` or `<<-EOT` immediately followed by a newline (included in the token). */
function matchHeredocOpen(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset + 1) !== 0x3c /* < */) return null;
  let i = offset + 2;
  if (text.charCodeAt(i) === 0x2d /* - */) i++;
  const idEnd = identEnd(text, i);
  if (idEnd < 0) return null;
  let end = idEnd;
  if (text.charCodeAt(end) === 0x0d) end++;
  if (text.charCodeAt(end) !== 0x0a) return null;
  markers.push(text.substring(i, idEnd));
  return matched(text, offset, end + 1);
}

/**
 * A heredoc line that is the closing marker: at the start of a line, the marker with optional surrounding
 * whitespace, followed by a newline (which is left for a separate Newline token, as hclsyntax does).
 */
function matchHeredocEnd(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (offset === 0 || text.charCodeAt(offset - 1) !== 0x0a || markers.length === 0) return null;
  const marker = markers[markers.length - 1]!;
  let i = skipSpaces(text, offset);
  if (!text.startsWith(marker, i)) return null;
  const end = skipSpaces(text, i + marker.length);
  let nl = end;
  if (text.charCodeAt(nl) === 0x0d) nl++;
  if (text.charCodeAt(nl) !== 0x0a) return null;
  markers.pop();
  return matched(text, offset, end);
}

// Whitespace other than CR and LF (which end the line, so cannot be trimmed from inside one literal token).
function skipSpaces(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || !isGoSpace(c)) return i;
    i++;
  }
}

/**
 * The literal text of a heredoc or bare-template line: characters other than `$`, `%`, CR, LF and bad bytes,
 * then the line's newline if it ends here.
 */
function lineLiteralEnd(text: string, offset: number): number {
  const len = text.length;
  let i = offset;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 0x24 || c === 0x25 || c === 0x0a || c === 0x0d) break;
    if (c >= 0xd800 && c <= 0xdfff) {
      if (isLoneSurrogateAt(text, i)) break;
      i += 2;
      continue;
    }
    i++;
  }
  if (text.charCodeAt(i) === 0x0a) return i + 1;
  if (text.charCodeAt(i) === 0x0d && text.charCodeAt(i + 1) === 0x0a) return i + 2;
  return i;
}

function matchLineLiteral(text: string, offset: number): CustomPatternMatcherReturn | null {
  const end = lineLiteralEnd(text, offset);
  return end === offset ? null : matched(text, offset, end);
}

/** Where Ragel would stop with a scanner error: the rest of the input becomes one token. */
function matchRest(text: string, offset: number): CustomPatternMatcherReturn | null {
  return offset < text.length ? matched(text, offset, text.length) : null;
}

function matchLoneSurrogate(text: string, offset: number): CustomPatternMatcherReturn | null {
  return isLoneSurrogateAt(text, offset) ? matched(text, offset, offset + 1) : null;
}

/** Any one character (a surrogate pair counts as one). */
function matchAnyChar(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (offset >= text.length) return null;
  const c = text.charCodeAt(offset);
  const pair = c >= 0xd800 && c <= 0xdbff && !isLoneSurrogateAt(text, offset);
  return matched(text, offset, offset + (pair ? 2 : 1));
}

// ---- first-character hints ------------------------------------------------------------------------------------------

// chevrotain's first-char optimisation files characters >= 256 into buckets of 255 code units; one
// representative per bucket is enough to register a custom pattern for all of them.
function bucketHints(from: number, to: number): number[] {
  const out: number[] = [];
  for (let c = from; c < 256 && c <= to; c++) out.push(c);
  for (let b = Math.max(1, Math.floor(from / 255)); b * 255 <= to; b++) out.push(Math.max(256, from, b * 255));
  return out;
}
const ALL_CHARS: number[] = bucketHints(0, 0xffff);
const SURROGATES: number[] = bucketHints(0xd800, 0xdfff);
const IDENT_START: (string | number)[] = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_', ...bucketHints(0x80, 0xffff)];
const DIGITS = [...'0123456789'];

// ---- token definitions ----------------------------------------------------------------------------------------------

/**
 * Where scanned tokens go. The lexer subclass below routes chevrotain's token creation here, so scanning
 * allocates no object per token: kinds and offsets are appended to typed arrays (a 3 MB template has ~750k tokens;
 * as objects they would cost more time in the garbage collector than the scan itself).
 */
class TokenSink {
  kinds = new Uint8Array(1024);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  count = 0;
  /** Whether a token only ever reported as an error was seen (see invalid-tokens.ts). */
  sawInvalid = false;
  kindOf = new Uint8Array(0);

  reset(capacity: number): void {
    if (this.kinds.length < capacity) {
      this.kinds = new Uint8Array(capacity);
      this.starts = new Int32Array(capacity);
      this.ends = new Int32Array(capacity);
    }
    this.count = 0;
    this.sawInvalid = false;
  }
  add(kind: number, start: number, end: number): void {
    const n = this.count;
    if (n === this.kinds.length) this.grow();
    this.kinds[n] = kind;
    this.starts[n] = start;
    this.ends[n] = end;
    this.count = n + 1;
    if (kind >= K.BitwiseAnd) this.sawInvalid = true;
  }
  private grow(): void {
    const size = this.kinds.length * 2;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
  }
}

interface ChevTokenLike {
  image: string;
  startOffset: number;
  tokenTypeIdx: number;
  tokenType: ChevToken | undefined;
}

/**
 * chevrotain's Lexer, with its token factory (for positionTracking "onlyOffset") and token collection overridden
 * to feed a TokenSink instead of building an array of token objects. Modes, first-character dispatch and the
 * patterns are chevrotain's own.
 */
class SinkLexer extends Lexer {
  readonly sink = new TokenSink();
  // One scratch token: chevrotain only reads it back to pop modes (and for its lexer errors, which cannot occur).
  private readonly scratch: ChevTokenLike = { image: '', startOffset: 0, tokenTypeIdx: 0, tokenType: undefined };

  createOffsetOnlyToken(image: string, startOffset: number, tokenTypeIdx: number, tokenType: ChevToken): ChevTokenLike {
    this.sink.add(this.sink.kindOf[tokenTypeIdx]!, startOffset, startOffset + image.length);
    const t = this.scratch;
    t.image = image;
    t.startOffset = startOffset;
    t.tokenTypeIdx = tokenTypeIdx;
    t.tokenType = tokenType;
    return t;
  }
  addTokenUsingPush(_tokens: unknown[], index: number): number {
    return index;
  }
}

let built: SinkLexer | undefined;

function build(): SinkLexer {
  const kinds = new Map<ChevToken, Kind>();
  let n = 0;
  const tok = (kind: Kind | null, pattern: string | Matcher, opts: {
    push?: string;
    pop?: boolean;
    hint?: (string | number)[];
  } = {}): ChevToken => {
    const t = createToken({
      name: `T${n++}`,
      pattern: typeof pattern === 'function' ? { exec: pattern } : pattern,
      ...(kind === null ? { group: Lexer.SKIPPED } : {}),
      ...(opts.push ? { push_mode: opts.push } : {}),
      ...(opts.pop ? { pop_mode: true } : {}),
      ...(opts.hint ? { start_chars_hint: opts.hint } : {}),
      line_breaks: false,
    });
    if (kind !== null) kinds.set(t, kind);
    return t;
  };

  // -- main (shared by the three main variants)
  const bom = tok(null, matchBom, { hint: [0xfeff] });
  const spaces = tok(null, matchSpaces, { hint: [' ', '\t'] });
  const newline = tok(K.Newline, matchNewline, { hint: ['\n', '\r'] });
  const hashComment = tok(K.Comment, matchHashComment, { hint: ['#'] });
  const lineComment = tok(K.Comment, matchSlashComment, { hint: ['/'] });
  const blockComment = tok(K.Comment, matchBlockComment, { hint: ['/'] });
  const number = tok(K.NumberLit, matchNumber, { hint: DIGITS });
  const heredocOpen = tok(K.OHeredoc, matchHeredocOpen, { push: 'heredoc', hint: ['<'] });
  const ident = tok(K.Ident, matchIdent, { hint: IDENT_START });
  const op = (kind: Kind, s: string, opts: { pop?: boolean } = {}): ChevToken => tok(kind, literal(s), { ...opts, hint: [s[0]!] });
  const ops: ChevToken[] = [
    op(K.EqualOp, '=='),
    op(K.NotEqual, '!='),
    op(K.GreaterThanEq, '>='),
    op(K.LessThanEq, '<='),
    op(K.And, '&&'),
    op(K.Or, '||'),
    op(K.DoubleColon, '::'),
    op(K.Ellipsis, '...'),
    op(K.FatArrow, '=>'),
  ];
  const singles: ChevToken[] = (
    [
      ['[', K.OBrack], [']', K.CBrack], ['(', K.OParen], [')', K.CParen], ['.', K.Dot], [',', K.Comma],
      ['*', K.Star], ['/', K.Slash], ['%', K.Percent], ['+', K.Plus], ['-', K.Minus], ['=', K.Equal],
      ['<', K.LessThan], ['>', K.GreaterThan], ['!', K.Bang], ['?', K.Question], [':', K.Colon],
      ['&', K.BitwiseAnd], ['|', K.BitwiseOr], ['~', K.BitwiseNot], ['^', K.BitwiseXor], [';', K.Semicolon],
      ['`', K.Backtick], ["'", K.Apostrophe],
    ] as [string, Kind][]
  ).map(([s, k]) => tok(k, s));
  const oBrace = tok(K.OBrace, '{', { push: 'mainBrace' });
  const oQuote = tok(K.OQuote, '"', { push: 'quoted' });
  const badUtf8 = tok(K.BadUTF8, matchLoneSurrogate, { hint: SURROGATES });
  const invalid = tok(K.Invalid, matchAnyChar, { hint: ALL_CHARS });

  const mainWith = (closers: ChevToken[], first: ChevToken[] = []): ChevToken[] => [
    ...first, spaces, newline, hashComment, lineComment, blockComment, number, heredocOpen, ident,
    ...closers, ...ops, oBrace, oQuote, ...singles, badUtf8, invalid,
  ];
  // "~}" is a TemplateSeqEnd everywhere (hclsyntax lets the parser complain when it closes a plain brace).
  const main = mainWith([op(K.TemplateSeqEnd, '~}'), tok(K.CBrace, '}')], [bom]);
  const mainBrace = mainWith([op(K.TemplateSeqEnd, '~}', { pop: true }), tok(K.CBrace, '}', { pop: true })]);
  const mainInterp = mainWith([op(K.TemplateSeqEnd, '~}', { pop: true }), tok(K.TemplateSeqEnd, '}', { pop: true })]);

  // -- templates
  const interp = tok(K.TemplateInterp, sequenceOpener(0x24), { push: 'mainInterp', hint: ['$'] });
  const control = tok(K.TemplateControl, sequenceOpener(0x25), { push: 'mainInterp', hint: ['%'] });
  // `$${` and `%%{` escapes, and a `$`/`%` that does not start a sequence.
  const dollar = sigilLiteral(0x24);
  const percent = sigilLiteral(0x25);

  const quoted = [
    interp, control,
    tok(K.CQuote, '"', { pop: true }),
    tok(K.QuotedLit, dollar, { hint: ['$'] }),
    tok(K.QuotedLit, percent, { hint: ['%'] }),
    tok(K.QuotedLit, matchQuotedText, { hint: ALL_CHARS }),
    tok(K.QuotedNewline, matchNewlines, { hint: ['\n', '\r'] }),
    badUtf8,
    invalid,
  ];
  const heredoc = [
    interp, control,
    tok(K.CHeredoc, matchHeredocEnd, { pop: true, hint: ALL_CHARS }),
    tok(K.StringLit, matchLineLiteral, { hint: ALL_CHARS }),
    tok(K.StringLit, dollar, { hint: ['$'] }),
    tok(K.StringLit, percent, { hint: ['%'] }),
    badUtf8,
    tok(K.Invalid, matchRest, { hint: ALL_CHARS }),
  ];
  const bare = [
    bom, interp, control,
    tok(K.StringLit, matchLineLiteral, { hint: ALL_CHARS }),
    tok(K.StringLit, dollar, { hint: ['$'] }),
    tok(K.StringLit, percent, { hint: ['%'] }),
    badUtf8,
    tok(K.StringLit, matchRest, { hint: ALL_CHARS }),
  ];

  const lexer = new SinkLexer(
    { modes: { main, mainBrace, mainInterp, quoted, heredoc, bare }, defaultMode: 'main' },
    { positionTracking: 'onlyOffset', skipValidations: true, ensureOptimizations: false },
  );
  let maxIdx = 0;
  for (const t of kinds.keys()) maxIdx = Math.max(maxIdx, t.tokenTypeIdx!);
  const kindOf = new Uint8Array(maxIdx + 1);
  for (const [t, k] of kinds) kindOf[t.tokenTypeIdx!] = k;
  lexer.sink.kindOf = kindOf;
  return lexer;
}

/**
 * Scan `text` into tokens. `mode` is 'config' for configuration files and expressions, 'template' for standalone
 * templates. A leading BOM is skipped (positions still count it). The last token is always EOF.
 */
export function scan(text: string, filename: string, mode: ScanMode, start?: Pos): TokenBuffer {
  const lexer = (built ??= build());
  const sink = lexer.sink;
  sink.reset((text.length >> 2) + 16);
  markers = [];
  lexer.tokenize(text, mode === 'config' ? 'main' : 'bare');
  markers = [];
  sink.add(K.EOF, text.length, text.length);
  // The buffer shares the sink's arrays, which the next scan overwrites: every caller is done with a buffer before it
  // scans again. Reusing them (rather than copying out, or handing big ones over) means a run of big parses churns no
  // token memory; the price is that the largest buffer scanned so far (9 bytes a token) stays allocated.
  return {
    file: new SourceFile(filename, text, start),
    kinds: sink.kinds,
    starts: sink.starts,
    ends: sink.ends,
    count: sink.count,
    hasInvalid: sink.sawInvalid,
  };
}
