// The native-syntax scanner, equivalent to hclsyntax's scan_tokens.rl, built on a multi-mode chevrotain Lexer.
//
// Modes mirror the Ragel machines: `main` (expressions and structure), `quoted` ("..." templates), `heredoc`
// (<<EOT templates) and `bare` (standalone templates: JSON strings, templatefile). Ragel counts braces to decide
// whether "}" closes a `${`/`%{` sequence; here every "{" pushes a `mainBrace` mode and every `${`/`%{` pushes a
// `mainInterp` mode, so the closing brace's meaning is a property of the mode it is lexed in, which gives the same
// token stream as the counter. Heredoc markers live on a small stack beside chevrotain's mode stack: the opener
// pushes its marker, the closing-marker matcher pops it.
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

// One reusable match result: chevrotain only reads [0] (and .payload) before the next call.
const hit = [''] as unknown as CustomPatternMatcherReturn;
function matched(text: string, start: number, end: number): CustomPatternMatcherReturn {
  hit[0] = text.substring(start, end);
  return hit;
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
function nonAsciiHints(from = 0x80, to = 0xffff): number[] {
  const out: number[] = [];
  for (let c = from; c <= to; c++) {
    if (c < 256 || c === from || c === 256 || c % 255 === 0) out.push(c);
  }
  return out;
}
const ALL_CHARS: number[] = [...Array.from({ length: 0x80 }, (_, i) => i), ...nonAsciiHints()];
const SURROGATES: number[] = nonAsciiHints(0xd800, 0xdfff);
const IDENT_START: (string | number)[] = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_', ...nonAsciiHints()];

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
    if (this.kinds.length < capacity || this.kinds.length > 4 * capacity + 4096) {
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
  const tok = (kind: Kind | null, pattern: RegExp | string | ((text: string, offset: number) => CustomPatternMatcherReturn | null), opts: {
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
  const spaces = tok(null, /[ \t]+/);
  const newline = tok(K.Newline, /\r?\n/);
  const hashComment = tok(K.Comment, /#[^\n]*\n?/);
  const lineComment = tok(K.Comment, /\/\/[^\n]*\n?/);
  const blockComment = tok(K.Comment, /\/\*[\s\S]*?\*\//);
  const number = tok(K.NumberLit, /[0-9](?:\.*(?:[0-9]|[eE][+-]?[0-9]))*/);
  const heredocOpen = tok(K.OHeredoc, matchHeredocOpen, { push: 'heredoc', hint: ['<'] });
  const ident = tok(K.Ident, matchIdent, { hint: IDENT_START });
  const ops: ChevToken[] = [
    tok(K.EqualOp, '=='),
    tok(K.NotEqual, '!='),
    tok(K.GreaterThanEq, '>='),
    tok(K.LessThanEq, '<='),
    tok(K.And, '&&'),
    tok(K.Or, '||'),
    tok(K.DoubleColon, '::'),
    tok(K.Ellipsis, '...'),
    tok(K.FatArrow, '=>'),
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
  const main = mainWith([tok(K.TemplateSeqEnd, '~}'), tok(K.CBrace, '}')], [bom]);
  const mainBrace = mainWith([tok(K.TemplateSeqEnd, '~}', { pop: true }), tok(K.CBrace, '}', { pop: true })]);
  const mainInterp = mainWith([tok(K.TemplateSeqEnd, '~}', { pop: true }), tok(K.TemplateSeqEnd, '}', { pop: true })]);

  // -- templates
  const interp = tok(K.TemplateInterp, /\$\{~?/, { push: 'mainInterp' });
  const control = tok(K.TemplateControl, /%\{~?/, { push: 'mainInterp' });
  // `$${` and `%%{` escapes, and a `$`/`%` that does not start a sequence.
  const dollar = /\$\$\{~?|\$(?=[^{])/;
  const percent = /%%\{~?|%(?=[^{])/;

  const quoted = [
    interp, control,
    tok(K.CQuote, '"', { pop: true }),
    tok(K.QuotedLit, dollar),
    tok(K.QuotedLit, percent),
    // Backslash escapes are kept whole so that `\"` and `\$` do not end the literal or start a sequence.
    tok(K.QuotedLit, /(?:\\(?:[^\r\n\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])|[^$%"\\\r\n\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])+/),
    tok(K.QuotedNewline, /[\r\n]+/),
    badUtf8,
    invalid,
  ];
  const heredoc = [
    interp, control,
    tok(K.CHeredoc, matchHeredocEnd, { pop: true, hint: ALL_CHARS }),
    tok(K.StringLit, matchLineLiteral, { hint: ALL_CHARS }),
    tok(K.StringLit, dollar),
    tok(K.StringLit, percent),
    badUtf8,
    tok(K.Invalid, matchRest, { hint: ALL_CHARS }),
  ];
  const bare = [
    bom, interp, control,
    tok(K.StringLit, matchLineLiteral, { hint: ALL_CHARS }),
    tok(K.StringLit, dollar),
    tok(K.StringLit, percent),
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
  const count = sink.count;
  // Copy out: the sink's arrays are reused by the next scan.
  return {
    file: new SourceFile(filename, text, start),
    kinds: sink.kinds.slice(0, count),
    starts: sink.starts.slice(0, count),
    ends: sink.ends.slice(0, count),
    count,
    hasInvalid: sink.sawInvalid,
  };
}
