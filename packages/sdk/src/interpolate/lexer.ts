// Go text/template's lexer (text/template/parse/lex.go semantics): splits a template into text, delimiters and the
// tokens inside actions, handling `{{-`/`-}}` trim markers and `{{/* */}}` comments. A lexical error becomes an
// 'error' token carrying Go's message; the parser reports it when it reaches it.

export type TokenType =
  | 'error' | 'eof' | 'text' | 'leftDelim' | 'rightDelim' | 'space' | 'bool' | 'char' | 'charConstant' | 'complex'
  | 'assign' | 'declare' | 'field' | 'identifier' | 'leftParen' | 'number' | 'pipe' | 'rawString' | 'rightParen'
  | 'string' | 'variable' | 'dot' | 'nil'
  // keywords
  | 'block' | 'break' | 'continue' | 'define' | 'else' | 'end' | 'if' | 'range' | 'template' | 'with';

export interface Token {
  readonly type: TokenType;
  /** UTF-16 offset into the template; turned into Go's byte column only when a message needs it. */
  readonly pos: number;
  readonly val: string;
  /** 1-based line where the token starts. */
  readonly line: number;
}

const KEYWORDS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ['.', 'dot'], ['block', 'block'], ['break', 'break'], ['continue', 'continue'], ['define', 'define'],
  ['else', 'else'], ['end', 'end'], ['if', 'if'], ['range', 'range'], ['nil', 'nil'], ['template', 'template'],
  ['with', 'with'],
]);
const KEYWORD_TYPES = new Set<TokenType>(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

export function isKeyword(t: TokenType): boolean {
  return KEYWORD_TYPES.has(t);
}

/** Go's item.String(), used in "unexpected X in Y" messages. */
export function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'error') return t.val;
  if (isKeyword(t.type)) return `<${t.val}>`;
  const chars = Array.from(t.val);
  if (chars.length > 10) return `${goQuote(chars.slice(0, 10).join(''))}...`;
  return goQuote(t.val);
}

const LEFT = '{{';
const RIGHT = '}}';
const TRIM = '-';
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string | undefined): boolean => c !== undefined && (c === '_' || /^[\p{L}\p{Nd}]$/u.test(c));
const hasLeftTrimMarker = (s: string, at: number): boolean => s[at] === TRIM && isSpace(s[at + 1]);
const hasRightTrimMarker = (s: string, at: number): boolean => isSpace(s[at]) && s[at + 1] === TRIM;

