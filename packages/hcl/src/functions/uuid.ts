// UUID functions as Packer registers them (go-cty-funcs over google/uuid): uuidv4 (random) and uuidv5 (SHA-1 name
// based, with the dns/url/oid/x500 namespaces by name or any UUID in google/uuid's accepted spellings).
import { createHash, randomUUID } from 'node:crypto';
import { StringType } from '../values/types.js';
import { stringVal } from '../values/value.js';
import { FunctionError, type FunctionDef } from './function.js';
import { goQuote } from './go-text.js';

const namespaces: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

/** google/uuid.Parse: the 16 bytes, or Go's error text. Works on UTF-8 bytes, like Go. */
export function parseUUID(text: string): Uint8Array | string {
  let s = Buffer.from(text, 'utf8');
  const hexPair = (i: number): number | undefined => {
    const pair = String.fromCharCode(s[i]!, s[i + 1]!);
    return /^[0-9a-fA-F]{2}$/.test(pair) ? parseInt(pair, 16) : undefined;
  };
  const out = new Uint8Array(16);
  switch (s.length) {
    case 36:
      break;
    case 36 + 9: {
      const prefix = s.subarray(0, 9).toString('latin1');
      if (prefix.toLowerCase() !== 'urn:uuid:') return `invalid urn prefix: ${goQuote(s.subarray(0, 9).toString('utf8'))}`;
      s = s.subarray(9);
      break;
    }
    case 36 + 2:
      // Only the opening brace is skipped; the last byte is never looked at.
      s = s.subarray(1);
      break;
    case 32:
      for (let i = 0; i < 16; i++) {
        const v = hexPair(i * 2);
        if (v === undefined) return 'invalid UUID format';
        out[i] = v;
      }
      return out;
    default:
      return `invalid UUID length: ${s.length}`;
  }
  const dash = 0x2d;
  if (s[8] !== dash || s[13] !== dash || s[18] !== dash || s[23] !== dash) return 'invalid UUID format';
  const offsets = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
  for (let i = 0; i < 16; i++) {
    const v = hexPair(offsets[i]!);
    if (v === undefined) return 'invalid UUID format';
    out[i] = v;
  }
  return out;
}

export function formatUUID(b: Uint8Array): string {
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const uuidv4Func: FunctionDef = {
  params: [],
  returnType: () => StringType,
  impl: () => stringVal(randomUUID()),
};

export const uuidv5Func: FunctionDef = {
  params: [
    { name: 'namespace', type: StringType },
    { name: 'name', type: StringType },
  ],
  returnType: () => StringType,
  impl: ([ns, name]) => {
    const nsText = ns!.asString();
    const parsed = parseUUID(Object.hasOwn(namespaces, nsText) ? namespaces[nsText]! : nsText);
    if (typeof parsed === 'string') throw new FunctionError(`uuidv5() doesn't support namespace ${nsText} (${parsed})`);
    const sum = createHash('sha1').update(parsed).update(name!.asString(), 'utf8').digest();
    const u = new Uint8Array(sum.subarray(0, 16));
    u[6] = (u[6]! & 0x0f) | 0x50; // version 5
    u[8] = (u[8]! & 0x3f) | 0x80; // RFC 4122 variant
    return stringVal(formatUUID(u));
  },
};

export const uuidFunctions: Record<string, FunctionDef> = {
  uuidv4: uuidv4Func,
  uuidv5: uuidv5Func,
};
