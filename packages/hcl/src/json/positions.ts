// Positions in JSON-syntax files, counted the way hcl's JSON scanner counts them, which differs from the native
// syntax in whitespace: a tab advances the column by two and a carriage return by none. Everything else counts one
// column per grapheme cluster (quotes and backslashes always on their own), bytes are UTF-8 offsets as usual.
import { SourceFile, graphemeCount } from '../source.js';

export class JsonSourceFile extends SourceFile {
  protected override isFastColumnChar(c: number): boolean {
    return c !== 9 && c !== 13;
  }

  protected override columnOf(_lineIndex: number, from: number, to: number): number {
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
