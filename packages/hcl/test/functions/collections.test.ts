// Collection functions (cty stdlib, go-cty-funcs coalesce, Packer's alltrue/anytrue/index/length): result types
// (list vs tuple, map vs object), unknown and null handling per parameter flags, and the Go error texts.
import { BoolType, DynamicPseudoType, NumberType, StringType, listOf, mapOf, objectOf, setOf } from '../../src/values/types.js';
import {
  DynamicVal,
  listVal,
  mapVal,
  nullVal,
  numberIntVal,
  objectVal,
  setVal,
  stringVal,
  True,
  tupleVal,
  unknownVal,
} from '../../src/values/value.js';
import { callWith, evaluator, table } from './packer-eval.js';

const ev = evaluator();
const invalid = (param: string, msg: string) => `error: Invalid function argument: Invalid value for "${param}" parameter: ${msg}.`;
const failed = (fn: string, msg: string) => `error: Error in function call: Call to function "${fn}" failed: ${msg}.`;
const INT_RANGE = 'value must be a whole number, between -9223372036854775808 and 9223372036854775807';
const s = stringVal;
const n = numberIntVal;

describe('alltrue / anytrue (Packer)', () => {
  table(ev, [
    ['alltrue([true, true])', 'true'],
    ['alltrue([true, false])', 'false'],
    ['alltrue([])', 'true'],
    ['alltrue(["true", true])', 'true'],
    ['alltrue([true, null])', 'false'],
    ['alltrue([1])', invalid('list', 'element 0: bool required')],
    ['anytrue([false, true])', 'true'],
    ['anytrue([false, false])', 'false'],
    ['anytrue([])', 'false'],
    ['anytrue([null, true])', 'true'],
    ['anytrue([null])', 'false'],
  ]);
  test('unknown elements', () => {
    const u = unknownVal(BoolType);
    expect(callWith(ev, 'alltrue', listVal([True, u], BoolType))).toBe('?(bool)');
    expect(callWith(ev, 'alltrue', listVal([u, nullVal(BoolType)], BoolType))).toBe('?(bool)');
    expect(callWith(ev, 'alltrue', listVal([nullVal(BoolType), u], BoolType))).toBe('false');
    expect(callWith(ev, 'anytrue', listVal([u, True], BoolType))).toBe('true');
    expect(callWith(ev, 'anytrue', listVal([u, nullVal(BoolType)], BoolType))).toBe('?(bool)');
  });
});

describe('chunklist', () => {
  table(ev, [
    ['chunklist([1, 2, 3, 4, 5], 2)', 'list[list[1, 2], list[3, 4], list[5]]'],
    ['chunklist(["a", "b"], 0)', 'list[list["a", "b"]]'],
    ['chunklist(["a", "b"], 5)', 'list[list["a", "b"]]'],
    ['chunklist([], 2)', 'list(list(any))[]'],
    ['chunklist([1, "a"], 1)', 'list[list["1"], list["a"]]'],
    ['chunklist([1], -1)', failed('chunklist', 'the size argument must be positive')],
    ['chunklist([1], 1.5)', failed('chunklist', `invalid size: ${INT_RANGE}`)],
  ]);
});

describe('coalesce (go-cty-funcs)', () => {
  table(ev, [
    ['coalesce("", null, "x")', '"x"'],
    ['coalesce(null, 1, 2)', '1'],
    ['coalesce(1, "a")', '"1"'],
    ['coalesce("", "")', failed('coalesce', 'no non-null, non-empty-string arguments')],
    ['coalesce(null)', failed('coalesce', 'no non-null, non-empty-string arguments')],
    ['coalesce()', failed('coalesce', 'all arguments must have the same type')],
    ['coalesce(1, true)', failed('coalesce', 'all arguments must have the same type')],
    // Tuples of different lengths unify to a list (cty 1.13).
    ['coalesce([], [1])', 'list(number)[]'],
  ]);
  test('an unknown argument before the first usable one makes the result unknown', () => {
    expect(callWith(ev, 'coalesce', unknownVal(StringType), s('a'))).toBe('?(string)');
    expect(callWith(ev, 'coalesce', s('a'), unknownVal(StringType))).toBe('"a"');
  });
});

