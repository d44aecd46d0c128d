// Go's time.ParseDuration and Duration.String, checked with the tables of Go's own src/time/time_test.go
// (parseDurationTests, parseDurationErrorTests, durationTests) and the messages Packer prints.
import { DurationError, formatDuration, formatDurationNanos, parseDuration, parseDurationNanos } from '../src/duration.js';

const ns = 1n;
const us = 1000n * ns;
const ms = 1000n * us;
const s = 1000n * ms;
const m = 60n * s;
const h = 60n * m;
const MAX = (1n << 63n) - 1n;
const MIN = -(1n << 63n);

const parseTable: [string, bigint][] = [
  ['0', 0n],
  ['5s', 5n * s],
  ['30s', 30n * s],
  ['1478s', 1478n * s],
  ['-5s', -5n * s],
  ['+5s', 5n * s],
  ['-0', 0n],
  ['+0', 0n],
  ['5.0s', 5n * s],
  ['5.6s', 5n * s + 600n * ms],
  ['5.s', 5n * s],
  ['.5s', 500n * ms],
  ['1.0s', 1n * s],
  ['1.00s', 1n * s],
  ['1.004s', 1n * s + 4n * ms],
  ['1.0040s', 1n * s + 4n * ms],
  ['100.00100s', 100n * s + 1n * ms],
  ['10ns', 10n * ns],
  ['11us', 11n * us],
  ['12µs', 12n * us],
  ['12μs', 12n * us],
  ['13ms', 13n * ms],
  ['14s', 14n * s],
  ['15m', 15n * m],
  ['16h', 16n * h],
  ['3h30m', 3n * h + 30n * m],
  ['10.5s4m', 4n * m + 10n * s + 500n * ms],
  ['-2m3.4s', -(2n * m + 3n * s + 400n * ms)],
  ['1h2m3s4ms5us6ns', 1n * h + 2n * m + 3n * s + 4n * ms + 5n * us + 6n * ns],
  ['39h9m14.425s', 39n * h + 9n * m + 14n * s + 425n * ms],
  ['52763797000ns', 52763797000n * ns],
  ['0.3333333333333333333h', 20n * m],
  ['9007199254740993ns', (1n << 53n) + 1n],
  ['9223372036854775807ns', MAX],
  ['9223372036854775.807us', MAX],
  ['9223372036s854ms775us807ns', MAX],
  ['-9223372036854775808ns', MIN],
  ['-9223372036854775.808us', MIN],
  ['-9223372036s854ms775us808ns', MIN],
  ['-2562047h47m16.854775808s', MIN],
  ['0.100000000000000000000h', 6n * m],
  ['0.830103483285477580700h', 49n * m + 48n * s + 372539827n * ns],
];

test.each(parseTable)('ParseDuration(%j)', (text, want) => {
  expect(parseDurationNanos(text)).toBe(want);
});

// Go checks that the message contains the quoted input; we check the whole message.
const errorTable: [string, string][] = [
  ['', 'time: invalid duration ""'],
  ['3', 'time: missing unit in duration "3"'],
  ['-', 'time: invalid duration "-"'],
  ['s', 'time: invalid duration "s"'],
  ['.', 'time: invalid duration "."'],
  ['-.', 'time: invalid duration "-."'],
  ['.s', 'time: invalid duration ".s"'],
  ['+.s', 'time: invalid duration "+.s"'],
  ['1d', 'time: unknown unit "d" in duration "1d"'],
  ['\uFFFD', 'time: invalid duration "\\xef\\xbf\\xbd"'],
  ['\uFFFD hello \uFFFD world', 'time: invalid duration "\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world"'],
  ['9223372036854775810ns', 'time: invalid duration "9223372036854775810ns"'],
  ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
  ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
  ['9223372036854776us', 'time: invalid duration "9223372036854776us"'],
  ['3000000h', 'time: invalid duration "3000000h"'],
  ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
  ['9223372036854ms775us808ns', 'time: invalid duration "9223372036854ms775us808ns"'],
  // What Packer 1.6.6 printed for these (`error decoding 'ssh_timeout': …`).
  ['bogus', 'time: invalid duration "bogus"'],
  ['5', 'time: missing unit in duration "5"'],
  ['1x', 'time: unknown unit "x" in duration "1x"'],
  ['<unknown>', 'time: invalid duration "<unknown>"'],
];

test.each(errorTable)('ParseDuration(%j) fails', (text, message) => {
  expect(() => parseDurationNanos(text)).toThrow(new DurationError(message));
  let caught: unknown;
  try {
    parseDuration(text);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DurationError);
  expect((caught as Error).message).toBe(message);
});

const formatTable: [string, bigint][] = [
  ['0s', 0n],
  ['1ns', 1n * ns],
  ['1.1µs', 1100n * ns],
  ['2.2ms', 2200n * us],
  ['3.3s', 3300n * ms],
  ['4m5s', 4n * m + 5n * s],
  ['4m5.001s', 4n * m + 5001n * ms],
  ['5h6m7.001s', 5n * h + 6n * m + 7001n * ms],
  ['8m0.000000001s', 8n * m + 1n * ns],
  ['2562047h47m16.854775807s', MAX],
  ['-2562047h47m16.854775808s', MIN],
];

test.each(formatTable)('Duration.String = %j', (text, d) => {
  expect(formatDurationNanos(d)).toBe(text);
  if (d > 0n) expect(formatDurationNanos(-d)).toBe(`-${text}`);
});

test('round trips at the int64 limits (golang.org/issue/48629)', () => {
  expect(parseDurationNanos(formatDurationNanos(MAX))).toBe(MAX);
  expect(parseDurationNanos(formatDurationNanos(MIN))).toBe(MIN);
  expect(formatDurationNanos(MAX + 10n)).toBe('2562047h47m16.854775807s');
});

test('milliseconds: the unit configurations use', () => {
  expect(parseDuration('5m')).toBe(300000);
  expect(parseDuration('1h2m3.5s')).toBe(3723500);
  expect(parseDuration('1.5ms')).toBe(1.5);
  expect(parseDuration('250us')).toBe(0.25);
  expect(parseDuration('-2s')).toBe(-2000);
  expect(formatDuration(300000)).toBe('5m0s');
  expect(formatDuration(3723500)).toBe('1h2m3.5s');
  expect(formatDuration(1.1)).toBe('1.1ms');
  expect(formatDuration(0.0011)).toBe('1.1µs');
  expect(formatDuration(-1500)).toBe('-1.5s');
  expect(formatDuration(0)).toBe('0s');
});
