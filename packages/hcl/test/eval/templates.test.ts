// Bare templates (as in JSON strings and templatefile): source text → value. Vectors re-derived from hclsyntax's
// TemplateExprParseAndValue table (hcl-spec.md §1.3).
import type { EvalContext } from '../../src/eval/context.js';
import type { Value } from '../../src/values/value.js';
import { StringType, T, check, ctxOf, evalTemplate, list, mark, map, s, unk } from './helpers.js';

type Vector = [src: string, ctx: EvalContext | undefined, want: Value, diagCount?: number];

const vectors: Vector[] = [
  ['1', undefined, s('1')],
  ['(1)', undefined, s('(1)')],
  ['true', undefined, s('true')],
  ['\nhello world\n', undefined, s('\nhello world\n')],
  ['hello ${"world"}', undefined, s('hello world')],
  ['hello\\nworld', undefined, s('hello\\nworld')],
  ['hello ${12.5}', undefined, s('hello 12.5')],
  ['silly ${"${"nesting"}"}', undefined, s('silly nesting')],
  ['silly ${"${true}"}', undefined, s('silly true')],
  ['hello $${escaped}', undefined, s('hello ${escaped}')],
  ['hello $$nonescape', undefined, s('hello $$nonescape')],
  ['hello %${"world"}', undefined, s('hello %world')],
  ['${true}', undefined, T],
  ['trim ${~ "trim"}', undefined, s('trimtrim')],
  ['${"trim" ~} trim', undefined, s('trimtrim')],
  ['trim\n${~"trim"~}\ntrim', undefined, s('trimtrimtrim')],
  [' ${~ true ~} ', undefined, s('true')],
  ['${"hello "}${~"trim"~}${" hello"}', undefined, s('hello trim hello')],
  ['${true}${~"trim"~}${true}', undefined, s('truetrimtrue')],
  ['%{ if true ~} hello %{~ endif }', undefined, s('hello')],
  ['%{ if false ~} hello %{~ endif}', undefined, s('')],
  ['%{ if true ~} hello %{~ else ~} goodbye %{~ endif }', undefined, s('hello')],
  ['%{ if false ~} hello %{~ else ~} goodbye %{~ endif }', undefined, s('goodbye')],
  ['%{ if true ~} %{~ if false ~} hello %{~ else ~} goodbye %{~ endif ~} %{~ endif }', undefined, s('goodbye')],
  ['%{ if false ~} %{~ if false ~} hello %{~ else ~} goodbye %{~ endif ~} %{~ endif }', undefined, s('')],
  ['%{ for v in ["a", "b", "c"] }${v}%{ endfor }', undefined, s('abc')],
  ['%{ for v in ["a", "b", "c"] } ${v} %{ endfor }', undefined, s(' a  b  c ')],
  ['%{ for v in ["a", "b", "c"] ~} ${v} %{~ endfor }', undefined, s('abc')],
  ['%{ for v in [] }${v}%{ endfor }', undefined, s('')],
  ['%{ for i, v in ["a", "b", "c"] }${i}${v}%{ endfor }', undefined, s('0a1b2c')],
  ['%{ for k, v in {"A" = "a", "B" = "b", "C" = "c"} }${k}${v}%{ endfor }', undefined, s('AaBbCc')],
  ['%{ for v in ["a", "b", "c"] }${v}${nl}%{ endfor }', ctxOf({ nl: s('\n') }), s('a\nb\nc\n')],
  ['\\n', undefined, s('\\n')],
  ['\\uu1234', undefined, s('\\uu1234')],
  ['$', undefined, s('$')],
  ['$$', undefined, s('$$')],
  ['%', undefined, s('%')],
  ['%%', undefined, s('%%')],
  ['hello %%{ if true }world%%{ endif }', undefined, s('hello %{ if true }world%{ endif }')],
  ['hello $%{ if true }world%{ endif }', undefined, s('hello $world')],
  ['test_${unknown}', ctxOf({ unknown: unk(StringType) }), unk(StringType)],
  ['test_${known}_${unknown}', ctxOf({ known: s('known'), unknown: unk(StringType) }), unk(StringType)],
  ['hello%{ if false } ${target}%{ endif }', ctxOf({ target: mark(s('world'), 'sensitive') }), mark(s('hello'), 'sensitive')],
  ['${greeting} ${target}', ctxOf({ greeting: mark(s('hello'), 'english'), target: mark(s('world'), 'sensitive') }), mark(s('hello world'), 'english', 'sensitive')],
  [
    'Authenticate with "${secrets.passphrase}"',
    ctxOf({ secrets: mark(map({ passphrase: mark(s('my voice is my passport'), 'sensitive') }), 'sensitive') }),
    mark(s('Authenticate with "my voice is my passport"'), 'sensitive'),
  ],
  ['%{ for s in secrets }${s}%{ endfor }', ctxOf({ secrets: mark(list(s('foo'), s('bar'), s('baz')), 'sensitive') }), mark(s('foobarbaz'), 'sensitive')],
  ['%{ for s in secrets }${s}%{ endfor }', ctxOf({ secrets: list(s('foo'), mark(s('bar'), 'sensitive'), s('baz')) }), mark(s('foobarbaz'), 'sensitive')],
  [
    '%{ for s in secrets }${s}%{ endfor }',
    ctxOf({ secrets: mark(list(mark(s('foo'), 'x'), mark(s('bar'), 'y'), mark(s('baz'), 'z')), 'x') }),
    mark(s('foobarbaz'), 'x', 'y', 'z'),
  ],
  ['test_${target}', ctxOf({ target: mark(unk(StringType), 'sensitive') }), mark(unk(StringType), 'sensitive')],
  ['%{ if c }yes%{ else }no%{ endif }', ctxOf({ c: unk() }), unk(StringType)],
  ['%{ if "true" }yes%{ endif }', undefined, s('yes')],
  ['a${x}b', ctxOf({ x: s('') }), s('ab')],
  ['${x}', ctxOf({ x: list(s('a')) }), list(s('a'))],
  ['${x}${y}', ctxOf({ x: s('a'), y: list(s('a')) }), s('a'), 1],
];

describe('bare templates', () => {
  test.each(vectors.map((v) => [v[0], v[1], v[2], v[3] ?? 0] as const))('%s', (src, ctx, want, count) => {
    check(evalTemplate(src, ctx), want, count ?? 0);
  });
});
