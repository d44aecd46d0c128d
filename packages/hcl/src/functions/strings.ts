// String functions as Packer registers them: cty stdlib (upper lower strrev substr join split chomp indent title
// trim trimprefix trimsuffix trimspace replace) and Packer's own (startswith endswith strcontains).
// Parameter flags mirror the Go definitions, because they decide how null/unknown/dynamic arguments behave.
import { BigFloat } from '../values/number.js';
import { BoolType, NumberType, StringType, listOf } from '../values/types.js';
import { boolVal, listVal, listValEmpty, stringVal, unknownVal } from '../values/value.js';
import { FunctionArgError, FunctionError, type FunctionDef, type Parameter } from './function.js';
import {
  goReplaceAll,
  goSplit,
  goTitle,
  goToLower,
  goToUpper,
  goTrim,
  goTrimSpace,
  graphemes,
} from './go-text.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** gocty.FromCtyValue(number, &int): the number must be a whole number within int64. */
export function toGoInt(n: BigFloat): number {
  const i = n.isInf() || !n.isInt() ? undefined : n.toBigInt();
  if (i === undefined || i < INT64_MIN || i > INT64_MAX) {
    throw new FunctionError(`value must be a whole number, between ${INT64_MIN} and ${INT64_MAX}`);
  }
  return Number(i);
}

function str(name: string, extra?: Omit<Parameter, 'name' | 'type'>): Parameter {
  return { name, type: StringType, ...extra };
}

/** A function of strings returning a string, with static types. */
function stringFn(params: Parameter[], f: (...s: string[]) => string): FunctionDef {
  return {
    params,
    returnType: () => StringType,
    impl: (args) => stringVal(f(...args.map((a) => a.asString()))),
  };
}

function predicateFn(params: Parameter[], f: (a: string, b: string) => boolean): FunctionDef {
  return {
    params,
    returnType: () => BoolType,
    impl: ([a, b]) => boolVal(f(a!.asString(), b!.asString())),
  };
}

export const upperFunc = stringFn([str('str', { allowDynamicType: true })], goToUpper);
export const lowerFunc = stringFn([str('str', { allowDynamicType: true })], goToLower);
export const strrevFunc = stringFn([str('str', { allowDynamicType: true })], (s) => graphemes(s).reverse().join(''));
export const titleFunc = stringFn([str('str')], goTitle);
export const trimspaceFunc = stringFn([str('str')], goTrimSpace);
export const trimFunc = stringFn([str('str'), str('cutset')], goTrim);
export const trimprefixFunc = stringFn([str('str'), str('prefix')], (s, p) => (s.startsWith(p) ? s.slice(p.length) : s));
export const trimsuffixFunc = stringFn([str('str'), str('suffix')], (s, p) =>
  p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s,
);
export const replaceFunc = stringFn([str('str'), str('substr'), str('replace')], goReplaceAll);
/** cty removes every trailing newline sequence (`(?:\r\n?|\n)*\z`); any run of CR/LF is such a sequence. */
export const chompFunc = stringFn([str('str')], (s) => s.replace(/[\r\n]+$/, ''));

export const startswithFunc = predicateFn([str('str'), str('prefix')], (s, p) => s.startsWith(p));
export const endswithFunc = predicateFn([str('str'), str('suffix')], (s, p) => s.endsWith(p));
export const strcontainsFunc = predicateFn([str('str'), str('substr')], (s, p) => s.includes(p));

export const splitFunc: FunctionDef = {
  params: [str('separator'), str('str')],
  returnType: () => listOf(StringType),
  impl: ([sep, s]) => {
    const parts = goSplit(s!.asString(), sep!.asString());
    return parts.length === 0 ? listValEmpty(StringType) : listVal(parts.map(stringVal), StringType);
  },
};

export const indentFunc: FunctionDef = {
  params: [{ name: 'spaces', type: NumberType }, str('str')],
  returnType: () => StringType,
  impl: ([spaces, s]) => {
    const n = toGoInt(spaces!.asNumber());
    // Go's strings.Repeat panics on a negative count; cty reports panics as errors.
    if (n < 0) throw new FunctionError('panic in function implementation: strings: negative Repeat count');
    return stringVal(s!.asString().split('\n').join('\n' + ' '.repeat(n)));
  },
};

export const joinFunc: FunctionDef = {
  params: [str('separator')],
  varParam: { name: 'lists', type: listOf(StringType) },
  returnType: () => StringType,
  impl: (args) => {
    const sep = args[0]!.asString();
    const lists = args.slice(1);
    if (lists.length < 1) throw new FunctionError('at least one list is required');
    if (!lists.every((l) => l.isWhollyKnown())) return unknownVal(StringType);
    const items: string[] = [];
    lists.forEach((list, ai) => {
      list.asElements().forEach((v, ei) => {
        if (v.isNull) {
          throw new FunctionArgError(
            ai + 1,
            lists.length > 1
              ? `element ${ei} of list ${ai + 1} is null; cannot concatenate null values`
              : `element ${ei} is null; cannot concatenate null values`,
          );
        }
        items.push(v.asString());
      });
    });
    return stringVal(items.join(sep));
  },
};

export const substrFunc: FunctionDef = {
  params: [
    str('str', { allowDynamicType: true }),
    { name: 'offset', type: NumberType, allowDynamicType: true },
    { name: 'length', type: NumberType, allowDynamicType: true },
  ],
  returnType: () => StringType,
  impl: ([s, off, len]) => stringVal(substr(s!.asString(), toGoInt(off!.asNumber()), toGoInt(len!.asNumber()))),
};

/** cty's substr, including its edge cases: an offset before the start clamps to it, and a zero length with a
 *  negative offset takes the rest of the string (the length loop never reaches zero). */
function substr(s: string, offset: number, length: number): string {
  const clusters = graphemes(s);
  if (offset < 0) offset += clusters.length;
  else if (length === 0) return '';
  let start = 0;
  if (offset > 0) {
    if (offset >= clusters.length) return '';
    start = offset;
  }
  const rest = clusters.slice(start);
  if (length <= 0) return rest.join('');
  return rest.slice(0, length).join('');
}

/** Packer's string functions, by name. */
export const stringFunctions: Record<string, FunctionDef> = {
  chomp: chompFunc,
  endswith: endswithFunc,
  indent: indentFunc,
  join: joinFunc,
  lower: lowerFunc,
  replace: replaceFunc,
  split: splitFunc,
  startswith: startswithFunc,
  strcontains: strcontainsFunc,
  strrev: strrevFunc,
  substr: substrFunc,
  title: titleFunc,
  trim: trimFunc,
  trimprefix: trimprefixFunc,
  trimspace: trimspaceFunc,
  trimsuffix: trimsuffixFunc,
  upper: upperFunc,
};
