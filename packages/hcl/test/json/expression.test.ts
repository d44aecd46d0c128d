// Evaluating JSON-syntax expressions: literal mode without a context, template mode with one (strings and
// property names are native templates), and the object-key diagnostics.
import type { Diagnostic } from '../../src/diagnostics.js';
import type { EvalContext } from '../../src/eval/context.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { evaluateJsonExpression } from '../../src/json/expression.js';
import { parseJsonValue } from '../../src/json/parser.js';
import type { Range } from '../../src/source.js';
import { DynamicPseudoType, NumberType, StringType } from '../../src/values/types.js';
import { nullVal, unknownVal, type Value } from '../../src/values/value.js';
import { ctxOf, expectSame, n, nul, obj, s, show, T, F, tup, unk } from '../eval/helpers.js';

const at = (r: Range | undefined): string =>
  r ? `${r.start.line}:${r.start.column}@${r.start.byte}-${r.end.line}:${r.end.column}@${r.end.byte}` : '-';
const diagList = (diags: readonly Diagnostic[]): string[] => diags.map((d) => `${d.summary} | ${d.detail} | ${at(d.subject)}`);

function run(src: string, ctx?: EvalContext): { value: Value; diags: Diagnostic[] } {
  const p = parseJsonValue(src, 'e.json');
  expect(diagList(p.diags)).toEqual([]);
  return evaluateJsonExpression(p.expr, ctx);
}

describe('literal mode (no context)', () => {
  test.each<[string, Value]>([
    ['"hello"', s('hello')],
    ['"${a} %{ if x }"', s('${a} %{ if x }')],
    ['"$${x}"', s('$${x}')],
    ['12', n(12)],
    ['-1.5e3', n(-1500)],
    ['3.14159265358979323846264338327950288419716939937510582097494459', n('3.14159265358979323846264338327950288419716939937510582097494459')],
    ['true', T],
    ['false', F],
    ['null', nul()],
    ['[]', tup()],
    ['[1, "a", [true]]', tup(n(1), s('a'), tup(T))],
    ['{}', obj({})],
    ['{"b": 1, "a": {"c": null}}', obj({ a: obj({ c: nul() }), b: n(1) })],
    ['{"${k}": 1}', obj({ '${k}': n(1) })],
    // Strings are NFC-normalised when they become values.
    ['"an\u0303o"', s('año')],
  ])('%s', (src, want) => {
    const r = run(src);
    expect(r.diags).toEqual([]);
    expectSame(r.value, want);
  });

  test('numbers keep 512-bit precision', () => {
    const r = run('0.1');
    expect(r.value.asNumber().toString()).toBe('0.1');
    expect(run('123456789012345678901234567890').value.asNumber().toString()).toBe('123456789012345678901234567890');
  });

  test('the general evaluator dispatches JSON expressions here', () => {
    const p = parseJsonValue('{"a": "${x}"}', 'e.json');
    expectSame(evaluate(p.expr).value, obj({ a: s('${x}') }));
    expectSame(evaluate(p.expr, ctxOf({ x: s('y') })).value, obj({ a: s('y') }));
  });
});