describe('coalescelist', () => {
  table(ev, [
    ['coalescelist([], [1, 2])', '[1, 2]'],
    ['coalescelist(["a"], [1, 2])', '["a"]'],
    ['coalescelist(null, ["b"])', failed('coalescelist', 'coalescelist arguments must be lists or tuples')],
    ['coalescelist([], [])', failed('coalescelist', 'no non-null arguments')],
    ['coalescelist("a")', failed('coalescelist', 'coalescelist arguments must be lists or tuples')],
    ['coalescelist()', failed('coalescelist', 'at least one argument is required')],
  ]);
  test('lists, nulls and unknowns', () => {
    const l = listVal([s('x')], StringType);
    expect(callWith(ev, 'coalescelist', nullVal(listOf(StringType)), l)).toBe('list["x"]');
    expect(callWith(ev, 'coalescelist', unknownVal(listOf(StringType)), l)).toBe('?(any)');
    expect(callWith(ev, 'coalescelist', l, unknownVal(listOf(StringType)))).toBe('list["x"]');
  });
});

describe('compact', () => {
  table(ev, [
    ['compact(["a", "", "b", null])', 'list["a", "b"]'],
    ['compact(["", ""])', 'list(string)[]'],
    ['compact([1, 2])', 'list["1", "2"]'],
    ['compact("a")', invalid('list', 'list of string required')],
  ]);
  test('unknown elements make the whole result unknown', () => {
    expect(callWith(ev, 'compact', listVal([s('a'), unknownVal(StringType)], StringType))).toBe('?(list(string))');
  });
});

describe('concat', () => {
  table(ev, [
    ['concat([1], ["a"])', '[1, "a"]'],
    ['concat([1, 2], [], [3])', '[1, 2, 3]'],
    ['concat()', failed('concat', 'at least one argument is required')],
    ['concat([1], "a")', invalid('seqs', 'all arguments must be lists or tuples; got string')],
  ]);
  test('all lists unify to a list', () => {
    const a = listVal([n(1)], NumberType);
    const b = listVal([s('x')], StringType);
    expect(callWith(ev, 'concat', a, b)).toBe('list["1", "x"]');
    expect(callWith(ev, 'concat', a, tupleVal([s('y')]))).toBe('[1, "y"]');
  });
});

describe('contains', () => {
  table(ev, [
    ['contains([1, 2], 2)', 'true'],
    ['contains([1, 2], "2")', 'false'],
    ['contains(["a"], "b")', 'false'],
    ['contains([], 1)', 'false'],
    ['contains([[1]], [1])', 'true'],
    ['contains({a = 1}, 1)', failed('contains', 'argument must be list, tuple, or set')],
    ['contains(null, 1)', invalid('list', 'argument must not be null')],
  ]);
  test('unknown elements', () => {
    const l = listVal([n(1), unknownVal(NumberType)], NumberType);
    expect(callWith(ev, 'contains', l, n(1))).toBe('true');
    expect(callWith(ev, 'contains', l, n(2))).toBe('?(bool)');
  });
});

describe('distinct', () => {
  table(ev, [
    ['distinct([1, 1, 2, 1])', 'list[1, 2]'],
    ['distinct(["b", "a", "b"])', 'list["b", "a"]'],
    ['distinct([])', 'list(any)[]'],
    ['distinct([1, "1"])', 'list["1"]'],
    ['distinct(["a", 1, true])', 'list["a", "1", "true"]'],
  ]);
});

describe('element', () => {
  table(ev, [
    ['element(["a", "b"], 3)', '"b"'],
    ['element(["a", "b"], 0)', '"a"'],
    ['element([1, "x", true], 4)', '"x"'],
    ['element(["a"], -1)', failed('element', 'cannot use element function with a negative index')],
    ['element([], 0)', failed('element', 'cannot use element function with an empty list')],
    ['element(["a"], 0.5)', failed('element', `invalid index: ${INT_RANGE}`)],
    ['element({a = 1}, 0)', failed('element', 'cannot read elements from object')],
    ['element("ab", 0)', failed('element', 'cannot read elements from string')],
  ]);
  test('lists', () => {
    const l = listVal([s('x'), s('y')], StringType);
    expect(callWith(ev, 'element', l, n(5))).toBe('"y"');
    expect(callWith(ev, 'element', l, unknownVal(NumberType))).toBe('?(string)');
    expect(callWith(ev, 'element', tupleVal([s('x'), n(1)]), unknownVal(NumberType))).toBe('?(any)');
  });
});

