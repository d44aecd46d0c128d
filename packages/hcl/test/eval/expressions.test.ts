// Source text → value (and diagnostic count), covering every native expression kind. Vectors re-derived from
// hclsyntax's ExpressionParseAndValue table and the behaviour documented in hcl-spec.md §1.6 and §9.
import type { EvalContext } from '../../src/eval/context.js';
import type { FunctionDef } from '../../src/functions/function.js';
import type { Value } from '../../src/values/value.js';
import {
  BoolType,
  DynamicPseudoType,
  F,
  NumberType,
  StringType,
  T,
  check,
  concatFn,
  ctxOf,
  dyn,
  evalExpr,
  fnCtx,
  list,
  listOf,
  listOfType,
  map,
  mark,
  minFn,
  n,
  negateFn,
  nul,
  obj,
  s,
  set,
  tup,
  unk,
  upperFn,
} from './helpers.js';

type Vector = [src: string, ctx: EvalContext | undefined, want: Value, diagCount?: number];

function run(name: string, vectors: Vector[]): void {
  describe(name, () => {
    test.each(vectors.map((v) => [v[0], v[1], v[2], v[3] ?? 0] as const))('%s', (src, ctx, want, count) => {
      check(evalExpr(src, ctx), want, count ?? 0);
    });
  });
}

const upper = { upper: upperFn };
const fns = (f: Record<string, FunctionDef>, v?: Record<string, Value>): EvalContext => fnCtx(f, v);

run('literals, arithmetic and parentheses', [
  ['1', undefined, n(1)],
  ['(1)', undefined, n(1)],
  ['(2+3)', undefined, n(5)],
  ['2*5+1', undefined, n(11)],
  ['9%8', undefined, n(1)],
  ['1 + 2 * 3', undefined, n(7)],
  ['(1 + 2) * 3', undefined, n(9)],
  ['-46 + 5', undefined, n(-41)],
  ['10 / 4', undefined, n(2.5)],
  ['7 % 3', undefined, n(1)],
  ['-7 % 3', undefined, n(-1)],
  ['5 % 0', undefined, n(5)],
  ['"5" + 1', undefined, n(6)],
  ['"2" * "3"', undefined, n(6)],
  ['(2+unk)', ctxOf({ unk: unk(NumberType) }), unk(NumberType)],
  ['(2+unk)', ctxOf({ unk: dyn }), unk(NumberType)],
  ['(unk+unk)', ctxOf({ unk: dyn }), unk(NumberType)],
  ['(2+true)', undefined, unk(NumberType), 1],
  ['(false+true)', undefined, unk(NumberType), 2],
  ['(- 2)', undefined, n(-2)],
  ['-"3"', undefined, n(-3)],
  ['(! true)', undefined, F],
  ['!"false"', undefined, T],
  ['!true || true', undefined, T],
  ['(\n    1\n)', undefined, n(1)],
  ['(1', undefined, n(1), 1],
  ['true', undefined, T],
  ['false', undefined, F],
  ['null', undefined, nul()],
  ['true true', undefined, T, 1],
  ['3 > 2', undefined, T],
  ['3 >= 3', undefined, T],
  ['"10" < 9', undefined, F],
  ['2 <= 1', undefined, F],
  ['unk < 3', ctxOf({ unk: unk(NumberType) }), unk(BoolType)],
  ['null + 1', undefined, unk(NumberType), 1],
  ['null > 1', undefined, unk(BoolType), 1],
  ['-null', undefined, unk(NumberType), 1],
  ['0/0', undefined, unk(NumberType), 1],
]);

run('equality', [
  ['(5 == 5)', undefined, T],
  ['(5 == 4)', undefined, F],
  ['(1 == true)', undefined, F],
  ['("true" == true)', undefined, F],
  ['(true == "true")', undefined, F],
  ['(true != "true")', undefined, T],
  ['1 == 1.0', undefined, T],
  ['"1" == 1', undefined, F],
  ['null == null', undefined, T],
  ['[1,2] == [1,2]', undefined, T],
  ['[1,2] != [2,1]', undefined, T],
  ['{a = 1} == {a = 1}', undefined, T],
  ['nullstr == "foo"', ctxOf({ nullstr: nul(StringType) }), F],
  ['nullstr == nullstr', ctxOf({ nullstr: nul(StringType) }), T],
  ['nullstr == null', ctxOf({ nullstr: nul(StringType) }), T],
  ['nullstr == nullnum', ctxOf({ nullstr: nul(StringType), nullnum: nul(NumberType) }), T],
  ['"" == nulldyn', ctxOf({ nulldyn: nul() }), F],
  ['unk == 1', ctxOf({ unk: unk(NumberType) }), unk(BoolType)],
]);

