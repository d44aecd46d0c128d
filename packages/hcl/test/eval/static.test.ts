// Static analysis: variables(), exprAsKeyword, abs/relTraversalForExpr, exprList, exprMap, exprCall, for native
// expressions and (parsing string contents) JSON expressions.
import type { JsonExpression, JsonNode } from '../../src/json/ast.js';
import type { Expression } from '../../src/model.js';
import { makeRange, rangeToString, type Range } from '../../src/source.js';
import { absTraversalForExpr, exprAsKeyword, exprCall, exprList, exprMap, relTraversalForExpr, variables } from '../../src/static.js';
import type { Traversal } from '../../src/syntax/ast.js';
import { parseExpression } from '../../src/syntax/index.js';
import { expectSame, n, s } from './helpers.js';

function parse(src: string): Expression {
  const p = parseExpression(src, 'test.hcl');
  expect(p.diags).toHaveLength(0);
  return p.expr;
}

/** A traversal as text, e.g. `a.b[0]["c"]`. */
function travText(t: Traversal): string {
  return t
    .map((st) => {
      switch (st.kind) {
        case 'root':
          return st.name;
        case 'attr':
          return `.${st.name}`;
        case 'index':
          return st.key.type.kind === 'string' ? `["${st.key.asString()}"]` : `[${st.key.asNumber().toString()}]`;
        default:
          return '[*]';
      }
    })
    .join('');
}

describe('variables', () => {
  test.each([
    ['true', []],
    ['foo', ['foo']],
    ['foo + bar', ['foo', 'bar']],
    ['foo.bar[0].baz', ['foo.bar[0].baz']],
    ['foo[bar]', ['foo', 'bar']],
    ['f(a, b...)', ['a', 'b']],
    ['c ? t : f', ['c', 't', 'f']],
    ['!x', ['x']],
    ['[a, {b = c}]', ['a', 'c']],
    ['{(k) = v}', ['k', 'v']],
    ['{a.b = 1}', ['a.b']],
    ['"${a} and %{ if b }${c}%{ endif }"', ['a', 'b', 'c']],
    ['"%{ for x in xs }${x}${y}%{ endfor }"', ['xs', 'y']],
    ['[for x in xs: x + y]', ['xs', 'y']],
    ['{for k, v in m: k => v if k != z}', ['m', 'z']],
    ['[for x in xs: [for y in x: y + z]]', ['xs', 'z']],
    ['[for x in x: x]', ['x']],
    ['list[*].name', ['list']],
    ['list.*.a[i]', ['list', 'i']],
    ['(a).b', ['a']],
    ['a.b[0]["c"]', ['a.b[0]["c"]']],
  ] as const)('%s', (src, want) => {
    expect(variables(parse(src)).map(travText)).toEqual(want);
  });
});

describe('exprAsKeyword', () => {
  test.each([
    ['foo', 'foo'],
    ['null', 'null'],
    ['true', 'true'],
    ['false', 'false'],
    ['foo.bar', undefined],
    ['"foo"', undefined],
    ['(foo)', undefined],
    ['foo()', undefined],
    ['1', undefined],
  ] as const)('%s', (src, want) => {
    expect(exprAsKeyword(parse(src))).toBe(want);
  });
});

describe('absTraversalForExpr / relTraversalForExpr', () => {
  test('a static reference', () => {
    const r = absTraversalForExpr(parse('a.b[0]["c"]'));
    expect(r.diags).toHaveLength(0);
    expect(travText(r.traversal!)).toBe('a.b[0]["c"]');
    const idx = r.traversal![2]!;
    expect(idx.kind).toBe('index');
    if (idx.kind === 'index') expectSame(idx.key, n(0));
  });
  test('keywords count as roots', () => {
    expect(travText(absTraversalForExpr(parse('null')).traversal!)).toBe('null');
    expect(travText(absTraversalForExpr(parse('true')).traversal!)).toBe('true');
  });
  test('a legacy index', () => {
    expect(travText(absTraversalForExpr(parse('a.0.b')).traversal!)).toBe('a[0].b');
  });
  test.each(['a + 1', 'f(x)', '"${a}"', 'a[b]', '[a]', '(a)', '1'])('%s is not a traversal', (src) => {
    const r = absTraversalForExpr(parse(src));
    expect(r.traversal).toBeUndefined();
    expect(r.diags.map((d) => `${d.summary}: ${d.detail}`)).toEqual([
      'Invalid expression: A single static variable reference is required: only attribute access and indexing with constant keys. No calculations, function calls, template expressions, etc are allowed here.',
    ]);
    expect(rangeToString(r.diags[0]!.subject!)).toBe(`test.hcl:1,1-${src.length + 1}`);
  });
  test('relative traversals start with an attribute step', () => {
    const r = relTraversalForExpr(parse('a.b'));
    expect(r.traversal!.map((st) => st.kind)).toEqual(['attr', 'attr']);
    expect(travText(r.traversal!)).toBe('.a.b');
  });
});

