// The diagnostic text writer, checked on hand-made diagnostics over a small file (the behaviours hcl's
// diagnostic_text_test.go pins down — block context, snippet lines, wrapping, "with" lines — plus the range rules
// around empty subjects, blank and CRLF lines, colour, JSON navigation), and on real parser/evaluator diagnostics.
import { errorDiag, warningDiag, type Diagnostic } from '../../src/diagnostics.js';
import type { EvalContext } from '../../src/eval/context.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { parseJson } from '../../src/json/parser.js';
import {
  jsonDiagnosticSource,
  nativeDiagnosticSource,
  renderDiagnostic,
  renderDiagnostics,
  type DiagnosticSource,
} from '../../src/render/diagnostics-text.js';
import { valueString, variableValuesText } from '../../src/render/variable-values.js';
import { makeRange, type Pos, type Range } from '../../src/source.js';
import { parseConfig, parseExpression } from '../../src/syntax/index.js';
import { NumberType, StringType } from '../../src/values/types.js';
import {
  False,
  listValEmpty,
  mapVal,
  nullVal,
  numberIntVal,
  objectVal,
  setVal,
  stringVal,
  tupleVal,
  unknownVal,
  listVal,
  EmptyObjectVal,
} from '../../src/values/value.js';

// Byte offsets:     0         1         2         3         4         5         6         7
const source = [
  'region = "eu"', //     line 1, bytes 0-13
  'size = 12', //         line 2, bytes 14-23
  'source "amazon-ebs" "base" {', // line 3, bytes 24-52
  '  instance_typo = "t2.micro"', // line 4, bytes 53-81
  '', //                  line 5, byte 82
  '  ami = "x"', //       line 6, bytes 83-94
  '}', //                 line 7, bytes 95-96
  '',
].join('\n');

const pos = (line: number, column: number, byte: number): Pos => ({ line, column, byte });
const range = (start: Pos, end: Pos, filename = 'main.pkr.hcl'): Range => makeRange(filename, start, end);
const fixedContext = (text: string, ctx: string): DiagnosticSource => ({ text, contextString: () => ctx });