run('strings and templates', [
  ['"hello"', undefined, s('hello')],
  ['"hello `backtick` world"', undefined, s('hello `backtick` world')],
  ['"hello\\nworld"', undefined, s('hello\nworld')],
  ['"unclosed', undefined, s('unclosed'), 1],
  ['"hello ${"world"}"', undefined, s('hello world')],
  ['"hello ${12.5}"', undefined, s('hello 12.5')],
  ['"silly ${"${"nesting"}"}"', undefined, s('silly nesting')],
  ['"silly ${"${true}"}"', undefined, s('silly true')],
  ['"hello $${escaped}"', undefined, s('hello ${escaped}')],
  ['"hello $$nonescape"', undefined, s('hello $$nonescape')],
  ['"$"', undefined, s('$')],
  ['"%"', undefined, s('%')],
  ['"${true}"', undefined, T],
  ['"${[1]}"', undefined, tup(n(1))],
  ['"a${[1]}"', undefined, s('a'), 1],
  ['"a${null}"', undefined, s('a'), 1],
  ['"${null}b"', undefined, s(''), 1],
  ['"${""}${true}"', undefined, s('true')],
  ['"${"${true}"}"', undefined, T],
  ['"${1/0}"', undefined, n('+Inf')],
  ['"x${1/0}"', undefined, s('x+Inf')],
  ['"$${x} %%{y}"', undefined, s('${x} %{y}')],
  ['"x ${~ "y" ~} z"', undefined, s('xyz')],
  ['"%{ for x in [1, 2, 3] }${x},%{ endfor }"', undefined, s('1,2,3,')],
  ['"%{ if false }a%{ else }b%{ endif }"', undefined, s('b')],
  ['"a${unk}b"', ctxOf({ unk: unk(StringType) }), unk(StringType)],
  ['"a${unk}b"', ctxOf({ unk: dyn }), unk(StringType)],
  ['"${x}-${y}"', ctxOf({ x: n(1.5), y: T }), s('1.5-true')],
  ['"<<${"\\u00e9"}>>"', undefined, s('<<é>>')],
  ['"\\u0061\\u0301"', undefined, s('á')],
  ['"%{ for i, v in ["a", "b"] }${i}=${v} %{ endfor }"', undefined, s('0=a 1=b ')],
  ['"%{ for v in unk }${v}%{ endfor }"', ctxOf({ unk: unk(listOf(StringType)) }), unk(StringType)],
  ['"%{ for v in [null] }${v}%{ endfor }"', undefined, s(''), 1],
  ['"%{ for v in [1, [2], 3] }${v}%{ endfor }"', undefined, s(''), 1],
  ['\n<<EOT\nFoo\nBar\nBaz\nEOT\n', undefined, s('Foo\nBar\nBaz\n')],
  ['\n<<EOT\nFoo\n${bar}\nBaz\nEOT\n', ctxOf({ bar: s('Bar') }), s('Foo\nBar\nBaz\n')],
  [
    '\n<<EOT\nFoo\n%{for x in bars}${x}%{endfor}\nBaz\nEOT\n',
    ctxOf({ bars: list(s('Bar'), s('Bar'), s('Bar')) }),
    s('Foo\nBarBarBar\nBaz\n'),
  ],
  ['[\n  <<EOT\n  Foo\n  Bar\n  Baz\n  EOT\n]\n', undefined, tup(s('  Foo\n  Bar\n  Baz\n'))],
  ['[\n  <<-EOT\n  Foo\n  Bar\n  Baz\n  EOT\n]\n', undefined, tup(s('Foo\nBar\nBaz\n'))],
  ['[\n  <<-EOT\n  Foo\n    Bar\n    Baz\n  EOT\n]\n', undefined, tup(s('Foo\n  Bar\n  Baz\n'))],
  ['[\n  <<-EOT\n    Foo\n  Bar\n    Baz\n  EOT\n]\n', undefined, tup(s('  Foo\nBar\n  Baz\n'))],
  ['[\n  <<-EOT\n    Foo\n  ${bar}\n    Baz\n    EOT\n]\n', ctxOf({ bar: s('  Bar') }), tup(s('  Foo\n  Bar\n  Baz\n'))],
  ['[\n  <<EOT\n  Foo\n\n  Bar\n\n  Baz\n  EOT\n]\n', undefined, tup(s('  Foo\n\n  Bar\n\n  Baz\n'))],
  ['[\n  <<-EOT\n  Foo\n\n  Bar\n\n  Baz\n  EOT\n]\n', undefined, tup(s('Foo\n\nBar\n\nBaz\n'))],
]);

