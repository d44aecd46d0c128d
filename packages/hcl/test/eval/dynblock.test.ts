// `dynamic` blocks: expansion in place, iterators (default and named, nested), labels, unknown for_each, marks and
// every diagnostic of ext/dynblock. Configurations are real HCL text parsed with the native parser.
import type { Diagnostic } from '../../src/diagnostics.js';
import type { EvalContext } from '../../src/eval/context.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { expandDynamicBlocks } from '../../src/decode/dynblock.js';
import type { Block, Body, BodyContent, BodySchema, CustomBody } from '../../src/model.js';
import { rangeToString } from '../../src/source.js';
import { parseConfig } from '../../src/syntax/index.js';
import type { Value } from '../../src/values/value.js';
import { StringType, ctxOf, describeDiags, dyn, expectSame, list, mark, map, n, nul, s, unk } from './helpers.js';

function expand(src: string, ctx?: EvalContext, opts?: Parameters<typeof expandDynamicBlocks>[2]): CustomBody {
  const p = parseConfig(src, 'test.hcl');
  expect(p.diags).toHaveLength(0);
  return expandDynamicBlocks(p.body, ctx, opts);
}

function custom(body: Body): CustomBody {
  if (body.kind !== 'customBody') throw new Error(`expected an expanded body, got ${body.kind}`);
  return body;
}

function contentOf(body: Body, schema: BodySchema): BodyContent {
  const r = custom(body).content(schema);
  if (r.diags.length > 0) throw new Error(describeDiags(r.diags));
  return r.content;
}

/** The attribute values of a block body, evaluated in `ctx`. */
function attrs(body: Body, names: string[], ctx?: EvalContext): Record<string, Value> {
  const c = contentOf(body, { attributes: names.map((name) => ({ name })) });
  const out: Record<string, Value> = {};
  for (const [name, attr] of c.attributes) {
    const r = evaluate(attr.expr, ctx);
    if (r.diags.length > 0) throw new Error(describeDiags(r.diags));
    out[name] = r.value;
  }
  return out;
}

const mainSrc = `
a "static0" {
  val = "static a 0"
}
b {
  c {
    val0 = "static c 0"
  }
  dynamic "c" {
    for_each = ["dynamic c 0", "dynamic c 1"]
    iterator = dyn_c
    content {
      val0 = dyn_c.value
    }
  }
}
dynamic "a" {
  for_each = ["dynamic a 0", "dynamic a 1", "dynamic a 2"]
  labels   = [a.key]
  content {
    val = a.value
  }
}
dynamic "b" {
  for_each = ["dynamic b 0", "dynamic b 1"]
  iterator = dyn_b
  content {
    c {
      val0 = "static c 1"
      val1 = dyn_b.value
    }
    dynamic "c" {
      for_each = ["dynamic c 2", "dynamic c 3"]
      content {
        val0 = c.value
        val1 = dyn_b.value
      }
    }
  }
}
dynamic "b" {
  for_each = { foo = ["dynamic c nested 0", "dynamic c nested 1"] }
  iterator = dyn_b
  content {
    dynamic "c" {
      for_each = dyn_b.value
      content {
        val0 = c.value
        val1 = dyn_b.key
      }
    }
  }
}
a "static1" {
  val = "static a 1"
}
`;

