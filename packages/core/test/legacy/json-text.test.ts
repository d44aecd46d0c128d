// The text layer of legacy JSON templates and JSON var files (core/src/legacy/json-text.ts): unit tests, then
// differentially against Packer 1.6.6 — every malformed template's error must appear verbatim in what
// `packer validate` and `packer inspect` print after "Failed to parse template: ", and var files must give the
// same errors (`packer validate -var-file`) and the same values (`packer console -var-file`).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goDecodeUtf8 } from '@tspacker/hcl/functions/go-json.js';
import { readJsonVarFile, readJsonVarFiles, readLegacyTemplateJson } from '@tspacker/core/legacy/json-text.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'json-text-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs packer 1.6.6 in the temp dir; its output, with invalid UTF-8 shown as Go-style U+FFFD like ours. */
function packer(args: string[], stdin?: string): { status: number | null; out: string } {
  const r = spawnSync('packer', args, { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1' }, input: stdin });
  if (r.error) throw r.error;
  return { status: r.status, out: goDecodeUtf8(Buffer.concat([r.stdout, r.stderr])) };
}

const errorOf = (text: string | Uint8Array): string => {
  const r = readLegacyTemplateJson(text);
  if (!('error' in r)) throw new Error('expected an error');
  return r.error;
};

describe('readLegacyTemplateJson', () => {
  test('decodes a document into plain values', () => {
    const r = readLegacyTemplateJson('{"b": [1, 2.5e3, -0, true, null, "x\\u00e9\\ud83d\\ude00"], "a": {}, "__proto__": {"z": "y"}}');
    expect('value' in r).toBe(true);
    const v = (r as { value: Record<string, unknown> }).value;
    expect(Object.keys(v)).toEqual(['b', 'a', '__proto__']);
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(v['b']).toEqual([1, 2500, -0, true, null, 'xé😀']);
    expect(Object.is((v['b'] as unknown[])[2], -0)).toBe(true);
    expect({ ...(v['__proto__'] as object) }).toEqual({ z: 'y' });
  });

  test('invalid UTF-8 in strings becomes one U+FFFD per bad byte, as in Go', () => {
    const r = readLegacyTemplateJson(Buffer.from([0x22, 0x61, 0xe2, 0x82, 0x62, 0xed, 0xa0, 0x80, 0x5c, 0x75, 0x64, 0x38, 0x30, 0x30, 0x22]));
    expect(r).toEqual({ value: 'a\ufffd\ufffdb\ufffd\ufffd\ufffd\ufffd' });
  });

  test('syntax errors: message, line, column and highlight', () => {
    expect(errorOf('{\n  "builders": [\n    {"type": "null",}\n  ]\n}\n')).toBe(
      'Error parsing JSON: invalid character \'}\' looking for beginning of object key string\n' +
        'At line 3, column 22 (offset 39):\n' +
        '    2:   "builders": [\n' +
        '    3:     {"type": "null",}\n' +
        '                           ^\n',
    );
    // On the first line the column starts at 0; after a newline at 1.
    expect(errorOf('x')).toBe("Error parsing JSON: invalid character 'x' looking for beginning of value\nAt line 1, column 1 (offset 1):\n    1: x\n      ^\n");
    expect(errorOf('')).toBe('Error parsing JSON: unexpected end of JSON input\nAt line 1, column 0 (offset 0):\n    1: \n     ^\n');
    expect(errorOf('{"a": -')).toMatch(/^Error parsing JSON: invalid character ' ' in numeric literal\nAt line 1, column 7 \(offset 7\)/);
    expect(errorOf('{} }')).toMatch(/^Error parsing JSON: invalid character '}' after top-level value\nAt line 1, column 4 \(offset 4\)/);
  });

  test('duplicates: the first one depth first; syntax errors anywhere come first', () => {
    expect(errorOf('{"a": {"b": 1, "b": 2}, "c": 1, "c": 2}')).toBe('template has duplicate field: b');
    expect(errorOf('{"a": 1, "a": 2, "x": ]')).toMatch(/^Error parsing JSON: invalid character ']'/);
    expect(errorOf('{"a": 1, "a": 1e999}')).toBe('json: cannot unmarshal number 1e999 into Go value of type float64');
    expect(errorOf('[{"k": 1}, {"k": 2, "k": 3}]')).toBe('template has duplicate field: k');
  });
});

// Every prefix of this template that is not a whole document is a syntax error somewhere.
const sample = '{\n  "variables": {"region": "us-east-1", "n": -1.5e+3},\n  "builders": [\r\n    {"type": "null", "ok": true, "x": null}\n  ]\n}\n';

const malformed: [name: string, text: string | Buffer][] = [
  ...[1, 2, 5, 15, 16, 17, 27, 38, 41, 45, 47, 52, 60, 70, 73, 81, 92, 98, 103, 106, 110].map(
    (n): [string, string] => [`truncated at ${n}`, sample.slice(0, n)],
  ),
  ['empty file', ''],
  ['only spaces', ' \n\t \n'],
  ['trailing comma in object', '{"builders": [{"type": "null",}]}'],
  ['trailing comma in array', '{"builders": [{"type": "null"},]}'],
  ['single quotes', "{'builders': []}"],
  ['missing colon', '{"builders" []}'],
  ['missing comma', '{"a": "1"\n "b": "2"}'],
  ['missing comma in array', '{"a": [1 2]}'],
  ['bare word', '{"a": yes}'],
  ['capital literal', '{"a": True}'],
  ['literal cut', '{"a": nul }'],
  ['trailing garbage', '{"a": "b"}\n\n  garbage'],
  ['second object', '{}{}'],
  ['extra close brace', '{"a": "b"}}'],
  ['bad escape', '{"a": "c:\\windows"}'],
  ['bad unicode escape', '{"a": "\\u12g4"}'],
  ['raw tab in string', '{"a": "x\ty"}'],
  ['raw newline in string', '{"a": "x\ny"}'],
  ['leading zero', '{"a": 01}'],
  ['plus sign', '{"a": +1}'],
  ['leading dot', '{"a": .5}'],
  ['bare minus', '{"a": -}'],
  ['decimal point without digits', '{"a": 1.}'],
  ['exponent without digits', '{"a": 1e}'],
  ['signed exponent without digits', '{"a": 1.5E+ }'],
  ['number cut at the end', '1.'],
  ['number out of float64 range', '{"a": [1, 2e308, 3e400]}'],
  ['bad UTF-8 outside a string', Buffer.from([0x7b, 0x0a, 0x20, 0xff, 0x7d])],
  ['multibyte character outside a string', '{\n  "a": 1,\n  é: 2}'],
  ['byte order mark', Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d])],
  ['NUL after the document', Buffer.from('{"a": 1}\n\0')],
  ['CRLF lines', '{\r\n  "a": 1,\r\n  "b": 2,,\r\n}'],
  ['long line', `{"builders": [${'{"type": "null"}, '.repeat(20)}]}`],
  ['nesting deeper than 10000', `{"a": ${'['.repeat(10001)}`],
  ['duplicate at the root', '{"builders": [], "variables": {}, "builders": []}'],
  ['duplicate nested', '{"builders": [{"type": "null", "name": "a", "type": "file"}]}'],
  ['duplicate comment keys', '{"_c": "x", "_c": "y", "builders": []}'],
  ['duplicate deeper first', '{"a": {"b": {"c": 1, "c": 2}}, "a": 1}'],
  ['duplicate after bad UTF-8 keys', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x2c, 0x22, 0xfe, 0x22, 0x3a, 0x32, 0x7d])],
];

