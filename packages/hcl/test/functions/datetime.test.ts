// Date and time functions: cty's formatdate/timeadd (strict RFC 3339 with its derived error texts, Go durations),
// Packer's timestamp, legacy_isotime (Go layouts), legacy_strftime, rfc3339_parse and unix_timestamp_parse.
// The clocks are injected, so every expectation is exact.
import { evaluator, table } from './packer-eval.js';

const invalid = (param: string, msg: string) => `error: Invalid function argument: Invalid value for "${param}" parameter: ${msg}.`;
const failed = (fn: string, msg: string) => `error: Error in function call: Call to function "${fn}" failed: ${msg}.`;
const INT_RANGE = 'value must be a whole number, between -9223372036854775808 and 9223372036854775807';
const badTime = (msg: string) => invalid('time', `not a valid RFC3339 timestamp: ${msg}`);

let clock = Date.parse('2023-04-05T06:07:08.999Z');
const ev = evaluator({ now: () => new Date((clock += 1000)), processStart: new Date('2021-03-04T05:06:07.123Z') });

describe('formatdate', () => {
  const t = '"2018-01-02T23:12:01Z"';
  table(ev, [
    [`formatdate("DD MMM YYYY hh:mm ZZZ", ${t})`, '"02 Jan 2018 23:12 UTC"'],
    [`formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", ${t})`, '"Tuesday, 02-Jan-18 23:12:01 UTC"'],
    ['formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")', '"Tue, 02 Jan 2018 23:12:01 -0800"'],
    [`formatdate("MMMM D, YYYY", ${t})`, '"January 2, 2018"'],
    [`formatdate("M/D/YY", ${t})`, '"1/2/18"'],
    [`formatdate("HH:mmaa", ${t})`, '"11:12pm"'],
    ['formatdate("H AA h", "2018-01-02T00:05:00Z")', '"12 AM 0"'],
    ['formatdate("H AA", "2018-01-02T12:05:00Z")', '"12 PM"'],
    [`formatdate("s ss m", ${t})`, '"1 01 12"'],
    ['formatdate("Z ZZZZ ZZZZZ ZZZ", "2018-01-02T23:12:01+05:30")', '"+05:30 +0530 +05:30 +0530"'],
    [`formatdate("Z ZZZZ", ${t})`, '"Z +0000"'],
    ['formatdate("ZZZ", "2018-01-02T23:12:01+00:00")', '"UTC"'],
    [`formatdate("'Date:' YYYY", ${t})`, '"Date: 2018"'],
    [`formatdate("'it''s' h", ${t})`, '"it\'s 23"'],
    [`formatdate("''h''", ${t})`, '"\'23\'"'],
    [`formatdate("YYYY.MM.DD-", ${t})`, '"2018.01.02-"'],
    [`formatdate("", ${t})`, '""'],
    ['formatdate("YYYY", "0000-01-01T00:00:00Z")', '"0000"'],
    [`formatdate("'abc", ${t})`, invalid('format', "unterminated literal '")],
    [`formatdate("'", ${t})`, invalid('format', "unterminated literal '")],
    [`formatdate("YYY", ${t})`, invalid('format', 'invalid date format verb "YYY": year must either be "YY" or "YYYY"')],
    [`formatdate("MMMMM", ${t})`, invalid('format', 'invalid date format verb "MMMMM": month must be "M", "MM", "MMM", or "MMMM"')],
    [`formatdate("DDD", ${t})`, invalid('format', 'invalid date format verb "DDD": day of month must either be "D" or "DD"')],
    [`formatdate("E", ${t})`, invalid('format', 'invalid date format verb "E": day of week must either be "EEE" or "EEEE"')],
    [`formatdate("hhh", ${t})`, invalid('format', 'invalid date format verb "hhh": 24-hour must either be "h" or "hh"')],
    [`formatdate("HHH", ${t})`, invalid('format', 'invalid date format verb "HHH": 12-hour must either be "H" or "HH"')],
    [`formatdate("a", ${t})`, invalid('format', 'invalid date format verb "a": must be "aa"')],
    [`formatdate("mmm", ${t})`, invalid('format', 'invalid date format verb "mmm": minute must either be "m" or "mm"')],
    [`formatdate("sss", ${t})`, invalid('format', 'invalid date format verb "sss": second must either be "s" or "ss"')],
    [`formatdate("ZZ", ${t})`, invalid('format', 'invalid date format verb "ZZ": timezone must be Z, ZZZZ, or ZZZZZ')],
    [`formatdate("x", ${t})`, invalid('format', 'invalid date format verb "x"')],
    // cty's messages derived from Go's parse errors.
    ['formatdate("YYYY", "2018-01-02")', badTime("missing required time introducer 'T'")],
    ['formatdate("YYYY", "2018-01-02T23:12:01")', badTime('end of string before UTC offset')],
    ['formatdate("YYYY", "2018-13-02T00:00:00Z")', badTime('cannot use "-02T00:00:00Z" as month')],
    ['formatdate("YYYY", "2018-01-02T3:04:05Z")', badTime('hour must have exactly two digits')],
    ['formatdate("YYYY", "2018-01-02T24:00:00Z")', badTime('hour must be between 0 and 23 inclusive')],
    ['formatdate("YYYY", "2018-01-02T23:5:01Z")', badTime('minute must have exactly two digits')],
    ['formatdate("YYYY", "2018-01-02T23:12:01,5Z")', badTime('cannot use "," as timestamp segment')],
    ['formatdate("YYYY", "2018-01-02T23:12:01+24:00")', badTime('cannot use "+24:00" as UTC offset')],
    ['formatdate("YYYY", "2018-02-30T00:00:00Z")', badTime('day out of range')],
    ['formatdate("YYYY", "x")', badTime('cannot use "x" as year')],
    ['formatdate("YYYY", "")', badTime('end of string before year')],
    ['formatdate("YYYY", "2018/01/02T00:00:00Z")', badTime('found "/01/02T00:00:00Z" where "-" is expected')],
    ['formatdate("YYYY", "2018-01-02T23:12:01Zextra")', badTime('cannot use "extra" as timestamp segment')],
    ['formatdate("YYYY", "2018-01-02t23:12:01Z")', badTime("missing required time introducer 'T'")],
  ]);
});