describe('flatten', () => {
  table(ev, [
    ['flatten([[1, [2]], 3])', '[1, 2, 3]'],
    ['flatten([])', '[]'],
    ['flatten([[], [[]]])', '[]'],
    ['flatten([{a = [1]}, [2]])', '[{a=[1]}, 2]'],
    ['flatten([null, [1]])', '[null(any), 1]'],
    ['flatten("a")', failed('flatten', 'can only flatten lists, sets and tuples')],
    ['flatten({a = 1})', failed('flatten', 'can only flatten lists, sets and tuples')],
  ]);
  test('unknown nested sequences make the result unknown; unknown leaves do not', () => {
    expect(callWith(ev, 'flatten', tupleVal([tupleVal([n(1)]), unknownVal(listOf(NumberType))]))).toBe('?(any)');
    expect(callWith(ev, 'flatten', tupleVal([n(1), unknownVal(NumberType)]))).toBe('[1, ?(number)]');
    expect(callWith(ev, 'flatten', tupleVal([n(1), DynamicVal]))).toBe('?(any)');
  });
});

describe('index (Packer: position of a value)', () => {
  table(ev, [
    ['index(["a", "b", "c"], "b")', '1'],
    ['index(["a", "b", "a"], "a")', '0'],
    ['index([1, "1"], "1")', '1'],
    ['index([], "a")', failed('index', 'cannot search an empty list')],
    ['index(["a"], "z")', failed('index', 'item not found')],
    ['index({a = "b"}, "b")', failed('index', 'argument must be a list or tuple')],
    ['index("abc", "b")', failed('index', 'argument must be a list or tuple')],
  ]);
  test('an unknown comparison makes the result unknown', () => {
    expect(callWith(ev, 'index', listVal([unknownVal(StringType), s('a')], StringType), s('a'))).toBe('?(number)');
  });
});

describe('keys / values', () => {
  table(ev, [
    ['keys({b = 1, a = 2})', '["a", "b"]'],
    ['keys({})', '[]'],
    ['keys([1])', invalid('inputMap', 'must have map or object type')],
    ['values({b = 1, a = "x"})', '["x", 1]'],
    ['values({})', '[]'],
    ['values([1])', failed('values', 'values() requires a map as the first argument')],
  ]);
  test('maps and unknowns', () => {
    const m = mapVal({ b: n(1), a: n(2) }, NumberType);
    expect(callWith(ev, 'keys', m)).toBe('list["a", "b"]');
    expect(callWith(ev, 'values', m)).toBe('list[2, 1]');
    expect(callWith(ev, 'keys', unknownVal(mapOf(StringType)))).toBe('?(list(string))');
    // An object's attribute names are known from its type.
    expect(callWith(ev, 'keys', unknownVal(objectOf({ y: StringType, x: NumberType })))).toBe('["x", "y"]');
    expect(callWith(ev, 'values', unknownVal(mapOf(StringType)))).toBe('?(list(string))');
  });
});

describe('length (Packer)', () => {
  table(ev, [
    ['length("👩‍👩‍👧‍👦")', '1'],
    ['length("años")', '4'],
    ['length("")', '0'],
    ['length([1, "a"])', '2'],
    ['length({a = 1, b = 2})', '2'],
    ['length(5)', failed('length', 'argument must be a string, a collection type, or a structural type')],
    ['length(true)', failed('length', 'argument must be a string, a collection type, or a structural type')],
    ['length(null)', invalid('value', 'argument must not be null')],
  ]);
  test('unknowns', () => {
    expect(callWith(ev, 'length', unknownVal(StringType))).toBe('?(number)');
    expect(callWith(ev, 'length', unknownVal(listOf(StringType)))).toBe('?(number)');
    expect(callWith(ev, 'length', DynamicVal)).toBe('?(number)');
    expect(callWith(ev, 'length', unknownVal(objectOf({ a: StringType })))).toBe('1');
    expect(callWith(ev, 'length', listVal([unknownVal(StringType)], StringType))).toBe('1');
    // Unknown set elements may coalesce with others.
    expect(callWith(ev, 'length', setVal([s('a'), unknownVal(StringType)], StringType))).toBe('?(number)');
    expect(callWith(ev, 'length', setVal([unknownVal(StringType)], StringType))).toBe('1');
  });
});

describe('lookup (three arguments)', () => {
  table(ev, [
    ['lookup({a = 1}, "b", 0)', '0'],
    ['lookup({a = 1}, "a", 0)', '1'],
    ['lookup({a = "x"}, "b", 5)', '5'],
    ['lookup({a = 1}, "a")', 'error: Not enough function arguments: Function "lookup" expects 3 argument(s). Missing value for "default".'],
    ['lookup([1], "a", 0)', invalid('inputMap', 'lookup() requires a map as the first argument')],
  ]);
  test('maps convert the default to the element type', () => {
    const m = mapVal({ a: s('x') }, StringType);
    expect(callWith(ev, 'lookup', m, s('b'), n(5))).toBe('"5"');
    expect(callWith(ev, 'lookup', m, s('a'), n(5))).toBe('"x"');
    expect(callWith(ev, 'lookup', m, s('b'), tupleVal([]))).toBe(
      invalid('default', 'the default value must have the same type as the map elements'),
    );
    expect(callWith(ev, 'lookup', objectVal({ a: unknownVal(StringType) }), s('b'), s('d'))).toBe('?(string)');
    expect(callWith(ev, 'lookup', objectVal({ a: s('x') }), unknownVal(StringType), s('d'))).toBe('?(any)');
  });
});

