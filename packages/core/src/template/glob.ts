// The `-only` / `-except` patterns of HCL2 builds: gobwas/glob v0.2.3 as Packer compiles it, without separators
// (so `*`, `**` and `?` all cross dots). Syntax: `*`, `**`, `?`, `[abc]`, `[!abc]`, `[a-z]`, `[!a-z]`,
// `{alt1,alt2}`, `\c`. Lexing and parsing follow gobwas's rules, errors included (`could not parse range`,
// `unexpected end of input`...), and a compiled pattern is matched as a whole-string regular expression.
import { errorDiag, type Diagnostic } from '@tspacker/hcl';

/** A compiled pattern. */
export interface Glob {
  readonly pattern: string;
  match(text: string): boolean;
}

type Token =
  | { kind: 'eof' | 'any' | 'super' | 'single' | 'not' | 'separator' | 'rangeOpen' | 'rangeClose' | 'rangeBetween' | 'termsOpen' | 'termsClose' }
  | { kind: 'text' | 'rangeLo' | 'rangeHi' | 'error'; raw: string };

const textBreakers = ['?', '*', '[', '{'];
const termsBreakers = [...textBreakers, '}', ','];

/** gobwas's lexer: tokens are produced one item at a time; once an error is set, every next token is that error. */
class Lexer {
  private readonly runes: string[];
  private pos = 0;
  private error: string | undefined;
  private readonly queue: Token[] = [];
  private termsLevel = 0;

  constructor(source: string) {
    this.runes = Array.from(source);
  }

  next(): Token {
    for (;;) {
      if (this.error !== undefined) return { kind: 'error', raw: this.error };
      const queued = this.queue.shift();
      if (queued) return queued;
      this.fetchItem();
    }
  }

  /** The next rune, or undefined at the end of input. */
  private read(): string | undefined {
    const r = this.runes[this.pos];
    if (r !== undefined) this.pos++;
    return r;
  }

  private unread(r: string | undefined): void {
    if (r !== undefined) this.pos--;
  }

  private peek(): string | undefined {
    return this.runes[this.pos];
  }

  private fetchItem(): void {
    const r = this.read();
    if (r === undefined) this.queue.push({ kind: 'eof' });
    else if (r === '{') {
      this.termsLevel++;
      this.queue.push({ kind: 'termsOpen' });
    } else if (r === ',' && this.termsLevel > 0) this.queue.push({ kind: 'separator' });
    else if (r === '}' && this.termsLevel > 0) {
      this.queue.push({ kind: 'termsClose' });
      this.termsLevel--;
    } else if (r === '[') {
      this.queue.push({ kind: 'rangeOpen' });
      this.fetchRange();
    } else if (r === '?') this.queue.push({ kind: 'single' });
    else if (r === '*') {
      const n = this.read();
      if (n === '*') this.queue.push({ kind: 'super' });
      else {
        this.unread(n);
        this.queue.push({ kind: 'any' });
      }
    } else {
      this.unread(r);
      this.fetchText(this.termsLevel > 0 ? termsBreakers : textBreakers);
    }
  }

  private fetchRange(): void {
    let wantHi = false;
    let wantClose = false;
    let seenNot = false;
    for (;;) {
      const r = this.read();
      if (r === undefined) {
        this.error = 'unexpected end of input';
        return;
      }
      if (wantClose) {
        if (r !== ']') this.error = 'expected close range character';
        else this.queue.push({ kind: 'rangeClose' });
        return;
      }
      if (wantHi) {
        this.queue.push({ kind: 'rangeHi', raw: r });
        wantClose = true;
        continue;
      }
      if (!seenNot && r === '!') {
        this.queue.push({ kind: 'not' });
        seenNot = true;
        continue;
      }
      if (this.peek() === '-') {
        this.pos++;
        this.queue.push({ kind: 'rangeLo', raw: r }, { kind: 'rangeBetween' });
        wantHi = true;
        continue;
      }
      this.unread(r);
      this.fetchText([']']);
      wantClose = true;
    }
  }

  private fetchText(breakers: readonly string[]): void {
    let data = '';
    let escaped = false;
    for (;;) {
      const r = this.read();
      if (r === undefined) break;
      if (!escaped) {
        if (r === '\\') {
          escaped = true;
          continue;
        }
        if (breakers.includes(r)) {
          this.unread(r);
          break;
        }
      }
      escaped = false;
      data += r;
    }
    if (data !== '') this.queue.push({ kind: 'text', raw: data });
  }
}