describe('template mode (any context, even empty)', () => {
  const ctx = ctxOf({ name: s('world'), n: n(2), nothing: nullVal(StringType), later: unknownVal(StringType), k: s('key') });

  test.each<[string, Value]>([
    ['"hello"', s('hello')],
    ['"hello ${name}"', s('hello world')],
    // A template that is a single interpolation keeps the value's type.
    ['"${n + 1}"', n(3)],
    ['"${true}"', T],
    ['"${[1, 2]}"', tup(n(1), n(2))],
    ['"$${name}"', s('${name}')],
    ['"%%{x}"', s('%{x}')],
    ['"%{ if n > 1 }big%{ else }small%{ endif }"', s('big')],
    ['"%{ for x in [1, 2] }${x};%{ endfor }"', s('1;2;')],
    ['"a\\nb ${name}"', s('a\nb world')],
    ['["${name}", 1, null]', tup(s('world'), n(1), nul())],
    ['{"${k}": "${name}", "plain": 1}', obj({ key: s('world'), plain: n(1) })],
    // Keys are converted to strings.
    ['{"${n}": 1, "${true}": 2}', obj({ '2': n(1), true: n(2) })],
    ['"${later}"', unk(StringType)],
  ])('%s', (src, want) => {
    const r = run(src, ctx);
    expect(diagList(r.diags)).toEqual([]);
    expectSame(r.value, want);
  });

  test('an empty context already means template mode', () => {
    expectSame(run('"${1 + 1}"', {}).value, n(2));
    expect(diagList(run('"${x}"', {}).diags)).toEqual([
      'Variables not allowed | Variables may not be used here. | 1:4@3-1:5@4',
    ]);
  });

  test('template positions start just past the opening quote', () => {
    const r = run('{\n  "a": "x ${nope}"\n}', ctxOf({ yes: T }));
    expect(diagList(r.diags)).toEqual(['Unknown variable | There is no variable named "nope". | 2:13@14-2:17@18']);
  });

  test('template syntax errors make the value unknown', () => {
    const r = run('"${"', ctx);
    expectSame(r.value, unk(DynamicPseudoType));
    expect(r.diags.length).toBeGreaterThan(0);
    expect(r.diags[0]!.subject!.start.line).toBe(1);
  });

  test('a key that evaluates to null', () => {
    const r = run('{"${nothing}": 1, "b": 2}', ctx);
    expect(diagList(r.diags)).toEqual(['Invalid object key expression | Cannot use null value as an object key. | 1:2@1-1:14@13']);
    expectSame(r.value, obj({ b: n(2) }));
    expect(r.diags[0]!.evalContext).toBe(ctx);
  });

  test('a key that cannot become a string', () => {
    const r = run('{"${[1]}": 1}', ctx);
    expect(diagList(r.diags)).toEqual([
      'Invalid object key expression | Cannot use this expression as an object key: string required. | 1:2@1-1:10@9',
    ]);
    expectSame(r.value, obj({}));
  });

  test('an unknown key makes the whole object unknown, while other keys are still checked', () => {
    const r = run('{"${later}": 1, "${nothing}": 2}', ctx);
    expectSame(r.value, unk(DynamicPseudoType));
    expect(diagList(r.diags)).toEqual(['Invalid object key expression | Cannot use null value as an object key. | 1:17@16-1:29@28']);
  });

  test('duplicate keys, literal or computed, are reported at the second', () => {
    const r = run('{"key": 1, "${k}": 2, "key": 3}', ctx);
    expect(diagList(r.diags)).toEqual([
      'Duplicate object attribute | An attribute named "key" was already defined at e.json:1,2-7. | 1:12@11-1:18@17',
      'Duplicate object attribute | An attribute named "key" was already defined at e.json:1,2-7. | 1:23@22-1:28@27',
    ]);
    expectSame(r.value, obj({ key: n(1) }));
  });

  test('duplicate keys are reported in literal mode too', () => {
    const r = run('{"a": 1, "a": 2}');
    expect(diagList(r.diags)).toEqual(['Duplicate object attribute | An attribute named "a" was already defined at e.json:1,2-5. | 1:10@9-1:13@12']);
    expectSame(r.value, obj({ a: n(1) }));
  });

  test('value diagnostics follow their key diagnostics, in property order', () => {
    const r = run('{"${nothing}": "${nope1}", "b": "${nope2}"}', ctx);
    expect(r.diags.map((d) => d.summary)).toEqual(['Unknown variable', 'Invalid object key expression', 'Unknown variable']);
  });
});

describe('invalid nodes', () => {
  test('a value that failed to parse is unknown', () => {
    const p = parseJsonValue('[1, tru]', 'e.json');
    expect(p.diags.length).toBe(1);
    const r = evaluateJsonExpression(p.expr);
    expect(r.diags).toEqual([]);
    expect(show(r.value)).toBe(show(tup(n(1), unk())));
    expect(r.value.type.kind).toBe('tuple');
  });
});

test('typed nulls are not produced: JSON null is a null of dynamic type', () => {
  const r = run('null', {});
  expect(r.value.isNull).toBe(true);
  expect(r.value.type).toEqual(DynamicPseudoType);
  expect(r.value.type).not.toEqual(NumberType);
});