describe('expansion (ext/dynblock TestExpand)', () => {
  const body = expand(mainSrc);
  let remain: Body;

  test('partial content: generated blocks take the dynamic block\'s place', () => {
    const r = body.partialContent({ blocks: [{ type: 'a', labelNames: ['key'] }] });
    expect(r.diags).toEqual([]);
    remain = r.remain;
    const got = r.content.blocks.map((b: Block) => [b.labels[0], attrs(b.body, ['val']).val!.asString()]);
    expect(got).toEqual([
      ['static0', 'static a 0'],
      ['0', 'dynamic a 0'],
      ['1', 'dynamic a 1'],
      ['2', 'dynamic a 2'],
      ['static1', 'static a 1'],
    ]);
  });

  test('the remainder expands nested and named iterators', () => {
    const bs = contentOf(remain, { blocks: [{ type: 'b' }] }).blocks;
    const got = bs.map((b) =>
      contentOf(b.body, { blocks: [{ type: 'c' }] }).blocks.map((c) => {
        const v = attrs(c.body, ['val0', 'val1']);
        return [v.val0?.asString() ?? null, v.val1?.asString() ?? null];
      }),
    );
    expect(got).toEqual([
      [
        ['static c 0', null],
        ['dynamic c 0', null],
        ['dynamic c 1', null],
      ],
      [
        ['static c 1', 'dynamic b 0'],
        ['dynamic c 2', 'dynamic b 0'],
        ['dynamic c 3', 'dynamic b 0'],
      ],
      [
        ['static c 1', 'dynamic b 1'],
        ['dynamic c 2', 'dynamic b 1'],
        ['dynamic c 3', 'dynamic b 1'],
      ],
      [
        ['dynamic c nested 0', 'foo'],
        ['dynamic c nested 1', 'foo'],
      ],
    ]);
  });

  test('the remainder no longer offers the decoded block type', () => {
    expect(contentOf(remain, { blocks: [{ type: 'b' }] }).blocks.every((b) => b.type === 'b')).toBe(true);
  });

  test('generated blocks point at the dynamic block', () => {
    const r = body.partialContent({ blocks: [{ type: 'a', labelNames: ['key'] }] });
    const gen = r.content.blocks[1]!;
    expect(rangeToString(gen.typeRange)).toBe('test.hcl:17,9-12');
    expect(rangeToString(gen.labelRanges[0]!)).toBe('test.hcl:19,15-20');
  });
});

describe('iteration values', () => {
  test('maps iterate in key order with string keys; lists and sets use index and element', () => {
    const src = `
dynamic "x" {
  for_each = coll
  content {
    k = x.key
    v = x.value
  }
}
`;
    const kv = (coll: Value) =>
      contentOf(expand(src, ctxOf({ coll })), { blocks: [{ type: 'x' }] }).blocks.map((b) => {
        const a = attrs(b.body, ['k', 'v']);
        return [a.k!, a.v!];
      });
    const m = kv(map({ b: s('2'), a: s('1') }));
    expectSame(m[0]![0]!, s('a'));
    expectSame(m[1]![1]!, s('2'));
    const l = kv(list(s('p'), s('q')));
    expectSame(l[1]![0]!, n(1));
    expectSame(l[1]![1]!, s('q'));
  });

  test('the caller\'s own variables remain visible inside generated blocks', () => {
    const src = `
dynamic "x" {
  for_each = [1]
  content {
    v = "\${x.value}-\${other}"
  }
}
`;
    const b = contentOf(expand(src), { blocks: [{ type: 'x' }] }).blocks[0]!;
    expectSame(attrs(b.body, ['v'], ctxOf({ other: s('o') })).v!, s('1-o'));
  });

  test('for_each is evaluated in the context given to expandDynamicBlocks', () => {
    const src = `
dynamic "x" {
  for_each = var.items
  content {
    v = x.value
  }
}
`;
    const blocks = contentOf(expand(src, ctxOf({ var: map({ items: list(s('i'), s('j')) }) })), { blocks: [{ type: 'x' }] }).blocks;
    expect(blocks.map((b) => attrs(b.body, ['v']).v!.asString())).toEqual(['i', 'j']);
  });

  test('an unknown for_each gives one block whose attributes are all unknown', () => {
    const src = `
dynamic "x" {
  for_each = unk
  content {
    v = x.value
    w = "static"
    y {
      z = 1
    }
  }
}
`;
    const blocks = contentOf(expand(src, ctxOf({ unk: unk(list(s('a')).type) })), { blocks: [{ type: 'x' }] }).blocks;
    expect(blocks).toHaveLength(1);
    const body = custom(blocks[0]!.body);
    expect((body as unknown as { unknown?: boolean }).unknown).toBe(true);
    const c = contentOf(body, { attributes: [{ name: 'v' }, { name: 'w' }], blocks: [{ type: 'y' }] });
    expectSame(evaluate(c.attributes.get('v')!.expr).value, dyn);
    expectSame(evaluate(c.attributes.get('w')!.expr).value, dyn);
    expectSame(attrs(c.blocks[0]!.body, ['z']).z!, dyn);
  });

  test('marks on for_each move to the attribute values of generated blocks', () => {
    const src = `
dynamic "x" {
  for_each = coll
  content {
    v = x.value
  }
}
`;
    const blocks = contentOf(expand(src, ctxOf({ coll: mark(list(s('a')), 'boop') })), { blocks: [{ type: 'x' }] }).blocks;
    expectSame(attrs(blocks[0]!.body, ['v']).v!, mark(s('a'), 'boop'));
  });

  test('labels are evaluated per element and converted to strings', () => {
    const src = `
dynamic "x" {
  for_each = { one = 1, two = 2 }
  labels   = [x.key, x.value]
  content {}
}
`;
    const blocks = contentOf(expand(src), { blocks: [{ type: 'x', labelNames: ['a', 'b'] }] }).blocks;
    expect(blocks.map((b) => b.labels)).toEqual([
      ['one', '1'],
      ['two', '2'],
    ]);
  });
});

