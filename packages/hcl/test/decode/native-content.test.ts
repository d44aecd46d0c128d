// Schema decoding of native-syntax bodies (hclsyntax's Body.Content, PartialContent, JustAttributes): what is
// returned, and every diagnostic with its exact text and range.
import { bodyContent, bodyJustAttributes, bodyMissingItemRange, bodyPartialContent, justAttributes, missingItemRange } from '../../src/decode/content.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import type { Body, BodySchema } from '../../src/model.js';
import type { Range } from '../../src/source.js';
import { parseConfig } from '../../src/syntax/index.js';

const at = (r: Range | undefined): string =>
  r ? `${r.start.line}:${r.start.column}@${r.start.byte}-${r.end.line}:${r.end.column}@${r.end.byte}` : '-';
const diagList = (diags: readonly Diagnostic[]): string[] =>
  diags.map((d) => `${d.summary} | ${d.detail} | ${at(d.subject)}${d.context ? ' ctx ' + at(d.context) : ''}`);

function parse(src: string): Body {
  const r = parseConfig(src, 'n.hcl');
  expect(r.diags).toEqual([]);
  return r.body;
}

describe('Content', () => {
  const src = 'a = 1\nb = "x"\nthing "l1" {\n  c = 2\n}\nthing "l2" {}\nother {}\n';
  const schema: BodySchema = {
    attributes: [{ name: 'a' }, { name: 'b', required: true }, { name: 'z' }],
    blocks: [{ type: 'thing', labelNames: ['name'] }, { type: 'other' }],
  };

  test('attributes and blocks of the schema', () => {
    const r = bodyContent(parse(src), schema);
    expect(r.diags).toEqual([]);
    const { attributes, blocks, missingItemRange: mir } = r.content;
    expect([...attributes.keys()]).toEqual(['a', 'b']);
    const a = attributes.get('a')!;
    expect([a.name, at(a.range), at(a.nameRange), a.expr.kind]).toEqual(['a', '1:1@0-1:6@5', '1:1@0-1:2@1', 'literal']);
    expect(blocks.map((b) => [b.type, b.labels.join(','), at(b.defRange), at(b.typeRange), b.labelRanges.map(at).join(' ')])).toEqual([
      ['thing', 'l1', '3:1@14-3:11@24', '3:1@14-3:6@19', '3:7@20-3:11@24'],
      ['thing', 'l2', '6:1@37-6:11@47', '6:1@37-6:6@42', '6:7@43-6:11@47'],
      ['other', '', '7:1@51-7:6@56', '7:1@51-7:6@56', ''],
    ]);
    expect(at(mir)).toBe('1:1@0-1:1@0');
    // A block's body decodes on its own, against its own schema.
    const inner = bodyContent(blocks[0]!.body, { attributes: [{ name: 'c' }] });
    expect(inner.diags).toEqual([]);
    expect([...inner.content.attributes.keys()]).toEqual(['c']);
  });

  test('a missing required argument points at the start of the body', () => {
    const body = parse('thing "x" {\n  c = 1\n}\n');
    const blk = bodyContent(body, { blocks: [{ type: 'thing', labelNames: ['n'] }] }).content.blocks[0]!;
    const r = bodyContent(blk.body, { attributes: [{ name: 'c' }, { name: 'need', required: true }, { name: 'too', required: true }] });
    expect(diagList(r.diags)).toEqual([
      'Missing required argument | The argument "need" is required, but no definition was found. | 1:11@10-1:11@10',
      'Missing required argument | The argument "too" is required, but no definition was found. | 1:11@10-1:11@10',
    ]);
    expect(diagList(bodyContent(parse('x = 1\n'), { attributes: [{ name: 'x' }, { name: 'y', required: true }] }).diags)).toEqual([
      'Missing required argument | The argument "y" is required, but no definition was found. | 1:1@0-1:1@0',
    ]);
  });

  test('unsupported arguments and blocks, with suggestions', () => {
    const body = parse('nme = 1\nthing = 2\nxyz = 3\nname = 4\nthign {}\nnamed {}\nqqq {}\n');
    const r = bodyContent(body, {
      attributes: [{ name: 'name' }, { name: 'named' }],
      blocks: [{ type: 'thing' }],
    });
    expect(diagList(r.diags)).toEqual([
      // "name" is already defined, so only unused argument names are suggested.
      'Unsupported argument | An argument named "nme" is not expected here. Did you mean "named"? | 1:1@0-1:4@3',
      'Unsupported argument | An argument named "thing" is not expected here. Did you mean to define a block of type "thing"? | 2:1@8-2:6@13',
      'Unsupported argument | An argument named "xyz" is not expected here. | 3:1@18-3:4@21',
      'Unsupported block type | Blocks of type "thign" are not expected here. Did you mean "thing"? | 5:1@35-5:6@40',
      'Unsupported block type | Blocks of type "named" are not expected here. Did you mean to define argument "named"? If so, use the equals sign to assign it a value. | 6:1@44-6:6@49',
      'Unsupported block type | Blocks of type "qqq" are not expected here. | 7:1@53-7:4@56',
    ]);
    expect([...r.content.attributes.keys()]).toEqual(['name']);
  });

  test('suggestions take the first close name in schema order', () => {
    const r = bodyContent(parse('ab = 1\n'), { attributes: [{ name: 'abcd' }, { name: 'abc' }] });
    expect(r.diags[0]!.detail).toBe('An argument named "ab" is not expected here. Did you mean "abcd"?');
  });

  test('label counts', () => {
    const body = parse('none "x" {}\nnone {}\ntwo "a" "b" "c" {}\ntwo "a" {}\ntwo a b {}\n');
    const r = bodyContent(body, { blocks: [{ type: 'none' }, { type: 'two', labelNames: ['first', 'second'] }] });
    expect(diagList(r.diags)).toEqual([
      'Extraneous label for none | No labels are expected for none blocks. | 1:6@5-1:9@8 ctx 1:1@0-1:11@10',
      'Extraneous label for two | Only 2 labels (first, second) are expected for two blocks. | 3:13@32-3:16@35 ctx 3:1@20-3:18@37',
      'Missing second for two | All two blocks must have 2 labels (first, second). | 4:9@47-4:10@48 ctx 4:1@39-4:10@48',
    ]);
    expect(r.content.blocks.map((b) => `${b.type}:${b.labels.join(',')}`)).toEqual(['none:', 'two:a,b']);
  });

  test('attributes come first, then blocks, each in source order', () => {
    const r = bodyContent(parse('b {}\nz = 1\na {}\ny = 2\n'), {});
    expect(r.diags.map((d) => d.subject!.start.line)).toEqual([2, 4, 1, 3]);
  });
});

