// The JSON-syntax parser against hcl's json package behaviour: values, ranges (tabs count two columns, as in the
// Go scanner), and every parse diagnostic with its exact summary, detail and subject.
import type { Diagnostic } from '../../src/diagnostics.js';
import type { JsonNode } from '../../src/json/ast.js';
import { parseJson, parseJsonValue } from '../../src/json/parser.js';
import type { Range } from '../../src/source.js';

const at = (r: Range | undefined): string =>
  r ? `${r.start.line}:${r.start.column}@${r.start.byte}-${r.end.line}:${r.end.column}@${r.end.byte}` : '-';

function diagList(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => `${d.summary} | ${d.detail} | ${at(d.subject)}${d.context ? ' ctx ' + at(d.context) : ''}`);
}

/** A compact rendering of a node tree: strings quoted, numbers as written, containers recursively. */
function show(n: JsonNode): string {
  switch (n.kind) {
    case 'jsonString':
      return JSON.stringify(n.value);
    case 'jsonNumber':
      return n.text;
    case 'jsonBool':
      return String(n.value);
    case 'jsonNull':
      return 'null';
    case 'jsonInvalid':
      return '<invalid>';
    case 'jsonArray':
      return `[${n.values.map(show).join(',')}]`;
    case 'jsonObject':
      return `{${n.properties.map((p) => `${JSON.stringify(p.name)}:${show(p.value)}`).join(',')}}`;
  }
}

function value(src: string): { tree: string; diags: string[] } {
  const r = parseJsonValue(src, 'v.json');
  return { tree: show(r.expr.node), diags: diagList(r.diags) };
}

const VALUE_START = 'A JSON value must start with a brace, a bracket, a number, a string, or a keyword.';

describe('values', () => {
  test.each([
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    ['"hello"', '"hello"'],
    ['"hello\\nworld"', '"hello\\nworld"'],
    ['"hello \\"world\\""', '"hello \\"world\\""'],
    ['"hello \\\\"', '"hello \\\\"'],
    ['"\\/\\b\\f\\r\\t"', '"/\\b\\f\\r\\t"'],
    ['"\\u00e9\\u00C9"', '"éÉ"'],
    ['1', '1'],
    ['-1', '-1'],
    ['1.2e5', '1.2e5'],
    ['1.2E+5', '1.2E+5'],
    ['1.2e-5', '1.2e-5'],
    ['-0', '-0'],
    ['  \t\r\n 7 \n', '7'],
    ['[]', '[]'],
    ['[true, false]', '[true,false]'],
    ['[[],{}]', '[[],{}]'],
    ['{}', '{}'],
    ['{"b": 1, "a": 2}', '{"b":1,"a":2}'],
  ])('%s', (src, tree) => {
    expect(value(src)).toEqual({ tree, diags: [] });
  });

  test('duplicate property names and their order are kept', () => {
    expect(value('{"hello": true, "x": 1, "hello": false}').tree).toBe('{"hello":true,"x":1,"hello":false}');
  });

  test('escaped surrogate pairs combine; lone surrogates become U+FFFD', () => {
    const r = parseJsonValue('["\\ud83d\\ude00", "\\ud83d", "\\ude00x", "\\ud83d\\u0041"]', 'v.json');
    const n = r.expr.node;
    expect(n.kind === 'jsonArray' && n.values.map((v) => (v.kind === 'jsonString' ? v.value : ''))).toEqual([
      '😀',
      '\ufffd',
      '\ufffdx',
      '\ufffdA',
    ]);
  });

  test('bytes of invalid UTF-8 (decoded as lone low surrogates) become U+FFFD in strings', () => {
    const r = parseJsonValue('"a\udcffb"', 'v.json');
    expect(r.expr.node.kind === 'jsonString' && r.expr.node.value).toBe('a\ufffdb');
    // Positions count such a byte as the three bytes of U+FFFD (the project-wide convention of source.ts).
    expect(at(r.expr.node.range)).toBe('1:1@0-1:6@7');
  });

  test('non-ASCII text is kept as written (NFC normalisation happens in values)', () => {
    const r = parseJsonValue('"👩‍👩‍👧‍👦 años"', 'v.json');
    expect(r.expr.node.kind === 'jsonString' && r.expr.node.value).toBe('👩‍👩‍👧‍👦 años');
  });
});

