// Type unification (cty convert.Unify / UnifyUnsafe): the common type, and which inputs need a conversion.
import { typeString } from '../../src/values/types.js';
import { unify, unifyUnsafe, unifyUnsafeWithConversions } from '../../src/values/unify.js';
import { show, T, V } from './helpers.js';

/** [input types, unified type or null, which inputs need a conversion] */
const safe: [string[], string | null, boolean[]?][] = [
  [[], null],
  [['string'], 'string', [false]],
  [['number', 'number'], 'number', [false, false]],
  [['number', 'string'], 'string', [true, false]],
  [['string', 'number'], 'string', [false, true]],
  [['bool', 'string', 'number'], 'string', [true, false, true]],
  [['bool', 'number'], null],
  [['any'], 'any', [false]],
  // no safe conversion from dynamic exists, so only `any` itself can hold both
  [['any', 'string'], 'any', [false, true]],
  [['object({foo=string})', 'object({foo=string})'], 'object({foo=string})', [false, false]],
  [['object({foo=string})', 'object({foo=number})'], 'object({foo=string})', [false, true]],
  [['object({foo=string})', 'object({bar=number})'], 'map(string)', [true, true]],
  [['object({foo=string})', 'object({})'], 'map(string)', [true, true]],
  [['object({foo=bool})', 'object({bar=number})'], null],
  [['object({foo=bool})', 'object({foo=number})'], null],
  [['tuple([string])', 'tuple([string])'], 'tuple([string])', [false, false]],
  [['tuple([string])', 'tuple([number])'], 'tuple([string])', [false, true]],
  [['tuple([string])', 'tuple([string, number])'], 'list(string)', [true, true]],
  [['tuple([string])', 'tuple([])'], 'list(string)', [true, true]],
  [['tuple([])', 'tuple([number])'], 'list(number)', [true, true]],
  [['tuple([bool])', 'tuple([number])'], null],
  [['list(string)', 'list(number)'], 'list(string)', [false, true]],
  [['set(number)', 'set(string)'], 'set(string)', [true, false]],
  [['map(bool)', 'map(string)'], 'map(string)', [true, false]],
  [['list(bool)', 'list(number)'], null],
  [['list(string)', 'any'], 'any', [true, true]],
  [['map(string)', 'object({a=string})'], 'map(string)', [false, true]],
  [['map(string)', 'object({a=number, b=bool})'], 'map(string)', [false, true]],
  [['list(string)', 'tuple([number])'], 'list(string)', [false, true]],
  [['list(string)', 'tuple([number, bool])'], 'list(string)', [false, true]],
  [['tuple([object({a=string}), object({a=string})])', 'tuple([object({a=string, b=string})])'], 'list(map(string))', [true, true]],
  [['tuple([object({a=string}), any])', 'list(any)'], null],
  [['list(object({a=string}))', 'tuple([object({a=string, b=string})])', 'tuple([object({a=string, b=string}), object({c=string, d=string})])'], 'list(map(string))', [true, true, true]],
  [['list(object({a=string}))', 'list(map(string))', 'tuple([map(string), object({a=string, b=string})])'], 'list(map(string))', [true, false, true]],
  [['tuple([object({a=string, b=number}), object({a=string, b=number})])', 'tuple([object({a=string})])'], 'list(map(string))', [true, true]],
  [['tuple([object({a=string, b=number})])', 'tuple([object({a=string})])'], 'tuple([map(string)])', [true, true]],
  [['list(object({a=number, b=string}))', 'tuple([object({a=string})])'], 'list(map(string))', [true, true]],
  [['list(object({a=number, b=string}))', 'list(object({a=string}))'], 'list(map(string))', [true, true]],
  [['object({a=object({a=string}), b=object({a=string})})', 'map(object({a=string}))'], 'map(object({a=string}))', [true, false]],
  [['object({a=object({a=string}), b=object({a=string})})', 'map(any)', 'map(object({a=string}))'], 'map(any)', [true, false, true]],
  [['object({a=object({a=object({a=string})}), b=object({c=object({d=string})})})', 'map(map(map(string)))'], 'map(map(map(string)))', [true, false]],
  [['any', 'tuple([number])'], 'any', [true, true]],
  [['any', 'object({num=number})'], 'any', [true, true]],
  [['tuple([number])', 'any', 'object({num=number})'], null],
  [['object({a=string})', 'tuple([string])'], null],
  // cty's preference order ranks lists above sets
  [['list(string)', 'set(string)'], 'list(string)', [false, true]],
  [['set(string)', 'list(string)'], 'list(string)', [true, false]],
];

function run(types: string[], unsafe: boolean) {
  return unsafe ? unifyUnsafeWithConversions(types.map(T)) : unify(types.map(T));
}

describe('unify (safe)', () => {
  // (rows are padded to three cells: jest would take a missing third argument for a `done` callback)
  test.each(safe.map(([t, w, c]) => [t, w, c ?? null] as const))('%j', (types, want, convs) => {
    const r = run(types, false);
    if (want === null) {
      expect(r).toBeUndefined();
      return;
    }
    expect(r && typeString(r.type)).toBe(want);
    expect(r!.conversions.map((c) => c !== undefined)).toEqual(convs);
  });
});

describe('unify (unsafe)', () => {
  test.each([
    [['bool', 'number'], null],
    [['string', 'bool'], 'string'],
    [['list(string)', 'set(number)'], 'list(string)'],
    [['tuple([string])', 'tuple([bool, number])'], 'list(string)'],
    [['object({a=string})', 'object({a=bool})'], 'object({a=string})'],
    [['object({a=number})', 'object({b=bool})'], null],
    [['map(string)', 'map(any)'], 'map(string)'],
    [['list(string)', 'list(any)'], 'list(string)'],
    [['any', 'any'], 'any'],
    [['string', 'any'], 'string'],
  ] as const)('%j → %s', (types, want) => {
    const t = unifyUnsafe(types.map(T));
    expect(t === undefined ? null : typeString(t)).toBe(want);
  });

  test('the conversions bring each value to the unified type', () => {
    const r = unifyUnsafeWithConversions([T('tuple([number, string])'), T('list(string)')])!;
    expect(typeString(r.type)).toBe('list(string)');
    expect(show(r.conversions[0]!(V('[1, "a"]')))).toBe('list(string)["1", "a"]');
    expect(r.conversions[1]).toBeUndefined();
    const o = unifyUnsafeWithConversions([T('object({a=number})'), T('object({b=string})')])!;
    expect(show(o.conversions[0]!(V('{a=1}')))).toBe('map(string){"a": "1"}');
    expect(show(o.conversions[1]!(V('{b="x"}')))).toBe('map(string){"b": "x"}');
  });

  test('collections mixed with dynamic unify to dynamic, and their values to DynamicVal', () => {
    const r = unifyUnsafeWithConversions([T('list(string)'), T('any')])!;
    expect(typeString(r.type)).toBe('any');
    expect(show(r.conversions[0]!(V('tolist(["a"])')))).toBe('unknown(any)');
    expect(show(r.conversions[1]!(V('null')))).toBe('unknown(any)');
  });

  test('a primitive mixed with dynamic keeps the primitive; the dynamic side converts late', () => {
    const r = unifyUnsafeWithConversions([T('any'), T('number')])!;
    expect(typeString(r.type)).toBe('number');
    expect(show(r.conversions[0]!(V('"5"')))).toBe('5');
    expect(() => r.conversions[0]!(V('"x"'))).toThrow('a number is required');
  });
});