describe('differential: packer 1.6.6 on malformed templates', () => {
  test.each(malformed)('%s', (_name, text) => {
    const error = errorOf(text);
    fs.writeFileSync(path.join(dir, 't.json'), text);
    for (const cmd of ['validate', 'inspect']) {
      const r = packer([cmd, 't.json']);
      expect(r.status).toBe(1);
      expect(r.out).toContain(`Failed to parse template: ${error}`);
    }
  });

  // Packer then fails in mapstructure ("'' expected a map, got 'slice'") or, for null, on the empty template.
  test('a valid document that is not an object is decoded (mapstructure rejects it later)', () => {
    for (const [text, value] of [
      ['[]', []],
      ['"x"', 'x'],
      [' 12 ', 12],
      ['null', null],
    ] as const) {
      expect(readLegacyTemplateJson(text)).toEqual({ value });
      fs.writeFileSync(path.join(dir, 't.json'), text);
      const r = packer(['validate', 't.json']);
      expect(r.status).toBe(1);
      expect(r.out).toMatch(text === 'null' ? /at least one builder must be defined/ : /^Failed to parse template: '' expected a map, got '(slice|string|float64)'/);
      expect(r.out).not.toContain('Error parsing JSON');
      expect(r.out).not.toContain('duplicate');
    }
  });
});

