// The parts of Go's time package the date/time functions rely on: instants with a fixed UTC offset, the reference-
// layout formatter (Time.Format) and parser (time.Parse), RFC 3339, durations (time.ParseDuration) and ISO weeks.
// Dates are proleptic Gregorian; seconds are BigInts so that any int64 Unix time is exact.

export interface GoTime {
  /** Seconds since 1970-01-01T00:00:00Z. */
  readonly unix: bigint;
  /** Nanoseconds within the second, 0 ≤ nsec < 1e9. */
  readonly nsec: number;
  /** UTC offset of the time's location, in seconds east of UTC. */
  readonly offset: number;
  /** Zone abbreviation ("UTC"), or "" for a fabricated fixed zone. */
  readonly zone: string;
}

export const longDayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const longMonthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
};
const floorMod = (a: number, b: number): number => ((a % b) + b) % b;

export function fromDate(d: Date): GoTime {
  const ms = BigInt(d.getTime());
  const sec = floorDiv(ms, 1000n);
  return { unix: sec, nsec: Number(ms - sec * 1000n) * 1e6, offset: 0, zone: 'UTC' };
}

export function unixTime(sec: bigint): GoTime {
  return { unix: sec, nsec: 0, offset: 0, zone: 'UTC' };
}

// ---- civil calendar -------------------------------------------------------------------------------------------------

export function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

export function daysIn(month: number, year: number): number {
  if (month === 2 && isLeap(year)) return 29;
  return daysBefore[month]! - daysBefore[month - 1]!;
}

/** Days since 1970-01-01 of a civil date (month 1–12; out-of-range days are not normalised here). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): { year: number; month: number; day: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export interface Fields {
  year: number;
  month: number;
  day: number;
  /** Day of the year, 1-based. */
  yday: number;
  /** 0 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
  second: number;
  nsec: number;
}

/** The wall-clock fields of a time in its own offset. */
export function fields(t: GoTime): Fields {
  const local = t.unix + BigInt(t.offset);
  const days = floorDiv(local, 86400n);
  const secOfDay = Number(local - days * 86400n);
  const dn = Number(days);
  const { year, month, day } = civilFromDays(dn);
  return {
    year,
    month,
    day,
    yday: dn - daysFromCivil(year, 1, 1) + 1,
    weekday: floorMod(dn + 4, 7),
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor((secOfDay % 3600) / 60),
    second: secOfDay % 60,
    nsec: t.nsec,
  };
}

/** Time.ISOWeek: the ISO 8601 year and week number (weeks start on Monday; week 1 holds January 4th). */
export function isoWeek(t: GoTime): { year: number; week: number } {
  const f = fields(t);
  let d = 4 - f.weekday;
  if (d === 4) d = -3; // Sunday belongs to the week that started six days earlier
  const local = t.unix + BigInt(t.offset);
  const thursday = Number(floorDiv(local, 86400n)) + d;
  const { year } = civilFromDays(thursday);
  return { year, week: Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1 };
}

/** time.Date in a fixed zone: fields may overflow their ranges and are normalised. */
export function date(year: number, month: number, day: number, hour: number, min: number, sec: number, nsec: number, offset: number, zone: string): GoTime {
  // Normalise the month first (Go does the same), then count days.
  const m0 = month - 1;
  year += Math.floor(m0 / 12);
  month = floorMod(m0, 12) + 1;
  const days = daysFromCivil(year, month, 1) + day - 1;
  const local = BigInt(days) * 86400n + BigInt(hour * 3600 + min * 60 + sec) + BigInt(Math.floor(nsec / 1e9));
  return { unix: local - BigInt(offset), nsec: floorMod(nsec, 1e9), offset, zone };
}

export function addNanos(t: GoTime, d: bigint): GoTime {
  const total = BigInt(t.nsec) + d;
  const sec = floorDiv(total, 1_000_000_000n);
  return { ...t, unix: t.unix + sec, nsec: Number(total - sec * 1_000_000_000n) };
}

