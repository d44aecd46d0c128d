// format / formatlist: cty's printf (verbs, flags, width and precision in grapheme clusters, [n] indexes),
// Go's big.Float / big.Int rendering for numeric verbs, and cty's error texts with byte offsets.
// Expected strings were checked against Packer's `format` (the same cty implementation).
import { formatFunc, formatFunctions, formatlistFunc } from '../../src/functions/format.js';
import { NumberType } from '../../src/values/types.js';
import { BigFloat } from '../../src/values/number.js';
import { numberVal, type Value } from '../../src/values/value.js';
import { call, evalSrc, F, list, n, nul, obj, ok, outcome, render, s, set, strList, StringType, T, tup, unk } from './helpers.js';

const inf = (): Value => numberVal(BigFloat.posInf);
const ninf = (): Value => numberVal(BigFloat.negInf);
const fmt = (f: string, ...args: Value[]): string => outcome(call(formatFunc, s(f), ...args));
const q = (x: string): string => JSON.stringify(x);

describe('format: verbs', () => {
  test('%v, %#v and JSON', () => {
    expect(fmt('%s-%03d', s('a'), n(7))).toBe(q('a-007'));
    expect(fmt('%v', n('1.5'))).toBe(q('1.5'));
    expect(fmt('%v', n(1234567))).toBe(q('1.234567e+06')); // numbers use %g's shortest form
    expect(fmt('%v', n('0.0001'))).toBe(q('0.0001'));
    expect(fmt('%v', n('0.00001'))).toBe(q('1e-05'));
    expect(fmt('%v', n('1e21'))).toBe(q('1e+21'));
    expect(fmt('%v', n('123456789012345678901234567890.125'))).toBe(q('1.23456789012345678901234567890125e+29'));
    expect(fmt('%v', T)).toBe(q('true'));
    expect(fmt('%v', tup(n(1), s('a'), nul()))).toBe(q('[1,"a",null]'));
    expect(fmt('%#v', s('a"<'))).toBe(q('"a\\"\\u003c"'));
    expect(fmt('%v', obj({ b: n(1), a: tup(T) }))).toBe(q('{"a":[true],"b":1}'));
    expect(fmt('%v', tup())).toBe(q('[]'));
    expect(fmt('%v', obj({}))).toBe(q('{}'));
    expect(fmt('%v', set(s('b'), s('a')))).toBe(q('["a","b"]'));
    expect(fmt('%v', inf())).toBe(q('+Inf'));
    expect(fmt('%v', nul(StringType))).toBe(q('null'));
  });

  test('%t %s %q convert their argument', () => {
    expect(fmt('%t', s('true'))).toBe(q('true'));
    expect(fmt('%t', F)).toBe(q('false'));
    expect(fmt('%s', T)).toBe(q('true'));
    expect(fmt('%s', n('1.25'))).toBe(q('1.25'));
    expect(fmt('%q %q', s('a\nb'), s('é'))).toBe(q('"a\\nb" "é"'));
    expect(fmt('%q', s('<&>\u2028'))).toBe(q('"\\u003c\\u0026\\u003e\\u2028"'));
  });

  test('integer verbs', () => {
    expect(fmt('%d', s('12'))).toBe(q('12'));
    expect(fmt('%b %o %x %X', n(10), n(10), n(255), n(255))).toBe(q('1010 12 ff FF'));
    expect(fmt('%#b %#o %#x %#X', n(10), n(10), n(255), n(255))).toBe(q('0b1010 012 0xff 0XFF'));
    expect(fmt('%+d % d %5d %-5d| %05d', n(3), n(3), n(3), n(3), n(-3))).toBe(q('+3  3     3 3    | -0003'));
    expect(fmt('%.3d %8.3d %08.3d', n(7), n(-7), n(7))).toBe(q('007     -007      007'));
    expect(fmt('%.0d|%.d|%5.0d|', n(0), n(0), n(0))).toBe(q('|||'));
    expect(fmt('%x %X %o %b', n(-255), n(-255), n(-8), n(-5))).toBe(q('-ff -FF -10 -101'));
    expect(fmt('%d', n('123456789012345678901234567890'))).toBe(q('123456789012345678901234567890'));
    expect(fmt('%x', n('123456789012345678901234567890'))).toBe(q('18ee90ff6c373e0ee4e3f0ad2'));
    expect(fmt('% x|%+x %+o|%#d', n(255), n(255), n(8), n(5))).toBe(q(' ff|+ff +10|5'));
  });

  test('float verbs', () => {
    expect(fmt('%e %E %f %g %G', n('1234.5678'), n('1234.5678'), n('1234.5678'), n('1234.5678'), n('0.000012345'))).toBe(
      q('1.234568e+03 1.234568E+03 1234.567800 1234.5678 1.2345E-05'),
    );
    const pi = n('3.14159');
    expect(fmt('%.2e %.2f %.3g %10.2f|%-10.2f|%010.2f', pi, pi, pi, pi, pi, n('-3.14159'))).toBe(
      q('3.14e+00 3.14 3.14       3.14|3.14      |-000003.14'),
    );
    expect(fmt('%+.1f % .1f %+e', n('2.25'), n('2.25'), n(0))).toBe(q('+2.2  2.2 +0.000000e+00'));
    expect(fmt('%g %g %g', n(100000), n(1000000), n('1e-5'))).toBe(q('100000 1e+06 1e-05'));
    expect(fmt('%.50f', n('0.1'))).toBe(q('0.10000000000000000000000000000000000000000000000000'));
    expect(fmt('%e', n('1e100'))).toBe(q('1.000000e+100'));
    expect(fmt('%.1f %.0f %.0f %.0f', n('0.05'), n('0.5'), n('1.5'), n('2.5'))).toBe(q('0.1 0 2 2'));
    expect(fmt('%.3f', n('123456789012345678901234567890.125'))).toBe(q('123456789012345678901234567890.125'));
    expect(fmt('%e %g %.3g %G', n(0), n(0), n(123456), n('1e-10'))).toBe(q('0.000000e+00 0 1.23e+05 1E-10'));
  });

  test('infinities', () => {
    expect(fmt('%f %e %g %+f % f', inf(), ninf(), inf(), inf(), inf())).toBe(q('+Inf -Inf +Inf +Inf  Inf'));
    expect(fmt('%08.2f|%-8.2f|%08f', inf(), ninf(), ninf())).toBe(q('    +Inf|-Inf    |    -Inf'));
    expect(fmt('%d', inf())).toBe('error: unsupported value for "%d" at 0: an integer is required');
    expect(fmt('%#v', inf())).toBe('error: unsupported value for "%#v" at 0: cannot serialize infinity as JSON');
    expect(fmt('%v', tup(inf()))).toBe('error: unsupported value for "%v" at 0: cannot serialize infinity as JSON');
  });

  test('width and precision count grapheme clusters for %s %q %v', () => {
    expect(fmt('%5s|%-5s|%05s|%.2s|%5.1s|', s('ab'), s('ab'), s('ab'), s('añb'), s('xyz'))).toBe(q('   ab|ab   |000ab|añ|    x|'));
    expect(fmt('%8q|%-8q|', s('x'), s('y'))).toBe(q('     "x"|"y"     |'));
    expect(fmt('%5v|%-5v|%05v', s('ab'), n(12), T)).toBe(q('   ab|12   |0true'));
    expect(fmt('%5.s|%.0s|%5.2v|', s('abc'), s('abc'), s('abc'))).toBe(q('  abc|abc|  abc|'));
    expect(fmt('%3s|%-4s|', s('👩‍👩‍👧‍👦'), s('ñ'))).toBe(q('  👩‍👩‍👧‍👦|ñ   |'));
    expect(fmt('%-05s|', s('ab'))).toBe(q('ab000|')); // cty pads with zeros on the right too
  });

  test('argument indexes and %%', () => {
    expect(fmt('%[2]s %[1]s %s', s('a'), s('b'))).toBe(q('b a b'));
    expect(fmt('%[2]s %s', s('a'), s('b'), s('c'))).toBe(q('b c'));
    expect(fmt('%%|%v%%', n(5))).toBe(q('%|5%'));
    expect(fmt('é%vü%v', n(1), n(2))).toBe(q('é1ü2'));
  });
});

