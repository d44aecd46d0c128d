// Static analysis of expressions without evaluating them, as hcl's ExprAsKeyword, AbsTraversalForExpr,
// RelTraversalForExpr, ExprList, ExprMap, ExprCall and Expression.Variables(). Applications (Packer, typeexpr,
// dynblock) use these to read keywords, references, lists, maps and calls from configuration.
// In JSON syntax a traversal or call is written as a string, parsed with the native parser (json/static.ts).
import type { Diagnostic } from './diagnostics.js';
import type { JsonNode } from './json/ast.js';
import { parseJsonStringTemplate } from './json/expression.js';
import { jsonAsTraversal, jsonExprAsNative, jsonExprList, jsonExprMap } from './json/static.js';
import type { Expression } from './model.js';
import { rangeBetween, type Range } from './source.js';
import type { NativeExpr, Traversal, TraverseStep } from './syntax/ast.js';
import { exprStartRange } from './eval/evaluate.js';

function invalid(detail: string, subject: Range): Diagnostic[] {
  return [{ severity: 'error', summary: 'Invalid expression', detail, subject }];
}

function hasErr(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Strip wrappers that only change the evaluation scope (UnwrapExpression). */
function unwrap(expr: Expression): Expression {
  while (expr.kind === 'scopedExpr') expr = expr.expr;
  return expr;
}

// ---- traversals ----------------------------------------------------------------------------------------------------

/** The AsTraversal() of expressions that support it; undefined otherwise. */
function asTraversal(expr: Expression): Traversal | undefined {
  expr = unwrap(expr);
  switch (expr.kind) {
    case 'literal': {
      // The keywords null/true/false were parsed into literals; as traversals they are root names again.
      const v = expr.value;
      if (v.isNull) return [{ kind: 'root', name: 'null', range: expr.range }];
      if (v.type.kind === 'bool' && v.isKnown && !v.marks?.size) {
        return [{ kind: 'root', name: v.asBool() ? 'true' : 'false', range: expr.range }];
      }
      return undefined;
    }
    case 'scopeTraversal':
      return expr.traversal;
    case 'relativeTraversal': {
      const st = asTraversal(expr.source);
      if (!st) return undefined;
      return [...st, ...expr.traversal];
    }
    case 'objectConsKey':
      if (expr.forceNonLiteral) return undefined;
      return asTraversal(expr.wrapped);
    case 'jsonExpr':
      return jsonAsTraversal(expr);
    default:
      return undefined;
  }
}

/** hcl.AbsTraversalForExpr: the expression as a static reference (root name, attributes, constant indexes). */
export function absTraversalForExpr(expr: Expression): { traversal?: Traversal; diags: Diagnostic[] } {
  const t = asTraversal(expr);
  if (t) return { traversal: t, diags: [] };
  return {
    diags: invalid(
      'A single static variable reference is required: only attribute access and indexing with constant keys. No calculations, function calls, template expressions, etc are allowed here.',
      expr.range,
    ),
  };
}

/** hcl.RelTraversalForExpr: like absTraversalForExpr, with the root turned into an attribute step. */
export function relTraversalForExpr(expr: Expression): { traversal?: Traversal; diags: Diagnostic[] } {
  const r = absTraversalForExpr(expr);
  if (!r.traversal || r.traversal.length === 0) return r;
  const [root, ...rest] = r.traversal;
  const first: TraverseStep = root!.kind === 'root' ? { kind: 'attr', name: root!.name, range: root!.range } : root!;
  return { traversal: [first, ...rest], diags: r.diags };
}

/** hcl.ExprAsKeyword: the name of a bare identifier (or null/true/false), else undefined. */
export function exprAsKeyword(expr: Expression): string | undefined {
  const t = asTraversal(expr);
  if (t && t.length === 1 && t[0]!.kind === 'root') return t[0]!.name;
  return undefined;
}

// ---- lists, maps, calls --------------------------------------------------------------------------------------------

/** hcl.ExprList: the element expressions of a tuple constructor (or JSON array). */
export function exprList(expr: Expression): { exprs?: Expression[]; diags: Diagnostic[] } {
  const e = unwrap(expr);
  if (e.kind === 'tupleCons') return { exprs: [...e.exprs], diags: [] };
  if (e.kind === 'jsonExpr') {
    const exprs = jsonExprList(e);
    if (exprs) return { exprs, diags: [] };
  }
  return { diags: invalid('A static list expression is required.', exprStartRange(expr)) };
}

export interface KeyValuePair {
  readonly key: Expression;
  readonly value: Expression;
}

/** hcl.ExprMap: the unevaluated key and value expressions of an object constructor (or JSON object). */
export function exprMap(expr: Expression): { pairs?: KeyValuePair[]; diags: Diagnostic[] } {
  const e = unwrap(expr);
  if (e.kind === 'objectCons') return { pairs: e.items.map((i) => ({ key: i.key, value: i.value })), diags: [] };
  if (e.kind === 'jsonExpr') {
    const pairs = jsonExprMap(e);
    if (pairs) return { pairs, diags: [] };
  }
  return { diags: invalid('A static map expression is required.', exprStartRange(expr)) };
}

export interface StaticCall {
  readonly name: string;
  readonly nameRange: Range;
  readonly arguments: readonly Expression[];
  /** From the opening to the closing parenthesis. */
  readonly argsRange: Range;
}

function asCall(expr: Expression): StaticCall | undefined {
  const e = unwrap(expr);
  if (e.kind === 'functionCall') {
    return { name: e.name, nameRange: e.nameRange, arguments: [...e.args], argsRange: rangeBetween(e.openParenRange, e.closeParenRange) };
  }
  if (e.kind === 'jsonExpr') {
    const native = jsonExprAsNative(e);
    return native && asCall(native);
  }
  return undefined;
}

/** hcl.ExprCall: the name and argument expressions of a function call, without calling it. */
export function exprCall(expr: Expression): { call?: StaticCall; diags: Diagnostic[] } {
  const c = asCall(expr);
  if (c) return { call: c, diags: [] };
  return { diags: invalid('A static function call is required.', exprStartRange(expr)) };
}

// ---- variables -----------------------------------------------------------------------------------------------------

/**
 * Expression.Variables(): every root traversal the expression refers to, in source order, excluding names
 * local to a for expression (its key and value variables) within its scope.
 */
export function variables(expr: Expression): Traversal[] {
  const out: Traversal[] = [];
  walkVariables(expr, [], out);
  return out;
}

function walkVariables(expr: Expression, scopes: ReadonlySet<string>[], out: Traversal[]): void {
  switch (expr.kind) {
    case 'scopedExpr':
      // Names the wrapper provides (dynamic-block iterators) are not references to the caller's scope.
      walkVariables(expr.expr, expr.variables ? [...scopes, new Set(expr.variables.keys())] : scopes, out);
      return;
    case 'jsonExpr':
      jsonVariables(expr.node, out);
      return;
  }
  const e: NativeExpr = expr;
  const walk = (x: NativeExpr): void => walkVariables(x, scopes, out);
  switch (e.kind) {
    case 'scopeTraversal': {
      const root = e.traversal[0];
      const name = root && root.kind === 'root' ? root.name : undefined;
      if (name !== undefined && scopes.some((s) => s.has(name))) return;
      out.push(e.traversal);
      return;
    }
    case 'relativeTraversal':
      walk(e.source);
      return;
    case 'functionCall':
      e.args.forEach(walk);
      return;
    case 'conditional':
      walk(e.condition);
      walk(e.trueResult);
      walk(e.falseResult);
      return;
    case 'binaryOp':
      walk(e.lhs);
      walk(e.rhs);
      return;
    case 'unaryOp':
      walk(e.operand);
      return;
    case 'tupleCons':
      e.exprs.forEach(walk);
      return;
    case 'objectCons':
      for (const item of e.items) {
        walk(item.key);
        walk(item.value);
      }
      return;
    case 'objectConsKey':
      // A key taken literally (a bare name) is not a reference.
      if (exprAsKeyword(e.wrapped) === undefined) walk(e.wrapped);
      return;
    case 'for': {
      walk(e.collExpr);
      const names = new Set<string>();
      if (e.keyVar) names.add(e.keyVar);
      if (e.valVar) names.add(e.valVar);
      const inner = [...scopes, names];
      if (e.keyExpr) walkVariables(e.keyExpr, inner, out);
      walkVariables(e.valExpr, inner, out);
      if (e.condExpr) walkVariables(e.condExpr, inner, out);
      return;
    }
    case 'index':
      walk(e.collection);
      walk(e.key);
      return;
    case 'splat':
      walk(e.source);
      walk(e.each);
      return;
    case 'parentheses':
      walk(e.expr);
      return;
    case 'template':
      e.parts.forEach(walk);
      return;
    case 'templateJoin':
      walk(e.tuple);
      return;
    case 'templateWrap':
      walk(e.wrapped);
      return;
    default:
      return;
  }
}

function jsonVariables(node: JsonNode, out: Traversal[]): void {
  switch (node.kind) {
    case 'jsonString': {
      // Parsed as a template just past the opening quote; escapes removed by JSON make positions approximate.
      const r = parseJsonStringTemplate(node);
      if (hasErr(r.diags)) return;
      walkVariables(r.expr, [], out);
      return;
    }
    case 'jsonArray':
      for (const v of node.values) jsonVariables(v, out);
      return;
    case 'jsonObject':
      for (const p of node.properties) {
        jsonVariables({ kind: 'jsonString', value: p.name, range: p.nameRange }, out);
        jsonVariables(p.value, out);
      }
      return;
    default:
      return;
  }
}
