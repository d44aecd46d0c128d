// Go durations (time.ParseDuration and Duration.String), which Packer components use for every timeout and
// interval. Configurations carry them as milliseconds; the nanosecond functions are exact over Go's whole int64
// range. Parsing itself lives in the hcl package (the `timeadd` function needs it too).
import { parseDuration as parseGoDuration } from '@tspacker/hcl/functions/go-time.js';

/** A text that is not a Go duration; the message is Go's (`time: invalid duration "x"`, `time: missing unit…`). */
export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationError';
  }
}

const NANOS_PER_MILLI = 1_000_000;
const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

/** time.ParseDuration: nanoseconds. Throws DurationError with Go's message. */
export function parseDurationNanos(text: string): bigint {
  try {
    return parseGoDuration(text);
  } catch (e) {
    throw new DurationError((e as Error).message);
  }
}

/** time.ParseDuration, in milliseconds (fractional below a millisecond). Throws DurationError. */
export function parseDuration(text: string): number {
  return Number(parseDurationNanos(text)) / NANOS_PER_MILLI;
}

/** Duration.String for a nanosecond count (clamped to int64, as a Go Duration is). */
export function formatDurationNanos(nanos: bigint): string {
  const d = nanos > MAX_INT64 ? MAX_INT64 : nanos < MIN_INT64 ? MIN_INT64 : nanos;
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < 1_000_000_000n) {
    // Below a second: one unit (ns, µs, ms) with a fraction, e.g. 1.2ms.
    if (u === 0n) return '0s';
    let unit: string;
    let prec: number;
    if (u < 1000n) [unit, prec] = ['ns', 0];
    else if (u < 1_000_000n) [unit, prec] = ['µs', 3];
    else [unit, prec] = ['ms', 6];
    const [frac, whole] = fraction(u, prec);
    out = `${whole}${frac}${unit}`;
  } else {
    // Hours, minutes and seconds with up to nine fractional digits; no days (they vary in length).
    const [frac, secondsTotal] = fraction(u, 9);
    u = secondsTotal;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** Duration.String for milliseconds (rounded to the nanosecond). */
export function formatDuration(ms: number): string {
  return formatDurationNanos(BigInt(Math.round(ms * NANOS_PER_MILLI)));
}

/** Go's fmtFrac: the last `prec` digits as ".ddd" without trailing zeros (nothing when zero), and the rest. */
function fraction(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let printing = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    printing ||= digit !== 0n;
    if (printing) digits = `${digit}${digits}`;
    v /= 10n;
  }
  return [printing ? `.${digits}` : '', v];
}
