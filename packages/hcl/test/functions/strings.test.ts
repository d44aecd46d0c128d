// String functions: Go's per-rune simple case mapping, unicode.IsSpace, strings.Title/Split/Replace, grapheme
// clusters for strrev/substr, NFC results, and cty's edge cases and error texts.
import {
  chompFunc,
  endswithFunc,
  indentFunc,
  joinFunc,
  lowerFunc,
  replaceFunc,
  splitFunc,
  startswithFunc,
  strcontainsFunc,
  stringFunctions,
  strrevFunc,
  substrFunc,
  titleFunc,
  trimFunc,
  trimprefixFunc,
  trimspaceFunc,
  trimsuffixFunc,
  upperFunc,
} from '../../src/functions/strings.js';
import { call, err, evalSrc, F, list, n, nul, obj, ok, outcome, render, s, strList, StringType, T, unk } from './helpers.js';

const str = (o: ReturnType<typeof call>): string => ok(o).asString();

describe('upper / lower (simple case mapping)', () => {
  test.each([
    ['hello', 'HELLO'],
    ['', ''],
    ['жж', 'ЖЖ'],
    ['noël', 'NOËL'],
    ['straße', 'STRAßE'], // ß has no single-rune uppercase
    ['baﬄe', 'BAﬄE'], // nor do ligatures
    ['ǰ', 'ǰ'],
    ['ᾳ', 'ᾼ'], // Greek ypogegrammeni maps to the titlecase letter
    ['ǆ', 'Ǆ'],
    ['😸1', '😸1'],
  ])('upper(%j) = %j', (input, want) => {
    expect(str(call(upperFunc, s(input)))).toBe(want);
  });

  test.each([
    ['HELLO', 'hello'],
    ['ЖЖ', 'жж'],
    ['İ', 'i'], // full lowercase would be "i̇"
    ['ΣΑΣ', 'σασ'], // no final-sigma rule
    ['Ǆ', 'ǆ'],
    ['ẞ', 'ß'],
  ])('lower(%j) = %j', (input, want) => {
    expect(str(call(lowerFunc, s(input)))).toBe(want);
  });

  test('results are NFC-normalised and unknown/dynamic arguments pass through', () => {
    expect(str(call(upperFunc, s('e\u0301')))).toBe('\u00c9');
    expect(render(ok(call(upperFunc, unk(StringType))))).toBe('?(string)');
    expect(err(call(upperFunc, nul(StringType)))).toBe('argument must not be null');
  });
});

describe('title (strings.Title)', () => {
  test.each([
    ['hello world', 'Hello World'],
    ['hello-world', 'Hello-World'],
    ["don't stop", "Don'T Stop"],
    ['snake_case words', 'Snake_case Words'],
    ['über élan', 'Über Élan'],
    ['ǆemal', 'ǅemal'], // titlecase, not uppercase
    ['ⅰ', 'Ⅰ'],
    ['a\u00a0b', 'A\u00a0B'], // NBSP is a space
    ['1st place', '1st Place'],
    ['', ''],
  ])('title(%j) = %j', (input, want) => {
    expect(str(call(titleFunc, s(input)))).toBe(want);
  });
});

describe('strrev (grapheme clusters)', () => {
  test.each([
    ['hello', 'olleh'],
    ['', ''],
    ['Живой Журнал', 'ланруЖ йовиЖ'],
    ['añb', 'bña'],
    ['noe\u0308l', 'le\u0308on'], // combining diacritic stays with its base
    ['👩‍👩‍👧‍👦x', 'x👩‍👩‍👧‍👦'],
    ['😸😾', '😾😸'],
  ])('strrev(%j) = %j', (input, want) => {
    expect(str(call(strrevFunc, s(input)))).toBe(want.normalize('NFC'));
  });
});

