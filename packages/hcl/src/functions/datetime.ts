// Date and time functions as Packer registers them: cty stdlib formatdate and timeadd, and Packer's own timestamp,
// legacy_isotime, legacy_strftime, rfc3339_parse and unix_timestamp_parse. "Now" and the process start time (which
// the legacy_* functions use, like Packer's package-init time) are injectable for tests.
import { NumberType, StringType, objectOf } from '../values/types.js';
import { numberIntVal, objectVal, stringVal, unknownVal, type Value } from '../values/value.js';
import { FunctionArgError, FunctionError, type FunctionDef } from './function.js';
import { goQuote } from './go-text.js';
import {
  ParseError,
  RFC3339,
  RFC3339Nano,
  addNanos,
  fields,
  format,
  formatRFC3339,
  fromDate,
  isoWeek,
  longDayNames,
  longMonthNames,
  parse,
  parseDuration,
  parseRFC3339Layout,
  parseRFC3339Strict,
  unixTime,
  type GoTime,
} from './go-time.js';
import { goInt64 } from './numeric.js';

export interface DatetimeOptions {
  /** The current time (timestamp()); default: the system clock. */
  readonly now?: () => Date;
  /** The time the legacy_* functions report; default: when this module was loaded. */
  readonly processStart?: Date;
}

const moduleLoadTime = new Date();

// ---- cty's RFC 3339 reading, with its error texts ----------------------------------------------------------------

/** cty's parseTimestamp: strict RFC 3339, with friendlier messages derived from Go's parse errors. */
export function parseTimestamp(ts: string): GoTime {
  const strict = parseRFC3339Strict(ts);
  if (strict) return strict;
  let err: ParseError;
  try {
    parse(RFC3339, ts);
    err = strictnessError(ts);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    err = e;
  }
  throw new Error(describeParseError(err));
}

/** cty's parseStrictRFC3339: why Go's lenient parse accepted a timestamp that strict RFC 3339 does not. */
function strictnessError(str: string): ParseError {
  const num2 = (s: string) => 10 * (s.charCodeAt(0) - 0x30) + (s.charCodeAt(1) - 0x30);
  if (str[12] === ':') return new ParseError(RFC3339, str, '15', str.slice(11, 12), ': hour must have two digits');
  if (str[19] === ',') return new ParseError(RFC3339, str, '.', ',', ': sub-second separator must be a period');
  if (str[str.length - 1] !== 'Z') {
    if (num2(str.slice(str.length - 5)) >= 24) return new ParseError(RFC3339, str, 'Z07:00', str.slice(str.length - 6), ': timezone hour out of range');
    if (num2(str.slice(str.length - 2)) >= 60) return new ParseError(RFC3339, str, 'Z07:00', str.slice(str.length - 6), ': timezone minute out of range');
  }
  return new ParseError(RFC3339, str, RFC3339, str, '');
}

function describeParseError(err: ParseError): string {
  const prefix = 'not a valid RFC3339 timestamp';
  if (err.layoutElem === '' && err.valueElem === '' && err.msg !== '') return prefix + err.msg;
  let what: string;
  switch (err.layoutElem) {
    case '2006':
      what = 'year';
      break;
    case '01':
      what = 'month';
      break;
    case '02':
      what = 'day of month';
      break;
    case '15':
      what = 'hour';
      break;
    case '04':
      what = 'minute';
      break;
    case '05':
      what = 'second';
      break;
    case 'Z07:00':
      what = 'UTC offset';
      break;
    case 'T':
      return `${prefix}: missing required time introducer 'T'`;
    case ':':
    case '-':
      if (err.valueElem === '') return `${prefix}: end of string where ${goQuote(err.layoutElem)} is expected`;
      return `${prefix}: found ${goQuote(err.valueElem)} where ${goQuote(err.layoutElem)} is expected`;
    default:
      what = 'timestamp segment';
  }
  if (err.valueElem === '') return `${prefix}: end of string before ${what}`;
  if (what === 'hour' && err.valueElem.includes(':')) return `${prefix}: hour must be between 0 and 23 inclusive`;
  if (what === 'hour' && err.valueElem.length !== 2) return `${prefix}: hour must have exactly two digits`;
  if (what === 'minute' && err.valueElem.length !== 2) return `${prefix}: minute must have exactly two digits`;
  return `${prefix}: cannot use ${goQuote(err.valueElem)} as ${what}`;
}

