// Templates: quoted strings, heredocs and bare templates — escapes, strip markers, heredoc flushing, directive
// desugaring, single-interpolation unwrapping, and template diagnostics (hclsyntax parser_template.go).
import type { ConditionalExpr, NativeExpr, TemplateExpr } from '../../src/syntax/ast.js';
import { parseConfig, parseExpression, parseTemplate } from '../../src/syntax/index.js';
import { diags, expr, rng, rngb, show, template } from './helpers.js';

function attr(src: string): { tree: string; diags: string[]; expr: NativeExpr } {
  const r = parseConfig(src, 'test.hcl');
  const a = r.body.attributes[0];
  return { tree: a ? show(a.expr) : '<none>', diags: diags(r.diags), expr: a!.expr };
}

describe('quoted strings', () => {
  test.each([
    ['"hello"', 'tmpl("hello")'],
    ['""', 'tmpl("")'],
    ['"a\\nb\\rc\\td\\"e\\\\f"', 'tmpl("a\\nb\\rc\\td\\"e\\\\f")'],
    ['"\\u00e9\\u2022"', 'tmpl("é•")'],
    ['"\\U0001F33B\\U0001d11e"', 'tmpl("🌻𝄞")'],
    // Valid, but probably not what was meant: \u takes exactly four digits.
    ['"\\u0001d11e"', 'tmpl("\\u0001d11e")'],
    ['"$${x} %%{y}"', 'tmpl("${x} %{y}")'],
    ['"$$x %%y $ % $$ %%"', 'tmpl("$$x %%y $ % $$ %%")'],
    ['"a$"', 'tmpl("a$")'],
    ['"100%"', 'tmpl("100%")'],
    ['"hello ${name}!"', 'tmpl("hello ", name, "!")'],
    ['"${a}${b}"', 'tmpl(a, b)'],
    ['"%${a}"', 'tmpl("%", a)'],
    // Strings are NFC-normalised values.
    ['"e\u0301"', 'tmpl("é")'],
  ])('%j', (src, want) => {
    const r = expr(src);
    expect(r.diags).toEqual([]);
    expect(r.tree).toBe(want);
  });

  test('escape errors keep the text as written', () => {
    const cases: [string, string, string, string][] = [
      ['"\\uu2022"', 'tmpl("\\\\uu2022")', '1:2-1:4', 'The \\u escape sequence must be followed by four hexadecimal digits.'],
      ['"\\u20m2"', 'tmpl("\\\\u20m2")', '1:2-1:6', 'The \\u escape sequence must be followed by four hexadecimal digits.'],
      ['"\\U2022"', 'tmpl("\\\\U2022")', '1:2-1:8', 'The \\U escape sequence must be followed by eight hexadecimal digits.'],
      ['"\\U00300000"', 'tmpl("\\\\U00300000")', '1:2-1:12', 'Cannot encode character U+300000 in UTF-8.'],
      ['"\\Ub2705550"', 'tmpl("\\\\Ub2705550")', '1:2-1:12', 'Cannot encode character U+b2705550 in UTF-8.'],
      ['"\\ud800"', 'tmpl("\\\\ud800")', '1:2-1:8', 'Cannot encode character U+d800 in UTF-8.'],
      ['"x\\qy"', 'tmpl("xqy")', '1:3-1:5', 'The symbol "q" is not a valid escape sequence selector.'],
      ['"\\🌻"', 'tmpl("🌻")', '1:2-1:4', 'The symbol "🌻" is not a valid escape sequence selector.'],
      ['"\\${x}"', 'tmpl("${x}")', '1:2-1:4', 'The symbol "$" is not a valid escape sequence selector.'],
    ];
    for (const [src, tree, subject, detail] of cases) {
      const r = parseExpression(src, 't');
      expect([show(r.expr), r.diags.map((d) => [d.summary, rng(d.subject), d.detail])]).toEqual([tree, [['Invalid escape sequence', subject, detail]]]);
    }
  });

  test('ranges of the template and its parts', () => {
    const e = parseExpression('"ab${c}d"', 't').expr as TemplateExpr;
    expect([rng(e.range), ...e.parts.map((p) => rng(p.range))]).toEqual(['1:1-1:10', '1:2-1:4', '1:6-1:7', '1:8-1:9']);
    // An empty string is a zero-width literal at the end of the token after the opening quote (here the closing one).
    const empty = parseExpression('""', 't').expr as TemplateExpr;
    expect([rng(empty.range), rng(empty.parts[0]!.range)]).toEqual(['1:1-1:3', '1:3-1:3']);
  });

  test('a single interpolation is unwrapped', () => {
    expect(expr('"${a}"').tree).toBe('wrap(a)');
    expect(expr('"${~a~}"').tree).toBe('wrap(a)');
    expect(expr('"${"${true}"}"').tree).toBe('wrap(wrap(true))');
    expect(expr('"${""}${true}"').tree).toBe('tmpl(tmpl(""), true)');
    expect(expr('" ${a}"').tree).toBe('tmpl(" ", a)');
    expect(expr('"%{ for x in y }${x}%{ endfor }"').tree).toBe('tmpl(join([for x in y : tmpl(x)]))');
    expect(rng(parseExpression('"${a}"', 't').expr.range)).toBe('1:1-1:7');
  });
});