describe('merge', () => {
  table(ev, [
    ['merge({a = 1}, {b = "x"})', '{a=1, b="x"}'],
    ['merge({a = 1}, {a = 2})', '{a=2}'],
    ['merge({a = 1}, null, {b = 2})', '{a=1, b=2}'],
    ['merge()', '{}'],
    ['merge(null)', '{}'],
    ['merge({a = 1}, "x")', failed('merge', 'arguments must be maps or objects, got "string"')],
    ['merge([1])', failed('merge', 'arguments must be maps or objects, got "tuple"')],
  ]);
  test('maps stay maps when all types match', () => {
    const m1 = mapVal({ a: n(1) }, NumberType);
    const m2 = mapVal({ b: n(2), a: n(3) }, NumberType);
    expect(callWith(ev, 'merge', m1, m2)).toBe('map{a=3, b=2}');
    expect(callWith(ev, 'merge', m1, objectVal({ c: s('x') }))).toBe('{a=1, c="x"}');
    expect(callWith(ev, 'merge', m1, unknownVal(mapOf(StringType)))).toBe('?(any)');
    expect(callWith(ev, 'merge', m1, unknownVal(mapOf(NumberType)))).toBe('?(map(number))');
  });
});

describe('range', () => {
  table(ev, [
    ['range(3)', 'list[0, 1, 2]'],
    ['range(0)', 'list(number)[]'],
    ['range(-3)', 'list[0, -1, -2]'],
    ['range(1, 4)', 'list[1, 2, 3]'],
    ['range(1, 0)', 'list[1]'],
    ['range(0, 1, 0.25)', 'list[0, 0.25, 0.5, 0.75]'],
    ['range(10, 0, -3)', 'list[10, 7, 4, 1]'],
    ['range(3, 3)', 'list(number)[]'],
    ['range(1, 1, 0)', 'list(number)[]'],
    ['range(0, 5, 0)', failed('range', 'more than 1024 values were generated; either decrease the difference between start and end or use a smaller step')],
    ['range(1025)', failed('range', 'more than 1024 values were generated; either decrease the difference between start and end or use a smaller step')],
    ['range(0, 5, -1)', invalid('params', 'end must be less than start when step is negative')],
    ['range(5, 0, 1)', invalid('params', 'end must be greater than start when step is positive')],
    ['range()', failed('range', 'must have one, two, or three arguments')],
    ['range(1, 2, 3, 4)', failed('range', 'must have one, two, or three arguments')],
  ]);
});

describe('reverse', () => {
  table(ev, [
    ['reverse([1, "a", true])', '[true, "a", 1]'],
    ['reverse([])', '[]'],
    ['reverse("abc")', invalid('list', 'can only reverse list or tuple values, not string')],
  ]);
  test('lists and sets give lists', () => {
    expect(callWith(ev, 'reverse', listVal([n(1), n(2)], NumberType))).toBe('list[2, 1]');
    expect(callWith(ev, 'reverse', setVal([s('b'), s('a')], StringType))).toBe('list["b", "a"]');
  });
});

describe('slice', () => {
  table(ev, [
    ['slice([1, 2, 3], 1, 3)', '[2, 3]'],
    ['slice([1, 2, 3], 1, 1)', '[]'],
    ['slice([1, 2, 3], 0, 3)', '[1, 2, 3]'],
    ['slice([1, 2, 3], -1, 2)', invalid('start_index', 'start index must not be less than zero')],
    ['slice([1, 2, 3], 1, 4)', invalid('end_index', 'end index must not be greater than the length of the list')],
    ['slice([1, 2, 3], 4, 4)', invalid('start_index', 'start index must not be greater than the length of the list')],
    ['slice([1, 2, 3], 2, 1)', invalid('start_index', 'start index must not be greater than end index')],
    ['slice([1, 2, 3], 0.5, 1)', invalid('start_index', `invalid start index: ${INT_RANGE}`)],
    ['slice("abc", 0, 1)', invalid('list', 'must be a list or tuple value')],
  ]);
  test('lists and sets', () => {
    const l = listVal([s('a'), s('b'), s('c')], StringType);
    expect(callWith(ev, 'slice', l, n(1), n(2))).toBe('list["b"]');
    expect(callWith(ev, 'slice', l, n(1), n(1))).toBe('list(string)[]');
    expect(callWith(ev, 'slice', setVal([s('a')], StringType), n(0), n(1))).toBe(
      invalid('list', 'cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important'),
    );
    expect(callWith(ev, 'slice', tupleVal([s('a'), n(1)]), n(0), unknownVal(NumberType))).toBe('?(any)');
    expect(callWith(ev, 'slice', l, unknownVal(NumberType), n(1))).toBe('?(list(string))');
  });
});