// ---- formatdate -----------------------------------------------------------------------------------------------------

const isLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/** cty's splitDateFormat over the whole format: quoted literals, runs of one letter, and other text. */
function splitDateFormat(s: string): string[] {
  const toks: string[] = [];
  let i = 0;
  while (i < s.length) {
    let end: number;
    if (s[i] === "'") {
      if (s[i + 1] === "'") end = i + 2;
      else {
        end = s.length; // unterminated: the rest of the format
        for (let j = i + 1; j < s.length; j++) {
          if (s[j] !== "'") continue;
          if (j + 1 === s.length) break;
          if (s[j + 1] === "'") {
            j++;
            continue;
          }
          end = j + 1;
          break;
        }
      }
    } else if (isLetter(s[i])) {
      end = i + 1;
      while (end < s.length && s[end] === s[i]) end++;
    } else {
      end = i + 1;
      while (end < s.length && s[end] !== "'" && !isLetter(s[end])) end++;
    }
    toks.push(s.slice(i, end));
    i = end;
  }
  return toks;
}

/** Go's %0<width>d: the sign counts towards the width. */
function zeroPad(n: number, width: number): string {
  const digits = String(Math.abs(n));
  const sign = n < 0 ? '-' : '';
  return sign + digits.padStart(width - sign.length, '0');
}

function formatDate(fmt: string, t: GoTime): string {
  const f = fields(t);
  const verbError = (tok: string, rest?: string) =>
    new FunctionArgError(0, `invalid date format verb ${goQuote(tok)}${rest === undefined ? '' : ': ' + rest}`);
  let out = '';
  for (const tok of splitDateFormat(fmt)) {
    if (tok[0] === "'") {
      if (tok[tok.length - 1] !== "'" || tok.length === 1) throw new FunctionArgError(0, "unterminated literal '");
      if (tok.length === 2) out += "'";
      else {
        const raw = tok.slice(1, -1);
        for (let i = 0; i < raw.length; i++) {
          out += raw[i];
          if (raw[i] === "'") i++; // a doubled quote stands for one
        }
      }
      continue;
    }
    if (!isLetter(tok[0])) {
      out += tok;
      continue;
    }
    const n = tok.length;
    switch (tok[0]) {
      case 'Y':
        if (n === 2) out += zeroPad(f.year % 100, 2);
        else if (n === 4) out += zeroPad(f.year, 4);
        else throw verbError(tok, 'year must either be "YY" or "YYYY"');
        break;
      case 'M':
        if (n === 1) out += String(f.month);
        else if (n === 2) out += zeroPad(f.month, 2);
        else if (n === 3) out += longMonthNames[f.month - 1]!.slice(0, 3);
        else if (n === 4) out += longMonthNames[f.month - 1]!;
        else throw verbError(tok, 'month must be "M", "MM", "MMM", or "MMMM"');
        break;
      case 'D':
        if (n === 1) out += String(f.day);
        else if (n === 2) out += zeroPad(f.day, 2);
        else throw verbError(tok, 'day of month must either be "D" or "DD"');
        break;
      case 'E':
        if (n === 3) out += longDayNames[f.weekday]!.slice(0, 3);
        else if (n === 4) out += longDayNames[f.weekday]!;
        else throw verbError(tok, 'day of week must either be "EEE" or "EEEE"');
        break;
      case 'h':
        if (n === 1) out += String(f.hour);
        else if (n === 2) out += zeroPad(f.hour, 2);
        else throw verbError(tok, '24-hour must either be "h" or "hh"');
        break;
      case 'H': {
        const h = f.hour % 12 === 0 ? 12 : f.hour % 12;
        if (n === 1) out += String(h);
        else if (n === 2) out += zeroPad(h, 2);
        else throw verbError(tok, '12-hour must either be "H" or "HH"');
        break;
      }
      case 'A':
      case 'a': {
        if (n !== 2) throw verbError(tok, `must be "${tok[0]}${tok[0]}"`);
        const pm = f.hour >= 12;
        out += tok[0] === 'A' ? (pm ? 'PM' : 'AM') : pm ? 'pm' : 'am';
        break;
      }
      case 'm':
        if (n === 1) out += String(f.minute);
        else if (n === 2) out += zeroPad(f.minute, 2);
        else throw verbError(tok, 'minute must either be "m" or "mm"');
        break;
      case 's':
        if (n === 1) out += String(f.second);
        else if (n === 2) out += zeroPad(f.second, 2);
        else throw verbError(tok, 'second must either be "s" or "ss"');
        break;
      case 'Z':
        if (n === 1) out += format(t, 'Z07:00');
        else if (n === 3) {
          const z = format(t, '-0700');
          out += z === '+0000' ? 'UTC' : z;
        } else if (n === 4) out += format(t, '-0700');
        else if (n === 5) out += format(t, '-07:00');
        else throw verbError(tok, 'timezone must be Z, ZZZZ, or ZZZZZ');
        break;
      default:
        throw verbError(tok);
    }
  }
  return out;
}