// ---- formatting -----------------------------------------------------------------------------------------------

/** Go's appendInt: decimal, zero-padded to `width` digits after an optional minus sign. */
export function padInt(x: number, width: number): string {
  const s = String(Math.abs(x));
  return (x < 0 ? '-' : '') + (s.length < width ? '0'.repeat(width - s.length) + s : s);
}

type Std =
  | { kind: 'longMonth' | 'month' | 'numMonth' | 'zeroMonth' | 'longWeekDay' | 'weekDay' | 'day' | 'underDay' | 'zeroDay' }
  | { kind: 'underYearDay' | 'zeroYearDay' | 'hour' | 'hour12' | 'zeroHour12' | 'minute' | 'zeroMinute' | 'second' | 'zeroSecond' }
  | { kind: 'longYear' | 'year' | 'PM' | 'pm' | 'TZ' }
  | { kind: 'tz'; iso: boolean; colon: boolean; seconds: boolean; short: boolean }
  | { kind: 'frac'; trim: boolean; digits: number; sep: string };

const std0x: Std['kind'][] = ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year'];

const isDigitAt = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39;
const startsWithLower = (s: string) => s.length > 0 && s.charCodeAt(0) >= 0x61 && s.charCodeAt(0) <= 0x7a;

/** nextStdChunk: the literal prefix, the first layout element, and the rest. */
function nextStdChunk(layout: string): { prefix: string; std?: Std; suffix: string } {
  const at = (i: number, s: string) => layout.startsWith(s, i);
  const chunk = (i: number, std: Std, len: number) => ({ prefix: layout.slice(0, i), std, suffix: layout.slice(i + len) });
  const tz = (iso: boolean, colon: boolean, seconds: boolean, short: boolean): Std => ({ kind: 'tz', iso, colon, seconds, short });
  for (let i = 0; i < layout.length; i++) {
    switch (layout[i]) {
      case 'J':
        if (at(i, 'Jan')) {
          if (at(i, 'January')) return chunk(i, { kind: 'longMonth' }, 7);
          if (!startsWithLower(layout.slice(i + 3))) return chunk(i, { kind: 'month' }, 3);
        }
        break;
      case 'M':
        if (at(i, 'Mon')) {
          if (at(i, 'Monday')) return chunk(i, { kind: 'longWeekDay' }, 6);
          if (!startsWithLower(layout.slice(i + 3))) return chunk(i, { kind: 'weekDay' }, 3);
        }
        if (at(i, 'MST')) return chunk(i, { kind: 'TZ' }, 3);
        break;
      case '0':
        if (i + 1 < layout.length && layout[i + 1]! >= '1' && layout[i + 1]! <= '6') {
          return chunk(i, { kind: std0x[layout.charCodeAt(i + 1) - 0x31]! } as Std, 2);
        }
        if (at(i, '002')) return chunk(i, { kind: 'zeroYearDay' }, 3);
        break;
      case '1':
        if (at(i, '15')) return chunk(i, { kind: 'hour' }, 2);
        return chunk(i, { kind: 'numMonth' }, 1);
      case '2':
        if (at(i, '2006')) return chunk(i, { kind: 'longYear' }, 4);
        return chunk(i, { kind: 'day' }, 1);
      case '_':
        if (at(i, '_2')) {
          // "_2006" is a literal underscore followed by the year.
          if (at(i + 1, '2006')) return { prefix: layout.slice(0, i + 1), std: { kind: 'longYear' }, suffix: layout.slice(i + 5) };
          return chunk(i, { kind: 'underDay' }, 2);
        }
        if (at(i, '__2')) return chunk(i, { kind: 'underYearDay' }, 3);
        break;
      case '3':
        return chunk(i, { kind: 'hour12' }, 1);
      case '4':
        return chunk(i, { kind: 'minute' }, 1);
      case '5':
        return chunk(i, { kind: 'second' }, 1);
      case 'P':
        if (at(i, 'PM')) return chunk(i, { kind: 'PM' }, 2);
        break;
      case 'p':
        if (at(i, 'pm')) return chunk(i, { kind: 'pm' }, 2);
        break;
      case '-':
        if (at(i, '-070000')) return chunk(i, tz(false, false, true, false), 7);
        if (at(i, '-07:00:00')) return chunk(i, tz(false, true, true, false), 9);
        if (at(i, '-0700')) return chunk(i, tz(false, false, false, false), 5);
        if (at(i, '-07:00')) return chunk(i, tz(false, true, false, false), 6);
        if (at(i, '-07')) return chunk(i, tz(false, false, false, true), 3);
        break;
      case 'Z':
        if (at(i, 'Z070000')) return chunk(i, tz(true, false, true, false), 7);
        if (at(i, 'Z07:00:00')) return chunk(i, tz(true, true, true, false), 9);
        if (at(i, 'Z0700')) return chunk(i, tz(true, false, false, false), 5);
        if (at(i, 'Z07:00')) return chunk(i, tz(true, true, false, false), 6);
        if (at(i, 'Z07')) return chunk(i, tz(true, false, false, true), 3);
        break;
      case '.':
      case ',':
        if (i + 1 < layout.length && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
          const ch = layout[i + 1];
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!isDigitAt(layout, j)) {
            return { prefix: layout.slice(0, i), std: { kind: 'frac', trim: ch === '9', digits: j - (i + 1), sep: layout[i]! }, suffix: layout.slice(j) };
          }
        }
        break;
    }
  }
  return { prefix: layout, suffix: '' };
}

