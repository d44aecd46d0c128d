// Set functions (cty stdlib setintersection setproduct setunion): conversion to a unified element type, cty set
// ordering of the results, list-vs-set results of setproduct, and unknown handling.
import { NumberType, StringType, listOf, setOf, tupleOf } from '../../src/values/types.js';
import { listVal, listValEmpty, numberIntVal, setVal, stringVal, tupleVal, unknownVal } from '../../src/values/value.js';
import { callWith, evaluator, table } from './packer-eval.js';

const ev = evaluator();
const invalid = (param: string, msg: string) => `error: Invalid function argument: Invalid value for "${param}" parameter: ${msg}.`;
const failed = (fn: string, msg: string) => `error: Error in function call: Call to function "${fn}" failed: ${msg}.`;
const s = stringVal;
const n = numberIntVal;

describe('setunion', () => {
  table(ev, [
    ['setunion(["a"], ["b", "a"])', 'set["a", "b"]'],
    ['setunion(["b", "a"])', 'set["a", "b"]'],
    ['setunion([1, 10, 2], [3])', 'set[1, 2, 3, 10]'],
    ['setunion([1], ["a"])', 'set["1", "a"]'],
    ['setunion([], [])', 'set(any)[]'],
    ['setunion([], ["x"])', 'set["x"]'],
    ['setunion([true], [false])', 'set[false, true]'],
    ['setunion([1], [[1]])', failed('setunion', 'given sets must all have compatible element types')],
  ]);
  test('unknown elements are kept', () => {
    const a = setVal([s('a')], StringType);
    expect(callWith(ev, 'setunion', a, setVal([unknownVal(StringType)], StringType))).toBe('set["a", ?(string)]');
    expect(callWith(ev, 'setunion', a, unknownVal(setOf(StringType)))).toBe('?(set(string))');
  });
});

describe('setintersection', () => {
  table(ev, [
    ['setintersection(["a", "b"], ["b"])', 'set["b"]'],
    ['setintersection(["a", "b"], ["b", "c"], ["b", "a"])', 'set["b"]'],
    ['setintersection(["a"], ["b"])', 'set(string)[]'],
    ['setintersection([1, 2], ["2"])', 'set["2"]'],
    ['setintersection(["a"])', 'set["a"]'],
  ]);
  test('unknown elements make the result unknown', () => {
    const a = setVal([s('a')], StringType);
    expect(callWith(ev, 'setintersection', a, setVal([unknownVal(StringType)], StringType))).toBe('?(set(string))');
  });
});

describe('setproduct', () => {
  table(ev, [
    ['setproduct(["a", "b"], [1, 2])', 'list[["a", 1], ["a", 2], ["b", 1], ["b", 2]]'],
    ['setproduct(["a"], [1, "x"])', 'list[["a", "1"], ["a", "x"]]'],
    ['setproduct(["a"], [])', 'list(tuple([string,any]))[]'],
    ['setproduct(["a"], ["b"], ["c"])', 'list[["a", "b", "c"]]'],
    ['setproduct(["a"])', failed('setproduct', 'at least two arguments are required')],
    ['setproduct(["a"], "b")', invalid('sets', 'a set or a list is required')],
    ['setproduct(["a"], [1, [2]])', invalid('sets', 'all elements must be of the same type')],
  ]);
  test('sets give sets, lists keep their order', () => {
    const set2 = setVal([s('b'), s('a')], StringType);
    const list2 = listVal([n(2), n(1)], NumberType);
    expect(callWith(ev, 'setproduct', set2, list2)).toBe('set[["a", 1], ["a", 2], ["b", 1], ["b", 2]]');
    expect(callWith(ev, 'setproduct', list2, listVal([s('x')], StringType))).toBe('list[[2, "x"], [1, "x"]]');
    expect(callWith(ev, 'setproduct', set2, listValEmpty(NumberType))).toBe('set(tuple([string,number]))[]');
  });
  test('unknown arguments', () => {
    const l = listVal([s('a')], StringType);
    expect(callWith(ev, 'setproduct', l, unknownVal(listOf(StringType)))).toBe('?(list(tuple([string,string])))');
    // An empty argument with known bounds everywhere forces an empty result.
    expect(callWith(ev, 'setproduct', listValEmpty(StringType), unknownVal(tupleOf([NumberType])))).toBe('list(tuple([string,number]))[]');
    expect(callWith(ev, 'setproduct', l, tupleVal([unknownVal(NumberType)]))).toBe('list[["a", ?(number)]]');
  });
});