export const formatdateFunc: FunctionDef = {
  description:
    'Formats a timestamp given in RFC 3339 syntax into another timestamp in some other machine-oriented time syntax, as described in the format string.',
  params: [
    { name: 'format', type: StringType },
    { name: 'time', type: StringType },
  ],
  returnType: () => StringType,
  impl: ([fmt, time]) => {
    let t: GoTime;
    try {
      t = parseTimestamp(time!.asString());
    } catch (e) {
      throw new FunctionArgError(1, (e as Error).message);
    }
    return stringVal(formatDate(fmt!.asString(), t));
  },
};

export const timeaddFunc: FunctionDef = {
  description: 'Adds the duration represented by the given duration string to the given RFC 3339 timestamp string, returning another RFC 3339 timestamp.',
  params: [
    { name: 'timestamp', type: StringType },
    { name: 'duration', type: StringType },
  ],
  returnType: () => StringType,
  impl: ([ts, dur]) => {
    try {
      const t = parseTimestamp(ts!.asString());
      return stringVal(formatRFC3339(addNanos(t, parseDuration(dur!.asString()))));
    } catch (e) {
      throw new FunctionError((e as Error).message);
    }
  },
};

// ---- Packer's own ---------------------------------------------------------------------------------------------------

/** jehiah/go-strftime: the supported % verbs map to Go layout elements; others are kept verbatim. */
const strftimeLayouts: Record<string, string> = {
  B: 'January',
  b: 'Jan',
  m: '01',
  A: 'Monday',
  a: 'Mon',
  d: '02',
  H: '15',
  I: '03',
  M: '04',
  S: '05',
  Y: '2006',
  y: '06',
  p: 'PM',
  Z: 'MST',
  z: '-0700',
  L: '.000',
};

export function strftime(fmt: string, t: GoTime): string {
  let out = '';
  for (let i = 0, ni = 0; i < fmt.length; i = ni + 2) {
    ni = fmt.indexOf('%', i);
    if (ni < 0) ni = fmt.length;
    out += fmt.slice(i, ni);
    if (ni + 1 < fmt.length) {
      const c = fmt[ni + 1]!;
      if (c === '%') out += '%';
      else {
        const layout = strftimeLayouts[c];
        out += layout !== undefined ? format(t, layout) : '%' + c;
      }
    } else if (ni < fmt.length) {
      out += '%';
    }
  }
  return out;
}

/** Go's %v of the []cty.Value arguments, as Packer puts it in its "too many values" error. */
function goSliceOfStrings(args: readonly Value[]): string {
  return '[' + args.map((a) => `{{{{} 83}} ${a.asString()}}`).join(' ') + ']';
}

