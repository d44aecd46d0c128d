// Compact renderings of syntax trees, tokens, ranges and diagnostics, so tests can state expectations on one line.
import type { Diagnostic } from '../../src/diagnostics.js';
import type { Range } from '../../src/source.js';
import type { NativeExpr, Traversal, TraverseStep } from '../../src/syntax/ast.js';
import { parseConfig, parseExpression, parseTemplate, scanTokens } from '../../src/syntax/index.js';
import type { Value } from '../../src/values/value.js';

/** `line:col-line:col`. */
export function rng(r: Range | undefined): string {
  if (!r) return '-';
  return `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}

/** `line:col-line:col@byte-byte`. */
export function rngb(r: Range | undefined): string {
  if (!r) return '-';
  return `${rng(r)}@${r.start.byte}-${r.end.byte}`;
}

export function val(v: Value): string {
  if (!v.isKnown) return v.type.kind === 'dynamic' ? '?' : `?${v.type.kind}`;
  if (v.isNull) return 'null';
  switch (v.type.kind) {
    case 'string':
      return JSON.stringify(v.asString());
    case 'bool':
      return String(v.asBool());
    case 'number':
      return v.asNumber().toString();
    default:
      return `<${v.type.kind}>`;
  }
}

function step(s: TraverseStep): string {
  switch (s.kind) {
    case 'root':
      return s.name;
    case 'attr':
      return `.${s.name}`;
    case 'index':
      return `[${val(s.key)}]`;
    case 'splat':
      return '[*]';
  }
}

export function trav(t: Traversal): string {
  return t.map(step).join('');
}

/** An S-expression-like rendering of an expression tree. */
export function show(e: NativeExpr): string {
  switch (e.kind) {
    case 'literal':
      return val(e.value);
    case 'scopeTraversal':
      return trav(e.traversal);
    case 'relativeTraversal':
      return `rel(${show(e.source)})${trav(e.traversal)}`;
    case 'functionCall':
      return `${e.name}(${e.args.map(show).join(', ')}${e.expandFinal ? '...' : ''})`;
    case 'conditional':
      return `(${show(e.condition)} ? ${show(e.trueResult)} : ${show(e.falseResult)})`;
    case 'binaryOp':
      return `(${show(e.lhs)} ${e.op} ${show(e.rhs)})`;
    case 'unaryOp':
      return `(${e.op}${show(e.operand)})`;
    case 'tupleCons':
      return `[${e.exprs.map(show).join(', ')}]`;
    case 'objectCons':
      return `{${e.items.map((i) => `${show(i.key)} = ${show(i.value)}`).join(', ')}}`;
    case 'objectConsKey':
      return `${e.forceNonLiteral ? 'key!' : 'key'}(${show(e.wrapped)})`;
    case 'for': {
      const vars = e.keyVar !== undefined ? `${e.keyVar}, ${e.valVar}` : e.valVar;
      const body = e.keyExpr ? `${show(e.keyExpr)} => ${show(e.valExpr)}${e.group ? '...' : ''}` : show(e.valExpr);
      const cond = e.condExpr ? ` if ${show(e.condExpr)}` : '';
      const [o, c] = e.keyExpr ? ['{', '}'] : ['[', ']'];
      return `${o}for ${vars} in ${show(e.collExpr)} : ${body}${cond}${c}`;
    }
    case 'index':
      return `idx(${show(e.collection)}, ${show(e.key)})`;
    case 'splat':
      return `splat(${show(e.source)}, ${show(e.each)})`;
    case 'anonSymbol':
      return '@';
    case 'parentheses':
      return `paren(${show(e.expr)})`;
    case 'template':
      return `tmpl(${e.parts.map(show).join(', ')})`;
    case 'templateJoin':
      return `join(${show(e.tuple)})`;
    case 'templateWrap':
      return `wrap(${show(e.wrapped)})`;
  }
}

/** `summary @ subject [context]`. */
export function diag(d: Diagnostic): string {
  return `${d.summary} @ ${rng(d.subject)}${d.context ? ` [${rng(d.context)}]` : ''}`;
}

export function diags(ds: readonly Diagnostic[]): string[] {
  return ds.map(diag);
}

export function expr(src: string): { tree: string; diags: string[]; expr: NativeExpr; raw: Diagnostic[] } {
  const r = parseExpression(src, 'test.hcl');
  return { tree: show(r.expr), diags: diags(r.diags), expr: r.expr, raw: r.diags };
}

export function template(src: string): { tree: string; diags: string[]; expr: NativeExpr; raw: Diagnostic[] } {
  const r = parseTemplate(src, 'test.hcl');
  return { tree: show(r.expr), diags: diags(r.diags), expr: r.expr, raw: r.diags };
}

export function config(src: string): ReturnType<typeof parseConfig> & { d: string[] } {
  const r = parseConfig(src, 'test.hcl');
  return { ...r, d: diags(r.diags) };
}

/** Tokens as `Type:text` (text JSON-quoted only when it is not plain). */
export function toks(src: string): string[] {
  return scanTokens(src, 'test.hcl').map((t) => `${t.type}:${/^[\x21-\x7e]*$/.test(t.text) ? t.text : JSON.stringify(t.text)}`);
}