describe('readJsonVarFile', () => {
  const write = (name: string, text: string | Buffer): string => {
    fs.writeFileSync(path.join(dir, name), text);
    return name;
  };
  const cwdRead = <T>(f: () => T): T => {
    const old = process.cwd();
    process.chdir(dir);
    try {
      return f();
    } finally {
      process.chdir(old);
    }
  };

  test('values: strings, null as "", later keys and files win, trailing text ignored', () => {
    const a = write('a.json', '{"a": "1", "b": null, "a": "2", "c": "x\\ny"} trailing {');
    const b = write('b.json', '{"c": "3"}');
    const r = cwdRead(() => readJsonVarFiles([a, b]));
    expect(r).toEqual({ vars: new Map([['a', '2'], ['b', ''], ['c', '3']]) });
  });

  test('a file holding null drops what earlier files set', () => {
    const a = write('a.json', '{"a": "1"}');
    const n = write('n.json', 'null');
    expect(cwdRead(() => readJsonVarFiles([a, n]))).toEqual({ vars: new Map() });
    expect(cwdRead(() => readJsonVarFile(n, new Map([['k', 'v']])))).toEqual({ vars: null });
  });

  const template = '{"variables": {"a": "default", "b": "default"}, "builders": [{"type": "null", "communicator": "none"}]}';

  test.each([
    ['string values', '{"a": "from file"}'],
    ['null value', '{"a": null}'],
    ['unused keys', '{"zz": "1", "b": "B"}'],
    ['trailing garbage', '{"a": "x"} }}}'],
    ['duplicate keys', '{"a": "1", "a": "2"}'],
    ['escapes', '{"a": "\\u00e9\\t!"}'],
    ['null file', 'null'],
  ])('values like packer console: %s', (_name, text) => {
    write('t.json', template);
    write('v.json', text);
    const r = cwdRead(() => readJsonVarFile('v.json', null));
    expect('vars' in r).toBe(true);
    const vars = (r as { vars: Map<string, string> | null }).vars ?? new Map<string, string>();
    const p = packer(['console', '-var-file=v.json', 't.json'], '{{user `a`}}\n{{user `b`}}\n');
    expect(p.status).toBe(0);
    expect(p.out).toBe(`${vars.get('a') ?? 'default'}\n${vars.get('b') ?? 'default'}\n`);
  });

  test.each([
    ['empty file', ''],
    ['spaces only', '  \n'],
    ['truncated object', '{"a": "b"'],
    ['truncated number', '-'],
    ['syntax error', '{"a" "b"}'],
    ['trailing comma', '{"a": "b",}'],
    ['number value', '{"a": 1}'],
    ['bool value', '{"a": "x", "b": true}'],
    ['array value', '{"a": []}'],
    ['object value', '{"a": {}}'],
    ['first type error wins', '{"a": {}, "b": 1}'],
    ['top-level array', '[]'],
    ['top-level string', '"x"'],
    ['top-level number', '12'],
    ['top-level bool', 'false'],
  ])('errors like packer validate: %s', (_name, text) => {
    write('ok.json', template);
    write('v.json', text);
    const r = cwdRead(() => readJsonVarFile('v.json', null));
    expect('error' in r).toBe(true);
    const { error } = r as { error: string };
    expect(error).toMatch(/^Error reading variables in 'v\.json': /);
    const p = packer(['validate', '-var-file=v.json', 'ok.json']);
    expect(p.status).toBe(1);
    expect(p.out).toBe(`${error}\n`);
  });

  test('a missing file and a directory', () => {
    write('ok.json', template);
    fs.mkdirSync(path.join(dir, 'vdir'), { recursive: true });
    for (const name of ['nosuch.json', 'vdir']) {
      const r = cwdRead(() => readJsonVarFile(name, null));
      expect('error' in r).toBe(true);
      const p = packer(['validate', `-var-file=${name}`, 'ok.json']);
      expect(p.status).toBe(1);
      expect(p.out).toBe(`${(r as { error: string }).error}\n`);
    }
    expect(cwdRead(() => readJsonVarFile('nosuch.json', null))).toEqual({ error: 'open nosuch.json: no such file or directory' });
  });
});