function appendNano(nsec: number, std: { trim: boolean; digits: number; sep: string }): string {
  if (std.trim && (std.digits === 0 || nsec === 0)) return '';
  let s = std.sep + padInt(nsec, 9);
  if (std.digits < 9) s = s.slice(0, s.length - 9 + std.digits);
  if (std.trim) {
    s = s.replace(/0+$/, '');
    if (s === std.sep) s = '';
  }
  return s;
}

function formatZone(offset: number, std: { iso: boolean; colon: boolean; seconds: boolean; short: boolean }): string {
  if (offset === 0 && std.iso) return 'Z';
  let zone = Math.trunc(offset / 60);
  let absOffset = offset;
  let out = '+';
  if (zone < 0) {
    out = '-';
    zone = -zone;
    absOffset = -absOffset;
  }
  out += padInt(Math.floor(zone / 60), 2);
  if (std.colon) out += ':';
  if (!std.short) out += padInt(zone % 60, 2);
  if (std.seconds) {
    if (std.colon) out += ':';
    out += padInt(absOffset % 60, 2);
  }
  return out;
}

/** Time.Format with a reference layout ("2006-01-02T15:04:05Z07:00"). */
export function format(t: GoTime, layout: string): string {
  const f = fields(t);
  let out = '';
  while (layout !== '') {
    const { prefix, std, suffix } = nextStdChunk(layout);
    out += prefix;
    if (!std) break;
    layout = suffix;
    switch (std.kind) {
      case 'year':
        out += padInt(Math.abs(f.year) % 100, 2);
        break;
      case 'longYear':
        out += padInt(f.year, 4);
        break;
      case 'month':
        out += longMonthNames[f.month - 1]!.slice(0, 3);
        break;
      case 'longMonth':
        out += longMonthNames[f.month - 1]!;
        break;
      case 'numMonth':
        out += String(f.month);
        break;
      case 'zeroMonth':
        out += padInt(f.month, 2);
        break;
      case 'weekDay':
        out += longDayNames[f.weekday]!.slice(0, 3);
        break;
      case 'longWeekDay':
        out += longDayNames[f.weekday]!;
        break;
      case 'day':
        out += String(f.day);
        break;
      case 'underDay':
        out += (f.day < 10 ? ' ' : '') + String(f.day);
        break;
      case 'zeroDay':
        out += padInt(f.day, 2);
        break;
      case 'underYearDay':
        out += (f.yday < 100 ? (f.yday < 10 ? '  ' : ' ') : '') + String(f.yday);
        break;
      case 'zeroYearDay':
        out += padInt(f.yday, 3);
        break;
      case 'hour':
        out += padInt(f.hour, 2);
        break;
      case 'hour12':
        out += String(f.hour % 12 === 0 ? 12 : f.hour % 12);
        break;
      case 'zeroHour12':
        out += padInt(f.hour % 12 === 0 ? 12 : f.hour % 12, 2);
        break;
      case 'minute':
        out += String(f.minute);
        break;
      case 'zeroMinute':
        out += padInt(f.minute, 2);
        break;
      case 'second':
        out += String(f.second);
        break;
      case 'zeroSecond':
        out += padInt(f.second, 2);
        break;
      case 'PM':
        out += f.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += f.hour >= 12 ? 'pm' : 'am';
        break;
      case 'tz':
        out += formatZone(t.offset, std);
        break;
      case 'TZ':
        if (t.zone !== '') out += t.zone;
        else out += formatZone(t.offset, { iso: false, colon: false, seconds: false, short: false });
        break;
      case 'frac':
        out += appendNano(t.nsec, std);
        break;
    }
  }
  return out;
}

