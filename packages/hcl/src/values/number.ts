// cty numbers: Go math/big.Float semantics. A value is sign × mantissa × 2^exp with a BigInt mantissa
// (kept odd, so equal values have one representation) and an explicit precision in bits to which results
// are rounded, nearest-even. Literals and string conversions use 512 bits, integers 64 (or more to stay
// exact), float64 math 53. ±Infinity exist; NaN never does: operations that would produce it throw
// BigFloatError, like Go panics with big.ErrNaN.
//
// Where cty does something more specific than plain big.Float (Multiply keeps exact products, Modulo works
// at the dividend's precision) the methods here follow cty, because these numbers *are* cty numbers.

export type Rounding = 'nearestEven';

/** Raised for operations whose result would be NaN (Go's big.ErrNaN). */
export class BigFloatError extends Error {}

const ZERO = 0;
const FINITE = 1;
const INF = 2;
type Form = typeof ZERO | typeof FINITE | typeof INF;

// Go's Float exponent is an int32 (value = 0.mant × 2^exp); beyond it values overflow to ±Inf or underflow to ±0.
const MAX_EXP = 2147483647;
/** Binary exponent bound for parsed numbers (see parse). */
const LITERAL_EXP_LIMIT = 2_000_000;
const MIN_EXP = -2147483648;
const LOG2_10 = 3.321928094887362;

export class BigFloat {
  private str?: string;

  private constructor(
    /** Precision in bits; results of operations are rounded to this many mantissa bits. */
    readonly prec: number,
    private readonly form: Form,
    /** The sign bit: true for negative numbers, -0 and -Inf. */
    readonly negative: boolean,
    /** Odd magnitude mantissa of a finite value; 0n for zeros and infinities. */
    private readonly mant: bigint,
    /** Binary exponent: |value| = mant × 2^exp. */
    private readonly exp: number,
    /** bitLength(mant): never more than prec. */
    private readonly bits: number,
  ) {}

  /** cty.PositiveInfinity (precision 0, like a zero-value big.Float set to Inf). */
  static readonly posInf: BigFloat = new BigFloat(0, INF, false, 0n, 0, 0);
  static readonly negInf: BigFloat = new BigFloat(0, INF, true, 0n, 0, 0);
  /** cty.Zero (big.NewFloat(0): 53 bits). */
  static readonly zero: BigFloat = new BigFloat(53, ZERO, false, 0n, 0, 0);

  // ---- construction ---------------------------------------------------------------------------------------

  private static zeroOf(negative: boolean, prec: number): BigFloat {
    return new BigFloat(prec, ZERO, negative, 0n, 0, 0);
  }
  private static infOf(negative: boolean, prec: number): BigFloat {
    return new BigFloat(prec, INF, negative, 0n, 0, 0);
  }

  /**
   * Round sign × m × 2^e to `prec` bits, nearest-even. `sticky` says the exact value has more nonzero bits
   * below m's last bit (callers that pass it guarantee m has more than prec bits).
   */
  private static round(negative: boolean, m: bigint, e: number, prec: number, sticky = false): BigFloat {
    if (m === 0n) return BigFloat.zeroOf(negative, prec);
    let bits = bitLength(m);
    if (bits > prec) {
      const shift = bits - prec;
      const s = BigInt(shift);
      let q = m >> s;
      const r = m - (q << s);
      const half = 1n << (s - 1n);
      if (r > half || (r === half && (sticky || (q & 1n) === 1n))) q += 1n;
      m = q;
      e += shift;
    }
    if ((m & 1n) === 0n) {
      const tz = trailingZeroBits(m);
      m >>= BigInt(tz);
      e += tz;
    }
    bits = bitLength(m);
    const top = e + bits;
    if (top > MAX_EXP) return BigFloat.infOf(negative, prec);
    if (top < MIN_EXP) return BigFloat.zeroOf(negative, prec);
    return new BigFloat(prec, FINITE, negative, m, e, bits);
  }

