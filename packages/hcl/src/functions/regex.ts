// regex, regexall and regex_replace: Go's regexp package (RE2 syntax, leftmost-first matching) as cty uses it.
//
// Matching is done by re2js, a port of RE2J, which was itself ported from Go's regexp/syntax: its parser accepts
// and rejects the same patterns with the same error codes and its matcher has RE2's leftmost-first semantics, so
// translating patterns to JS RegExp (which has backtracking, different classes and flags) is not needed.
// What re2js does differently from Go, and is handled here:
//  - Go allows several groups with the same name ("(?P<a>x)|(?P<a>y)"); RE2J rejects them. Duplicates are
//    renamed before compiling and mapped back.
//  - re2js works on UTF-16 positions; the iteration loops below are Go's (allMatches, replaceAll), advancing
//    by one code point after an empty match, so the observable results are the same as Go's byte positions.
//  - Replacement templates use Go's Regexp.Expand rules ($1x names group "1x"), implemented here.
import type { RE2JS, Matcher } from 're2js';
import { lazyLibrary } from './lazy-library.js';
import { DynamicPseudoType, StringType, listOf, objectOf, tupleOf, typeEquals, type Type } from '../values/types.js';
import { DynamicVal, listVal, listValEmpty, nullVal, objectVal, stringVal, tupleVal, unknownVal, type Value } from '../values/value.js';
import { FunctionArgError, FunctionError, type FunctionDef } from './function.js';


const re2js = lazyLibrary<typeof import('re2js')>('re2js');
/** A compiled Go regexp: the matcher plus Go's SubexpNames (index 0 is the whole match, ""). */
export interface GoRegexp {
  readonly re: RE2JS;
  readonly subexpNames: readonly string[];
}

