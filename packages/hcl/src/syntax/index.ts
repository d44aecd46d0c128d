// Public entry points of the native syntax (hclsyntax's public.go). Every function returns diagnostics instead of
// throwing, whatever the input.
import { errorDiag, type Diagnostic } from '../diagnostics.js';
import { SourceRange, type Pos } from '../source.js';
import { DynamicVal } from '../values/value.js';
import type { NativeBody, NativeExpr, Traversal } from './ast.js';
import { checkInvalidTokens } from './invalid-tokens.js';
import { scan } from './lexer.js';
import { Parser } from './parser.js';
import { parseTemplate as parseTemplateBody } from './template-parser.js';
import { parseTraversal } from './traversal-parser.js';
import { K, tokensOf, type TokenBuffer } from './token-kinds.js';
import type { Token } from './tokens.js';

export type { Token, TokenType } from './tokens.js';
export { decodeSource } from './decode.js';

/** Parse a whole configuration file. */
export function parseConfig(text: string, filename: string): { body: NativeBody; diags: Diagnostic[] } {
  const buf = scan(text, filename, 'config');
  const diags = checkInvalidTokens(buf);
  const body = guarded(buf, diags, () => new Parser(buf, diags).parseBody(K.EOF), (r): NativeBody => ({
    kind: 'nativeBody',
    attributes: [],
    blocks: [],
    range: r,
    endRange: new SourceRange(r.file, r.endOffset, r.endOffset),
  }));
  return { body, diags };
}

/** Parse a standalone expression; newlines are insignificant, as inside parentheses. */
export function parseExpression(text: string, filename: string, start?: Pos): { expr: NativeExpr; diags: Diagnostic[] } {
  const buf = scan(text, filename, 'config', start);
  const diags = checkInvalidTokens(buf);
  const expr = guarded(buf, diags, () => {
    const parser = new Parser(buf, diags);
    const p = parser.p;
    p.pushIncludeNewlines(false);
    const expr = parser.parseExpression();
    if (p.peekKind() !== K.EOF && !parser.recovery) {
      diags.push(errorDiag('Extra characters after expression', 'An expression was successfully parsed, but extra characters were found after it.', p.nextRange()));
    }
    p.popIncludeNewlines();
    return expr;
  }, (range): NativeExpr => ({ kind: 'literal', value: DynamicVal, range }));
  return { expr, diags };
}

/** Parse a standalone template (the contents of a JSON string, or a templatefile). */
export function parseTemplate(text: string, filename: string, start?: Pos): { expr: NativeExpr; diags: Diagnostic[] } {
  const buf = scan(text, filename, 'template', start);
  const diags = checkInvalidTokens(buf);
  const expr = guarded(buf, diags, () => parseTemplateBody(new Parser(buf, diags)), (range): NativeExpr => ({ kind: 'literal', value: DynamicVal, range }));
  return { expr, diags };
}

/** Parse an absolute traversal such as `var.foo[0]["x"]` (no other expression forms). */
export function parseTraversalAbs(text: string, filename: string, start?: Pos): { traversal: Traversal; diags: Diagnostic[] } {
  const buf = scan(text, filename, 'config', start);
  const diags = checkInvalidTokens(buf);
  const traversal = guarded(buf, diags, () => {
    const parser = new Parser(buf, diags);
    parser.p.pushIncludeNewlines(false);
    const t = parseTraversal(parser, false);
    parser.p.popIncludeNewlines();
    return t;
  }, () => []);
  return { traversal, diags };
}

/** Every token of a file in order, comments and newlines included, ending with EOF (for the formatter). */
export function scanTokens(text: string, filename: string): Token[] {
  return tokensOf(scan(text, filename, 'config'));
}

/**
 * Run a parse, turning a stack overflow on absurdly deep nesting into a diagnostic (hclsyntax, in Go, has no
 * practical depth limit; a JS stack does).
 */
function guarded<T>(buf: TokenBuffer, diags: Diagnostic[], parse: () => T, fallback: (whole: SourceRange) => T): T {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof RangeError && /call stack/i.test(e.message))) throw e;
    const whole = new SourceRange(buf.file, 0, buf.file.text.length);
    diags.push(errorDiag('Nesting too deep', 'This file nests brackets, braces or templates too deeply to be parsed.', new SourceRange(buf.file, 0, 0)));
    return fallback(whole);
  }
}
