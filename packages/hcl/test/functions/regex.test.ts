// regex, regexall, regex_replace: Go RE2 syntax and semantics (through re2js), cty's result shapes and errors.
import { regexallFunc, regexFunc, regexFunctions, regexReplaceFunc } from '../../src/functions/regex.js';
import { call, err, evalSrc, ok, outcome, render, s, StringType, unk } from './helpers.js';

const regex = (p: string, str: string): string => outcome(call(regexFunc, s(p), s(str)));
const regexall = (p: string, str: string): string => outcome(call(regexallFunc, s(p), s(str)));
const replace = (str: string, p: string, r: string): string => outcome(call(regexReplaceFunc, s(str), s(p), s(r)));

describe('regex', () => {
  test.each([
    // no groups: the whole match
    ['[a-z]+', 'ABC def ghi', '"def"'],
    ['', 'abc', '""'],
    // unnamed groups: a tuple; groups that did not take part are null
    ['(\\d+)-(\\d+)', '10-20', '["10", "20"]'],
    ['(a)|(b)', 'b', '[null(string), "b"]'],
    ['(?:x)(y)?', 'x', '[null(string)]'],
    // named groups: an object
    ['(?P<year>\\d{4})-(?P<month>\\d{2})', '2023-07', '{month="07", year="2023"}'],
    ['(?<word>\\w+)', 'hi there', '{word="hi"}'],
    // RE2 features
    ['(?i)HELLO', 'say hello', '"hello"'],
    ['(?s)a.b', 'a\nb', '"a\\nb"'],
    ['(?m)^b$', 'a\nb\nc', '"b"'],
    ['a.c\\z', 'abc', '"abc"'],
    ['\\pL+', '123 añb', '"añb"'],
    ['\\p{Greek}+', 'abγδe', '"γδ"'],
    ['[[:digit:]]+', 'x42', '"42"'],
    ['\\Q.*\\E', 'a.*b', '".*"'],
    ['a|ab', 'ab', '"a"'], // leftmost-first, not leftmost-longest
    ['(?U)a+', 'aaa', '"a"'],
    ['.', '😸x', '"😸"'],
    ['(?i)s+', 'xSſs', '"Sſs"'], // long s folds to s
  ])('regex(%j, %j)', (p, str, want) => {
    expect(regex(p, str)).toBe(want);
  });

  test('errors', () => {
    expect(regex('a', 'xyz')).toBe('error: pattern did not match any part of the given string');
    expect(regex('(a)(?P<b>b)', 'ab')).toBe('error: invalid regexp pattern: cannot mix both named and unnamed capture groups');
    expect(regex('(', 'x')).toBe('error: invalid regexp pattern: missing closing ) in (');
    expect(regex('a(b', 'x')).toBe('error: invalid regexp pattern: missing closing ) in a(b');
    expect(regex('(a)\\1', 'aa')).toBe('error: invalid regexp pattern: invalid escape sequence in \\1');
    expect(regex('(?=a)', 'a')).toBe('error: invalid regexp pattern: invalid or unsupported Perl syntax in (?=');
    expect(regex('x{1001}', 'x')).toBe('error: invalid regexp pattern: invalid repeat count in {1001}');
    expect(regex('[z-a]', 'x')).toBe('error: invalid regexp pattern: invalid character class range in z-a');
    expect(regex('a**', 'x')).toBe('error: invalid regexp pattern: invalid nested repetition operator in **');
    expect(regex('\\Z', 'x')).toBe('error: invalid regexp pattern: invalid escape sequence in \\Z');
    expect(regex('(?P<a-b>x)', 'x')).toBe('error: invalid regexp pattern: invalid named capture in (?P<a-b>');
    expect(call(regexFunc, s('('), s('x')).argIndex).toBe(0);
  });

  test('duplicate group names are allowed, as in Go; the last group of a name wins', () => {
    expect(regex('(?P<v>a)|(?P<v>b)', 'b')).toBe('{v="b"}');
    expect(regex('(?P<v>a)|(?P<v>b)', 'a')).toBe('{v=null(string)}');
    expect(regex('(?P<v>a)(?P<v>[(])?', 'a(')).toBe('{v="("}');
  });

  test('an unknown pattern gives an unknown value of unknown type', () => {
    expect(render(ok(call(regexFunc, unk(StringType), s('x'))))).toBe('?(dynamic)');
    expect(render(ok(call(regexFunc, s('(x)'), unk(StringType))))).toBe('?(tuple)');
  });
});