describe('strip markers', () => {
  test.each([
    ['"a ${~ b ~} c"', 'tmpl("a", b, "c")'],
    ['"a \n ${~b}"', null],
    ['" ${~x~} "', 'tmpl("", x, "")'],
    ['"x ${~"y"~} z"', 'tmpl("x", tmpl("y"), "z")'],
    // Only literal text is trimmed, never interpolated values.
    ['"${"hello "}${~"x"~}${" hello"}"', 'tmpl(tmpl("hello "), tmpl("x"), tmpl(" hello"))'],
    // Unicode whitespace counts.
    ['"a\u00a0\u2003${~b~}\u3000c"', 'tmpl("a", b, "c")'],
    ['"a%{~ if b ~} c %{~ endif ~} d"', 'tmpl("a", (b ? tmpl("c") : tmpl("")), "d")'],
  ])('%j', (src, want) => {
    const r = expr(src);
    if (want === null) {
      expect(r.diags[0]).toMatch(/^Invalid multi-line string/);
      return;
    }
    expect(r.diags).toEqual([]);
    expect(r.tree).toBe(want);
  });

  test('in heredocs the strip applies to the adjacent literal token only', () => {
    expect(attr('a = <<EOT\n  a\n  ${~x~}\n  b\nEOT\n').tree).toBe('tmpl("  a\\n", x, "  b\\n")');
    expect(attr('a = <<EOT\nx  \n  ${~y}\nEOT\n').tree).toBe('tmpl("x  \\n", y, "\\n")');
  });
});