describe('ranges', () => {
  test('object, property names, values and braces', () => {
    const r = parseJson('{\n  "a": [1, "x"],\n  "b": {}\n}\n', 'f.json');
    expect(r.diags).toEqual([]);
    const o = r.body.node;
    if (o.kind !== 'jsonObject') throw new Error('not an object');
    expect([at(o.range), at(o.openRange), at(o.closeRange)]).toEqual(['1:1@0-4:2@30', '1:1@0-1:2@1', '4:1@29-4:2@30']);
    const [a, b] = o.properties;
    expect(at(a!.nameRange)).toBe('2:3@4-2:6@7');
    expect(at(a!.value.range)).toBe('2:8@9-2:16@17');
    const arr = a!.value;
    if (arr.kind !== 'jsonArray') throw new Error('not an array');
    expect(at(arr.openRange)).toBe('2:8@9-2:9@10');
    expect(arr.values.map((v) => at(v.range))).toEqual(['2:9@10-2:10@11', '2:12@13-2:15@16']);
    expect(at(b!.value.range)).toBe('3:8@26-3:10@28');
  });

  test('a tab counts two columns and a carriage return none, as in the Go scanner', () => {
    const r = parseJson('{\t"a":\t1,\r\n\t"b": 2}', 'f.json');
    const o = r.body.node;
    if (o.kind !== 'jsonObject') throw new Error('not an object');
    expect(o.properties.map((p) => at(p.nameRange))).toEqual(['1:4@2-1:7@5', '2:3@12-2:6@15']);
    expect(at(o.properties[0]!.value.range)).toBe('1:10@7-1:11@8');
  });

  test('columns count grapheme clusters inside strings; bytes count UTF-8', () => {
    const r = parseJson('{"é👩‍👩‍👧": "ЖЖ", "z": 1}', 'f.json');
    const o = r.body.node;
    if (o.kind !== 'jsonObject') throw new Error('not an object');
    // "é👩‍👩‍👧" is 2 clusters + 2 quotes; é is 2 bytes, the family 18 bytes.
    expect(at(o.properties[0]!.nameRange)).toBe('1:2@1-1:6@23');
    expect(at(o.properties[0]!.value.range)).toBe('1:8@25-1:12@31');
    expect(at(o.properties[1]!.nameRange)).toBe('1:14@33-1:17@36');
  });
});

