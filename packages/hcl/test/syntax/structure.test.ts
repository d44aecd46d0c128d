// Bodies, attributes and blocks (hclsyntax ParseConfig): shapes, ranges, and the diagnostics and recovery of
// broken structure. Vectors re-derived from hclsyntax's parser_test.go (TestParseConfig, TestParseConfigDiagnostics).
import type { NativeBlock, NativeBody } from '../../src/syntax/ast.js';
import { parseConfig } from '../../src/syntax/index.js';
import { config, rng, rngb, show } from './helpers.js';

function outline(body: NativeBody): unknown[] {
  return [
    ...body.attributes.map((a) => `${a.name} = ${show(a.expr)}`),
    ...body.blocks.map((b) => ({ [[b.type, ...b.labels.map((l) => JSON.stringify(l))].join(' ')]: outline(b.body) })),
  ];
}

function blockRanges(b: NativeBlock): Record<string, string | string[]> {
  return {
    type: rngb(b.typeRange),
    labels: b.labelRanges.map(rngb),
    open: rngb(b.openBraceRange),
    close: rngb(b.closeBraceRange),
    range: rngb(b.range),
    body: rngb(b.body.range),
    bodyEnd: rngb(b.body.endRange),
  };
}

describe('valid structure', () => {
  test('empty file', () => {
    const r = config('');
    expect(r.d).toEqual([]);
    expect(outline(r.body)).toEqual([]);
    expect(rngb(r.body.range)).toBe('1:1-1:1@0-0');
    expect(rngb(r.body.endRange)).toBe('1:1-1:1@0-0');
  });

  test('an empty block', () => {
    const r = config('block {}\n');
    expect(r.d).toEqual([]);
    expect(outline(r.body)).toEqual([{ block: [] }]);
    expect(blockRanges(r.body.blocks[0]!)).toEqual({
      type: '1:1-1:6@0-5',
      labels: [],
      open: '1:7-1:8@6-7',
      close: '1:8-1:9@7-8',
      range: '1:1-1:9@0-8',
      body: '1:7-1:9@6-8',
      bodyEnd: '1:9-1:9@8-8',
    });
    expect(rngb(r.body.range)).toBe('1:1-2:1@0-9');
    expect(rngb(r.body.endRange)).toBe('2:1-2:1@9-9');
  });

  test('a block at the end of the file without a newline', () => {
    const r = config('block {}');
    expect(r.d).toEqual([]);
    expect(rngb(r.body.range)).toBe('1:1-1:9@0-8');
  });

  test('labels: quoted and bare', () => {
    const r = config('block "foo" bar "b\\u0061z" {}\n');
    expect(r.d).toEqual([]);
    expect(outline(r.body)).toEqual([{ 'block "foo" "bar" "baz"': [] }]);
    expect(blockRanges(r.body.blocks[0]!).labels).toEqual(['1:7-1:12@6-11', '1:13-1:16@12-15', '1:17-1:27@16-26']);
  });

  test('a label with a valid escape', () => {
    const r = config('block "f\\n" {}\n');
    expect(r.d).toEqual([]);
    expect(r.body.blocks[0]!.labels).toEqual(['f\n']);
  });

  test('attributes', () => {
    const r = config('a = 1\nb = "x"\n\n\nc = d\n');
    expect(r.d).toEqual([]);
    expect(r.body.attributes.map((a) => [a.name, rngb(a.range), rngb(a.nameRange), rngb(a.equalsRange), rngb(a.expr.range)])).toEqual([
      ['a', '1:1-1:6@0-5', '1:1-1:2@0-1', '1:3-1:4@2-3', '1:5-1:6@4-5'],
      ['b', '2:1-2:8@6-13', '2:1-2:2@6-7', '2:3-2:4@8-9', '2:5-2:8@10-13'],
      ['c', '5:1-5:6@16-21', '5:1-5:2@16-17', '5:3-5:4@18-19', '5:5-5:6@20-21'],
    ]);
  });

  test('an attribute at the end of the file', () => {
    const r = config('a = 1');
    expect(r.d).toEqual([]);
    expect(rng(r.body.attributes[0]!.range)).toBe('1:1-1:6');
    expect(rng(r.body.range)).toBe('1:1-1:6');
  });

  test('comments stand for newlines', () => {
    const r = config('a = 1 # line comment\nb = 2 // another\nc = 3 /* block */\nd = /* inline */ 4\n');
    expect(r.d).toEqual([]);
    expect(outline(r.body)).toEqual(['a = 1', 'b = 2', 'c = 3', 'd = 4']);
    expect(rng(r.body.attributes[0]!.range)).toBe('1:1-1:6');
  });

  test('a comment at the end of the file without a newline', () => {
    const r = config('a = 1 # x');
    expect(r.d).toEqual([]);
    expect(outline(r.body)).toEqual(['a = 1']);
  });

  test('nested blocks and single-line blocks', () => {
    const r = config('a "b" {\n  c = 1\n  d {\n    e = f\n  }\n  g { h = i }\n  j {}\n}\n');
    expect(r.d).toEqual([]);
    expect(outline(r.body)).toEqual([{ 'a "b"': ['c = 1', { d: ['e = f'] }, { g: ['h = i'] }, { j: [] }] }]);
    const g = r.body.blocks[0]!.body.blocks[1]!;
    // A single-line block's body is its attribute.
    expect(rng(g.body.range)).toBe('6:7-6:12');
    expect(rng(g.body.endRange)).toBe('6:12-6:12');
    expect(rng(g.closeBraceRange)).toBe('6:13-6:14');
  });

  test('the top-level body starts at the first token', () => {
    expect(rng(parseConfig('\n\n  a = 1\n', 'x').body.range)).toBe('1:1-4:1');
    expect(rng(parseConfig('  a = 1', 'x').body.range)).toBe('1:3-1:8');
    // A block comment is skipped; a line comment counts as the first (newline) token.
    expect(rng(parseConfig('/* c */ a = 1', 'x').body.range)).toBe('1:9-1:14');
    expect(rng(parseConfig('# c\na = 1', 'x').body.range)).toBe('1:1-2:6');
  });

  test('a BOM and CRLF line ends', () => {
    const r = config('\ufeffa = 1\r\nb {\r\n  c = 2\r\n}\r\n');
    expect(r.d).toEqual([]);
    expect(outline(r.body)).toEqual(['a = 1', { b: ['c = 2'] }]);
    expect(rngb(r.body.attributes[0]!.nameRange)).toBe('1:1-1:2@3-4');
    expect(rngb(r.body.blocks[0]!.closeBraceRange)).toBe('4:1-4:2@24-25');
  });

  test('the heredoc closing marker ends the attribute', () => {
    const r = config('a = <<EOT\nHello\nEOT\nb = "Hi"');
    expect(r.d).toEqual([]);
    expect(outline(r.body)).toEqual(['a = tmpl("Hello\\n")', 'b = tmpl("Hi")']);
    expect(rng(r.body.attributes[0]!.range)).toBe('1:1-3:4');
  });

  test('keywords are ordinary names in structure', () => {
    const r = config('for = 1\nif "x" {}\ntrue = false\n');
    expect(r.d).toEqual([]);
    expect(outline(r.body)).toEqual(['for = 1', 'true = false', { 'if "x"': [] }]);
  });
});