export const RFC3339 = '2006-01-02T15:04:05Z07:00';
export const RFC3339Nano = '2006-01-02T15:04:05.999999999Z07:00';

// ---- parsing ----------------------------------------------------------------------------------------------------

/** time.ParseError. */
export class ParseError extends Error {
  constructor(
    readonly layout: string,
    readonly value: string,
    readonly layoutElem: string,
    readonly valueElem: string,
    readonly msg: string,
  ) {
    super(msg === '' ? `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}` : `parsing time ${quote(value)}${msg}`);
  }
}

/** The time package's own quote(): non-ASCII and control bytes as \x escapes. */
export function quote(s: string): string {
  let out = '"';
  for (const b of new TextEncoder().encode(s)) {
    if (b >= 0x80 || b < 0x20) out += '\\x' + b.toString(16).padStart(2, '0');
    else {
      const c = String.fromCharCode(b);
      out += c === '"' || c === '\\' ? '\\' + c : c;
    }
  }
  return out + '"';
}

class BadField extends Error {}

/** getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw new BadField();
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new BadField();
    return [s.charCodeAt(0) - 0x30, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 0x30) * 10 + s.charCodeAt(1) - 0x30, s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + s.charCodeAt(i) - 0x30;
  if (i === 0 || (fixed && i !== 3)) throw new BadField();
  return [n, s.slice(i)];
}

/** Go's atoi: optional sign, digits, nothing else. */
function atoi(s: string): number {
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (!/^[0-9]*$/.test(s)) throw new BadField();
  const x = s === '' ? 0 : Number(s);
  return neg ? -x : x;
}

/** skip: remove `prefix` from value, treating runs of spaces as equivalent. */
function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new BadField();
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new BadField();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function lookupName(tab: readonly string[], val: string): [number, string] {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i]!;
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase()) return [i, val.slice(v.length)];
  }
  throw new BadField();
}

/** parseNanoseconds: ".ddd" or ",ddd" → nanoseconds (digits beyond nine are dropped). */
function parseNanoseconds(value: string, nbytes: number): number {
  if (value[0] !== '.' && value[0] !== ',') throw new BadField();
  if (nbytes > 10) nbytes = 10;
  let ns = atoi(value.slice(1, nbytes));
  for (let i = 0; i < 10 - nbytes; i++) ns *= 10;
  return ns;
}

function parseTimeZone(value: string): number | undefined {
  if (value.length < 3) return undefined;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  const signedOffset = (v: string): number => {
    if (v[0] !== '-' && v[0] !== '+') return 0;
    const m = /^[0-9]*/.exec(v.slice(1))![0];
    if (m === '' || Number(m) > 23) return 0;
    return 1 + m.length;
  };
  if (value.startsWith('GMT')) return value.length === 3 ? 3 : 3 + signedOffset(value.slice(3));
  if (value[0] === '+' || value[0] === '-') {
    const n = signedOffset(value);
    return n > 0 ? n : undefined;
  }
  let upper = 0;
  while (upper < 6 && upper < value.length && value[upper]! >= 'A' && value[upper]! <= 'Z') upper++;
  if (upper === 3) return 3;
  if (upper === 4 && (value[3] === 'T' || value.startsWith('WITA'))) return 4;
  if (upper === 5 && value[4] === 'T') return 5;
  return undefined;
}

