// Differential test of conversion and equality against the real Packer (1.6.6) via `packer console`:
// `convert(value, type)` results are compared through jsonencode, failures through the message in
// "Invalid value for "value" parameter: <message>.", and `==` through a batch of bools. The values are written
// in the helpers' literal language, whose plain forms are also HCL. Left out on purpose, because Packer 1.6.6's
// older cty differs from cty ≥ 1.5 there: equality of values holding nested nulls (`[null] == [null]` is unknown
// in 1.6.6, true now), and `convert({a=[1], b=[true]}, map(list(any)))`, which panics in 1.6.6.
import { ConversionError, convert } from '../../src/values/convert.js';
import { equals } from '../../src/values/equals.js';
import type { Value } from '../../src/values/value.js';
import { T, V } from './helpers.js';
import { consoleErrorDetail, consoleMany, consoleStrings, packerAvailable } from './packer-console.js';

/** cty's JSON encoding (keys in byte order, numbers in shortest decimal), for plain ASCII strings. */
function json(v: Value): string {
  if (v.isNull) return 'null';
  switch (v.type.kind) {
    case 'string':
      return JSON.stringify(v.asString());
    case 'number':
      return v.asNumber().toString();
    case 'bool':
      return String(v.asBool());
    case 'list':
    case 'set':
    case 'tuple':
      return `[${v.asElements().map(json).join(',')}]`;
    default:
      return `{${[...v.asEntries()].map(([k, e]) => `${JSON.stringify(k)}:${json(e)}`).join(',')}}`;
  }
}

const conversions: [string, string][] = [
  ['1.5', 'string'], ['1e3', 'string'], ['0.1', 'string'], ['true', 'string'], ['"12"', 'number'], ['"1.50"', 'number'],
  ['"-7"', 'number'], ['"+7"', 'number'], ['".5"', 'number'], ['"1p4"', 'number'], ['" 7"', 'number'], ['""', 'number'],
  ['"0x1F"', 'number'], ['"true"', 'bool'], ['"1"', 'bool'], ['"0"', 'bool'], ['"TRUE"', 'bool'], ['"False"', 'bool'],
  ['"yes"', 'bool'], ['true', 'number'], ['1', 'bool'],
  ['[1, "a"]', 'list(any)'], ['[1, 2]', 'list(any)'], ['[]', 'list(any)'], ['[1, true]', 'list(any)'], ['[1, true]', 'list(string)'],
  ['[1, {}]', 'list(string)'], ['["a", ["b"]]', 'list(string)'], ['["1", "x"]', 'list(number)'], ['[[1], ["a"]]', 'list(any)'],
  ['[[1], [2, 3]]', 'list(any)'], ['[{a=1}, {b=2}]', 'list(any)'], ['[{a=1}, {a="x"}]', 'list(any)'], ['[null, 1]', 'list(any)'],
  ['[{a=1}, {a=2, b=3}]', 'list(object({a=number}))'], ['[{a=1}, {b=3}]', 'list(object({a=number}))'], ['[1]', 'list(bool)'],
  ['["b", "a", "b"]', 'set(string)'], ['[1, "1"]', 'set(any)'], ['[3, 1, 2, 10]', 'set(number)'], ['[1, true]', 'set(any)'],
  ['[true, false, true]', 'set(bool)'], ['{a=1, b="x"}', 'map(string)'], ['{a=1, b="x"}', 'map(any)'], ['{a=1, b=true}', 'map(any)'],
  ['{a=1, b=true}', 'map(string)'], ['{a=1, b={}}', 'map(string)'], ['{}', 'map(string)'], ['{a={x=1}, b={y=2}}', 'map(any)'],
  ['{a=[1], b=["x"]}', 'map(any)'], ['{a=[1], b=["x", "y"]}', 'map(any)'], ['{a=[1, "x"]}', 'map(list(any))'], ['[1]', 'map(string)'],
  ['{a=1}', 'object({a=string})'], ['{a=1, b=2}', 'object({a=number})'], ['{a=1}', 'object({a=number, b=string})'],
  ['{}', 'object({a=number, b=string})'], ['{}', 'object({a=number, b=string, c=bool})'], ['{x=1}', 'object({b=number, a=string, c=bool, d=bool})'],
  ['{a=true}', 'object({a=number})'], ['{a={b=1}}', 'object({a=object({b=bool})})'], ['{a="x"}', 'object({a=number})'],
  ['{a=[1, "x"]}', 'object({a=list(number)})'], ['"a"', 'object({})'], ['{a=1}', 'list(string)'], ['[1, "a"]', 'tuple([string, string])'],
  ['["1", 2]', 'tuple([number, any])'], ['[1, "a"]', 'tuple([any, number])'], ['[1]', 'tuple([string, string])'], ['1', 'tuple([])'],
  ['[[1, 2], ["a"]]', 'list(list(string))'], ['[[1, 2], [true]]', 'list(any)'],
  ['[{a=1, b="x"}, {a="y", b=2}]', 'list(any)'], ['[{a=1}, {a=[]}]', 'list(any)'], ['{a={b=[1]}, c={b=["x"]}}', 'map(any)'],
  ['[["a", 1], ["b", true]]', 'list(list(string))'], ['["x", {a=1}]', 'set(string)'], ['{a=null, b=1}', 'map(number)'],
];

