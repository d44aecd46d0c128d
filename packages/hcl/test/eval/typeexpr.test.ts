// Type expressions (hcl ext/typeexpr): vectors re-derived from typeexpr's get_type, defaults and type-string tests.
import { parseExpression } from '../../src/syntax/index.js';
import { rangeToString } from '../../src/source.js';
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
  typeEquals,
  typeString,
  type Type,
} from '../../src/values/types.js';
import { applyDefaults, typeConstraint, typeConstraintWithDefaults, typeOf, type Defaults } from '../../src/values/typeexpr.js';
import type { Value } from '../../src/values/value.js';
import { F, T, expectSame, listOfType, map, n, nul, obj, s, unk } from './helpers.js';

const EmptyObject = objectOf({});
const EmptyTuple = tupleOf([]);

function parse(src: string) {
  const p = parseExpression(src, 'test.hcl');
  expect(p.diags).toHaveLength(0);
  return p.expr;
}

type Vector = [src: string, constraint: boolean, want: Type, wantError: string];

const vectors: Vector[] = [
  ['bool', false, BoolType, ''],
  ['number', false, NumberType, ''],
  ['string', false, StringType, ''],
  ['any', false, DynamicPseudoType, 'The keyword "any" cannot be used in this type specification: an exact type is required.'],
  ['any', true, DynamicPseudoType, ''],
  ['list', false, DynamicPseudoType, 'The list type constructor requires one argument specifying the element type.'],
  ['map', false, DynamicPseudoType, 'The map type constructor requires one argument specifying the element type.'],
  ['set', false, DynamicPseudoType, 'The set type constructor requires one argument specifying the element type.'],
  ['object', false, DynamicPseudoType, 'The object type constructor requires one argument specifying the attribute types and values as a map.'],
  ['tuple', false, DynamicPseudoType, 'The tuple type constructor requires one argument specifying the element types as a list.'],
  ['bool()', false, DynamicPseudoType, 'Primitive type keyword "bool" does not expect arguments.'],
  ['number()', false, DynamicPseudoType, 'Primitive type keyword "number" does not expect arguments.'],
  ['string()', false, DynamicPseudoType, 'Primitive type keyword "string" does not expect arguments.'],
  ['any()', false, DynamicPseudoType, 'Type constraint keyword "any" does not expect arguments.'],
  ['any()', true, DynamicPseudoType, 'Type constraint keyword "any" does not expect arguments.'],
  ['list(string)', false, listOf(StringType), ''],
  ['set(string)', false, setOf(StringType), ''],
  ['map(string)', false, mapOf(StringType), ''],
  ['list()', false, DynamicPseudoType, 'The list type constructor requires one argument specifying the element type.'],
  ['list(string, string)', false, DynamicPseudoType, 'The list type constructor requires one argument specifying the element type.'],
  ['list(any)', false, listOf(DynamicPseudoType), 'The keyword "any" cannot be used in this type specification: an exact type is required.'],
  ['list(any)', true, listOf(DynamicPseudoType), ''],
  ['object({})', false, EmptyObject, ''],
  ['object({name=string})', false, objectOf({ name: StringType }), ''],
  ['object({"name"=string})', false, EmptyObject, 'Object constructor map keys must be attribute names.'],
  ['object({name=nope})', false, objectOf({ name: DynamicPseudoType }), 'The keyword "nope" is not a valid type specification.'],
  ['object({a=string, a=number})', false, objectOf({ a: StringType }), 'Object constructor map keys must be unique.'],
  ['object()', false, DynamicPseudoType, 'The object type constructor requires one argument specifying the attribute types and values as a map.'],
  ['object(string)', false, DynamicPseudoType, 'Object type constructor requires a map whose keys are attribute names and whose values are the corresponding attribute types.'],
  ['tuple([])', false, EmptyTuple, ''],
  ['tuple([string, bool])', false, tupleOf([StringType, BoolType]), ''],
  ['tuple([nope])', false, tupleOf([DynamicPseudoType]), 'The keyword "nope" is not a valid type specification.'],
  ['tuple()', false, DynamicPseudoType, 'The tuple type constructor requires one argument specifying the element types as a list.'],
  ['tuple(string)', false, DynamicPseudoType, 'Tuple type constructor requires a list of element types.'],
  ['shwoop(string)', false, DynamicPseudoType, 'Keyword "shwoop" is not a valid type constructor.'],
  ['list("string")', false, listOf(DynamicPseudoType), 'A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).'],
  ['list(object({}))', false, listOf(EmptyObject), ''],
  ['list(map(tuple([])))', false, listOf(mapOf(EmptyTuple)), ''],
  ['object({name=string,age=optional(number)})', true, objectOf({ name: StringType, age: NumberType }, ['age']), ''],
  ['object({name=string,meta=optional(any)})', true, objectOf({ name: StringType, meta: DynamicPseudoType }, ['meta']), ''],
  ['object({name=string,age=optional(number)})', false, objectOf({ name: StringType, age: NumberType }), 'Optional attribute modifier is only for type constraints, not for exact types.'],
  ['object({name=string,meta=optional(any)})', false, objectOf({ name: StringType, meta: DynamicPseudoType }), 'Optional attribute modifier is only for type constraints, not for exact types.'],
  ['object({name=string,meta=optional()})', true, objectOf({ name: StringType }), 'Optional attribute modifier requires the attribute type as its argument.'],
  ['object({name=string,meta=optional(string, "hello")})', true, objectOf({ name: StringType, meta: StringType }), 'Optional attribute modifier expects only one argument: the attribute type.'],
  ['optional(string)', false, DynamicPseudoType, 'Keyword "optional" is valid only as a modifier for object type attributes.'],
  ['optional', false, DynamicPseudoType, 'The keyword "optional" is not a valid type specification.'],
  ['null', false, DynamicPseudoType, 'The keyword "null" is not a valid type specification.'],
  ['1', false, DynamicPseudoType, 'A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).'],
];

