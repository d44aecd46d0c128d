// -only / -except patterns: gobwas/glob v0.2.3 compiled without separators, as Packer's GetBuilds uses them.
import { compileFilterPatterns, compileGlob } from '../src/template/glob.js';

function matches(pattern: string, text: string): boolean {
  const { glob, error } = compileGlob(pattern);
  if (!glob) throw new Error(`pattern ${pattern} did not compile: ${error}`);
  return glob.match(text);
}

// The build names of command/test-fixtures/hcl-only-except: an unnamed build with `file.cherry`, and
// `my_build` with `file.chocolate` and `file.vanilla`.
const onlyExceptBuilds = ['file.cherry', 'my_build.file.chocolate', 'my_build.file.vanilla'];

describe('hcl-only-except patterns (command/build_test.go)', () => {
  const cases: [pattern: string, selected: string[]][] = [
    ['chocolate', []],
    ['*chocolate*', ['my_build.file.chocolate']],
    ['*ch*', ['file.cherry', 'my_build.file.chocolate']],
    ['*vanilla*', ['my_build.file.vanilla']],
    ['my_build.*', ['my_build.file.chocolate', 'my_build.file.vanilla']],
    ['my_build.file.chocolate', ['my_build.file.chocolate']],
    ['file.cherry', ['file.cherry']],
  ];
  test.each(cases)('%s', (pattern, selected) => {
    expect(onlyExceptBuilds.filter((name) => matches(pattern, name))).toEqual(selected);
  });
});

describe('glob syntax', () => {
  test.each([
    ['*', 'a.b.c', true],
    ['**', 'a.b', true],
    ['a?c', 'abc', true],
    ['a?c', 'a.c', true],
    ['a?c', 'ac', false],
    ['?', 'é', true],
    ['[abc]x', 'bx', true],
    ['[abc]x', 'dx', false],
    ['[!abc]x', 'dx', true],
    ['[!abc]x', 'ax', false],
    ['[a-c]', 'b', true],
    ['[a-c]', 'd', false],
    ['[!a-c]', 'd', true],
    ['{null,file}.*', 'file.x', true],
    ['{null,file}.*', 'docker.x', false],
    ['{a,b', 'a', true], // an unclosed `{` is not an error in gobwas
    ['a}', 'a}', true], // `}` and `,` are text outside braces
    ['a,b', 'a,b', true],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['a\\', 'a', true], // a trailing backslash escapes nothing
    ['a.b', 'axb', false], // `.` is literal
    ['(a)+', '(a)+', true],
    ['[.]', '.', true],
    ['x[\\]]', 'x]', true],
    ['{}', '', true],
    ['a*b', 'ab', true],
    ['a*b', 'acb', true],
    ['a*b', 'acbd', false],
  ])('%s matches %s: %s', (pattern, text, want) => {
    expect(matches(pattern, text)).toBe(want);
  });

  test.each([
    ['foo[]bar', 'could not parse range'],
    ['[!]', 'could not parse range'],
    ['[abc', 'unexpected end of input'],
    ['[a-', 'unexpected end of input'],
    ['[a-cd]', 'expected close range character'],
    ['[z-a]', "hi character 'a' should be greater than lo 'z'"],
  ])('%s fails: %s', (pattern, message) => {
    expect(compileGlob(pattern)).toEqual({ error: message });
  });
});

describe('compileFilterPatterns (convertFilterOption)', () => {
  test('TestParser_ValidateFilterOption', () => {
    expect(compileFilterPatterns(['*foo*'], '').diags).toEqual([]);
    expect(compileFilterPatterns(['foo[]bar'], '').diags).toHaveLength(1);
  });

  test('one diagnostic per bad pattern, in Packer words', () => {
    const { globs, diags } = compileFilterPatterns(['ok.*', 'foo[]bar', '[z-a]'], 'only');
    expect(globs.map((g) => g.pattern)).toEqual(['ok.*']);
    expect(diags.map((d) => [d.severity, d.summary])).toEqual([
      ['error', 'Invalid -only pattern foo[]bar: could not parse range'],
      ['error', "Invalid -only pattern [z-a]: hi character 'a' should be greater than lo 'z'"],
    ]);
  });
});