describe('PartialContent', () => {
  const src = 'a = 1\nb = 2\nc = 3\nblk {}\nblk {}\nother {}\n';

  test('takes what the schema names and leaves the rest', () => {
    const body = parse(src);
    const first = bodyPartialContent(body, { attributes: [{ name: 'a' }], blocks: [{ type: 'blk' }] });
    expect(first.diags).toEqual([]);
    expect([...first.content.attributes.keys()]).toEqual(['a']);
    expect(first.content.blocks.map((b) => b.type)).toEqual(['blk', 'blk']);

    // The remainder no longer has "a" or the blk blocks.
    const rest = bodyContent(first.remain, { attributes: [{ name: 'b' }, { name: 'c' }], blocks: [{ type: 'other' }] });
    expect(rest.diags).toEqual([]);
    expect([...rest.content.attributes.keys()]).toEqual(['b', 'c']);
    expect(rest.content.blocks.map((b) => b.type)).toEqual(['other']);

    // Asking the remainder for consumed names finds nothing; requiring them is an error.
    const again = bodyContent(first.remain, {
      attributes: [{ name: 'a', required: true }, { name: 'b' }, { name: 'c' }],
      blocks: [{ type: 'blk' }, { type: 'other' }],
    });
    expect(again.content.attributes.has('a')).toBe(false);
    expect(again.content.blocks.map((b) => b.type)).toEqual(['other']);
    expect(diagList(again.diags)).toEqual(['Missing required argument | The argument "a" is required, but no definition was found. | 1:1@0-1:1@0']);
  });

  test('leftovers are reported only by a later Content', () => {
    const body = parse(src);
    const first = bodyPartialContent(body, { attributes: [{ name: 'a' }] });
    expect(first.diags).toEqual([]);
    const rest = bodyContent(first.remain, { attributes: [{ name: 'b' }] });
    expect(diagList(rest.diags)).toEqual([
      'Unsupported argument | An argument named "c" is not expected here. | 3:1@12-3:2@13',
      'Unsupported block type | Blocks of type "blk" are not expected here. | 4:1@18-4:4@21',
      'Unsupported block type | Blocks of type "blk" are not expected here. | 5:1@25-5:4@28',
      'Unsupported block type | Blocks of type "other" are not expected here. | 6:1@32-6:6@37',
    ]);
  });

  test('label errors are reported by PartialContent as well', () => {
    const r = bodyPartialContent(parse('blk "x" {}\n'), { blocks: [{ type: 'blk' }] });
    expect(r.diags.map((d) => d.summary)).toEqual(['Extraneous label for blk']);
    expect(r.content.blocks).toEqual([]);
    // The type is hidden in the remainder all the same.
    expect(bodyContent(r.remain, {}).diags).toEqual([]);
  });

  test('the original body is not changed', () => {
    const body = parse(src);
    bodyPartialContent(body, { attributes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }], blocks: [{ type: 'blk' }, { type: 'other' }] });
    expect([...bodyContent(body, { attributes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }], blocks: [{ type: 'blk' }, { type: 'other' }] }).content.attributes.keys()]).toEqual(['a', 'b', 'c']);
  });
});

