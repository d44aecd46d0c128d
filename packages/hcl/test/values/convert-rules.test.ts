// cty conversion rules (convert.Convert), one vector per rule and edge, derived from cty v1.13's convert package.
import { ConversionError, canConvert, convert, getConversion, mismatchMessage } from '../../src/values/convert.js';
import { show, T, V } from './helpers.js';

type Want = string | { error: string };

function check(value: string, type: string, want: Want): void {
  const v = V(value);
  const t = T(type);
  if (typeof want === 'string') {
    expect(show(convert(v, t))).toBe(want);
  } else {
    let err: unknown;
    try {
      const r = convert(v, t);
      err = new Error(`converted to ${show(r)}`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConversionError);
    expect((err as Error).message).toBe(want.error);
  }
}

const cases: [string, string, Want][] = [
  // primitives
  ['1.5', 'string', '"1.5"'],
  ['-0', 'string', '"-0"'],
  ['1e3', 'string', '"1000"'],
  ['0.1', 'string', '"0.1"'],
  ['true', 'string', '"true"'],
  ['false', 'string', '"false"'],
  ['"12"', 'number', '12'],
  ['"1.50"', 'number', '1.5'],
  ['"1e2"', 'number', '100'],
  ['"-7"', 'number', '-7'],
  ['"+7"', 'number', '7'],
  ['".5"', 'number', '0.5'],
  ['"1p4"', 'number', '16'],
  ['"Inf"', 'number', '+Inf'],
  ['" 7"', 'number', { error: 'a number is required' }],
  ['"7 "', 'number', { error: 'a number is required' }],
  ['""', 'number', { error: 'a number is required' }],
  ['"0x1F"', 'number', { error: 'a number is required' }],
  ['"1,000"', 'number', { error: 'a number is required' }],
  ['"true"', 'bool', 'true'],
  ['"1"', 'bool', 'true'],
  ['"false"', 'bool', 'false'],
  ['"0"', 'bool', 'false'],
  ['"TRUE"', 'bool', { error: 'a bool is required; to convert from string, use lowercase "true"' }],
  ['"False"', 'bool', { error: 'a bool is required; to convert from string, use lowercase "false"' }],
  ['"yes"', 'bool', { error: 'a bool is required' }],
  ['"2"', 'bool', { error: 'a bool is required' }],
  ['""', 'bool', { error: 'a bool is required' }],
  ['true', 'number', { error: 'number required' }],
  ['1', 'bool', { error: 'bool required' }],
  ['1', 'any', '1'],
  ['"a"', 'string', '"a"'],

  // nulls and unknowns keep their state and take the target type
  ['null', 'string', 'null(string)'],
  ['null', 'list(string)', 'null(list(string))'],
  ['null(number)', 'string', 'null(string)'],
  ['null(number)', 'any', 'null(number)'],
  ['null(bool)', 'number', { error: 'number required' }],
  ['unknown(number)', 'string', 'unknown(string)'],
  ['dynamic', 'string', 'unknown(string)'],
  ['dynamic', 'list(any)', 'unknown(list(any))'],
  ['dynamic', 'any', 'unknown(any)'],
  ['unknown(tuple([string, number]))', 'list(any)', 'unknown(list(string))'],
  ['unknown(object({a=string, b=number}))', 'map(any)', 'unknown(map(string))'],
  ['unknown(object({a=string}))', 'object({a=string, b=optional(number)})', 'unknown(object({a=string,b=number}))'],
  ['null(object({a=string}))', 'object({a=string, b=optional(number)})', 'null(object({a=string,b=number}))'],
  ['unknown(list(any))', 'list(string)', 'unknown(list(string))'],
  ['unknown(map(number))', 'object({a=string})', 'unknown(object({a=string}))'],
  ['unknown(bool)', 'number', { error: 'number required' }],
  ['unknown(string)', 'list(string)', { error: 'list of string required' }],

  // tuple → list
  ['[1, "a"]', 'list(any)', 'list(string)["1", "a"]'],
  ['[1, 2]', 'list(any)', 'list(number)[1, 2]'],
  ['[]', 'list(any)', 'list(any)[]'],
  ['[]', 'list(string)', 'list(string)[]'],
  ['[]', 'list(object({a=optional(string)}))', 'list(object({a=string}))[]'],
  ['[1, true]', 'list(any)', { error: 'all list elements must have the same type' }],
  ['[1, true]', 'list(string)', 'list(string)["1", "true"]'],
  ['[1, {}]', 'list(string)', { error: 'element 1: string required' }],
  ['["a", ["b"]]', 'list(string)', { error: 'element 1: string required' }],
  ['["1", "x"]', 'list(number)', { error: 'a number is required' }],
  ['[[1], ["a"]]', 'list(any)', 'list(tuple([string]))[["1"], ["a"]]'],
  ['[[1], [2, 3]]', 'list(any)', 'list(list(number))[list(number)[1], list(number)[2, 3]]'],
  ['[{a=1}, {b=2}]', 'list(any)', 'list(map(number))[map(number){"a": 1}, map(number){"b": 2}]'],
  ['[{a=1}, {a="x"}]', 'list(any)', 'list(object({a=string}))[{a: "1"}, {a: "x"}]'],
  ['[null, 1]', 'list(any)', 'list(number)[null(number), 1]'],
  ['[null, null]', 'list(any)', 'list(any)[null(any), null(any)]'],
  ['[dynamic, "a"]', 'list(string)', 'list(string)[unknown(string), "a"]'],
  ['[dynamic, "a"]', 'list(any)', 'list(string)[unknown(string), "a"]'],
  ['[[1]]', 'list(any)', 'list(tuple([number]))[[1]]'],
  ['[{a=1}, {a=2, b=3}]', 'list(object({a=number}))', 'list(object({a=number}))[{a: 1}, {a: 2}]'],
  ['[{a=1}, {b=3}]', 'list(object({a=number}))', { error: 'element 1: attribute "a" is required' }],
  ['[1]', 'list(bool)', { error: 'element 0: bool required' }],

  // tuple → set
  ['["b", "a", "b"]', 'set(string)', 'set(string)["a", "b"]'],
  ['[1, "1"]', 'set(any)', 'set(string)["1"]'],
  ['[3, 1, 2, 10]', 'set(number)', 'set(number)[1, 2, 3, 10]'],
  ['[]', 'set(number)', 'set(number)[]'],
  ['[]', 'set(any)', 'set(any)[]'],
  ['[1, true]', 'set(any)', { error: 'all set elements must have the same type' }],
  ['[unknown(string), "a"]', 'set(string)', 'set(string)["a", unknown(string)]'],
  ['[true, false, true]', 'set(bool)', 'set(bool)[false, true]'],
  ['[{x=null}]', 'set(object({x=optional(string)}))', 'set(object({x=string}))[{x: null(string)}]'],

  // list ↔ set
  ['tolist(["a", "b"])', 'set(string)', 'set(string)["a", "b"]'],
  ['tolist(["b", "a", "b"])', 'set(string)', 'set(string)["a", "b"]'],
  ['toset(["b", "a"])', 'list(string)', 'list(string)["a", "b"]'],
  ['tolist([1, 2])', 'list(string)', 'list(string)["1", "2"]'],
  ['tolist(["1", "x"])', 'list(number)', { error: 'a number is required' }],
  ['toset([unknown(string), "a"])', 'list(string)', 'unknown(list(string))'],
  ['toset([unknown(string)])', 'list(string)', 'list(string)[unknown(string)]'],
  ['tolist([], string)', 'set(number)', 'set(number)[]'],
  ['tolist([], string)', 'list(any)', 'list(string)[]'],
  ['tolist(["a"])', 'list(any)', 'list(string)["a"]'],
  ['tolist(["a"])', 'set(any)', 'set(string)["a"]'],
  ['tolist([1])', 'set(bool)', { error: 'incorrect set element type: bool required' }],
  ['tolist([[1]], list(number))', 'list(list(bool))', { error: 'incorrect list element type: incorrect list element type: bool required' }],
  ['tolist(["a"])', 'tuple([string])', { error: 'tuple required' }],
  ['tolist([1])', 'map(string)', { error: 'map of string required' }],

  // maps
  ['{a=1, b="x"}', 'map(string)', 'map(string){"a": "1", "b": "x"}'],
  ['{a=1, b="x"}', 'map(any)', 'map(string){"a": "1", "b": "x"}'],
  ['{a=1, b=true}', 'map(any)', { error: 'all map elements must have the same type' }],
  ['{a=1, b=true}', 'map(string)', 'map(string){"a": "1", "b": "true"}'],
  ['{a=1, b={}}', 'map(string)', { error: 'element "b": string required' }],
  ['{}', 'map(string)', 'map(string){}'],
  ['{}', 'map(any)', 'map(any){}'],
  ['tomap({a="1"})', 'map(number)', 'map(number){"a": 1}'],
  ['tomap({a="x"})', 'map(number)', { error: 'a number is required' }],
  ['tomap({a="1"})', 'map(string)', 'map(string){"a": "1"}'],
  ['tomap({a=1})', 'map(bool)', { error: 'incorrect map element type: bool required' }],
  ['{a={x=1}, b={y=2}}', 'map(any)', 'map(map(number)){"a": map(number){"x": 1}, "b": map(number){"y": 2}}'],
  ['{a=[1], b=["x"]}', 'map(any)', 'map(tuple([string])){"a": ["1"], "b": ["x"]}'],
  ['{a=[1], b=["x", "y"]}', 'map(any)', 'map(list(string)){"a": list(string)["1"], "b": list(string)["x", "y"]}'],
  ['{a=[1, "x"]}', 'map(list(any))', 'map(list(string)){"a": list(string)["1", "x"]}'],
  ['[1]', 'map(string)', { error: 'map of string required' }],
  // (Packer 1.6.6's cty panics here; current cty cannot unify list(number) with list(bool))
  ['{a=[1], b=[true]}', 'map(list(any))', { error: 'cannot find a common base type for all elements' }],

  // map → object (unsafe)
  ['tomap({a="x"})', 'object({a=string})', '{a: "x"}'],
  ['tomap({a="x", b="y"})', 'object({a=string})', '{a: "x"}'],
  ['tomap({a="x"})', 'object({a=string, b=string})', { error: 'map has no element for required attribute "b"' }],
  ['tomap({a="1"})', 'object({a=number})', '{a: 1}'],
  ['tomap({a="x"})', 'object({a=number})', { error: 'a number is required' }],
  ['tomap({a="x"})', 'object({a=string, b=optional(number)})', '{a: "x", b: null(number)}'],
  ['tomap({a="x"})', 'object({a=string, b=optional(list(string))})', '{a: "x", b: null(list(string))}'],
  [
    'tomap({a="x", b="y"})',
    'object({a=string, b=optional(list(string))})',
    { error: 'map element type is incompatible with attribute "b": list of string required' },
  ],
  ['tomap({a="x"})', 'object({b=list(string)})', { error: 'object required' }],
  ['tomap({a="x"})', 'object({})', '{}'],

  // object → object
  ['{a=1}', 'object({a=string})', '{a: "1"}'],
  ['{a=1, b=2}', 'object({a=number})', '{a: 1}'],
  ['{a=1, b=2}', 'object({})', '{}'],
  ['{a=1}', 'object({a=number, b=string})', { error: 'attribute "b" is required' }],
  ['{}', 'object({a=number, b=string})', { error: 'attributes "a" and "b" are required' }],
  ['{}', 'object({a=number, b=string, c=bool})', { error: 'attributes "a", "b", and "c" are required' }],
  ['{x=1}', 'object({b=number, a=string, c=bool, d=bool})', { error: 'attributes "a", "b", "c", and "d" are required' }],
  ['{a=1}', 'object({a=number, b=optional(string)})', '{a: 1, b: null(string)}'],
  ['{a=1, b=null}', 'object({a=number, b=optional(string)})', '{a: 1, b: null(string)}'],
  ['{a=true}', 'object({a=number})', { error: 'attribute "a": number required' }],
  ['{a={b=1}}', 'object({a=object({b=bool})})', { error: 'attribute "a": attribute "b": bool required' }],
  ['{a="x"}', 'object({a=number})', { error: 'a number is required' }],
  ['{a=[1, "x"]}', 'object({a=list(number)})', { error: 'a number is required' }],
  ['{a=null}', 'object({a=object({x=optional(string)})})', '{a: null(object({x=string}))}'],
  ['{a={}}', 'object({a=object({x=optional(string)})})', '{a: {x: null(string)}}'],
  ['{a=[{}]}', 'object({a=list(object({x=optional(string)}))})', '{a: list(object({x=string}))[{x: null(string)}]}'],
  ['{a=1, b=true}', 'object({a=any, b=optional(any)})', '{a: 1, b: true}'],
  ['{a=1}', 'object({a=any, b=optional(any)})', '{a: 1, b: null(any)}'],
  ['"a"', 'object({})', { error: 'object required' }],
  ['{a=1}', 'list(string)', { error: 'list of string required' }],

  // tuple → tuple
  ['[1, "a"]', 'tuple([string, string])', '["1", "a"]'],
  ['["1", 2]', 'tuple([number, any])', '[1, 2]'],
  ['[1, "a"]', 'tuple([any, number])', { error: 'a number is required' }],
  ['[1]', 'tuple([string, string])', { error: 'tuple required' }],
  ['1', 'tuple([])', { error: 'tuple required' }],
  ['[]', 'tuple([])', '[]'],
  ['[true]', 'tuple([number])', { error: 'tuple required' }],
];

describe('convert', () => {
  test.each(cases)('%s → %s', (value, type, want) => check(value, type, want));

  test('marks survive conversion', () => {
    const v = V('"1"').withMarks(['sensitive']);
    expect(show(convert(v, T('number')))).toBe('marked(sensitive)1');
    expect(show(convert(V('[1]').withMarks(['a']), T('list(string)')))).toBe('marked(a)list(string)["1"]');
  });

  test('errors carry the path of the failing element', () => {
    const fail = (value: string, type: string) => {
      try {
        convert(V(value), T(type));
      } catch (e) {
        return (e as ConversionError).path;
      }
      throw new Error('no error');
    };
    expect(fail('["1", "x"]', 'list(number)')).toEqual([{ index: 1 }]);
    expect(fail('{a={b="x"}}', 'object({a=object({b=number})})')).toEqual([{ attr: 'a' }, { attr: 'b' }]);
    expect(fail('tomap({k="x"})', 'map(number)')).toEqual([{ index: 'k' }]);
    expect(fail('"x"', 'number')).toEqual([]);
  });

  test('the same type converts to itself without a plan', () => {
    const v = V('{a=[1]}');
    expect(convert(v, v.type)).toBe(v);
  });
});

describe('plans', () => {
  test.each([
    ['string', 'number', false, false],
    ['string', 'number', true, true],
    ['number', 'string', false, true],
    ['bool', 'string', false, true],
    ['bool', 'number', true, false],
    ['list(string)', 'set(string)', false, false],
    ['list(string)', 'set(string)', true, true],
    ['set(string)', 'list(string)', false, true],
    ['map(string)', 'object({a=string})', false, false],
    ['map(string)', 'object({a=string})', true, true],
    ['any', 'string', false, false],
    ['any', 'string', true, true],
    ['string', 'any', false, true],
    ['tuple([number, string])', 'list(string)', false, true],
    ['tuple([number, bool])', 'list(any)', true, false],
    ['object({a=number})', 'object({a=string, b=optional(bool)})', false, true],
    ['object({a=string})', 'object({a=number})', false, false],
    ['object({a=string})', 'object({a=number})', true, true],
    ['list(string)', 'tuple([string])', true, false],
    ['map(list(string))', 'map(set(string))', false, false],
    ['map(list(string))', 'map(set(string))', true, true],
  ] as const)('%s → %s (unsafe %s): %s', (from, to, unsafe, want) => {
    expect(canConvert(T(from), T(to), unsafe)).toBe(want);
  });

  test('a safe plan for string → number does not exist, an unsafe one fails per value', () => {
    expect(getConversion(T('string'), T('number'), false)).toBeUndefined();
    const conv = getConversion(T('string'), T('number'), true)!;
    expect(show(conv(V('"3"')))).toBe('3');
    expect(() => conv(V('"three"'))).toThrow('a number is required');
  });
});

describe('mismatchMessage', () => {
  test.each([
    ['string', 'number', 'number required'],
    ['number', 'list(string)', 'list of string required'],
    ['string', 'map(any)', 'map of any single type required'],
    ['number', 'list(list(any))', 'list of list of any single type required'],
    ['string', 'set(list(number))', 'set of list of number required'],
    ['string', 'any', 'any type required'],
    ['tuple([number, bool])', 'list(any)', 'all list elements must have the same type'],
    ['tuple([number, bool])', 'set(any)', 'all set elements must have the same type'],
    ['object({a=number, b=bool})', 'map(any)', 'all map elements must have the same type'],
    ['tuple([number, object({})])', 'list(string)', 'element 1: string required'],
    ['object({a=number, b=list(string)})', 'map(string)', 'element "b": string required'],
    ['object({a=number})', 'list(string)', 'list of string required'],
    ['tuple([])', 'map(string)', 'map of string required'],
    ['list(number)', 'set(bool)', 'incorrect set element type: bool required'],
    ['set(number)', 'map(bool)', 'map of bool required'],
    ['map(number)', 'list(bool)', 'list of bool required'],
    ['object({a=bool})', 'object({a=number, b=string})', 'attribute "b" is required'],
    ['object({a=bool, c=list(string)})', 'object({a=number, c=string})', 'attribute "a": number required'],
    ['object({a=string})', 'object({a=list(string)})', 'attribute "a": list of string required'],
    ['object({a=list(string)})', 'object({a=set(string)})', 'attribute "a": incorrect set element type: string required'],
    ['object({a=string})', 'object({a=number})', 'attribute "a": number required'],
  ])('%s vs %s', (got, want, msg) => {
    expect(mismatchMessage(T(got), T(want))).toBe(msg);
  });
});
