// The parser's compact nodes (src/syntax/nodes.ts): ranges built from offsets on each read, and parts built on their
// first read (the literal of a plain string, traversal steps, the traversal of a bare-name key, string values,
// one-item lists). These tests check that such nodes read exactly like plain ones: the right values and ranges,
// the same object on every read, and the same tree whatever order its fields are read in.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceFile, SourceRange, type Range } from '../../src/source.js';
import type { NativeBody, NativeExpr, TraverseStep } from '../../src/syntax/ast.js';
import { parseConfig, parseExpression, parseTemplate } from '../../src/syntax/index.js';
import { rngb, show, val } from './helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpusDir = path.join(repoRoot, '..', 'shared', 'corpus');

function expr(src: string): NativeExpr {
  const r = parseExpression(src, 't.hcl');
  expect(r.diags).toEqual([]);
  return r.expr;
}

function step(s: TraverseStep): string {
  const what = s.kind === 'root' || s.kind === 'attr' ? s.name : s.kind === 'index' ? val(s.key) : '*';
  return `${s.kind}:${what}@${rngb(s.range)}`;
}

describe('plain string templates', () => {
  test('a quoted string without escapes: one literal between the quotes', () => {
    const e = expr('"t3.micro"');
    if (e.kind !== 'template') throw new Error(e.kind);
    expect(rngb(e.range)).toBe('1:1-1:11@0-10');
    const parts = e.parts;
    expect(e.parts).toBe(parts);
    expect(parts.length).toBe(1);
    const lit = parts[0]!;
    if (lit.kind !== 'literal') throw new Error(lit.kind);
    expect(val(lit.value)).toBe('"t3.micro"');
    expect(lit.value).toBe(lit.value);
    expect(rngb(lit.range)).toBe('1:2-1:10@1-9');
  });

  test('escapes are decoded; the literal still spans the text between the quotes', () => {
    const e = expr('"a\\tb\\u00e9$${x}"');
    if (e.kind !== 'template') throw new Error(e.kind);
    const lit = e.parts[0]!;
    if (lit.kind !== 'literal') throw new Error(lit.kind);
    expect(lit.value.asString()).toBe('a\tb\u00e9${x}');
    expect(rngb(lit.range)).toBe('1:2-1:17@1-16');
  });

  test('the empty string', () => {
    const e = expr('""');
    if (e.kind !== 'template') throw new Error(e.kind);
    expect(show(e)).toBe('tmpl("")');
    expect(rngb(e.range)).toBe('1:1-1:3@0-2');
  });

  test('non-ASCII text: value in NFC, range in graphemes and bytes', () => {
    const e = expr('"cafe\u0301 x"');
    if (e.kind !== 'template') throw new Error(e.kind);
    const lit = e.parts[0]!;
    if (lit.kind !== 'literal') throw new Error(lit.kind);
    expect(lit.value.asString()).toBe('caf\u00e9 x');
    expect(rngb(lit.range)).toBe('1:2-1:8@1-9');
  });

  test('a heredoc without sequences: its lines, as written', () => {
    const r = parseConfig('a = <<EOT\nline 1\n  line 2\nEOT\n', 't.hcl');
    expect(r.diags).toEqual([]);
    const e = r.body.attributes[0]!.expr;
    if (e.kind !== 'template') throw new Error(e.kind);
    const lit = e.parts[0]!;
    if (lit.kind !== 'literal') throw new Error(lit.kind);
    expect(lit.value.asString()).toBe('line 1\n  line 2\n');
    expect(rngb(lit.range)).toBe('2:1-4:1@10-26');
    expect(rngb(e.range)).toBe('1:5-4:4@4-29');
  });

  test('a heredoc with an escape, and a flushed heredoc', () => {
    const r = parseConfig('a = <<EOT\n$${x}\nEOT\nb = <<-EOT\n    one\n      two\n    EOT\n', 't.hcl');
    expect(r.diags).toEqual([]);
    expect(r.body.attributes.map((a) => show(a.expr))).toEqual(['tmpl("${x}\\n")', 'tmpl("one\\n  two\\n")']);
  });

  test('a bare template (as in JSON strings), with a start position', () => {
    const r = parseTemplate('plain text', 'x.json', { line: 2, column: 5, byte: 20 });
    expect(r.diags).toEqual([]);
    const e = r.expr;
    if (e.kind !== 'template') throw new Error(e.kind);
    expect(rngb(e.range)).toBe('2:5-2:15@20-30');
    expect(rngb(e.parts[0]!.range)).toBe('2:5-2:15@20-30');
    expect(show(e)).toBe('tmpl("plain text")');
  });
});

