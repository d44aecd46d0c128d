// The generic function-call rules (cty Function.Call + hcl's FunctionCallExpr): conversion of arguments,
// null / unknown / dynamic / marked arguments per parameter flags, error wrapping, argument expansion.
import { evaluate } from '../../src/eval/evaluate.js';
import { callDef, callFunction } from '../../src/functions/call.js';
import { FunctionArgError, FunctionError, type FunctionDef, type Parameter } from '../../src/functions/function.js';
import type { Range } from '../../src/source.js';
import type { FunctionCallExpr, NativeExpr } from '../../src/syntax/ast.js';
import { listOf, type Type } from '../../src/values/types.js';
import type { Value } from '../../src/values/value.js';
import {
  BoolType,
  DynamicPseudoType,
  NumberType,
  StringType,
  T,
  check,
  dyn,
  evalExpr,
  expectSame,
  fnCtx,
  jsondecodeFn,
  list,
  mark,
  n,
  nul,
  s,
  strlenFn,
  tup,
  unk,
} from './helpers.js';

const r0: Range = { filename: 'test.hcl', start: { line: 1, column: 1, byte: 0 }, end: { line: 1, column: 1, byte: 0 } };

/** A function recording the arguments its implementation received. */
function probe(param: Partial<Parameter>, ret: Type = StringType): { def: FunctionDef; calls: Value[][] } {
  const calls: Value[][] = [];
  const def: FunctionDef = {
    params: [{ name: 'x', type: StringType, ...param }],
    returnType: () => ret,
    impl: (args) => {
      calls.push([...args]);
      return s('called');
    },
  };
  return { def, calls };
}

describe('cty call rules (callDef)', () => {
  test('null arguments are rejected unless the parameter allows them', () => {
    const p = probe({});
    expect(() => callDef(p.def, [nul(StringType)])).toThrow(new FunctionArgError(0, 'argument must not be null'));
    const q = probe({ allowNull: true });
    expectSame(callDef(q.def, [nul(StringType)]), s('called'));
    expect(q.calls).toHaveLength(1);
  });
  test('unknown arguments make the result unknown without calling, unless allowed', () => {
    const p = probe({});
    expectSame(callDef(p.def, [unk(StringType)]), unk(StringType));
    expect(p.calls).toHaveLength(0);
    const q = probe({ allowUnknown: true });
    expectSame(callDef(q.def, [unk(StringType)]), s('called'));
  });
  test('dynamic-typed arguments make the result DynamicVal, unless allowed', () => {
    const p = probe({ type: DynamicPseudoType });
    expectSame(callDef(p.def, [dyn]), dyn);
    expect(p.calls).toHaveLength(0);
    const q = probe({ type: DynamicPseudoType, allowDynamicType: true, allowUnknown: true });
    expectSame(callDef(q.def, [dyn]), s('called'));
  });
  test('a dynamic argument short-circuits before later null checks', () => {
    const def: FunctionDef = {
      params: [
        { name: 'a', type: DynamicPseudoType },
        { name: 'b', type: StringType },
      ],
      returnType: () => StringType,
      impl: () => s('x'),
    };
    expectSame(callDef(def, [dyn, nul(StringType)]), dyn);
    expect(() => callDef(def, [s('a'), nul(StringType)])).toThrow('argument must not be null');
  });
  test('marks are removed for the implementation and put on the result', () => {
    const p = probe({});
    expectSame(callDef(p.def, [mark(s('a'), 'm')]), mark(s('called'), 'm'));
    expectSame(p.calls[0]![0]!, s('a'));
    const q = probe({ allowMarked: true });
    expectSame(callDef(q.def, [mark(s('a'), 'm')]), s('called'));
    expectSame(q.calls[0]![0]!, mark(s('a'), 'm'));
  });
  test('deep marks are removed too', () => {
    const p = probe({ type: listOf(StringType) });
    expectSame(callDef(p.def, [list(mark(s('a'), 'deep'))]), mark(s('called'), 'deep'));
    expectSame(p.calls[0]![0]!, list(s('a')));
  });
  test('arguments must conform to the parameter types', () => {
    const p = probe({});
    expect(() => callDef(p.def, [n(1)])).toThrow(new FunctionArgError(0, 'string required, but received number'));
  });
  test('the wrong number of arguments is an error', () => {
    const p = probe({});
    expect(() => callDef(p.def, [])).toThrow('wrong number of arguments (1 required; 0 given)');
  });
  test('unexpected exceptions become "panic" errors', () => {
    const def: FunctionDef = {
      params: [],
      returnType: () => StringType,
      impl: () => {
        throw new TypeError('oops');
      },
    };
    expect(() => callDef(def, [])).toThrow(new FunctionError('panic in function implementation: oops'));
  });
  test('a result that does not conform to the return type is a bug in the function', () => {
    const def: FunctionDef = { params: [], returnType: () => StringType, impl: () => n(1) };
    expect(() => callDef(def, [])).toThrow(TypeError);
  });
});

