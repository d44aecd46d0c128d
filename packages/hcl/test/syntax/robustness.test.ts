// The parser never throws: whatever the input, every problem comes back as a diagnostic with a range.
import { parseConfig, parseExpression, parseTemplate, parseTraversalAbs, scanTokens } from '../../src/syntax/index.js';

const entryPoints = {
  config: (s: string) => parseConfig(s, 't').diags,
  expression: (s: string) => parseExpression(s, 't').diags,
  template: (s: string) => parseTemplate(s, 't').diags,
  traversal: (s: string) => parseTraversalAbs(s, 't').diags,
};

describe.each(Object.entries(entryPoints))('%s', (_name, parse) => {
  test('every ASCII character alone, and in a few contexts', () => {
    for (let c = 0; c < 128; c++) {
      const ch = String.fromCharCode(c);
      for (const s of [ch, `a = ${ch}`, `"${ch}`, `<<EOT\n${ch}`, `\${${ch}`, `%{${ch}`, `{${ch}`, `[${ch}`, `f(${ch}`, `a${ch}b`]) {
        const diags = parse(s);
        for (const d of diags) if (d.severity === 'error') expect(d.subject).toBeDefined();
      }
    }
  });

  test('absurdly deep nesting is a diagnostic, not a crash', () => {
    for (const open of ['(', '[', '{', '"${', 'a = {\n', 'b {\n', '%{ if x }']) {
      const diags = parse(open.repeat(20000));
      for (const d of diags) expect(d.subject).toBeDefined();
    }
  });
});

test('nesting beyond the stack is reported', () => {
  const d = parseExpression('('.repeat(50000) + 'a' + ')'.repeat(50000), 't').diags;
  expect(d.map((x) => x.summary)).toEqual(['Nesting too deep']);
});

test('deep nesting that is merely large still parses', () => {
  const src = 'a = ' + '['.repeat(200) + ']'.repeat(200) + '\n';
  expect(parseConfig(src, 't').diags).toEqual([]);
});

test('scanTokens ends with EOF for any input', () => {
  for (const s of ['', '"', '<<EOT\n', '${', '/*', '\ud800', '\udc80']) {
    const t = scanTokens(s, 't');
    expect(t[t.length - 1]!.type).toBe('EOF');
  }
});