/**
 * time.Parse(layout, value) with UTC as both the default and the "local" location (the local zone of the machine
 * running Packer only decides zone names, which the functions never show). Throws ParseError.
 */
export function parse(layout: string, value: string): GoTime {
  const alayout = layout;
  const avalue = value;
  let rangeErr = '';
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let utc = false;
  let zoneOffset = -1;
  let zoneName = '';

  for (;;) {
    const { prefix, std, suffix } = nextStdChunk(layout);
    const stdstr = layout.slice(prefix.length, layout.length - suffix.length);
    try {
      value = skip(value, prefix);
    } catch {
      throw new ParseError(alayout, avalue, prefix, value, '');
    }
    if (!std) {
      if (value.length !== 0) throw new ParseError(alayout, avalue, '', value, ': extra text: ' + quote(value));
      break;
    }
    layout = suffix;
    const hold = value;
    try {
      switch (std.kind) {
        case 'year': {
          if (value.length < 2) throw new BadField();
          year = atoi(value.slice(0, 2));
          value = value.slice(2);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case 'longYear':
          if (value.length < 4 || !isDigitAt(value, 0)) throw new BadField();
          year = atoi(value.slice(0, 4));
          value = value.slice(4);
          break;
        case 'month':
          [month, value] = lookupName(longMonthNames.map((m) => m.slice(0, 3)), value);
          month++;
          break;
        case 'longMonth':
          [month, value] = lookupName(longMonthNames, value);
          month++;
          break;
        case 'numMonth':
        case 'zeroMonth':
          [month, value] = getnum(value, std.kind === 'zeroMonth');
          if (month <= 0 || month > 12) rangeErr = 'month';
          break;
        case 'weekDay':
          [, value] = lookupName(longDayNames.map((d) => d.slice(0, 3)), value);
          break;
        case 'longWeekDay':
          [, value] = lookupName(longDayNames, value);
          break;
        case 'day':
        case 'underDay':
        case 'zeroDay':
          if (std.kind === 'underDay' && value[0] === ' ') value = value.slice(1);
          [day, value] = getnum(value, std.kind === 'zeroDay');
          break;
        case 'underYearDay':
        case 'zeroYearDay':
          for (let i = 0; i < 2; i++) if (std.kind === 'underYearDay' && value[0] === ' ') value = value.slice(1);
          [yday, value] = getnum3(value, std.kind === 'zeroYearDay');
          break;
        case 'hour':
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeErr = 'hour';
          break;
        case 'hour12':
        case 'zeroHour12':
          [hour, value] = getnum(value, std.kind === 'zeroHour12');
          if (hour < 0 || hour > 12) rangeErr = 'hour';
          break;
        case 'minute':
        case 'zeroMinute':
          [min, value] = getnum(value, std.kind === 'zeroMinute');
          if (min < 0 || min >= 60) rangeErr = 'minute';
          break;
        case 'second':
        case 'zeroSecond': {
          [sec, value] = getnum(value, std.kind === 'zeroSecond');
          if (sec < 0 || sec >= 60) {
            rangeErr = 'second';
            break;
          }
          // A fractional second in the value that the layout does not mention is accepted too.
          if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigitAt(value, 1)) {
            if (nextStdChunk(layout).std?.kind === 'frac') break;
            let n = 2;
            while (n < value.length && isDigitAt(value, n)) n++;
            nsec = parseNanoseconds(value, n);
            value = value.slice(n);
          }
          break;
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw new BadField();
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [pmText, amText] = std.kind === 'PM' ? ['PM', 'AM'] : ['pm', 'am'];
          if (p === pmText) pmSet = true;
          else if (p === amText) amSet = true;
          else throw new BadField();
          break;
        }
        case 'tz': {
          if (std.iso && !std.seconds && value[0] === 'Z') {
            value = value.slice(1);
            utc = true;
            break;
          }
          let sign: string;
          let hh: string;
          let mm: string;
          let ss: string;
          if (std.colon && !std.seconds) {
            if (value.length < 6 || value[3] !== ':') throw new BadField();
            [sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(4, 6), '00', value.slice(6)];
          } else if (std.short) {
            if (value.length < 3) throw new BadField();
            [sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), '00', '00', value.slice(3)];
          } else if (std.colon && std.seconds) {
            if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw new BadField();
            [sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)];
          } else if (std.seconds) {
            if (value.length < 7) throw new BadField();
            [sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)];
          } else {
            if (value.length < 5) throw new BadField();
            [sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(3, 5), '00', value.slice(5)];
          }
          // Go keeps going after a bad digit pair so that a range error found later still wins.
          let bad = false;
          const two = (t: string): number => {
            if (bad) return 0;
            try {
              return getnum(t, true)[0];
            } catch {
              bad = true;
              return 0;
            }
          };
          const hr = two(hh);
          const mn = two(mm);
          const sc = two(ss);
          if (hr > 24) rangeErr = 'time zone offset hour';
          if (mn > 60) rangeErr = 'time zone offset minute';
          if (sc > 60) rangeErr = 'time zone offset second';
          zoneOffset = (hr * 60 + mn) * 60 + sc;
          if (sign === '-') zoneOffset = -zoneOffset;
          else if (sign !== '+') bad = true;
          if (bad) throw new BadField();
          break;
        }
        case 'TZ': {
          if (value.startsWith('UTC')) {
            utc = true;
            value = value.slice(3);
            break;
          }
          const n = parseTimeZone(value);
          if (n === undefined) throw new BadField();
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case 'frac': {
          if (!std.trim) {
            const ndigit = 1 + std.digits;
            if (value.length < ndigit) throw new BadField();
            nsec = parseNanoseconds(value, ndigit);
            value = value.slice(ndigit);
          } else {
            if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigitAt(value, 1)) break;
            let i = 0;
            while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
            nsec = parseNanoseconds(value, 1 + i);
            value = value.slice(1 + i);
          }
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof BadField)) throw e;
      if (rangeErr !== '') throw new ParseError(alayout, avalue, stdstr, value, `: ${rangeErr} out of range`);
      throw new ParseError(alayout, avalue, stdstr, hold, '');
    }
    if (rangeErr !== '') throw new ParseError(alayout, avalue, stdstr, value, `: ${rangeErr} out of range`);
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365) throw new ParseError(alayout, avalue, '', value, ': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (daysBefore[m]! < yday) m++;
      d = yday - daysBefore[m - 1]!;
    }
    if (month >= 0 && month !== m) throw new ParseError(alayout, avalue, '', value, ': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d) throw new ParseError(alayout, avalue, '', value, ': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw new ParseError(alayout, avalue, '', value, ': day out of range');

  if (utc) return date(year, month, day, hour, min, sec, nsec, 0, 'UTC');
  if (zoneOffset !== -1) return date(year, month, day, hour, min, sec, nsec, zoneOffset, '');
  if (zoneName !== '') {
    let offset = 0;
    if (zoneName.length > 3 && zoneName.startsWith('GMT')) offset = atoi(zoneName.slice(3)) * 3600;
    return date(year, month, day, hour, min, sec, nsec, offset, zoneName);
  }
  return date(year, month, day, hour, min, sec, nsec, 0, 'UTC');
}