describe('format: errors', () => {
  test.each([
    ['%d', [n('1.5')], 'unsupported value for "%d" at 0: an integer is required'],
    ['%d', [s('x')], 'unsupported value for "%d" at 0: a number is required'],
    ['%t', [n(1)], 'unsupported value for "%t" at 0: bool required'],
    ['%d', [T], 'unsupported value for "%d" at 0: number required'],
    ['%s', [tup(n(1))], 'unsupported value for "%s" at 0: string required'],
    ['%s', [nul(StringType)], 'unsupported value for "%s" at 0: null value cannot be formatted'],
    ['%t', [s('True')], 'unsupported value for "%t" at 0: a bool is required; to convert from string, use lowercase "true"'],
    ['%t', [s('yes')], 'unsupported value for "%t" at 0: a bool is required'],
    ['%v %v', [], 'not enough arguments for "%v" at 0: need index 1 but have 0 total'],
    ['%[3]v', [n(1), n(2)], 'not enough arguments for "%[3]v" at 0: need index 3 but have 2 total'],
    ['%z', [n(1)], `unsupported format verb 'z' in "%z" at offset 0`],
    ['%-z', [n(1)], `unsupported format verb 'z' in "%-z" at offset 0`],
    ['%!', [n(1)], `unrecognized format character '!' at offset 1`],
    ['é%ü', [n(1)], `unrecognized format character 'ü' at offset 3`],
    ['%5', [n(1)], 'invalid format string starting at offset 2'],
    ['%', [n(1)], 'invalid format string starting at offset 1'],
    ['a%', [n(1)], 'invalid format string starting at offset 2'],
    ['%[0]d', [n(1)], `unrecognized format character '0' at offset 2`],
    ['%[1d', [n(1)], `unrecognized format character 'd' at offset 3`],
    ['%[1]', [n(1)], 'invalid format string starting at offset 4'],
    ['%[1]5d', [n(1)], `unrecognized format character '5' at offset 4`],
    ['%.2.3f', [n(1)], `unrecognized format character '.' at offset 3`],
  ])('format(%j, …)', (f, args, want) => {
    expect(fmt(f, ...args)).toBe(`error: ${want}`);
  });

  test('extra arguments are argument errors', () => {
    const none = call(formatFunc, s('no verbs'), n(1));
    expect(outcome(none)).toBe('error: too many arguments; no verbs in format string');
    expect(none.argIndex).toBe(1);
    const some = call(formatFunc, s('%v %[1]v'), n(1), n(2), n(3));
    expect(outcome(some)).toBe('error: too many arguments; only 1 used by format string');
    expect(some.argIndex).toBe(2);
  });

  test('a null of dynamic type (the `null` literal) makes the result unknown, as cty 1.13 calls do', () => {
    expect(render(ok(call(formatFunc, s('%v'), nul())))).toBe('?(dynamic)');
  });

  test('unknown arguments give an unknown string', () => {
    expect(render(ok(call(formatFunc, s('%v'), unk(NumberType))))).toBe('?(string)');
    expect(render(ok(call(formatFunc, s('%v'), tup(unk(NumberType)))))).toBe('?(string)');
  });
});