describe('substr', () => {
  test.each([
    ['hello', 0, 2, 'he'],
    ['hello', 1, 3, 'ell'],
    ['hello', 1, -1, 'ello'],
    ['hello', 1, 10, 'ello'],
    ['hello', -3, -1, 'llo'],
    ['hello', -3, 2, 'll'],
    ['hello', 5, 1, ''],
    ['hello', 6, 1, ''],
    ['hello', 1, 0, ''],
    ['hello', -10, 2, 'he'], // an offset before the start clamps to it
    ['hello', -2, 0, 'lo'], // cty quirk: a zero length after a negative offset takes the rest
    ['noël', 0, 3, 'noë'],
    ['noël', -1, 1, 'l'],
    ['😸😾', 1, 1, '😾'],
    ['👩‍👩‍👧‍👦ab', 0, 1, '👩‍👩‍👧‍👦'],
  ])('substr(%j, %d, %d) = %j', (input, off, len, want) => {
    expect(str(call(substrFunc, s(input), n(off), n(len)))).toBe(want);
  });

  test('offset and length must be whole numbers within int64', () => {
    expect(err(call(substrFunc, s('hello'), n('1.5'), n(1)))).toBe(
      'value must be a whole number, between -9223372036854775808 and 9223372036854775807',
    );
    expect(err(call(substrFunc, s('hello'), n(0), n('1e30')))).toBe(
      'value must be a whole number, between -9223372036854775808 and 9223372036854775807',
    );
  });
});

describe('join', () => {
  test('concatenates the elements of all lists', () => {
    expect(str(call(joinFunc, s('-'), strList('hello', 'world')))).toBe('hello-world');
    expect(str(call(joinFunc, s('-'), strList('chicken'), strList('egg')))).toBe('chicken-egg');
    expect(str(call(joinFunc, s(''), strList('horse', 'face')))).toBe('horseface');
    expect(str(call(joinFunc, s(','), strList()))).toBe('');
  });
  test('errors', () => {
    expect(err(call(joinFunc, s('-')))).toBe('at least one list is required');
    const withNull = list(s('a'), nul(StringType));
    const one = call(joinFunc, s('-'), withNull);
    expect(outcome(one)).toBe('error: element 1 is null; cannot concatenate null values');
    expect(one.argIndex).toBe(1);
    const two = call(joinFunc, s('-'), strList('x'), withNull);
    expect(err(two)).toBe('element 1 of list 2 is null; cannot concatenate null values');
    expect(two.argIndex).toBe(2);
  });
  test('a list with unknown elements gives an unknown string', () => {
    expect(render(ok(call(joinFunc, s('-'), list(s('a'), unk(StringType)))))).toBe('?(string)');
  });
});

describe('split (strings.Split)', () => {
  test.each([
    [',', 'a,,b', ['a', '', 'b']],
    [',', '', ['']],
    [',', 'abc', ['abc']],
    ['', 'abc', ['a', 'b', 'c']],
    ['', '', []],
    ['', 'añ😸', ['a', 'ñ', '😸']],
    ['ab', 'xabyabz', ['x', 'y', 'z']],
    [',', ',', ['', '']],
  ])('split(%j, %j)', (sep, input, want) => {
    const v = ok(call(splitFunc, s(sep), s(input)));
    expect(render(v)).toBe(`list[${want.map((w) => JSON.stringify(w)).join(', ')}]`);
    expect(v.type).toEqual({ kind: 'list', element: StringType });
  });
});

describe('replace (strings.Replace, no regex mode)', () => {
  test.each([
    ['a.b', '.', '-', 'a-b'],
    ['abc', '/b/', 'x', 'abc'],
    ['hello world', 'o', '0', 'hell0 w0rld'],
    ['ab', '', '-', '-a-b-'],
    ['', '', '-', '-'],
    ['añ', '', '|', '|a|ñ|'],
    ['aaa', 'aa', 'b', 'ba'],
  ])('replace(%j, %j, %j) = %j', (input, sub, rep, want) => {
    expect(str(call(replaceFunc, s(input), s(sub), s(rep)))).toBe(want);
  });
});

