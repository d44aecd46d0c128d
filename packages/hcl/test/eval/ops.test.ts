// index / getAttr / applyPath on values (hcl.Index, hcl.GetAttr, hcl.ApplyPath), re-derived from hcl's ops tests,
// plus the mark helpers and name suggestions.
import { applyPath, containsMarked, getAttr, goQuote, index, levenshtein, nameSuggestion, unmarkDeep, type PathStep } from '../../src/eval/ops.js';
import type { Value } from '../../src/values/value.js';
import {
  DynamicPseudoType,
  NumberType,
  StringType,
  T,
  dyn,
  expectSame,
  list,
  listOfType,
  map,
  mark,
  n,
  nul,
  obj,
  s,
  set,
  tup,
  unk,
} from './helpers.js';

const idx = (key: Value): PathStep => ({ kind: 'index', key });
const attr = (name: string): PathStep => ({ kind: 'attr', name });
const objType = (attrs: Record<string, import('../../src/values/types.js').Type>) => ({ kind: 'object' as const, attributes: new Map(Object.entries(attrs)) });

type Vector = [start: Value, path: PathStep[], want: Value | string];

const vectors: () => Vector[] = () => [
  [s('hello'), [], s('hello')],
  [s('hello'), [idx(s('boop'))], 'Invalid index: This value does not have any indices.'],
  [s('hello'), [idx(n(0))], 'Invalid index: This value does not have any indices.'],
  [list(s('hello')), [idx(n(0))], s('hello')],
  [mark(list(s('hello')), 'x'), [idx(n(0))], mark(s('hello'), 'x')],
  [tup(s('hello')), [idx(n(0))], s('hello')],
  [mark(map({ a: mark(s('foo'), 'x'), b: mark(s('bar'), 'x') }), 'x'), [attr('a')], mark(s('foo'), 'x')],
  [listOfType(StringType), [idx(n(0))], 'Invalid index: The given key does not identify an element in this collection value: the collection has no elements.'],
  [list(s('hello')), [idx(n(1))], 'Invalid index: The given key does not identify an element in this collection value: the given index is greater than or equal to the length of the collection.'],
  [mark(list(s('hello')), 'boop'), [idx(n(1))], 'Invalid index: The given key does not identify an element in this collection value.'],
  [list(s('hello')), [idx(n(-1))], 'Invalid index: The given key does not identify an element in this collection value: a negative number is not a valid index for a sequence.'],
  [list(s('hello')), [idx(n(0.5))], 'Invalid index: The given key does not identify an element in this collection value: indexing a sequence requires a whole number, but the given index has a fractional part.'],
  [list(s('hello')), [idx(n(0)), attr('foo')], "Unsupported attribute: Can't access attributes on a primitive-typed value (string)."],
  [list(obj({})), [idx(n(0)), attr('foo')], 'Unsupported attribute: This object does not have an attribute named "foo".'],
  [list(obj({})), [attr('foo')], "Unsupported attribute: Can't access attributes on a list of objects. Did you mean to access an attribute for a specific element of the list, or across all elements of the list?"],
  [list(obj({ foo: T })), [attr('foo')], 'Unsupported attribute: Can\'t access attributes on a list of objects. Did you mean to access attribute "foo" for a specific element of the list, or across all elements of the list?'],
  [tup(), [idx(n(0))], 'Invalid index: The given key does not identify an element in this collection value: the collection has no elements.'],
  [tup(s('hello')), [idx(n(1))], 'Invalid index: The given key does not identify an element in this collection value: the given index is greater than or equal to the length of the collection.'],
  [mark(tup(s('hello')), 'boop'), [idx(n(1))], 'Invalid index: The given key does not identify an element in this collection value.'],
  [tup(s('hello')), [idx(n(-1))], 'Invalid index: The given key does not identify an element in this collection value: a negative number is not a valid index for a sequence.'],
  [tup(s('hello')), [idx(n(0.5))], 'Invalid index: The given key does not identify an element in this collection value: indexing a sequence requires a whole number, but the given index has a fractional part.'],
  [tup(s('hello')), [idx(n(0)), attr('foo')], "Unsupported attribute: Can't access attributes on a primitive-typed value (string)."],
  [tup(obj({})), [idx(n(0)), attr('foo')], 'Unsupported attribute: This object does not have an attribute named "foo".'],
  [tup(obj({})), [attr('foo')], 'Unsupported attribute: This value does not have any attributes.'],
  [tup(obj({ foo: T })), [attr('foo')], 'Unsupported attribute: This value does not have any attributes.'],
  [set(s('hello')), [idx(n(1))], "Invalid index: Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set."],
  [set(obj({})), [attr('foo')], "Unsupported attribute: Can't access attributes on a set of objects. Did you mean to access an attribute across all elements of the set?"],
  [nul({ kind: 'list', element: StringType }), [idx(n(0))], 'Attempt to index null value: This value is null, so it does not have any indices.'],
  [nul({ kind: 'map', element: StringType }), [idx(n(0))], 'Attempt to index null value: This value is null, so it does not have any indices.'],
  [nul(objType({})), [attr('foo')], 'Attempt to get attribute from null value: This value is null, so it does not have any attributes.'],
  // Marks survive index and attribute steps, also when types and values are unknown.
  [mark(dyn, 'marked'), [attr('foo')], mark(dyn, 'marked')],
  [mark(obj({ foo: s('should be marked') }), 'marked'), [attr('foo')], mark(s('should be marked'), 'marked')],
  [mark(unk(objType({ foo: DynamicPseudoType })), 'marked'), [attr('foo')], mark(dyn, 'marked')],
  [mark(dyn, 'marked'), [idx(s('foo'))], mark(dyn, 'marked')],
  [mark(obj({ foo: s('should be marked') }), 'marked'), [idx(s('foo'))], mark(s('should be marked'), 'marked')],
  [mark(unk(objType({ foo: DynamicPseudoType })), 'marked'), [idx(s('foo'))], mark(dyn, 'marked')],
  [mark(dyn, 'marked'), [idx(n(0))], mark(dyn, 'marked')],
  [mark(list(s('should be marked')), 'marked'), [idx(n(0))], mark(s('should be marked'), 'marked')],
  [mark(unk({ kind: 'list', element: StringType }), 'marked'), [idx(n(0))], mark(unk(StringType), 'marked')],
  [mark(dyn, 'marked'), [idx(unk(StringType))], mark(dyn, 'marked')],
  [mark(obj({ foo: s('should be marked') }), 'marked'), [idx(unk(StringType))], mark(dyn, 'marked')],
  [mark(unk(objType({ foo: DynamicPseudoType })), 'marked'), [idx(unk(StringType))], mark(dyn, 'marked')],
  [mark(dyn, 'marked'), [idx(unk(NumberType))], mark(dyn, 'marked')],
  [mark(list(s('should be marked')), 'marked'), [idx(unk(NumberType))], mark(unk(StringType), 'marked')],
  [mark(unk({ kind: 'list', element: StringType }), 'marked'), [idx(unk(NumberType))], mark(unk(StringType), 'marked')],
  // Keys are converted to the collection's key type.
  [list(s('a'), s('b')), [idx(s('1'))], s('b')],
  [map({ '1': s('x') }), [idx(n(1))], s('x')],
  [obj({ true: s('t') }), [idx(T)], s('t')],
  [obj({ a: s('v') }), [idx(dyn)], dyn],
  [unk(objType({ a: StringType })), [attr('a')], unk(StringType)],
  [unk({ kind: 'map', element: NumberType }), [attr('a')], unk(NumberType)],
  [unk({ kind: 'tuple', elements: [StringType, NumberType] }), [idx(n(1))], unk(NumberType)],
  [map({ a: n(1) }), [attr('b')], 'Missing map element: This map does not have an element with the key "b".'],
];