/** Lexes the whole template eagerly; stops after the first error or EOF token. */
export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;

  const emit = (type: TokenType): void => {
    tokens.push({ type, pos: start, val: input.slice(start, pos), line: startLine });
    start = pos;
    startLine = line;
  };
  const ignore = (): void => {
    line += countNewlines(input.slice(start, pos));
    start = pos;
    startLine = line;
  };
  const next = (): string | undefined => {
    if (pos >= input.length) {
      pos = input.length + 1; // remember we read EOF so backup() is symmetric
      return undefined;
    }
    const cp = input.codePointAt(pos)!;
    const c = String.fromCodePoint(cp);
    pos += c.length;
    if (c === '\n') line++;
    return c;
  };
  // Only called right after next(); undoes it.
  let lastWidth = 0;
  const nextTracked = (): string | undefined => {
    const before = pos;
    const c = next();
    lastWidth = c === undefined ? 1 : pos - before;
    return c;
  };
  const backup = (): void => {
    pos -= lastWidth;
    if (pos < input.length && input[pos] === '\n') line--;
    if (pos > input.length) pos = input.length;
  };
  const peek = (): string | undefined => {
    if (pos >= input.length) return undefined;
    return String.fromCodePoint(input.codePointAt(pos)!);
  };
  const error = (msg: string): Token[] => {
    tokens.push({ type: 'error', pos: start, val: msg, line: startLine });
    return tokens;
  };
  const accept = (valid: string): boolean => {
    const c = peek();
    if (c !== undefined && valid.includes(c)) {
      nextTracked();
      return true;
    }
    return false;
  };
  const acceptRun = (valid: string): void => {
    while (accept(valid)) { /* absorb */ }
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith(RIGHT, pos + 2)) return { delim: true, trim: true };
    if (input.startsWith(RIGHT, pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  };
  const atTerminator = (): boolean => {
    const c = peek();
    if (c === undefined || isSpace(c)) return true;
    if ('.,|:()'.includes(c)) return true;
    return input.startsWith(RIGHT, pos);
  };
  const scanNumber = (): boolean => {
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(peek())) {
      nextTracked();
      return false;
    }
    return true;
  };

  /** Through a run of letters, digits and `_`: returns the character after it, which is left unread. */
  const scanAlphaNumeric = (): string | undefined => {
    for (;;) {
      const c = nextTracked();
      if (!isAlphaNumeric(c)) {
        backup();
        return c;
      }
    }
  };
  /** After an opening `quote`: through the closing one (false at a newline or the end, escapes included). */
  const scanQuoted = (quote: string): boolean => {
    for (;;) {
      const c = nextTracked();
      if (c === '\\') {
        const e = nextTracked();
        if (e !== undefined && e !== '\n') continue;
        return false;
      }
      if (c === undefined || c === '\n') return false;
      if (c === quote) return true;
    }
  };

  // lexText / lexLeftDelim / lexComment / lexInsideAction / lexRightDelim as one loop.
  for (;;) {
    // ---- text
    const x = input.indexOf(LEFT, pos);
    if (x < 0) {
      pos = input.length;
      if (pos > start) {
        line += countNewlines(input.slice(start, pos));
        emit('text');
      }
      emit('eof');
      return tokens;
    }
    if (x > pos) {
      pos = x;
      let trimLength = 0;
      if (hasLeftTrimMarker(input, pos + LEFT.length)) trimLength = rightTrimLength(input.slice(start, pos));
      pos -= trimLength;
      line += countNewlines(input.slice(start, pos));
      if (pos > start) {
        tokens.push({ type: 'text', pos: start, val: input.slice(start, pos), line: startLine });
      }
      start = pos;
      startLine = line;
      pos += trimLength;
      ignore();
    }
    // ---- left delimiter
    pos += LEFT.length;
    const trimSpace = hasLeftTrimMarker(input, pos);
    const afterMarker = trimSpace ? 2 : 0;
    if (input.startsWith('/*', pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      pos += 2;
      const end = input.indexOf('*/', pos);
      if (end < 0) return error('unclosed comment');
      pos = end + 2;
      const d = atRightDelim();
      if (!d.delim) return error('comment ends before closing delimiter');
      if (d.trim) pos += 2;
      pos += RIGHT.length;
      if (d.trim) pos += leftTrimLength(input.slice(pos));
      ignore();
      continue;
    }
    emit('leftDelim');
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    // ---- inside action
    let closed = false;
    while (!closed) {
      const d = atRightDelim();
      if (d.delim) {
        if (parenDepth !== 0) return error('unclosed left paren');
        if (d.trim) {
          pos += 2;
          ignore();
        }
        pos += RIGHT.length;
        emit('rightDelim');
        if (d.trim) {
          pos += leftTrimLength(input.slice(pos));
          ignore();
        }
        closed = true;
        break;
      }
      const r = nextTracked();
      if (r === undefined) return error('unclosed action');
      if (isSpace(r)) {
        backup();
        let numSpaces = 0;
        while (isSpace(peek())) {
          nextTracked();
          numSpaces++;
        }
        if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT, pos - 1 + 2)) {
          pos -= 1; // before the space that belongs to " -}}"
          if (input[pos] === '\n') line--;
          if (numSpaces === 1) continue;
        }
        emit('space');
        continue;
      }
      switch (r) {
        case '=':
          emit('assign');
          continue;
        case ':':
          if (nextTracked() !== '=') return error('expected :=');
          emit('declare');
          continue;
        case '|':
          emit('pipe');
          continue;
        case '"':
          if (!scanQuoted('"')) return error('unterminated quoted string');
          emit('string');
          continue;
        case '`': {
          const end = input.indexOf('`', pos);
          if (end < 0) return error('unterminated raw quoted string');
          line += countNewlines(input.slice(pos, end + 1));
          pos = end + 1;
          emit('rawString');
          continue;
        }
        case '$':
        case '.': {
          if (r === '.' && pos < input.length && input[pos]! >= '0' && input[pos]! <= '9') {
            backup();
            if (!scanNumber()) return error(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
            emit('number');
            continue;
          }
          const typ: TokenType = r === '$' ? 'variable' : 'field';
          if (atTerminator()) {
            emit(typ === 'variable' ? 'variable' : 'dot');
            continue;
          }
          const c = scanAlphaNumeric();
          if (!atTerminator()) return error(`bad character ${goRuneU(c)}`);
          emit(typ);
          continue;
        }
        case "'":
          if (!scanQuoted("'")) return error('unterminated character constant');
          emit('charConstant');
          continue;
        case '(':
          emit('leftParen');
          parenDepth++;
          continue;
        case ')':
          parenDepth--;
          if (parenDepth < 0) return error('unexpected right paren');
          emit('rightParen');
          continue;
      }
      if (r === '+' || r === '-' || (r >= '0' && r <= '9')) {
        backup();
        if (!scanNumber()) return error(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
        const sign = peek();
        if (sign === '+' || sign === '-') {
          if (!scanNumber() || input[pos - 1] !== 'i') return error(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
          emit('complex');
        } else {
          emit('number');
        }
        continue;
      }
      if (isAlphaNumeric(r)) {
        const c = scanAlphaNumeric();
        const word = input.slice(start, pos);
        if (!atTerminator()) return error(`bad character ${goRuneU(c)}`);
        const kw = KEYWORDS.get(word);
        if (kw !== undefined) emit(kw);
        else if (word === 'true' || word === 'false') emit('bool');
        else emit('identifier');
        continue;
      }
      const cp = r.codePointAt(0)!;
      if (cp <= 0x7f && cp >= 0x20 && cp < 0x7f) {
        emit('char');
        continue;
      }
      return error(`unrecognized character in action: ${goRuneU(r)}`);
    }
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function rightTrimLength(s: string): number {
  let i = s.length;
  while (i > 0 && isSpace(s[i - 1])) i--;
  return s.length - i;
}

function leftTrimLength(s: string): number {
  let i = 0;
  while (i < s.length && isSpace(s[i])) i++;
  return i;
}

/** Go's %#U: U+0041 'A'. */
export function goRuneU(c: string | undefined): string {
  if (c === undefined) return 'U+FFFFFFFF'; // EOF rune (-1) as Go prints it
  const cp = c.codePointAt(0)!;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c);
  return printable ? `U+${hex} '${c}'` : `U+${hex}`;
}

/** Go's strconv.Quote for strings (%q). */
export function goQuote(s: string): string {
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    switch (c) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\n': out += '\\n'; continue;
      case '\t': out += '\\t'; continue;
      case '\r': out += '\\r'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c)) out += c;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}
