// HCL's `==` (cty Value.Equals) and exact identity (cty Value.RawEquals).
import { BigFloat } from '../../src/values/number.js';
import { conforms, equals, rawEquals } from '../../src/values/equals.js';
import { numberVal } from '../../src/values/value.js';
import { show, T, V } from './helpers.js';

const eq = (a: string, b: string) => show(equals(V(a), V(b)));

describe('equals', () => {
  test.each([
    // primitives: no conversion, numbers by shortest decimal
    ['1', '1.0', 'true'],
    ['1', '2', 'false'],
    ['0', '-0', 'true'],
    ['1e2', '100', 'true'],
    ['"1"', '1', 'false'],
    ['"true"', 'true', 'false'],
    ['"a"', '"a"', 'true'],
    ['"a"', '"A"', 'false'],
    ['true', 'true', 'true'],
    ['true', 'false', 'false'],
    // nulls of any type are equal to each other, and to nothing else
    ['null', 'null', 'true'],
    ['null(string)', 'null(number)', 'true'],
    ['null(list(string))', 'null', 'true'],
    ['null', '1', 'false'],
    ['1', 'null', 'false'],
    ['null(string)', '""', 'false'],
    // structures: identical types required, then element-wise
    ['[1, 2]', '[1, 2]', 'true'],
    ['[1, 2]', '[2, 1]', 'false'],
    ['[1]', '[1, 1]', 'false'],
    ['[1]', 'tolist([1])', 'false'],
    ['[]', '[]', 'true'],
    ['[]', '{}', 'false'],
    ['{a=1}', '{a=1}', 'true'],
    ['{a=1}', '{a="1"}', 'false'],
    ['{a=1}', '{b=1}', 'false'],
    ['{a=[1, {b=2}]}', '{a=[1, {b=2}]}', 'true'],
    ['{a=[1, {b=2}]}', '{a=[1, {b=3}]}', 'false'],
    ['[null]', '[null]', 'true'],
    ['{a=null}', '{a=1}', 'false'],
    ['{a=null(number)}', '{a=1}', 'false'],
    ['tolist([1, 2])', 'tolist([1, 2])', 'true'],
    ['tolist([1, 2])', 'tolist([1])', 'false'],
    ['tolist(["1"])', 'tolist([1])', 'false'],
    ['tomap({a=1})', 'tomap({a=1})', 'true'],
    ['tomap({a=1})', 'tomap({b=1})', 'false'],
    ['tomap({a=1})', 'tomap({a=1, b=2})', 'false'],
    ['toset([1, 2])', 'toset([2, 1])', 'true'],
    ['toset(["a"])', 'toset(["b"])', 'false'],
    ['toset([1])', 'toset([1, 2])', 'false'],
    ['tolist([], string)', 'tolist([], number)', 'false'],
    ['tolist([], string)', 'tolist([], string)', 'true'],
    // unknowns
    ['unknown(number)', '1', 'unknown(bool)'],
    ['1', 'unknown(number)', 'unknown(bool)'],
    ['unknown(number)', '"a"', 'false'],
    ['dynamic', '1', 'unknown(bool)'],
    ['null', 'unknown(number)', 'unknown(bool)'],
    ['unknown(number)', 'null', 'unknown(bool)'],
    ['unknown(string)', 'unknown(number)', 'unknown(bool)'],
    ['unknown(list(any))', 'tolist(["a"])', 'unknown(bool)'],
    ['unknown(list(string))', 'tolist([1])', 'false'],
    ['[dynamic]', '["a"]', 'unknown(bool)'],
    ['[dynamic]', '[1, 2]', 'false'],
    ['{a=dynamic}', '{a=1}', 'unknown(bool)'],
    ['{a=dynamic}', '{b=1}', 'false'],
    ['[unknown(string)]', '["a"]', 'unknown(bool)'],
    ['[unknown(string), 1]', '["a", 2]', 'unknown(bool)'],
    ['[1, unknown(string)]', '[2, "a"]', 'false'],
    ['toset([unknown(string)])', 'toset(["a"])', 'unknown(bool)'],
    ['toset(["b", unknown(string)])', 'toset(["a"])', 'unknown(bool)'],
    ['tomap({a=unknown(number)})', 'tomap({a=1})', 'unknown(bool)'],
    ['tomap({a=unknown(number)})', 'tomap({b=1})', 'false'],
  ])('%s == %s is %s', (a, b, want) => {
    expect(eq(a, b)).toBe(want);
  });

  test('numbers of different precisions compare by their decimal renderings', () => {
    const literal = numberVal(BigFloat.parse('0.1')!);
    const float = numberVal(BigFloat.fromFloat64(0.1));
    expect(show(equals(literal, float))).toBe('true');
    const third = numberVal(BigFloat.parse('1')!.div(BigFloat.parse('3')!));
    expect(show(equals(third, numberVal(BigFloat.fromFloat64(1 / 3))))).toBe('false');
    expect(show(equals(numberVal(BigFloat.parse('0.1')!.add(BigFloat.parse('0.2')!)), V('0.3')))).toBe('true');
  });

  test('marks on either side mark the answer', () => {
    expect(show(equals(V('1').withMarks(['s']), V('1')))).toBe('marked(s)true');
    expect(show(equals(V('1'), V('2').withMarks(['t'])))).toBe('marked(t)false');
  });
});

describe('rawEquals', () => {
  test.each([
    ['unknown(number)', 'unknown(number)', true],
    ['unknown(number)', 'unknown(string)', false],
    ['dynamic', 'dynamic', true],
    ['dynamic', 'unknown(string)', false],
    ['unknown(number)', '1', false],
    ['null', 'null', true],
    ['null(string)', 'null(number)', false],
    ['null(string)', '""', false],
    ['1', '1.0', true],
    ['1', '2', false],
    ['[1]', 'tolist([1])', false],
    ['toset([1, 2])', 'toset([2, 1])', true],
    ['{a=unknown(string)}', '{a=unknown(string)}', true],
    ['{a=unknown(string)}', '{a="x"}', false],
    ['tomap({a=1, b=2})', 'tomap({b=2, a=1})', true],
    ['tomap({a=1})', 'tomap({a=2})', false],
    ['[[1], {b=true}]', '[[1], {b=true}]', true],
  ] as const)('%s vs %s: %s', (a, b, want) => {
    expect(rawEquals(V(a), V(b))).toBe(want);
  });
  test('marks must match', () => {
    expect(rawEquals(V('1').withMarks(['s']), V('1'))).toBe(false);
    expect(rawEquals(V('1').withMarks(['s']), V('1').withMarks(['s']))).toBe(true);
  });
});

describe('conforms (cty TestConformance)', () => {
  test.each([
    ['string', 'string', true],
    ['string', 'any', true],
    ['any', 'string', false],
    ['list(string)', 'list(any)', true],
    ['list(any)', 'list(string)', false],
    ['list(string)', 'set(any)', false],
    ['tuple([string, number])', 'tuple([any, number])', true],
    ['tuple([string])', 'tuple([any, any])', false],
    ['object({a=string, b=number})', 'object({a=any, b=number})', true],
    ['object({a=string, b=number})', 'object({a=any})', false],
    ['object({a=string})', 'object({a=string, b=any})', false],
    ['map(object({a=bool}))', 'map(object({a=any}))', true],
  ] as const)('%s conforms to %s: %s', (given, want, ok) => {
    expect(conforms(T(given), T(want))).toBe(ok);
  });
});

describe('sets use cty equality for members', () => {
  test('-0 and 0 are one member', () => {
    expect(show(V('toset([0, -0, 1])'))).toBe('set(number)[0, 1]');
  });
});
