// The formatter's passes on hand-built token streams (independent of the scanner).
import { formatTokens } from '../../src/format/format-tokens.js';
import { splitLines } from '../../src/format/lines.js';
import { spaceAfter } from '../../src/format/spacing.js';
import type { Token, TokenType } from '../../src/syntax/tokens.js';

/** Tokens laid out in order; a `' '`-only text entry is a gap of whitespace rather than a token. */
function stream(...parts: [TokenType | 'gap', string][]): { text: string; tokens: Token[] } {
  let text = '';
  const tokens: Token[] = [];
  for (const [type, t] of parts) {
    if (type !== 'gap') tokens.push({ type, text: t, start: text.length, end: text.length + t.length });
    text += t;
  }
  tokens.push({ type: 'EOF', text: '', start: text.length, end: text.length });
  return { text, tokens };
}
const tok = (type: TokenType, text = ''): Token => ({ type, text, start: 0, end: text.length });

describe('splitLines', () => {
  test('an empty stream is one empty line', () => {
    expect(splitLines([tok('EOF')])).toEqual([{ lead: { start: 0, end: 0 }, assign: null, comment: null }]);
  });
  test('a newline token ends a line and stays in it', () => {
    const { tokens } = stream(['Ident', 'a'], ['Newline', '\n'], ['NumberLit', '1']);
    expect(splitLines(tokens)).toEqual([
      { lead: { start: 0, end: 2 }, assign: null, comment: null },
      { lead: { start: 2, end: 3 }, assign: null, comment: null },
    ]);
  });
  test('a # comment ends a line and becomes its comment cell', () => {
    const { tokens } = stream(['Ident', 'a'], ['Comment', '#foo\n'], ['NumberLit', '1']);
    expect(splitLines(tokens)).toEqual([
      { lead: { start: 0, end: 1 }, assign: null, comment: { start: 1, end: 2 } },
      { lead: { start: 2, end: 3 }, assign: null, comment: null },
    ]);
  });
  test('a comment alone on its line stays in the lead cell', () => {
    const { tokens } = stream(['Comment', '// x\n']);
    expect(splitLines(tokens)[0]).toEqual({ lead: { start: 0, end: 1 }, assign: null, comment: null });
  });
  test('a block comment does not end the line', () => {
    const { tokens } = stream(['Ident', 'a'], ['Comment', '/* x\n */'], ['Ident', 'b'], ['Newline', '\n']);
    expect(splitLines(tokens)).toHaveLength(2);
  });
  test('the assign cell runs from "=" to the end of the line, comment excluded', () => {
    const { tokens } = stream(['Ident', 'a'], ['Equal', '='], ['NumberLit', '1'], ['Comment', '#foo\n']);
    expect(splitLines(tokens)).toEqual([
      { lead: { start: 0, end: 1 }, assign: { start: 1, end: 3 }, comment: { start: 3, end: 4 } },
      { lead: { start: 4, end: 4 }, assign: null, comment: null },
    ]);
  });
  test('no assign cell when the value opens a bracket, or when "=" comes first', () => {
    const a = stream(['Ident', 'a'], ['Equal', '='], ['OBrace', '{'], ['Newline', '\n']);
    expect(splitLines(a.tokens)[0]!.assign).toBeNull();
    const b = stream(['Equal', '='], ['NumberLit', '1']);
    expect(splitLines(b.tokens)[0]!.assign).toBeNull();
  });
  test('"==" is not an assignment', () => {
    const { tokens } = stream(['Ident', 'a'], ['EqualOp', '=='], ['NumberLit', '1']);
    expect(splitLines(tokens)[0]!.assign).toBeNull();
  });
});

describe('spaceAfter', () => {
  const id = tok('Ident', 'x');
  test('never before a newline', () => expect(spaceAfter(tok('Equal', '='), id, tok('Newline', '\n'))).toBe(false));
  test('"in" keyword before a tuple only after an identifier', () => {
    expect(spaceAfter(tok('Ident', 'in'), id, tok('OBrack', '['))).toBe(true);
    expect(spaceAfter(tok('Ident', 'in'), tok('Dot', '.'), tok('OBrack', '['))).toBe(false);
  });
  test('minus at the start of a cell is a negation', () => {
    expect(spaceAfter(tok('Minus', '-'), undefined, tok('NumberLit', '1'))).toBe(false);
    expect(spaceAfter(tok('Minus', '-'), tok('CParen', ')'), tok('NumberLit', '1'))).toBe(true);
  });
  test('closing brace before the end of an interpolation', () => {
    expect(spaceAfter(tok('CBrace', '}'), id, tok('TemplateSeqEnd', '}'))).toBe(true);
  });
});

describe('formatTokens', () => {
  test('writes token text unchanged with computed spaces', () => {
    const { text, tokens } = stream(['Ident', 'a'], ['Equal', '='], ['gap', '   '], ['NumberLit', '1'], ['gap', '\t'], ['Newline', '\n']);
    expect(formatTokens(text, tokens)).toBe('a = 1\n');
  });
  test('a stray gap before EOF keeps its byte count as spaces', () => {
    const { text, tokens } = stream(['Ident', 'a'], ['gap', ' \t']);
    expect(formatTokens(text, tokens)).toBe('a  ');
  });
  test('indents by net brackets of each line', () => {
    const { text, tokens } = stream(
      ['Ident', 'b'], ['OBrace', '{'], ['Newline', '\n'],
      ['Ident', 'c'], ['Equal', '='], ['NumberLit', '1'], ['Newline', '\n'],
      ['CBrace', '}'], ['Newline', '\n'],
    );
    expect(formatTokens(text, tokens)).toBe('b {\n  c = 1\n}\n');
  });
  test('fragments without an EOF token', () => {
    const { text, tokens } = stream(['Ident', 'a'], ['Equal', '='], ['NumberLit', '1']);
    expect(formatTokens(text, tokens.slice(0, -1))).toBe('a = 1');
  });
});