describe('chomp, indent, trim*', () => {
  test.each([
    ['hello', 'hello'],
    ['hello\n', 'hello'],
    ['hello\r\n', 'hello'],
    ['hello\n\n\r\n\r', 'hello'],
    ['hel\nlo\n', 'hel\nlo'],
    ['\n', ''],
    ['hello \n', 'hello '],
  ])('chomp(%j) = %j', (input, want) => {
    expect(str(call(chompFunc, s(input)))).toBe(want);
  });

  test('indent', () => {
    expect(str(call(indentFunc, n(2), s('a\nb\n')))).toBe('a\n  b\n  ');
    expect(str(call(indentFunc, n(0), s('a\nb')))).toBe('a\nb');
    expect(str(call(indentFunc, n(3), s('single')))).toBe('single');
    expect(err(call(indentFunc, n('1.5'), s('a')))).toBe(
      'value must be a whole number, between -9223372036854775808 and 9223372036854775807',
    );
    expect(err(call(indentFunc, n(-1), s('a\nb')))).toMatch(/^panic in function implementation: strings: negative Repeat count/);
  });

  test.each([
    ['  hello  ', 'hello'],
    ['\t\n\v\f\r hello \u0085', 'hello'], // NEL is a space to Go
    ['\u00a0\u3000hello\u2029', 'hello'],
    ['\ufeffhello\ufeff', '\ufeffhello\ufeff'], // BOM is not
    ['', ''],
  ])('trimspace(%j) = %j', (input, want) => {
    expect(str(call(trimspaceFunc, s(input)))).toBe(want);
  });

  test.each([
    ['?!hello?!', '!?', 'hello'],
    ['xxhixx', 'x', 'hi'],
    ['aaa', 'a', ''],
    ['héllo', 'hé', 'llo'],
    ['hello', '', 'hello'],
  ])('trim(%j, %j) = %j', (input, cut, want) => {
    expect(str(call(trimFunc, s(input), s(cut)))).toBe(want);
  });

  test('trimprefix / trimsuffix remove once', () => {
    expect(str(call(trimprefixFunc, s('helloworld'), s('hello')))).toBe('world');
    expect(str(call(trimprefixFunc, s('hellohello'), s('hello')))).toBe('hello');
    expect(str(call(trimprefixFunc, s('hello'), s('x')))).toBe('hello');
    expect(str(call(trimsuffixFunc, s('helloworld'), s('world')))).toBe('hello');
    expect(str(call(trimsuffixFunc, s('aa'), s('a')))).toBe('a');
    expect(str(call(trimsuffixFunc, s('hello'), s('')))).toBe('hello');
  });
});

describe('startswith / endswith / strcontains', () => {
  test('predicates', () => {
    expect(ok(call(startswithFunc, s('hello world'), s('hello')))).toBe(T);
    expect(ok(call(startswithFunc, s('hello world'), s('world')))).toBe(F);
    expect(ok(call(startswithFunc, s('x'), s('')))).toBe(T);
    expect(ok(call(endswithFunc, s('hello world'), s('world')))).toBe(T);
    expect(ok(call(endswithFunc, s('hello world'), s('hello')))).toBe(F);
    expect(ok(call(strcontainsFunc, s('hello world'), s('o w')))).toBe(T);
    expect(ok(call(strcontainsFunc, s('hello'), s('W')))).toBe(F);
    expect(ok(call(strcontainsFunc, s('noël'), s('e')))).toBe(F); // NFC: ë is one character
  });
  test('unknown and null arguments', () => {
    expect(render(ok(call(startswithFunc, unk(StringType), s('a'))))).toBe('?(bool)');
    expect(err(call(endswithFunc, s('a'), nul(StringType)))).toBe('argument must not be null');
  });
});

test('the registry has every string function', () => {
  expect(Object.keys(stringFunctions).sort()).toEqual(
    'chomp endswith indent join lower replace split startswith strcontains strrev substr title trim trimprefix trimspace trimsuffix upper'.split(
      ' ',
    ),
  );
});

describe('through source text', () => {
  test.each([
    ['join(",", ["a", 1, true])', '"a,1,true"'], // tuple arguments convert to list(string)
    ['upper(substr("hello", "1", 3))', '"ELL"'],
    ['split(",", "a,b")[1]', '"b"'],
    ['replace(title("a-b"), "-", "")', '"AB"'],
    ['upper(null)', 'error: Invalid function argument: Invalid value for "str" parameter: argument must not be null.'],
    ['join(",", "a")', 'error: Invalid function argument: Invalid value for "lists" parameter: list of string required.'],
    ['indent(-1, "a")', 'error: Error in function call: Call to function "indent" failed: panic in function implementation: strings: negative Repeat count.'],
    ['substr("x", 0)', 'error: Not enough function arguments: Function "substr" expects 3 argument(s). Missing value for "length".'],
    ['upper(var.u)', '?(string)'],
  ])('%s', (src, want) => {
    expect(evalSrc(src, { var: obj({ u: unk(StringType) }) })).toBe(want);
  });
});