describe('type expressions', () => {
  test.each(vectors)('%s (constraint=%s)', (src, constraint, want, wantError) => {
    const r = constraint ? typeConstraint(parse(src)) : typeOf(parse(src));
    const errs = r.diags.filter((d) => d.severity === 'error');
    if (wantError === '') expect(errs.map((d) => d.detail)).toEqual([]);
    else {
      expect(errs.map((d) => d.detail)).toContain(wantError);
      for (const d of errs) expect(d.summary).toBe('Invalid type specification');
    }
    if (!typeEquals(r.type, want)) throw new Error(`wrong type ${typeString(r.type)}; want ${typeString(want)}`);
  });

  test('error ranges', () => {
    const subject = (src: string, c = false) => {
      const r = c ? typeConstraint(parse(src)) : typeOf(parse(src));
      return rangeToString(r.diags[0]!.subject!);
    };
    expect(subject('list(string, number, bool)')).toBe('test.hcl:1,14-26');
    expect(subject('list()')).toBe('test.hcl:1,5-7');
    expect(subject('string()')).toBe('test.hcl:1,7-9');
    expect(subject('shwoop(string)')).toBe('test.hcl:1,1-15');
    expect(subject('optional(string)')).toBe('test.hcl:1,1-9');
    expect(subject('object({name=optional(string)})')).toBe('test.hcl:1,14-22');
  });
});