describe('heredocs', () => {
  test.each([
    ['a = <<EOT\nHello\nEOT\n', 'tmpl("Hello\\n")'],
    ['a = <<EOT\nFoo\nBar\nEOT\n', 'tmpl("Foo\\nBar\\n")'],
    ['a = <<EOT\nEOT\n', 'tmpl("")'],
    ['a = <<EOT\n  indented\n    more\n  EOT\n', 'tmpl("  indented\\n    more\\n")'],
    // No backslash escapes in heredocs, but the template escapes work.
    ['a = <<EOT\na\\nb $${x} %%{y}\nEOT\n', 'tmpl("a\\\\nb ${x} %{y}\\n")'],
    ['a = <<EOT\nhello ${name}\nEOT\n', 'tmpl("hello ", name, "\\n")'],
    ['a = <<EOT\n${x}\nEOT\n', 'tmpl(x, "\\n")'],
    // A line that merely starts with the marker.
    ['a = <<EOT\nEOT is the marker\nEOT\n', 'tmpl("EOT is the marker\\n")'],
    ['a = <<EOT\r\nx\r\nEOT\r\n', 'tmpl("x\\r\\n")'],
    // Nested heredocs.
    ['a = <<EOF\n${<<-EOF\n  hello\n  EOF\n}\nEOF\n', 'tmpl(tmpl("hello\\n"), "\\n")'],
    // Flush: the smallest indentation of the lines is removed.
    ['a = <<-EOT\n    a\n      b\n    EOT\n', 'tmpl("a\\n  b\\n")'],
    ['a = <<-EOT\n\tFoo\n  Bar\n  Baz\nEOT\n', 'tmpl("Foo\\n Bar\\n Baz\\n")'],
    // Blank lines do not count and are left alone.
    ['a = <<-EOT\n  a\n\n  b\nEOT\n', 'tmpl("a\\n\\nb\\n")'],
    ['a = <<-EOT\n  a\n      \n  b\nEOT\n', 'tmpl("a\\n      \\nb\\n")'],
    // A line that starts with an interpolation counts as zero.
    ['a = <<-EOT\n  a\n${x}\nEOT\n', 'tmpl("  a\\n", x, "\\n")'],
    // Interpolated values never count; literal text before them does.
    ['a = <<-EOT\n    a\n  ${x}\n    b\nEOT\n', 'tmpl("  a\\n", x, "\\n  b\\n")'],
    // (The indentation before the interpolation is trimmed to an empty literal, which stays.)
    ['a = <<-EOT\n    ${x}\n    y\n    EOT\n', 'tmpl("", x, "\\ny\\n")'],
    // Em spaces and tabs are one character each.
    ['a = <<-EOT\n\u2003\u2003a\n\u2003b\nEOT\n', 'tmpl("\u2003a\\nb\\n")'],
    ['a = <<-EOT\n  %{ if x }\n  y\n  %{ endif }\nEOT\n', 'tmpl("", (x ? tmpl("\\ny\\n") : tmpl("")), "\\n")'],
  ])('%j', (src, want) => {
    const r = attr(src);
    expect(r.diags).toEqual([]);
    expect(r.tree).toBe(want);
  });

  test('ranges: flushed literals start after the removed indentation', () => {
    const e = attr('a = <<-EOT\n    a\n      b\n    EOT\n').expr as TemplateExpr;
    expect([rng(e.range), rng(e.parts[0]!.range)]).toEqual(['1:5-4:8', '2:5-4:1']);
  });

  test('ranges: the empty heredoc', () => {
    const e = attr('a = <<EOT\nEOT\n').expr as TemplateExpr;
    expect([rng(e.range), rng(e.parts[0]!.range)]).toEqual(['1:5-2:4', '2:4-2:4']);
  });

  test('an unterminated heredoc', () => {
    expect(attr('a = <<EOT\nx\nEOT').diags).toEqual(['Unterminated template string @ 3:4-3:4 [2:1-3:4]']);
    expect(attr('a = <<EOT\nx\n').diags).toEqual(['Unterminated template string @ 3:1-3:1 [2:1-3:1]']);
    const d = parseConfig('a = <<EOT\nx\nEOT', 't').diags[0]!;
    expect(d.detail).toBe('No closing marker was found for the string.');
  });
});

