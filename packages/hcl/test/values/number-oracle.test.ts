// Differential test against the real Packer (1.6.6): random arithmetic over number literals, rendered through
// string conversion ("${expr}", Go's Text('f', -1) at full precision) and through format()'s %e/%f/%g verbs
// (big.Float's Format). Packer 1.6.6 embeds an older cty whose Multiply rounds to the larger operand precision
// and whose Modulo works at 64 bits, so the model below reproduces *that* cty on top of BigFloat's Go-level
// primitives (mulPrec, sub/div with a precision, fromIntPrec); current cty's mul/mod are covered by the spec-suite
// vectors in number.test.ts.
import { BigFloat, BigFloatError } from '../../src/values/number.js';
import { consoleStrings, packerAvailable } from './packer-console.js';

interface Case {
  readonly expr: string;
  readonly want: () => string;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(private readonly rand: () => number) {}
  int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  digits(n: number): string {
    let s = String(1 + this.int(9));
    for (let i = 1; i < n; i++) s += String(this.int(10));
    return s;
  }
  /** An unsigned number literal in one of HCL's spellings. */
  literal(): string {
    switch (this.int(7)) {
      case 0:
        return String(this.int(1000));
      case 1:
        return this.digits(1 + this.int(40));
      case 2: {
        const d = this.digits(2 + this.int(25));
        const p = 1 + this.int(d.length - 1);
        return d.slice(0, p) + '.' + d.slice(p);
      }
      case 3:
        return '0.' + '0'.repeat(this.int(6)) + this.digits(1 + this.int(20));
      case 4:
        return this.digits(1 + this.int(5)) + 'e' + this.pick(['', '+', '-']) + String(this.int(400));
      case 5:
        return this.digits(1 + this.int(3)) + '.' + this.digits(1 + this.int(3)) + 'E' + this.pick(['', '-']) + String(this.int(60));
      default:
        return this.pick(['0.1', '0.2', '0.3', '1', '2', '3', '5.1', '7', '10', '0.5', '1e-5', '1e21', '9.999']);
    }
  }
}

const lit = (s: string) => BigFloat.parse(s)!;

/** Packer 1.6.6's cty: Multiply is a plain Go Mul at the larger precision. */
function oldMul(a: BigFloat, b: BigFloat): BigFloat {
  return a.mulPrec(b);
}
/** Packer 1.6.6's cty Modulo: the truncated quotient is a Float of max(64, bits) precision, and so is the rest. */
function oldMod(a: BigFloat, b: BigFloat): BigFloat {
  if (b.isZero()) return a;
  const t = a.div(b).toBigInt()!;
  const abs = t < 0n ? -t : t;
  const p = Math.max(64, abs.toString(2).length);
  let w = BigFloat.fromIntPrec(t, p);
  w = b.mulPrec(w, p);
  return a.sub(w, p);
}

type Node = { expr: string; value: () => BigFloat; noInf: boolean };

function leaf(g: Gen): Node {
  const s = g.literal();
  const neg = g.int(4) === 0;
  return {
    expr: neg ? `-${s}` : s,
    value: () => (neg ? lit(s).neg() : lit(s)),
    noInf: true,
  };
}

function expr(g: Gen, depth: number): Node {
  if (depth === 0 || g.int(3) === 0) return leaf(g);
  const a = expr(g, depth - 1);
  const b = expr(g, depth - 1);
  const op = g.pick(['+', '-', '*', '/', '%'] as const);
  if (op === '%' && !(a.noInf && b.noInf)) return a;
  const f = { '+': (x: BigFloat, y: BigFloat) => x.add(y), '-': (x: BigFloat, y: BigFloat) => x.sub(y), '*': oldMul, '/': (x: BigFloat, y: BigFloat) => x.div(y), '%': oldMod }[op];
  return {
    expr: `(${a.expr} ${op} ${b.expr})`,
    value: () => f(a.value(), b.value()),
    noInf: op !== '/' && a.noInf && b.noInf,
  };
}

