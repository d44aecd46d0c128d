// Exact evaluation diagnostics: summary, detail, subject and context ranges, and the expression/context they carry.
import type { Diagnostic } from '../../src/diagnostics.js';
import type { EvalContext } from '../../src/eval/context.js';
import { rangeToString } from '../../src/source.js';
import { evaluate } from '../../src/eval/evaluate.js';
import type { FunctionDef } from '../../src/functions/function.js';
import { FunctionArgError, FunctionError } from '../../src/functions/function.js';
import {
  BoolType,
  NumberType,
  StringType,
  F,
  T,
  concatFn,
  ctxOf,
  describeDiags,
  dyn,
  evalExpr,
  fnCtx,
  list,
  map,
  mark,
  n,
  nul,
  obj,
  s,
  set,
  tup,
  unk,
  upperFn,
} from './helpers.js';

interface Want {
  summary: string;
  detail: string;
  subject?: string;
  context?: string | null;
}

function errorsOf(src: string, ctx?: EvalContext): Diagnostic[] {
  return evalExpr(src, ctx).diags.filter((d) => d.severity === 'error');
}

function expectError(src: string, ctx: EvalContext | undefined, want: Want): Diagnostic {
  const errs = errorsOf(src, ctx);
  const d = errs.find((e) => e.summary === want.summary && e.detail === want.detail);
  if (!d) throw new Error(`missing "${want.summary}: ${want.detail}"\ngot:\n${describeDiags(errs)}`);
  if (want.subject !== undefined) expect(d.subject && rangeToString(d.subject)).toBe(want.subject);
  if (want.context === null) expect(d.context).toBeUndefined();
  else if (want.context !== undefined) expect(d.context && rangeToString(d.context)).toBe(want.context);
  return d;
}

type Vector = [src: string, ctx: EvalContext | undefined, summary: string, detail: string, subject?: string, context?: string | null];

function run(name: string, vectors: Vector[]): void {
  describe(name, () => {
    test.each(vectors.map((v) => [v[0], v[1], v[2], v[3], v[4], v[5]] as const))('%s', (src, ctx, summary, detail, subject, context) => {
      const w: Want = { summary, detail };
      if (subject !== undefined) w.subject = subject;
      if (context !== undefined) w.context = context;
      expectError(src, ctx, w);
    });
  });
}

const mismatch = 'The true and false result expressions must have consistent types.';

run('conditional result types (hclsyntax TestExpressionErrorMessages)', [
  ['true ? 1 : true', undefined, 'Inconsistent conditional result types', `${mismatch} The 'true' value is number, but the 'false' value is bool.`, 'test.hcl:1,8-16', 'test.hcl:1,1-16'],
  ['true ? [1] : [true]', undefined, 'Inconsistent conditional result types', `${mismatch} Type mismatch for tuple element 0: The 'true' value is number, but the 'false' value is bool.`],
  ['true ? [1] : [1, true]', undefined, 'Inconsistent conditional result types', `${mismatch} The 'true' tuple has length 1, but the 'false' tuple has length 2.`],
  ['true ? [] : [1, [2]]', undefined, 'Inconsistent conditional result types', `${mismatch} The 'true' tuple has length 0, but the 'false' tuple has length 2.`],
  ['true ? { a = 1 } : { a = true }', undefined, 'Inconsistent conditional result types', `${mismatch} Type mismatch for object attribute "a": The 'true' value is number, but the 'false' value is bool.`],
  ['true ? { a = true, b = 1 } : { a = true }', undefined, 'Inconsistent conditional result types', `${mismatch} The 'true' value includes object attribute "b", which is absent in the 'false' value.`],
  ['true ? { a = true } : { a = true, b = 1 }', undefined, 'Inconsistent conditional result types', `${mismatch} The 'false' value includes object attribute "b", which is absent in the 'true' value.`],
  [
    'true ? listOf2Tuple : listOf1Tuple',
    ctxOf({ listOf2Tuple: list(tup(T, n(0))), listOf1Tuple: list(tup(T)) }),
    'Inconsistent conditional result types',
    `${mismatch} Mismatched list element types: The 'true' tuple has length 2, but the 'false' tuple has length 1.`,
  ],
  [
    'true ? setOf2Tuple : setOf1Tuple',
    ctxOf({ setOf2Tuple: set(tup(T, n(0))), setOf1Tuple: set(tup(T)) }),
    'Inconsistent conditional result types',
    `${mismatch} Mismatched set element types: The 'true' tuple has length 2, but the 'false' tuple has length 1.`,
  ],
  [
    'true ? mapOf1Tuple : mapOf2Tuple',
    ctxOf({ mapOf1Tuple: map({ a: tup(T) }), mapOf2Tuple: map({ a: tup(T, n(0)) }) }),
    'Inconsistent conditional result types',
    `${mismatch} Mismatched map element types: The 'true' tuple has length 1, but the 'false' tuple has length 2.`,
  ],
  [
    'true ? listOfListOf2Tuple : listOfListOf1Tuple',
    ctxOf({ listOfListOf2Tuple: list(list(tup(T, n(0)))), listOfListOf1Tuple: list(list(tup(T))) }),
    'Inconsistent conditional result types',
    `${mismatch} At least one deeply-nested attribute or element is not compatible across both the 'true' and the 'false' value.`,
  ],
  ['null ? 1 : 2', undefined, 'Null condition', 'The condition value is null. Conditions must either be true or false.', 'test.hcl:1,1-5', 'test.hcl:1,1-13'],
  ['"x" ? 1 : 2', undefined, 'Incorrect condition type', 'The condition expression must be of type bool.', 'test.hcl:1,1-4', 'test.hcl:1,1-12'],
]);

