// Schema decoding of JSON-syntax bodies (hcl's json body): attributes, blocks spelled as nested label objects,
// arrays of bodies, null for no blocks, "//" comments, and every diagnostic with its exact text and range.
import { bodyContent, bodyJustAttributes, bodyMissingItemRange, bodyPartialContent } from '../../src/decode/content.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { parseJson } from '../../src/json/parser.js';
import type { Block, Body, BodyContent, BodySchema, CustomBody } from '../../src/model.js';
import type { Range } from '../../src/source.js';
import { expectSame, n, obj, s } from '../eval/helpers.js';

const at = (r: Range | undefined): string =>
  r ? `${r.start.line}:${r.start.column}@${r.start.byte}-${r.end.line}:${r.end.column}@${r.end.byte}` : '-';
const diagList = (diags: readonly Diagnostic[]): string[] =>
  diags.map((d) => `${d.summary} | ${d.detail} | ${at(d.subject)}${d.context ? ' ctx ' + at(d.context) : ''}`);

function parse(src: string): Body {
  const r = parseJson(src, 'j.json');
  expect(r.diags).toEqual([]);
  return r.body;
}

const blockList = (blocks: readonly Block[]): string[] => blocks.map((b) => [b.type, ...b.labels].join(' '));

describe('Content', () => {
  test('attributes are expressions; the schema picks them out', () => {
    const r = bodyContent(parse('{"b": "x", "a": 1, "c": {"//": "not a comment here"}}'), {
      attributes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
    });
    expect(r.diags).toEqual([]);
    expect([...r.content.attributes.keys()]).toEqual(['b', 'a', 'c']);
    const b = r.content.attributes.get('b')!;
    expect([at(b.nameRange), at(b.range), at(b.expr.range)]).toEqual(['1:2@1-1:5@4', '1:2@1-1:10@9', '1:7@6-1:10@9']);
    expectSame(evaluate(r.content.attributes.get('a')!.expr).value, n(1));
    // "//" is an ordinary property inside an attribute's value.
    expectSame(evaluate(r.content.attributes.get('c')!.expr).value, obj({ '//': s('not a comment here') }));
  });

  test('blocks: one nested object per label, then the body', () => {
    const src = '{\n"source": {"amazon-ebs": {"ubuntu": {"ami_name": "x"}, "other": {}}},\n"build": {"sources": []}\n}';
    const r = bodyContent(parse(src), { blocks: [{ type: 'source', labelNames: ['type', 'name'] }, { type: 'build' }] });
    expect(r.diags).toEqual([]);
    expect(blockList(r.content.blocks)).toEqual(['source amazon-ebs ubuntu', 'source amazon-ebs other', 'build']);
    const [ubuntu, other, build] = r.content.blocks;
    expect([at(ubuntu!.typeRange), ubuntu!.labelRanges.map(at).join(' '), at(ubuntu!.defRange)]).toEqual([
      '2:1@2-2:9@10',
      '2:12@13-2:24@25 2:27@28-2:35@36',
      '2:37@38-2:38@39',
    ]);
    expect(at(other!.defRange)).toBe('2:65@66-2:66@67');
    expect(at(build!.defRange)).toBe('3:10@81-3:11@82');
    const body = bodyContent(ubuntu!.body, { attributes: [{ name: 'ami_name', required: true }] });
    expect(body.diags).toEqual([]);
    expectSame(evaluate(body.content.attributes.get('ami_name')!.expr).value, s('x'));
  });

  test('an array makes one block per element; null makes none', () => {
    const r = bodyContent(parse('{"b": [{"x": 1}, {"x": 2}], "n": null, "l": {"k": null}, "e": []}'), {
      blocks: [{ type: 'b' }, { type: 'n' }, { type: 'l', labelNames: ['name'] }, { type: 'e' }],
    });
    expect(r.diags).toEqual([]);
    expect(blockList(r.content.blocks)).toEqual(['b', 'b']);
    // Both blocks' definition range is the array's opening bracket.
    expect(r.content.blocks.map((b) => at(b.defRange))).toEqual(['1:7@6-1:8@7', '1:7@6-1:8@7']);
    expectSame(evaluate(bodyContent(r.content.blocks[1]!.body, { attributes: [{ name: 'x' }] }).content.attributes.get('x')!.expr).value, n(2));
  });

  test('labels may also be given as an array of objects', () => {
    const r = bodyContent(parse('{"v": [{"a": {}}, {"b": {"x": 1}}]}'), { blocks: [{ type: 'v', labelNames: ['name'] }] });
    expect(r.diags).toEqual([]);
    expect(blockList(r.content.blocks)).toEqual(['v a', 'v b']);
  });

  test('a body may be an array of objects whose properties are all visited in order', () => {
    const r = bodyContent(parse('[{"a": 1, "blk": {}}, {"b": 2}, {"blk": {}}]'), {
      attributes: [{ name: 'a' }, { name: 'b' }],
      blocks: [{ type: 'blk' }],
    });
    expect(r.diags).toEqual([]);
    expect([...r.content.attributes.keys()]).toEqual(['a', 'b']);
    expect(blockList(r.content.blocks)).toEqual(['blk', 'blk']);
    expect(at(r.content.missingItemRange)).toBe('1:1@0-1:2@1');
  });

  test('"//" properties of a body are comments', () => {
    const r = bodyContent(parse('{"//": "about a", "a": 1, "//": ["more"]}'), { attributes: [{ name: 'a' }] });
    expect(r.diags).toEqual([]);
    expect([...r.content.attributes.keys()]).toEqual(['a']);
  });

  test('unknown properties, with suggestions from unused attribute names and all block types', () => {
    const r = bodyContent(parse('{"name": 1, "nme": 2, "bloc": {}, "zzz": 3}'), {
      attributes: [{ name: 'name' }, { name: 'named' }],
      blocks: [{ type: 'block' }],
    });
    expect(diagList(r.diags)).toEqual([
      'Extraneous JSON object property | No argument or block type is named "nme". Did you mean "named"? | 1:13@12-1:18@17 ctx 1:13@12-1:18@17',
      'Extraneous JSON object property | No argument or block type is named "bloc". Did you mean "block"? | 1:23@22-1:29@28 ctx 1:23@22-1:29@28',
      'Extraneous JSON object property | No argument or block type is named "zzz". | 1:35@34-1:40@39 ctx 1:35@34-1:40@39',
    ]);
  });

  test('an argument set twice', () => {
    const r = bodyContent(parse('{"a": 1,\n "a": [2]}'), { attributes: [{ name: 'a' }] });
    expect(diagList(r.diags)).toEqual([
      'Duplicate argument | The argument "a" was already set at j.json:1,2-8. | 2:2@10-2:5@13 ctx 2:2@10-2:5@13',
    ]);
    expectSame(evaluate(r.content.attributes.get('a')!.expr).value, n(1));
  });

  test('a missing required argument points at the closing brace (or an array body\'s opening bracket)', () => {
    const r = bodyContent(parse('{\n  "a": 1\n}'), { attributes: [{ name: 'a' }, { name: 'b', required: true }] });
    expect(diagList(r.diags)).toEqual(['Missing required argument | The argument "b" is required, but no definition was found. | 3:1@11-3:2@12']);
    const arr = bodyContent(parse('[{"a": 1}]'), { attributes: [{ name: 'b', required: true }] });
    expect(diagList(arr.diags)).toEqual([
      'Missing required argument | The argument "b" is required, but no definition was found. | 1:1@0-1:2@1',
      'Extraneous JSON object property | No argument or block type is named "a". Did you mean "b"? | 1:3@2-1:6@5 ctx 1:3@2-1:6@5',
    ]);
  });

  test('label objects must have at least one property', () => {
    const r = bodyContent(parse('{"v": {}, "w": {"a": []}, "x": null}'), {
      blocks: [{ type: 'v', labelNames: ['name'] }, { type: 'w', labelNames: ['first', 'second'] }, { type: 'x', labelNames: ['name'] }],
    });
    expect(diagList(r.diags)).toEqual([
      "Missing block label | At least one object property is required, whose name represents the v block's name. | 1:7@6-1:8@7",
      "Missing block label | At least one object property is required, whose name represents the w block's second. | 1:22@21-1:23@22",
      "Missing block label | At least one object property is required, whose name represents the x block's name. | 1:32@31-1:36@35",
    ]);
    expect(r.content.blocks).toEqual([]);
  });

  test('wrong JSON types for labels and block contents', () => {
    const r = bodyContent(parse('{"v": "str", "w": [1, {"a": {}}], "b": 12, "c": [true]}'), {
      blocks: [{ type: 'v', labelNames: ['name'] }, { type: 'w', labelNames: ['name'] }, { type: 'b' }, { type: 'c' }],
    });
    expect(diagList(r.diags)).toEqual([
      'Incorrect JSON value type | Either a JSON object or JSON array of objects is required here, to specify name labels for this block. | 1:7@6-1:12@11',
      'Missing block label | At least one object property is required, whose name represents the v block\'s name. | 1:7@6-1:12@11',
      'Incorrect JSON value type | A JSON object is required here, to specify name labels for this block. | 1:20@19-1:21@20',
      'Incorrect JSON value type | Either a JSON object or a JSON array is required, representing the contents of one or more "b" blocks. | 1:40@39-1:42@41',
    ]);
    // Array elements that are not objects become blocks whose bodies are reported when decoded.
    expect(blockList(r.content.blocks)).toEqual(['w a', 'c']);
    const inner = bodyContent(r.content.blocks[1]!.body, {});
    // Go collects the body's properties in both PartialContent and Content, so this is reported twice.
    expect(diagList(inner.diags)).toEqual([
      'Incorrect JSON value type | Either a JSON object or JSON array of objects is required here, to define arguments and child blocks. | 1:50@49-1:54@53',
      'Incorrect JSON value type | Either a JSON object or JSON array of objects is required here, to define arguments and child blocks. | 1:50@49-1:54@53',
    ]);
  });

  test('non-object elements of an array body', () => {
    const r = bodyContent(parse('[{"a": 1}, 2]'), { attributes: [{ name: 'a' }] });
    expect(diagList(r.diags)).toEqual([
      'Incorrect JSON value type | A JSON object is required here, to define arguments and child blocks. | 1:12@11-1:13@12',
      'Incorrect JSON value type | A JSON object is required here, to define arguments and child blocks. | 1:12@11-1:13@12',
    ]);
    expect([...r.content.attributes.keys()]).toEqual(['a']);
  });

  test('a root that is not an object decodes as an empty body without further errors', () => {
    const p = parseJson('[1', 'j.json');
    expect(p.diags.map((d) => d.summary)).toEqual(['Unclosed object', 'Root value must be object']);
    const r = bodyContent(p.body, { attributes: [{ name: 'a' }] });
    expect(r.diags).toEqual([]);
    expect(at(bodyMissingItemRange(p.body))).toBe('1:1@0-1:1@0');
  });
});