describe('parse diagnostics', () => {
  test.each<[string, string, string[]]>([
    ['undefined', '<invalid>', [`Invalid JSON keyword | The JavaScript identifier "undefined" cannot be used in JSON. | 1:1@0-1:10@9`]],
    ['NaN', '<invalid>', [`Invalid JSON keyword | The JavaScript identifier "NaN" cannot be used in JSON. | 1:1@0-1:4@3`]],
    ['Infinity', '<invalid>', [`Invalid JSON keyword | The JavaScript identifier "Infinity" cannot be used in JSON. | 1:1@0-1:9@8`]],
    ['flase', '<invalid>', [`Invalid JSON keyword | "flase" is not a valid JSON keyword. Did you mean "false"? | 1:1@0-1:6@5`]],
    ['True', '<invalid>', [`Invalid JSON keyword | "True" is not a valid JSON keyword. Did you mean "true"? | 1:1@0-1:5@4`]],
    ['nil', '<invalid>', [`Invalid JSON keyword | "nil" is not a valid JSON keyword. Did you mean "null"? | 1:1@0-1:4@3`]],
    ['yes_no', '<invalid>', [`Invalid JSON keyword | "yes_no" is not a valid JSON keyword. | 1:1@0-1:7@6`]],
    // 'e' cannot start a number, so it is scanned as a keyword (of letters only).
    ['e5', '<invalid>', ['Invalid JSON keyword | "e" is not a valid JSON keyword. | 1:1@0-1:2@1']],
    ['"hello', '<invalid>', ['Invalid JSON string | There is a syntax error in the given JSON string. | 1:7@6-1:8@7 ctx 1:1@0-1:7@6']],
    ['"he\\llo"', '<invalid>', ['Invalid JSON string | There is a syntax error in the given JSON string. | 1:6@5-1:7@6 ctx 1:1@0-1:9@8']],
    ['"ab\\u12G4"', '<invalid>', ['Invalid JSON string | There is a syntax error in the given JSON string. | 1:9@8-1:10@9 ctx 1:1@0-1:11@10']],
    ['"ab\\"', '<invalid>', ['Invalid JSON string | There is a syntax error in the given JSON string. | 1:6@5-1:7@6 ctx 1:1@0-1:6@5']],
    // A raw newline ends the string token; the error is reported where it stopped.
    ['"ab\ncd"', '<invalid>', ['Invalid JSON string | There is a syntax error in the given JSON string. | 1:4@3-1:5@4 ctx 1:1@0-1:4@3']],
    // Go adds the error's byte offset to the column too.
    ['"é\\x"', '<invalid>', ['Invalid JSON string | There is a syntax error in the given JSON string. | 1:6@5-1:7@6 ctx 1:1@0-1:6@6']],
    ['.1', '<invalid>', ['Invalid JSON number | There is a syntax error in the given JSON number. | 1:1@0-1:3@2']],
    ['+2', '<invalid>', ['Invalid JSON number | There is a syntax error in the given JSON number. | 1:1@0-1:3@2']],
    ['01', '<invalid>', ['Invalid JSON number | There is a syntax error in the given JSON number. | 1:1@0-1:3@2']],
    ['1-2', '<invalid>', ['Invalid JSON number | There is a syntax error in the given JSON number. | 1:1@0-1:4@3']],
    ['-', '<invalid>', ['Invalid JSON number | There is a syntax error in the given JSON number. | 1:1@0-1:2@1']],
    ['1.', '<invalid>', ['Invalid JSON number | There is a syntax error in the given JSON number. | 1:1@0-1:3@2']],
    ['1 2', '1', ['Extraneous data after value | Extra characters appear after the JSON value. | 1:3@2-1:4@3']],
    ['{} x', '{}', ['Extraneous data after value | Extra characters appear after the JSON value. | 1:4@3-1:5@4']],
    ['', '<invalid>', ['Missing value | The JSON data ends prematurely. | 1:1@0-1:1@0']],
    ['  \n ', '<invalid>', ['Missing value | The JSON data ends prematurely. | 2:2@4-2:2@4']],
    ['}', '<invalid>', [`Missing JSON value | ${VALUE_START} | 1:1@0-1:2@1`]],
    [']', '<invalid>', [`Missing array element value | ${VALUE_START} | 1:1@0-1:2@1`]],
    [',', '<invalid>', [`Invalid start of value | ${VALUE_START} | 1:1@0-1:2@1`]],
    ["'a'", '<invalid>', [`Invalid start of value | ${VALUE_START} | 1:1@0-1:2@1`]],
    // An invalid character is one byte and one column wide, whatever it is (here the first byte of a BOM).
    ['\ufeff{}', '<invalid>', [`Invalid start of value | ${VALUE_START} | 1:1@0-1:2@1`]],
    ['_x', '<invalid>', [`Invalid start of value | ${VALUE_START} | 1:1@0-1:2@1`]],
    // objects
    ['{"hello":true', '<invalid>', ['Unclosed object | No closing brace was found for this JSON object. | 1:1@0-1:2@1']],
    ['{"hello":true]', '<invalid>', ['Mismatched braces | A JSON object must be closed with a brace, not a bracket. | 1:15@14-1:15@14']],
    ['{"hello":true,}', '<invalid>', ['Trailing comma in object | JSON does not permit a trailing comma after the final property in an object. | 1:14@13-1:15@14']],
    ['{true:false}', '<invalid>', ['Invalid object property name | A JSON object property name must be a string | 1:2@1-1:6@5']],
    ['{{}:1}', '<invalid>', ['Invalid object property name | A JSON object property name must be a string | 1:2@1-1:3@2']],
    ['{"a":1, "a", true}', '<invalid>', ['Missing object value | A JSON object attribute must have a value, introduced by a colon. | 1:12@11-1:13@12']],
    ['{"hello", "world"}', '<invalid>', ['Missing object value | A JSON object attribute must have a value, introduced by a colon. | 1:9@8-1:10@9']],
    ['{"a"}', '<invalid>', ['Missing object value | A JSON object attribute must have a value, introduced by a colon. | 1:5@4-1:6@5']],
    ['{"wrong"=true}', '<invalid>', ['Missing property value colon | JSON uses a colon as its name/value delimiter, not an equals sign. | 1:9@8-1:10@9']],
    ['{"wrong" = true}', '<invalid>', ['Missing property value colon | JSON uses a colon as its name/value delimiter, not an equals sign. | 1:10@9-1:11@10']],
    ['{"wrong" true}', '<invalid>', ["Missing property value colon | A colon must appear between an object property's name and its value. | 1:10@9-1:14@13"]],
    ['{"a"', '<invalid>', ["Missing property value colon | A colon must appear between an object property's name and its value. | 1:5@4-1:5@4"]],
    ['{"a" @}', '<invalid>', ["Missing property value colon | A colon must appear between an object property's name and its value. | 1:6@5-1:7@6"]],
    // After skipping to the end of the object, the subject is whatever follows it.
    ['{"a": 1 "b": 2}', '<invalid>', ['Missing attribute seperator comma | A comma must appear between each property definition in an object. | 1:16@15-1:16@15']],
    ['[{"a": 1 "b": 2}, 3]', '[<invalid>,3]', ['Missing attribute seperator comma | A comma must appear between each property definition in an object. | 1:17@16-1:18@17']],
    ['{"a": 1 @}', '<invalid>', ['Missing attribute seperator comma | A comma must appear between each property definition in an object. | 1:10@9-1:10@9']],
    ['{', '<invalid>', [
      'Missing value | The JSON data ends prematurely. | 1:2@1-1:2@1',
      'Invalid object property name | A JSON object property name must be a string | 1:2@1-1:2@1',
    ]],
    ['{"a":', '<invalid>', [
      'Missing value | The JSON data ends prematurely. | 1:6@5-1:6@5',
      'Unclosed object | No closing brace was found for this JSON object. | 1:1@0-1:2@1',
    ]],
    ['{"a\\q": 1}', '<invalid>', [
      'Invalid JSON string | There is a syntax error in the given JSON string. | 1:6@5-1:7@6 ctx 1:2@1-1:7@6',
      'Invalid object property name | A JSON object property name must be a string | 1:2@1-1:7@6',
    ]],
    // Parsing carries on after a bad value: the object survives with an invalid node in it.
    ['{"a": tru, "b": 1}', '{"a":<invalid>,"b":1}', ['Invalid JSON keyword | "tru" is not a valid JSON keyword. Did you mean "true"? | 1:7@6-1:10@9']],
    // The inner object stops before its '}', which then closes the outer one; the rest is not looked at.
    ['{"x": {"a": 1,}, "c": 2}', '{"x":<invalid>}', ['Trailing comma in object | JSON does not permit a trailing comma after the final property in an object. | 1:14@13-1:15@14']],
    ['{"a": ]}', '<invalid>', [
      `Missing array element value | ${VALUE_START} | 1:7@6-1:8@7`,
      'Mismatched braces | A JSON object must be closed with a brace, not a bracket. | 1:8@7-1:9@8',
    ]],
    // arrays
    ['[', '<invalid>', [
      'Missing value | The JSON data ends prematurely. | 1:2@1-1:2@1',
      'Unclosed object | No closing bracket was found for this JSON array. | 1:1@0-1:2@1',
    ]],
    ['[true', '<invalid>', ['Unclosed object | No closing bracket was found for this JSON array. | 1:1@0-1:2@1']],
    ['[true,]', '<invalid>', ['Trailing comma in array | JSON does not permit a trailing comma after the final value in an array. | 1:6@5-1:7@6']],
    ['[[],]', '<invalid>', ['Trailing comma in array | JSON does not permit a trailing comma after the final value in an array. | 1:4@3-1:5@4']],
    ['["hello":true]', '<invalid>', ['Invalid array value | A colon is not used to introduce values in a JSON array. | 1:15@14-1:15@14']],
    ['[true}', '<invalid>', ['Mismatched brackets | A JSON array must be closed with a bracket, not a brace. | 1:7@6-1:7@6']],
    ['[[1}], 2]', '[<invalid>,2]', ['Mismatched brackets | A JSON array must be closed with a bracket, not a brace. | 1:6@5-1:7@6']],
    ['[1 2]', '<invalid>', ['Missing attribute seperator comma | A comma must appear between each value in an array. | 1:6@5-1:6@5']],
    ['[1, , 2]', '[1,<invalid>,2]', [`Invalid start of value | ${VALUE_START} | 1:5@4-1:6@5`]],
  ])('%j', (src, tree, diags) => {
    expect(value(src)).toEqual({ tree, diags });
  });
});

