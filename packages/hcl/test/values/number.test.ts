import { BigFloat, BigFloatError } from '../../src/values/number.js';

const p = (s: string): BigFloat => {
  const n = BigFloat.parse(s);
  if (!n) throw new Error(`unparsable ${s}`);
  return n;
};

describe('BigFloat parsing and shortest rendering (Go Text(f, -1) at 512 bits)', () => {
  test.each([
    ['0', '0'],
    ['-0', '-0'],
    ['1', '1'],
    ['1.0', '1'],
    ['1.50', '1.5'],
    ['12345678901234567890', '12345678901234567890'],
    ['1e100', '1' + '0'.repeat(100)],
    ['1e-5', '0.00001'],
    ['3.14159265358979323846264338327950288419716939937510582097494459', '3.14159265358979323846264338327950288419716939937510582097494459'],
    ['0.1', '0.1'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['+7', '7'],
    ['Inf', '+Inf'],
    ['-inf', '-Inf'],
  ])('%s renders as %s', (input, want) => {
    expect(p(input).toString()).toBe(want);
  });

  test.each(['', ' 1', '1 ', 'abc', '1e', '--1', '0x10', '1_000', '.'])('%j is not a number', (input) => {
    expect(BigFloat.parse(input)).toBeUndefined();
  });
});

describe('BigFloat arithmetic', () => {
  test('the spec suite fraction modulo keeps the binary artefact', () => {
    expect(p('11').mod(p('5.1')).toString()).toBe(
      '0.8' + '0'.repeat(152) + '24',
    );
  });
  test.each([
    ['0.1', '+', '0.2', '0.3'],
    ['10', '/', '4', '2.5'],
    ['1', '-', '3', '-2'],
    ['-7', '%', '3', '-1'],
    ['7', '%', '-3', '1'],
    ['5', '%', '0', '5'],
    ['2', '*', '0.5', '1'],
    ['1', '/', '0', '+Inf'],
    ['-1', '/', '0', '-Inf'],
    ['3.14159265358979323846264338327950288419716939937510582097494459', '+', '1', '4.14159265358979323846264338327950288419716939937510582097494459'],
  ])('%s %s %s = %s', (a, op, b, want) => {
    const x = p(a);
    const y = p(b);
    const r = op === '+' ? x.add(y) : op === '-' ? x.sub(y) : op === '*' ? x.mul(y) : op === '/' ? x.div(y) : x.mod(y);
    expect(r.toString()).toBe(want);
  });
  test('0/0 and inf/inf are errors, never NaN', () => {
    expect(() => p('0').div(p('0'))).toThrow(BigFloatError);
    expect(() => p('inf').div(p('inf'))).toThrow(BigFloatError);
  });
  test('precision: results take the larger operand precision', () => {
    const third = BigFloat.fromInt(1).div(BigFloat.fromInt(3));
    expect(third.prec).toBe(64);
    expect(third.toString()).toBe('0.33333333333333333334');
    expect(BigFloat.fromFloat64(0.1).toString()).toBe('0.1');
    expect(BigFloat.fromFloat64(0.1).add(p('0.2')).prec).toBe(512);
  });
  test('comparison and integer tests', () => {
    expect(p('1').cmp(p('1.0'))).toBe(0);
    expect(p('-2').cmp(p('1'))).toBe(-1);
    expect(p('inf').cmp(p('1e1000'))).toBe(1);
    expect(p('2.5').isInt()).toBe(false);
    expect(p('1e3').isInt()).toBe(true);
    expect(p('-2.5').floor().toString()).toBe('-3');
    expect(p('-2.5').ceil().toString()).toBe('-2');
    expect(p('-2.5').toBigInt()).toBe(-2n);
    expect(p('0.1').toFloat64()).toBe(0.1);
  });
});

describe('BigFloat.text (Go big.Float.Text)', () => {
  test.each([
    ['1.5', 'g', 10, '1.5'],
    ['123456789012', 'g', 10, '1.23456789e+11'],
    ['0.00001', 'g', -1, '1e-05'],
    ['100000', 'g', -1, '100000'],
    ['1000000', 'g', -1, '1e+06'],
    ['7', 'e', 3, '7.000e+00'],
    ['1234.5678', 'f', 2, '1234.57'],
    ['2.5', 'f', 0, '2'],
    ['3.5', 'f', 0, '4'],
    ['-0.5', 'E', -1, '-5E-01'],
  ] as const)('%s %s %d → %s', (n, fmt, prec, want) => {
    expect(p(n).text(fmt, prec)).toBe(want);
  });
});