function buildCases(): Case[] {
  const g = new Gen(mulberry32(20240611));
  const cases: Case[] = [];
  // Arithmetic rendered as strings.
  while (cases.length < 360) {
    const n = expr(g, 3);
    let ok = true;
    try {
      n.value();
    } catch (e) {
      if (!(e instanceof BigFloatError)) throw e;
      ok = false; // 0/0 and friends abort a whole packer batch; they are tested on their own elsewhere
    }
    if (!ok) continue;
    cases.push({ expr: n.expr, want: () => n.value().toString() });
  }
  // Formatting verbs (big.Float's Format via cty's format()).
  const verbs: [string, 'e' | 'E' | 'f' | 'g' | 'G', number][] = [
    ['%e', 'e', 6], ['%E', 'E', 6], ['%f', 'f', 6], ['%g', 'g', -1], ['%G', 'G', -1], ['%.0e', 'e', 0], ['%.3e', 'e', 3],
    ['%.0f', 'f', 0], ['%.2f', 'f', 2], ['%.12f', 'f', 12], ['%.1g', 'g', 1], ['%.3g', 'g', 3], ['%.10g', 'g', 10], ['%.25g', 'g', 25],
    ['%.40e', 'e', 40],
  ];
  while (cases.length < 600) {
    const n = expr(g, 2);
    try {
      n.value();
    } catch {
      continue;
    }
    const [verb, fmt, prec] = g.pick(verbs);
    cases.push({ expr: `format("${verb}", ${n.expr})`, want: () => n.value().text(fmt, prec) });
  }
  // Numbers from strings, and from functions whose results are exact in both Go and JavaScript.
  const extra: [string, () => string][] = [
    ['"1p4" + 0', () => lit('1p4').toString()],
    ['"+5" * 1', () => lit('+5').toString()],
    ['".5" + 0', () => lit('.5').toString()],
    ['"5." - 1', () => lit('5.').sub(lit('1')).toString()],
    ['"-0" * 1', () => lit('-0').mulPrec(lit('1')).toString()],
    ['"1E5" / 7', () => lit('1E5').div(lit('7')).toString()],
    ['length([1, 2, 3]) / 7', () => BigFloat.fromInt(3).div(lit('7')).toString()],
    ['pow(2, 0.5)', () => BigFloat.fromFloat64(Math.sqrt(2)).toString()],
    ['pow(2, 0.5) / pow(3, 0.5)', () => BigFloat.fromFloat64(Math.SQRT2).div(BigFloat.fromFloat64(Math.sqrt(3))).toString()],
    ['pow(2, 0.5) + 1/3', () => BigFloat.fromFloat64(Math.SQRT2).add(lit('1').div(lit('3'))).toString()],
    ['pow(3, 20) - 1', () => BigFloat.fromFloat64(3 ** 20).sub(lit('1')).toString()],
    ['pow(2, 100)', () => BigFloat.fromFloat64(2 ** 100).toString()],
    ['pow(2, 0.5) - pow(3, 0.5)', () => BigFloat.fromFloat64(Math.SQRT2).sub(BigFloat.fromFloat64(Math.sqrt(3))).toString()],
    ['parseint("ffffffffffffffffffffffffffff", 16) / 3', () => BigFloat.fromInt(0xffffffffffffffffffffffffffffn).div(lit('3')).toString()],
    ['parseint("-7fffffffffffffff", 16) - 1', () => BigFloat.fromInt(-0x7fffffffffffffffn).sub(lit('1')).toString()],
    ['1/0', () => '+Inf'],
    ['-1/0', () => '-Inf'],
    ['1e2000000000', () => lit('1e2000000000').toString()],
    ['format("%e", 1/0)', () => BigFloat.posInf.text('e', 6)],
    ['format("%.3f", -0)', () => lit('0').neg().text('f', 3)],
    ['format("%g", 0)', () => lit('0').text('g', -1)],
  ];
  for (const [e, want] of extra) cases.push({ expr: e, want });
  return cases;
}

const haveOracle = packerAvailable();

describe('BigFloat against packer console', () => {
  const cases = buildCases();
  const batches: Case[][] = [];
  for (let i = 0; i < cases.length; i += 160) batches.push(cases.slice(i, i + 160));

  test.each(batches.map((b, i) => [i, b] as const))('batch %i', (_i, batch) => {
    if (!haveOracle) throw new Error('packer is not installed at /usr/bin/packer (set PACKER_BIN)');
    const got = consoleStrings(batch.map((c) => c.expr));
    const mismatches: string[] = [];
    batch.forEach((c, j) => {
      const mine = c.want();
      if (mine !== got[j]) mismatches.push(`${c.expr}\n  packer: ${got[j]}\n  ours:   ${mine}`);
    });
    expect(mismatches).toEqual([]);
  });
});