run('function calls', [
  ['upper("foo")', fns(upper), s('FOO')],
  ['\nupper(\n    "foo"\n)\n', fns(upper), s('FOO')],
  ['upper(["foo"]...)', fns(upper), s('FOO')],
  ['upper("foo", []...)', fns(upper), s('FOO')],
  ['upper(true)', fns(upper), s('TRUE')],
  ['upper(unk)', fns(upper, { unk: unk(StringType) }), unk(StringType)],
  ['upper(unk)', fns(upper, { unk: dyn }), unk(StringType)],
  ['upper(null)', fns(upper), dyn, 1],
  ['upper([])', fns(upper), dyn, 1],
  ['upper("foo", "bar")', fns(upper), dyn, 1],
  ['upper()', fns(upper), dyn, 1],
  ['upper(["foo", "bar"]...)', fns(upper), dyn, 1],
  ['upper("a"...)', fns(upper), dyn, 1],
  ['upper(null...)', fns(upper), dyn, 1],
  ['upper(unk...)', fns(upper, { unk: unk(listOf(StringType)) }), dyn],
  ['upper(nulllist...)', fns(upper, { nulllist: nul(listOf(StringType)) }), dyn, 1],
  ['upper(missing)', fns(upper, {}), dyn, 1],
  ['concat([1, null]...)', fns({ concat: concatFn }), dyn, 1],
  ['concat(var.unknownlist...)', fns({ concat: concatFn }, { var: obj({ unknownlist: dyn }) }), dyn],
  ['concat([1], [2, "a"])', fns({ concat: concatFn }), tup(n(1), n(2), s('a'))],
  ['concat(1)', fns({ concat: concatFn }), dyn, 1],
  ['concat()', fns({ concat: concatFn }), dyn, 1],
  ['foo::upper("foo")', fns({ 'foo::upper': upperFn }), s('FOO')],
  ['foo :: upper("foo")', fns({ 'foo::upper': upperFn }), s('FOO')],
  ['::upper("foo")', fns({ '::upper': upperFn }), dyn, 1],
  ['upper("foo")', undefined, dyn, 1],
  ['upper("foo")', ctxOf({}), dyn, 1],
  ['uper("foo")', fns(upper), dyn, 1],
  ['max([1, 5, 3]...)', fns({ max: { ...minFn, impl: (a) => a.reduce((x, y) => (y.asNumber().cmp(x.asNumber()) > 0 ? y : x)) } }), n(5)],
  ['min(xs...)', fns({ min: minFn }, { xs: mark(list(n(3), n(1), n(4)), 'sensitive') }), mark(n(1), 'sensitive')],
  ['min(set...)', fns({ min: minFn }, { set: set(n(3), n(2)) }), n(2)],
  ['["hello"][negate(0)]', fns({ negate: negateFn }), s('hello')],
  ['[][negate(0)]', fns({ negate: negateFn }), dyn, 1],
]);

run('tuples and objects', [
  ['[]', undefined, tup()],
  ['[1]', undefined, tup(n(1))],
  ['[1,]', undefined, tup(n(1))],
  ['[1,true]', undefined, tup(n(1), T)],
  ['[\n  1,\n  true\n]', undefined, tup(n(1), T)],
  ['{}', undefined, obj({})],
  ['{"hello": "world"}', undefined, obj({ hello: s('world') })],
  ['{"hello" = "world"}', undefined, obj({ hello: s('world') })],
  ['{hello = "world"}', undefined, obj({ hello: s('world') })],
  ['{hello: "world"}', undefined, obj({ hello: s('world') })],
  ['{true: "yes"}', undefined, obj({ true: s('yes') })],
  ['{false: "yes"}', undefined, obj({ false: s('yes') })],
  ['{null: "yes"}', undefined, obj({ null: s('yes') })],
  ['{15: "yes"}', undefined, obj({ '15': s('yes') })],
  ['{[]: "yes"}', undefined, dyn, 1],
  ['{(null): "yes"}', undefined, dyn, 1],
  ['{(unk): "yes"}', ctxOf({ unk: unk(StringType) }), dyn],
  ['{"centos_7.2_ap-south-1" = "ami-abc123"}', undefined, obj({ 'centos_7.2_ap-south-1': s('ami-abc123') })],
  ['{foo.bar = "ami-abc123"}', undefined, dyn, 1],
  ['{var.greeting = "world"}', ctxOf({ var: obj({ greeting: s('hello') }) }), dyn, 1],
  ['{(var.greeting) = "world"}', ctxOf({ var: obj({ greeting: s('hello') }) }), obj({ hello: s('world') })],
  [
    '{(var.greeting) = "world", "goodbye" = "earth"}',
    ctxOf({ var: obj({ greeting: mark(s('hello'), 'marked') }) }),
    mark(obj({ hello: s('world'), goodbye: s('earth') }), 'marked'),
  ],
  ['{"${var.greeting}" = "world"}', ctxOf({ var: obj({ greeting: s('hello') }) }), obj({ hello: s('world') })],
  ['{"hello" = "world", "goodbye" = "cruel world"}', undefined, obj({ hello: s('world'), goodbye: s('cruel world') })],
  ['{\n  "hello" = "world"\n}', undefined, obj({ hello: s('world') })],
  ['{\n  "hello" = "world"\n  "goodbye" = "cruel world"\n}', undefined, obj({ hello: s('world'), goodbye: s('cruel world') })],
  ['{\n  "hello" = "world",\n  "goodbye" = "cruel world",\n}', undefined, obj({ hello: s('world'), goodbye: s('cruel world') })],
  ['{ true = 1, "a.b" = 2 }', undefined, obj({ true: n(1), 'a.b': n(2) })],
  ['{ a = 1, a = 2 }', undefined, obj({ a: n(2) })],
  ['{ (x) = 1 }', ctxOf({ x: n(3) }), obj({ '3': n(1) })],
]);

