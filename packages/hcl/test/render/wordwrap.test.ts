// go-wordwrap's rules, one vector (or a few) per rule.
import { wrapString } from '../../src/render/wordwrap.js';

describe('wrapString (go-wordwrap)', () => {
  test.each([
    // Text that fits is untouched.
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    // Breaks replace the white space run at the break.
    ['alpha beta gamma', 10, 'alpha beta\ngamma'],
    ['alpha    beta', 6, 'alpha\nbeta'],
    // A word longer than the limit is never split, and gets a line of its own.
    ['a supercalifragilistic word', 5, 'a\nsupercalifragilistic\nword'],
    ['toolongword', 4, 'toolongword'],
    // Explicit newlines are kept, including runs of them and leading/trailing ones.
    ['\none two\n\n\nthree\n', 4, '\none\ntwo\n\n\nthree\n'],
    // Trailing white space that fits stays; white space before a newline stays when it fits.
    ['ab  \ncd', 10, 'ab  \ncd'],
    ['abcd    \nef', 5, 'abcd\nef'],
    ['end with spaces   ', 20, 'end with spaces   '],
    ['end with spaces   ', 16, 'end with spaces'],
    // Tabs are white space and count as one character.
    ['x\t* item one', 6, 'x\t*\nitem\none'],
    // A non-breaking space joins words.
    ['one two\u00a0three', 9, 'one\ntwo\u00a0three'],
    // Other Unicode spaces break.
    ['one\u2003two', 4, 'one\ntwo'],
    // Widths count code points, not bytes or UTF-16 units.
    ['ééé ééé', 7, 'ééé ééé'],
    ['😀😀 😀😀', 4, '😀😀\n😀😀'],
  ])('%j at %i', (input, lim, want) => {
    expect(wrapString(input, lim)).toBe(want);
  });

  test('the go-multierror text Packer wraps for fmt errors (the bullet line is 81 characters)', () => {
    const detail =
      '1 error occurred:\n\t* bad.pkr.hcl:3,1-1: Unclosed configuration block; There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.\n\n';
    expect(wrapString(detail, 80)).toBe(
      '1 error occurred:\n\t* bad.pkr.hcl:3,1-1: Unclosed configuration block; There is no closing brace\nfor this block before the end of the file. This may be caused by incorrect brace\nnesting elsewhere in this file.\n\n',
    );
  });
});
