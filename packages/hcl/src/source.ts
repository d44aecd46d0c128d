// Source files and positions, counted the way hashicorp/hcl counts them:
// line and column are 1-based, column advances one per grapheme cluster, byte is the 0-based UTF-8 offset.
// Internally everything works on UTF-16 offsets into the decoded text (what JS strings index by);
// positions are computed lazily from a per-file line table, so the parser pays nothing for ranges it never reports.

export interface Pos {
  readonly line: number;
  readonly column: number;
  readonly byte: number;
}

export interface Range {
  readonly filename: string;
  readonly start: Pos;
  /** Exclusive. */
  readonly end: Pos;
}

// Made on first use: creating a Segmenter loads ICU's break rules (~8 ms), which most runs never need.
let segmenter: Intl.Segmenter | undefined;
const graphemeSegmenter = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));

/** Number of UTF-8 bytes of text[from, to) (lone surrogates count as the 3-byte replacement character, as Go would). */
function utf8Length(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Number of grapheme clusters of text (cty's and hcl's notion of "characters", and of columns). */
function graphemeCount(text: string): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length; // printable ASCII: one cluster per character
  let n = 0;
  for (const _ of graphemeSegmenter().segment(text)) n++;
  return n;
}

/** The grapheme clusters of text. */
function graphemes(text: string): string[] {
  const out: string[] = [];
  for (const seg of graphemeSegmenter().segment(text)) out.push(seg.segment);
  return out;
}

/** A source text with a lazily built line table. `base` shifts every position (used for templates embedded in JSON strings). */
export class SourceFile {
  private lineStarts?: number[];
  private lineStartBytes?: number[];
  private lineAscii?: boolean[];

  constructor(
    readonly filename: string,
    readonly text: string,
    readonly base: Pos = { line: 1, column: 1, byte: 0 },
  ) {}

  private buildLineTable(): void {
    const text = this.text;
    const starts = [0];
    const bytes = [0];
    const ascii: boolean[] = [];
    let byte = 0;
    let isAscii = true;
    let lineStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        byte += 1;
        ascii.push(isAscii);
        starts.push(i + 1);
        bytes.push(byte);
        isAscii = true;
        lineStart = i + 1;
        continue;
      }
      if (c < 0x80) {
        byte += 1;
        if (!this.isFastColumnChar(c)) isAscii = false;
      } else {
        isAscii = false;
        if (c < 0x800) byte += 2;
        else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
          byte += 4;
          i++;
        } else byte += 3;
      }
    }
    void lineStart;
    ascii.push(isAscii);
    this.lineStarts = starts;
    this.lineStartBytes = bytes;
    this.lineAscii = ascii;
  }

  /** Number of lines (a trailing newline starts one more, empty, line). */
  get lineCount(): number {
    if (!this.lineStarts) this.buildLineTable();
    return this.lineStarts!.length;
  }

  /** The text of 1-based line `line`, without its line terminator. */
  lineText(line: number): string {
    if (!this.lineStarts) this.buildLineTable();
    const starts = this.lineStarts!;
    const idx = line - this.base.line;
    if (idx < 0 || idx >= starts.length) return '';
    const end = idx + 1 < starts.length ? starts[idx + 1]! - 1 : this.text.length;
    let s = this.text.slice(starts[idx], end);
    if (s.endsWith('\r')) s = s.slice(0, -1);
    return s;
  }

  // The last two positions computed: a range's start and end are usually read a few times each in a row (line,
  // column, byte), and SourceRange does not cache them (a parse creates too many ranges to give each two more fields).
  private cachedOffset0 = -1;
  private cachedPos0?: Pos;
  private cachedOffset1 = -1;
  private cachedPos1?: Pos;

  /** Position of UTF-16 offset `offset` in this file's text. */
  pos(offset: number): Pos {
    if (offset === this.cachedOffset0) return this.cachedPos0!;
    if (offset === this.cachedOffset1) return this.cachedPos1!;
    const p = this.computePos(offset);
    this.cachedOffset1 = this.cachedOffset0;
    this.cachedPos1 = this.cachedPos0;
    this.cachedOffset0 = offset;
    this.cachedPos0 = p;
    return p;
  }

  private computePos(offset: number): Pos {
    if (!this.lineStarts) this.buildLineTable();
    const starts = this.lineStarts!;
    // Binary search for the last line start <= offset.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo]!;
    let byte = this.lineStartBytes![lo]!;
    let column: number;
    if (this.lineAscii![lo]) {
      byte += offset - lineStart;
      column = offset - lineStart + 1;
    } else {
      byte += utf8Length(this.text, lineStart, offset);
      column = this.columnOf(lo, lineStart, offset);
    }
    const b = this.base;
    if (lo === 0) return { line: b.line, column: b.column + column - 1, byte: b.byte + byte };
    return { line: b.line + lo, column, byte: b.byte + byte };
  }

  /**
   * Whether an ASCII character advances the column by exactly one, so that lines made only of such characters
   * take the fast path (column = offset from the line start + 1). Syntaxes that count some characters
   * differently (the JSON scanner counts a tab as two columns) override this and columnOf.
   */
  protected isFastColumnChar(c: number): boolean {
    void c;
    return true;
  }

  /** The 1-based column of `to` on line index `lineIndex` starting at `from`, for lines off the fast path. */
  protected columnOf(lineIndex: number, from: number, to: number): number {
    // A leading BOM is stripped by the scanner: it counts bytes but no column.
    if (lineIndex === 0 && this.text.charCodeAt(0) === 0xfeff && to > 0) from = Math.max(from, 1);
    return graphemeCount(this.text.slice(from, to)) + 1;
  }

  /** A range over UTF-16 offsets [start, end) whose positions are computed on first use. */
  range(start: number, end: number): SourceRange {
    return new SourceRange(this, start, end);
  }
}