describe('template directives', () => {
  test.each([
    ['%{ if a }b%{ endif }', 'tmpl((a ? tmpl("b") : tmpl("")))'],
    ['%{ if a }b%{ else }c%{ endif }', 'tmpl((a ? tmpl("b") : tmpl("c")))'],
    ['%{ if a }%{ else }%{ endif }', 'tmpl((a ? tmpl("") : tmpl("")))'],
    ['%{ if a }%{ if b }c%{ endif }%{ endif }', 'tmpl((a ? tmpl((b ? tmpl("c") : tmpl(""))) : tmpl("")))'],
    ['x%{ if a }y%{ endif }z', 'tmpl("x", (a ? tmpl("y") : tmpl("")), "z")'],
    ['%{ for x in xs }${x},%{ endfor }', 'tmpl(join([for x in xs : tmpl(x, ",")]))'],
    ['%{ for k, v in m }${k}=${v} %{ endfor }', 'tmpl(join([for k, v in m : tmpl(k, "=", v, " ")]))'],
    ['%{for x in xs}%{endfor}', 'tmpl(join([for x in xs : tmpl("")]))'],
    ['%{ for x in xs }%{ if x }y%{ endif }%{ endfor }', 'tmpl(join([for x in xs : tmpl((x ? tmpl("y") : tmpl("")))]))'],
    ['%{\n if\n a\n }b%{ endif }', 'tmpl((a ? tmpl("b") : tmpl("")))'],
  ])('%j', (src, want) => {
    const r = template(src);
    expect(r.diags).toEqual([]);
    expect(r.tree).toBe(want);
  });

  test('the conditional and the join ranges', () => {
    const e = parseTemplate('%{ if a }b%{ else }c%{ endif }', 't').expr as TemplateExpr;
    const c = e.parts[0] as ConditionalExpr;
    expect([rng(c.range), rng(c.trueResult.range), rng(c.falseResult.range)]).toEqual(['1:1-1:31', '1:10-1:11', '1:20-1:21']);
    const f = parseTemplate('%{ for x in y }z%{ endfor }', 't').expr as TemplateExpr;
    const j = f.parts[0]!;
    if (j.kind !== 'templateJoin') throw new Error(j.kind);
    expect([rng(j.range), rng(j.tuple.openRange), rng(j.tuple.closeRange)]).toEqual(['1:1-1:28', '1:1-1:16', '1:17-1:28']);
  });

  test.each<[string, string[], string[]]>([
    ['%{ endif }', ['Unexpected endif directive @ 1:1-1:11'], ['The control directives within this template are unbalanced.']],
    ['%{ else }', ['Unexpected else directive @ 1:1-1:10'], ['The control directives within this template are unbalanced.']],
    ['%{ endfor }', ['Unexpected endfor directive @ 1:1-1:12'], ['The control directives within this template are unbalanced.']],
    ['%{ if a }', ['Unexpected end of template @ 1:10-1:10'], ['The if directive at test.hcl:1,1-10 is missing its corresponding endif directive.']],
    ['%{ for x in y }', ['Unexpected end of template @ 1:16-1:16'], ['The for directive at test.hcl:1,1-16 is missing its corresponding endfor directive.']],
    ['%{ if a }%{ else }%{ else }%{ endif }', ['Unexpected else directive @ 1:19-1:28', 'Unexpected endif directive @ 1:28-1:38'], [
      'Already in the else clause for the if started at test.hcl:1,1-10.',
      'The control directives within this template are unbalanced.',
    ]],
    ['%{ if a }%{ endfor }', ['Unexpected endfor directive @ 1:10-1:21'], ['Expecting an endif directive for the if started at test.hcl:1,1-10.']],
    ['%{ for x in y }%{ else }%{ endfor }', ['Unexpected else directive @ 1:16-1:25', 'Unexpected endfor directive @ 1:25-1:36'], [
      'An else clause is not expected for a for directive.',
      'The control directives within this template are unbalanced.',
    ]],
    ['%{ for x in y }%{ endif }', ['Unexpected endif directive @ 1:16-1:26'], ['Expecting an endfor directive corresponding to the for directive at test.hcl:1,1-16.']],
    ['%{ foo }', ['Invalid template control keyword @ 1:4-1:7 [1:1-1:7]'], ['"foo" is not a valid template control keyword. Did you mean "for"?']],
    ['%{ fi }', ['Invalid template control keyword @ 1:4-1:6 [1:1-1:6]'], ['"fi" is not a valid template control keyword. Did you mean "if"?']],
    ['%{ bogus }', ['Invalid template control keyword @ 1:4-1:9 [1:1-1:9]'], ['"bogus" is not a valid template control keyword.']],
    ['%{ 1 }', ['Invalid template directive @ 1:4-1:5 [1:1-1:5]'], ['A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.']],
    ['%{ if a b }c%{ endif }', ['Extra characters in if marker @ 1:9-1:10 [1:1-1:10]'], ['Expected a closing brace to end the sequence, but found extra characters.']],
    ['x %{ else y }', ['Extra characters in else marker @ 1:11-1:12 [1:1-1:12]', 'Unexpected else directive @ 1:3-1:12'], [
      'Expected a closing brace to end the sequence, but found extra characters.',
      'The control directives within this template are unbalanced.',
    ]],
    // The broken directive is dropped, which leaves its endfor unbalanced (reported even in recovery).
    ['%{ for }%{ endfor }', ["Invalid 'for' directive @ 1:8-1:9", 'Unexpected endfor directive @ 1:9-1:20'], ["For directive requires variable name after 'for'.", 'The control directives within this template are unbalanced.']],
    ['%{ for a, }x', ["Invalid 'for' directive @ 1:11-1:12"], ['For directive requires value variable name after comma.']],
    ['%{ for a on b }x', ["Invalid 'for' directive @ 1:10-1:12"], ["For directive requires 'in' keyword after names."]],
  ])('%j', (src, want, details) => {
    const r = template(src);
    expect(r.diags).toEqual(want);
    expect(r.raw.map((d) => d.detail)).toEqual(details);
  });
});

