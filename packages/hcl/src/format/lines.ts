// Splitting a token stream into the lines and cells hclwrite's formatter works on.
// A line ends at a newline token or at a `#`/`//` comment (those own their newline), so a heredoc, whose
// content lines are literal tokens, sits inside one logical line. Each line has up to three cells whose leading
// spaces the later passes adjust: `lead` (indentation), `assign` (the `=` column) and `comment` (trailing comment column).
import type { Token } from '../syntax/tokens.js';

/** A half-open range [start, end) of token indexes. */
export interface Cell {
  readonly start: number;
  readonly end: number;
}

export interface FormatLine {
  /** Everything up to the other cells; empty only on a final line with no tokens. */
  readonly lead: Cell;
  /** From the first `=` (not the line's first token) to the end of the line, when the brackets there balance. */
  readonly assign: Cell | null;
  /** A trailing single-line comment after other tokens on the line. */
  readonly comment: Cell | null;
}

/** +1 for an opening bracket (`{ [ ( ${ %{`), -1 for a closing one, 0 otherwise. */
export function bracketChange(token: Token): number {
  switch (token.type) {
    case 'OBrace':
    case 'OBrack':
    case 'OParen':
    case 'TemplateInterp':
    case 'TemplateControl':
      return 1;
    case 'CBrace':
    case 'CBrack':
    case 'CParen':
    case 'TemplateSeqEnd':
      return -1;
    default:
      return 0;
  }
}

/** Newline tokens and single-line comments (which include their newline) end a line. */
export function endsLine(token: Token): boolean {
  if (token.type === 'Newline') return true;
  return token.type === 'Comment' && token.text.endsWith('\n');
}

/** The lines of `tokens` (the EOF token, if any, belongs to none of them). */
export function splitLines(tokens: readonly Token[]): FormatLine[] {
  const lines: FormatLine[] = [];
  let lineStart = 0;
  let end = tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.type === 'EOF') {
      end = i;
      break;
    }
    if (endsLine(tok)) {
      lines.push(cellsOf(tokens, lineStart, i + 1));
      lineStart = i + 1;
    }
  }
  // The last line: whatever follows the final newline (possibly nothing).
  lines.push(cellsOf(tokens, lineStart, end));
  return lines;
}

function cellsOf(tokens: readonly Token[], start: number, end: number): FormatLine {
  let leadEnd = end;
  let comment: Cell | null = null;
  if (end - start > 1 && tokens[end - 1]!.type === 'Comment') {
    comment = { start: end - 1, end };
    leadEnd = end - 1;
  }
  let assign: Cell | null = null;
  for (let i = start + 1; i < leadEnd; i++) {
    if (tokens[i]!.type !== 'Equal') continue;
    // Only a complete expression goes into the assign cell: `x = {` opens a multi-line value instead.
    let net = 0;
    for (let j = i; j < leadEnd; j++) net += bracketChange(tokens[j]!);
    if (net === 0) {
      assign = { start: i, end: leadEnd };
      leadEnd = i;
    }
    break;
  }
  return { lead: { start, end: leadEnd }, assign, comment };
}
