// The static-analysis view of JSON-syntax expressions (hcl's json expression AsTraversal, ExprCall, ExprList and
// ExprMap). JSON has no syntax for references or calls, so where an application asks for one statically (a
// keyword, `"var.foo"`, a type such as `"list(string)"`), a string's content is parsed as a native *expression*,
// positioned at the string's opening quote as hcl does. Arrays stand for lists and objects for maps, with their
// elements and property names left unevaluated.
import type { Diagnostic } from '../diagnostics.js';
import type { NativeExpr, Traversal } from '../syntax/ast.js';
import { parseExpression, parseTraversalAbs } from '../syntax/index.js';
import type { JsonExpression, JsonNode } from './ast.js';

function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

function wrap(node: JsonNode): JsonExpression {
  return { kind: 'jsonExpr', node, range: node.range };
}

/**
 * The native expression a JSON string's content spells (for ExprAsKeyword/ExprCall-style analysis); undefined for
 * other JSON values and for strings that are not valid native expressions.
 */
export function jsonExprAsNative(expr: JsonExpression): NativeExpr | undefined {
  const n = expr.node;
  if (n.kind !== 'jsonString') return undefined;
  const r = parseExpression(n.value, n.range.filename, n.range.start);
  return hasErrors(r.diags) ? undefined : r.expr;
}

/** AsTraversal: a JSON string holding an absolute traversal such as `var.foo[0]`; undefined otherwise. */
export function jsonAsTraversal(expr: JsonExpression): Traversal | undefined {
  const n = expr.node;
  if (n.kind !== 'jsonString') return undefined;
  const r = parseTraversalAbs(n.value, n.range.filename, n.range.start);
  return hasErrors(r.diags) ? undefined : r.traversal;
}

/** ExprList: the elements of a JSON array as expressions; undefined for anything else. */
export function jsonExprList(expr: JsonExpression): JsonExpression[] | undefined {
  return expr.node.kind === 'jsonArray' ? expr.node.values.map(wrap) : undefined;
}

/** ExprMap: a JSON object's properties as (name, value) expression pairs, names as JSON strings; undefined otherwise. */
export function jsonExprMap(expr: JsonExpression): { key: JsonExpression; value: JsonExpression }[] | undefined {
  if (expr.node.kind !== 'jsonObject') return undefined;
  return expr.node.properties.map((p) => ({
    key: wrap({ kind: 'jsonString', value: p.name, range: p.nameRange }),
    value: wrap(p.value),
  }));
}