describe('formatlist', () => {
  const fl = (f: string, ...args: Value[]): string => outcome(call(formatlistFunc, s(f), ...args));
  test('sequences are iterated in lockstep, other values repeated', () => {
    expect(fl('%s=%s', strList('a', 'b'), strList('1', '2'))).toBe('list["a=1", "b=2"]');
    expect(fl('%s-%v', s('x'), tup(n(1), T))).toBe('list["x-1", "x-true"]');
    expect(fl('%s', set(s('b'), s('a')))).toBe('list["a", "b"]');
    expect(fl('%v', nul(StringType))).toBe('list["null"]');
    expect(fl('no args')).toBe('list["no args"]');
    expect(fl('%s', strList())).toBe('list[]');
    expect(fl('%v', s('only'))).toBe('list["only"]');
  });
  test('errors', () => {
    const e = call(formatlistFunc, s('%s %s'), strList('a', 'b'), strList('c'));
    expect(outcome(e)).toBe('error: argument 2 has length 1, which is inconsistent with argument 1 of length 2');
    expect(e.argIndex).toBe(2);
    expect(fl('%d', strList('1', 'x'))).toBe('error: error on format iteration 1: unsupported value for "%d" at 0: a number is required');
    expect(fl('%v %v', strList('1'))).toBe(
      'error: error on format iteration 0: not enough arguments for "%v" at 3: need index 2 but have 1 total',
    );
  });
  test('unknowns', () => {
    expect(fl('%s', unk({ kind: 'list', element: StringType }))).toBe('?(list)');
    expect(fl('%s %s', list(s('a'), unk(StringType)), s('x'))).toBe('list["a x", ?(string)]');
  });
});

test('the registry has both functions', () => {
  expect(Object.keys(formatFunctions).sort()).toEqual(['format', 'formatlist']);
});

describe('through source text', () => {
  test.each([
    ['format("%s=%d", "n", "12")', '"n=12"'],
    ['formatlist("%s:%s", ["a", "b"], "x")', 'list["a:x", "b:x"]'],
    ['format("%v", var.n)', '?(string)'],
    ['formatlist("%v", var.l)', '?(list)'],
    ['format("%v", var.u)', '?(dynamic)'], // a dynamic-typed unknown short-circuits the call
    ['format("%d", 1.5)', 'error: Error in function call: Call to function "format" failed: unsupported value for "%d" at 0: an integer is required.'],
    ['format("x", 1)', 'error: Invalid function argument: Invalid value for "args" parameter: too many arguments; no verbs in format string.'],
  ])('%s', (src, want) => {
    expect(evalSrc(src, { var: obj({ u: unk(), n: unk(NumberType), l: unk({ kind: 'list', element: StringType }) }) })).toBe(want);
  });
});
