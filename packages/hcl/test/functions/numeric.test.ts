// Numeric functions (cty stdlib abs ceil floor log max min parseint pow signum, Packer's sum): binary big-float
// results, float64 math for log/pow, int64 checks, and the Go error texts.
import { NumberType, listOf } from '../../src/values/types.js';
import { listVal, numberIntVal, unknownVal } from '../../src/values/value.js';
import { callWith, evaluator, table } from './packer-eval.js';

const ev = evaluator();
const invalid = (param: string, msg: string) => `error: Invalid function argument: Invalid value for "${param}" parameter: ${msg}.`;
const failed = (fn: string, msg: string) => `error: Error in function call: Call to function "${fn}" failed: ${msg}.`;
const INT_RANGE = 'value must be a whole number, between -9223372036854775808 and 9223372036854775807';

describe('abs', () => {
  table(ev, [
    ['abs(-1.5)', '1.5'],
    ['abs(3)', '3'],
    ['abs(0)', '0'],
    ['abs(-0)', '0'],
    ['abs("-7")', '7'],
    ['abs(-1/0)', '+Inf'],
    ['abs("x")', invalid('num', 'a number is required')],
    ['abs(null)', invalid('num', 'argument must not be null')],
  ]);
});

describe('ceil / floor', () => {
  table(ev, [
    ['ceil(1.2)', '2'],
    ['ceil(-1.2)', '-1'],
    ['ceil(5)', '5'],
    ['ceil(1/0)', '+Inf'],
    ['floor(1.8)', '1'],
    ['floor(-1.2)', '-2'],
    ['floor(-5)', '-5'],
    ['floor(-1/0)', '-Inf'],
    // 10^30 + 0.5 is exact at 512 bits, and so is the integer part.
    ['floor(1000000000000000000000000000000.5)', '1000000000000000000000000000000'],
    ['ceil(true)', invalid('num', 'number required')],
  ]);
});

describe('log / pow (float64 math)', () => {
  table(ev, [
    ['log(16, 2)', '4'],
    ['log(1, 10)', '0'],
    ['log(0, 10)', '-Inf'],
    ['log(10, 10)', '1'],
    ['log(-1, 10)', failed('log', 'panic in function implementation: Float.SetFloat64(NaN)')],
    ['pow(2, 10)', '1024'],
    ['pow(2, -2)', '0.25'],
    ['pow(9, 0.5)', '3'],
    ['pow(0, 0)', '1'],
    ['pow(0, -1)', '+Inf'],
    ['pow(1, 1/0)', '1'],
    ['pow(-8, 1/3)', failed('pow', 'panic in function implementation: Float.SetFloat64(NaN)')],
    ['pow(10, 400)', '+Inf'],
    // float64 results print with their 53-bit precision.
    ['pow(2, 0.1)', '1.0717734625362931'],
    ['log(1e400, 10)', failed('log', `value must be between -${BigInt(Number.MAX_VALUE)}.000000 and ${BigInt(Number.MAX_VALUE)}.000000 inclusive`)],
  ]);
});

describe('max / min', () => {
  table(ev, [
    ['max(1, 5, 3)', '5'],
    ['max(-1)', '-1'],
    ['max([1, 5, 3]...)', '5'],
    ['max("10", 9)', '10'],
    ['min(1, -5, 3)', '-5'],
    ['min(0.1, 0.2)', '0.1'],
    ['max()', failed('max', 'must pass at least one number')],
    ['min()', failed('min', 'must pass at least one number')],
    ['min(1, "a")', invalid('numbers', 'a number is required')],
  ]);
  test('unknown arguments give an unknown number', () => {
    expect(callWith(ev, 'max', numberIntVal(1), unknownVal(NumberType))).toBe('?(number)');
  });
});

describe('parseint', () => {
  table(ev, [
    ['parseint("ff", 16)', '255'],
    ['parseint("FF", 16)', '255'],
    ['parseint("-101", 2)', '-5'],
    ['parseint("+12", 10)', '12'],
    ['parseint("zz", 36)', '1295'],
    ['parseint("Z", 62)', '61'],
    ['parseint("z", 62)', '35'],
    ['parseint("123456789012345678901234567890", 10)', '123456789012345678901234567890'],
    ['parseint("12", 2)', invalid('number', 'cannot parse "12" as a base 2 integer')],
    ['parseint("", 10)', invalid('number', 'cannot parse "" as a base 10 integer')],
    ['parseint("1_000", 10)', invalid('number', 'cannot parse "1_000" as a base 10 integer')],
    ['parseint("0x10", 16)', invalid('number', 'cannot parse "0x10" as a base 16 integer')],
    ['parseint("1", 1)', invalid('base', 'base must be a whole number between 2 and 62 inclusive')],
    ['parseint("1", 63)', invalid('base', 'base must be a whole number between 2 and 62 inclusive')],
    ['parseint("1", 2.5)', invalid('base', INT_RANGE)],
    ['parseint(10, 10)', invalid('number', 'first argument must be a string, not number')],
  ]);
});

describe('signum', () => {
  table(ev, [
    ['signum(-3)', '-1'],
    ['signum(0)', '0'],
    ['signum(42)', '1'],
    ['signum(1.5)', failed('signum', INT_RANGE)],
    ['signum(1e30)', failed('signum', INT_RANGE)],
  ]);
});

describe('sum (Packer)', () => {
  table(ev, [
    ['sum([1, 2, 3.5])', '6.5'],
    ['sum([0.1, 0.2])', '0.3'],
    ['sum(["1", 2])', '3'],
    ['sum([5])', '5'],
    ['sum(setunion([1, 2], [2, 3]))', '6'],
    ['sum([])', invalid('list', 'cannot sum an empty list')],
    ['sum(5)', invalid('list', 'cannot sum noniterable')],
    ['sum({a = 1})', invalid('list', 'argument must be list, set, or tuple. Received object')],
    ['sum(["a"])', invalid('list', 'argument must be list, set, or tuple of number values')],
    ['sum([1, null])', invalid('list', 'argument must be list, set, or tuple of number values')],
    ['sum([1/0, -1/0])', failed('sum', "can't compute sum of opposing infinities")],
  ]);
  test('lists with unknown elements sum to an unknown number', () => {
    expect(callWith(ev, 'sum', listVal([numberIntVal(1), unknownVal(NumberType)], NumberType))).toBe('?(number)');
    expect(callWith(ev, 'sum', unknownVal(listOf(NumberType)))).toBe('?(number)');
  });
});
