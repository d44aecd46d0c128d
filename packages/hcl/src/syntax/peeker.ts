// The token cursor the parser reads through (hclsyntax's peeker). It hides comments, and hides newlines unless
// the innermost context says they matter: the parser pushes "include" for bodies and object constructors and
// "ignore" for parentheses, brackets, template sequences and for-expressions. Where newlines are included, a
// `#`/`//` comment that ends with a newline stands for that newline (with the comment's range).
import { SourceRange, type SourceFile } from '../source.js';
import { K, type Kind, type TokenBuffer } from './token-kinds.js';

export class Peeker {
  readonly file: SourceFile;
  readonly text: string;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  private readonly last: number;
  /** Index of the next raw token to consider. */
  next = 0;
  private readonly includeNewlines: boolean[] = [true];
  private include = true;

  // One-entry cache of the last lookahead: raw index and effective kind of the next token from `cacheFrom`.
  private cacheFrom = -1;
  private cacheInclude = false;
  private cacheIdx = 0;
  private cacheKind: Kind = K.EOF;

  constructor(buf: TokenBuffer) {
    this.file = buf.file;
    this.text = buf.file.text;
    this.kinds = buf.kinds;
    this.starts = buf.starts;
    this.ends = buf.ends;
    this.last = buf.count - 1;
  }

  private look(): void {
    if (this.cacheFrom === this.next && this.cacheInclude === this.include) return;
    const kinds = this.kinds;
    let i = this.next;
    let kind: Kind = K.EOF;
    for (; i < this.last; i++) {
      const k = kinds[i]! as Kind;
      if (k === K.Comment) {
        if (this.include && this.text.charCodeAt(this.ends[i]! - 1) === 0x0a) {
          kind = K.Newline;
          break;
        }
        continue;
      }
      if (k === K.Newline && !this.include) continue;
      kind = k;
      break;
    }
    if (i >= this.last) {
      i = this.last;
      kind = K.EOF;
    }
    this.cacheFrom = this.next;
    this.cacheInclude = this.include;
    this.cacheIdx = i;
    this.cacheKind = kind;
  }

  /** Effective kind of the next token (a line comment may stand for a newline). */
  peekKind(): Kind {
    this.look();
    return this.cacheKind;
  }
  /** Raw index of the next token. */
  peek(): number {
    this.look();
    return this.cacheIdx;
  }
  /** Consume the next token; returns its raw index (see lastKind for its effective kind). */
  read(): number {
    this.look();
    this.readKind = this.cacheKind;
    const i = this.cacheIdx;
    this.next = i + 1;
    return i;
  }
  private readKind: Kind = K.EOF;
  /** Effective kind of the token returned by the last read(). */
  lastKind(): Kind {
    return this.readKind;
  }

  /** Text of raw token i. */
  textOf(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }
  // Identifier texts seen so far: a big file repeats few distinct names many times, and the AST keeps them all.
  private readonly names = new Map<string, string>();
  /** Text of raw token i, shared with earlier tokens of the same text (for names kept in the AST). */
  nameOf(i: number): string {
    const s = this.text.slice(this.starts[i], this.ends[i]);
    const known = this.names.get(s);
    if (known !== undefined) return known;
    this.names.set(s, s);
    return s;
  }
  range(i: number): SourceRange {
    return new SourceRange(this.file, this.starts[i]!, this.ends[i]!);
  }
  nextRange(): SourceRange {
    return this.range(this.peek());
  }
  /** Index of the last consumed raw token (the next one when nothing was consumed yet). */
  prevIdx(): number {
    if (this.next === 0) return this.peek();
    return this.next - 1 < this.last ? this.next - 1 : this.last;
  }
  /** Range of the last consumed raw token (the next one when nothing was consumed yet). */
  prevRange(): SourceRange {
    return this.range(this.prevIdx());
  }
  /** Range from the start of token a to the end of token b (hclsyntax's RangeBetween of two tokens). */
  span(a: number, b: number): SourceRange {
    const s = this.starts[a]! < this.starts[b]! ? this.starts[a]! : this.starts[b]!;
    const e = this.ends[a]! > this.ends[b]! ? this.ends[a]! : this.ends[b]!;
    return new SourceRange(this.file, s, e);
  }

  pushIncludeNewlines(include: boolean): void {
    this.includeNewlines.push(include);
    this.include = include;
  }
  popIncludeNewlines(): void {
    this.includeNewlines.pop();
    this.include = this.includeNewlines[this.includeNewlines.length - 1] ?? true;
  }
}

/** The smallest range covering both (all ranges of one parse are SourceRanges of the same file). */
export function between(a: SourceRange, b: SourceRange): SourceRange {
  const s = a.startOffset < b.startOffset ? a.startOffset : b.startOffset;
  const e = a.endOffset > b.endOffset ? a.endOffset : b.endOffset;
  return new SourceRange(a.file, s, e);
}
