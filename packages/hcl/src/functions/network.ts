// IP network functions as Packer registers them (go-cty-funcs over apparentlymart/go-cidr): cidrhost, cidrnetmask,
// cidrsubnet, cidrsubnets. Addresses are modelled like Go's net.IP (4- or 16-byte arrays) so that Go's quirks carry
// over: IPv4 networks use 4 bytes, IPv4-mapped IPv6 addresses print in dotted form, and so on. Arithmetic is BigInt.
import { NumberType, StringType, listOf } from '../values/types.js';
import { listVal, listValEmpty, stringVal, type Value } from '../values/value.js';
import { FunctionArgError, FunctionError, type FunctionDef } from './function.js';
import { goInt, goInt64 } from './numeric.js';

type IP = Uint8Array;

interface IPNet {
  ip: IP;
  /** A 4- or 16-byte mask, or undefined for Go's nil mask (from an invalid CIDRMask). */
  mask: IP | undefined;
}

const v4InV6Prefix = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** net.IP.To4: the 4-byte form of an IPv4 (or IPv4-mapped) address, else undefined. */
function to4(ip: IP): IP | undefined {
  if (ip.length === 4) return ip;
  if (ip.length === 16 && v4InV6Prefix.every((b, i) => ip[i] === b)) return ip.slice(12);
  return undefined;
}

/** net.CIDRMask. */
function cidrMask(ones: number, bits: number): IP | undefined {
  if ((bits !== 32 && bits !== 128) || ones < 0 || ones > bits) return undefined;
  const m = new Uint8Array(bits / 8);
  for (let i = 0; i < m.length; i++) {
    const n = Math.min(8, Math.max(0, ones - i * 8));
    m[i] = (0xff << (8 - n)) & 0xff;
  }
  return m;
}

/** net.IPMask.Size: the leading ones and total bits, or [0, 0] for a non-canonical mask. */
function maskSize(m: IP | undefined): [number, number] {
  if (!m) return [0, 0];
  let ones = 0;
  let seenZero = false;
  for (const b of m) {
    for (let bit = 7; bit >= 0; bit--) {
      if (b & (1 << bit)) {
        if (seenZero) return [0, 0];
        ones++;
      } else seenZero = true;
    }
  }
  return [ones, m.length * 8];
}

/** net.IP.Mask. */
function applyMask(ip: IP, mask: IP): IP | undefined {
  if (mask.length === 16 && ip.length === 4 && mask.slice(0, 12).every((b) => b === 0xff)) mask = mask.slice(12);
  if (mask.length === 4 && ip.length === 16 && v4InV6Prefix.every((b, i) => ip[i] === b)) ip = ip.slice(12);
  if (ip.length !== mask.length) return undefined;
  return ip.map((b, i) => b & mask[i]!);
}

/** net.IP.String. */
function ipString(ip: IP | undefined): string {
  if (!ip || ip.length === 0) return '<nil>';
  const v4 = to4(ip);
  if (v4) return [...v4].join('.');
  if (ip.length !== 16) return '?' + [...ip].map((b) => b.toString(16).padStart(2, '0')).join('');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((ip[i]! << 8) | ip[i + 1]!);
  // The longest run of two or more zero words becomes "::" (the first such run on ties).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (bestStart < 0) return hex(words);
  return hex(words.slice(0, bestStart)) + '::' + hex(words.slice(bestStart + bestLen));
}

/** net.IPNet.String. */
function netString(n: IPNet): string {
  let ip: IP | undefined = to4(n.ip);
  let m = n.mask;
  if (!ip) {
    ip = n.ip;
    if (ip.length !== 16) return '<nil>';
  }
  if (!m) return '<nil>';
  if (m.length === 16 && ip.length === 4) m = m.slice(12);
  else if (m.length !== ip.length) return '<nil>';
  const [ones, bits] = maskSize(m);
  const suffix = ones === 0 && bits === 0 ? [...m].map((b) => b.toString(16).padStart(2, '0')).join('') : String(ones);
  return `${ipString(ip)}/${suffix}`;
}

/** net.IPNet.Contains. */
function contains(n: IPNet, ip: IP): boolean {
  let nn: IP | undefined = to4(n.ip) ?? n.ip;
  let m = n.mask!;
  if (m.length === 16 && nn.length === 4) m = m.slice(12);
  ip = to4(ip) ?? ip;
  if (ip.length !== nn.length) return false;
  return nn.every((b, i) => (b & m[i]!) === (ip[i]! & m[i]!));
}

/** netip.ParseAddr, reduced to what net.ParseCIDR needs: the 16-byte form and whether it is IPv4. */
function parseAddr(s: string): { bytes: IP; is4: boolean } | undefined {
  const v4 = parseIPv4(s);
  if (v4) return { bytes: new Uint8Array([...v4InV6Prefix, ...v4]), is4: true };
  const v6 = parseIPv6(s);
  return v6 ? { bytes: v6, is4: false } : undefined;
}

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // netip rejects empty fields, leading zeros and values above 255.
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === '0') || Number(p) > 255) return undefined;
    out.push(Number(p));
  }
  return out;
}

