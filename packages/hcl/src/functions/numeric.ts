// Numeric functions as Packer registers them: cty stdlib abs ceil floor log max min parseint pow signum, and
// Packer's own sum. Parameter flags mirror the Go definitions (they decide null / unknown / dynamic handling).
// Also the gocty-style number extraction (int64 / float64) that several other function families share.
import { convert, ConversionError } from '../values/convert.js';
import { BigFloat, BigFloatError } from '../values/number.js';
import { DynamicPseudoType, NumberType, friendlyName } from '../values/types.js';
import { numberVal, unknownVal, type Value } from '../values/value.js';
import { goQuote } from './go-text.js';
import { FunctionArgError, FunctionError, type FunctionDef } from './function.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * gocty.FromCtyValue(number, &int): the value as a JS number when it is a whole number within int64, else the
 * Go error text. (JS numbers lose precision beyond 2^53; callers that need more use goInt64.)
 */
export function goInt(n: BigFloat): { value: number; error?: undefined } | { value?: undefined; error: string } {
  const r = goInt64(n);
  return r.error !== undefined ? r : { value: Number(r.value) };
}

/** gocty.FromCtyValue(number, &int64). */
export function goInt64(n: BigFloat): { value: bigint; error?: undefined } | { value?: undefined; error: string } {
  const i = n.isInf() || !n.isInt() ? undefined : n.toBigInt();
  if (i === undefined || i < INT64_MIN || i > INT64_MAX) {
    return { error: `value must be a whole number, between ${INT64_MIN} and ${INT64_MAX}` };
  }
  return { value: i };
}

// math.MaxFloat64 printed with %f, as in gocty's float range error.
const MAX_FLOAT64_F = `${BigInt(Number.MAX_VALUE)}.000000`;

/** gocty.FromCtyValue(number, &float64): precision may be lost, but a finite number may not become infinite. */
export function goFloat64(n: BigFloat): number {
  const f = n.toFloat64();
  if (!Number.isFinite(f) && !n.isInf()) {
    throw new FunctionError(`value must be between -${MAX_FLOAT64_F} and ${MAX_FLOAT64_F} inclusive`);
  }
  return f;
}

/** cty.NumberFloatVal: a NaN makes big.Float panic, which cty reports as a panic error. */
function float64Val(f: number): Value {
  if (Number.isNaN(f)) throw new FunctionError('panic in function implementation: Float.SetFloat64(NaN)');
  return numberVal(BigFloat.fromFloat64(f));
}

const num = (name: string, extra: { allowDynamicType?: boolean } = {}) => ({ name, type: NumberType, ...extra });

export const absFunc: FunctionDef = {
  description: 'If the given number is negative then returns its positive equivalent, or otherwise returns the given number unchanged.',
  params: [num('num', { allowDynamicType: true })],
  returnType: () => NumberType,
  impl: ([a]) => numberVal(a!.asNumber().abs()),
};

export const ceilFunc: FunctionDef = {
  description: 'Returns the smallest whole number that is greater than or equal to the given value.',
  params: [num('num')],
  returnType: () => NumberType,
  impl: ([a]) => {
    const f = a!.asNumber();
    return f.isInf() ? a! : numberVal(f.ceil());
  },
};

export const floorFunc: FunctionDef = {
  description: 'Returns the greatest whole number that is less than or equal to the given value.',
  params: [num('num')],
  returnType: () => NumberType,
  impl: ([a]) => {
    const f = a!.asNumber();
    return f.isInf() ? a! : numberVal(f.floor());
  },
};

export const logFunc: FunctionDef = {
  description: 'Returns the logarithm of the given number in the given base.',
  params: [num('num'), num('base')],
  returnType: () => NumberType,
  impl: ([n, b]) => float64Val(Math.log(goFloat64(n!.asNumber())) / Math.log(goFloat64(b!.asNumber()))),
};

export const powFunc: FunctionDef = {
  description: 'Returns the given number raised to the given power (exponentiation).',
  params: [num('num'), num('power')],
  returnType: () => NumberType,
  impl: ([n, p]) => float64Val(goPow(goFloat64(n!.asNumber()), goFloat64(p!.asNumber()))),
};

// ---- Go's math.Pow, step for step (its rounding differs from JS's `**` in the last bit for many inputs) -------