/**
 * A Range backed by a SourceFile and UTF-16 offsets; `start`/`end` are computed on each read (SourceFile keeps the
 * last two). Deliberately three fields only: a big file's tree can hold hundreds of thousands of ranges.
 */
export class SourceRange implements Range {
  // Declared, not class fields: plain assignments construct faster (a parse makes many of these).
  declare readonly file: SourceFile;
  declare readonly startOffset: number;
  declare readonly endOffset: number;
  constructor(file: SourceFile, startOffset: number, endOffset: number) {
    this.file = file;
    this.startOffset = startOffset;
    this.endOffset = endOffset;
  }
  get filename(): string {
    return this.file.filename;
  }
  get start(): Pos {
    return this.file.pos(this.startOffset);
  }
  get end(): Pos {
    return this.file.pos(this.endOffset);
  }
}

/** A range given by explicit positions. */
export function makeRange(filename: string, start: Pos, end: Pos): Range {
  return { filename, start, end };
}

/** The smallest range covering both (they must be in the same file). */
export function rangeBetween(a: Range, b: Range): Range {
  if (a instanceof SourceRange && b instanceof SourceRange && a.file === b.file) {
    return new SourceRange(a.file, Math.min(a.startOffset, b.startOffset), Math.max(a.endOffset, b.endOffset));
  }
  const start = a.start.byte <= b.start.byte ? a.start : b.start;
  const end = a.end.byte >= b.end.byte ? a.end : b.end;
  return { filename: a.filename, start, end };
}

/** Zero-width range at the start of `r`. */
export function rangeStart(r: Range): Range {
  if (r instanceof SourceRange) return new SourceRange(r.file, r.startOffset, r.startOffset);
  return { filename: r.filename, start: r.start, end: r.start };
}

/** True if `r` contains position `p` (by byte offset). */
export function rangeContainsPos(r: Range, p: Pos): boolean {
  return p.byte >= r.start.byte && p.byte < r.end.byte;
}

/** Go's hcl.Range.String(): `file:L,C1-C2` on one line, `file:L1,C1-L2,C2` across lines. */
export function rangeToString(r: Range): string {
  if (r.start.line === r.end.line) return `${r.filename}:${r.start.line},${r.start.column}-${r.end.column}`;
  return `${r.filename}:${r.start.line},${r.start.column}-${r.end.line},${r.end.column}`;
}

/** Exported for modules that need byte lengths (formatting, functions). */
export { utf8Length, graphemeCount, graphemes };
