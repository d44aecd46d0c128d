// Text encodings by IANA name, as golang.org/x/text's ianaindex.IANA resolves them for Packer's
// textencodebase64/textdecodebase64: Unicode forms and US-ASCII by hand, x/text's single-byte tables (charmaps.ts),
// iconv-lite for the multi-byte CJK sets, and x/text's state machines for ISO-2022-JP and HZ-GB-2312.
// iconv-lite follows the WHATWG tables that x/text's CJK codecs also use; rare mappings may still differ.
import { lazyLibrary } from './lazy-library.js';
import { CHARMAPS } from './charmaps.js';
import { FunctionError } from './function.js';
import { IANA_ENCODINGS, type IanaEncoding } from './iana-encodings.js';

const iconv = lazyLibrary<typeof import('iconv-lite')>('iconv-lite');

export type { IanaEncoding };

export function ianaEncoding(name: string): IanaEncoding | undefined {
  const key = name.trim().toLowerCase();
  return IANA_ENCODINGS.find((e) => e.aliases.includes(key));
}

export const REPLACEMENT = '\ufffd';

/** The encoder's bytes for s, or undefined when s has characters the encoding cannot represent. */
export function encodeText(enc: IanaEncoding, s: string): Buffer | undefined {
  const impl = enc.impl;
  if (impl === 'utf8') return Buffer.from(s, 'utf8');
  if (impl === 'ascii') return /^[\x00-\x7f]*$/.test(s) ? Buffer.from(s, 'latin1') : undefined;
  if (impl === 'utf16' || impl === 'utf16be' || impl === 'utf16le') {
    const le = Buffer.from(s, 'utf16le');
    if (impl === 'utf16le') return le;
    const be = Buffer.from(le);
    be.swap16();
    return impl === 'utf16' ? Buffer.concat([Buffer.from([0xfe, 0xff]), be]) : be;
  }
  if (impl.startsWith('charmap:')) {
    const table = CHARMAPS[impl.slice(8)]!;
    const out: number[] = [];
    for (const ch of s) {
      const b = ch === REPLACEMENT ? -1 : table.indexOf(ch);
      if (b < 0) return undefined;
      out.push(b);
    }
    return Buffer.from(out);
  }
  if (impl.startsWith('iconv:')) {
    const name = impl.slice(6);
    const out: Buffer[] = [];
    for (const ch of s) {
      // iconv-lite substitutes '?' for unmappable characters (x/text reports an error instead).
      const b = iconv().encode(ch, name);
      if (b.length === 1 && b[0] === 0x3f && ch !== '?') return undefined;
      out.push(b);
    }
    return Buffer.concat(out);
  }
  if (impl === 'iso2022jp') return encodeIso2022jp(s);
  if (impl === 'hzgb2312') return encodeHzGb2312(s);
  throw new FunctionError(`the ${enc.name} encoding is not implemented`);
}

/** The decoder's text; bytes the encoding does not define become U+FFFD, as in x/text. */
export function decodeText(enc: IanaEncoding, b: Buffer): string {
  const impl = enc.impl;
  if (impl === 'utf8') return new TextDecoder('utf-8').decode(b);
  if (impl === 'ascii') return [...b].map((c) => (c < 0x80 ? String.fromCharCode(c) : REPLACEMENT)).join('');
  if (impl === 'utf16' || impl === 'utf16be' || impl === 'utf16le') {
    let bytes = b;
    let le = impl === 'utf16le';
    if (impl === 'utf16' && bytes.length >= 2) {
      if (bytes[0] === 0xfe && bytes[1] === 0xff) bytes = bytes.subarray(2);
      else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
        bytes = bytes.subarray(2);
        le = true;
      }
    }
    const units: number[] = [];
    for (let i = 0; i + 1 < bytes.length; i += 2) units.push(le ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
    let out = '';
    for (let i = 0; i < units.length; i++) {
      const u = units[i]!;
      if (u >= 0xd800 && u <= 0xdbff && i + 1 < units.length && units[i + 1]! >= 0xdc00 && units[i + 1]! <= 0xdfff) {
        out += String.fromCharCode(u, units[++i]!);
      } else if (u >= 0xd800 && u <= 0xdfff) out += REPLACEMENT;
      else out += String.fromCharCode(u);
    }
    if (bytes.length % 2 === 1) out += REPLACEMENT;
    return out;
  }
  if (impl.startsWith('charmap:')) {
    const table = CHARMAPS[impl.slice(8)]!;
    return [...b].map((c) => table[c]!).join('');
  }
  if (impl.startsWith('iconv:')) return iconv().decode(b, impl.slice(6));
  if (impl === 'iso2022jp') return decodeIso2022jp(b);
  if (impl === 'hzgb2312') return decodeHzGb2312(b);
  throw new FunctionError(`the ${enc.name} encoding is not implemented`);
}

// The two stateful encodings x/text has and iconv-lite lacks, built on the JIS X 0208 and GB 2312 tables inside
// iconv-lite's EUC-JP and GBK (the 94×94 sets, shifted by 0x80), following x/text's state machines.

const ESC = 0x1b;

/** The JIS X 0208 row/cell bytes (0x21..0x7e) of a character, from its EUC-JP form. */
function jis0208Of(ch: string): [number, number] | undefined {
  const b = iconv().encode(ch, 'eucjp');
  if (b.length !== 2 || b[0]! < 0xa1 || b[1]! < 0xa1 || b[0] === 0xff || b[1] === 0xff) return undefined;
  if (iconv().decode(b, 'eucjp') !== ch) return undefined;
  return [b[0]! - 0x80, b[1]! - 0x80];
}