describe('callFunction (HCL rules on values)', () => {
  test('converts arguments to the parameter types', () => {
    expectSame(callFunction('length', strlenFn, [T]).value, n(4));
    expectSame(callFunction('length', strlenFn, [n(12.5)]).value, n(4));
  });
  test('conversion failures are "Invalid function argument"', () => {
    const r = callFunction('length', strlenFn, [list(s('hello'))]);
    expect(r.diags).toHaveLength(1);
    expect(r.diags[0]!.summary).toBe('Invalid function argument');
    expect(r.diags[0]!.detail).toBe('Invalid value for "str" parameter: string required.');
    expectSame(r.value, dyn);
  });
  test('arity is checked first', () => {
    const r = callFunction('length', strlenFn, []);
    expect(r.diags[0]!.summary).toBe('Not enough function arguments');
    expect(callFunction('length', strlenFn, [s('a'), s('b')]).diags[0]!.summary).toBe('Too many function arguments');
  });
  test('unknown and dynamic arguments', () => {
    expectSame(callFunction('length', strlenFn, [unk(StringType)]).value, unk(NumberType));
    expectSame(callFunction('length', strlenFn, [unk(BoolType)]).value, unk(NumberType));
    expectSame(callFunction('length', strlenFn, [dyn]).value, unk(NumberType));
  });
  test('return types can depend on argument values', () => {
    expectSame(callFunction('jsondecode', jsondecodeFn, [s('"hello"')]).value, s('hello'));
    expectSame(callFunction('jsondecode', jsondecodeFn, [unk(StringType)]).value, dyn);
    const r = callFunction('jsondecode', jsondecodeFn, [s('invalid-json')]);
    expect(r.diags).toHaveLength(1);
    expectSame(r.value, dyn);
  });
  test('diagnostics point at the given call site', () => {
    const argRange: Range = { ...r0, start: { line: 2, column: 3, byte: 9 }, end: { line: 2, column: 5, byte: 11 } };
    const r = callFunction('length', strlenFn, [tup()], { argRanges: [argRange], range: r0 });
    expect(r.diags[0]!.subject).toBe(argRange);
    expect(r.diags[0]!.context).toBe(r0);
  });
});

// hclsyntax TestFunctionCallExprValue: calls built directly from literal nodes.
describe('function call expressions built from literals', () => {
  const lit = (value: Value): NativeExpr => ({ kind: 'literal', value, range: r0 });
  const call = (name: string, args: Value[]): FunctionCallExpr => ({
    kind: 'functionCall',
    name,
    args: args.map(lit),
    expandFinal: false,
    range: r0,
    nameRange: r0,
    openParenRange: r0,
    closeParenRange: r0,
  });
  const ctx = fnCtx({ length: strlenFn, jsondecode: jsondecodeFn });
  test.each([
    ['valid call with no conversions', call('length', [s('hello')]), n(5), 0],
    ['valid call with arg conversion', call('length', [T]), n(4), 0],
    ['valid call with unknown arg', call('length', [unk(StringType)]), unk(NumberType), 0],
    ['valid call with unknown arg needing conversion', call('length', [unk(BoolType)]), unk(NumberType), 0],
    ['valid call with dynamic arg', call('length', [dyn]), unk(NumberType), 0],
    ['invalid arg type', call('length', [list(s('hello'))]), dyn, 1],
    ['function with dynamic return type', call('jsondecode', [s('"hello"')]), s('hello'), 0],
    ['function with dynamic return type unknown arg', call('jsondecode', [unk(StringType)]), dyn, 0],
    ['error in function', call('jsondecode', [s('invalid-json')]), dyn, 1],
    ['unknown function', call('lenth', []), dyn, 1],
  ] as const)('%s', (_name, expr, want, count) => {
    const r = evaluate(expr, ctx);
    expect(r.diags).toHaveLength(count);
    expectSame(r.value, want);
  });
});