function startTimeFunction(render: (format: string, t: GoTime) => string, start: GoTime): FunctionDef {
  return {
    params: [],
    varParam: { name: 'format', type: StringType },
    returnType: () => StringType,
    impl: (args) => {
      if (args.length > 1) throw new FunctionError(`too many values, 1 needed: ${goSliceOfStrings(args)}`);
      if (args.length === 0) return stringVal(formatRFC3339(start));
      return stringVal(render(args[0]!.asString(), start));
    },
  };
}

function timeObject(t: GoTime, extra: Record<string, Value>): Value {
  const f = fields(t);
  const iso = isoWeek(t);
  return objectVal({
    year: numberIntVal(f.year),
    year_day: numberIntVal(f.yday),
    day: numberIntVal(f.day),
    month: numberIntVal(f.month),
    month_name: stringVal(longMonthNames[f.month - 1]!),
    weekday: numberIntVal(f.weekday),
    weekday_name: stringVal(longDayNames[f.weekday]!),
    hour: numberIntVal(f.hour),
    minute: numberIntVal(f.minute),
    second: numberIntVal(f.second),
    iso_year: numberIntVal(iso.year),
    iso_week: numberIntVal(iso.week),
    ...extra,
  });
}

const timeFields = {
  year: NumberType,
  year_day: NumberType,
  day: NumberType,
  month: NumberType,
  month_name: StringType,
  weekday: NumberType,
  weekday_name: StringType,
  hour: NumberType,
  minute: NumberType,
  second: NumberType,
  iso_year: NumberType,
  iso_week: NumberType,
};
const rfc3339ParseType = objectOf({ ...timeFields, unix: NumberType });
const unixTimestampParseType = objectOf({ ...timeFields, rfc3339: StringType });

export const rfc3339ParseFunc: FunctionDef = {
  params: [{ name: 'timestamp', type: StringType }],
  returnType: () => rfc3339ParseType,
  impl: ([ts]) => {
    if (!ts!.isKnown) return unknownVal(rfc3339ParseType);
    const s = ts!.asString();
    const t = tryParse(() => parseRFC3339Layout(RFC3339Nano, s)) ?? tryParse(() => parse('2006-01-02 15:04:05.999999999Z07:00', s));
    if (t === undefined) throw new FunctionArgError(0, `${goQuote(s)} is not a valid RFC3339 timestamp`);
    return timeObject(t, { unix: numberIntVal(t.unix) });
  },
};

function tryParse(f: () => GoTime): GoTime | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

export const unixTimestampParseFunc: FunctionDef = {
  params: [{ name: 'unix_timestamp', type: NumberType }],
  returnType: () => unixTimestampParseType,
  impl: ([n]) => {
    if (!n!.isKnown) return unknownVal(unixTimestampParseType);
    const i = goInt64(n!.asNumber());
    if (i.error !== undefined) {
      throw new FunctionArgError(0, `unix_timestamp must be a whole number of seconds representable as a 64-bit integer: ${i.error}`);
    }
    const t = unixTime(i.value);
    return timeObject(t, { rfc3339: stringVal(formatRFC3339(t)) });
  },
};

/** The date/time functions, bound to the given clocks. */
export function datetimeFunctions(opts: DatetimeOptions = {}): Record<string, FunctionDef> {
  const now = opts.now ?? (() => new Date());
  const start = fromDate(opts.processStart ?? moduleLoadTime);
  const timestamp: FunctionDef = {
    params: [],
    returnType: () => StringType,
    impl: () => {
      const t = fromDate(now());
      return stringVal(formatRFC3339({ ...t, nsec: 0 }));
    },
  };
  return {
    formatdate: formatdateFunc,
    legacy_isotime: startTimeFunction((layout, t) => format(t, layout), start),
    legacy_strftime: startTimeFunction(strftime, start),
    rfc3339_parse: rfc3339ParseFunc,
    timeadd: timeaddFunc,
    timestamp,
    unix_timestamp_parse: unixTimestampParseFunc,
  };
}
