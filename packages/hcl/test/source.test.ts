import { SourceFile, rangeToString } from '../src/source.js';

describe('SourceFile positions', () => {
  test('ASCII lines count columns and bytes per character', () => {
    const f = new SourceFile('a.hcl', 'a = 1\nbb = 2\n');
    expect(f.pos(7)).toEqual({ line: 2, column: 2, byte: 7 });
    expect(rangeToString(f.range(6, 8))).toBe('a.hcl:2,1-3');
  });
  test('non-ASCII lines count grapheme clusters for columns and UTF-8 bytes for offsets', () => {
    const text = 'x = "👩‍👩‍👧‍👦é" y';
    const f = new SourceFile('b.hcl', text);
    const off = text.indexOf('y');
    const p = f.pos(off);
    expect(p.column).toBe(10);
    expect(p.byte).toBe(Buffer.byteLength(text.slice(0, off)));
  });
  test('a base position shifts the first line only', () => {
    const f = new SourceFile('c.json', 'ab\ncd', { line: 3, column: 5, byte: 20 });
    expect(f.pos(1)).toEqual({ line: 3, column: 6, byte: 21 });
    expect(f.pos(4)).toEqual({ line: 4, column: 2, byte: 24 });
  });
});