run('for expressions', [
  ['{\n  for k, v in {hello: "world"}:\nk => v\n}', undefined, obj({ hello: s('world') })],
  ['{\n  a = {\n  for k, v in {hello: "world"}:\nk => v\n  }\n}', undefined, obj({ a: obj({ hello: s('world') }) })],
  ['{for k, v in {hello: "world"}: k => v if k == "hello"}', undefined, obj({ hello: s('world') })],
  ['{for k, v in {hello: "world"}: upper(k) => upper(v) if k == "hello"}', fns(upper), obj({ HELLO: s('WORLD') })],
  ['{for k, v in ["world"]: k => v if k == 0}', undefined, obj({ '0': s('world') })],
  ['{for v in ["world"]: v => v}', undefined, obj({ world: s('world') })],
  ['{for k, v in {hello: "world"}: k => v if k == "foo"}', undefined, obj({})],
  ['{for k, v in {hello: "world"}: 5 => v}', undefined, obj({ '5': s('world') })],
  ['{for k, v in {hello: "world"}: [] => v}', undefined, dyn, 1],
  ['{for k, v in {hello: "world"}: null => v}', undefined, dyn, 1],
  ['{for k, v in {hello: "world"}: k => k if k == "hello"}', undefined, obj({ hello: s('hello') })],
  ['{for k, v in {hello: "world"}: k => foo}', ctxOf({ foo: s('foo') }), obj({ hello: s('foo') })],
  ['[for k, v in {hello: "world"}: "${k}=${v}"]', undefined, tup(s('hello=world'))],
  ['[for k, v in {hello: "world"}: k => v]', undefined, obj({ hello: s('world') }), 1],
  ['{for v in {hello: "world"}: v}', undefined, tup(s('world')), 1],
  [
    '{for i, v in ["a", "b", "c", "b", "d"]: v => i...}',
    undefined,
    obj({ a: tup(n(0)), b: tup(n(1), n(3)), c: tup(n(2)), d: tup(n(4)) }),
  ],
  ['{for i, v in ["a", "b", "c", "b", "d"]: v => i... if i <= 2}', undefined, obj({ a: tup(n(0)), b: tup(n(1)), c: tup(n(2)) })],
  ['{for i, v in ["a", "b", "c", "b", "d"]: v => i}', undefined, obj({ a: n(0), b: n(1), c: n(2), d: n(4) }), 1],
  ['[for v in {hello: "world"}: v...]', undefined, tup(s('world')), 1],
  ['[for v in "hello": v]', undefined, dyn, 1],
  ['[for v in null: v]', undefined, dyn, 1],
  ['[for v in unk: v]', ctxOf({ unk: unk(listOf(StringType)) }), dyn],
  ['[for v in unk: v]', ctxOf({ unk: dyn }), dyn],
  ['[for v in unk: v]', ctxOf({ unk: unk(StringType) }), dyn, 1],
  ['[for v in ["a", "b"]: v if unkbool]', ctxOf({ unkbool: unk(BoolType) }), dyn],
  ['[for v in ["a", "b"]: v if nullbool]', ctxOf({ nullbool: nul(BoolType) }), dyn, 1],
  ['[for v in ["a", "b"]: v if dyn]', ctxOf({ dyn }), dyn],
  ['[for v in ["a", "b"]: v if unknum]', ctxOf({ unknum: unk(listOf(NumberType)) }), dyn, 1],
  ['[for i, v in ["a", "b"]: v if i + i]', undefined, dyn, 1],
  ['[for v in ["a", "b"]: unkstr]', ctxOf({ unkstr: unk(StringType) }), tup(unk(StringType), unk(StringType))],
  ['[for i, v in ["a", "b"] : "${i}${v}"]', undefined, tup(s('0a'), s('1b'))],
  ['[for v in [1, 2, 3] : v * 2 if v > 1]', undefined, tup(n(4), n(6))],
  ['{for k, v in {b = 2, a = 1} : v => k}', undefined, obj({ '1': s('a'), '2': s('b') })],
  ['{for v in ["a", "a", "b"] : v => v...}', undefined, obj({ a: tup(s('a'), s('a')), b: tup(s('b')) })],
  ['{for v in ["a", "a", "b"] : v => v}', undefined, obj({ a: s('a'), b: s('b') }), 1],
  ['[for k, v in {b = 1, a = 2, "ä" = 3, Z = 4}: k]', undefined, tup(s('Z'), s('a'), s('b'), s('ä'))],
  ['[for k, v in m: "${k}${v}"]', ctxOf({ m: map({ y: n(1), x: n(2) }) }), tup(s('x2'), s('y1'))],
  ['[for v in st: v]', ctxOf({ st: set(s('b'), s('a')) }), tup(s('a'), s('b'))],
  ['[for k, v in st: k]', ctxOf({ st: set(n(2), n(1)) }), tup(n(1), n(2))],
  ['[for x in [1]: y]', undefined, tup(dyn), 1],
  [
    '[for x in things: x if x != ""]',
    ctxOf({ things: mark(list(s('a'), s('b'), s(''), s('c')), 'sensitive') }),
    mark(tup(s('a'), s('b'), s('c')), 'sensitive'),
  ],
  ['{for k, v in things: k => !v}', ctxOf({ things: mark(map({ a: T, b: F }), 'sensitive') }), mark(obj({ a: F, b: T }), 'sensitive')],
  ['{for k, v in things: k => !v}', ctxOf({ things: map({ a: mark(T, 'sensitive'), b: F }) }), obj({ a: mark(F, 'sensitive'), b: T })],
  [
    '{for v in things: v => "${v}-friend"}',
    ctxOf({
      things: map({
        a: mark(s('rosie'), 'marked'),
        b: s('robin'),
        c: mark(s('rowan'), 'marked'),
        d: mark(s('ruben'), 'also-marked'),
      }),
    }),
    mark(
      obj({
        rosie: mark(s('rosie-friend'), 'marked'),
        robin: s('robin-friend'),
        rowan: mark(s('rowan-friend'), 'marked'),
        ruben: mark(s('ruben-friend'), 'also-marked'),
      }),
      'marked',
      'also-marked',
    ),
  ],
  [
    '{for v in things: v => "${v}-friend"}',
    ctxOf({ things: mark(map({ a: mark(s('rosie'), 'marked'), b: s('robin') }), 'marks') }),
    mark(obj({ rosie: mark(s('rosie-friend'), 'marked'), robin: s('robin-friend') }), 'marked', 'marks'),
  ],
  [
    '[for x in things: x if x != secret]',
    ctxOf({ things: list(s('a'), s('b'), s('c')), secret: mark(s('b'), 'sensitive') }),
    mark(tup(s('a'), s('c')), 'sensitive'),
  ],
  [
    '{ for k, v in things: k => v if k != secret }',
    ctxOf({ things: map({ a: T, b: F, c: F }), secret: mark(s('b'), 'sensitive') }),
    mark(obj({ a: T, c: F }), 'sensitive'),
  ],
  [
    '{ for k, v in things: k => v if k != unknown_secret }',
    ctxOf({ things: map({ a: T, b: F, c: F }), unknown_secret: mark(unk(StringType), 'sensitive') }),
    mark(dyn, 'sensitive'),
  ],
  [
    '[ for v in things: v if v != unknown_secret ]',
    ctxOf({ things: tup(s('a'), s('b')), unknown_secret: mark(unk(StringType), 'sensitive') }),
    mark(dyn, 'sensitive'),
  ],
  [
    '[ for v in things: v if v != secret ]',
    ctxOf({ things: tup(mark(unk(StringType), 'mark'), s('b')), secret: mark(s('b'), 'sensitive') }),
    mark(dyn, 'mark', 'sensitive'),
  ],
]);