run('short-circuit still reports type errors (hclsyntax TestExpressionErrorMessages)', [
  ['notobj != null && notobj.foo', ctxOf({ notobj: T }), 'Unsupported attribute', "Can't access attributes on a primitive-typed value (bool).", 'test.hcl:1,25-29'],
  ['notobj == null || notobj.foo', ctxOf({ notobj: T }), 'Unsupported attribute', "Can't access attributes on a primitive-typed value (bool)."],
  ['notlist != null && notlist[0]', ctxOf({ notlist: T }), 'Invalid index', 'This value does not have any indices.', 'test.hcl:1,27-30'],
  ['value != null && valeu', ctxOf({ value: T }), 'Unknown variable', 'There is no variable named "valeu". Did you mean "value"?', 'test.hcl:1,18-23'],
  ['unknown && "value"', ctxOf({ unknown: unk(BoolType) }), 'Invalid operand', 'Unsuitable value for right operand: a bool is required.', 'test.hcl:1,12-19', 'test.hcl:1,1-19'],
  ['value && "value"', ctxOf({ value: F }), 'Invalid operand', 'Unsuitable value for right operand: a bool is required.'],
  ['foo(value) && true', ctxOf(), 'Function calls not allowed', 'Functions may not be called here.', 'test.hcl:1,1-11'],
  ['map != null || map["key"] == "value"', ctxOf({ map: nul({ kind: 'map', element: StringType }) }), 'Attempt to index null value', 'This value is null, so it does not have any indices.', 'test.hcl:1,19-26'],
]);

