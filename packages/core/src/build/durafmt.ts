// Packer's build durations: durafmt.Parse(d).LimitFirstN(2) — the two most significant non-zero units, spelled
// out ("1 second 24 milliseconds", "14 milliseconds 490 microseconds").

const UNITS: readonly (readonly [singular: string, micros: bigint])[] = [
  ['year', 365n * 24n * 3600n * 1_000_000n],
  ['week', 7n * 24n * 3600n * 1_000_000n],
  ['day', 24n * 3600n * 1_000_000n],
  ['hour', 3600n * 1_000_000n],
  ['minute', 60n * 1_000_000n],
  ['second', 1_000_000n],
  ['millisecond', 1000n],
  ['microsecond', 1n],
];

/** `ms` (fractions allowed, e.g. from performance.now()) as durafmt's two-unit text. */
export function durationText(ms: number): string {
  let micros = BigInt(Math.max(0, Math.round(ms * 1000)));
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = micros / size;
    micros -= n * size;
    if (n === 0n) continue;
    parts.push(`${n} ${n === 1n ? unit : `${unit}s`}`);
    if (parts.length === 2) break;
  }
  // durafmt prints nothing for a zero duration; a build is never that fast, but keep a readable text.
  return parts.length > 0 ? parts.join(' ') : '0 microseconds';
}