describe('timeadd', () => {
  table(ev, [
    ['timeadd("2017-11-22T00:00:00Z", "10m")', '"2017-11-22T00:10:00Z"'],
    ['timeadd("2017-11-22T00:00:00Z", "-1h30m")', '"2017-11-21T22:30:00Z"'],
    ['timeadd("2017-11-22T00:00:00+05:30", "1.5h")', '"2017-11-22T01:30:00+05:30"'],
    ['timeadd("2017-11-22T00:00:00.999Z", "1s")', '"2017-11-22T00:00:01Z"'],
    ['timeadd("2024-02-28T23:00:00Z", "1h")', '"2024-02-29T00:00:00Z"'],
    ['timeadd("2023-01-01T00:00:00Z", "36h")', '"2023-01-02T12:00:00Z"'],
    ['timeadd("2023-01-01T00:00:00Z", "+.5h1µs300ms")', '"2023-01-01T00:30:00Z"'],
    ['timeadd("2023-01-01T00:00:00Z", "0")', '"2023-01-01T00:00:00Z"'],
    ['timeadd("9999-12-31T23:00:00Z", "2h")', '"10000-01-01T01:00:00Z"'],
    ['timeadd("x", "1h")', failed('timeadd', 'not a valid RFC3339 timestamp: cannot use "x" as year')],
    ['timeadd("2017-11-22T00:00:00Z", "1d")', failed('timeadd', 'time: unknown unit "d" in duration "1d"')],
    ['timeadd("2017-11-22T00:00:00Z", "1")', failed('timeadd', 'time: missing unit in duration "1"')],
    ['timeadd("2017-11-22T00:00:00Z", "")', failed('timeadd', 'time: invalid duration ""')],
    ['timeadd("2017-11-22T00:00:00Z", "1h-5m")', failed('timeadd', 'time: unknown unit "h-" in duration "1h-5m"')],
    ['timeadd("2017-11-22T00:00:00Z", ".h")', failed('timeadd', 'time: invalid duration ".h"')],
    ['timeadd("2017-11-22T00:00:00Z", "9223372036854775808ns")', failed('timeadd', 'time: invalid duration "9223372036854775808ns"')],
  ]);
});

describe('timestamp', () => {
  test('the current UTC time in whole seconds, read again on every call', () => {
    const a = ev.value('timestamp()').asString();
    const b = ev.value('timestamp()').asString();
    expect(a).toMatch(/^2023-04-05T06:07:\d\dZ$/);
    expect(Date.parse(b) - Date.parse(a)).toBe(1000);
  });
});