describe('diagnostics', () => {
  function diagsOf(src: string, schema: BodySchema, ctx?: EvalContext): Diagnostic[] {
    return expand(src, ctx).content(schema).diags;
  }
  const one = (ds: Diagnostic[]) => {
    if (ds.length !== 1) throw new Error(`want one diagnostic, got:\n${describeDiags(ds)}`);
    return `${ds[0]!.summary}: ${ds[0]!.detail}`;
  };
  const x: BodySchema = { blocks: [{ type: 'x' }] };
  const xl: BodySchema = { blocks: [{ type: 'x', labelNames: ['name'] }] };

  test('unsupported block type', () => {
    const ds = diagsOf('dynamic "y" {\n  for_each = []\n  content {}\n}\n', x);
    expect(one(ds)).toBe('Unsupported block type: Blocks of type "y" are not expected here.');
    expect(rangeToString(ds[0]!.subject!)).toBe('test.hcl:1,9-12');
    // Partial content leaves unknown dynamic blocks alone.
    expect(expand('dynamic "y" {\n  for_each = []\n  content {}\n}\n').partialContent(x).diags).toEqual([]);
  });
  test('non-iterable and null for_each', () => {
    expect(one(diagsOf('dynamic "x" {\n  for_each = "a"\n  content {}\n}\n', x))).toBe('Invalid dynamic for_each value: Cannot use a string value in for_each. An iterable collection is required.');
    expect(one(diagsOf('dynamic "x" {\n  for_each = null\n  content {}\n}\n', x))).toBe('Invalid dynamic for_each value: Cannot use a null value in for_each.');
    expect(one(diagsOf('dynamic "x" {\n  for_each = v\n  content {}\n}\n', x, ctxOf({ v: nul(list(s('a')).type) })))).toBe(
      'Invalid dynamic for_each value: Cannot use a null value in for_each.',
    );
  });
  test('errors evaluating for_each', () => {
    expect(one(diagsOf('dynamic "x" {\n  for_each = nope\n  content {}\n}\n', x, ctxOf({})))).toBe('Unknown variable: There is no variable named "nope".');
  });
  test('iterator names', () => {
    expect(one(diagsOf('dynamic "x" {\n  for_each = []\n  iterator = a.b\n  content {}\n}\n', x))).toBe('Invalid dynamic iterator name: Dynamic iterator must be a single variable name.');
    expect(one(diagsOf('dynamic "x" {\n  for_each = []\n  iterator = "a"\n  content {}\n}\n', x))).toBe(
      'Invalid expression: A single static variable reference is required: only attribute access and indexing with constant keys. No calculations, function calls, template expressions, etc are allowed here.',
    );
  });
  test('labels', () => {
    expect(one(diagsOf('dynamic "x" {\n  for_each = [1]\n  labels = ["a", "b"]\n  content {}\n}\n', xl))).toBe('Extraneous dynamic block label: Blocks of type "x" require 1 label(s).');
    expect(one(diagsOf('dynamic "x" {\n  for_each = [1]\n  labels = []\n  content {}\n}\n', xl))).toBe('Insufficient dynamic block labels: Blocks of type "x" require 1 label(s).');
    expect(one(diagsOf('dynamic "x" {\n  for_each = [1]\n  labels = "a"\n  content {}\n}\n', xl))).toBe('Invalid expression: A static list expression is required.');
    expect(one(diagsOf('dynamic "x" {\n  for_each = [1]\n  labels = [null]\n  content {}\n}\n', xl))).toBe('Invalid dynamic block label: Cannot use a null value as a dynamic block label.');
    expect(one(diagsOf('dynamic "x" {\n  for_each = [1]\n  labels = [[]]\n  content {}\n}\n', xl))).toBe('Invalid dynamic block label: Cannot use this value as a dynamic block label: string required.');
    expect(one(diagsOf('dynamic "x" {\n  for_each = [1]\n  labels = [u]\n  content {}\n}\n', xl, ctxOf({ u: unk(StringType) })))).toBe(
      'Invalid dynamic block label: This value is not yet known. Dynamic block labels must be immediately-known values.',
    );
    expect(one(diagsOf('dynamic "x" {\n  for_each = [1]\n  labels = [m]\n  content {}\n}\n', xl, ctxOf({ m: mark(s('a'), 'secret') })))).toBe(
      'Invalid dynamic block label: This value has dynamic marks that make it unsuitable for use as a block label.',
    );
  });
  test('labels are required for labelled block types and unexpected otherwise', () => {
    expect(one(diagsOf('dynamic "x" {\n  for_each = [1]\n  content {}\n}\n', xl))).toBe('Missing required argument: The argument "labels" is required, but no definition was found.');
    expect(one(diagsOf('dynamic "x" {\n  for_each = [1]\n  labels = []\n  content {}\n}\n', x))).toBe('Unsupported argument: An argument named "labels" is not expected here.');
  });
  test('content blocks', () => {
    expect(one(diagsOf('dynamic "x" {\n  for_each = [1]\n}\n', x))).toBe(
      'Missing dynamic content block: A dynamic block must have a nested block of type "content" to describe the body of each generated block.',
    );
    const ds = diagsOf('dynamic "x" {\n  for_each = [1]\n  content {}\n  content {}\n}\n', x);
    expect(one(ds)).toBe('Extraneous dynamic content block: Only one nested content block is allowed for each dynamic block.');
    expect(rangeToString(ds[0]!.subject!)).toBe('test.hcl:4,3-10');
  });
  test('a for_each check hook sees the marked value and the context', () => {
    const ctx = ctxOf({ v: mark(map({}, StringType), 'boop') });
    let seen: Value | undefined;
    let seenCtx: EvalContext | undefined;
    const body = expand('dynamic "foo" {\n  for_each = v\n  content {}\n}\n', ctx, {
      checkForEach: [
        (v, _e, c) => {
          seen = v;
          seenCtx = c;
          return [{ severity: 'error', summary: 'Bad for_each', detail: "I don't like it." }];
        },
      ],
    });
    const r = body.content({ blocks: [{ type: 'foo' }] });
    expect(r.diags.map((d) => d.summary)).toEqual(['Bad for_each']);
    expect(seen!.hasMark('boop')).toBe(true);
    expect(seenCtx).toBe(ctx);
  });
});
