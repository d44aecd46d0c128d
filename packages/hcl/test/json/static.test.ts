// Static views of JSON expressions: a string's content read as a native expression or traversal (positioned at
// the opening quote, as hcl does), arrays as lists and objects as maps of unevaluated expressions.
import { jsonAsTraversal, jsonExprAsNative, jsonExprList, jsonExprMap } from '../../src/json/static.js';
import { parseJsonValue } from '../../src/json/parser.js';
import type { JsonExpression } from '../../src/json/ast.js';
import type { Range } from '../../src/source.js';
import { absTraversalForExpr, exprAsKeyword, exprCall } from '../../src/static.js';
import { typeConstraint } from '../../src/values/typeexpr.js';
import { typeString } from '../../src/values/types.js';

const at = (r: Range): string => `${r.start.line}:${r.start.column}@${r.start.byte}-${r.end.line}:${r.end.column}@${r.end.byte}`;

function expr(src: string): JsonExpression {
  const p = parseJsonValue(src, 's.json');
  expect(p.diags).toEqual([]);
  return p.expr;
}

describe('jsonExprAsNative', () => {
  test('a call', () => {
    const e = jsonExprAsNative(expr('"list(string)"'));
    expect(e?.kind).toBe('functionCall');
    if (e?.kind !== 'functionCall') return;
    expect(e.name).toBe('list');
    expect(e.args.map((a) => a.kind)).toEqual(['scopeTraversal']);
    // Positions start at the opening quote, not after it (hcl's ExprCall on JSON strings).
    expect(at(e.nameRange)).toBe('1:1@0-1:5@4');
  });

  test('a keyword and an arithmetic expression', () => {
    expect(jsonExprAsNative(expr('"string"'))?.kind).toBe('scopeTraversal');
    expect(jsonExprAsNative(expr('"1 + 2"'))?.kind).toBe('binaryOp');
  });

  test('invalid expressions and non-strings give nothing', () => {
    expect(jsonExprAsNative(expr('"list("'))).toBeUndefined();
    expect(jsonExprAsNative(expr('"a b"'))).toBeUndefined();
    expect(jsonExprAsNative(expr('12'))).toBeUndefined();
    expect(jsonExprAsNative(expr('["string"]'))).toBeUndefined();
  });
});

describe('jsonAsTraversal', () => {
  test('attribute and index steps', () => {
    const t = jsonAsTraversal(expr('  "var.foo[0][\\"k\\"]"'));
    expect(t?.map((s) => s.kind)).toEqual(['root', 'attr', 'index', 'index']);
    expect(t?.[0]?.kind === 'root' && t[0].name).toBe('var');
    expect(at(t![0]!.range)).toBe('1:3@2-1:6@5');
  });

  test('not a traversal', () => {
    expect(jsonAsTraversal(expr('"f(x)"'))).toBeUndefined();
    expect(jsonAsTraversal(expr('"a + b"'))).toBeUndefined();
    expect(jsonAsTraversal(expr('true'))).toBeUndefined();
  });
});

describe('lists and maps', () => {
  test('array elements', () => {
    const l = jsonExprList(expr('[1, "a", {}]'));
    expect(l?.map((e) => e.node.kind)).toEqual(['jsonNumber', 'jsonString', 'jsonObject']);
    expect(l?.map((e) => at(e.range))).toEqual(['1:2@1-1:3@2', '1:5@4-1:8@7', '1:10@9-1:12@11']);
    expect(jsonExprList(expr('{}'))).toBeUndefined();
  });

  test('object properties, in order, duplicates kept, names as strings', () => {
    const m = jsonExprMap(expr('{"b": 1, "a": [], "b": 2}'));
    expect(m?.map((p) => (p.key.node.kind === 'jsonString' ? p.key.node.value : '?'))).toEqual(['b', 'a', 'b']);
    expect(m?.map((p) => p.value.node.kind)).toEqual(['jsonNumber', 'jsonArray', 'jsonNumber']);
    expect(at(m![1]!.key.range)).toBe('1:10@9-1:13@12');
    expect(jsonExprMap(expr('[]'))).toBeUndefined();
  });
});

describe('through the syntax-independent static helpers', () => {
  test('keywords, traversals and calls', () => {
    expect(exprAsKeyword(expr('"foo"'))).toBe('foo');
    expect(exprAsKeyword(expr('"foo.bar"'))).toBeUndefined();
    expect(absTraversalForExpr(expr('"var.x"')).traversal?.length).toBe(2);
    expect(exprCall(expr('"map(number)"')).call?.name).toBe('map');
  });

  test('Packer JSON variable types are strings holding type expressions', () => {
    expect(typeString(typeConstraint(expr('"list(string)"')).type!)).toBe('list(string)');
    expect(typeString(typeConstraint(expr('"map(object({a=number}))"')).type!)).toBe('map(object({a=number}))');
    expect(typeConstraint(expr('"nope"')).diags.length).toBeGreaterThan(0);
  });
});