describe('sort', () => {
  table(ev, [
    ['sort(["b", "a", "10", "9"])', 'list["10", "9", "a", "b"]'],
    ['sort([])', 'list(string)[]'],
    ['sort([3, 20, 1])', 'list["1", "20", "3"]'],
    ['sort(["é", "z", "Z"])', 'list["Z", "z", "é"]'],
    ['sort(["a", null])', failed('sort', 'given list element 1 is null; a null string cannot be sorted')],
  ]);
  test('unknowns', () => {
    expect(callWith(ev, 'sort', listVal([s('b'), unknownVal(StringType)], StringType))).toBe('?(list(string))');
    expect(callWith(ev, 'sort', unknownVal(listOf(StringType)))).toBe('?(list(string))');
  });
});

describe('zipmap', () => {
  table(ev, [
    ['zipmap(["a", "b"], [1, "x"])', '{a=1, b="x"}'],
    ['zipmap(["a", "a"], [1, 2])', '{a=2}'],
    ['zipmap([], [])', '{}'],
    ['zipmap(["a"], [1, 2])', failed('zipmap', 'number of keys (1) does not match number of values (2)')],
    ['zipmap(["a", null], [1, 2])', failed('zipmap', 'keys list has null value at index 1')],
    ['zipmap(["a"], "x")', failed('zipmap', 'values argument must be a list or tuple value')],
  ]);
  test('list values give maps', () => {
    const keys = listVal([s('b'), s('a')], StringType);
    expect(callWith(ev, 'zipmap', keys, listVal([n(1), n(2)], NumberType))).toBe('map{a=2, b=1}');
    expect(callWith(ev, 'zipmap', keys, listVal([n(1)], NumberType))).toBe(failed('zipmap', 'number of keys (2) does not match number of values (1)'));
    expect(callWith(ev, 'zipmap', listVal([unknownVal(StringType)], StringType), tupleVal([n(1)]))).toBe('?(any)');
    expect(callWith(ev, 'zipmap', listVal([unknownVal(StringType)], StringType), listVal([n(1)], NumberType))).toBe('?(map(number))');
  });
});

describe('parameter types reject mismatches before the implementation runs', () => {
  test('set and dynamic arguments', () => {
    expect(callWith(ev, 'sort', DynamicVal)).toBe('?(list(string))');
    expect(callWith(ev, 'keys', nullVal(mapOf(StringType)))).toBe(invalid('inputMap', 'argument must not be null'));
    expect(callWith(ev, 'alltrue', setVal([True], BoolType))).toBe('true');
    expect(callWith(ev, 'merge', DynamicVal)).toBe('?(any)');
    expect(callWith(ev, 'merge', nullVal(DynamicPseudoType), objectVal({ a: n(1) }))).toBe('{a=1}');
    expect(callWith(ev, 'distinct', setVal([n(2), n(1)], NumberType))).toBe('list[1, 2]');
    expect(callWith(ev, 'chunklist', unknownVal(listOf(NumberType)), n(1))).toBe('?(list(list(number)))');
    expect(callWith(ev, 'contains', setVal([s('a')], StringType), s('a'))).toBe('true');
    expect(callWith(ev, 'flatten', setVal([listVal([n(1)], NumberType)], listOf(NumberType)))).toBe('[1]');
    expect(callWith(ev, 'concat', unknownVal(listOf(NumberType)), tupleVal([n(1)]))).toBe('?(any)');
    expect(callWith(ev, 'lookup', mapVal({ a: n(1) }, NumberType), s('a'), nullVal(NumberType))).toBe(invalid('default', 'argument must not be null'));
    expect(callWith(ev, 'reverse', unknownVal(setOf(StringType)))).toBe('?(list(string))');
  });
});