/** Escapes for text outside a character class, and inside one (unicode-mode regular expressions). */
const escapeRegExp = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const escapeClassChar = (s: string): string => s.replace(/[\\\]\[^-]/g, '\\$&');

/** A pattern node being built: a sequence of regular-expression pieces, or alternatives of such sequences. */
interface PatternNode {
  parts: (string | AnyOfNode)[];
  parent?: AnyOfNode;
}
interface AnyOfNode {
  alternatives: PatternNode[];
  parent: PatternNode;
}

function toRegExpSource(p: PatternNode): string {
  return p.parts.map((part) => (typeof part === 'string' ? part : `(?:${part.alternatives.map(toRegExpSource).join('|')})`)).join('');
}

/** gobwas's parser (syntax/ast): the pattern as a regular expression, or the error Compile returns. */
function parse(pattern: string): { source?: string; error?: string } {
  const lexer = new Lexer(pattern);
  const root: PatternNode = { parts: [] };
  let tree = root;
  for (;;) {
    const token = lexer.next();
    switch (token.kind) {
      case 'eof':
        // An unclosed `{` is not an error in gobwas: what was read so far stands.
        return { source: toRegExpSource(root) };
      case 'error':
        return { error: token.raw };
      case 'text':
        tree.parts.push(escapeRegExp(token.raw));
        break;
      case 'any':
      case 'super':
        tree.parts.push('.*');
        break;
      case 'single':
        tree.parts.push('.');
        break;
      case 'rangeOpen': {
        const range = parseRange(lexer);
        if (range.error !== undefined) return { error: range.error };
        tree.parts.push(range.source!);
        break;
      }
      case 'termsOpen': {
        const anyOf: AnyOfNode = { alternatives: [], parent: tree };
        tree.parts.push(anyOf);
        const alternative: PatternNode = { parts: [], parent: anyOf };
        anyOf.alternatives.push(alternative);
        tree = alternative;
        break;
      }
      case 'separator': {
        const anyOf = tree.parent!;
        const alternative: PatternNode = { parts: [], parent: anyOf };
        anyOf.alternatives.push(alternative);
        tree = alternative;
        break;
      }
      case 'termsClose':
        tree = tree.parent!.parent;
        break;
      default:
        return { error: `unexpected token: ${token.kind}` };
    }
  }
}

function parseRange(lexer: Lexer): { source?: string; error?: string } {
  let not = false;
  let lo: string | undefined;
  let hi: string | undefined;
  let chars = '';
  for (;;) {
    const token = lexer.next();
    switch (token.kind) {
      case 'eof':
        return { error: 'unexpected end' };
      case 'error':
        return { error: token.raw };
      case 'not':
        not = true;
        break;
      case 'rangeLo':
        lo = token.raw;
        break;
      case 'rangeHi':
        hi = token.raw;
        if (lo !== undefined && hi.codePointAt(0)! < lo.codePointAt(0)!) {
          return { error: `hi character '${hi}' should be greater than lo '${lo}'` };
        }
        break;
      case 'text':
        chars = token.raw;
        break;
      case 'rangeClose': {
        // gobwas treats a NUL bound as "no range".
        const isRange = lo !== undefined && hi !== undefined && lo !== '\0' && hi !== '\0';
        const isChars = chars !== '';
        if (isChars === isRange) return { error: 'could not parse range' };
        const body = isRange ? `${escapeClassChar(lo!)}-${escapeClassChar(hi!)}` : Array.from(chars, escapeClassChar).join('');
        return { source: `[${not ? '^' : ''}${body}]` };
      }
      default:
        break;
    }
  }
}

/** glob.Compile(pattern) with no separators. */
export function compileGlob(pattern: string): { glob?: Glob; error?: string } {
  const parsed = parse(pattern);
  if (parsed.error !== undefined) return { error: parsed.error };
  const re = new RegExp(`^(?:${parsed.source})$`, 'su');
  return { glob: { pattern, match: (text) => re.test(text) } };
}

/**
 * Packer's convertFilterOption: every pattern of `-only` / `-except` compiled, one error diagnostic per bad
 * pattern (`Invalid -only pattern foo[]bar: could not parse range`).
 */
export function compileFilterPatterns(patterns: readonly string[], optionName: string): { globs: Glob[]; diags: Diagnostic[] } {
  const globs: Glob[] = [];
  const diags: Diagnostic[] = [];
  for (const pattern of patterns) {
    const { glob, error } = compileGlob(pattern);
    if (error !== undefined) diags.push(errorDiag(`Invalid -${optionName} pattern ${pattern}: ${error}`));
    else globs.push(glob!);
  }
  return { globs, diags };
}