describe('type constraints with defaults', () => {
  const defaultsOf = (src: string): Defaults | undefined => {
    const r = typeConstraintWithDefaults(parse(src));
    expect(r.diags.filter((d) => d.severity === 'error')).toEqual([]);
    return r.defaults;
  };
  test.each(['bool', 'number', 'string', 'any', 'map(string)', 'set(number)', 'tuple([number, string])', 'object({ a = string, b = number })', 'map(list(object({ a = string, b = optional(number) })))'])(
    'no defaults: %s',
    (src) => {
      expect(defaultsOf(src)).toBeUndefined();
    },
  );
  test('an optional attribute with a default', () => {
    const d = defaultsOf('object({ a = string, b = optional(number, 5) })')!;
    expect(typeEquals(d.type, objectOf({ a: StringType, b: NumberType }, ['b']))).toBe(true);
    expectSame(d.defaultValues!.get('b')!, n(5));
    expect(d.children).toBeUndefined();
  });
  test('the default is converted to the attribute type', () => {
    const d = defaultsOf('object({ a = optional(string, 5) })')!;
    expectSame(d.defaultValues!.get('a')!, s('5'));
  });
  test('nested defaults', () => {
    const d = defaultsOf('object({ a = optional(object({ b = optional(number, 5) }), {}) })')!;
    expectSame(d.defaultValues!.get('a')!, obj({ b: nul(NumberType) }));
    const child = d.children!.get('a')!;
    expectSame(child.defaultValues!.get('b')!, n(5));
  });
  test('collections of objects with defaults use the "" child', () => {
    for (const c of ['map', 'list', 'set']) {
      const d = defaultsOf(`${c}(object({ a = string, b = optional(number, 5) }))`)!;
      expect(d.defaultValues).toBeUndefined();
      expectSame(d.children!.get('')!.defaultValues!.get('b')!, n(5));
    }
  });
  test('tuples index their children by position', () => {
    const d = defaultsOf('tuple([string, bool, object({ a = string, b = optional(number, 5) })])')!;
    expect([...d.children!.keys()]).toEqual(['2']);
  });
  test('list defaults drop optional-attribute markers from their element type', () => {
    const d = defaultsOf('object({ list = optional(list(object({ required = string, optional = optional(string) })), [])})')!;
    expectSame(d.defaultValues!.get('list')!, listOfType(objectOf({ required: StringType, optional: StringType })));
  });
  test('an incompatible default is an error', () => {
    const r = typeConstraintWithDefaults(parse('object({ a = optional(number, "x") })'));
    expect(r.diags.map((d) => `${d.summary}: ${d.detail}`)).toEqual([
      "Invalid default value for optional attribute: This default value is not compatible with the attribute's type constraint: a number is required.",
    ]);
  });
  test('at most two arguments', () => {
    const r = typeConstraintWithDefaults(parse('object({ a = optional(number, 1, 2) })'));
    expect(r.diags[0]!.detail).toBe('Optional attribute modifier expects at most two arguments: the attribute type, and a default value.');
  });
  test('defaults may only be literals', () => {
    const r = typeConstraintWithDefaults(parse('object({ a = optional(number, var.x) })'));
    expect(r.diags[0]!.summary).toBe('Variables not allowed');
  });
});

describe('applying defaults', () => {
  const simpleObject = objectOf({ a: StringType, b: BoolType }, ['b']);
  const nestedObject = objectOf({ c: simpleObject, d: NumberType }, ['c']);
  const simple: Defaults = { type: simpleObject, defaultValues: new Map([['b', T]]) };
  type Case = [name: string, d: Defaults, value: Value, want: Value];
  const cases: Case[] = [
    ['no defaults', { type: mapOf(StringType) }, map({ a: s('foo'), b: s('bar') }), map({ a: s('foo'), b: s('bar') })],
    ['simple object with defaults applied', simple, map({ a: s('foo') }), map({ a: s('foo'), b: s('true') })],
    ['unknown value', simple, unk(mapOf(StringType)), unk(mapOf(StringType))],
    ['optional attributes specified', simple, map({ a: s('foo'), b: s('false') }), map({ a: s('foo'), b: s('false') })],
    ['explicit null for attribute with default', simple, map({ a: s('foo'), b: nul(StringType) }), map({ a: s('foo'), b: s('true') })],
    [
      'nested object with defaults applied',
      { type: nestedObject, children: new Map([['c', { type: simpleObject, defaultValues: new Map([['b', F]]) }]]) },
      obj({ c: obj({ a: s('foo') }), d: n(5) }),
      obj({ c: obj({ a: s('foo'), b: F }), d: n(5) }),
    ],
    [
      'map of objects with defaults applied',
      { type: mapOf(simpleObject), children: new Map([['', simple]]) },
      map({ f: obj({ a: s('foo') }), b: obj({ a: s('bar') }) }),
      map({ f: obj({ a: s('foo'), b: T }), b: obj({ a: s('bar'), b: T }) }),
    ],
    ['null value', simple, nul(mapOf(StringType)), nul(mapOf(StringType))],
  ];
  test.each(cases)('%s', (_name, d, value, want) => {
    expectSame(applyDefaults(d, value), want);
  });
});