function parseIPv6(s: string): IP | undefined {
  if (s.includes('%')) return undefined; // zones are rejected by ParseCIDR
  const ellipsis = s.indexOf('::');
  if (ellipsis !== s.lastIndexOf('::')) return undefined;
  const parseGroups = (part: string, allowV4Tail: boolean): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (allowV4Tail && i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let words: number[];
  if (ellipsis >= 0) {
    const head = parseGroups(s.slice(0, ellipsis), false);
    const tail = parseGroups(s.slice(ellipsis + 2), true);
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = parseGroups(s, true);
    if (!all || all.length !== 8) return undefined;
    words = all;
  }
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/** net.ParseCIDR: the network (address masked), or the Go error text. */
function parseCIDR(s: string): IPNet | string {
  const err = `invalid CIDR address: ${s}`;
  const slash = s.indexOf('/');
  if (slash < 0) return err;
  const addr = parseAddr(s.slice(0, slash));
  const maskText = s.slice(slash + 1);
  if (!addr) return err;
  const bits = addr.is4 ? 32 : 128;
  // dtoi: decimal digits only; values are capped well above any valid prefix length.
  const m = /^[0-9]+/.exec(maskText);
  if (!m || m[0].length !== maskText.length) return err;
  const n = m[0].length > 8 ? Infinity : Number(m[0]);
  if (n > bits) return err;
  const mask = cidrMask(n, bits)!;
  return { ip: applyMask(addr.bytes, mask)!, mask };
}

function mustParseCIDR(s: string, asArgError: boolean): IPNet {
  const n = parseCIDR(s);
  if (typeof n === 'string') {
    const msg = `invalid CIDR expression: ${n}`;
    throw asArgError ? new FunctionArgError(0, msg) : new FunctionError(msg);
  }
  return n;
}

// ---- go-cidr ---------------------------------------------------------------------------------------------------------

function ipToInt(ip: IP): { value: bigint; bits: number } {
  let v = 0n;
  for (const b of ip) v = (v << 8n) | BigInt(b);
  return { value: v, bits: ip.length * 8 };
}

/** go-cidr intToIP: the magnitude's bytes, right-aligned (Go would panic if they do not fit). */
function intToIP(v: bigint, bits: number): IP {
  let mag = v < 0n ? -v : v;
  const bytes: number[] = [];
  while (mag > 0n) {
    bytes.unshift(Number(mag & 0xffn));
    mag >>= 8n;
  }
  const out = new Uint8Array(bits / 8);
  if (bytes.length > out.length) throw new FunctionError('panic in function implementation: runtime error: index out of range');
  out.set(bytes, out.length - bytes.length);
  return out;
}

function insertNumIntoIP(ip: IP, num: bigint, prefixLen: number): IP {
  const { value, bits } = ipToInt(ip);
  return intToIP(value | (num << BigInt(bits - prefixLen)), bits);
}

/** big.Int.Uint64 of a Go int: the low 64 bits of its magnitude. */
function lowUint64OfMagnitude(n: bigint): bigint {
  return BigInt.asUintN(64, n < 0n ? -n : n);
}

function subnet(base: IPNet, newBits: number, num: bigint): IPNet {
  const [parentLen, addrLen] = maskSize(base.mask);
  const newPrefixLen = parentLen + newBits;
  if (newPrefixLen > addrLen) throw new FunctionError(`insufficient address space to extend prefix of ${parentLen} by ${newBits}`);
  // uint64(1<<uint64(newBits)) - 1, where Go shifts of 64 or more (and negative counts, made huge) give 0.
  const maxNetNum = BigInt.asUintN(64, (newBits >= 0 && newBits < 64 ? 1n << BigInt(newBits) : 0n) - 1n);
  const n = num;
  if (lowUint64OfMagnitude(n) > maxNetNum) throw new FunctionError(`prefix extension of ${newBits} does not accommodate a subnet numbered ${n}`);
  return { ip: insertNumIntoIP(base.ip, n, newPrefixLen), mask: cidrMask(newPrefixLen, addrLen) };
}

function host(base: IPNet, num: bigint): IP {
  const [parentLen, addrLen] = maskSize(base.mask);
  const hostLen = addrLen - parentLen;
  const maxHostNum = (1n << BigInt(hostLen)) - 1n;
  let n = num;
  let magnitude = BigInt.asIntN(64, lowUint64OfMagnitude(n));
  if (n < 0n) {
    // Negative numbers count back from the end of the range.
    magnitude = -n - 1n;
    n = maxHostNum - magnitude;
  }
  if (magnitude > maxHostNum) throw new FunctionError(`prefix of ${parentLen} does not accommodate a host numbered ${n}`);
  const bitlength = to4(base.ip) ? 32 : 128;
  return insertNumIntoIP(base.ip, n, bitlength);
}

function addressRangeLast(n: IPNet): IP {
  const [prefixLen, bits] = maskSize(n.mask);
  if (prefixLen === bits) return n.ip.slice();
  const { value, bits: b } = ipToInt(n.ip);
  return intToIP(value | ((1n << BigInt(b - prefixLen)) - 1n), b);
}

function step(ip: IP, delta: 1 | -1): IP {
  const out = (to4(ip) ?? ip).slice();
  for (let j = out.length - 1; j >= 0; j--) {
    out[j] = (out[j]! + delta) & 0xff;
    if (delta === 1 ? out[j] !== 0 : out[j] !== 255) break;
  }
  return out;
}

const isZeroIP = (ip: IP) => ip.every((b) => b === 0) && (ip.length === 4 || ip.length === 16);

function previousSubnet(n: IPNet, prefixLen: number): IPNet {
  const start = to4(n.ip) ?? n.ip;
  const mask = cidrMask(prefixLen, 8 * start.length);
  // An impossible prefix length gives Go's nil mask and nil IP; the caller rejects that length before using them.
  return { ip: mask ? applyMask(step(start, -1), mask)! : new Uint8Array(0), mask };
}

function nextSubnet(n: IPNet, prefixLen: number): { next: IPNet; rollover: boolean } {
  const currentLast = addressRangeLast(n);
  const mask = cidrMask(prefixLen, 8 * currentLast.length)!;
  const current: IPNet = { ip: applyMask(currentLast, mask)!, mask };
  const last = step(addressRangeLast(current), 1);
  return { next: { ip: applyMask(last, mask)!, mask }, rollover: isZeroIP(last) };
}

// ---- functions -------------------------------------------------------------------------------------------------------

function intArg(v: Value): bigint {
  const r = goInt64(v.asNumber());
  if (r.error !== undefined) throw new FunctionError(r.error);
  return r.value;
}

export const cidrhostFunc: FunctionDef = {
  params: [
    { name: 'prefix', type: StringType },
    { name: 'hostnum', type: NumberType },
  ],
  returnType: () => StringType,
  impl: ([prefix, hostnum]) => {
    const num = intArg(hostnum!);
    const network = mustParseCIDR(prefix!.asString(), false);
    return stringVal(ipString(host(network, num)));
  },
};

export const cidrnetmaskFunc: FunctionDef = {
  params: [{ name: 'prefix', type: StringType }],
  returnType: () => StringType,
  impl: ([prefix]) => stringVal(ipString(mustParseCIDR(prefix!.asString(), false).mask)),
};

export const cidrsubnetFunc: FunctionDef = {
  params: [
    { name: 'prefix', type: StringType },
    { name: 'newbits', type: NumberType },
    { name: 'netnum', type: NumberType },
  ],
  returnType: () => StringType,
  impl: ([prefix, newbits, netnum]) => {
    const nb = intArg(newbits!);
    const nn = intArg(netnum!);
    const network = mustParseCIDR(prefix!.asString(), false);
    // Extensions are limited to 32 bits for portability with 32-bit Go ints.
    if (nb > 32n) throw new FunctionError('may not extend prefix by more than 32 bits');
    // Hugely negative extensions make Go shift by absurd amounts; refuse them as a failed computation instead.
    if (nb < -256n) throw new FunctionError('panic in function implementation: runtime error: shift amount too large');
    return stringVal(netString(subnet(network, Number(nb), nn)));
  },
};

export const cidrsubnetsFunc: FunctionDef = {
  params: [{ name: 'prefix', type: StringType }],
  varParam: { name: 'newbits', type: NumberType },
  returnType: () => listOf(StringType),
  impl: ([prefix, ...lengths]) => {
    const network = mustParseCIDR(prefix!.asString(), true);
    const [startPrefixLen] = maskSize(network.mask);
    if (lengths.length === 0) return listValEmpty(StringType);
    const lengthArg = (i: number): number => {
      const r = goInt(lengths[i]!.asNumber());
      if (r.error !== undefined) throw new FunctionArgError(i + 1, r.error);
      return r.value;
    };
    let current = previousSubnet(network, lengthArg(0) + startPrefixLen);
    const out = lengths.map((_, i) => {
      let length = lengthArg(i);
      if (length < 1) throw new FunctionArgError(i + 1, 'must extend prefix by at least one bit');
      if (length > 32) throw new FunctionArgError(i + 1, 'may not extend prefix by more than 32 bits');
      length += startPrefixLen;
      const addrBits = network.ip.length * 8;
      if (length > addrBits) {
        const protocol = addrBits === 32 ? 'IPv4' : addrBits === 128 ? 'IPv6' : 'IP';
        throw new FunctionArgError(i + 1, `would extend prefix to ${length} bits, which is too long for an ${protocol} address`);
      }
      const { next, rollover } = nextSubnet(current, length);
      if (rollover || !contains(network, next.ip)) {
        throw new FunctionArgError(i + 1, `not enough remaining address space for a subnet with a prefix of ${length} bits after ${netString(current)}`);
      }
      current = next;
      return stringVal(netString(current));
    });
    return listVal(out, StringType);
  },
};

export const networkFunctions: Record<string, FunctionDef> = {
  cidrhost: cidrhostFunc,
  cidrnetmask: cidrnetmaskFunc,
  cidrsubnet: cidrsubnetFunc,
  cidrsubnets: cidrsubnetsFunc,
};