run('operators', [
  ['2 + true', undefined, 'Invalid operand', 'Unsuitable value for right operand: number required.', 'test.hcl:1,5-9', 'test.hcl:1,1-9'],
  ['"a" + 1', undefined, 'Invalid operand', 'Unsuitable value for left operand: a number is required.', 'test.hcl:1,1-4', 'test.hcl:1,1-8'],
  ['-"a"', undefined, 'Invalid operand', 'Unsuitable value for unary operand: a number is required.', 'test.hcl:1,2-5', 'test.hcl:1,1-5'],
  ['!1', undefined, 'Invalid operand', 'Unsuitable value for unary operand: bool required.', 'test.hcl:1,2-3'],
  ['"True" && true', undefined, 'Invalid operand', 'Unsuitable value for left operand: a bool is required; to convert from string, use lowercase "true".'],
  ['[] + 1', undefined, 'Invalid operand', 'Unsuitable value for left operand: number required.'],
  ['0/0', undefined, 'Operation failed', "Error during operation: can't divide zero by zero or infinity by infinity.", 'test.hcl:1,1-4', null],
  ['null + 1', undefined, 'Operation failed', 'Error during operation: argument must not be null.', 'test.hcl:1,1-9'],
  ['null < 1', undefined, 'Operation failed', 'Error during operation: argument must not be null.'],
  ['-null', undefined, 'Operation failed', 'Error during operation: argument must not be null.', 'test.hcl:1,1-6'],
  ['null || false', undefined, 'Operation failed', 'Error during operation: argument must not be null.'],
  ['(1/0) - (1/0)', undefined, 'Operation failed', "Error during operation: can't subtract infinity from itself."],
  ['(1/0) + (-1/0)', undefined, 'Operation failed', "Error during operation: can't compute sum of opposing infinities."],
  ['0 * (1/0)', undefined, 'Operation failed', "Error during operation: can't multiply zero by infinity."],
]);

run('variables and traversals', [
  ['foo', undefined, 'Variables not allowed', 'Variables may not be used here.', 'test.hcl:1,1-4', null],
  ['foo', ctxOf({ fop: T, bar: T }), 'Unknown variable', 'There is no variable named "foo". Did you mean "fop"?', 'test.hcl:1,1-4'],
  ['foo.bar', ctxOf({ zzz: T }), 'Unknown variable', 'There is no variable named "foo".', 'test.hcl:1,1-4'],
  ['foo.bar', ctxOf({ foo: obj({ baz: T }) }), 'Unsupported attribute', 'This object does not have an attribute named "bar".', 'test.hcl:1,4-8'],
  ['foo.bar', ctxOf({ foo: map({ baz: T }) }), 'Missing map element', 'This map does not have an element with the key "bar".', 'test.hcl:1,4-8'],
  ['foo.bar', ctxOf({ foo: nul() }), 'Attempt to get attribute from null value', 'This value is null, so it does not have any attributes.'],
  ['foo.bar', ctxOf({ foo: list(obj({ bar: T })) }), 'Unsupported attribute', 'Can\'t access attributes on a list of objects. Did you mean to access attribute "bar" for a specific element of the list, or across all elements of the list?'],
  ['foo.baz', ctxOf({ foo: list(obj({ bar: T })) }), 'Unsupported attribute', "Can't access attributes on a list of objects. Did you mean to access an attribute for a specific element of the list, or across all elements of the list?"],
  ['foo.bar', ctxOf({ foo: set(obj({ bar: T })) }), 'Unsupported attribute', "Can't access attributes on a set of objects. Did you mean to access an attribute across all elements of the set?"],
  ['foo.bar', ctxOf({ foo: n(1) }), 'Unsupported attribute', "Can't access attributes on a primitive-typed value (number)."],
  ['foo.bar', ctxOf({ foo: tup(T) }), 'Unsupported attribute', 'This value does not have any attributes.'],
  ['foo.bar', ctxOf({ foo: list(s('x')) }), 'Unsupported attribute', 'This value does not have any attributes.'],
  ['foo[0]', ctxOf({ foo: nul(NumberType) }), 'Attempt to index null value', 'This value is null, so it does not have any indices.', 'test.hcl:1,4-7'],
  ['[1][null]', undefined, 'Invalid index', "Can't use a null value as an indexing key.", 'test.hcl:1,4-10'],
  ['[1, 2, 3][3]', undefined, 'Invalid index', 'The given key does not identify an element in this collection value: the given index is greater than or equal to the length of the collection.', 'test.hcl:1,10-13'],
  ['[1, 2, 3][5]', undefined, 'Invalid index', 'The given key does not identify an element in this collection value.'],
  ['[][0]', undefined, 'Invalid index', 'The given key does not identify an element in this collection value: the collection has no elements.'],
  ['[1][-1]', undefined, 'Invalid index', 'The given key does not identify an element in this collection value: a negative number is not a valid index for a sequence.'],
  ['[1][0.5]', undefined, 'Invalid index', 'The given key does not identify an element in this collection value: indexing a sequence requires a whole number, but the given index has a fractional part.'],
  ['[1]["a"]', undefined, 'Invalid index', 'The given key does not identify an element in this collection value: a number is required.'],
  ['{a = 1}["b"]', undefined, 'Invalid index', 'The given key does not identify an element in this collection value.'],
  ['{a = 1}[0]', undefined, 'Invalid index', 'The given key does not identify an element in this collection value. An object only supports looking up attributes by name, not by numeric index.'],
  ['{a = 1}[[]]', undefined, 'Invalid index', 'The given key does not identify an element in this collection value: string required.'],
  ['m["b"]', ctxOf({ m: map({ a: T }) }), 'Invalid index', 'The given key does not identify an element in this collection value.'],
  ['st[0]', ctxOf({ st: set(s('a')) }), 'Invalid index', "Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set."],
  ['"abc"[0]', undefined, 'Invalid index', 'This value does not have any indices.'],
  ['l[1]', ctxOf({ l: mark(list(s('a')), 'boop') }), 'Invalid index', 'The given key does not identify an element in this collection value.'],
  ['[["hello"]].0.0', undefined, 'Invalid legacy index syntax', 'When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [0][0].', 'test.hcl:1,13-16'],
]);