describe('configuration files', () => {
  test('an object root is the body', () => {
    const r = parseJson('{"a": 1}', 'f.json');
    expect(r.diags).toEqual([]);
    expect(r.body.kind).toBe('jsonBody');
    expect(show(r.body.node)).toBe('{"a":1}');
    expect(r.body.hidden.size).toBe(0);
  });

  test('an array root (of objects) is accepted', () => {
    const r = parseJson('[{"a": 1}, {"b": 2}]', 'f.json');
    expect(r.diags).toEqual([]);
    expect(show(r.body.node)).toBe('[{"a":1},{"b":2}]');
  });

  test.each([
    ['"str"', '1:1@0-1:6@5', []],
    ['  42', '1:3@2-1:5@4', []],
    ['null', '1:1@0-1:5@4', []],
    ['', '1:1@0-1:1@0', ['Missing value | The JSON data ends prematurely. | 1:1@0-1:1@0']],
    ['{"a": 1,}', '1:1@0-1:2@1', ['Trailing comma in object | JSON does not permit a trailing comma after the final property in an object. | 1:8@7-1:9@8']],
  ])('root %j is reported and replaced by an empty object', (src, subject, parseDiags) => {
    const r = parseJson(src, 'f.json');
    expect(diagList(r.diags)).toEqual([
      ...parseDiags,
      `Root value must be object | The root value in a JSON-based configuration must be either a JSON object or a JSON array of objects. | ${subject}`,
    ]);
    const n = r.body.node;
    expect(n.kind === 'jsonObject' && n.properties.length).toBe(0);
    expect(n.kind === 'jsonObject' && [at(n.range), at(n.closeRange), n.range.filename]).toEqual(['1:1@0-1:1@0', '1:1@0-1:1@0', 'f.json']);
  });

  test('comments are not JSON', () => {
    expect(diagList(parseJson('{\n  // c\n  "a": 1\n}', 'f.json').diags)[0]).toBe(
      `Invalid start of value | ${VALUE_START} | 2:3@4-2:4@5`,
    );
  });

  test('ranges carry the file name', () => {
    const r = parseJson('{"a": 1}', 'dir/x.pkr.json');
    const n = r.body.node;
    expect(n.kind === 'jsonObject' && n.properties[0]!.nameRange.filename).toBe('dir/x.pkr.json');
  });

  test('a start position shifts expression ranges', () => {
    const r = parseJsonValue('[1,\n 2]', 'e.json', { line: 3, column: 5, byte: 20 });
    const n = r.expr.node;
    if (n.kind !== 'jsonArray') throw new Error('not an array');
    expect(n.values.map((v) => at(v.range))).toEqual(['3:6@21-3:7@22', '4:2@25-4:3@26']);
  });

  test('a large document parses quickly and completely', () => {
    const items = Array.from({ length: 20000 }, (_, i) => `{"name": "item-${i}", "n": ${i}, "tags": ["a", "b\\u00e9"], "ok": true}`);
    const r = parseJson(`{"items": [${items.join(',\n')}]}`, 'big.json');
    expect(r.diags).toEqual([]);
    const n = r.body.node;
    const arr = n.kind === 'jsonObject' ? n.properties[0]!.value : undefined;
    expect(arr?.kind === 'jsonArray' && arr.values.length).toBe(20000);
    expect(arr?.kind === 'jsonArray' && at(arr.values[19999]!.range).startsWith('20000:1@')).toBe(true);
  });
});

test('absurdly deep nesting is a diagnostic, not a crash', () => {
  const depth = 200000;
  const r = parseJson('['.repeat(depth) + ']'.repeat(depth), 'deep.json');
  expect(diagList(r.diags)).toEqual([
    'Nesting too deep | This file nests brackets, braces or templates too deeply to be parsed. | 1:1@0-1:1@0',
    'Root value must be object | The root value in a JSON-based configuration must be either a JSON object or a JSON array of objects. | 1:1@0-1:1@0',
  ]);
  // Moderate nesting is fine.
  expect(parseJson('{"a":' + '['.repeat(500) + ']'.repeat(500) + '}', 'ok.json').diags).toEqual([]);
});