describe('PartialContent', () => {
  const src = '{"a": 1, "b": 2, "blk": {}, "c": 3}';

  test('the remainder hides the names taken, and Content on it reports only the rest', () => {
    const first = bodyPartialContent(parse(src), { attributes: [{ name: 'a' }], blocks: [{ type: 'blk' }] });
    expect(first.diags).toEqual([]);
    expect(blockList(first.content.blocks)).toEqual(['blk']);
    const rest = bodyContent(first.remain, { attributes: [{ name: 'b' }] });
    // "b" was used by this decode, so it is not suggested for "c".
    expect(diagList(rest.diags)).toEqual([
      'Extraneous JSON object property | No argument or block type is named "c". | 1:29@28-1:32@31 ctx 1:29@28-1:32@31',
    ]);
    expect([...rest.content.attributes.keys()]).toEqual(['b']);
  });

  test('names already taken are neither found again nor suggested', () => {
    const first = bodyPartialContent(parse(src), { attributes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }], blocks: [{ type: 'blk' }] });
    const again = bodyContent(first.remain, { attributes: [{ name: 'a', required: true }] });
    expect(diagList(again.diags)).toEqual(['Missing required argument | The argument "a" is required, but no definition was found. | 1:35@34-1:36@35']);
  });

  test('leftovers are not reported by PartialContent', () => {
    expect(bodyPartialContent(parse(src), {}).diags).toEqual([]);
  });
});