run('splat expressions', [
  ['[{name: "Steve"}, {name: "Ermintrude"}].*.name', undefined, tup(s('Steve'), s('Ermintrude'))],
  ['{name: "Steve"}.*.name', undefined, tup(s('Steve'))],
  ['null[*]', undefined, tup()],
  ['"x"[*]', undefined, tup(s('x'))],
  ['{name: "Steve"}[*].name', undefined, tup(s('Steve'))],
  ['set.*.name', ctxOf({ set: set(obj({ name: s('Steve') })) }), list(s('Steve'))],
  ['unkstr[*]', ctxOf({ unkstr: unk(StringType) }), dyn],
  ['unkstr.*.name', ctxOf({ unkstr: unk(StringType) }), dyn, 1],
  ['dyn.*.name', ctxOf({ dyn }), dyn],
  ['unkobj.*.name', ctxOf({ unkobj: unk({ kind: 'object', attributes: new Map([['name', StringType]]) }) }), dyn],
  ['unklistobj.*.name', ctxOf({ unklistobj: unk(listOf({ kind: 'object', attributes: new Map([['name', StringType]]) })) }), unk(listOf(StringType))],
  [
    'unktupleobj.*.name',
    ctxOf({
      unktupleobj: unk({
        kind: 'tuple',
        elements: [
          { kind: 'object', attributes: new Map([['name', StringType]]) },
          { kind: 'object', attributes: new Map([['name', BoolType]]) },
        ],
      }),
    }),
    unk({ kind: 'tuple', elements: [StringType, BoolType] }),
  ],
  ['nullobj.*.name', ctxOf({ nullobj: nul({ kind: 'object', attributes: new Map([['name', StringType]]) }) }), tup()],
  ['nulllist.*.name', ctxOf({ nulllist: nul(listOf({ kind: 'object', attributes: new Map([['name', StringType]]) })) }), dyn, 1],
  [
    'listofobj[*].scalar[*]',
    ctxOf({ listofobj: list(obj({ scalar: s('foo') }), obj({ scalar: s('bar') })) }),
    list(tup(s('foo')), tup(s('bar'))),
  ],
  ['listofobj[*].scalar[*]', ctxOf({ listofobj: list(obj({ scalar: nul(StringType) }), obj({ scalar: s('bar') })) }), dyn, 1],
  ['emptylist[*].name', ctxOf({ emptylist: listOfType({ kind: 'object', attributes: new Map([['name', StringType]]) }) }), listOfType(StringType)],
  ['["hello", "goodbye"].*', undefined, tup(s('hello'), s('goodbye'))],
  ['"hello".*', undefined, tup(s('hello'))],
  ['[["hello"], ["world", "unused"]].*.0', undefined, tup(s('hello'), s('world'))],
  ['[[{name:"foo"}], [{name:"bar"}, {name:"baz"}]].*.0.name', undefined, tup(s('foo'), s('bar'))],
  ['[[[{name:"foo"}]], [[{name:"bar"}], [{name:"baz"}]]].*.0.0.name', undefined, tup(dyn, dyn), 1],
  ['[{name: "Steve"}, {name: "Ermintrude"}].*.name[0]', undefined, s('Steve')],
  ['[{names: ["Steve"]}, {names: ["Ermintrude"]}][*].names[0]', undefined, tup(s('Steve'), s('Ermintrude'))],
  ['[[{name: "Steve"}], [{name: "Ermintrude"}]][*][0].name', undefined, tup(s('Steve'), s('Ermintrude'))],
  ['[[{name: "Steve"}], [{name: "Ermintrude"}]][*][*].name', undefined, tup(tup(s('Steve')), tup(s('Ermintrude')))],
  ['[["hello"], ["goodbye"]].*.*', undefined, tup(tup(s('hello')), tup(s('goodbye'))), 1],
  ['[{a = 1}, {a = 2}][*].a', undefined, tup(n(1), n(2))],
  ['[{a = 1}, {a = 2}].*.a', undefined, tup(n(1), n(2))],
  ['[[1, 2], [3]][*][0]', undefined, tup(n(1), n(3))],
  ['[[1, 2], [3]].*[0]', undefined, tup(n(1), n(2))],
  ['[{a = 1}, {b = 2}][*].a', undefined, unk({ kind: 'tuple', elements: [NumberType, DynamicPseudoType] }), 1],
  ['missing[*]', ctxOf({}), dyn, 1],
  ['maps.*.enabled', ctxOf({ maps: mark(list(map({ enabled: T }), map({ enabled: F })), 'sensitive') }), mark(list(T, F), 'sensitive')],
  ['maps.*.enabled', ctxOf({ maps: mark(unk(listOf({ kind: 'map', element: BoolType })), 'sensitive') }), mark(unk(listOf(BoolType)), 'sensitive')],
  ['maps.*.x', ctxOf({ maps: list(map({ x: mark(s('foo'), 'sensitive') }), map({ x: s('bar') })) }), list(mark(s('foo'), 'sensitive'), s('bar'))],
]);

