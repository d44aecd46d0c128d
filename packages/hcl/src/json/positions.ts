// Positions in JSON-syntax files, counted the way hcl's JSON scanner counts them, which differs from the native
// syntax in whitespace: a tab advances the column by two and a carriage return by none. Everything else counts one
// column per grapheme cluster (quotes and backslashes always on their own), bytes are UTF-8 offsets as usual.
import { SourceFile, utf8Length, graphemeCount, type Pos } from '../source.js';

export class JsonSourceFile extends SourceFile {
  private starts?: number[];
  private startBytes?: number[];
  /** Lines made of printable ASCII only, where column = offset + 1. */
  private simple?: boolean[];

  private build(): void {
    const text = this.text;
    const starts = [0];
    const bytes = [0];
    const simple: boolean[] = [];
    let byte = 0;
    let isSimple = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        byte += 1;
        simple.push(isSimple);
        starts.push(i + 1);
        bytes.push(byte);
        isSimple = true;
      } else if (c < 0x80) {
        byte += 1;
        if (c === 9 || c === 13) isSimple = false;
      } else {
        isSimple = false;
        if (c < 0x800) byte += 2;
        else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
          byte += 4;
          i++;
        } else byte += 3; // lone surrogates (invalid UTF-8, see syntax/decode.ts) count as U+FFFD, like source.ts
      }
    }
    simple.push(isSimple);
    this.starts = starts;
    this.startBytes = bytes;
    this.simple = simple;
  }

  override get lineCount(): number {
    if (!this.starts) this.build();
    return this.starts!.length;
  }

  override pos(offset: number): Pos {
    if (!this.starts) this.build();
    const starts = this.starts!;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo]!;
    let byte = this.startBytes![lo]!;
    let column: number;
    if (this.simple![lo]) {
      byte += offset - lineStart;
      column = offset - lineStart + 1;
    } else {
      byte += utf8Length(this.text, lineStart, offset);
      column = this.columnOf(lineStart, offset);
    }
    const b = this.base;
    if (lo === 0) return { line: b.line, column: b.column + column - 1, byte: b.byte + byte };
    return { line: b.line + lo, column, byte: b.byte + byte };
  }

  private columnOf(from: number, to: number): number {
    const text = this.text;
    let column = 1;
    let run = from;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 9 || c === 13 || c === 34 || c === 92) {
        if (i > run) column += graphemeCount(text.slice(run, i));
        column += c === 9 ? 2 : c === 13 ? 0 : 1;
        run = i + 1;
      }
    }
    if (to > run) column += graphemeCount(text.slice(run, to));
    return column;
  }
}