describe('structural errors', () => {
  test.each<[string, string, string[], unknown[]]>([
    // Unclosed blocks (subject: the opening brace).
    ['multi-line, no contents', 'blah {\n', ['Unclosed configuration block @ 1:6-1:7'], [{ blah: [] }]],
    ['multi-line, after an argument', 'blah {\n  a = 1\n', ['Unclosed configuration block @ 1:6-1:7'], [{ blah: ['a = 1'] }]],
    ['single-line, no contents', 'blah {', ['Unclosed configuration block @ 1:6-1:7'], [{ blah: [] }]],
    ['single-line, after its argument', 'blah { a = 1', ['Unclosed configuration block @ 1:6-1:7 [1:1-1:7]'], [{ blah: ['a = 1'] }]],
    // Attribute terminators.
    ['two attributes on a line', 'a = 1 b = 2\n', ['Missing newline after argument @ 1:7-1:8 [1:1-1:8]'], ['a = 1']],
    ['a comma after an argument', 'a = 1,', ['Unexpected comma after argument @ 1:6-1:7 [1:1-1:7]'], ['a = 1']],
    ['a comma in a body', 'a = 1, b = 2\nc = 3\n', ['Unexpected comma after argument @ 1:6-1:7 [1:1-1:7]'], ['a = 1', 'c = 3']],
    // Block terminators.
    ['two blocks on a line', 'block {}block {}\n', ['Missing newline after block definition @ 1:9-1:14 [1:1-1:14]'], [{ block: [] }]],
    ['a block followed by an attribute', 'b {} c = 1\nd = 2\n', ['Missing newline after block definition @ 1:6-1:7 [1:1-1:7]'], ['d = 2', { b: [] }]],
    // Block headers.
    ['an equals sign after labels', 'block "a" = {}\n', ['Invalid block definition @ 1:11-1:12 [1:1-1:12]'], [{ 'block "a"': [] }]],
    // Recovery then suppresses the complaint about the brace on the next line.
    ['a newline before the brace', 'block "a"\n{}\n', ['Invalid block definition @ 1:10-2:1 [1:1-2:1]'], [{ 'block "a"': [] }]],
    ['a number label', '\nblock "invalid" 1.2 {}\nblock "valid" {}\n', ['Invalid block definition @ 2:17-2:20 [2:1-2:20]'], [{ 'block "invalid"': [] }, { 'block "valid"': [] }]],
    // Body items.
    ['a bare name', 'invalid\nb = 1\n', ['Argument or block definition required @ 1:1-1:8'], ['b = 1']],
    ['a name and a value', 'a 1\nb = 2\n', ['Argument or block definition required @ 1:1-1:2'], ['b = 2']],
    ['a quoted name', '"a" = 1\nb = 2\n', ['Invalid argument name @ 1:1-1:2'], []],
    ['a stray token', '= 1\n', ['Argument or block definition required @ 1:1-1:2'], []],
    ['a stray closing brace', 'a = 1\n}\nb = 2\n', ['Argument or block definition required @ 2:1-2:2'], ['a = 1']],
    // Single-line blocks.
    ['two arguments', 'a { b = "foo", c = "bar" }\n', ['Invalid single-argument block definition @ 1:14-1:15'], [{ a: ['b = tmpl("foo")'] }]],
    ['closed on the next line', 'a { b = "foo"\n}\n', ['Invalid single-argument block definition @ 1:14-2:1'], [{ a: ['b = tmpl("foo")'] }]],
    ['a nested block', 'a { d {} }\n', ['Argument definition required @ 1:5-1:8'], [{ a: [] }]],
    ['a nested labelled block', 'a { d "x" {} }\n', ['Argument definition required @ 1:5-1:8'], [{ a: [] }]],
    ['not an attribute', 'a { d }\n', ['Argument or block definition required @ 1:5-1:6'], [{ a: [] }]],
    ['junk after the argument', 'a { b = 1 c }\n', ['Invalid single-argument block definition @ 1:11-1:12'], [{ a: ['b = 1'] }]],
    // Duplicates.
    ['a duplicate attribute', 'a = 1\nb = 2\na = 3\n', ['Attribute redefined @ 3:1-3:2'], ['a = 1', 'b = 2']],
    ['duplicates in a block', 'b {\n  x = 1\n  x = 2\n}\n', ['Attribute redefined @ 3:3-3:4'], [{ b: ['x = 1'] }]],
  ])('%s', (_name, src, want, shape) => {
    const r = config(src);
    expect(r.d).toEqual(want);
    expect(outline(r.body)).toEqual(shape);
  });

  test('"Attribute redefined" names the first definition', () => {
    const r = parseConfig('a = 1\nb = 2\na = 3\n', 'main.pkr.hcl');
    expect(r.diags[0]!.detail).toBe('The argument "a" was already set at main.pkr.hcl:1,1-2. Each argument may be set only once.');
  });

  test('messages', () => {
    const detail = (src: string) => parseConfig(src, 'x').diags.map((d) => d.detail);
    expect(detail('blah {\n')).toEqual([
      'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
    ]);
    expect(detail('a = 1 b = 2\n')).toEqual(['An argument definition must end with a newline.']);
    expect(detail('a = 1,')).toEqual(['Argument definitions must be separated by newlines, not commas. An argument definition must end with a newline.']);
    expect(detail('b {} c\n')).toEqual(['A block definition must end with a newline.']);
    expect(detail('b = {}\nb "a" = {}\n')).toEqual(['The equals sign "=" indicates an argument definition, and must not be used when defining a block.']);
    expect(detail('b "a"\n{}\n')[0]).toBe('A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.');
    expect(detail('b "a" 1 {}\n')).toEqual(['Either a quoted string block label or an opening brace ("{") is expected here.']);
    expect(detail('a\n')).toEqual(['An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.']);
    expect(detail('}\n')).toEqual(['An argument or block definition is required here.']);
    expect(detail('"a" = 1\n')).toEqual(['Argument names must not be quoted.']);
    expect(detail('a { b = 1, c = 2 }\n')).toEqual(['Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.']);
    expect(detail('a { b = 1\n}\n')).toEqual([
      "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.",
    ]);
    expect(detail('a { b = 1 c }\n')).toEqual(['A single-line block definition must end with a closing brace immediately after its single argument definition.']);
    expect(detail('a { d {} }\n')).toEqual([
      'A single-line block definition can contain only a single argument. If you meant to define argument "d", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.',
    ]);
  });

  test('the specsuite file with four broken single-line blocks', () => {
    const src = 'a { b = "foo", c = "bar" }\na { b = "foo"\n}\na { b = "foo"\n  c = "bar" }\na { b = "foo"\n  c = "bar"\n}\na { d {} }\n';
    expect(config(src).d).toEqual([
      'Invalid single-argument block definition @ 1:14-1:15',
      'Invalid single-argument block definition @ 2:14-3:1',
      'Invalid single-argument block definition @ 4:14-5:1',
      'Invalid single-argument block definition @ 6:14-7:1',
      'Argument definition required @ 9:5-9:8',
    ]);
  });

  test('labels with template sequences or bad escapes', () => {
    let r = config('block "invalid ${not_allowed_here} foo" {}\n');
    expect(r.d).toEqual(['Invalid string literal @ 1:16-1:18 [1:7-1:18]']);
    expect(r.body.blocks[0]!.labels).toEqual(['invalid ${ ... } foo']);
    expect(r.diags[0]!.detail).toBe('Template sequences are not allowed in this string. To include a literal "$", double it (as "$$") to escape it.');
    r = config('block "%{ if x }" {}\n');
    expect(r.diags[0]!.detail).toBe('Template sequences are not allowed in this string. To include a literal "%", double it (as "%%") to escape it.');
    r = config('block "f\\o" {}\n');
    expect(r.d).toEqual(['Invalid escape sequence @ 1:9-1:11']);
    expect(r.body.blocks[0]!.labels).toEqual(['fo']);
    expect(blockRanges(r.body.blocks[0]!).body).toBe('1:13-1:15@12-14');
  });

  test('an unterminated label', () => {
    const r = config('block "unterminated_string "name" {}');
    expect(r.d).toEqual(['Unterminated string literal @ 1:37-1:37 [1:33-1:37]', 'Invalid block definition @ 1:37-1:37 [1:1-1:37]']);
    expect(r.body.blocks[0]!.labels).toEqual(['unterminated_string ', 'name', ' {}']);
  });

  test('a multi-line label', () => {
    const r = config('block "a\nb" {}\n');
    // The label is skipped to its closing quote, and the block goes on.
    expect(r.d).toEqual(['Invalid multi-line string @ 1:9-2:1', 'Invalid string literal @ 1:9-2:1 [1:7-2:1]']);
    expect(r.body.blocks.map((b) => b.labels)).toEqual([['a']]);
  });

  test('unclosed brace inside a nested block reports the outer', () => {
    expect(config('a {\n  b {\n    c = 1\n  }\n').d).toEqual(['Unclosed configuration block @ 1:3-1:4']);
  });

  test('recovery keeps parsing after a broken item', () => {
    const r = config('a = 1 2\nb = [\n  1,\n  2\n]\nc = )\nd = 4\n');
    expect(r.d).toEqual(['Missing newline after argument @ 1:7-1:8 [1:1-1:8]']);
    expect(outline(r.body)).toEqual(['a = 1', 'b = [1, 2]', 'c = ?', 'd = 4']);
  });

  test('invalid characters', () => {
    expect(config('a = `str`').d).toEqual(['Invalid character @ 1:5-1:6', 'Invalid expression @ 1:5-1:6']);
    expect(config("a = 'str'").d).toEqual(['Invalid character @ 1:5-1:6', 'Invalid expression @ 1:5-1:6']);
    expect(config('\\x81').d).toEqual(['Invalid character @ 1:1-1:2', 'Argument or block definition required @ 1:1-1:2']);
    expect(config('a = 1;\n').d).toEqual(['Invalid character @ 1:6-1:7', 'Missing newline after argument @ 1:6-1:7 [1:1-1:7]']);
  });
});