run('indexes and attributes', [
  ['["hello"][0]', undefined, s('hello')],
  ['["hello"].0', undefined, s('hello')],
  ['[["hello"]].0.0', undefined, dyn, 1],
  ['[{greeting = "hello"}].0.greeting', undefined, s('hello')],
  ['[][0]', undefined, dyn, 1],
  ['["hello"]["0"]', undefined, s('hello')],
  ['["boop"].foo[index]', ctxOf({ index: n(0) }), dyn, 1],
  ['{a = 1}.a', undefined, n(1)],
  ['[1, 2, 3][1]', undefined, n(2)],
  ['[1, 2, 3][3]', undefined, dyn, 1],
  ['{a = [1, 2]}.a.0', undefined, n(1)],
  ['foo', ctxOf({ foo: s('hello') }), s('hello')],
  ['bar', ctxOf(), dyn, 1],
  ['bar', undefined, dyn, 1],
  ['foo.bar', ctxOf({ foo: s('hello') }), dyn, 1],
  ['foo.baz', ctxOf({ foo: obj({ baz: s('hello') }) }), s('hello')],
  ['foo["baz"]', ctxOf({ foo: obj({ baz: s('hello') }) }), s('hello')],
  ['foo[true]', ctxOf({ foo: obj({ true: s('hello') }) }), s('hello')],
  ['foo[0].baz', ctxOf({ foo: list(obj({ baz: s('hello') })) }), s('hello')],
  ['foo.bar', ctxOf({ foo: map({ bar: n(1) }) }), n(1)],
  ['foo.baz', ctxOf({ foo: map({ bar: n(1) }) }), dyn, 1],
  ['unk["baz"]', ctxOf({ unk: unk(StringType) }), dyn, 1],
  ['unk["boop"]', ctxOf({ unk: unk({ kind: 'map', element: StringType }) }), unk(StringType)],
  ['unk[0]', ctxOf({ unk: unk(listOf(StringType)) }), unk(StringType)],
  ['dyn["boop"]', ctxOf({ dyn }), dyn],
  ['dyn.boop', ctxOf({ dyn }), dyn],
  ['l[k]', ctxOf({ l: list(s('a')), k: dyn }), dyn],
  ['l[k]', ctxOf({ l: list(s('a')), k: unk(NumberType) }), unk(StringType)],
  ['t[k]', ctxOf({ t: tup(s('a')), k: unk(NumberType) }), dyn],
  ['(f(1)).x', fns({ f: { params: [{ name: 'x', type: DynamicPseudoType }], returnType: (a) => ({ kind: 'object', attributes: new Map([['x', a[0]!.type]]) }), impl: (a) => obj({ x: a[0]! }) } }), n(1)],
  ['a.b.c', ctxOf({ a: obj({ b: obj({ c: T }) }) }), T],
  ['a.b.d', ctxOf({ a: obj({ b: obj({ c: T }) }) }), dyn, 1],
  ['a[0]', ctxOf({ a: nul(listOf(StringType)) }), dyn, 1],
  ['a.x', ctxOf({ a: nul() }), dyn, 1],
  ['s[0]', ctxOf({ s: set(s('a')) }), dyn, 1],
]);