const f64 = new DataView(new ArrayBuffer(8));
function bits(x: number): bigint {
  f64.setFloat64(0, x);
  return f64.getBigUint64(0);
}
function fromBits(b: bigint): number {
  f64.setBigUint64(0, b);
  return f64.getFloat64(0);
}

/** Go math.Frexp: x = frac × 2^exp with |frac| in [½, 1). */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = 0;
  if (Math.abs(x) < 2.2250738585072014e-308) {
    x *= 2 ** 52; // normalise a subnormal
    e = -52;
  }
  const b = bits(x);
  e += Number((b >> 52n) & 0x7ffn) - 1022;
  return [fromBits((b & ~(0x7ffn << 52n)) | (1022n << 52n)), e];
}

/** Go math.Ldexp: frac × 2^exp with a single rounding for subnormal results. */
function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  const [f, e] = frexp(frac);
  exp += e;
  let b = bits(f);
  exp += Number((b >> 52n) & 0x7ffn) - 1023;
  if (exp < -1075) return frac < 0 ? -0 : 0;
  if (exp > 1023) return frac < 0 ? -Infinity : Infinity;
  let m = 1;
  if (exp < -1022) {
    exp += 53;
    m = 2 ** -53;
  }
  b &= ~(0x7ffn << 52n);
  b |= BigInt(exp + 1023) << 52n;
  return m * fromBits(b);
}

function isOddInt(x: number): boolean {
  const xi = Math.trunc(x);
  return x - xi === 0 && Math.abs(xi) < 2 ** 63 && (BigInt(xi) & 1n) === 1n;
}

/** Go math.Pow (pure-Go algorithm: special cases, small-integer fast path, frexp-based squaring). */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0) {
    if (y < 0) return isOddInt(y) ? (Object.is(x, -0) ? -Infinity : Infinity) : Infinity;
    return isOddInt(y) ? x : 0;
  }
  if (!Number.isFinite(y)) {
    if (x === -1) return 1;
    return (Math.abs(x) < 1) === (y > 0) ? 0 : Infinity;
  }
  if (!Number.isFinite(x)) {
    if (x < 0) return goPow(1 / x, -y);
    return y < 0 ? 0 : Infinity;
  }
  if (y === 0.5) return Math.sqrt(x);
  if (y === -0.5) return 1 / Math.sqrt(x);
  if (Number.isInteger(y) && y >= -128 && y <= 127) {
    const negative = y < 0;
    let n = Math.abs(y);
    let r = 1;
    while (n > 1) {
      let tmp = x;
      let c = 1;
      while (c <= Math.floor(n / 2)) {
        tmp *= tmp;
        c *= 2;
      }
      n -= c;
      r *= tmp;
    }
    for (let i = 0; i < n; i++) r *= x;
    return negative ? 1 / r : r;
  }
  let yi = Math.trunc(Math.abs(y));
  let yf = Math.abs(y) - yi;
  if (yf !== 0 && x < 0) return NaN;
  if (yi >= 2 ** 63) {
    if (x === -1) return 1;
    return (Math.abs(x) < 1) === (y > 0) ? 0 : Infinity;
  }
  let a1 = 1;
  let ae = 0;
  if (yf !== 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = Math.exp(yf * Math.log(x));
  }
  let [x1, xe] = frexp(x);
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe;
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}

export const signumFunc: FunctionDef = {
  description: 'Returns 0 if the given number is zero, 1 if the given number is positive, or -1 if the given number is negative.',
  params: [num('num')],
  returnType: () => NumberType,
  impl: ([a]) => {
    const i = goInt64(a!.asNumber());
    if (i.error !== undefined) throw new FunctionError(i.error);
    return numberValInt(i.value < 0n ? -1 : i.value > 0n ? 1 : 0);
  },
};

function numberValInt(n: number | bigint): Value {
  return numberVal(BigFloat.fromInt(n));
}