/**
 * The strict RFC 3339 reader shared by Go's time.Parse fast path and cty: exactly "YYYY-MM-DDTHH:MM:SS", an optional
 * ".digits" fraction, and "Z" or "±hh:mm" with in-range fields. Undefined when the text does not qualify.
 */
export function parseRFC3339Strict(s: string): GoTime | undefined {
  let ok = true;
  const num = (t: string, lo: number, hi: number): number => {
    if (!/^[0-9]+$/.test(t)) {
      ok = false;
      return lo;
    }
    const x = Number(t);
    if (x < lo || x > hi) {
      ok = false;
      return lo;
    }
    return x;
  };
  if (s.length < 19) return undefined;
  const year = num(s.slice(0, 4), 0, 9999);
  const month = num(s.slice(5, 7), 1, 12);
  const day = num(s.slice(8, 10), 1, daysIn(month, year));
  const hour = num(s.slice(11, 13), 0, 23);
  const minute = num(s.slice(14, 16), 0, 59);
  const second = num(s.slice(17, 19), 0, 59);
  if (!ok || !(s[4] === '-' && s[7] === '-' && s[10] === 'T' && s[13] === ':' && s[16] === ':')) return undefined;
  s = s.slice(19);
  let nsec = 0;
  if (s.length >= 2 && s[0] === '.' && isDigitAt(s, 1)) {
    let n = 2;
    while (n < s.length && isDigitAt(s, n)) n++;
    nsec = parseNanoseconds(s, n);
    s = s.slice(n);
  }
  if (s === 'Z') return date(year, month, day, hour, minute, second, nsec, 0, 'UTC');
  if (s.length !== 6) return undefined;
  const hr = num(s.slice(1, 3), 0, 23);
  const mm = num(s.slice(4, 6), 0, 59);
  if (!ok || !((s[0] === '-' || s[0] === '+') && s[3] === ':')) return undefined;
  const offset = (s[0] === '-' ? -1 : 1) * (hr * 60 + mm) * 60;
  return date(year, month, day, hour, minute, second, nsec, offset, '');
}

