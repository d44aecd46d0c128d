// Hash and crypto functions as Packer registers them (go-cty-funcs): md5 sha1 sha256 sha512 (lowercase hex of the
// UTF-8 bytes), bcrypt (x/crypto/bcrypt: "$2a$", default cost 10, costs below 4 mean 10) and rsadecrypt
// (PKCS #1 v1.5 with a PKCS #1 "RSA PRIVATE KEY"; the RSA arithmetic is done here so that Node's padding policy
// for private decryption does not matter).
import { lazyLibrary } from './lazy-library.js';
import { createHash, createPrivateKey, randomBytes, type JsonWebKey } from 'node:crypto';
import { NumberType, StringType } from '../values/types.js';
import { stringVal } from '../values/value.js';
import { FunctionError, type FunctionDef } from './function.js';
import { goQuote } from './go-text.js';
import { goInt } from './numeric.js';

const bcrypt = lazyLibrary<typeof import('bcryptjs')>('bcryptjs');

function hashFunction(algorithm: 'md5' | 'sha1' | 'sha256' | 'sha512'): FunctionDef {
  return {
    params: [{ name: 'str', type: StringType }],
    returnType: () => StringType,
    impl: ([s]) => stringVal(createHash(algorithm).update(s!.asString(), 'utf8').digest('hex')),
  };
}

export const md5Func = hashFunction('md5');
export const sha1Func = hashFunction('sha1');
export const sha256Func = hashFunction('sha256');
export const sha512Func = hashFunction('sha512');

// ---- bcrypt -------------------------------------------------------------------------------------------------------

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** bcrypt's radix-64 encoding (no padding). */
function bcryptBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += BCRYPT_ALPHABET[b0 >> 2]!;
    out += BCRYPT_ALPHABET[((b0 & 0x03) << 4) | ((b1 ?? 0) >> 4)]!;
    if (b1 === undefined) break;
    out += BCRYPT_ALPHABET[((b1 & 0x0f) << 2) | ((b2 ?? 0) >> 6)]!;
    if (b2 === undefined) break;
    out += BCRYPT_ALPHABET[b2 & 0x3f]!;
  }
  return out;
}

export const bcryptFunc: FunctionDef = {
  params: [{ name: 'str', type: StringType }],
  varParam: { name: 'cost', type: NumberType },
  returnType: () => StringType,
  impl: (args) => {
    let cost = 10;
    if (args.length > 1) {
      const c = goInt(args[1]!.asNumber());
      if (c.error !== undefined) throw new FunctionError(c.error);
      cost = c.value;
    }
    if (args.length > 2) throw new FunctionError('bcrypt() takes no more than two arguments');
    const input = args[0]!.asString();
    const fail = (msg: string) => new FunctionError(`error occured generating password ${msg}`);
    if (Buffer.byteLength(input, 'utf8') > 72) throw fail('bcrypt: password length exceeds 72 bytes');
    if (cost < 4) cost = 10;
    if (cost > 31) throw fail(`crypto/bcrypt: cost ${cost} is outside allowed range (4,31)`);
    // Go writes version "2a"; bcryptjs would pick "2b" for its own salts, so the salt is made here.
    const salt = `$2a$${String(cost).padStart(2, '0')}$${bcryptBase64(randomBytes(16))}`;
    return stringVal(bcrypt().hashSync(input, salt));
  },
};

// ---- rsadecrypt -----------------------------------------------------------------------------------------------------

/** Go's base64.StdEncoding.DecodeString: padding required, CR and LF ignored; undefined when invalid. */
export function decodeStdBase64(s: string): Buffer | undefined {
  const t = s.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) return undefined;
  return Buffer.from(t, 'base64');
}

interface PemBlock {
  type: string;
  headers: Map<string, string>;
  bytes: Buffer;
}

/** encoding/pem.Decode: the first well-formed block, or undefined. */
function pemDecode(text: string): PemBlock | undefined {
  const lines = text.split('\n').map((l) => l.replace(/[ \t\r]+$/, ''));
  for (let i = 0; i < lines.length; i++) {
    const begin = /^-----BEGIN (.*)-----$/.exec(lines[i]!);
    if (!begin) continue;
    const type = begin[1]!;
    const headers = new Map<string, string>();
    let j = i + 1;
    for (; j < lines.length; j++) {
      const colon = lines[j]!.indexOf(':');
      if (colon < 0) break;
      headers.set(lines[j]!.slice(0, colon).trim(), lines[j]!.slice(colon + 1).trim());
    }
    const endLine = `-----END ${type}-----`;
    const end = lines.findIndex((l, k) => k >= j && l === endLine);
    if (end < 0) continue;
    const bytes = decodeStdBase64(lines.slice(j, end).join('').replace(/[ \t]/g, ''));
    if (bytes === undefined) continue;
    return { type, headers, bytes };
  }
  return undefined;
}

