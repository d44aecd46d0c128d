// parseTraversalAbs: absolute traversals only (a root name, attribute names, literal indexes), as hclsyntax's
// ParseTraversalAbs accepts them, with its diagnostics.
import { parseTraversalAbs } from '../../src/syntax/index.js';
import { diags, rng, trav } from './helpers.js';

function t(src: string): { trav: string; diags: string[]; ranges: string[] } {
  const r = parseTraversalAbs(src, 'test.hcl');
  return { trav: trav(r.traversal), diags: diags(r.diags), ranges: r.traversal.map((s) => rng(s.range)) };
}

test.each([
  ['foo', 'foo', ['1:1-1:4']],
  ['foo.bar.baz', 'foo.bar.baz', ['1:1-1:4', '1:4-1:8', '1:8-1:12']],
  ['foo["bar"]', 'foo["bar"]', ['1:1-1:4', '1:4-1:11']],
  ['foo["a\\nb"].c', 'foo["a\\nb"].c', ['1:1-1:4', '1:4-1:12', '1:12-1:14']],
  ['a\n.b', 'a.b', ['1:1-1:2', '2:1-2:3']],
  ['true.x', 'true.x', ['1:1-1:5', '1:5-1:7']],
])('%j', (src, want, ranges) => {
  const r = t(src);
  expect(r.diags).toEqual([]);
  expect(r.trav).toBe(want);
  expect(r.ranges).toEqual(ranges);
});

test('numeric indexes', () => {
  const r = t('foo[1][2].bar');
  expect(r.diags).toEqual([]);
  expect(r.trav).toBe('foo[1][2].bar');
  expect(r.ranges).toEqual(['1:1-1:4', '1:4-1:7', '1:7-1:10', '1:10-1:14']);
});

test.each<[string, string, string[], string]>([
  ['', '', ['Variable name required @ 1:1-1:1'], 'Must begin with a variable name.'],
  ['1.a', '', ['Variable name required @ 1:1-1:2'], 'Must begin with a variable name.'],
  ['foo.', 'foo', ['Attribute name required @ 1:5-1:5 [1:1-1:5]'], 'Dot must be followed by attribute name.'],
  ['foo.*', 'foo', ['Attribute name required @ 1:5-1:6 [1:1-1:6]'], 'Splat expressions (.*) may not be used here.'],
  ['foo[', 'foo', ['Index value required @ 1:5-1:5 [1:1-1:5]'], 'Index brackets must contain either a literal number or a literal string.'],
  ['foo[index]', 'foo', ['Index value required @ 1:5-1:10 [1:1-1:10]'], 'Index brackets must contain either a literal number or a literal string.'],
  ['foo[*]', 'foo', ['Attribute name required @ 1:5-1:6 [1:1-1:6]'], 'Splat expressions ([*]) may not be used here.'],
  ['foo[*].bar', 'foo', ['Attribute name required @ 1:5-1:6 [1:1-1:6]'], 'Splat expressions ([*]) may not be used here.'],
  ['foo 0', 'foo', ['Invalid character @ 1:5-1:6 [1:1-1:6]'], 'Expected an attribute access or an index operator.'],
  ['foo["a"', 'foo["a"]', ['Unclosed index brackets @ 1:8-1:8 [1:4-1:8]'], 'Index key must be followed by a closing bracket.'],
  ['foo["a', 'foo["a"]', ['Unterminated string literal @ 1:7-1:7 [1:5-1:7]', 'Unclosed index brackets @ 1:7-1:7 [1:4-1:7]'], 'Unable to find the closing quote mark before the end of the file.'],
])('%j', (src, want, wantDiags, detail) => {
  const r = parseTraversalAbs(src, 'test.hcl');
  expect(trav(r.traversal)).toBe(want);
  expect(diags(r.diags)).toEqual(wantDiags);
  expect(r.diags[0]!.detail).toBe(detail);
});

test('an unclosed numeric index', () => {
  const r = t('foo[0');
  expect(r.diags).toEqual(['Unclosed index brackets @ 1:6-1:6 [1:4-1:6]']);
  expect(r.trav).toBe('foo[0]');
  expect(r.ranges).toEqual(['1:1-1:4', '1:4-1:6']);
});
