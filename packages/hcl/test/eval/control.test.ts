// try, can and convert: custom-decoded arguments (expression closures, type constraints). Vectors re-derived from
// hcl's tryfunc and typeexpr tests, plus the seed vectors of hcl-spec.md §9.
import type { EvalContext } from '../../src/eval/context.js';
import { callDef, typeConstraintVal } from '../../src/functions/call.js';
import { canFunction, convertFunction, tryFunction } from '../../src/functions/control.js';
import { diagnosticToString } from '../../src/diagnostics.js';
import { BoolType, StringType, listOf, mapOf, objectOf } from '../../src/values/types.js';
import type { Value } from '../../src/values/value.js';
import {
  F,
  NumberType,
  T,
  check,
  describeDiags,
  dyn,
  evalExpr,
  expectSame,
  fnCtx,
  list,
  map,
  mark,
  n,
  nul,
  obj,
  s,
  set,
  unk,
} from './helpers.js';

const fns = { try: tryFunction, can: canFunction, convert: convertFunction };
const ctx = (vars?: Record<string, Value>): EvalContext => fnCtx(fns, vars);

describe('try', () => {
  type Vector = [name: string, src: string, vars: Record<string, Value> | undefined, want: Value];
  const vectors: Vector[] = [
    ['one argument succeeds', 'try(1)', undefined, n(1)],
    ['one marked argument succeeds', 'try(sensitive)', { sensitive: mark(s('secret'), 'porpoise') }, mark(s('secret'), 'porpoise')],
    ['two arguments, first succeeds', 'try(1, 2)', undefined, n(1)],
    ['two arguments, first fails', 'try(nope, 2)', undefined, n(2)],
    ['two arguments, first depends on unknowns', 'try(unknown, 2)', { unknown: unk(NumberType) }, dyn],
    ['first succeeds and second depends on unknowns', 'try(1, unknown)', { unknown: unk(NumberType) }, n(1)],
    ['first depends on unknowns deeply', 'try(has_unknowns, 2)', { has_unknowns: list(unk(BoolType)) }, dyn],
    ['first traverses through an unknown', 'try(unknown.baz, 2)', { unknown: unk(mapOf(StringType)) }, dyn],
    ['both marked, first succeeds', 'try(sensitive, other)', { sensitive: mark(s('secret'), 'porpoise'), other: mark(s('that'), 'a') }, mark(s('secret'), 'porpoise')],
    ['both marked, second succeeds', 'try(sensitive, other)', { other: mark(s('that'), 'a') }, mark(s('that'), 'a')],
    ['result is element of marked list', 'try(sensitive[0], other)', { sensitive: mark(list(s('list'), s('of '), s('secrets')), 'secret'), other: s('not') }, mark(s('list'), 'secret')],
    ['nested known expression from unknown', 'try({u: false ? unknown : "bar"}, other)', { unknown: unk(StringType), other: map({ v: s('oops') }) }, obj({ u: s('bar') })],
    ['nested index op on unknown', 'try({u: unknown["foo"], v: "orig"}, other)', { unknown: unk(mapOf(StringType)), other: map({ u: s('oops'), v: s('oops') }) }, dyn],
    ['seed: missing local', 'try(local.missing, "d")', { local: obj({}) }, s('d')],
    ['errors inside a function argument', 'try(convert("x", number), 0)', {}, n(0)],
  ];
  test.each(vectors)('%s', (_name, src, vars, want) => {
    check(evalExpr(src, ctx(vars ?? {})), want);
  });

  test('all failing: one error listing every diagnostic', () => {
    const r = evalExpr('try(this, that, this_thing_in_particular)', fnCtx(fns));
    expect(r.diags).toHaveLength(1);
    expect(diagnosticToString(r.diags[0]!)).toBe(
      'test.hcl:1,1-5: Error in function call; Call to function "try" failed: no expression succeeded:\n' +
        '- Variables not allowed (at test.hcl:1,5-9)\n' +
        '  Variables may not be used here.\n' +
        '- Variables not allowed (at test.hcl:1,11-15)\n' +
        '  Variables may not be used here.\n' +
        '- Variables not allowed (at test.hcl:1,17-41)\n' +
        '  Variables may not be used here.\n' +
        '\n' +
        'At least one expression must produce a successful result.',
    );
    expectSame(r.value, dyn);
  });
  test('no arguments', () => {
    const r = evalExpr('try()', fnCtx(fns));
    expect(r.diags.map(diagnosticToString)).toEqual(['test.hcl:1,1-5: Error in function call; Call to function "try" failed: at least one argument is required.']);
  });
  test('arguments are evaluated lazily in the caller\'s scope', () => {
    check(evalExpr('[for x in [1, "a", 3]: try(x + 1, "nan")]', ctx()), evalExpr('[2, "nan", 4]').value);
  });
  test('expanded arguments are tried as literals', () => {
    check(evalExpr('try(l...)', ctx({ l: list(s('a'), s('b')) })), s('a'));
  });
});