describe('JustAttributes', () => {
  test('every property but comments', () => {
    const r = bodyJustAttributes(parse('{"z": 1, "//": "c", "a": {"b": 2}}'));
    expect(r.diags).toEqual([]);
    expect([...r.attributes.keys()]).toEqual(['z', 'a']);
    expectSame(evaluate(r.attributes.get('a')!.expr).value, obj({ b: n(2) }));
  });

  test('duplicates', () => {
    const r = bodyJustAttributes(parse('{"a": 1, "a": 2}'));
    expect(diagList(r.diags)).toEqual(['Duplicate attribute definition | The argument "a" was already set at j.json:1,2-8. | 1:10@9-1:13@12']);
  });

  test('the body must be a single object', () => {
    const r = bodyJustAttributes(parse('[{"a": 1}]'));
    expect(diagList(r.diags)).toEqual(['Incorrect JSON value type | A JSON object is required here, setting the arguments for this block. | 1:1@0-1:2@1']);
    expect(r.attributes.size).toBe(0);
  });

  test('names taken by a partial decode are left out', () => {
    const first = bodyPartialContent(parse('{"a": 1, "b": 2}'), { attributes: [{ name: 'a' }] });
    expect([...bodyJustAttributes(first.remain).attributes.keys()]).toEqual(['b']);
  });
});

test('bodies implemented in code decode through their own methods', () => {
  const content: BodyContent = { attributes: new Map(), blocks: [], missingItemRange: { filename: 'c', start: { line: 9, column: 9, byte: 9 }, end: { line: 9, column: 9, byte: 9 } } };
  const seen: string[] = [];
  const custom: CustomBody = {
    kind: 'customBody',
    content(schema: BodySchema) {
      seen.push(`content ${schema.attributes?.length ?? 0}`);
      return { content, diags: [] };
    },
    partialContent() {
      seen.push('partial');
      return { content, remain: custom, diags: [] };
    },
    justAttributes() {
      seen.push('attrs');
      return { attributes: new Map(), diags: [] };
    },
    missingItemRange() {
      seen.push('missing');
      return content.missingItemRange;
    },
  };
  bodyContent(custom, { attributes: [{ name: 'x' }] });
  bodyPartialContent(custom, {});
  bodyJustAttributes(custom);
  expect(bodyMissingItemRange(custom).start.line).toBe(9);
  expect(seen).toEqual(['content 1', 'partial', 'attrs', 'missing']);
});