describe('traversals', () => {
  test.each([
    ['x', ['root:x@1:1-1:2@0-1']],
    ['var.x', ['root:var@1:1-1:4@0-3', 'attr:x@1:4-1:6@3-5']],
    ['a.b[0]["c"].1', ['root:a@1:1-1:2@0-1', 'attr:b@1:2-1:4@1-3', 'index:0@1:4-1:7@3-6', 'index:"c"@1:7-1:12@6-11', 'index:1@1:12-1:14@11-13']],
    ['a .b', ['root:a@1:1-1:2@0-1', 'attr:b@1:3-1:5@2-4']],
    ['a[0]', ['root:a@1:1-1:2@0-1', 'index:0@1:2-1:5@1-4']],
  ])('%s', (src, steps) => {
    const e = expr(src);
    if (e.kind !== 'scopeTraversal') throw new Error(e.kind);
    const t = e.traversal;
    expect(e.traversal).toBe(t);
    expect(t.map(step)).toEqual(steps);
    expect(rngb(e.range)).toBe(`1:1-1:${src.length + 1}@0-${src.length}`);
  });

  test('a traversal as the source of a splat and of a relative traversal', () => {
    const e = expr('f(x).a.b');
    if (e.kind !== 'relativeTraversal') throw new Error(e.kind);
    expect(e.traversal.map(step)).toEqual(['attr:a@1:5-1:7@4-6', 'attr:b@1:7-1:9@6-8']);
    expect(show(expr('a.b[*].c'))).toBe('splat(a.b, rel(@).c)');
  });
});

describe('object keys', () => {
  test('bare names, quoted names, parenthesised expressions and keywords', () => {
    const e = expr('{ a = 1, "b" = 2, (c) = 3, true = 4, d: 5 }');
    if (e.kind !== 'objectCons') throw new Error(e.kind);
    const keys = e.items.map((i) => i.key);
    expect(keys.map(show)).toEqual(['key(a)', 'key(tmpl("b"))', 'key!(paren(c))', 'key(true)', 'key(d)']);
    expect(keys.map((k) => rngb(k.range))).toEqual(['1:3-1:4@2-3', '1:10-1:13@9-12', '1:19-1:22@18-21', '1:28-1:32@27-31', '1:38-1:39@37-38']);
    for (const k of keys) {
      if (k.kind !== 'objectConsKey') throw new Error(k.kind);
      expect(k.wrapped).toBe(k.wrapped);
      expect(rngb(k.wrapped.range)).toBe(rngb(k.range));
    }
    const a = keys[0]!;
    if (a.kind !== 'objectConsKey' || a.wrapped.kind !== 'scopeTraversal') throw new Error('key a');
    expect(a.forceNonLiteral).toBe(false);
    expect(a.wrapped.traversal.map(step)).toEqual(['root:a@1:3-1:4@2-3']);
  });

  test('a name followed by anything but "=" or ":" is parsed as an expression', () => {
    expect(show(expr('{ a.b = 1, c /* x */ = 2 }'))).toBe('{key(a.b) = 1, key(c) = 2}');
  });
});

describe('lists with one item', () => {
  test('arguments, tuple elements, object items, block labels', () => {
    const f = expr('f(x)');
    if (f.kind !== 'functionCall') throw new Error(f.kind);
    expect(f.args).toBe(f.args);
    expect(f.args.map(show)).toEqual(['x']);
    const t = expr('[1]');
    if (t.kind !== 'tupleCons') throw new Error(t.kind);
    expect(t.exprs).toBe(t.exprs);
    expect(t.exprs.length).toBe(1);
    const o = expr('{ a = 1 }');
    if (o.kind !== 'objectCons') throw new Error(o.kind);
    expect(o.items).toBe(o.items);
    expect(o.items.length).toBe(1);
    const r = parseConfig('b "l" {\n}\n', 't.hcl');
    const b = r.body.blocks[0]!;
    expect(b.labels).toBe(b.labels);
    expect(b.labels).toEqual(['l']);
    expect(b.labelRanges).toBe(b.labelRanges);
    expect(b.labelRanges.map(rngb)).toEqual(['1:3-1:6@2-5']);
  });

  test('empty and longer lists', () => {
    expect(show(expr('f()'))).toBe('f()');
    expect(show(expr('f(a, b...)'))).toBe('f(a, b...)');
    expect(show(expr('[]'))).toBe('[]');
    expect(show(expr('[1, [2], [[3]]]'))).toBe('[1, [2], [[3]]]');
  });
});