run('object constructors', [
  ['{foo.bar = 1}', undefined, 'Ambiguous attribute key', "If this expression is intended to be a reference, wrap it in parentheses. If it's instead intended as a literal name containing periods, wrap it in quotes to create a string literal.", 'test.hcl:1,2-9'],
  ['{(null) = 1}', undefined, 'Null value as key', "Can't use a null value as a key.", 'test.hcl:1,11-12'],
  ['{[] = 1}', undefined, 'Incorrect key type', "Can't use this value as a key: string required.", 'test.hcl:1,2-4'],
]);

run('for expressions', [
  ['[for v in null: v]', undefined, 'Iteration over null value', "A null value cannot be used as the collection in a 'for' expression.", 'test.hcl:1,11-15', 'test.hcl:1,1-19'],
  ['[for v in "hello": v]', undefined, 'Iteration over non-iterable value', "A value of type string cannot be used as the collection in a 'for' expression."],
  ['[for v in unk: v]', ctxOf({ unk: unk(StringType) }), 'Iteration over non-iterable value', "A value of type string cannot be used as the collection in a 'for' expression."],
  ['[for v in [1]: v if null]', undefined, 'Condition is null', "The value of the 'if' clause must not be null.", 'test.hcl:1,21-25'],
  ['[for v in ["a", "b"]: v if nullbool]', ctxOf({ nullbool: nul(BoolType) }), 'Condition is null', "The value of the 'if' clause must not be null."],
  ['[for v in [1]: v if v == 1 ? null : true]', undefined, "Invalid 'for' condition", "The value of the 'if' clause must not be null."],
  ['[for v in [1]: v if "x"]', undefined, "Invalid 'for' condition", "The 'if' clause value is invalid: a bool is required."],
  ['[for v in [1]: v if [v]]', undefined, "Invalid 'for' condition", "The 'if' clause value is invalid: bool required."],
  ['[for v in [1]: v if v]', undefined, "Invalid 'for' condition", "The 'if' clause value is invalid: bool required."],
  ['{for v in [1]: null => v}', undefined, 'Invalid object key', "Key expression in 'for' expression must not produce a null value.", 'test.hcl:1,16-20'],
  ['{for v in [1]: [v] => v}', undefined, 'Invalid object key', 'The key expression produced an invalid result: string required.'],
  [
    '{for v in ["a", "a"]: v => v}',
    undefined,
    'Duplicate object key',
    'Two different items produced the key "a" in this \'for\' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.',
    'test.hcl:1,23-24',
    'test.hcl:1,1-30',
  ],
]);