run('conditionals', [
  ['true ? 1 : "a"', undefined, s('1')],
  ['false ? null : 5', undefined, n(5)],
  // cty v1.13.3 unifies tuples of different lengths to a list when their elements unify (hcl-spec §9 says error).
  ['true ? [] : [1]', undefined, listOfType(NumberType)],
  ['false ? [] : [1]', undefined, list(n(1))],
  ['true ? [1] : [1, true]', undefined, dyn, 1],
  ['true ? {a = 1} : {b = 2}', undefined, map({ a: n(1) })],
  ['true ? var : null', ctxOf({ var: obj({ a: s('A') }) }), obj({ a: s('A') })],
  ['true ? var : null', ctxOf({ var: dyn }), dyn],
  ['true ? ["a", "b"] : null', undefined, tup(s('a'), s('b'))],
  ['true ? null: ["a", "b"]', undefined, nul({ kind: 'tuple', elements: [StringType, StringType] })],
  ['false ? ["a", "b"] : null', undefined, nul({ kind: 'tuple', elements: [StringType, StringType] })],
  ['false ? null: ["a", "b"]', undefined, tup(s('a'), s('b'))],
  ['false ? null: null', undefined, nul()],
  ['false ? var: {a = "b"}', ctxOf({ var: dyn }), obj({ a: s('b') })],
  ['true ? ["a", "b"]: var', ctxOf({ var: dyn }), tup(s('a'), s('b'))],
  ['false ? ["a", "b"]: var', ctxOf({ var: dyn }), dyn],
  ['unknown ? 1 : 0', ctxOf({ unknown: unk(BoolType) }), unk(NumberType)],
  ['unknown ? 1 : 1', ctxOf({ unknown: unk(BoolType) }), n(1)],
  ['unknown ? i : j', ctxOf({ unknown: unk(BoolType), i: nul(NumberType), j: nul(NumberType) }), nul(NumberType)],
  ['unknown ? im : jm', ctxOf({ unknown: unk(BoolType), im: mark(nul(NumberType), 'a'), jm: mark(nul(NumberType), 'b') }), mark(nul(NumberType), 'a', 'b')],
  ['unknown ? im : jm', ctxOf({ unknown: mark(unk(BoolType), 'a'), im: unk(NumberType), jm: mark(unk(NumberType), 'b') }), mark(unk(NumberType), 'a', 'b')],
  ['unknown ? al : bl', ctxOf({ unknown: unk(BoolType), al: listOfType(StringType), bl: listOfType(StringType) }), listOfType(StringType)],
  ['unknown ? am : bm', ctxOf({ unknown: unk(BoolType), am: map({}, StringType), bm: mark(map({}, StringType), 'test') }), mark(map({}, StringType), 'test')],
  ['unknown ? a : b', ctxOf({ unknown: unk(BoolType), a: listOfType(StringType), b: list(unk(StringType)) }), unk(listOf(StringType))],
  ['unknown ? a : b', ctxOf({ unknown: unk(BoolType), a: list(s('hello')), b: list(unk(StringType)) }), list(unk(StringType))],
  ['var.foo ? 1 : 0', ctxOf({ var: mark(obj({ foo: T }), 'sensitive') }), mark(n(1), 'sensitive')],
  [
    'true ? listOf1Tuple : listOf0Tuple',
    ctxOf({ listOf1Tuple: list(tup(T)), listOf0Tuple: list(tup()) }),
    list(list(T)),
  ],
  ['true ? setOf1Tuple : setOf0Tuple', ctxOf({ setOf1Tuple: set(tup(T)), setOf0Tuple: set(tup()) }), set(list(T))],
  ['test ? sensitiveString : ""', ctxOf({ test: unk(BoolType), sensitiveString: mark(s('test'), 'sensitive') }), mark(unk(StringType), 'sensitive')],
  ['null ? 1 : 2', undefined, unk(NumberType), 1],
  ['"x" ? 1 : 2', undefined, unk(NumberType), 1],
  ['"true" ? 1 : 2', undefined, n(1)],
  ['true ? 1 : missing', ctxOf({}), n(1)],
  ['false ? 1 : missing', ctxOf({}), dyn, 1],
  ['true ? 1 : true', undefined, dyn, 1],
  ['c ? 1 : 2', ctxOf({ c: dyn }), unk(NumberType)],
]);