describe('applyPath', () => {
  test.each(vectors())('%#', (start, path, want) => {
    const r = applyPath(start, path);
    if (typeof want === 'string') {
      expect(r.diags).toHaveLength(1);
      expect(`${r.diags[0]!.summary}: ${r.diags[0]!.detail}`).toBe(want);
      expectSame(r.value, dyn);
    } else {
      expect(r.diags).toHaveLength(0);
      expectSame(r.value, want);
    }
  });
});

describe('index (hcl.Index)', () => {
  test('a marked key marks the element', () => {
    expectSame(index(list(s('a')), mark(n(0), 'marked')).value, mark(s('a'), 'marked'));
  });
  test('a missing index is an error whatever the key marks', () => {
    expect(index(list(s('a')), mark(n(1), 'marked')).diags[0]!.summary).toBe('Invalid index');
    expect(index(list(s('a')), mark(nul(NumberType), 'marked')).diags[0]!.summary).toBe('Invalid index');
    expect(index(list(s('a')), mark(s('foo'), 'marked')).diags[0]!.summary).toBe('Invalid index');
  });
  test('a dynamic key gives a dynamic value', () => {
    const r = index(list(s('a')), dyn);
    expect(r.diags).toHaveLength(0);
    expectSame(r.value, dyn);
  });
  test('map keys and object attribute names', () => {
    expectSame(index(map({ foo: s('a') }), mark(s('foo'), 'marked')).value, mark(s('a'), 'marked'));
    expect(index(map({ foo: s('a') }), mark(s('bar'), 'mark')).diags[0]!.summary).toBe('Invalid index');
    // An object attribute looked up by a marked name does not carry the name's marks.
    expectSame(index(obj({ foo: s('a') }), mark(s('foo'), 'marked')).value, s('a'));
    expect(index(obj({ foo: s('a') }), mark(list(nul(StringType)), 'marked')).diags[0]!.summary).toBe('Invalid index');
    expect(index(obj({ foo: s('a') }), mark(n(0), 'marked')).diags[0]!.summary).toBe('Invalid index');
  });
  test('unknown objects', () => {
    expectSame(index(unk(objType({ foo: StringType })), s('foo')).value, unk(StringType));
    const r = index(unk(objType({ foo: StringType })), n(0));
    expect(r.diags[0]!.summary).toBe('Invalid index');
    expectSame(r.value, dyn);
  });
  test('the subject is the range given', () => {
    const range = { filename: 'x.hcl', start: { line: 1, column: 2, byte: 1 }, end: { line: 1, column: 5, byte: 4 } };
    expect(index(s('a'), n(0), range).diags[0]!.subject).toBe(range);
    expect(getAttr(s('a'), 'b', range).diags[0]!.subject).toBe(range);
  });
});