run('splat expressions', [
  ['nulllist.*.name', ctxOf({ nulllist: nul({ kind: 'list', element: { kind: 'object', attributes: new Map([['name', StringType]]) } }) }), 'Splat of null value', 'Splat expressions (with the * symbol) cannot be applied to null sequences.', 'test.hcl:1,1-9', 'test.hcl:1,1-11'],
  [
    'listofobj[*].scalar[*]',
    ctxOf({ listofobj: list(obj({ scalar: nul(StringType) }), obj({ scalar: s('bar') })) }),
    'Invalid nested splat expressions',
    "The second level of splat expression produced elements of different types, so it isn't possible to construct a valid list to represent the top-level result.\n\nConsider using a for expression instead, to produce a tuple-typed result which can therefore have non-homogenous element types.",
  ],
]);

run('templates', [
  ['"a${null}"', undefined, 'Invalid template interpolation value', 'The expression result is null. Cannot include a null value in a string template.', 'test.hcl:1,5-9', 'test.hcl:1,1-11'],
  ['"a${[1]}"', undefined, 'Invalid template interpolation value', 'Cannot include the given value in a string template: string required.', 'test.hcl:1,5-8'],
  ['"a${{}}"', undefined, 'Invalid template interpolation value', 'Cannot include the given value in a string template: string required.'],
  // A for directive's body is itself a template, so its results are strings by the time they are joined.
  ['"%{ for v in [null] }${v}%{ endfor }"', undefined, 'Invalid template interpolation value', 'The expression result is null. Cannot include a null value in a string template.', 'test.hcl:1,24-25'],
  ['"%{ for v in [[1]] }${v}%{ endfor }"', undefined, 'Invalid template interpolation value', 'Cannot include the given value in a string template: string required.', 'test.hcl:1,23-24'],
]);

const upper = { upper: upperFn };
const argErr: FunctionDef = {
  params: [{ name: 'a', type: StringType }],
  varParam: { name: 'rest', type: StringType },
  returnType: () => StringType,
  impl: (args) => {
    throw new FunctionArgError(args.length - 1, 'bad thing');
  },
};
const failing: FunctionDef = {
  params: [],
  returnType: () => StringType,
  impl: () => {
    throw new FunctionError('it broke');
  },
};

run('function calls', [
  ['upper("x")', undefined, 'Function calls not allowed', 'Functions may not be called here.', 'test.hcl:1,1-11', null],
  ['uper("x")', fnCtx(upper), 'Call to unknown function', 'There is no function named "uper". Did you mean "upper"?', 'test.hcl:1,1-5', 'test.hcl:1,1-10'],
  ['zzzzzz("x")', fnCtx(upper), 'Call to unknown function', 'There is no function named "zzzzzz".'],
  ['ns::upper("x")', fnCtx(upper), 'Call to unknown function', 'There are no functions in namespace "ns::".'],
  ['ns::uper("x")', fnCtx({ 'ns::upper': upperFn }), 'Call to unknown function', 'There is no function named "uper" in namespace ns::.'],
  ['upper()', fnCtx(upper), 'Not enough function arguments', 'Function "upper" expects 1 argument(s). Missing value for "str".', 'test.hcl:1,7-8', 'test.hcl:1,1-8'],
  ['argerr()', fnCtx({ argerr: argErr }), 'Not enough function arguments', 'Function "argerr" expects at least 1 argument(s). Missing value for "a".'],
  ['upper("a", "b")', fnCtx(upper), 'Too many function arguments', 'Function "upper" expects only 1 argument(s).', 'test.hcl:1,13-14', 'test.hcl:1,1-16'],
  ['upper(["a", "b"]...)', fnCtx(upper), 'Too many function arguments', 'Function "upper" expects only 1 argument(s).', 'test.hcl:1,7-17'],
  ['upper([])', fnCtx(upper), 'Invalid function argument', 'Invalid value for "str" parameter: string required.', 'test.hcl:1,7-8', 'test.hcl:1,1-10'],
  ['upper(null)', fnCtx(upper), 'Invalid function argument', 'Invalid value for "str" parameter: argument must not be null.', 'test.hcl:1,7-11'],
  ['argerr("a", "b")', fnCtx({ argerr: argErr }), 'Invalid function argument', 'Invalid value for "rest" parameter: bad thing.', 'test.hcl:1,14-15'],
  ['argerr("a")', fnCtx({ argerr: argErr }), 'Invalid function argument', 'Invalid value for "a" parameter: bad thing.', 'test.hcl:1,9-10'],
  ['failing()', fnCtx({ failing }), 'Error in function call', 'Call to function "failing" failed: it broke.', 'test.hcl:1,1-9', 'test.hcl:1,1-10'],
  ['upper("a"...)', fnCtx(upper), 'Invalid expanding argument value', 'The expanding argument (indicated by ...) must be of a tuple, list, or set type.', 'test.hcl:1,7-10', 'test.hcl:1,1-14'],
  ['upper(null...)', fnCtx(upper), 'Invalid expanding argument value', 'The expanding argument (indicated by ...) must not be null.'],
  ['concat(1)', fnCtx({ concat: concatFn }), 'Invalid function argument', 'Invalid value for "seqs" parameter: all arguments must be lists or tuples; got number.'],
  ['concat()', fnCtx({ concat: concatFn }), 'Error in function call', 'Call to function "concat" failed: at least one argument is required.'],
]);