describe('legacy_isotime / legacy_strftime (process start time)', () => {
  table(ev, [
    ['legacy_isotime()', '"2021-03-04T05:06:07Z"'],
    ['legacy_isotime("2006-01-02")', '"2021-03-04"'],
    ['legacy_isotime("Mon Jan _2 15:04:05 MST 2006")', '"Thu Mar  4 05:06:07 UTC 2021"'],
    ['legacy_isotime("Monday January 2 3:4:5 PM pm 06")', '"Thursday March 4 5:6:7 AM am 21"'],
    ['legacy_isotime("03:04PM .000 .999 ,00 Z07:00 -0700 -07 __2 002")', '"05:06AM .123 .123 ,12 Z +0000 +00  63 063"'],
    ['legacy_isotime("20060102150405")', '"20210304050607"'],
    ['legacy_isotime("no elements here")', '"no elements here"'],
    ['legacy_isotime("a", "b")', failed('legacy_isotime', 'too many values, 1 needed: [{{{{} 83}} a} {{{{} 83}} b}]')],
    ['legacy_strftime()', '"2021-03-04T05:06:07Z"'],
    ['legacy_strftime("%Y-%m-%d %H:%M:%S")', '"2021-03-04 05:06:07"'],
    ['legacy_strftime("%a %A %b %B %d %I %p %y %Z %z %L %%")', '"Thu Thursday Mar March 04 05 AM 21 UTC +0000 .123 %"'],
    ['legacy_strftime("%x %q %")', '"%x %q %"'],
    ['legacy_strftime("100%")', '"100%"'],
    ['legacy_strftime("a", "b")', failed('legacy_strftime', 'too many values, 1 needed: [{{{{} 83}} a} {{{{} 83}} b}]')],
  ]);
});

describe('rfc3339_parse', () => {
  table(ev, [
    [
      'rfc3339_parse("2023-07-25T23:43:16Z")',
      '{day=25, hour=23, iso_week=30, iso_year=2023, minute=43, month=7, month_name="July", second=16, unix=1690328596, weekday=2, weekday_name="Tuesday", year=2023, year_day=206}',
    ],
    // Fields are in the timestamp's own offset.
    [
      'rfc3339_parse("2023-07-25 23:43:16.5-07:00")',
      '{day=25, hour=23, iso_week=30, iso_year=2023, minute=43, month=7, month_name="July", second=16, unix=1690353796, weekday=2, weekday_name="Tuesday", year=2023, year_day=206}',
    ],
    ['rfc3339_parse("2021-01-01T00:00:00Z").iso_year', '2020'],
    ['rfc3339_parse("2021-01-01T00:00:00Z").iso_week', '53'],
    ['rfc3339_parse("2024-12-30T00:00:00Z").iso_year', '2025'],
    ['rfc3339_parse("2024-12-30T00:00:00Z").year_day', '365'],
    ['rfc3339_parse("2023-01-01T00:00:00Z").weekday_name', '"Sunday"'],
    // Go's general parser also takes a one-digit hour and a comma before the fraction.
    ['rfc3339_parse("2023-07-25T3:43:16Z").hour', '3'],
    ['rfc3339_parse("2023-07-25T03:43:16,25Z").second', '16'],
    ['rfc3339_parse("2023-07-25T23:43:16")', invalid('timestamp', '"2023-07-25T23:43:16" is not a valid RFC3339 timestamp')],
    ['rfc3339_parse("yesterday")', invalid('timestamp', '"yesterday" is not a valid RFC3339 timestamp')],
  ]);
});

describe('unix_timestamp_parse', () => {
  table(ev, [
    [
      'unix_timestamp_parse(1690328596)',
      '{day=25, hour=23, iso_week=30, iso_year=2023, minute=43, month=7, month_name="July", rfc3339="2023-07-25T23:43:16Z", second=16, weekday=2, weekday_name="Tuesday", year=2023, year_day=206}',
    ],
    ['unix_timestamp_parse(0).rfc3339', '"1970-01-01T00:00:00Z"'],
    ['unix_timestamp_parse(-1).rfc3339', '"1969-12-31T23:59:59Z"'],
    ['unix_timestamp_parse(-1).iso_year', '1970'],
    ['unix_timestamp_parse(253402300800).rfc3339', '"10000-01-01T00:00:00Z"'],
    ['unix_timestamp_parse(-62135596801).rfc3339', '"0000-12-31T23:59:59Z"'],
    ['unix_timestamp_parse(-62167219201).rfc3339', '"-0001-12-31T23:59:59Z"'],
    ['unix_timestamp_parse("86400").day', '2'],
    [
      'unix_timestamp_parse(1.5)',
      invalid('unix_timestamp', `unix_timestamp must be a whole number of seconds representable as a 64-bit integer: ${INT_RANGE}`),
    ],
    [
      'unix_timestamp_parse(9223372036854775808)',
      invalid('unix_timestamp', `unix_timestamp must be a whole number of seconds representable as a 64-bit integer: ${INT_RANGE}`),
    ],
  ]);
});