describe('attribute and block ranges', () => {
  test('a comment between a name and its equals sign', () => {
    const r = parseConfig('abc /* c */ = 1\n', 't.hcl');
    expect(r.diags).toEqual([]);
    const a = r.body.attributes[0]!;
    expect([rngb(a.range), rngb(a.nameRange), rngb(a.equalsRange)]).toEqual(['1:1-1:16@0-15', '1:1-1:4@0-3', '1:13-1:14@12-13']);
  });

  test('a block whose header is broken: every range is its type name', () => {
    const r = parseConfig('blk "x" = {\n}\n', 't.hcl');
    expect(r.diags.map((d) => d.summary)).toContain('Invalid block definition');
    const b = r.body.blocks[0]!;
    const ranges = [b.range, b.typeRange, b.openBraceRange, b.closeBraceRange, b.body.range, b.body.endRange].map(rngb);
    expect(new Set(ranges)).toEqual(new Set(['1:1-1:4@0-3']));
    expect(b.labels).toEqual(['x']);
  });

  test('an unclosed block: the close brace range is the end of the file', () => {
    const r = parseConfig('b {\n  a = 1\n', 't.hcl');
    const b = r.body.blocks[0]!;
    expect([rngb(b.closeBraceRange), rngb(b.range)]).toEqual(['3:1-3:1@12-12', '1:1-3:1@0-12']);
  });
});

// ---- the whole tree, read in two orders -----------------------------------------------------------------------------

type Visit = (label: string, r: Range) => string;

/** Every node, step and range of a body, as lines; `rangesFirst` reads each node's ranges before its children. */
function dump(body: NativeBody, rangesFirst: boolean): string[] {
  const out: string[] = [];
  const at: Visit = (label, r) => `${label}@${rngb(r)}`;
  const node = (kind: string, ranges: [string, Range][], children: () => void): void => {
    const line = () => out.push(`${kind} ${ranges.map(([l, r]) => at(l, r)).join(' ')}`);
    if (rangesFirst) line();
    children();
    if (!rangesFirst) line();
  };
  const e = (x: NativeExpr | undefined): void => {
    if (!x) return;
    switch (x.kind) {
      case 'literal':
        return node(`literal ${val(x.value)}`, [['r', x.range]], () => {});
      case 'scopeTraversal':
        return node('trav', [['r', x.range]], () => x.traversal.forEach((s) => out.push(step(s))));
      case 'relativeTraversal':
        return node('rel', [['r', x.range]], () => {
          e(x.source);
          x.traversal.forEach((s) => out.push(step(s)));
        });
      case 'functionCall':
        return node(`call ${x.name} ${x.expandFinal}`, [['r', x.range], ['n', x.nameRange], ['o', x.openParenRange], ['c', x.closeParenRange]], () => x.args.forEach(e));
      case 'conditional':
        return node('cond', [['r', x.range]], () => [x.condition, x.trueResult, x.falseResult].forEach(e));
      case 'binaryOp':
        return node(`bin ${x.op}`, [['r', x.range]], () => [x.lhs, x.rhs].forEach(e));
      case 'unaryOp':
        return node(`un ${x.op}`, [['r', x.range], ['s', x.symbolRange]], () => e(x.operand));
      case 'tupleCons':
        return node('tuple', [['r', x.range], ['o', x.openRange]], () => x.exprs.forEach(e));
      case 'objectCons':
        return node('object', [['r', x.range], ['o', x.openRange]], () => x.items.forEach((i) => [i.key, i.value].forEach(e)));
      case 'objectConsKey':
        return node(`key ${x.forceNonLiteral}`, [['r', x.range]], () => e(x.wrapped));
      case 'for':
        return node(`for ${x.keyVar} ${x.valVar} ${x.group}`, [['r', x.range], ['o', x.openRange], ['c', x.closeRange]], () =>
          [x.collExpr, x.keyExpr, x.valExpr, x.condExpr].forEach(e),
        );
      case 'index':
        return node('index', [['r', x.range], ['o', x.openRange], ['b', x.bracketRange]], () => [x.collection, x.key].forEach(e));
      case 'splat':
        return node('splat', [['r', x.range], ['m', x.markerRange]], () => [x.source, x.each].forEach(e));
      case 'anonSymbol':
        return node('anon', [['r', x.range]], () => {});
      case 'parentheses':
        return node('paren', [['r', x.range]], () => e(x.expr));
      case 'template':
        return node('tmpl', [['r', x.range]], () => x.parts.forEach(e));
      case 'templateJoin':
        return node('join', [['r', x.range]], () => e(x.tuple));
      case 'templateWrap':
        return node('wrap', [['r', x.range]], () => e(x.wrapped));
    }
  };
  const b = (body: NativeBody): void => {
    node('body', [['r', body.range], ['e', body.endRange]], () => {
      for (const a of body.attributes) node(`attr ${a.name}`, [['r', a.range], ['n', a.nameRange], ['q', a.equalsRange]], () => e(a.expr));
      for (const k of body.blocks) {
        const ranges: [string, Range][] = [['r', k.range], ['t', k.typeRange], ['o', k.openBraceRange], ['c', k.closeBraceRange]];
        k.labelRanges.forEach((r, i) => ranges.push([`l${i}`, r]));
        node(`block ${k.type} ${k.labels.join(',')}`, ranges, () => b(k.body));
      }
    });
  };
  b(body);
  return out;
}

function corpusFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.hcl')) files.push(p);
    }
  };
  walk(corpusDir);
  return files.sort();
}

test('every corpus file reads the same in either order, and again on a second read', () => {
  const files = corpusFiles();
  expect(files.length).toBeGreaterThan(100);
  let lines = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const a = parseConfig(text, f).body;
    const b = parseConfig(text, f).body;
    const childrenFirst = dump(a, false);
    const rangesFirst = dump(b, true);
    // The same lines, each node's after (or before) its children's.
    expect([...rangesFirst].sort()).toEqual([...childrenFirst].sort());
    expect(dump(a, true)).toEqual(rangesFirst);
    expect(dump(b, false)).toEqual(childrenFirst);
    lines += childrenFirst.length;
  }
  expect(lines).toBeGreaterThan(10000);
});

test('ranges of many nodes read in any order give the positions a fresh file computes', () => {
  const text = 'a = "x"\nb = [1, 2]\n# caf\u00e9\nc = { d = "\u00e9t\u00e9" }\n';
  const body = parseConfig(text, 't.hcl').body;
  const ranges: Range[] = [];
  const collect = (e: NativeExpr): void => {
    ranges.push(e.range);
    if (e.kind === 'tupleCons') e.exprs.forEach(collect);
    if (e.kind === 'objectCons') e.items.forEach((i) => [i.key, i.value].forEach(collect));
    if (e.kind === 'template') e.parts.forEach(collect);
  };
  for (const a of body.attributes) {
    ranges.push(a.range, a.nameRange, a.equalsRange);
    collect(a.expr);
  }
  const fresh = (r: Range) => {
    const s = r as SourceRange;
    const f = new SourceFile('t.hcl', text);
    return `${JSON.stringify(f.pos(s.startOffset))} ${JSON.stringify(new SourceFile('t.hcl', text).pos(s.endOffset))}`;
  };
  const want = ranges.map(fresh);
  // Interleave reads of starts and ends across ranges, in reverse and forward order.
  const got = ranges.map(() => '');
  for (let i = ranges.length - 1; i >= 0; i--) got[i] = JSON.stringify(ranges[i]!.start);
  for (let i = 0; i < ranges.length; i++) got[i] += ` ${JSON.stringify(ranges[i]!.end)}`;
  expect(got).toEqual(want);
});

test('a big parse and then small ones: each tree is independent of the scans after it', () => {
  const big = 'x = [' + Array.from({ length: 30000 }, (_, i) => `"s${i}"`).join(', ') + ']\n';
  const first = parseConfig(big, 'big.hcl');
  const small = parseConfig('y = f(1)\n', 'small.hcl');
  const again = parseConfig('z = "q"\n', 'small2.hcl');
  expect([first.diags, small.diags, again.diags]).toEqual([[], [], []]);
  const x = first.body.attributes[0]!.expr;
  if (x.kind !== 'tupleCons') throw new Error(x.kind);
  expect(x.exprs.length).toBe(30000);
  expect(show(x.exprs[29999]!)).toBe('tmpl("s29999")');
  // `"s29999"` then `]` and a newline end the text.
  const n = big.length;
  expect(rngb(x.exprs[29999]!.range)).toBe(`1:${n - 9}-1:${n - 1}@${n - 10}-${n - 2}`);
  expect(show(small.body.attributes[0]!.expr)).toBe('f(1)');
  expect(rngb(again.body.attributes[0]!.expr.range)).toBe('1:5-1:8@4-7');
});