run('logical operators and short-circuit', [
  ['nullobj != null && nullobj.is_thingy', ctxOf({ nullobj: nul({ kind: 'object', attributes: new Map([['is_thingy', BoolType]]) }) }), F],
  ['unknown < 4 && list[zero]', ctxOf({ unknown: unk(NumberType), zero: n(0), list: listOfType(BoolType) }), unk(BoolType)],
  ['nullobj == null || nullobj.is_thingy', ctxOf({ nullobj: nul({ kind: 'object', attributes: new Map([['is_thingy', BoolType]]) }) }), T],
  ['unknown > 4 || list[zero]', ctxOf({ unknown: unk(NumberType), zero: n(0), list: listOfType(BoolType) }), unk(BoolType)],
  ['lhsTrue || rhsUnknown', ctxOf({ lhsTrue: mark(T, 'a'), rhsUnknown: mark(unk(BoolType), 'b') }), mark(T, 'a', 'b')],
  ['lhsUnknown || rhsTrue', ctxOf({ rhsTrue: mark(T, 'a'), lhsUnknown: mark(unk(BoolType), 'b') }), mark(T, 'a', 'b')],
  ['lhsUnknown && rhsFalse', ctxOf({ rhsFalse: mark(F, 'a'), lhsUnknown: mark(unk(BoolType), 'b') }), mark(F, 'a', 'b')],
  ['lhsFalse && rhsUnknown', ctxOf({ lhsFalse: mark(F, 'a'), rhsUnknown: mark(unk(BoolType), 'b') }), mark(F, 'a', 'b')],
  ['foo(value) && true', ctxOf(), unk(BoolType), 1],
  ['foo(value) && false', ctxOf(), F],
  ['foo(value) || false', ctxOf(), unk(BoolType), 1],
  ['foo(value) || true', ctxOf(), T],
  ['"true" && true', undefined, T],
  ['null && true', undefined, F],
  ['true && null', undefined, F],
  ['null || true', undefined, T],
  ['null || false', undefined, unk(BoolType), 1],
  ['1 && true', undefined, unk(BoolType), 1],
  ['unknown && "value"', ctxOf({ unknown: unk(BoolType) }), unk(BoolType), 1],
]);

describe('marks', () => {
  test('binary operators carry operand marks', () => {
    check(evalExpr('a + b', ctxOf({ a: mark(n(1), 'x'), b: mark(n(2), 'y') })), mark(n(3), 'x', 'y'));
    check(evalExpr('a == b', ctxOf({ a: mark(n(1), 'x'), b: n(1) })), mark(T, 'x'));
  });
  test('templates collect marks of all parts', () => {
    check(evalExpr('"${greeting} ${target}"', ctxOf({ greeting: mark(s('hello'), 'english'), target: mark(s('world'), 'sensitive') })), mark(s('hello world'), 'english', 'sensitive'));
    check(evalExpr('"hello%{ if false } ${target}%{ endif }"', ctxOf({ target: mark(s('world'), 'sensitive') })), mark(s('hello'), 'sensitive'));
    check(
      evalExpr('"Authenticate with \\"${secrets.passphrase}\\""', ctxOf({ secrets: mark(map({ passphrase: mark(s('my voice is my passport'), 'sensitive') }), 'sensitive') })),
      mark(s('Authenticate with "my voice is my passport"'), 'sensitive'),
    );
    check(evalExpr('"test_${target}"', ctxOf({ target: mark(unk(StringType), 'sensitive') })), mark(unk(StringType), 'sensitive'));
  });
  test('template for loops collect marks of the collection and its elements', () => {
    check(evalExpr('"%{ for s in secrets }${s}%{ endfor }"', ctxOf({ secrets: mark(list(s('foo'), s('bar'), s('baz')), 'sensitive') })), mark(s('foobarbaz'), 'sensitive'));
    check(evalExpr('"%{ for s in secrets }${s}%{ endfor }"', ctxOf({ secrets: list(s('foo'), mark(s('bar'), 'sensitive'), s('baz')) })), mark(s('foobarbaz'), 'sensitive'));
    check(
      evalExpr('"%{ for s in secrets }${s}%{ endfor }"', ctxOf({ secrets: mark(list(mark(s('foo'), 'x'), mark(s('bar'), 'y'), mark(s('baz'), 'z')), 'x') })),
      mark(s('foobarbaz'), 'x', 'y', 'z'),
    );
  });
  test('indexing keeps the collection marks', () => {
    check(evalExpr('l[0]', ctxOf({ l: mark(list(s('a')), 'm') })), mark(s('a'), 'm'));
    check(evalExpr('l[i]', ctxOf({ l: list(s('a')), i: mark(n(0), 'k') })), mark(s('a'), 'k'));
    check(evalExpr('o.a', ctxOf({ o: mark(obj({ a: s('v') }), 'm') })), mark(s('v'), 'm'));
  });
  test('function arguments: marks move to the result unless the parameter allows them', () => {
    check(evalExpr('upper(x)', fnCtx(upper, { x: mark(s('a'), 's') })), mark(s('A'), 's'));
  });
});

describe('scopes', () => {
  test('variables resolve through the parent chain and children shadow parents', () => {
    const parent = ctxOf({ a: n(1), b: n(2) });
    const child: EvalContext = { variables: new Map([['a', n(10)]]), parent };
    check(evalExpr('a + b', child), n(12));
  });
  test('functions resolve through the parent chain', () => {
    const parent = fnCtx(upper);
    const child: EvalContext = { variables: new Map(), parent };
    check(evalExpr('upper("x")', child), s('X'));
  });
  test('for expression names shadow outer variables only inside the expression', () => {
    check(evalExpr('[for x in [1, 2]: x + y]', ctxOf({ x: n(100), y: n(10) })), tup(n(11), n(12)));
  });
  test('nested for expressions see both iteration variables', () => {
    check(evalExpr('[for a in [1, 2]: [for b in [10, 20]: a + b]]', undefined), tup(tup(n(11), n(21)), tup(n(12), n(22))));
  });
  test('an object-form for with a key variable over a list uses numeric keys', () => {
    check(evalExpr('{for i, v in ["x", "y"]: v => i}', undefined), obj({ x: n(0), y: n(1) }));
  });
});
