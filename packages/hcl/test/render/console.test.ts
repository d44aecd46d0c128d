// `packer console` value rendering (Packer's hcl2shim + repl formatter). The same rules are also checked
// end to end against the real packer binary in packages/cli/test/console-differential.test.ts.
import { formatGoFloatG, renderConsoleValue } from '../../src/render/console.js';
import { BigFloat } from '../../src/values/number.js';
import { NumberType, StringType, DynamicPseudoType } from '../../src/values/types.js';
import {
  EmptyObjectVal,
  EmptyTupleVal,
  False,
  True,
  listVal,
  listValEmpty,
  mapVal,
  nullVal,
  numberIntVal,
  numberVal,
  objectVal,
  setVal,
  stringVal,
  tupleVal,
  unknownVal,
} from '../../src/values/value.js';

const num = (s: string) => numberVal(BigFloat.parse(s)!);

describe('renderConsoleValue', () => {
  test('scalars at the top level', () => {
    expect(renderConsoleValue(stringVal('a "b"\nc'))).toBe('a "b"\nc');
    expect(renderConsoleValue(stringVal(''))).toBe('');
    expect(renderConsoleValue(True)).toBe('true');
    expect(renderConsoleValue(False)).toBe('false');
    expect(renderConsoleValue(nullVal(StringType))).toBe('null');
    expect(renderConsoleValue(numberIntVal(42))).toBe('42');
  });

  test('anything not wholly known is <unknown>', () => {
    expect(renderConsoleValue(unknownVal(StringType))).toBe('<unknown>');
    expect(renderConsoleValue(unknownVal(DynamicPseudoType))).toBe('<unknown>');
    expect(renderConsoleValue(tupleVal([stringVal('a'), unknownVal(NumberType)]))).toBe('<unknown>');
  });

  test('lists, sets and tuples: one element per line, quoted strings, trailing commas', () => {
    expect(renderConsoleValue(listVal([stringVal('a'), stringVal('b\tc')]))).toBe('[\n  "a",\n  "b\\tc",\n]');
    expect(renderConsoleValue(setVal([numberIntVal(3), numberIntVal(1)]))).toBe('[\n  1,\n  3,\n]');
    expect(renderConsoleValue(tupleVal([True, nullVal(StringType), num('1.5')]))).toBe('[\n  true,\n  null,\n  1.5,\n]');
    expect(renderConsoleValue(EmptyTupleVal)).toBe('[]');
    expect(renderConsoleValue(listValEmpty(StringType))).toBe('[]');
  });

  test('maps and objects: sorted "key" = value lines without commas; null attributes dropped', () => {
    expect(renderConsoleValue(objectVal({ b: numberIntVal(1), a: stringVal('x'), 'key with space': True }))).toBe(
      '{\n  "a" = "x"\n  "b" = 1\n  "key with space" = true\n}',
    );
    expect(renderConsoleValue(mapVal({ z: stringVal('1'), y: nullVal(StringType) }))).toBe('{\n  "z" = "1"\n}');
    expect(renderConsoleValue(objectVal({ only: nullVal(StringType) }))).toBe('{}');
    expect(renderConsoleValue(EmptyObjectVal)).toBe('{}');
  });

  test('nesting indents every line by two more spaces', () => {
    const v = objectVal({ l: tupleVal([numberIntVal(1), tupleVal([numberIntVal(2)]), EmptyObjectVal]), m: objectVal({ k: stringVal('v') }) });
    expect(renderConsoleValue(v)).toBe('{\n  "l" = [\n    1,\n    [\n      2,\n    ],\n    {},\n  ]\n  "m" = {\n    "k" = "v"\n  }\n}');
  });

  test('keys are sorted by bytes and Go-quoted', () => {
    expect(renderConsoleValue(objectVal({ é: numberIntVal(1), Z: numberIntVal(2), a: numberIntVal(3), '\u0001': numberIntVal(4) }))).toBe(
      '{\n  "\\x01" = 4\n  "Z" = 2\n  "a" = 3\n  "é" = 1\n}',
    );
  });

  test('numbers: int64 whole numbers exactly, everything else as a float64 with %g', () => {
    expect(renderConsoleValue(num('9223372036854775807'))).toBe('9223372036854775807');
    expect(renderConsoleValue(num('-9223372036854775808'))).toBe('-9223372036854775808');
    expect(renderConsoleValue(num('9223372036854775808'))).toBe('9.223372036854776e+18');
    expect(renderConsoleValue(num('1e6'))).toBe('1000000');
    expect(renderConsoleValue(num('-0'))).toBe('0');
    expect(renderConsoleValue(num('0.1'))).toBe('0.1');
    expect(renderConsoleValue(num('123456789.5'))).toBe('1.234567895e+08');
    expect(renderConsoleValue(num('0.00001'))).toBe('1e-05');
    expect(renderConsoleValue(numberVal(BigFloat.posInf))).toBe('+Inf');
    expect(renderConsoleValue(numberVal(BigFloat.negInf))).toBe('-Inf');
    // 512-bit arithmetic rounds to the nearest float64 only when printed.
    expect(renderConsoleValue(numberVal(BigFloat.parse('0.1')!.add(BigFloat.parse('0.2')!)))).toBe('0.3');
  });

  test('a nested line of 64 KiB or more is lost (bufio.Scanner gives up)', () => {
    const fits = 'x'.repeat(65533); // 65535 bytes with its quotes
    const tooLong = 'x'.repeat(65534);
    expect(renderConsoleValue(tupleVal([stringVal(fits), numberIntVal(2)]))).toBe(`[\n  "${fits}",\n  2,\n]`);
    expect(renderConsoleValue(tupleVal([stringVal(tooLong), numberIntVal(2)]))).toBe('[\n,\n  2,\n]');
  });
});

describe('formatGoFloatG (Go %g of a float64)', () => {
  test.each([
    [1.5, '1.5'],
    [100000, '100000'],
    [1000000, '1e+06'],
    [123456.7, '123456.7'],
    [1234567.8, '1.2345678e+06'],
    [0.0001, '0.0001'],
    [0.00012, '0.00012'],
    [0.00001234, '1.234e-05'],
    [-2.5e-7, '-2.5e-07'],
    [1e100, '1e+100'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1 / 3, '0.3333333333333333'],
    [-0, '-0'],
  ])('%p', (x, want) => {
    expect(formatGoFloatG(x)).toBe(want);
  });
});
