// hclwrite's format() on a token stream: only the whitespace between tokens changes; each token's text is written
// back exactly, preceded by a computed number of spaces. Passes: split into lines and cells, indent, space within
// cells, align `=` and trailing comments.
import { utf8Length } from '../source.js';
import type { Token } from '../syntax/tokens.js';
import { alignCells } from './align.js';
import { indentLines } from './indent.js';
import { splitLines } from './lines.js';
import { spaceLines } from './spacing.js';

const SPACES = ' '.repeat(64);

function spaces(n: number): string {
  return n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n);
}

/**
 * Formats the token stream of `text` (every token, comments and newlines included, in source order).
 * Whitespace the passes leave alone keeps its width but becomes spaces, as in hclwrite: this only happens before
 * the EOF token (blanks ending a last line that has no newline).
 */
export function formatTokens(text: string, tokens: readonly Token[]): string {
  const before = new Int32Array(tokens.length);
  let prevEnd = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    // hclwrite counts the bytes skipped before a token (a stripped BOM included) as that many spaces.
    const gap = tok.start - prevEnd;
    // Gaps are blanks (one byte each) except for a BOM.
    before[i] = gap <= 0 ? 0 : prevEnd === 0 && text.charCodeAt(0) === 0xfeff ? utf8Length(text, 0, tok.start) : gap;
    prevEnd = tok.end;
  }
  const lines = splitLines(tokens);
  indentLines(lines, tokens, before);
  spaceLines(lines, tokens, before);
  alignCells(lines, tokens, before);

  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    if (before[i]! > 0) out += spaces(before[i]!);
    out += tokens[i]!.text;
  }
  return out;
}
