// format and formatlist: cty's printf. The format string is scanned by the same state machine as cty's
// format_fsm.rl (flags, width, precision, [n] argument index, verb letter), error offsets are UTF-8 byte
// offsets as in Go, widths and precisions of %v %s %q count grapheme clusters, and numbers are rendered the way
// Go's fmt renders *big.Float (e E f g G) and *big.Int (b d o x X).
import { BigFloat } from '../values/number.js';
import { BoolType, DynamicPseudoType, NumberType, StringType, friendlyName, listOf, type Type } from '../values/types.js';
import { boolVal, listVal, listValEmpty, numberVal, stringVal, unknownVal, type Value } from '../values/value.js';
import { FunctionArgError, FunctionError, type FunctionDef, type Parameter } from './function.js';
import { JsonMarshalError, ctyJsonMarshal, goJsonString } from './go-json.js';
import { goQuoteRune, graphemeCount, graphemes, utf8Length } from './go-text.js';

interface Verb {
  raw: string;
  /** Byte offset of the '%'. */
  offset: number;
  argNum: number;
  mode: string;
  zero: boolean;
  sharp: boolean;
  plus: boolean;
  minus: boolean;
  space: boolean;
  /** -1 when absent. */
  prec: number;
  /** -1 when absent. */
  width: number;
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/** cty's formatFSM: the formatted string, or a thrown FunctionError / FunctionArgError. */
export function goFormat(format: string, args: readonly Value[]): string {
  let out = '';
  let nextArg = 1;
  let highestArgIdx = 0;
  const chars = [...format];
  let byte = 0; // UTF-8 byte offset of chars[i]
  let i = 0;
  const advance = (): void => {
    byte += utf8Length(chars[i]!);
    i++;
  };
  // The next character of a verb: the input ending inside a verb, or a character the state machine has no
  // transition for, are errors.
  const peek = (): string => {
    if (i >= chars.length) throw new FunctionError(`invalid format string starting at offset ${utf8Length(format)}`);
    return chars[i]!;
  };
  const unexpected = (): never => {
    throw new FunctionError(`unrecognized format character ${goQuoteRune(chars[i]!.codePointAt(0)!)} at offset ${byte}`);
  };
  while (i < chars.length) {
    if (chars[i] !== '%') {
      out += chars[i];
      advance();
      continue;
    }
    const start = byte;
    const startIdx = i;
    advance();
    if (peek() === '%') {
      out += '%';
      advance();
      continue;
    }
    const verb: Verb = {
      raw: '', offset: start, argNum: nextArg, mode: '', zero: false, sharp: false, plus: false, minus: false, space: false, prec: -1, width: -1,
    };
    for (;; advance()) {
      const c = peek();
      if (c === '0') verb.zero = true;
      else if (c === '#') verb.sharp = true;
      else if (c === '-') verb.minus = true;
      else if (c === '+') verb.plus = true;
      else if (c === ' ') verb.space = true;
      else break;
    }
    // Width is a number without a leading zero (a leading 0 is a flag).
    if (peek() >= '1' && peek() <= '9') {
      verb.width = 0;
      for (; isDigit(peek()); advance()) verb.width = verb.width * 10 + Number(chars[i]);
    }
    if (peek() === '.') {
      verb.prec = 0;
      advance();
      for (; isDigit(peek()); advance()) verb.prec = verb.prec * 10 + Number(chars[i]);
    }
    if (peek() === '[') {
      advance();
      if (!(peek() >= '1' && peek() <= '9')) unexpected();
      verb.argNum = 0;
      for (; isDigit(peek()); advance()) verb.argNum = verb.argNum * 10 + Number(chars[i]);
      if (peek() !== ']') unexpected();
      advance();
    }
    if (!isLetter(peek())) unexpected();
    verb.mode = chars[i]!;
    advance();
    verb.raw = chars.slice(startIdx, i).join('');
    if (verb.argNum > highestArgIdx) highestArgIdx = verb.argNum;
    out += formatVerb(verb, args);
    nextArg = verb.argNum + 1;
  }
  if (highestArgIdx < args.length) {
    // Extra arguments are an error, to catch mistakes.
    const firstBad = highestArgIdx + 1;
    if (highestArgIdx === 0) throw new FunctionArgError(firstBad, 'too many arguments; no verbs in format string');
    throw new FunctionArgError(firstBad, `too many arguments; only ${highestArgIdx} used by format string`);
  }
  return out;
}

function formatVerb(verb: Verb, args: readonly Value[]): string {
  const argIdx = verb.argNum - 1;
  if (argIdx >= args.length) {
    throw new FunctionError(
      `not enough arguments for ${goJsonLikeQuote(verb.raw)} at ${verb.offset}: need index ${verb.argNum} but have ${args.length} total`,
    );
  }
  const arg = args[argIdx]!;
  if (verb.mode !== 'v' && arg.isNull) {
    throw new FunctionError(`unsupported value for ${goJsonLikeQuote(verb.raw)} at ${verb.offset}: null value cannot be formatted`);
  }
  switch (verb.mode) {
    case 'v':
      return formatAsIs(verb, arg);
    case 't':
      return convertFor(verb, arg, BoolType).asBool() ? 'true' : 'false';
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X':
      return formatInteger(verb, convertFor(verb, arg, NumberType).asNumber());
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return formatFloat(verb, convertFor(verb, arg, NumberType).asNumber());
    case 's':
    case 'q':
      return formatString(verb, convertFor(verb, arg, StringType).asString());
    default:
      throw new FunctionError(
        `unsupported format verb ${goQuoteRune(verb.mode.codePointAt(0)!)} in ${goJsonLikeQuote(verb.raw)} at offset ${verb.offset}`,
      );
  }
}

/** Go's %q of a verb string (verbs are ASCII apart from nothing: they consist of %, flags, digits and a letter). */
function goJsonLikeQuote(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

function formatAsIs(verb: Verb, arg: Value): string {
  if (!verb.sharp && !arg.isNull) {
    if (arg.type.kind === 'string') return padWidth(verb, arg.asString());
    if (arg.type.kind === 'number') return padWidth(verb, arg.asNumber().text('g', -1));
  }
  let json: string;
  try {
    json = ctyJsonMarshal(arg, arg.type);
  } catch (e) {
    if (e instanceof JsonMarshalError) throw new FunctionError(`unsupported value for ${goJsonLikeQuote(verb.raw)} at ${verb.offset}: ${e.message}`);
    throw e;
  }
  return padWidth(verb, json);
}

function formatString(verb: Verb, s: string): string {
  if (verb.prec > 0) s = graphemes(s).slice(0, verb.prec).join('');
  return padWidth(verb, verb.mode === 'q' ? goJsonString(s) : s);
}

/** cty's formatPadWidth: pad to the width in grapheme clusters; '0' pads with zeros even on the right. */
function padWidth(verb: Verb, s: string): string {
  if (verb.width < 0) return s;
  const len = graphemeCount(s);
  if (len >= verb.width) return s;
  const pads = (verb.zero ? '0' : ' ').repeat(verb.width - len);
  return verb.minus ? s + pads : pads + s;
}

/** Go's (*big.Int).Format for b d o x X, with fmt's flags (Go clears '0' when '-' is given). */
function formatInteger(verb: Verb, n: BigFloat): string {
  const bi = n.isInf() || !n.isInt() ? undefined : n.toBigInt();
  if (bi === undefined) {
    throw new FunctionError(`unsupported value for ${goJsonLikeQuote(verb.raw)} at ${verb.offset}: an integer is required`);
  }
  const base = { b: 2, d: 10, o: 8, x: 16, X: 16 }[verb.mode as 'b' | 'd' | 'o' | 'x' | 'X'];
  const neg = bi < 0n;
  let digits = (neg ? -bi : bi).toString(base);
  if (verb.mode === 'X') digits = digits.toUpperCase();
  const sign = neg ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  let prefix = '';
  if (verb.sharp) prefix = { b: '0b', o: '0', x: '0x', X: '0X', d: '' }[verb.mode as 'b' | 'd' | 'o' | 'x' | 'X'];
  let zeros = 0;
  const precSet = verb.prec >= 0;
  if (precSet) {
    if (digits.length < verb.prec) zeros = verb.prec - digits.length;
    else if (digits === '0' && verb.prec === 0) return ''; // Go prints nothing for zero with zero precision
  }
  const zeroFlag = verb.zero && !verb.minus;
  let left = 0;
  let right = 0;
  const length = sign.length + prefix.length + zeros + digits.length;
  if (verb.width >= 0 && length < verb.width) {
    const d = verb.width - length;
    if (verb.minus) right = d;
    else if (zeroFlag && !precSet) zeros = d;
    else left = d;
  }
  return ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}

/** Go's (*big.Float).Format for e E f g G. */
function formatFloat(verb: Verb, n: BigFloat): string {
  const fmt = verb.mode as 'e' | 'E' | 'f' | 'g' | 'G';
  let prec = verb.prec;
  if (prec < 0) prec = fmt === 'g' || fmt === 'G' ? -1 : 6;
  let buf = n.text(fmt, prec);
  let sign = '';
  if (buf[0] === '-') {
    sign = '-';
    buf = buf.slice(1);
  } else if (buf[0] === '+') {
    sign = verb.space ? ' ' : '+';
    buf = buf.slice(1);
  } else if (verb.plus) sign = '+';
  else if (verb.space) sign = ' ';
  const padding = verb.width > sign.length + buf.length ? verb.width - sign.length - buf.length : 0;
  if (verb.zero && !verb.minus && !n.isInf()) return sign + '0'.repeat(padding) + buf;
  if (verb.minus) return sign + buf + ' '.repeat(padding);
  return ' '.repeat(padding) + sign + buf;
}

/** cty convert.Convert to a primitive type, with its error messages, reported as cty's format does. */
function convertFor(verb: Verb, arg: Value, want: Type): Value {
  const problem = (msg: string): never => {
    throw new FunctionError(`unsupported value for ${goJsonLikeQuote(verb.raw)} at ${verb.offset}: ${msg}`);
  };
  const from = arg.type.kind;
  if (from === want.kind) return arg;
  switch (want.kind) {
    case 'string':
      if (from === 'number') return stringVal(arg.asNumber().toString());
      if (from === 'bool') return stringVal(arg.asBool() ? 'true' : 'false');
      break;
    case 'number':
      if (from === 'string') {
        const parsed = parseNumber(arg.asString());
        if (parsed === undefined) return problem('a number is required');
        return parsed;
      }
      break;
    case 'bool':
      if (from === 'string') {
        const str = arg.asString();
        if (str === 'true' || str === '1') return boolVal(true);
        if (str === 'false' || str === '0') return boolVal(false);
        const lower = str.toLowerCase();
        if (lower === 'true' || lower === 'false') {
          return problem(`a bool is required; to convert from string, use lowercase "${lower}"`);
        }
        return problem('a bool is required');
      }
      break;
  }
  return problem(`${friendlyName(want)} required`);
}

function parseNumber(s: string): Value | undefined {
  const n = BigFloat.parse(s);
  return n === undefined ? undefined : numberVal(n);
}

// ---- the cty functions ----------------------------------------------------------------------------------------

const formatParams: Parameter[] = [{ name: 'format', type: StringType }];
const formatVarParam: Parameter = { name: 'args', type: DynamicPseudoType, allowNull: true, allowUnknown: true };

export const formatFunc: FunctionDef = {
  params: formatParams,
  varParam: formatVarParam,
  returnType: () => StringType,
  impl: (args) => {
    // Collections and structures are printed as JSON, which needs them wholly known.
    if (!args.slice(1).every((a) => a.isWhollyKnown())) return unknownVal(StringType);
    return stringVal(goFormat(args[0]!.asString(), args.slice(1)));
  },
};

export const formatlistFunc: FunctionDef = {
  params: formatParams,
  varParam: formatVarParam,
  returnType: () => listOf(StringType),
  impl: (allArgs, retType) => {
    const fmt = allArgs[0]!;
    const args = allArgs.slice(1);
    if (args.length === 0) return listVal([formatFunc.impl(allArgs, StringType)], StringType);
    const fmtStr = fmt.asString();

    // Sequences (lists, sets, tuples) are iterated in lockstep; everything else is repeated.
    let iterLen = -1;
    let lenChooser = -1;
    const sequences: (readonly Value[] | undefined)[] = [];
    let anyUnknown = false;
    args.forEach((arg, i) => {
      const k = arg.type.kind;
      if ((k === 'list' || k === 'set' || k === 'tuple') && !arg.isNull) {
        if (k !== 'tuple' && !arg.isKnown) {
          anyUnknown = true;
          sequences.push(undefined);
          return;
        }
        const thisLen = k === 'tuple' && !arg.isKnown ? (arg.type as { elements: readonly Type[] }).elements.length : arg.length;
        if (iterLen === -1) {
          iterLen = thisLen;
          lenChooser = i;
        } else if (thisLen !== iterLen) {
          throw new FunctionArgError(
            i + 1,
            `argument ${i + 1} has length ${thisLen}, which is inconsistent with argument ${lenChooser + 1} of length ${iterLen}`,
          );
        }
        if (!arg.isKnown) {
          anyUnknown = true;
          sequences.push(undefined);
          return;
        }
        sequences.push(arg.asElements());
        return;
      }
      if (!arg.isKnown && k === 'dynamic') anyUnknown = true;
      sequences.push(undefined);
    });
    if (anyUnknown) return unknownVal(retType);
    if (iterLen === 0) return listValEmpty(StringType);
    if (iterLen === -1) iterLen = 1;

    const ret: Value[] = [];
    for (let iter = 0; iter < iterLen; iter++) {
      const callArgs = args.map((a, i) => sequences[i]?.[iter] ?? a);
      if (!callArgs.every((a) => a.isWhollyKnown())) {
        ret.push(unknownVal(StringType));
        continue;
      }
      try {
        ret.push(stringVal(goFormat(fmtStr, callArgs)));
      } catch (e) {
        if (e instanceof FunctionError || e instanceof FunctionArgError) {
          throw new FunctionError(`error on format iteration ${iter}: ${e.message}`);
        }
        throw e;
      }
    }
    return listVal(ret, StringType);
  },
};

export const formatFunctions: Record<string, FunctionDef> = {
  format: formatFunc,
  formatlist: formatlistFunc,
};
