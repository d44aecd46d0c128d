// Word wrapping with the exact behaviour of github.com/mitchellh/go-wordwrap (v1.0.1), which hcl's diagnostic
// text writer applies to details: greedy, counted in code points, breaks only at white space (the run of spaces
// at a break is dropped), never splits a word longer than the limit, keeps explicit newlines, and drops trailing
// white space that does not fit. A non-breaking space is part of a word.

const NBSP = 0xa0;

/** Go's unicode.IsSpace. */
function isGoSpace(c: number): boolean {
  if (c <= 0xff) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === NBSP;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** go-wordwrap's WrapString(s, lim). */
export function wrapString(s: string, lim: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let wordLen = 0;
  let space = '';
  let spaceLen = 0;

  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x0a) {
      if (wordLen === 0) {
        // Trailing white space before an explicit break survives only if it fits.
        if (current + spaceLen <= lim) out += space;
      } else {
        out += space + word;
        word = '';
        wordLen = 0;
      }
      space = '';
      spaceLen = 0;
      out += '\n';
      current = 0;
    } else if (isGoSpace(c) && c !== NBSP) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        out += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + wordLen + spaceLen > lim && wordLen < lim) {
        out += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }

  if (wordLen === 0) {
    if (current + spaceLen <= lim) out += space;
  } else {
    out += space + word;
  }
  return out;
}