describe('can', () => {
  type Vector = [name: string, src: string, vars: Record<string, Value> | undefined, want: Value];
  const vectors: Vector[] = [
    ['succeeds', 'can(1)', undefined, T],
    ['fails', 'can(nope)', undefined, F],
    ['simple unknown', 'can(unknown)', { unknown: unk(NumberType) }, unk(BoolType)],
    ['traversal through unknown', 'can(unknown.foo)', { unknown: unk(mapOf(NumberType)) }, unk(BoolType)],
    ['deep unknown', 'can(has_unknown)', { has_unknown: list(unk(BoolType)) }, unk(BoolType)],
    ['seed: missing local', 'can(local.missing)', { local: obj({}) }, F],
    ['a failing operation', 'can(1 + "a")', {}, F],
    ['a bad index', 'can(l[5])', { l: list(s('a')) }, F],
  ];
  test.each(vectors)('%s', (_name, src, vars, want) => {
    check(evalExpr(src, ctx(vars ?? {})), want);
  });
  test('needs exactly one argument', () => {
    expect(evalExpr('can()', ctx()).diags[0]!.summary).toBe('Not enough function arguments');
    expect(evalExpr('can(1, 2)', ctx()).diags[0]!.summary).toBe('Too many function arguments');
  });
});

describe('convert', () => {
  test.each([
    ['convert("true", bool)', T],
    ['convert([1], list(string))', list(s('1'))],
    ['convert(["hello"], list(string))', list(s('hello'))],
    ['convert({a = 1}, map(string))', map({ a: s('1') })],
    ['convert(["b", "a", "b"], set(string))', set(s('a'), s('b'))],
    ['convert({a = 1, b = "x"}, object({a = string}))', obj({ a: s('1') })],
    ['convert({a = 1, b = 2}, object({a = number, b = optional(string)}))', obj({ a: n(1), b: s('2') })],
    ['convert(1, any)', n(1)],
    ['convert(null, string)', nul(StringType)],
    ['convert(5, number)', n(5)],
  ] as const)('%s', (src, want) => {
    check(evalExpr(src, ctx()), want);
  });
  test('conversion errors blame the value', () => {
    const r = evalExpr('convert("hello", bool)', ctx());
    expect(r.diags.map((d) => `${d.summary}: ${d.detail}`)).toEqual(['Invalid function argument: Invalid value for "value" parameter: a bool is required.']);
    expect(r.diags[0]!.subject && diagnosticToString(r.diags[0]!)).toContain('test.hcl:1,10-15');
    expectSame(r.value, dyn);
  });
  test('an absent optional attribute fails: the result type no longer marks it optional (Go quirk)', () => {
    const r = evalExpr('convert({a = 1}, object({a = number, b = optional(string)}))', ctx());
    expect(r.diags.map((d) => d.detail)).toEqual(['Invalid value for "value" parameter: attribute "b" is required.']);
  });
  test('missing object attributes', () => {
    const r = evalExpr('convert({}, object({a = string}))', ctx());
    expect(r.diags[0]!.detail).toBe('Invalid value for "value" parameter: attribute "a" is required.');
  });
  test('invalid type expressions are reported as such', () => {
    const r = evalExpr('convert(1, lisst(string))', ctx());
    expect(describeDiags(r.diags)).toBe('test.hcl:1,12-25: Invalid type specification; Keyword "lisst" is not a valid type constructor.');
    expectSame(r.value, dyn);
  });
  test('the type argument is not evaluated', () => {
    check(evalExpr('convert(x, string)', ctx({ x: n(1), string: n(2) })), s('1'));
  });
  test('unknown and null values', () => {
    check(evalExpr('convert(x, bool)', ctx({ x: unk(BoolType) })), unk(BoolType));
    check(evalExpr('convert(x, bool)', ctx({ x: dyn })), unk(BoolType));
    check(evalExpr('convert(x, bool)', ctx({ x: nul() })), nul(BoolType));
    check(evalExpr('convert(x, string)', ctx({ x: mark(s('hello'), 'm') })), mark(s('hello'), 'm'));
  });
  test('called directly with a type-constraint capsule', () => {
    expectSame(callDef(convertFunction, [T, typeConstraintVal(StringType)]), s('true'));
    expect(() => callDef(convertFunction, [s('hello'), typeConstraintVal(BoolType)])).toThrow('a bool is required');
    expectSame(callDef(convertFunction, [list(n(1)), typeConstraintVal(listOf(StringType))]), list(s('1')));
    expectSame(callDef(convertFunction, [obj({ a: T }), typeConstraintVal(objectOf({ a: StringType }))]), obj({ a: s('true') }));
  });
});