/** A Go regexp/syntax error: its code ("missing closing )") and the offending expression text. */
export class GoRegexpSyntaxError extends Error {
  constructor(
    readonly code: string,
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

const DUP_MARK = '_Zdup';

// Patterns are compiled twice per call (type check, then implementation) and are usually constants: cache them.
const CACHE_LIMIT = 256;
const cache = new Map<string, GoRegexp | GoRegexpSyntaxError>();

/** regexp.Compile. Throws GoRegexpSyntaxError. */
export function compileGoRegexp(pattern: string): GoRegexp {
  let hit = cache.get(pattern);
  if (hit === undefined) {
    try {
      hit = compileUncached(pattern);
    } catch (e) {
      if (!(e instanceof GoRegexpSyntaxError)) throw e;
      hit = e;
    }
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(pattern, hit);
  }
  if (hit instanceof GoRegexpSyntaxError) throw hit;
  return hit;
}

function compileUncached(pattern: string): GoRegexp {
  let re: RE2JS;
  let renamed: Map<string, string> | undefined;
  try {
    re = re2js().RE2JS.compile(pattern);
  } catch (e) {
    if (!(e instanceof re2js().RE2JSSyntaxException)) throw e;
    if (e.error !== 'duplicate capture group name') throw new GoRegexpSyntaxError(e.error, e.input ?? '');
    const r = renameDuplicateGroups(pattern);
    renamed = r.renamed;
    try {
      re = re2js().RE2JS.compile(r.pattern);
    } catch (e2) {
      if (!(e2 instanceof re2js().RE2JSSyntaxException)) throw e2;
      let expr = e2.input ?? '';
      for (const [tmp, orig] of r.renamed) expr = expr.split(tmp).join(orig);
      throw new GoRegexpSyntaxError(e2.error, expr);
    }
  }
  const names: string[] = new Array<string>(re.groupCount() + 1).fill('');
  for (const [name, index] of Object.entries(re.namedGroups())) names[index] = renamed?.get(name) ?? name;
  return { re, subexpNames: names };
}

/**
 * Rename the second and later groups sharing a name to unique names, scanning the pattern as Go's parser
 * would: escapes, \Q…\E literals and character classes cannot open groups.
 */
function renameDuplicateGroups(pattern: string): { pattern: string; renamed: Map<string, string> } {
  const seen = new Set<string>();
  const renamed = new Map<string, string>();
  let out = '';
  let i = 0;
  let n = 0;
  const opener = /^\(\?P?<([A-Za-z0-9_]+)>/;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end < 0 ? pattern.length : end + 2;
        out += pattern.slice(i, stop);
        i = stop;
      } else {
        out += pattern.slice(i, i + 2);
        i += 2;
      }
      continue;
    }
    if (c === '[') {
      // A class runs to the first ']' that is not its first character, skipping escapes and [:name:] items.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') {
        if (pattern[j] === '\\') j += 2;
        else if (pattern.startsWith('[:', j)) {
          const close = pattern.indexOf(':]', j + 2);
          j = close < 0 ? j + 1 : close + 2;
        } else j++;
      }
      out += pattern.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = c === '(' ? opener.exec(pattern.slice(i)) : null;
    if (m) {
      const name = m[1]!;
      if (seen.has(name)) {
        const tmp = `${name}${DUP_MARK}${++n}_`;
        renamed.set(tmp, name);
        out += m[0].replace(`<${name}>`, `<${tmp}>`);
      } else {
        seen.add(name);
        out += m[0];
      }
      i += m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return { pattern: out, renamed };
}

/** A match: [start0, end0, start1, end1, …] in UTF-16 positions, -1 for groups that did not participate. */
type Match = number[];

function matchAt(m: Matcher, re: GoRegexp, pos: number): Match | undefined {
  if (!m.find(pos)) return undefined;
  const out: number[] = [];
  for (let g = 0; g < re.subexpNames.length; g++) out.push(m.start(g), m.end(g));
  return out;
}

/** Width in UTF-16 units of the code point at pos (0 at the end), like utf8.DecodeRuneInString's width. */
function runeWidth(s: string, pos: number): number {
  if (pos >= s.length) return 0;
  const c = s.charCodeAt(pos);
  return c >= 0xd800 && c <= 0xdbff && pos + 1 < s.length ? 2 : 1;
}

/** Regexp.FindStringSubmatchIndex */
export function findSubmatch(re: GoRegexp, s: string): Match | undefined {
  return matchAt(re.re.matcher(s), re, 0);
}

/** Regexp.FindAllStringSubmatchIndex(s, -1): Go's allMatches loop. */
export function findAllSubmatch(re: GoRegexp, s: string): Match[] {
  const m = re.re.matcher(s);
  const out: Match[] = [];
  let prevMatchEnd = -1;
  for (let pos = 0; pos <= s.length; ) {
    const match = matchAt(m, re, pos);
    if (!match) break;
    let accept = true;
    if (match[1] === pos) {
      // An empty match right after the previous match is not reported.
      if (match[0] === prevMatchEnd) accept = false;
      const w = runeWidth(s, pos);
      pos = w > 0 ? pos + w : s.length + 1;
    } else {
      pos = match[1]!;
    }
    prevMatchEnd = match[1]!;
    if (accept) out.push(match);
  }
  return out;
}

/** Regexp.ReplaceAllString: Go's replaceAll loop with Expand-style templates. */
export function replaceAllString(re: GoRegexp, src: string, template: string): string {
  const m = re.re.matcher(src);
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    const a = matchAt(m, re, searchPos);
    if (!a) break;
    out += src.slice(lastMatchEnd, a[0]);
    // No replacement for an empty match immediately after another match.
    if (a[1]! > lastMatchEnd || a[0] === 0) out += expand(re, template, src, a);
    lastMatchEnd = a[1]!;
    const w = runeWidth(src, searchPos);
    if (searchPos + w > a[1]!) searchPos += w;
    else if (searchPos + 1 > a[1]!) searchPos++;
    else searchPos = a[1]!;
  }
  return out + src.slice(lastMatchEnd);
}

const NAME_CHAR = /^[\p{L}\p{Nd}_]$/u;

/** Regexp.expand: `$$` is `$`; `$name`/`${name}` take the longest run of letters, digits and `_`. */
function expand(re: GoRegexp, template: string, src: string, match: Match): string {
  let out = '';
  let t = template;
  for (;;) {
    const dollar = t.indexOf('$');
    if (dollar < 0) break;
    out += t.slice(0, dollar);
    t = t.slice(dollar + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const ref = extractRef(t);
    if (!ref) {
      out += '$'; // malformed: the '$' is literal text
      continue;
    }
    t = ref.rest;
    if (ref.num >= 0) {
      const i = ref.num;
      if (2 * i + 1 < match.length && match[2 * i]! >= 0) out += src.slice(match[2 * i], match[2 * i + 1]);
    } else {
      for (let i = 0; i < re.subexpNames.length; i++) {
        if (re.subexpNames[i] === ref.name && match[2 * i]! >= 0) {
          out += src.slice(match[2 * i], match[2 * i + 1]);
          break;
        }
      }
    }
  }
  return out + t;
}

/** Go's regexp extract(): the reference after a '$'. */
function extractRef(s: string): { name: string; num: number; rest: string } | undefined {
  let str = s;
  const brace = str.startsWith('{');
  if (brace) str = str.slice(1);
  let i = 0;
  for (const ch of str) {
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  if (i === 0) return undefined;
  const name = str.slice(0, i);
  if (brace) {
    if (str[i] !== '}') return undefined;
    i++;
  }
  let num = 0;
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (c < 0x30 || c > 0x39 || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + (c - 0x30);
  }
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, rest: str.slice(i) };
}

// ---- cty functions ----------------------------------------------------------------------------------------------

/** cty's regexPatternResultType: string, tuple of strings (unnamed groups) or object (named groups). */
function patternResultType(pattern: string): { type: Type; re: GoRegexp } {
  let re: GoRegexp;
  try {
    re = compileGoRegexp(pattern);
  } catch (e) {
    if (e instanceof GoRegexpSyntaxError) throw new FunctionArgError(0, `invalid regexp pattern: ${e.code} in ${e.expr}`);
    throw e;
  }
  const groupNames = re.subexpNames.slice(1);
  const named = groupNames.filter((n) => n !== '');
  const unnamed = groupNames.length - named.length;
  if (unnamed === 0 && named.length === 0) return { type: StringType, re };
  if (unnamed > 0 && named.length > 0) {
    throw new FunctionArgError(0, 'invalid regexp pattern: cannot mix both named and unnamed capture groups');
  }
  if (unnamed > 0) return { type: tupleOf(groupNames.map(() => StringType)), re };
  return { type: objectOf(named.map((n) => [n, StringType] as [string, Type])), re };
}

/** cty's regexPatternResult: later groups of the same name overwrite earlier ones. */
function patternResult(re: GoRegexp, s: string, match: Match, type: Type): Value {
  const group = (i: number): Value => (match[2 * i]! < 0 ? nullVal(StringType) : stringVal(s.slice(match[2 * i], match[2 * i + 1])));
  if (type.kind === 'string') return stringVal(s.slice(match[0], match[1]));
  if (type.kind === 'tuple') return tupleVal(type.elements.map((_, i) => group(i + 1)));
  const vals = new Map<string, Value>();
  re.subexpNames.forEach((name, i) => {
    if (i > 0) vals.set(name, group(i));
  });
  return objectVal(vals);
}

export const regexFunc: FunctionDef = {
  params: [
    { name: 'pattern', type: StringType },
    { name: 'string', type: StringType },
  ],
  returnType: ([pattern]) => (pattern!.isKnown ? patternResultType(pattern!.asString()).type : DynamicPseudoType),
  impl: ([pattern, str], retType) => {
    if (retType.kind === 'dynamic') return DynamicVal;
    const { re } = patternResultType(pattern!.asString());
    const s = str!.asString();
    const match = findSubmatch(re, s);
    if (!match) throw new FunctionError('pattern did not match any part of the given string');
    return patternResult(re, s, match, retType);
  },
};

export const regexallFunc: FunctionDef = {
  params: [
    { name: 'pattern', type: StringType },
    { name: 'string', type: StringType },
  ],
  returnType: ([pattern]) => listOf(pattern!.isKnown ? patternResultType(pattern!.asString()).type : DynamicPseudoType),
  impl: ([pattern, str], retType) => {
    const ety = (retType as { element: Type }).element;
    if (typeEquals(ety, DynamicPseudoType)) return unknownVal(retType);
    const { re } = patternResultType(pattern!.asString());
    const s = str!.asString();
    const matches = findAllSubmatch(re, s);
    if (matches.length === 0) return listValEmpty(ety);
    return listVal(matches.map((m) => patternResult(re, s, m, ety)), ety);
  },
};

export const regexReplaceFunc: FunctionDef = {
  params: [
    { name: 'str', type: StringType },
    { name: 'pattern', type: StringType },
    { name: 'replace', type: StringType },
  ],
  returnType: () => StringType,
  impl: ([str, pattern, replace]) => {
    let re: GoRegexp;
    try {
      re = compileGoRegexp(pattern!.asString());
    } catch (e) {
      if (e instanceof GoRegexpSyntaxError) throw new FunctionError(e.message);
      throw e;
    }
    return stringVal(replaceAllString(re, str!.asString(), replace!.asString()));
  },
};

export const regexFunctions: Record<string, FunctionDef> = {
  regex: regexFunc,
  regexall: regexallFunc,
  regex_replace: regexReplaceFunc,
};