describe('exprList / exprMap / exprCall', () => {
  test('tuple constructors give their element expressions', () => {
    const r = exprList(parse('[0, a, true]'));
    expect(r.diags).toHaveLength(0);
    expect(r.exprs!.map((e) => e.kind)).toEqual(['literal', 'scopeTraversal', 'literal']);
    expect(exprList(parse('[]')).exprs).toEqual([]);
  });
  test('anything else is not a static list', () => {
    const r = exprList(parse('{a = 1}'));
    expect(r.diags.map((d) => d.detail)).toEqual(['A static list expression is required.']);
    expect(rangeToString(r.diags[0]!.subject!)).toBe('test.hcl:1,1-2');
  });
  test('object constructors give unevaluated keys and values', () => {
    const r = exprMap(parse('{a = 1, "b" = c, (d) = 2}'));
    expect(r.pairs!.map((p) => exprAsKeyword(p.key) ?? p.key.kind)).toEqual(['a', 'objectConsKey', 'objectConsKey']);
    expect(r.pairs!.map((p) => p.value.kind)).toEqual(['literal', 'scopeTraversal', 'literal']);
    expect(exprMap(parse('[1]')).diags.map((d) => d.detail)).toEqual(['A static map expression is required.']);
  });
  test('function calls give the name and argument expressions', () => {
    const r = exprCall(parse('list(string, number)'));
    expect(r.call!.name).toBe('list');
    expect(rangeToString(r.call!.nameRange)).toBe('test.hcl:1,1-5');
    expect(rangeToString(r.call!.argsRange)).toBe('test.hcl:1,5-21');
    expect(r.call!.arguments.map((a) => exprAsKeyword(a))).toEqual(['string', 'number']);
    expect(exprCall(parse('ns::f()')).call!.name).toBe('ns::f');
    const bad = exprCall(parse('a.b'));
    expect(bad.diags.map((d) => d.detail)).toEqual(['A static function call is required.']);
  });
});

describe('JSON expressions', () => {
  const at = (col: number, len: number): Range => makeRange('test.json', { line: 1, column: col, byte: col - 1 }, { line: 1, column: col + len, byte: col - 1 + len });
  const str = (value: string, col = 1): JsonExpression => {
    const node: JsonNode = { kind: 'jsonString', value, range: at(col, value.length + 2) };
    return { kind: 'jsonExpr', node, range: node.range };
  };
  test('strings hold traversals', () => {
    expect(travText(absTraversalForExpr(str('a.b[0]')).traversal!)).toBe('a.b[0]');
    expect(exprAsKeyword(str('string'))).toBe('string');
    expect(absTraversalForExpr(str('a + 1')).traversal).toBeUndefined();
  });
  test('strings hold calls', () => {
    const c = exprCall(str('list(string)')).call!;
    expect(c.name).toBe('list');
    expect(exprAsKeyword(c.arguments[0]!)).toBe('string');
  });
  test('arrays and objects hold lists and maps of JSON expressions', () => {
    const arr: JsonNode = { kind: 'jsonArray', values: [str('a').node, str('b', 6).node], range: at(1, 10), openRange: at(1, 1) };
    const l = exprList({ kind: 'jsonExpr', node: arr, range: arr.range });
    expect(l.exprs!.map((e) => exprAsKeyword(e))).toEqual(['a', 'b']);
    const objNode: JsonNode = {
      kind: 'jsonObject',
      properties: [{ name: 'k', nameRange: at(2, 3), value: str('v', 6).node }],
      range: at(1, 9),
      openRange: at(1, 1),
      closeRange: at(9, 1),
    };
    const m = exprMap({ kind: 'jsonExpr', node: objNode, range: objNode.range });
    expect(m.pairs!.map((p) => [exprAsKeyword(p.key), exprAsKeyword(p.value)])).toEqual([['k', 'v']]);
  });
  test('variables in JSON strings are template references', () => {
    expect(variables(str('${a.b} and ${c}')).map(travText)).toEqual(['a.b', 'c']);
    const objNode: JsonNode = {
      kind: 'jsonObject',
      properties: [{ name: '${k}', nameRange: at(2, 6), value: str('${v}', 9).node }],
      range: at(1, 16),
      openRange: at(1, 1),
      closeRange: at(16, 1),
    };
    expect(variables({ kind: 'jsonExpr', node: objNode, range: objNode.range }).map(travText)).toEqual(['k', 'v']);
  });
  test('scoped wrappers are transparent', () => {
    const inner = parse('a.b');
    const wrapped: Expression = { kind: 'scopedExpr', expr: inner, variables: new Map([['x', s('1')]]), range: inner.range };
    expect(travText(absTraversalForExpr(wrapped).traversal!)).toBe('a.b');
    expect(variables(wrapped).map(travText)).toEqual(['a.b']);
  });
  test('names a scoped wrapper provides are not variables of the caller', () => {
    const inner = parse('[x.value, y]');
    const wrapped: Expression = { kind: 'scopedExpr', expr: inner, variables: new Map([['x', s('1')]]), range: inner.range };
    expect(variables(wrapped).map(travText)).toEqual(['y']);
  });
});