  /**
   * Go big.ParseFloat(s, 10, prec, ToNearestEven): optional sign, digits with an optional '.', an optional
   * e/E (decimal) or p/P (binary) exponent; also Inf/inf with an optional sign. Undefined when invalid.
   * Go applies 10^e as 2^e × 5^e with 5^e computed at prec+64 bits (exact up to about 5^248, rounded
   * beyond), then one rounded multiply or divide; this reproduces that, so results match bit for bit.
   */
  static parse(s: string, prec = 512): BigFloat | undefined {
    if (prec <= 0) prec = 64;
    const n = s.length;
    if (n === 0) return undefined;
    // Fast path: a short unsigned integer literal, exact at any precision of 64 bits or more.
    if (n <= 15 && prec >= 64) {
      let allDigits = true;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c < 48 || c > 57) {
          allDigits = false;
          break;
        }
      }
      if (allDigits) return BigFloat.round(false, BigInt(s), 0, prec);
    }
    if (s === 'Inf' || s === 'inf') return BigFloat.infOf(false, prec);
    if (n === 4 && (s[0] === '+' || s[0] === '-') && (s.endsWith('Inf') || s.endsWith('inf'))) {
      return BigFloat.infOf(s[0] === '-', prec);
    }
    const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:([eEpP])([+-]?[0-9]+))?$/.exec(s);
    if (!m) return undefined;
    const negative = m[1] === '-';
    const intDigits = m[2]!;
    const fracDigits = m[3] ?? '';
    if (intDigits.length === 0 && fracDigits.length === 0) return undefined;
    let exp = 0n;
    if (m[5] !== undefined) {
      exp = BigInt(m[5]);
      // strconv.ParseInt(_, 10, 64) fails on overflow.
      if (exp > 9223372036854775807n || exp < -9223372036854775808n) return undefined;
    }
    const mant = BigInt(intDigits + fracDigits);
    if (mant === 0n) return BigFloat.zeroOf(negative, prec);
    let exp2 = BigInt(-fracDigits.length);
    let exp5 = exp2;
    if (m[4] === 'p' || m[4] === 'P') exp2 += exp;
    else {
      exp2 += exp;
      exp5 += exp;
    }
    // Go keeps the unrounded mantissa with a 0.mant × 2^exp exponent that must fit an int32.
    const top = exp2 + BigInt(bitLength(mant));
    if (top > BigInt(MAX_EXP) || top < BigInt(MIN_EXP)) return undefined;
    // Deliberate limit: Go keeps finite values up to 2^(2^31), but rendering one in decimal (which every
    // string conversion does) needs hundreds of megabytes of digits. Beyond about ±600,000 decimal digits
    // we overflow to ±Inf or underflow to ±0 early, as Go itself does at its larger limit.
    if (top > BigInt(LITERAL_EXP_LIMIT)) return BigFloat.infOf(negative, prec);
    if (top < -BigInt(LITERAL_EXP_LIMIT)) return BigFloat.zeroOf(negative, prec);
    const z = new BigFloat(prec, FINITE, negative, mant, Number(exp2), bitLength(mant));
    if (exp5 === 0n) return BigFloat.round(negative, mant, Number(exp2), prec);
    const p = BigFloat.pow5Float(exp5 < 0n ? -exp5 : exp5, prec + 64);
    return exp5 < 0n ? BigFloat.quo(z, p, prec) : BigFloat.mulRounded(z, p, prec);
  }

  /** An exact integer: 64-bit precision, or the bit length when larger (Go SetInt64 / SetInt). */
  static fromInt(n: number | bigint): BigFloat {
    if (typeof n === 'number' && !Number.isInteger(n)) throw new TypeError(`BigFloat.fromInt: ${n} is not an integer`);
    const b = typeof n === 'bigint' ? n : BigInt(n);
    const negative = b < 0n;
    const abs = negative ? -b : b;
    if (abs === 0n) return BigFloat.zeroOf(false, 64);
    return BigFloat.round(negative, abs, 0, Math.max(64, bitLength(abs)));
  }

  /** An integer rounded to `prec` bits (Go SetInt on a Float whose precision is already set). */
  static fromIntPrec(n: bigint, prec: number): BigFloat {
    const negative = n < 0n;
    return BigFloat.round(negative, negative ? -n : n, 0, prec);
  }

  /** A float64 with 53-bit precision (Go SetFloat64). NaN throws BigFloatError. */
  static fromFloat64(x: number): BigFloat {
    if (Number.isNaN(x)) throw new BigFloatError('NaN is not a number');
    if (x === 0) return BigFloat.zeroOf(Object.is(x, -0), 53);
    if (x === Infinity) return BigFloat.infOf(false, 53);
    if (x === -Infinity) return BigFloat.infOf(true, 53);
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    const hi = view.getUint32(0);
    const lo = view.getUint32(4);
    const biased = (hi >>> 20) & 0x7ff;
    let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    let exp = -1074;
    if (biased !== 0) {
      mant |= 1n << 52n;
      exp = biased - 1075;
    }
    return BigFloat.round(x < 0, mant, exp, 53);
  }

  // ---- inspection -----------------------------------------------------------------------------------------

  isInf(): boolean {
    return this.form === INF;
  }
  isZero(): boolean {
    return this.form === ZERO;
  }
  /** Zeros are integers; infinities are not. */
  isInt(): boolean {
    return this.form === ZERO || (this.form === FINITE && this.exp >= 0);
  }
  /** -1, 0 or 1 (0 for both zeros). */
  sign(): number {
    if (this.form === ZERO) return 0;
    return this.negative ? -1 : 1;
  }
  /** The minimum precision that represents this value exactly (Go MinPrec). */
  minPrec(): number {
    return this.form === FINITE ? this.bits : 0;
  }
  /** The same value rounded to a new precision (Go SetPrec). */
  setPrec(prec: number): BigFloat {
    if (prec === this.prec) return this;
    if (this.form !== FINITE || this.bits <= prec) return this.relabel(prec);
    return BigFloat.round(this.negative, this.mant, this.exp, prec);
  }
  /** Same value, different precision label; only valid when the value fits. */
  private relabel(prec: number): BigFloat {
    if (prec === this.prec) return this;
    return new BigFloat(prec, this.form, this.negative, this.mant, this.exp, this.bits);
  }

  /** Go Cmp: -1, 0, +1; -0 equals 0. */
  cmp(o: BigFloat): number {
    const a = this.sign();
    const b = o.sign();
    if (a !== b) return a < b ? -1 : 1;
    if (a === 0) return 0;
    return BigFloat.cmpAbs(this, o) * a;
  }
  /** cty's number equality: equal when their shortest decimal renderings match (and -0 equals 0). */
  equalsDecimal(o: BigFloat): boolean {
    if (this === o) return true;
    if (this.sign() !== o.sign()) return false;
    if (this.form === ZERO) return true;
    if (this.form === FINITE && o.form === FINITE && BigFloat.cmpAbs(this, o) === 0 && this.prec === o.prec) return true;
    return this.toString() === o.toString();
  }

  // ---- arithmetic -----------------------------------------------------------------------------------------

  neg(): BigFloat {
    return new BigFloat(this.prec, this.form, !this.negative, this.mant, this.exp, this.bits);
  }
  abs(): BigFloat {
    return this.negative ? this.neg() : this;
  }
  /** Go Add, rounded to `prec` (default: the larger operand precision). Opposing infinities throw. */
  add(o: BigFloat, prec = Math.max(this.prec, o.prec)): BigFloat {
    return BigFloat.addTo(this, o, o.negative, prec);
  }
  /** Go Sub, rounded to `prec` (default: the larger operand precision). Same-signed infinities throw. */
  sub(o: BigFloat, prec = Math.max(this.prec, o.prec)): BigFloat {
    return BigFloat.addTo(this, o, !o.negative, prec);
  }
  /**
   * cty Multiply: the product is rounded to 512 bits, then kept at the larger of the operands' precisions
   * and the bits that product needs (so products of small-precision numbers stay exact). 0 × Inf throws.
   */
  mul(o: BigFloat): BigFloat {
    const r = BigFloat.mulRounded(this, o, 512);
    return r.relabel(Math.max(this.prec, o.prec, r.minPrec()));
  }
  /** Plain Go Mul into a Float of the given precision (default: the larger operand precision). */
  mulPrec(o: BigFloat, prec = Math.max(this.prec, o.prec)): BigFloat {
    return BigFloat.mulRounded(this, o, prec);
  }
  /** Go Quo, rounded to `prec` (default: the larger operand precision): x/0 = ±Inf; 0/0 and Inf/Inf throw. */
  div(o: BigFloat, prec = Math.max(this.prec, o.prec)): BigFloat {
    return BigFloat.quo(this, o, prec);
  }
  /**
   * cty Modulo: if either operand is infinite the result is their product (0 × Inf throws); x % 0 = x;
   * otherwise x - y × trunc(x / y), with the integer, product and difference rounded to x's precision.
   */
  mod(o: BigFloat): BigFloat {
    if (this.form === INF || o.form === INF) return this.mul(o);
    if (o.form === ZERO) return this;
    const t = this.div(o).toBigInt()!;
    const p = this.prec;
    let work = BigFloat.fromIntPrec(t, p);
    work = BigFloat.mulRounded(o, work, p);
    return BigFloat.addTo(this, work, !work.negative, p);
  }
  /** Largest integer ≤ this, at this precision (cty floor); infinities are returned unchanged. */
  floor(): BigFloat {
    if (this.form === INF) return this;
    if (this.isInt()) return this.form === ZERO ? BigFloat.zeroOf(false, this.prec) : this;
    const t = this.toBigInt()!;
    return BigFloat.fromIntPrec(this.negative ? t - 1n : t, this.prec);
  }
  /** Smallest integer ≥ this, at this precision (cty ceil); infinities are returned unchanged. */
  ceil(): BigFloat {
    if (this.form === INF) return this;
    if (this.isInt()) return this.form === ZERO ? BigFloat.zeroOf(false, this.prec) : this;
    const t = this.toBigInt()!;
    return BigFloat.fromIntPrec(this.negative ? t : t + 1n, this.prec);
  }

  // ---- conversion -----------------------------------------------------------------------------------------

  /** Truncated toward zero; undefined for infinities. */
  toBigInt(): bigint | undefined {
    if (this.form === INF) return undefined;
    if (this.form === ZERO) return 0n;
    const v = this.exp >= 0 ? this.mant << BigInt(this.exp) : this.mant >> BigInt(-this.exp);
    return this.negative ? -v : v;
  }
  /** The value as a JS integer when it is whole and a safe integer (|v| < 2^53); otherwise undefined. */
  toSafeInteger(): number | undefined {
    if (!this.isInt()) return undefined;
    if (this.form === ZERO) return 0;
    if (this.exp + this.bits > 53) return undefined;
    const v = Number(this.mant) * 2 ** this.exp;
    return this.negative ? -v : v;
  }
  /** Nearest float64, ties to even (Go Float64), including subnormals, overflow to ±Infinity and -0. */
  toFloat64(): number {
    if (this.form === INF) return this.negative ? -Infinity : Infinity;
    if (this.form === ZERO) return this.negative ? -0 : 0;
    const top = this.exp + this.bits;
    let v: number;
    if (top > 1024) v = Infinity;
    else if (top >= -1021) {
      const r = this.bits > 53 ? BigFloat.round(false, this.mant, this.exp, 53) : this;
      v = scale2(Number(r.mant), r.exp);
    } else {
      // Subnormal range: round to a multiple of 2^-1074.
      const shift = -1074 - this.exp;
      let q: bigint;
      if (shift <= 0) q = this.mant << BigInt(-shift);
      else {
        const s = BigInt(shift);
        q = this.mant >> s;
        const r = this.mant - (q << s);
        const half = 1n << (s - 1n);
        if (r > half || (r === half && (q & 1n) === 1n)) q += 1n;
      }
      v = Number(q) * 2 ** -1074;
    }
    return this.negative ? -v : v;
  }

  /** Go Text('f', -1): the shortest decimal that rounds back to this value at its precision, no exponent. */
  toString(): string {
    let s = this.str;
    if (s === undefined) {
      s = this.computeString();
      this.str = s;
    }
    return s;
  }
  private computeString(): string {
    if (this.form === INF) return this.negative ? '-Inf' : '+Inf';
    if (this.form === ZERO) return this.negative ? '-0' : '0';
    const sign = this.negative ? '-' : '';
    // Integers whose ulp is at most 1: no shorter decimal is within half an ulp, so the digits are exact.
    if (this.exp >= 0 && this.exp + this.bits <= this.prec) {
      return sign + (this.exp === 0 ? this.mant : this.mant << BigInt(this.exp)).toString();
    }
    return sign + formatF(this.shortestDecimal());
  }

  /** Go big.Float.Text(format, precision) for 'e' 'E' 'f' 'g' 'G' (precision < 0 = shortest). */
  text(format: 'e' | 'E' | 'f' | 'g' | 'G', precision: number): string {
    if (format === 'f' && precision < 0) return this.toString();
    if (this.form === INF) return this.negative ? '-Inf' : '+Inf';
    const sign = this.negative ? '-' : '';
    let d: Decimal;
    let prec = precision;
    const shortest = prec < 0;
    if (shortest) {
      d = this.shortestDecimal();
      switch (format) {
        case 'e':
        case 'E':
          prec = d.mant.length - 1;
          break;
        case 'f':
          prec = Math.max(d.mant.length - d.exp, 0);
          break;
        default:
          prec = d.mant.length;
      }
    } else {
      d = this.exactDecimal();
      switch (format) {
        case 'e':
        case 'E':
          d = roundDecimal(d, 1 + prec);
          break;
        case 'f':
          d = roundDecimal(d, d.exp + prec);
          break;
        default:
          if (prec === 0) prec = 1;
          d = roundDecimal(d, prec);
      }
    }
    switch (format) {
      case 'e':
      case 'E':
        return sign + formatE(d, format, prec);
      case 'f':
        return sign + formatF(d, prec);
      default: {
        let eprec = prec;
        if (eprec > d.mant.length && d.mant.length >= d.exp) eprec = d.mant.length;
        if (shortest) eprec = 6;
        const exp = d.exp - 1;
        if (exp < -4 || exp >= eprec) {
          if (prec > d.mant.length) prec = d.mant.length;
          return sign + formatE(d, format === 'g' ? 'e' : 'E', prec - 1);
        }
        if (prec > d.exp) prec = d.mant.length;
        return sign + formatF(d, Math.max(prec - d.exp, 0));
      }
    }
  }

  private exactDecimal(): Decimal {
    return this.form === FINITE ? decimalOf(this.mant, this.exp) : EMPTY_DECIMAL;
  }

  /** Go's roundShortest for big.Float (the same digit-by-digit walk against the half-ulp neighbours). */
  private shortestDecimal(): Decimal {
    const d = this.exactDecimal();
    if (d.mant.length === 0) return d;
    const prec = this.prec;
    const top = this.exp + this.bits;
    // If half an ulp is smaller than one unit in d's last digit, every shorter candidate is out of range
    // and the walk below would return d itself.
    if (top - prec < (d.exp - d.mant.length) * LOG2_10 - 1) return d;
    // Scale the mantissa to prec+1 bits, so that its lowest bit is half an ulp.
    const shift = prec + 1 - this.bits;
    const m = this.mant << BigInt(shift);
    const e = this.exp - shift;
    const lower = decimalOf(m - 1n, e);
    const upper = decimalOf(m + 1n, e);
    // Neighbours are possible outputs only if the mantissa is even (bit 1 of m is its last bit).
    const inclusive = this.bits < prec;
    const n = d.mant.length;
    for (let i = 0; i < n; i++) {
      const c = d.mant.charCodeAt(i);
      const l = digitAt(lower, i);
      const u = digitAt(upper, i);
      const okdown = l !== c || (inclusive && i + 1 === lower.mant.length);
      const okup = c !== u && (inclusive || c + 1 < u || i + 1 < upper.mant.length);
      if (okdown && okup) return roundDecimal(d, i + 1);
      if (okdown) return roundDecimalDown(d, i + 1);
      if (okup) return roundDecimalUp(d, i + 1);
    }
    return d;
  }

  // ---- arithmetic kernels (Go semantics with an explicit result precision) -------------------------------

  private static cmpAbs(a: BigFloat, b: BigFloat): number {
    if (a.form !== b.form) {
      // ZERO < FINITE < INF
      return a.form < b.form ? -1 : 1;
    }
    if (a.form !== FINITE) return 0;
    const ta = a.exp + a.bits;
    const tb = b.exp + b.bits;
    if (ta !== tb) return ta < tb ? -1 : 1;
    const e = Math.min(a.exp, b.exp);
    const p = a.exp === e ? a.mant : a.mant << BigInt(a.exp - e);
    const q = b.exp === e ? b.mant : b.mant << BigInt(b.exp - e);
    return p === q ? 0 : p < q ? -1 : 1;
  }

  /** x + (±|y| with sign yneg) rounded to prec (Go Add/Sub). */
  private static addTo(x: BigFloat, y: BigFloat, yneg: boolean, prec: number): BigFloat {
    if (x.form === FINITE && y.form === FINITE) {
      // Operands far apart: the smaller only decides rounding, so it becomes a sticky bit instead of a
      // (possibly enormous) shift.
      const big = BigFloat.cmpAbs(x, y) >= 0 ? x : y;
      const small = big === x ? y : x;
      const bigNeg = big === x ? x.negative : yneg;
      const smallNeg = big === x ? yneg : x.negative;
      const extra = Math.max(0, prec + 2 - big.bits);
      const eb = big.exp - extra;
      if (small.exp + small.bits <= eb) {
        const m = big.mant << BigInt(extra);
        return BigFloat.round(bigNeg, bigNeg === smallNeg ? m : m - 1n, eb, prec, true);
      }
      const e = Math.min(x.exp, y.exp);
      const a = x.exp === e ? x.mant : x.mant << BigInt(x.exp - e);
      const b = y.exp === e ? y.mant : y.mant << BigInt(y.exp - e);
      if (x.negative === yneg) return BigFloat.round(x.negative, a + b, e, prec);
      if (a > b) return BigFloat.round(x.negative, a - b, e, prec);
      if (a < b) return BigFloat.round(yneg, b - a, e, prec);
      return BigFloat.zeroOf(false, prec);
    }
    if (x.form === INF && y.form === INF && x.negative !== yneg) {
      throw new BigFloatError('addition of infinities with opposite signs');
    }
    if (x.form === ZERO && y.form === ZERO) return BigFloat.zeroOf(x.negative && yneg, prec);
    if (x.form === INF || y.form === ZERO) return x.relabel(Math.max(prec, x.prec)).setPrec(prec);
    const ys = y.negative === yneg ? y : y.neg();
    return ys.relabel(Math.max(prec, y.prec)).setPrec(prec);
  }

  /** x × y rounded to prec (Go Mul into a Float of that precision). */
  private static mulRounded(x: BigFloat, y: BigFloat, prec: number): BigFloat {
    const neg = x.negative !== y.negative;
    if (x.form === FINITE && y.form === FINITE) return BigFloat.round(neg, x.mant * y.mant, x.exp + y.exp, prec);
    if ((x.form === ZERO && y.form === INF) || (x.form === INF && y.form === ZERO)) {
      throw new BigFloatError('multiplication of zero with infinity');
    }
    if (x.form === INF || y.form === INF) return BigFloat.infOf(neg, prec);
    return BigFloat.zeroOf(neg, prec);
  }

  /** x / y rounded to prec (Go Quo). */
  private static quo(x: BigFloat, y: BigFloat, prec: number): BigFloat {
    const neg = x.negative !== y.negative;
    if (x.form === FINITE && y.form === FINITE) {
      // Enough quotient bits for the rounding bit; the remainder is the sticky bit.
      const k = Math.max(0, prec + 3 + y.bits - x.bits);
      const num = k === 0 ? x.mant : x.mant << BigInt(k);
      const q = num / y.mant;
      return BigFloat.round(neg, q, x.exp - y.exp - k, prec, q * y.mant !== num);
    }
    if ((x.form === ZERO && y.form === ZERO) || (x.form === INF && y.form === INF)) {
      throw new BigFloatError('division of zero by zero or infinity by infinity');
    }
    if (x.form === ZERO || y.form === INF) return BigFloat.zeroOf(neg, prec);
    return BigFloat.infOf(neg, prec);
  }

  /** Go's big pow5 helper (floatconv.go): 5^n exact up to 5^27, otherwise by squaring at fixed precisions. */
  private static pow5Float(n: bigint, prec: number): BigFloat {
    if (n <= 27n) return BigFloat.round(false, 5n ** n, 0, prec);
    let z = BigFloat.round(false, 5n ** 27n, 0, prec);
    n -= 27n;
    let f = BigFloat.round(false, 5n, 0, prec + 64);
    while (n > 0n) {
      if ((n & 1n) === 1n) z = BigFloat.mulRounded(z, f, prec);
      n >>= 1n;
      if (n > 0n) f = BigFloat.mulRounded(f, f, prec + 64);
    }
    return z;
  }
}