describe('diagnostics carry the expression and context', () => {
  test('traversal errors point at the traversal and the context it was evaluated in', () => {
    const ctx = ctxOf({ foo: obj({}) });
    const d = errorsOf('foo.bar', ctx)[0]!;
    expect(d.evalContext).toBe(ctx);
    expect((d.expression as { kind: string }).kind).toBe('scopeTraversal');
  });
  test('operand errors name the operand expression', () => {
    const d = errorsOf('1 + []', undefined)[0]!;
    expect((d.expression as { kind: string }).kind).toBe('tupleCons');
  });
  test('errors inside a for expression carry the iteration scope', () => {
    const ctx = ctxOf({});
    const d = errorsOf('{for v in ["a", "a"]: v => v}', ctx)[0]!;
    const ec = d.evalContext as EvalContext;
    expect(ec.parent).toBe(ctx);
    expect(ec.variables?.get('v')).toBeDefined();
  });
  test('a variable with an error value keeps its own context', () => {
    expect(errorsOf('x', ctxOf({ y: dyn }))[0]!.summary).toBe('Unknown variable');
  });
  test('only the first bad for condition is reported', () => {
    expect(errorsOf('[for v in [1, 2, 3]: v if v == 2 ? "x" : true]', undefined)).toHaveLength(1);
  });
  test('a failed operand skips the operation', () => {
    expect(errorsOf('missing + 1', ctxOf({}))).toHaveLength(1);
  });
});

describe('template joins over non-string results (AST built by hand: the parser always wraps for bodies in a template)', () => {
  const r0 = { filename: 'test.hcl', start: { line: 1, column: 1, byte: 0 }, end: { line: 1, column: 9, byte: 8 } };
  const join = (coll: import('../../src/values/value.js').Value) => {
    const forExpr = {
      kind: 'for' as const,
      valVar: 'v',
      collExpr: { kind: 'literal' as const, value: coll, range: r0 },
      valExpr: { kind: 'scopeTraversal' as const, traversal: [{ kind: 'root' as const, name: 'v', range: r0 }], range: r0 },
      group: false,
      range: r0,
      openRange: r0,
      closeRange: r0,
    };
    return evaluate({ kind: 'templateJoin', tuple: forExpr, range: r0 }, undefined);
  };
  test('null results', () => {
    const r = join(tup(s('a'), nul(), s('b')));
    expect(r.diags.map((d) => `${d.summary}: ${d.detail}`)).toEqual(['Invalid template interpolation value: An iteration result is null. Cannot include a null value in a string template.']);
    expect(r.diags[0]!.context).toBeUndefined();
    expect(r.value.asString()).toBe('ab');
  });
  test('unconvertible results', () => {
    const r = join(tup(s('a'), tup(), s('b')));
    expect(r.diags.map((d) => d.detail)).toEqual(['Cannot include one of the interpolation results into the string template: string required.']);
  });
  test('unknown or dynamic results make the join unknown', () => {
    expect(join(tup(s('a'), unk(StringType))).value.isKnown).toBe(false);
    expect(join(tup(s('a'), dyn)).value.isKnown).toBe(false);
  });
});
