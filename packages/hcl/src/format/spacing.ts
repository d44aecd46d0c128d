// Spaces between the tokens of one cell: 0 or 1, decided by the token, its predecessor and its successor.
// The rules are ordered; the first that applies wins (the order matters: e.g. `,` before `...`, templates before brackets).
import type { Token, TokenType } from '../syntax/tokens.js';
import { bracketChange, type Cell, type FormatLine } from './lines.js';

/** Tokens after which a `-` is a negation rather than a subtraction. */
const NEGATION_CONTEXT: ReadonlySet<TokenType> = new Set<TokenType>([
  // openers and separators
  'OParen', 'OBrace', 'OBrack', 'Equal', 'Colon', 'Comma', 'Question',
  // arithmetic operators
  'Plus', 'Star', 'Slash', 'Percent', 'Minus',
  // comparisons
  'EqualOp', 'NotEqual', 'GreaterThan', 'GreaterThanEq', 'LessThan', 'LessThanEq',
  // logical operators
  'And', 'Or', 'Bang',
]);

/**
 * Whether `subject` is followed by one space before `after`. `before` is the token preceding `subject` in the same
 * cell, undefined when `subject` starts the cell.
 */
export function spaceAfter(subject: Token, before: Token | undefined, after: Token): boolean {
  const s = subject.type;
  const a = after.type;
  // Never a space before a newline (no trailing whitespace).
  if (a === 'Newline' || a === 'EOF') return false;
  // A function name stays attached to its parenthesis and to its namespace separators: provider::ns::fn(
  if (s === 'Ident' && a === 'OParen') return false;
  if ((s === 'Ident' && a === 'DoubleColon') || (s === 'DoubleColon' && a === 'Ident')) return false;
  // Attribute access: a.b, a.*.b, x.0
  if (s === 'Dot' || a === 'Dot') return false;
  if (a === 'Comma' || a === 'Ellipsis') return false;
  if (s === 'Comma') return true;
  // Template text is written exactly as it was.
  if (
    s === 'QuotedLit' || s === 'StringLit' || s === 'OQuote' || s === 'OHeredoc' ||
    a === 'QuotedLit' || a === 'StringLit' || a === 'CQuote' || a === 'CHeredoc'
  ) {
    return false;
  }
  // `in` of a for expression followed by a tuple: `in [y]`, not the index-looking `in[y]`.
  if (s === 'Ident' && subject.text === 'in' && before?.type === 'Ident') return true;
  // Indexing: a[0], f()[0], x[*]
  if (a === 'OBrack' && (s === 'Ident' || s === 'NumberLit' || bracketChange(subject) < 0)) return false;
  if (s === 'Bang') return false;
  if (s === 'Minus') return before !== undefined && !NEGATION_CONTEXT.has(before.type);
  // Braces get spaces inside (`{ a = 1 }`, `b { a = 1 }`) except when empty: `{}`.
  if (s === 'OBrace' || a === 'CBrace') return !(s === 'OBrace' && a === 'CBrace');
  // An object constructor as a whole interpolation is spaced apart from the template delimiters: `${ { a = x } }`.
  if ((s === 'TemplateInterp' || s === 'TemplateControl') && a === 'OBrace') return true;
  if (s === 'CBrace' && a === 'TemplateSeqEnd') return true;
  // Consecutive interpolations: ${a}${b}
  if (s === 'TemplateSeqEnd' && (a === 'TemplateInterp' || a === 'TemplateControl')) return false;
  if (bracketChange(subject) > 0) return false;
  if (bracketChange(after) < 0) return false;
  return true;
}

function spaceCell(cell: Cell, tokens: readonly Token[], spaces: Int32Array): void {
  for (let i = cell.start; i < cell.end - 1; i++) {
    const before = i > cell.start ? tokens[i - 1] : undefined;
    spaces[i + 1] = spaceAfter(tokens[i]!, before, tokens[i + 1]!) ? 1 : 0;
  }
}

/** Sets the spaces between the tokens inside each `lead` and `assign` cell (not before a cell's first token). */
export function spaceLines(lines: readonly FormatLine[], tokens: readonly Token[], spaces: Int32Array): void {
  for (const line of lines) {
    spaceCell(line.lead, tokens, spaces);
    if (line.assign) {
      // One space separates `=` from the name; alignment may widen it later.
      spaces[line.assign.start] = 1;
      spaceCell(line.assign, tokens, spaces);
    }
  }
}