describe('regexall', () => {
  test.each([
    ['[a-z]+', '1a 2bc 3def', 'list["a", "bc", "def"]'],
    ['(\\d)(\\w)', '1a 2b', 'list[["1", "a"], ["2", "b"]]'],
    ['(?P<k>\\w)=(?P<v>\\d)', 'a=1,b=2', 'list[{k="a", v="1"}, {k="b", v="2"}]'],
    ['x', 'abc', 'list[]'],
    // empty matches: Go skips an empty match right after a match and advances one character at a time
    ['a*', 'baaac', 'list["", "aaa", ""]'],
    ['', '😸a', 'list["", "", ""]'],
    ['x*', 'xx', 'list["xx"]'],
    ['x*', 'axb', 'list["", "x", ""]'],
    ['\\b', 'ab cd', 'list["", "", "", ""]'],
  ])('regexall(%j, %j)', (p, str, want) => {
    expect(regexall(p, str)).toBe(want);
  });

  test('the element type comes from the pattern even when nothing matches', () => {
    const v = ok(call(regexallFunc, s('(a)(b)'), s('zzz')));
    expect(v.type).toEqual({ kind: 'list', element: { kind: 'tuple', elements: [StringType, StringType] } });
    expect(err(call(regexallFunc, s('[a'), s('x')))).toBe('invalid regexp pattern: missing closing ] in [a');
  });
});

describe('regex_replace', () => {
  test.each([
    ['hello world', 'o', '0', '"hell0 w0rld"'],
    ['abc', '(b)', '[$1]', '"a[b]c"'],
    ['abc', '(?P<x>b)', '<${x}>', '"a<b>c"'],
    ['abc', '(b)', '$1x', '"ac"'], // $1x names group "1x", which does not exist
    ['abc', '(b)', '${1}x', '"abxc"'],
    ['abc', '(b)', '$$1', '"a$1c"'],
    ['abc', '(b)', '$', '"a$c"'],
    ['abc', '(b)', '${1', '"a${1c"'],
    ['abc', '(b)', '$2', '"ac"'],
    ['abc', '(b)', '$01', '"ac"'], // a leading zero makes it a name, not a number
    ['baaac', 'a*', 'X', '"XbXcX"'],
    ['aaa', '', '-', '"-a-a-a-"'],
    ['😸😸', '', '-', '"-😸-😸-"'],
    ['2023-07', '(?P<y>\\d+)-(?P<m>\\d+)', '$m/$y', '"07/2023"'],
    ['ab', '(?P<v>x)?(?P<v>b)', '[$v]', '"a[b]"'], // the first participating group of a name
  ])('regex_replace(%j, %j, %j)', (str, p, r, want) => {
    expect(replace(str, p, r)).toBe(want);
  });

  test('a bad pattern is reported with Go’s full regexp error text', () => {
    expect(replace('x', '(', 'y')).toBe('error: error parsing regexp: missing closing ): `(`');
    expect(call(regexReplaceFunc, s('x'), s('('), s('y')).argIndex).toBeUndefined();
  });
});

test('the registry has every regex function', () => {
  expect(Object.keys(regexFunctions).sort()).toEqual(['regex', 'regex_replace', 'regexall']);
});

describe('through source text', () => {
  test.each([
    ['regex("(\\\\d+)-(\\\\d+)", "10-20")[1]', '"20"'],
    ['regex("(?P<k>\\\\w+)=(?P<v>\\\\w+)", "a=b").v', '"b"'],
    ['length(regexall("a", "banana"))', 'error: Call to unknown function: There is no function named "length".'],
    ['regexall("[a-z]+", "a1 bc2")', 'list["a", "bc"]'],
    ['regex_replace("a.b", "\\\\.", "-")', '"a-b"'],
    ['regex("(", "x")', 'error: Invalid function argument: Invalid value for "pattern" parameter: invalid regexp pattern: missing closing ) in (.'],
    ['regex("x", "y")', 'error: Error in function call: Call to function "regex" failed: pattern did not match any part of the given string.'],
  ])('%s', (src, want) => {
    expect(evalSrc(src)).toBe(want);
  });
});
