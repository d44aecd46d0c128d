import { BigFloat } from '../../src/values/number.js';
import { convert, ConversionError, mismatchMessage } from '../../src/values/convert.js';
import { equals, rawEquals } from '../../src/values/equals.js';
import {
  BoolType,
  DynamicPseudoType,
  NumberType,
  StringType,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
  typeString,
} from '../../src/values/types.js';
import { unifyUnsafe } from '../../src/values/unify.js';
import {
  DynamicVal,
  False,
  True,
  listVal,
  mapVal,
  nullVal,
  numberVal,
  objectVal,
  setVal,
  stringVal,
  tupleVal,
  unknownVal,
} from '../../src/values/value.js';

const n = (s: string) => numberVal(BigFloat.parse(s)!);
const s = stringVal;

describe('convert', () => {
  test('primitives', () => {
    expect(convert(n('1.5'), StringType).asString()).toBe('1.5');
    expect(convert(True, StringType).asString()).toBe('true');
    expect(convert(s('12'), NumberType).asNumber().toString()).toBe('12');
    expect(convert(s('1'), BoolType)).toBe(True);
    expect(convert(s('false'), BoolType)).toBe(False);
  });
  test.each([
    [s('x'), NumberType, 'a number is required'],
    [s(' 1'), NumberType, 'a number is required'],
    [s('True'), BoolType, 'a bool is required; to convert from string, use lowercase "true"'],
    [s('yes'), BoolType, 'a bool is required'],
    [True, NumberType, 'number required'],
    [tupleVal([s('a'), n('1')]), listOf(NumberType), 'a number is required'],
    [objectVal({ a: n('1') }), objectOf({ a: NumberType, b: StringType }), 'attribute "b" is required'],
    [objectVal({}), objectOf({ a: NumberType, b: StringType, c: BoolType }), 'attributes "a", "b", and "c" are required'],
    [tupleVal([n('1'), objectVal({})]), listOf(StringType), 'element 1: string required'],
    [tupleVal([n('1'), tupleVal([])]), listOf(DynamicPseudoType), 'all list elements must have the same type'],
    [listVal([n('1')]), mapOf(StringType), 'map of string required'],
  ])('%#: failure message', (v, t, msg) => {
    expect(() => convert(v, t)).toThrow(new ConversionError(msg));
  });
  test('tuples become lists with unified element types', () => {
    const r = convert(tupleVal([n('1'), s('a')]), listOf(DynamicPseudoType));
    expect(typeString(r.type)).toBe('list(string)');
    expect(r.asElements().map((e) => e.asString())).toEqual(['1', 'a']);
  });
  test('lists become sets, deduplicated and ordered', () => {
    const r = convert(tupleVal([s('b'), s('a'), s('b')]), setOf(StringType));
    expect(r.asElements().map((e) => e.asString())).toEqual(['a', 'b']);
  });
  test('objects drop extra attributes and fill optional ones with null', () => {
    const want = objectOf({ a: NumberType, b: StringType }, ['b']);
    const r = convert(objectVal({ a: s('2'), z: True }), want);
    expect(typeString(r.type)).toBe('object({a=number,b=string})');
    expect(r.get('a')!.asNumber().toString()).toBe('2');
    expect(r.get('b')!.isNull).toBe(true);
  });
  test('objects with different attribute types become maps of a common type', () => {
    const r = convert(objectVal({ a: n('1'), b: s('x') }), mapOf(DynamicPseudoType));
    expect(typeString(r.type)).toBe('map(string)');
  });
  test('nulls and unknowns convert to the target type', () => {
    expect(typeString(convert(nullVal(DynamicPseudoType), listOf(StringType)).type)).toBe('list(string)');
    const u = convert(unknownVal(StringType), NumberType);
    expect(u.isKnown).toBe(false);
    expect(u.type).toBe(NumberType);
    expect(convert(DynamicVal, NumberType).isKnown).toBe(false);
  });
  test('mismatch messages for collections', () => {
    expect(mismatchMessage(listOf(NumberType), listOf(BoolType))).toBe('incorrect list element type: bool required');
    expect(mismatchMessage(StringType, listOf(DynamicPseudoType))).toBe('list of any single type required');
  });
});

describe('unify', () => {
  test.each([
    [[NumberType, StringType], 'string'],
    [[BoolType, StringType], 'string'],
    [[NumberType, BoolType], undefined],
    [[objectOf({ a: NumberType }), objectOf({ b: NumberType })], 'map(number)'],
    [[objectOf({ a: NumberType }), objectOf({ a: StringType })], 'object({a=string})'],
    [[tupleOf([]), tupleOf([NumberType])], 'list(number)'],
    [[listOf(NumberType), tupleOf([StringType])], 'list(string)'],
    [[objectOf({ a: NumberType }), tupleOf([])], undefined],
    [[DynamicPseudoType, NumberType], 'number'],
  ] as const)('%#', (types, want) => {
    const t = unifyUnsafe(types);
    expect(t === undefined ? undefined : typeString(t)).toBe(want);
  });
});

describe('equals', () => {
  test('numbers compare by shortest decimal; types must match', () => {
    expect(equals(n('1'), n('1.0'))).toBe(True);
    expect(equals(n('-0'), n('0'))).toBe(True);
    expect(equals(s('1'), n('1'))).toBe(False);
    expect(equals(nullVal(StringType), nullVal(NumberType))).toBe(True);
    expect(equals(nullVal(StringType), s(''))).toBe(False);
    expect(equals(tupleVal([n('1')]), listVal([n('1')]))).toBe(False);
    expect(equals(tupleVal([n('1'), n('2')]), tupleVal([n('1'), n('2')]))).toBe(True);
    expect(equals(mapVal({ a: s('x') }), mapVal({ a: s('y') }))).toBe(False);
    expect(equals(setVal([s('a'), s('b')]), setVal([s('b'), s('a')]))).toBe(True);
  });
  test('unknowns make the result unknown unless the types already differ', () => {
    expect(equals(unknownVal(StringType), s('a')).isKnown).toBe(false);
    expect(equals(unknownVal(StringType), n('1'))).toBe(False);
    expect(equals(DynamicVal, n('1')).isKnown).toBe(false);
  });
  test('rawEquals is exact identity', () => {
    expect(rawEquals(tupleVal([s('a')]), tupleVal([s('a')]))).toBe(true);
    expect(rawEquals(unknownVal(StringType), unknownVal(StringType))).toBe(true);
    expect(rawEquals(unknownVal(StringType), unknownVal(NumberType))).toBe(false);
    expect(rawEquals(s('a'), s('a').withMarks(['sensitive']))).toBe(false);
  });
});