describe('marks helpers', () => {
  test('unmarkDeep strips nested marks and reports them', () => {
    const v = mark(list(mark(s('a'), 'x'), s('b')), 'y');
    expect(containsMarked(v)).toBe(true);
    const u = unmarkDeep(v);
    expectSame(u.value, list(s('a'), s('b')));
    expect([...u.marks].sort()).toEqual(['x', 'y']);
    expect(containsMarked(u.value)).toBe(false);
  });
  test('objects and maps are unmarked too', () => {
    const u = unmarkDeep(obj({ a: mark(s('a'), 'x'), b: map({ c: mark(n(1), 'z') }) }));
    expectSame(u.value, obj({ a: s('a'), b: map({ c: n(1) }) }));
    expect([...u.marks].sort()).toEqual(['x', 'z']);
  });
});

describe('name suggestions', () => {
  test('Levenshtein distance counts code points', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('añb', 'anb')).toBe(1);
    expect(levenshtein('👍a', 'a')).toBe(1);
  });
  test('only names within distance 2 are suggested, the closest first', () => {
    expect(nameSuggestion('uper', ['lower', 'upper'])).toBe('upper');
    expect(nameSuggestion('abcdef', ['uvwxyz'])).toBeUndefined();
    expect(nameSuggestion('foo', ['fooo', 'fo', 'foo1'])).toBe('fo');
  });
});

describe('Go %q quoting', () => {
  test.each([
    ['plain', '"plain"'],
    ['a"b', '"a\\"b"'],
    ['back\\slash', '"back\\\\slash"'],
    ['tab\there', '"tab\\there"'],
    ['nl\n', '"nl\\n"'],
    ['\x01', '"\\x01"'],
    ['\x7f', '"\\x7f"'],
    ['é👍', '"é👍"'],
    ['\u00a0', '"\\u00a0"'],
    ['\u200b', '"\\u200b"'],
  ])('%j', (input, want) => {
    expect(goQuote(input)).toBe(want);
  });
});