describe('misbehaving functions (argument indexes out of range)', () => {
  const outOfRange: FunctionDef = {
    params: [],
    returnType: () => {
      throw new FunctionArgError(1, 'out of range');
    },
    impl: () => s(''),
  };
  const variadic: FunctionDef = { ...outOfRange, varParam: { name: 'foo', type: StringType } };
  const blames1: FunctionDef = {
    params: [],
    varParam: { name: 'foo', type: StringType },
    returnType: () => {
      throw new FunctionArgError(1, 'blah blah');
    },
    impl: () => s(''),
  };
  test('an index beyond every parameter is a plain call error', () => {
    const r = evalExpr('misbehave()', fnCtx({ misbehave: outOfRange }));
    check(r, dyn, 1);
    expect(r.diags[0]!.summary).toBe('Error in function call');
    expect(r.diags[0]!.detail).toBe('Call to function "misbehave" failed: out of range.');
  });
  test('an index for a variadic argument that was not given names the parameter', () => {
    for (const src of ['misbehave() /* variadic */', 'misbehave([]...)']) {
      const r = evalExpr(src, fnCtx({ misbehave: variadic }));
      check(r, dyn, 1);
      expect(r.diags[0]!.detail).toBe('Invalid value for "foo" parameter: out of range.');
    }
  });
  test('indexes count arguments after expansion', () => {
    const r = evalExpr('argerrorexpand(["a", "b"]...)', fnCtx({ argerrorexpand: blames1 }));
    check(r, dyn, 1);
    expect(r.diags[0]!.detail).toBe('Invalid value for "foo" parameter: blah blah.');
  });
});

describe('argument expansion', () => {
  const join: FunctionDef = {
    params: [],
    varParam: { name: 'parts', type: StringType },
    returnType: () => StringType,
    impl: (args) => s(args.map((a) => a.asString()).join('+')),
  };
  test('tuples, lists and sets expand into separate arguments', () => {
    check(evalExpr('join("a", ["b", "c"]...)', fnCtx({ join })), s('a+b+c'));
    check(evalExpr('join(l...)', fnCtx({ join }, { l: list(s('x'), s('y')) })), s('x+y'));
    check(evalExpr('join([1, true]...)', fnCtx({ join })), s('1+true'));
    check(evalExpr('join([]...)', fnCtx({ join })), s(''));
  });
  test('the marks of the expanded collection move to the elements and then the result', () => {
    check(evalExpr('join(l...)', fnCtx({ join }, { l: mark(tup(s('x')), 'm') })), mark(s('x'), 'm'));
  });
  test('unknown or dynamic expansions give DynamicVal', () => {
    check(evalExpr('join(l...)', fnCtx({ join }, { l: unk(listOf(StringType)) })), dyn);
    check(evalExpr('join(l...)', fnCtx({ join }, { l: dyn })), dyn);
  });
  test('errors in the expansion expression stop the call', () => {
    check(evalExpr('join(missing...)', fnCtx({ join }, {})), dyn, 1);
  });
});

describe('argument evaluation errors stop the call', () => {
  test('errors in arguments are reported and the function is not called', () => {
    const p = probe({});
    const r = evalExpr('f(missing)', fnCtx({ f: p.def }, {}));
    check(r, dyn, 1);
    expect(p.calls).toHaveLength(0);
  });
  test('all argument errors are collected', () => {
    const def: FunctionDef = {
      params: [
        { name: 'a', type: NumberType },
        { name: 'b', type: NumberType },
      ],
      returnType: () => NumberType,
      impl: () => n(0),
    };
    const r = evalExpr('f("x", [])', fnCtx({ f: def }));
    check(r, dyn, 2);
    expect(r.diags.map((d) => d.detail)).toEqual(['Invalid value for "a" parameter: a number is required.', 'Invalid value for "b" parameter: number required.']);
  });
});