const equalities: [string, string][] = [
  ['1', '1.0'], ['"1"', '1'], ['"true"', 'true'], ['null', 'null'], ['null', '1'], ['0', '-0'], ['0.1', '0.10'],
  ['[1, 2]', '[1, 2]'], ['[1, 2]', '[2, 1]'], ['[1]', '[1, 1]'], ['{a=1}', '{a=1}'], ['{a=1}', '{a="1"}'], ['{a=1}', '{b=1}'],
  ['[]', '[]'], ['{}', '{}'], ['[]', '{}'], ['"a"', '"a"'], ['"a"', '"A"'],
  ['1e2', '100'], ['0.1 + 0.2', '0.3'], ['1/3', '0.3333333333333333'], ['true', 'true'], ['[[1]]', '[[1]]'],
  ['{a=[1, {b=2}]}', '{a=[1, {b=2}]}'], ['{a=[1, {b=2}]}', '{a=[1, {b=3}]}'], ['1', 'null'],
];

const haveOracle = packerAvailable();

describe('convert against packer console', () => {
  test('successful conversions and failure messages', async () => {
    if (!haveOracle) throw new Error('packer is not installed at /usr/bin/packer (set PACKER_BIN)');
    const mine = conversions.map(([v, t]) => {
      try {
        return { ok: true, text: json(convert(V(v), T(t))) };
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        return { ok: false, text: `Invalid value for "value" parameter: ${e.message}.` };
      }
    });
    const theirs = await consoleMany(conversions.map(([v, t]) => `jsonencode(convert(${v}, ${t}))`));
    const mismatches: string[] = [];
    conversions.forEach(([v, t], i) => {
      const r = theirs[i]!;
      const text = r.ok ? r.text : consoleErrorDetail(r.text);
      if (r.ok !== mine[i]!.ok || text !== mine[i]!.text) {
        mismatches.push(`convert(${v}, ${t})\n  packer: ${text}\n  ours:   ${mine[i]!.text}`);
      }
    });
    expect(mismatches).toEqual([]);
  });
});

describe('equals against packer console', () => {
  test('==', () => {
    if (!haveOracle) throw new Error('packer is not installed at /usr/bin/packer (set PACKER_BIN)');
    const theirs = consoleStrings(equalities.map(([a, b]) => `${a} == ${b}`));
    const arith = (s: string) => (s === '0.1 + 0.2' ? '0.3' : s === '1/3' ? null : s);
    equalities.forEach(([a, b], i) => {
      const left = arith(a);
      if (left === null) {
        expect(theirs[i]).toBe('false'); // 1/3 at 512 bits has many more digits
        return;
      }
      const r = equals(V(left), V(b));
      expect(`${a} == ${b}: ${r.asBool()}`).toBe(`${a} == ${b}: ${theirs[i]}`);
    });
  });
});