describe('JustAttributes', () => {
  test('every attribute, in source order', () => {
    const r = bodyJustAttributes(parse('z = 1\na = "x"\nm = [1]\n'));
    expect(r.diags).toEqual([]);
    expect([...r.attributes.keys()]).toEqual(['z', 'a', 'm']);
    expect(at(r.attributes.get('a')!.range)).toBe('2:1@6-2:8@13');
  });

  test('blocks are not allowed: the first is reported, attributes are still returned', () => {
    const r = justAttributes(parse('a = 1\nfirst "x" {}\nsecond {}\nb = 2\n'));
    expect(diagList(r.diags)).toEqual(['Unexpected "first" block | Blocks are not allowed here. | 2:1@6-2:6@11']);
    expect([...r.attributes.keys()]).toEqual(['a', 'b']);
  });

  test('attributes taken by a partial decode are left out, but its blocks still count', () => {
    const first = bodyPartialContent(parse('a = 1\nb = 2\nblk {}\n'), { attributes: [{ name: 'a' }], blocks: [{ type: 'blk' }] });
    const r = bodyJustAttributes(first.remain);
    expect([...r.attributes.keys()]).toEqual(['b']);
    expect(r.diags.map((d) => d.summary)).toEqual(['Unexpected "blk" block']);
  });
});

describe('MissingItemRange', () => {
  test('the start of the file, or the opening brace of a block', () => {
    const body = parse('\n\nx {\n  y = 1\n}\n');
    expect(at(bodyMissingItemRange(body))).toBe('1:1@0-1:1@0');
    const blk = bodyContent(body, { blocks: [{ type: 'x' }] }).content.blocks[0]!;
    expect(at(missingItemRange(blk.body))).toBe('3:3@4-3:3@4');
  });
});
