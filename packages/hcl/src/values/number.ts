// cty numbers: Go big.Float semantics — a binary mantissa with an explicit precision in bits, rounded
// to nearest-even. Literals and string conversions use 512 bits, integers from functions 64, float64 math 53.
// Arithmetic results take the larger precision of their operands. ±Infinity exist; NaN never does.
// (API contract; implementation in progress.)

export type Rounding = 'nearestEven';

export class BigFloat {
  /** Go big.ParseFloat(s, 10, prec, ToNearestEven): optional sign, digits, '.', e/E exponent; also Inf/inf/+Inf/-Inf. Undefined when invalid. */
  static parse(s: string, prec = 512): BigFloat | undefined {
    void s; void prec;
    throw new Error('BigFloat.parse: pending');
  }
  /** Exact integer with 64-bit precision (or more if needed to be exact, like cty NumberIntVal for bigints). */
  static fromInt(n: number | bigint): BigFloat {
    void n;
    throw new Error('BigFloat.fromInt: pending');
  }
  /** A float64 with 53-bit precision. */
  static fromFloat64(x: number): BigFloat {
    void x;
    throw new Error('BigFloat.fromFloat64: pending');
  }
  static readonly posInf: BigFloat;
  static readonly negInf: BigFloat;

  get prec(): number { throw new Error('pending'); }
  isInf(): boolean { throw new Error('pending'); }
  isInt(): boolean { throw new Error('pending'); }
  isZero(): boolean { throw new Error('pending'); }
  /** -1, 0 or 1. */
  sign(): number { throw new Error('pending'); }
  cmp(o: BigFloat): number { void o; throw new Error('pending'); }
  add(o: BigFloat): BigFloat { void o; throw new Error('pending'); }
  sub(o: BigFloat): BigFloat { void o; throw new Error('pending'); }
  mul(o: BigFloat): BigFloat { void o; throw new Error('pending'); }
  /** Throws BigFloatError for 0/0 and inf/inf (Go's ErrNaN). x/0 = ±Inf. */
  div(o: BigFloat): BigFloat { void o; throw new Error('pending'); }
  /** cty Modulo: x % 0 = x; a - b*trunc(a/b) in binary floats; infinities give a*b. */
  mod(o: BigFloat): BigFloat { void o; throw new Error('pending'); }
  neg(): BigFloat { throw new Error('pending'); }
  abs(): BigFloat { throw new Error('pending'); }
  floor(): BigFloat { throw new Error('pending'); }
  ceil(): BigFloat { throw new Error('pending'); }
  /** Truncated integer part; undefined for infinities. */
  toBigInt(): bigint | undefined { throw new Error('pending'); }
  /** Nearest float64. */
  toFloat64(): number { throw new Error('pending'); }
  /** Go Text('f', -1): shortest decimal that round-trips at this precision, no exponent ("+Inf"/"-Inf"). */
  toString(): string { throw new Error('pending'); }
  /** Go big.Float.Text(format, precision) for 'e' 'E' 'f' 'g' 'G' (precision -1 = shortest). */
  text(format: 'e' | 'E' | 'f' | 'g' | 'G', precision: number): string { void format; void precision; throw new Error('pending'); }
}

/** Raised for operations whose result would be NaN (Go's big.ErrNaN). */
export class BigFloatError extends Error {}