function extremum(name: 'min' | 'max'): FunctionDef {
  const better = name === 'min' ? (c: number) => c < 0 : (c: number) => c > 0;
  return {
    description: name === 'min' ? 'Returns the numerically smallest of all of the given numbers.' : 'Returns the numerically greatest of all of the given numbers.',
    params: [],
    varParam: num('numbers', { allowDynamicType: true }),
    returnType: () => NumberType,
    impl: (args) => {
      if (args.length === 0) throw new FunctionError('must pass at least one number');
      // A strict comparison against a running best that starts at the opposite infinity: ties keep the first.
      let best = numberVal(name === 'min' ? BigFloat.posInf : BigFloat.negInf);
      for (const a of args) if (better(a.asNumber().cmp(best.asNumber()))) best = a;
      return best;
    },
  };
}
export const minFunc = extremum('min');
export const maxFunc = extremum('max');

export const parseintFunc: FunctionDef = {
  description: 'Parses the given string as a number of the given base, or raises an error if the string contains invalid characters.',
  params: [
    { name: 'number', type: DynamicPseudoType },
    { name: 'base', type: NumberType },
  ],
  returnType: ([n]) => {
    if (n!.type.kind !== 'string') throw new FunctionArgError(0, `first argument must be a string, not ${friendlyName(n!.type)}`);
    return NumberType;
  },
  impl: ([n, b]) => {
    const s = n!.asString();
    const base = goInt(b!.asNumber());
    if (base.error !== undefined) throw new FunctionArgError(1, base.error);
    if (base.value < 2 || base.value > 62) throw new FunctionArgError(1, 'base must be a whole number between 2 and 62 inclusive');
    const parsed = parseBigInt(s, base.value);
    if (parsed === undefined) throw new FunctionArgError(0, `cannot parse ${goQuote(s)} as a base ${base.value} integer`);
    return numberValInt(parsed);
  },
};

/** big.Int.SetString(s, base) for 2 ≤ base ≤ 62: optional sign, then digits; no underscores or prefixes. */
function parseBigInt(s: string, base: number): bigint | undefined {
  let i = 0;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  if (i >= s.length) return undefined;
  const b = BigInt(base);
  let v = 0n;
  for (; i < s.length; i++) {
    const d = digitValue(s.charCodeAt(i), base);
    if (d === undefined || d >= base) return undefined;
    v = v * b + BigInt(d);
  }
  return neg ? -v : v;
}

function digitValue(c: number, base: number): number | undefined {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  // Upper-case letters equal lower-case ones up to base 36, and continue the digit range beyond it.
  if (c >= 0x41 && c <= 0x5a) return base <= 36 ? c - 0x41 + 10 : c - 0x41 + 36;
  return undefined;
}

// ---- sum (Packer) ------------------------------------------------------------------------------------------------

const notNumbers = 'argument must be list, set, or tuple of number values';

export const sumFunc: FunctionDef = {
  params: [{ name: 'list', type: DynamicPseudoType }],
  returnType: () => NumberType,
  impl: ([list]) => {
    const l = list!;
    const kind = l.type.kind;
    const iterable = kind === 'list' || kind === 'set' || kind === 'tuple' || kind === 'map' || kind === 'object';
    if (!iterable) throw new FunctionArgError(0, 'cannot sum noniterable');
    if (l.length === 0) throw new FunctionArgError(0, 'cannot sum an empty list');
    if (kind === 'map' || kind === 'object') {
      throw new FunctionArgError(0, `argument must be list, set, or tuple. Received ${friendlyName(l.type)}`);
    }
    if (!l.isWhollyKnown()) return unknownVal(NumberType);
    let total: Value | undefined;
    for (const e of l.asElements()) {
      const v = toNumber(e);
      if (total === undefined) {
        total = v;
        continue;
      }
      try {
        total = numberVal(total.asNumber().add(v.asNumber()));
      } catch (err) {
        if (err instanceof BigFloatError) throw new FunctionError("can't compute sum of opposing infinities");
        throw err;
      }
    }
    return total!;
  },
};

function toNumber(e: Value): Value {
  if (e.isNull) throw new FunctionArgError(0, notNumbers);
  try {
    return convert(e, NumberType);
  } catch (err) {
    if (err instanceof ConversionError) throw new FunctionArgError(0, notNumbers);
    throw err;
  }
}

export const numericFunctions: Record<string, FunctionDef> = {
  abs: absFunc,
  ceil: ceilFunc,
  floor: floorFunc,
  log: logFunc,
  max: maxFunc,
  min: minFunc,
  parseint: parseintFunc,
  pow: powFunc,
  signum: signumFunc,
  sum: sumFunc,
};