/** 2^e × v for an exact integer-valued v ≤ 2^53, without overflowing intermediate powers. */
function scale2(v: number, e: number): number {
  while (e > 1000) {
    v *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    v *= 2 ** -1000;
    e += 1000;
  }
  return v * 2 ** e;
}

// ---- bit helpers ------------------------------------------------------------------------------------------

function bitLength(n: bigint): number {
  if (n < 0x100000000n) return 32 - Math.clz32(Number(n));
  if (n < 0x20000000000000n) return 64 - Math.clz32(Math.floor(Number(n) / 4294967296));
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

/** Trailing zero bits of n > 0. */
function trailingZeroBits(n: bigint): number {
  const low = Number(n & 0xffffffffn);
  if (low !== 0) return 31 - Math.clz32(low & -low);
  return bitLength(n & -n) - 1;
}

// ---- decimals (Go math/big decimal.go): value = 0.mant × 10^exp, mant without trailing zeros ----------------

interface Decimal {
  readonly mant: string;
  readonly exp: number;
}
const EMPTY_DECIMAL: Decimal = { mant: '', exp: 0 };

const pow5Cache: bigint[] = [];
function pow5(k: number): bigint {
  if (k < 1100) {
    let p = pow5Cache[k];
    if (p === undefined) {
      p = 5n ** BigInt(k);
      pow5Cache[k] = p;
    }
    return p;
  }
  return 5n ** BigInt(k);
}

/** The exact decimal of m × 2^e (m ≥ 0). */
function decimalOf(m: bigint, e: number): Decimal {
  if (m === 0n) return EMPTY_DECIMAL;
  let s: string;
  let exp: number;
  if (e >= 0) {
    s = (e === 0 ? m : m << BigInt(e)).toString();
    exp = s.length;
  } else {
    // m / 2^k = m × 5^k / 10^k
    s = (m * pow5(-e)).toString();
    exp = s.length + e;
  }
  return trimDecimal(s, exp);
}

function trimDecimal(mant: string, exp: number): Decimal {
  let i = mant.length;
  while (i > 0 && mant.charCodeAt(i - 1) === 48) i--;
  if (i === 0) return EMPTY_DECIMAL;
  return { mant: i === mant.length ? mant : mant.slice(0, i), exp };
}

function digitAt(d: Decimal, i: number): number {
  return i >= 0 && i < d.mant.length ? d.mant.charCodeAt(i) : 48;
}

/** Round to n digits, half to even (Go decimal.round); n < 0 or n ≥ len leaves d unchanged. */
function roundDecimal(d: Decimal, n: number): Decimal {
  if (n < 0 || n >= d.mant.length) return d;
  const c = d.mant.charCodeAt(n);
  let up: boolean;
  if (c === 53 && n + 1 === d.mant.length) up = n > 0 && ((d.mant.charCodeAt(n - 1) - 48) & 1) !== 0;
  else up = c >= 53;
  return up ? roundDecimalUp(d, n) : roundDecimalDown(d, n);
}

function roundDecimalUp(d: Decimal, n: number): Decimal {
  if (n < 0 || n >= d.mant.length) return d;
  while (n > 0 && d.mant.charCodeAt(n - 1) >= 57) n--;
  if (n === 0) return { mant: '1', exp: d.exp + 1 };
  return { mant: d.mant.slice(0, n - 1) + String.fromCharCode(d.mant.charCodeAt(n - 1) + 1), exp: d.exp };
}

function roundDecimalDown(d: Decimal, n: number): Decimal {
  if (n < 0 || n >= d.mant.length) return d;
  return trimDecimal(d.mant.slice(0, n), d.exp);
}

/** %e: d.dddde±dd */
function formatE(d: Decimal, fmt: 'e' | 'E', prec: number): string {
  let out = d.mant.length > 0 ? d.mant[0]! : '0';
  if (prec > 0) {
    const frac = d.mant.slice(1, Math.min(d.mant.length, prec + 1));
    out += '.' + frac + '0'.repeat(prec - frac.length);
  }
  let exp = d.mant.length > 0 ? d.exp - 1 : 0;
  let sign = '+';
  if (exp < 0) {
    sign = '-';
    exp = -exp;
  }
  return out + fmt + sign + (exp < 10 ? '0' : '') + String(exp);
}

/** %f: ddddd.ddd; prec < 0 means as many fraction digits as the decimal has. */
function formatF(d: Decimal, prec = Math.max(d.mant.length - d.exp, 0)): string {
  let out: string;
  if (d.exp > 0) {
    out = d.mant.length >= d.exp ? d.mant.slice(0, d.exp) : d.mant + '0'.repeat(d.exp - d.mant.length);
  } else out = '0';
  if (prec > 0) {
    let frac = '';
    if (d.exp < 0) frac = '0'.repeat(Math.min(-d.exp, prec));
    const start = Math.max(d.exp, 0);
    frac += d.mant.slice(start, start + (prec - frac.length));
    out += '.' + frac + '0'.repeat(prec - frac.length);
  }
  return out;
}
