// "Did you mean" suggestions: Levenshtein distance over code points, threshold below 3.
import { closestNameSuggestion, levenshtein, nameSuggestion } from '../src/suggest.js';

test.each([
  ['', '', 0],
  ['abc', '', 3],
  ['', 'ab', 2],
  ['kitten', 'sitting', 3],
  ['flase', 'false', 2],
  ['True', 'true', 1],
  ['nmae', 'name', 2],
  ['nmae', 'named', 3],
  // Astral characters are one code point each.
  ['a😀b', 'ab', 1],
  ['😀', '😁', 1],
])('levenshtein(%j, %j) = %d', (a, b, d) => {
  expect(levenshtein(a, b)).toBe(d);
  expect(levenshtein(b, a)).toBe(d);
});

describe('nameSuggestion (candidates in order, as hcl tries a slice)', () => {
  test('the first candidate within distance 2 wins, even if a later one is closer', () => {
    expect(nameSuggestion('abc', ['abcde', 'abd', 'abc'])).toBe('abcde');
  });
  test('nothing close enough', () => {
    expect(nameSuggestion('zzz', ['abc', 'name'])).toBeUndefined();
    expect(nameSuggestion('x', [])).toBeUndefined();
  });
  test('keywords', () => {
    expect(nameSuggestion('nul', ['false', 'true', 'null'])).toBe('null');
  });
});

describe('closestNameSuggestion (for candidates from Go maps, whose order is random)', () => {
  test('the closest wins; ties go to the first in byte order', () => {
    expect(closestNameSuggestion('abc', ['abcde', 'abd', 'abc'])).toBe('abc');
    expect(closestNameSuggestion('ab', ['ad', 'ac'])).toBe('ac');
    expect(closestNameSuggestion('ab', ['a\u{10000}', 'a\uffff'])).toBe('a\uffff');
    expect(closestNameSuggestion('zzz', ['abc'])).toBeUndefined();
  });
});
