// Encoding functions: Go encoding/base64, net/url, encoding/csv and encoding/json behaviour, go-cty-yaml v1.0.1
// decoding and libyaml's emitter output, x/text's IANA encodings, and a Go-readable gzip stream.
// Expected values were checked against Packer (same Go libraries) where Packer 1.6.6 has the function.
import { gunzipSync } from 'node:zlib';
import {
  base64decodeFunc,
  base64encodeFunc,
  base64gzipFunc,
  csvdecodeFunc,
  encodingFunctions,
  jsondecodeFunc,
  jsonencodeFunc,
  textdecodebase64Func,
  textencodebase64Func,
  urlencodeFunc,
  yamldecodeFunc,
  yamlencodeFunc,
} from '../../src/functions/encoding.js';
import { BigFloat } from '../../src/values/number.js';
import { NumberType, listOf } from '../../src/values/types.js';
import { numberVal, type Value } from '../../src/values/value.js';
import { call, err, evalSrc, F, list, map, n, nul, obj, ok, outcome, render, s, set, strList, StringType, T, tup, unk } from './helpers.js';

const str = (o: ReturnType<typeof call>): string => ok(o).asString();
/** The value as JSON through jsonencode, or "error: …" (what the Packer oracle printed for these cases). */
const json = (o: ReturnType<typeof call>): string => {
  if (o.error !== undefined) return `error: ${o.error}`;
  if (!o.value!.isKnown) return '<unknown>';
  const j = call(jsonencodeFunc, o.value!);
  return j.error !== undefined ? `error: ${j.error}` : j.value!.asString();
};

describe('base64encode / base64decode', () => {
  test('round trips UTF-8 text', () => {
    expect(str(call(base64encodeFunc, s('Hello, 世界')))).toBe('SGVsbG8sIOS4lueVjA==');
    expect(str(call(base64decodeFunc, s('SGVsbG8sIOS4lueVjA==')))).toBe('Hello, 世界');
    expect(str(call(base64encodeFunc, s('')))).toBe('');
    expect(str(call(base64decodeFunc, s('SGVs\nbG8=')))).toBe('Hello'); // newlines are ignored
  });
  test('errors', () => {
    expect(err(call(base64decodeFunc, s('SGVsbG8')))).toBe("failed to decode base64 data 'SGVsbG8'");
    expect(err(call(base64decodeFunc, s('a===')))).toBe("failed to decode base64 data 'a==='");
    expect(err(call(base64decodeFunc, s('SGVsbG8=x')))).toBe("failed to decode base64 data 'SGVsbG8=x'");
    expect(err(call(base64decodeFunc, s('/w==')))).toBe('the result of decoding the the provided string is not valid UTF-8');
  });
});