/** The tags of the elements of a DER SEQUENCE, and whether bytes follow it; undefined when malformed. */
function derSequenceTags(der: Buffer): { tags: number[]; trailing: boolean } | undefined {
  const tlv = (at: number, end: number): { tag: number; next: number; body: number } | undefined => {
    if (at + 2 > end) return undefined;
    const tag = der[at]!;
    let len = der[at + 1]!;
    let body = at + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4 || body + n > end) return undefined;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + der[body + i]!;
      body += n;
    }
    if (body + len > end) return undefined;
    return { tag, next: body + len, body };
  };
  const outer = tlv(0, der.length);
  if (!outer || outer.tag !== 0x30) return undefined;
  const tags: number[] = [];
  for (let at = outer.body; at < outer.next; ) {
    const e = tlv(at, outer.next);
    if (!e) return undefined;
    tags.push(e.tag);
    at = e.next;
  }
  return { tags, trailing: outer.next < der.length };
}

/** x509.ParsePKCS1PrivateKey's verdict on DER bytes: the key's JWK, or Go's error text. */
function parsePKCS1(der: Buffer): JsonWebKey | string {
  const seq = derSequenceTags(der);
  if (seq?.trailing) return 'asn1: syntax error: trailing data';
  const INTEGER = 0x02;
  if (seq && seq.tags.length >= 9 && seq.tags.slice(0, 9).every((t) => t === INTEGER)) {
    try {
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' }).export({ format: 'jwk' });
    } catch {
      return 'x509: invalid RSA private key';
    }
  }
  // Go tries the other private key layouts to give a hint.
  if (seq && seq.tags[0] === INTEGER && seq.tags[1] === 0x04) {
    return 'x509: failed to parse private key (use ParseECPrivateKey instead for this key format)';
  }
  if (seq && seq.tags[0] === INTEGER && seq.tags[1] === 0x30 && seq.tags[2] === 0x04) {
    return 'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)';
  }
  return "asn1: structure error: tags don't match";
}

const b64urlToBigInt = (s: string) => BigInt('0x' + (Buffer.from(s, 'base64url').toString('hex') || '0'));

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}

/** rsa.DecryptPKCS1v15: the message, or undefined for Go's ErrDecryption. */
function decryptPKCS1v15(jwk: JsonWebKey, ciphertext: Buffer): Buffer | undefined {
  const n = b64urlToBigInt(jwk.n!);
  const k = Math.ceil(n.toString(16).length / 2);
  if (k < 11 || ciphertext.length !== k) return undefined;
  const c = BigInt('0x' + (ciphertext.toString('hex') || '0'));
  if (c >= n) return undefined;
  // CRT: m = m2 + q·((m1 − m2)·qInv mod p).
  const p = b64urlToBigInt(jwk.p!);
  const q = b64urlToBigInt(jwk.q!);
  const m1 = modPow(c, b64urlToBigInt(jwk.dp!), p);
  const m2 = modPow(c, b64urlToBigInt(jwk.dq!), q);
  const h = (((m1 - m2) % p) + p) % p * b64urlToBigInt(jwk.qi!) % p;
  const m = m2 + q * h;
  const em = Buffer.from(m.toString(16).padStart(2 * k, '0'), 'hex');
  if (em[0] !== 0 || em[1] !== 2) return undefined;
  const zero = em.indexOf(0, 2);
  // At least eight bytes of non-zero padding, then a zero, then the message.
  if (zero < 0 || zero < 10) return undefined;
  return em.subarray(zero + 1);
}

export const rsadecryptFunc: FunctionDef = {
  params: [
    { name: 'ciphertext', type: StringType },
    { name: 'privatekey', type: StringType },
  ],
  returnType: () => StringType,
  impl: ([ct, pk]) => {
    const s = ct!.asString();
    const b = decodeStdBase64(s);
    if (b === undefined) throw new FunctionError(`failed to decode input ${goQuote(s)}: cipher text must be base64-encoded`);
    const block = pemDecode(pk!.asString());
    if (!block) throw new FunctionError('failed to parse key: no key found');
    if (block.headers.get('Proc-Type') === '4,ENCRYPTED') {
      throw new FunctionError('failed to parse key: password protected keys are not supported. Please decrypt the key prior to use');
    }
    const key = parsePKCS1(block.bytes);
    if (typeof key === 'string') throw new FunctionError(key);
    const out = decryptPKCS1v15(key, b);
    if (!out) throw new FunctionError('crypto/rsa: decryption error');
    return stringVal(out.toString('utf8'));
  },
};

export const cryptoFunctions: Record<string, FunctionDef> = {
  bcrypt: bcryptFunc,
  md5: md5Func,
  rsadecrypt: rsadecryptFunc,
  sha1: sha1Func,
  sha256: sha256Func,
  sha512: sha512Func,
};