describe('renderDiagnostic with a file map', () => {
  const files = new Map([['main.pkr.hcl', fixedContext(source, 'somewhere')]]);

  test('summary, location with context, one snippet line, detail', () => {
    const d = errorDiag('Bad region', 'Regions must be known.', range(pos(1, 1, 0), pos(1, 7, 6)));
    expect(renderDiagnostic(d, files)).toBe(
      'Error: Bad region\n\n  on main.pkr.hcl line 1, in somewhere:\n   1: region = "eu"\n\nRegions must be known.\n\n',
    );
  });

  test('details are word-wrapped at the given width', () => {
    const d = errorDiag(
      'Unsupported argument',
      'An argument named "instance_typo" is not expected here. Did you mean "instance_type"?',
      range(pos(4, 3, 55), pos(4, 16, 68)),
    );
    expect(renderDiagnostic(d, files, { width: 40 })).toBe(
      'Error: Unsupported argument\n\n  on main.pkr.hcl line 4, in somewhere:\n   4:   instance_typo = "t2.micro"\n\n' +
        'An argument named "instance_typo" is not\nexpected here. Did you mean\n"instance_type"?\n\n',
    );
    // Width 0 disables wrapping.
    expect(renderDiagnostic(d, files, { width: 0 })).toContain('not expected here. Did you mean "instance_type"?\n\n');
  });

  test('the snippet covers subject and context; blank lines never show', () => {
    const d: Diagnostic = {
      ...errorDiag('Odd block', 'This block is odd.', range(pos(4, 3, 55), pos(4, 16, 68))),
      context: range(pos(3, 1, 24), pos(7, 2, 96)),
    };
    expect(renderDiagnostic(d, files)).toBe(
      'Error: Odd block\n\n  on main.pkr.hcl line 4, in somewhere:\n' +
        '   3: source "amazon-ebs" "base" {\n   4:   instance_typo = "t2.micro"\n   6:   ami = "x"\n   7: }\n\nThis block is odd.\n\n',
    );
  });

  test('an empty subject shows the line it points into', () => {
    const d = errorDiag('Missing thing', 'Something is required.', range(pos(2, 8, 21), pos(2, 8, 21)));
    expect(renderDiagnostic(d, files)).toBe(
      'Error: Missing thing\n\n  on main.pkr.hcl line 2, in somewhere:\n   2: size = 12\n\nSomething is required.\n\n',
    );
  });

  test('a subject ending where the next line starts shows that line too (hcl Range.Overlaps)', () => {
    // The newline at the end of line 1 (byte 13) to the start of line 2 (byte 14).
    const d = errorDiag('Missing newline', 'Detail.', range(pos(1, 14, 13), pos(2, 1, 14)));
    expect(renderDiagnostic(d, files)).toBe(
      'Error: Missing newline\n\n  on main.pkr.hcl line 1, in somewhere:\n   1: region = "eu"\n   2: size = 12\n\nDetail.\n\n',
    );
  });

  test('a warning, no detail, and an empty context string', () => {
    const files2 = new Map([['main.pkr.hcl', fixedContext(source, '')]]);
    const d = warningDiag('Deprecated', undefined, range(pos(2, 1, 14), pos(2, 5, 18)));
    expect(renderDiagnostic(d, files2)).toBe('Warning: Deprecated\n\n  on main.pkr.hcl line 2:\n   2: size = 12\n\n');
  });

  test('colour mode: severity coloured, subject highlighted', () => {
    const d = errorDiag('Bad size', 'Too big.', range(pos(2, 8, 21), pos(2, 10, 23)));
    expect(renderDiagnostic(d, files, { color: true })).toBe(
      '\x1b[31mError\x1b[0m: Bad size\n\n  on main.pkr.hcl line 2, in somewhere:\n   2: size = \x1b[1;4m12\x1b[0m\n\nToo big.\n\n',
    );
    const w = warningDiag('Hmm', undefined, range(pos(1, 1, 0), pos(1, 7, 6)));
    expect(renderDiagnostic(w, files, { color: true })).toMatch(/^\x1b\[33mWarning\x1b\[0m: Hmm\n\n.*\n   1: \x1b\[1;4mregion\x1b\[0m = "eu"\n\n$/s);
  });

  test('colour highlights are cut at UTF-8 byte offsets inside non-ASCII lines', () => {
    const text = 'name = "héllo wörld"\n';
    const f = new Map([['u.pkr.hcl', fixedContext(text, '')]]);
    // "wörld" starts at byte 15 (é is two bytes) and ends at byte 21.
    const d = errorDiag('X', undefined, range(pos(1, 15, 15), pos(1, 20, 21), 'u.pkr.hcl'));
    expect(renderDiagnostic(d, f, { color: true })).toContain('   1: name = "héllo \x1b[1;4mwörld\x1b[0m"\n');
  });
});

describe('renderDiagnostic without source', () => {
  test('a file missing from the map', () => {
    const d = errorDiag('Call to unknown function', 'There is no function named "foo".', range(pos(1, 1, 0), pos(1, 4, 3), '<console-input>'));
    expect(renderDiagnostics([d])).toBe(
      'Error: Call to unknown function\n\n  on <console-input> line 1:\n  (source code not available)\n\nThere is no function named "foo".\n\n',
    );
  });

  test('no subject: summary and detail only', () => {
    const d = errorDiag('encountered an error while formatting x.pkr.hcl', '1 error occurred:\n\t* x.pkr.hcl:1,1-2: Bad; Worse.\n\n');
    expect(renderDiagnostic(d)).toBe(
      'Error: encountered an error while formatting x.pkr.hcl\n\n1 error occurred:\n\t* x.pkr.hcl:1,1-2: Bad; Worse.\n\n\n\n',
    );
  });

  test('several diagnostics are concatenated', () => {
    const a = errorDiag('A', 'a.');
    const b = warningDiag('B', 'b.');
    expect(renderDiagnostics([a, b])).toBe('Error: A\n\na.\n\nWarning: B\n\nb.\n\n');
  });
});

describe('line scanning', () => {
  test('CRLF line endings are not printed; line numbers follow the file', () => {
    const text = 'a = 1\r\nb = 2\r\nc = 3\r\n';
    const f = new Map([['w.pkr.hcl', fixedContext(text, '')]]);
    const d = errorDiag('X', undefined, range(pos(3, 1, 14), pos(3, 2, 15), 'w.pkr.hcl'));
    expect(renderDiagnostic(d, f)).toBe('Error: X\n\n  on w.pkr.hcl line 3:\n   3: c = 3\n\n');
  });

  test('a last line without a newline is shown', () => {
    const text = 'a = 1\nb = 2';
    const f = new Map([['n.pkr.hcl', fixedContext(text, '')]]);
    const d = errorDiag('X', undefined, range(pos(2, 5, 10), pos(2, 6, 11), 'n.pkr.hcl'));
    expect(renderDiagnostic(d, f)).toBe('Error: X\n\n  on n.pkr.hcl line 2:\n   2: b = 2\n\n');
  });

  test('line numbers wider than four digits are not padded', () => {
    const text = 'x = 1\n'.repeat(12345);
    const f = new Map([['big.pkr.hcl', fixedContext(text, '')]]);
    const line = 12345;
    const byte = (line - 1) * 6;
    const d = errorDiag('X', undefined, range(pos(line, 1, byte), pos(line, 2, byte + 1), 'big.pkr.hcl'));
    expect(renderDiagnostic(d, f)).toContain('\n12345: x = 1\n');
  });
});

describe('navigation', () => {
  test('native files: the enclosing top-level block header, labels Go-quoted', () => {
    const text = 'a = 1\nsource "amazon-ebs" "we\\"ird" {\n  x = 1\n  nested {\n    y = 2\n  }\n}\nbuild {\n  z = 3\n}\n';
    const { body, diags } = parseConfig(text, 'nav.pkr.hcl');
    expect(diags).toEqual([]);
    const nav = nativeDiagnosticSource(text, body);
    expect(nav.contextString!(0)).toBe('');
    expect(nav.contextString!(text.indexOf('x = 1'))).toBe('source "amazon-ebs" "we\\"ird"');
    expect(nav.contextString!(text.indexOf('y = 2'))).toBe('source "amazon-ebs" "we\\"ird"');
    expect(nav.contextString!(text.indexOf('z = 3'))).toBe('build');
    // The block's range ends after its closing brace.
    expect(nav.contextString!(text.indexOf('}\nbuild'))).toBe('source "amazon-ebs" "we\\"ird"');
    expect(nav.contextString!(text.indexOf('build') - 1)).toBe('');
  });

  test('a real parse error, rendered with its file', () => {
    const text = 'source "null" "a" {\n  communicator = "none"\n  oops = = 1\n}\n';
    const { body, diags } = parseConfig(text, 'bad.pkr.hcl');
    expect(diags.length).toBeGreaterThan(0);
    const out = renderDiagnostics(diags, new Map([['bad.pkr.hcl', nativeDiagnosticSource(text, body)]]));
    expect(out).toBe(
      'Error: Invalid expression\n\n  on bad.pkr.hcl line 3, in source "null" "a":\n   3:   oops = = 1\n\n' +
        'Expected the start of an expression, but found an invalid expression token.\n\n',
    );
  });

  test('JSON files: the path of properties and indexes to the innermost object or array', () => {
    const text = '{\n  "source": {\n    "null": {\n      "a": {"list": [1, {"k": true}]}\n    }\n  }\n}\n';
    const { body, diags } = parseJson(text, 'x.pkr.json');
    expect(diags).toEqual([]);
    const nav = jsonDiagnosticSource(text, body.node);
    expect(nav.contextString!(text.indexOf('"k"'))).toBe('source.null.a.list[1]');
    expect(nav.contextString!(text.indexOf('1,'))).toBe('source.null.a.list');
    expect(nav.contextString!(text.indexOf('"null"'))).toBe('source');
    expect(nav.contextString!(0)).toBe('');
  });
});

describe('"with" lines from the expression and its context', () => {
  const text = 'x = foo + bar.baz + missing + boz + marked + nothing + later + foo + idx["k"][0]\n';
  const parsed = parseExpression(text.slice(4, -1), 'with.pkr.hcl', { line: 1, column: 5, byte: 4 });
  const parent: EvalContext = { variables: new Map([['foo', stringVal('foo value')]]) };
  const ctx: EvalContext = {
    parent,
    variables: new Map([
      ['bar', objectVal({ baz: listValEmpty(StringType) })],
      ['boz', numberIntVal(5)],
      ['marked', stringVal('secret').withMarks(['sensitive'])],
      ['nothing', nullVal(StringType)],
      ['later', unknownVal(StringType)],
      ['unused', False],
      ['idx', objectVal({ k: tupleVal([numberIntVal(1)]) })],
    ]),
  };
  const subject = range(pos(1, 5, 4), pos(1, 8, 7), 'with.pkr.hcl');

  test('known values are listed, sorted; errors, unknown and marked values are skipped; duplicates once', () => {
    expect(parsed.diags).toEqual([]);
    const d: Diagnostic = { ...errorDiag('Test', 'Some detail.', subject), expression: parsed.expr, evalContext: ctx };
    const files = new Map([['with.pkr.hcl', fixedContext(text, '')]]);
    expect(renderDiagnostic(d, files, { variableValues: variableValuesText })).toBe(
      'Error: Test\n\n  on with.pkr.hcl line 1:\n   1: ' +
        text.slice(0, -1) +
        '\n\nwith bar.baz as empty list of string,\n     boz as 5,\n     foo as "foo value",\n     idx["k"][0] as 1,\n     nothing set to null.\n\nSome detail.\n\n',
    );
  });

  test('they are written even when the source is not available', () => {
    const d: Diagnostic = { ...errorDiag('Test', undefined, subject), expression: parsed.expr, evalContext: ctx };
    expect(renderDiagnostic(d, undefined, { variableValues: variableValuesText })).toBe(
      'Error: Test\n\n  on with.pkr.hcl line 1:\n  (source code not available)\n\n' +
        'with bar.baz as empty list of string,\n     boz as 5,\n     foo as "foo value",\n     idx["k"][0] as 1,\n     nothing set to null.\n\n',
    );
  });

  test('an evaluator diagnostic about a variable shows its value', () => {
    const e = parseExpression('a + 1', 'expr.hcl');
    const { diags } = evaluate(e.expr, { variables: new Map([['a', stringVal('nope')]]) });
    expect(diags.length).toBe(1);
    const out = renderDiagnostics(diags, undefined, { variableValues: variableValuesText });
    expect(out).toContain('\n\nwith a as "nope".\n\n');
    // Without the option (a caller that only parses), the "with" lines are left out.
    expect(renderDiagnostics(diags)).not.toContain('with a');
    expect(out.startsWith('Error: Invalid operand\n\n  on expr.hcl line 1:\n  (source code not available)\n\nwith a as "nope".\n\n')).toBe(true);
  });
});

describe('valueString', () => {
  test.each([
    [stringVal('a"b\n'), '"a\\"b\\n"'],
    [numberIntVal(5), '5'],
    [False, 'false'],
    [nullVal(NumberType), 'null'],
    [unknownVal(StringType), '(not yet known)'],
    [listValEmpty(NumberType), 'empty list of number'],
    [listVal([stringVal('x')]), 'list of string with 1 element'],
    [setVal([numberIntVal(1), numberIntVal(2)]), 'set of number with 2 elements'],
    [mapVal({ a: stringVal('x') }), 'map of string with 1 element'],
    [tupleVal([stringVal('x'), numberIntVal(1), False]), 'tuple with 3 elements'],
    [EmptyObjectVal, 'object with no attributes'],
    [objectVal({ only: stringVal('x') }), 'object with 1 attribute "only"'],
    [objectVal({ a: stringVal('x'), b: False }), 'object with 2 attributes'],
  ])('%#', (v, want) => {
    expect(valueString(v)).toBe(want);
  });

  test('numbers use ten significant digits', () => {
    const n = stringToNumber;
    expect(valueString(n('3.14159265358979'))).toBe('3.141592654');
    expect(valueString(n('12345678901234'))).toBe('1.23456789e+13');
    expect(valueString(n('0.5'))).toBe('0.5');
  });
});

function stringToNumber(s: string) {
  // A number literal through the parser, the way configurations produce them.
  const { expr } = parseExpression(s, 'n.hcl');
  return evaluate(expr).value;
}