describe('base64gzip', () => {
  test.each(['', 'hello', 'Hello, 世界\n'.repeat(50)])('decompresses to the input (%#)', (input) => {
    const b64 = str(call(base64gzipFunc, s(input)));
    const raw = Buffer.from(b64, 'base64');
    // Go's gzip.Writer header: no flags, zero mtime, XFL 0, OS "unknown" (255).
    expect([...raw.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    expect(gunzipSync(raw).toString('utf8')).toBe(input);
  });
  test('an empty input is byte-identical to Go’s output', () => {
    // Go: header, sync-flush marker, empty final stored block, CRC and size.
    expect(str(call(base64gzipFunc, s('')))).toBe('H4sIAAAAAAAA/wAAAP//AQAA//8AAAAAAAAAAA==');
  });
});

describe('urlencode (url.QueryEscape)', () => {
  test.each([
    ["a b&c/é~_.-!*'()", "a+b%26c%2F%C3%A9~_.-%21%2A%27%28%29"],
    ['', ''],
    ['foo=bar?x#y', 'foo%3Dbar%3Fx%23y'],
    ['😸', '%F0%9F%98%B8'],
  ])('urlencode(%j)', (input, want) => {
    expect(str(call(urlencodeFunc, s(input)))).toBe(want);
  });
});

describe('csvdecode', () => {
  test.each([
    ['a,b\n1,2\n3,4\n', '[{"a":"1","b":"2"},{"a":"3","b":"4"}]'],
    ['a,b', '[]'],
    ['a,b\n"x,y","q""r"\n', '[{"a":"x,y","b":"q\\"r"}]'],
    ['a,b\r\n1,"multi\nline"\r\n\n\n5,6', '[{"a":"1","b":"multi\\nline"},{"a":"5","b":"6"}]'],
    [' a , b \n 1 , 2 ', '[{" a ":" 1 "," b ":" 2 "}]'],
    ['a\n""\n', '[{"a":""}]'],
    ['a,b\n1,2\r', '[{"a":"1","b":"2"}]'],
  ])('csvdecode(%j)', (input, want) => {
    expect(json(call(csvdecodeFunc, s(input)))).toBe(want);
  });
  test('the result type comes from the header row', () => {
    expect(ok(call(csvdecodeFunc, s('b,a'))).type).toEqual(
      listOf({ kind: 'object', attributes: new Map([['a', StringType], ['b', StringType]]) }),
    );
  });
  test.each([
    ['', 'missing header line'],
    ['a,a\n1,2', 'duplicate column name "a"'],
    ['a,b\n1,2,3\n', 'CSV parse error on line 2: wrong number of fields'],
    ['a,b\n1\n', 'CSV parse error on line 2: wrong number of fields'],
    ['a,b\n1,x"y\n', 'CSV parse error on line 2: bare " in non-quoted-field'],
    ['a,b\n1,"x"y\n', 'CSV parse error on line 2: extraneous or missing " in quoted-field'],
    ['a,b\n1,"xy\n', 'CSV parse error on line 3: extraneous or missing " in quoted-field'],
    ['a,"b\n', 'CSV parse error on line 2: extraneous or missing " in quoted-field'],
  ])('csvdecode(%j) fails', (input, want) => {
    expect(err(call(csvdecodeFunc, s(input)))).toBe(want);
  });
});

describe('jsonencode', () => {
  test('Go escaping, sorted keys, shortest numbers', () => {
    expect(str(call(jsonencodeFunc, s('<a & b>\u2028')))).toBe('"\\u003ca \\u0026 b\\u003e\\u2028"');
    expect(str(call(jsonencodeFunc, obj({ b: tup(n(1), n('2.5'), T, nul()), a: obj({ 'x y': s('z') }) })))).toBe(
      '{"a":{"x y":"z"},"b":[1,2.5,true,null]}',
    );
    expect(str(call(jsonencodeFunc, n('1e30')))).toBe('1000000000000000000000000000000');
    expect(str(call(jsonencodeFunc, n('-0.5')))).toBe('-0.5');
    expect(str(call(jsonencodeFunc, s('\t\u0001\u007f\b\f')))).toBe('"\\t\\u0001\u007f\\b\\f"');
    expect(str(call(jsonencodeFunc, s('😸')))).toBe('"😸"');
    expect(str(call(jsonencodeFunc, map({ z: n(1), a: n(2) })))).toBe('{"a":2,"z":1}');
    expect(str(call(jsonencodeFunc, set(n(3), n(1))))).toBe('[1,3]');
    expect(str(call(jsonencodeFunc, strList()))).toBe('[]');
  });
  test('null, unknown and errors', () => {
    expect(str(call(jsonencodeFunc, nul()))).toBe('null');
    expect(str(call(jsonencodeFunc, nul(StringType)))).toBe('null');
    expect(render(ok(call(jsonencodeFunc, tup(unk(NumberType)))))).toBe('?(string)');
    expect(err(call(jsonencodeFunc, numberVal(BigFloat.posInf)))).toBe('cannot serialize infinity as JSON');
  });
});

describe('jsondecode', () => {
  test.each([
    ['{"a": [1, "x", true, null], "b": {}}', '{"a":[1,"x",true,null],"b":{}}'],
    ['12345678901234567890.5', '12345678901234567890.5'],
    ['1 ]', '1'], // Go's Decoder.More() does not see a closing bracket as more data
    ['{"a":1,"a":"x"}', '{"a":"x"}'],
    ['"\\ud83d\\ude00 \\ud800"', '"😀 �"'],
    ['null', 'null'],
    ['[]', '[]'],
    ['  "x"  ', '"x"'],
    ['"\\u003c\\/"', '"\\u003c/"'],
  ])('jsondecode(%j)', (input, want) => {
    expect(json(call(jsondecodeFunc, s(input)))).toBe(want);
  });
  test('numbers keep 512-bit precision and the types come from the document', () => {
    const v = ok(call(jsondecodeFunc, s('[0.1, {"k": null}]')));
    expect(v.type).toEqual({
      kind: 'tuple',
      elements: [NumberType, { kind: 'object', attributes: new Map([['k', { kind: 'dynamic' }]]) }],
    });
    expect(v.asElements()[0]!.asNumber().cmp(BigFloat.parse('0.1', 512)!)).toBe(0);
  });
  test.each([
    ['', 'EOF'],
    ['{', 'EOF'],
    ['[1,', 'EOF'],
    ['tru', 'unexpected EOF'],
    ['-', 'unexpected EOF'],
    ['1.', 'unexpected EOF'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['é', "invalid character 'Ã' looking for beginning of value"],
    ['{1:2}', "invalid character '1'"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b"}', `invalid character '"' after object key:value pair`],
    ['{"a":}', "invalid character '}' looking for beginning of value"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['1 2', 'extraneous data after JSON object'],
    ['01', 'extraneous data after JSON object'],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ['1e+', 'unexpected EOF'],
    ['nul', 'unexpected EOF'],
    ['nulL', "invalid character 'L' in literal null (expecting 'l')"],
    // cty decodes again with the type implied by the last duplicate key
    ['{"a":"x","a":1}', 'a number is required'],
    ['{"a":1,"a":null}', 'missing expected {'],
    ['{"a":[1],"a":[1,2]}', 'not enough tuple elements (need 2)'],
    ['{"a":[1,2],"a":[1]}', 'too many tuple elements (need 1)'],
    ['{"a":{},"a":1}', 'number is required'],
  ])('jsondecode(%j) fails', (input, want) => {
    expect(err(call(jsondecodeFunc, s(input)))).toBe(want);
  });
});

describe('textencodebase64 / textdecodebase64', () => {
  test.each([
    ['Hello World', 'UTF-16LE', 'SABlAGwAbABvACAAVwBvAHIAbABkAA=='],
    ['Hi', 'utf-16', '/v8ASABp'], // UTF-16 writes a big-endian byte order mark
    ['Hi', 'UTF-16BE', 'AEgAaQ=='],
    ['Hi😸', 'UTF-8', 'SGnwn5i4'],
    ['Hi', ' us-ascii ', 'SGk='],
    ['café', 'latin1', 'Y2Fm6Q=='],
    ['€', 'windows-1252', 'gA=='],
    ['AB', 'IBM037', 'wcI='], // EBCDIC
    ['こんにちは', 'Shift_JIS', 'grGC8YLJgr+CzQ=='],
    ['中文', 'GBK', '1tDOxA=='],
  ])('textencodebase64(%j, %j)', (text, enc, want) => {
    expect(str(call(textencodebase64Func, s(text), s(enc)))).toBe(want);
    expect(str(call(textdecodebase64Func, s(want), s(enc)))).toBe(text);
  });
  test('decoding honours and keeps byte order marks as x/text does', () => {
    expect(str(call(textdecodebase64Func, s('//5IAGkA'), s('UTF-16')))).toBe('Hi'); // little-endian BOM switches
    expect(str(call(textdecodebase64Func, s('/v8ASABp'), s('UTF-16BE')))).toBe('\ufeffHi');
  });
  test('errors', () => {
    const bad = call(textencodebase64Func, s('x'), s('no-such-encoding'));
    expect(outcome(bad)).toBe('error: "no-such-encoding" is not a supported IANA encoding name or alias');
    expect(bad.argIndex).toBe(1);
    const rep = call(textencodebase64Func, s('日本'), s('latin1'));
    expect(outcome(rep)).toBe('error: the given string contains characters that cannot be represented in ISO_8859-1:1987');
    expect(rep.argIndex).toBe(0);
    expect(err(call(textencodebase64Func, s('é'), s('us')))).toBe(
      'the given string contains characters that cannot be represented in US-ASCII',
    );
    expect(err(call(textdecodebase64Func, s('SGk=x'), s('UTF-8')))).toBe('the given value is has an invalid base64 symbol at offset 4');
    expect(err(call(textdecodebase64Func, s('S!k='), s('UTF-8')))).toBe('the given value is has an invalid base64 symbol at offset 1');
    expect(err(call(textdecodebase64Func, s('SGk'), s('UTF-8')))).toBe('the given value is has an invalid base64 symbol at offset 0');
    expect(err(call(textdecodebase64Func, s('/w=='), s('UTF-8')))).toBe('the given string contains symbols that are not defined for UTF-8');
    expect(err(call(textdecodebase64Func, s('gQ=='), s('windows-1252')))).toBe(
      'the given string contains symbols that are not defined for windows-1252',
    );
    expect(err(call(textdecodebase64Func, s('gA=='), s('US-ASCII')))).toBe(
      'the given string contains symbols that are not defined for US-ASCII',
    );
  });
});

describe('yamldecode (go-cty-yaml v1.0.1)', () => {
  test.each([
    ['a: 1\nb: [x, \'y\', "z"]\nc: {d: true}', '{"a":1,"b":["x","y","z"],"c":{"d":true}}'],
    ['[y, Y, yes, on, n, NO, off, ~, null, \'\', Yes, oN]', '[true,true,true,true,false,false,false,null,null,"",true,"oN"]'],
    ['[1_000, 017, +1, -.5, .5, 1e3, 1.5e-3, 0x1F, 0o17, 0b101, -0b11, 12:30, 1.2.3]', '[1000,17,1,-0.5,0.5,1000,0.0015,"0x1F","0o17",5,-3,"12:30","1.2.3"]'],
    [
      '[2001-12-14, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10, 2002-12-14T21:59:43Z, 2001-02-30, 2001-12-14T25:00:00Z]',
      '["2001-12-14T00:00:00Z","2001-12-14T21:59:43-05:00","2001-12-14T21:59:43Z","2002-12-14T21:59:43Z","2001-02-30","2001-12-14T25:00:00Z"]',
    ],
    [
      'a: !!str 123\nb: !!int "12"\nc: !!float 1\nd: !!bool yes\ne: !!null x\nf: !!binary aGVsbG8=\ng: !!timestamp 2001-12-14',
      '{"a":"123","b":"12","c":1,"d":true,"e":null,"f":"aGVsbG8=","g":"2001-12-14T00:00:00Z"}',
    ],
    ['!!bool 1', '1'],
    ['!!int 0x1F', '31'],
    ['|\n  a\n  b\n', '"a\\nb\\n"'],
    ['|-\n  1.50', '"1.5"'], // a block scalar is typed string but resolved, then converted
    ['a: |\n  x', '{"a":"x"}'], // libyaml: no final line break at the end of input
    ['- |\n  x\n- >\n  y\n  z', '["x\\n","y z"]'],
    ['|+\n  x\n  ', '"x\\n"'],
    ['|+\n  x\n\n', '"x\\n\\n"'],
    ['>\n  a\n  b\n\n  c\n', '"a b\\nc\\n"'],
    ['base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3', '{"base":{"true":2,"x":1},"derived":{"true":3,"x":1}}'],
    ['a: &a [1, 2]\nb: *a', '{"a":[1,2],"b":[1,2]}'],
    ['{1: a, true: b, 1.50: c}', '{"1":"a","1.5":"c","true":"b"}'],
    ['a:\nb: ', '{"a":null,"b":null}'],
    ['a: 1\na: 2', '{"a":2}'],
    ['---\na: 1\n...\n', '{"a":1}'],
    ['%YAML 1.1\n---\nx', '"x"'],
    ['a: |-\n  <<', '{"a":"\\u003c\\u003c"}'],
    ["'<<': {q: 1}", '{"q":1}'], // even a quoted << merges in this version
    ['x: "\\u00e9\\t\\x41"', '{"x":"é\\tA"}'],
    ["x: 'it''s'", '{"x":"it\'s"}'],
    ['x: a\n  b\n  c', '{"x":"a b c"}'],
    ['- a\n- - b\n  - c', '["a",["b","c"]]'],
    ['? |\n  k\n: v', '{"k\\n":"v"}'],
    ['x: !!int 18446744073709551615', '{"x":18446744073709551615}'],
    ['!!seq [1]', '[1]'],
    ['-', '[null]'],
    ['.', '"."'],
    ['+.5e2', '50'],
  ])('yamldecode(%j)', (input, want) => {
    expect(json(call(yamldecodeFunc, s(input)))).toBe(want);
  });

  test('infinities and a wholly-null document (unknown in this version)', () => {
    const v = ok(call(yamldecodeFunc, s('[.inf, -.Inf, +.inf]')));
    expect(render(v)).toBe('[+Inf, -Inf, +Inf]');
    expect(render(ok(call(yamldecodeFunc, s('~'))))).toBe('?(dynamic)');
    expect(render(ok(call(yamldecodeFunc, s('---'))))).toBe('?(dynamic)');
  });

  test.each([
    ['', 'on line 1, column 1: missing start of document'],
    ['# c', 'on line 1, column 1: missing start of document'],
    ['\n\n', 'on line 2, column 1: missing start of document'],
    ['a: 1\n---', 'on line 1, column 1: unexpected extra content after value'],
    ['a: 1\n...\nb: 2\n', 'on line 2, column 1: did not find expected <document start>'],
    ['x: .nan', 'floating point NaN is not supported'],
    ['x: 1\ny: .nan', 'on line 1, column 4: floating point NaN is not supported'],
    ['x: !!int foo', 'cannot parse "foo" as tag:yaml.org,2002:int'],
    ['!!binary abc', 'cannot parse "abc" as tag:yaml.org,2002:binary: not valid base64'],
    ['!!timestamp foo', 'cannot parse "foo" as tag:yaml.org,2002:timestamp'],
    ['!!float .nan', 'cannot parse ".nan" as tag:yaml.org,2002:float'],
    ['0b12', 'cannot parse "0b12" as tag:yaml.org,2002:int'],
    ['a: !foo x', 'unsupported tag "!foo"'],
    ['!!str {}', "can't interpret mapping as tag:yaml.org,2002:str"],
    ['!!set {a}', "can't interpret mapping as tag:yaml.org,2002:set"],
    ['x: *y', 'reference to undefined anchor "y"'],
    ['x: 1\nx: *undefined', 'on line 1, column 4: reference to undefined anchor "undefined"'],
    ['x: &a [*a]', 'cannot refer to anchor "a" from inside its own definition'],
    ['? [a]\n: 1', 'only strings are allowed as mapping keys'],
    ['[a, b]: c', 'only strings are allowed as mapping keys'],
    ['~: a', 'mapping key cannot be null'],
    ['<<: [{a: 1}]', 'cannot merge tuple into mapping'],
    ['<<: ~', 'cannot merge dynamic into mapping'],
    // syntax errors, in libyaml's words
    ['a: [1\n', "on line 1, column 1: did not find expected ',' or ']'"],
    ['x: {a: 1', "on line 1, column 1: did not find expected ',' or '}'"],
    ['a: b: c', 'mapping values are not allowed in this context'],
    ['a:\n  - b\n - c\n', 'on line 2, column 2: did not find expected key'],
    ['a: "b', 'found unexpected end of stream'],
    ["'a", 'found unexpected end of stream'],
    ['x:\n\t- a', 'on line 2, column 1: found character that cannot start any token'],
    ['x: @a', 'found character that cannot start any token'],
    ['- a\nb: 1', "on line 1, column 1: did not find expected '-' indicator"],
  ])('yamldecode(%j) fails', (input, want) => {
    expect(err(call(yamldecodeFunc, s(input)))).toBe(want);
  });
});

describe('yamlencode (libyaml emitter)', () => {
  const y = (v: Value): string => str(call(yamlencodeFunc, v));
  test('block style, sorted keys, quoted strings, literal blocks', () => {
    expect(y(obj({ a: obj({ b: tup(n(1), obj({ c: n(2) })) }), 'k\ny': tup() }))).toBe(
      '"a":\n  "b":\n  - 1\n  - "c": 2\n? |-\n  k\n  y\n: []\n',
    );
    expect(y(obj({ a: tup(tup(n(1), n(2)), tup(n(3))) }))).toBe('"a":\n- - 1\n  - 2\n- - 3\n');
    expect(y(tup(tup(n(1), tup(n(2), tup())), obj({}), tup(obj({}))))).toBe('- - 1\n  - - 2\n    - []\n- {}\n- - {}\n');
    expect(y(obj({ a: nul(), b: obj({}) }))).toBe('"a": null\n"b": {}\n');
    expect(y(tup(n(-1), n('1.5'), n('1e30'), T, F, nul()))).toBe('- -1\n- 1.5\n- 1000000000000000000000000000000\n- true\n- false\n- null\n');
    expect(y(obj({ 'key with "quotes" and \\ backslash': s('-') }))).toBe('"key with \\"quotes\\" and \\\\ backslash": "-"\n');
    expect(y(list(s('line1\nline2'), s('x')))).toBe('- |-\n  line1\n  line2\n- "x"\n');
    expect(y(obj({ x: s('line1\nline2') }))).toBe('"x": |-\n  line1\n  line2\n');
  });

  test('top-level plain scalars end the document with "..."', () => {
    expect(y(n(1))).toBe('1\n...\n');
    expect(y(nul())).toBe('null\n...\n');
    expect(y(T)).toBe('true\n...\n');
    expect(y(s('a'))).toBe('"a"\n');
    expect(y(s(''))).toBe('""\n');
    expect(y(obj({ '': s('') }))).toBe('"": ""\n');
  });

  test.each([
    ['x\n\n', '|+\n  x\n\n'],
    [' a\nb', '|2-\n   a\n  b\n'],
    ['a\nb ', '"a\\nb "\n'],
    ['tab\tx\ny', '"tab\\tx\\ny"\n'],
    ['line1\nline2\n', '|\n  line1\n  line2\n'],
    ['\n', '|2+\n\n'],
    ['\n\nx', '|2-\n\n\n  x\n'],
    ['x\n ', '"x\\n "\n'],
    ['  x\ny', '|2-\n    x\n  y\n'],
    ['a\r\nb', '"a\\r\\nb"\n'],
    ['---\nx', '|-\n  ---\n  x\n'],
    ['\u0007\u001b\u0000', '"\\a\\e\\0"\n'],
    ['- x', '"- x"\n'],
  ])('yamlencode(%j)', (input, want) => {
    expect(y(s(input))).toBe(want);
  });

  test('escapes and unicode', () => {
    expect(y(tup(s('😀\nx'), s('é'), s('\u0085'), s('\u00a0x'), s('\ufeffa'), s('a\u2028b')))).toBe(
      '- "\\U0001F600\\nx"\n- "é"\n- "\\N"\n- "\u00a0x"\n- "\\uFEFF\\x61"\n- "a\\Lb"\n',
    );
  });

  test('long lines fold at width 80', () => {
    const long = 'a very long string that goes on and on and on and on and on and on and on and on and on and on and beyond the width of eighty columns';
    expect(y(s(long))).toBe(
      '"a very long string that goes on and on and on and on and on and on and on and on\n  and on and on and beyond the width of eighty columns"\n',
    );
    expect(y(obj({ k: s(long + '  with double spaces   here') }))).toBe(
      '"k": "a very long string that goes on and on and on and on and on and on and on and\n  on and on and on and beyond the width of eighty columns  with double spaces   here"\n',
    );
    const longKey = 'a very long key name that exceeds one hundred and twenty eight characters a very long key name that exceeds one hundred and twenty eight';
    expect(y(obj({ [longKey]: n(1) }))).toBe(
      '? "a very long key name that exceeds one hundred and twenty eight characters a very\n  long key name that exceeds one hundred and twenty eight"\n: 1\n',
    );
  });

  test('unknown values give an unknown string', () => {
    expect(render(ok(call(yamlencodeFunc, tup(unk()))))).toBe('?(string)');
  });
});

test('the registry has every encoding function', () => {
  expect(Object.keys(encodingFunctions).sort()).toEqual(
    'base64decode base64encode base64gzip csvdecode jsondecode jsonencode textdecodebase64 textencodebase64 urlencode yamldecode yamlencode'.split(
      ' ',
    ),
  );
});

describe('through source text', () => {
  test.each([
    ['jsondecode(jsonencode({a = [1, "x"], b = null}))', '{a=[1, "x"], b=null(dynamic)}'],
    ['yamldecode(yamlencode({a = [1, "x\\ny"]}))', '{a=[1, "x\\ny"]}'],
    ['base64decode(base64encode("añ"))', '"añ"'],
    ['csvdecode("a\\n1")[0].a', '"1"'],
    ['textdecodebase64(textencodebase64("añ", "ISO-8859-1"), "latin1")', '"añ"'],
    ['jsondecode("{")', 'error: Error in function call: Call to function "jsondecode" failed: EOF.'],
    ['textencodebase64("x", "nope")', 'error: Invalid function argument: Invalid value for "encoding" parameter: "nope" is not a supported IANA encoding name or alias.'],
    ['jsonencode(var.u)', '?(string)'],
  ])('%s', (src, want) => {
    expect(evalSrc(src, { var: obj({ u: unk() }) })).toBe(want);
  });
});

describe('the stateful CJK encodings (x/text state machines)', () => {
  test('ISO-2022-JP switches character sets with escape sequences and ends in ASCII', () => {
    const b64 = str(call(textencodebase64Func, s('aこんにちはｱb'), s('ISO-2022-JP')));
    expect(Buffer.from(b64, 'base64').toString('latin1')).toBe('a\x1b$B$3$s$K$A$O\x1b(I1\x1b(Bb');
    expect(str(call(textdecodebase64Func, s(b64), s('csISO2022JP')))).toBe('aこんにちはｱb');
    expect(err(call(textencodebase64Func, s('😸'), s('ISO-2022-JP')))).toBe(
      'the given string contains characters that cannot be represented in ISO-2022-JP',
    );
  });
  test('HZ-GB-2312 escapes ~ and does not return to ASCII at the end', () => {
    const b64 = str(call(textencodebase64Func, s('a~中文'), s('HZ-GB-2312')));
    expect(Buffer.from(b64, 'base64').toString('latin1')).toBe('a~~~{VPND');
    expect(str(call(textdecodebase64Func, s(b64), s('hz-gb-2312')))).toBe('a~中文');
  });
});