describe('interpolation errors', () => {
  test.each<[string, string[], string]>([
    ['${a', ['Unclosed template interpolation sequence @ 1:1-1:3'], 'There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.'],
    ['x ${a', ['Unclosed template interpolation sequence @ 1:1-1:3'], 'There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.'],
    ['${a b}', ['Extra characters after interpolation expression @ 1:5-1:6 [1:1-1:6]'], 'Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".'],
    ['${a:-b}', ['Extra characters after interpolation expression @ 1:4-1:5 [1:1-1:5]'], 'Template interpolation doesn\'t expect a colon at this location. Did you intend this to be a literal sequence to be processed as part of another language? If so, you can escape it by starting with "$${" instead of just "${".'],
    ['${}', ['Invalid expression @ 1:3-1:4'], 'Expected the start of an expression, but found an invalid expression token.'],
  ])('%j', (src, want, detail) => {
    const r = template(src);
    expect(r.diags).toEqual(want);
    expect(r.raw[0]!.detail).toBe(detail);
  });

  test('in quoted strings', () => {
    // From hclsyntax's TestParseConfigDiagnostics.
    expect(attr('foo = "${a').diags).toEqual(['Unclosed template interpolation sequence @ 1:8-1:10']);
    expect(attr('foo = "${a"').diags).toEqual(['Unclosed template interpolation sequence @ 1:8-1:10']);
    expect(parseConfig('foo = "${a"', 't').diags[0]!.detail).toBe(
      'There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.',
    );
    expect(attr('foo = "${a}').diags).toEqual(['Unterminated template string @ 1:12-1:12 [1:8-1:12]']);
    expect(attr('foo = "abc').diags).toEqual(['Unterminated template string @ 1:11-1:11 [1:8-1:11]']);
    // A newline in a string is reported, and the string goes on.
    expect(attr('foo = "a\nb"\n').diags).toEqual(['Invalid multi-line string @ 1:9-2:1', 'Unterminated template string @ 1:9-2:1 [1:8-2:1]']);
  });
});

describe('bare templates', () => {
  test.each([
    ['', 'tmpl("")'],
    ['hello', 'tmpl("hello")'],
    ['${a}', 'wrap(a)'],
    ['a${b}c', 'tmpl("a", b, "c")'],
    ['line 1\nline 2\n', 'tmpl("line 1\\nline 2\\n")'],
    ['"quotes" and \\backslashes\\n', 'tmpl("\\"quotes\\" and \\\\backslashes\\\\n")'],
    ['$${a} %%{b} $ %', 'tmpl("${a} %{b} $ %")'],
    ['trailing $', 'tmpl("trailing $")'],
    ['${ a ~}  \n  b', 'tmpl(a, "  b")'],
  ])('%j', (src, want) => {
    const r = template(src);
    expect(r.diags).toEqual([]);
    expect(r.tree).toBe(want);
  });

  test('ranges, and a start position', () => {
    expect(rng(parseTemplate('a${b}c', 't').expr.range)).toBe('1:1-1:7');
    expect(rng(parseTemplate('', 't').expr.range)).toBe('1:1-1:1');
    const r = parseTemplate('x ${y}', 'f.json', { line: 2, column: 12, byte: 30 });
    const e = r.expr as TemplateExpr;
    expect([rngb(e.range), rngb(e.parts[1]!.range)]).toEqual(['2:12-2:18@30-36', '2:16-2:17@34-35']);
  });
});