function encodeIso2022jp(s: string): Buffer | undefined {
  const out: number[] = [];
  let state: 'ascii' | 'katakana' | 'jis0208' = 'ascii';
  const to = (next: typeof state, seq: number[]): void => {
    if (state !== next) out.push(...seq);
    state = next;
  };
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r < 0x80) {
      to('ascii', [ESC, 0x28, 0x42]);
      out.push(r);
      continue;
    }
    if (r >= 0xff61 && r < 0xffa0) {
      to('katakana', [ESC, 0x28, 0x49]);
      out.push(r - (0xff61 - 0x21));
      continue;
    }
    const jis = jis0208Of(ch);
    if (!jis) return undefined;
    to('jis0208', [ESC, 0x24, 0x42]);
    out.push(...jis);
  }
  to('ascii', [ESC, 0x28, 0x42]);
  return Buffer.from(out);
}

function decodeIso2022jp(b: Buffer): string {
  let out = '';
  let state: 'ascii' | 'katakana' | 'jis0208' | 'jis0212' = 'ascii';
  for (let i = 0; i < b.length; ) {
    const c0 = b[i]!;
    if (c0 >= 0x80) {
      out += REPLACEMENT;
      i++;
      continue;
    }
    if (c0 === ESC) {
      const c1 = b[i + 1];
      const c2 = b[i + 2];
      if (c1 === 0x24 && (c2 === 0x40 || c2 === 0x42)) {
        state = 'jis0208';
        i += 3;
        continue;
      }
      if (c1 === 0x24 && c2 === 0x28 && b[i + 3] === 0x44) {
        state = 'jis0212';
        i += 4;
        continue;
      }
      if (c1 === 0x28 && (c2 === 0x42 || c2 === 0x4a)) {
        state = 'ascii';
        i += 3;
        continue;
      }
      if (c1 === 0x28 && c2 === 0x49) {
        state = 'katakana';
        i += 3;
        continue;
      }
      out += REPLACEMENT;
      i++;
      continue;
    }
    if (state === 'ascii') {
      out += String.fromCharCode(c0);
      i++;
    } else if (state === 'katakana') {
      out += c0 < 0x21 || c0 >= 0x60 ? REPLACEMENT : String.fromCharCode(c0 + (0xff61 - 0x21));
      i++;
    } else if (c0 === 0x0a) {
      state = 'ascii';
      out += '\n';
      i++;
    } else if (i + 1 >= b.length) {
      out += REPLACEMENT;
      i++;
    } else {
      const pair = Buffer.from([c0 + 0x80, b[i + 1]! + 0x80]);
      const bytes = state === 'jis0212' ? Buffer.concat([Buffer.from([0x8f]), pair]) : pair;
      const ok = c0 >= 0x21 && c0 <= 0x7e && b[i + 1]! >= 0x21 && b[i + 1]! <= 0x7e;
      const ch = ok ? iconv().decode(bytes, 'eucjp') : REPLACEMENT;
      out += [...ch].length === 1 ? ch : REPLACEMENT;
      i += 2;
    }
  }
  return out;
}

function encodeHzGb2312(s: string): Buffer | undefined {
  const out: number[] = [];
  let gb = false;
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r < 0x80) {
      if (r === 0x7e) out.push(0x7e, 0x7e);
      else {
        if (gb) out.push(0x7e, 0x7d);
        gb = false;
        out.push(r);
      }
      continue;
    }
    const b = iconv().encode(ch, 'gbk');
    const c0 = b.length === 2 ? b[0]! - 0x80 : -1;
    const c1 = b.length === 2 ? b[1]! - 0x80 : -1;
    if (c0 < 0x21 || c0 >= 0x7e || c1 < 0x21 || c1 >= 0x7f || iconv().decode(b, 'gbk') !== ch) return undefined;
    if (!gb) out.push(0x7e, 0x7b);
    gb = true;
    out.push(c0, c1);
  }
  return Buffer.from(out); // x/text does not switch back to ASCII at the end
}

function decodeHzGb2312(b: Buffer): string {
  let out = '';
  let gb = false;
  for (let i = 0; i < b.length; ) {
    const c0 = b[i]!;
    if (c0 >= 0x80) {
      out += REPLACEMENT;
      i++;
      continue;
    }
    if (c0 === 0x7e) {
      const c1 = b[i + 1];
      if (c1 === undefined) {
        out += REPLACEMENT;
        i++;
        continue;
      }
      i += 2;
      if (c1 === 0x7b) gb = true;
      else if (c1 === 0x7d) gb = false;
      else if (c1 === 0x7e) out += '~';
      else if (c1 !== 0x0a) out += REPLACEMENT;
      continue;
    }
    if (!gb) {
      out += String.fromCharCode(c0);
      i++;
      continue;
    }
    if (i + 1 >= b.length) {
      out += REPLACEMENT;
      i++;
      continue;
    }
    const c1 = b[i + 1]!;
    if (c0 >= 0x21 && c0 < 0x7e && c1 >= 0x21 && c1 < 0x7f) {
      const ch = iconv().decode(Buffer.from([c0 + 0x80, c1 + 0x80]), 'gbk');
      out += [...ch].length === 1 ? ch : REPLACEMENT;
      i += 2;
    } else {
      out += REPLACEMENT;
      i += c1 > 0x80 ? 1 : 2;
    }
  }
  return out;
}
