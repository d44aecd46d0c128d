// Vertical alignment of `=` signs and trailing comments across runs of consecutive lines.
// A run ("chain") is broken by any line lacking the cell; within a run the cell starts one column after the
// widest preceding content. Widths count grapheme clusters (what an editor shows as columns), spaces included.
import type { Token } from '../syntax/tokens.js';
import { graphemeCount } from '../source.js';
import type { Cell, FormatLine } from './lines.js';

function textColumns(text: string): number {
  // Fast path: printable ASCII (and tabs) is one column per character; "\r\n" is one grapheme cluster.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x7f || c === 13) return graphemeCount(text);
  }
  return text.length;
}

/** The columns a cell occupies, including the spaces before each of its tokens. */
export function cellColumns(cell: Cell | null, tokens: readonly Token[], spaces: Int32Array): number {
  if (!cell) return 0;
  let n = 0;
  for (let i = cell.start; i < cell.end; i++) n += spaces[i]! + textColumns(tokens[i]!.text);
  return n;
}

function alignChains(
  lines: readonly FormatLine[],
  cellOf: (line: FormatLine) => Cell | null,
  widthBefore: (line: FormatLine) => number,
  spaces: Int32Array,
): void {
  let chainStart = -1;
  let maxWidth = 0;
  const close = (end: number): void => {
    for (let k = chainStart; k < end; k++) {
      const line = lines[k]!;
      spaces[cellOf(line)!.start] = maxWidth - widthBefore(line) + 1;
    }
    chainStart = -1;
    maxWidth = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!cellOf(line)) {
      if (chainStart !== -1) close(i);
      continue;
    }
    if (chainStart === -1) chainStart = i;
    maxWidth = Math.max(maxWidth, widthBefore(line));
  }
  if (chainStart !== -1) close(lines.length);
}

export function alignCells(lines: readonly FormatLine[], tokens: readonly Token[], spaces: Int32Array): void {
  // `=` first: moving it shifts the comments.
  alignChains(lines, (l) => l.assign, (l) => cellColumns(l.lead, tokens, spaces), spaces);
  alignChains(
    lines,
    (l) => l.comment,
    (l) => cellColumns(l.lead, tokens, spaces) + cellColumns(l.assign, tokens, spaces),
    spaces,
  );
}