/** time.Parse for RFC3339 / RFC3339Nano: the strict fast path, then the general parser. */
export function parseRFC3339Layout(layout: string, value: string): GoTime {
  return parseRFC3339Strict(value) ?? parse(layout, value);
}

/** Time.Format(time.RFC3339). */
export function formatRFC3339(t: GoTime): string {
  return format(t, RFC3339);
}

// ---- durations ----------------------------------------------------------------------------------------------------

const unitNanos: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5 micro sign
  'μs': 1000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const TWO63 = 1n << 63n;

/** time.ParseDuration: nanoseconds, or throws Error with Go's message. */
export function parseDuration(orig: string): bigint {
  const invalid = () => new Error('time: invalid duration ' + quote(orig));
  let s = orig;
  let d = 0n;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  while (s !== '') {
    if (!(s[0] === '.' || isDigitAt(s, 0))) throw invalid();
    // Integer part (overflow beyond 2^63 is an error).
    let i = 0;
    let v = 0n;
    for (; i < s.length && isDigitAt(s, i); i++) {
      if (v > TWO63 / 10n) throw invalid();
      v = v * 10n + BigInt(s.charCodeAt(i) - 0x30);
      if (v > TWO63) throw invalid();
    }
    const pre = i > 0;
    s = s.slice(i);
    // Fraction: digits accumulate until they would overflow, the rest only consume input.
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigitAt(s, j); j++) {
        if (overflow) continue;
        if (f > (TWO63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 0x30);
        if (y > TWO63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    let u = 0;
    while (u < s.length && s[u] !== '.' && !isDigitAt(s, u)) u++;
    if (u === 0) throw new Error('time: missing unit in duration ' + quote(orig));
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = unitNanos[unitName];
    if (unit === undefined) throw new Error('time: unknown unit ' + quote(unitName) + ' in duration ' + quote(orig));
    if (v > TWO63 / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // float64 arithmetic, as Go: nanosecond-exact for fractions of hours.
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO63) throw invalid();
    }
    d += v;
    if (d > TWO63) throw invalid();
  }
  if (neg) return -d;
  if (d > TWO63 - 1n) throw invalid();
  return d;
}
