// Expression parsing (hclsyntax ParseExpression): the tree built for each form, node ranges, and the exact
// diagnostics and recovery of broken expressions.
import type { FunctionCallExpr, IndexExpr, NativeExpr, SplatExpr, UnaryOpExpr } from '../../src/syntax/ast.js';
import { parseConfig, parseExpression } from '../../src/syntax/index.js';
import { diags, expr, rng, rngb, show } from './helpers.js';

describe('trees', () => {
  test.each([
    // Literals and variables.
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    ['foo', 'foo'],
    ['foo-bar', 'foo-bar'],
    ['_x', '_x'],
    ['"hello"', 'tmpl("hello")'],
    ['""', 'tmpl("")'],
    // Operators: precedence and associativity.
    ['a || b && c', '(a || (b && c))'],
    ['a && b || c', '((a && b) || c)'],
    ['a == b != c', '((a == b) != c)'],
    ['a < b == c >= d', '((a < b) == (c >= d))'],
    ['a + b * c - d', '((a + (b * c)) - d)'],
    ['a / b % c * d', '(((a / b) % c) * d)'],
    ['a - b - c', '((a - b) - c)'],
    ['!a || !b', '((!a) || (!b))'],
    ['-a.b', '(-a.b)'],
    ['- - a', '(-(-a))'],
    ['!!a', '(!(!a))'],
    ['a > b ? c : d', '((a > b) ? c : d)'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['a ? b ? c : d : e', '(a ? (b ? c : d) : e)'],
    ['(a + b) * c', '(paren((a + b)) * c)'],
    ['((a))', 'paren(paren(a))'],
    // Traversals: constant steps fold into the traversal.
    ['a.b.c', 'a.b.c'],
    ['a[0]', 'a[0]'],
    ['a["k"]', 'a["k"]'],
    ['a[true][null]', 'a[true][null]'],
    ['a.0', 'a[0]'],
    ['a.0.b', 'a[0].b'],
    ['a[b]', 'idx(a, b)'],
    ['a["${b}"]', 'idx(a, wrap(b))'],
    ['a["x${b}"]', 'idx(a, tmpl("x", b))'],
    ['a[b].c', 'rel(idx(a, b)).c'],
    ['a[b][c]', 'idx(idx(a, b), c)'],
    ['a[1 + 1]', 'idx(a, (1 + 1))'],
    ['f(x).y[0]', 'rel(f(x)).y[0]'],
    ['(a).b', 'rel(paren(a)).b'],
    ['"s".x', 'rel(tmpl("s")).x'],
    ['[1][0]', 'rel([1])[0]'],
    // Splats.
    ['a.*', 'splat(a, @)'],
    ['a.*.b', 'splat(a, rel(@).b)'],
    ['a.*.b.c', 'splat(a, rel(@).b.c)'],
    ['a.*.b.0', 'splat(a, rel(@).b[0])'],
    ['a.*.b[0]', 'rel(splat(a, rel(@).b))[0]'],
    ['a[*]', 'splat(a, @)'],
    ['a[*].b', 'splat(a, rel(@).b)'],
    ['a[*].b[0].c', 'splat(a, rel(@).b[0].c)'],
    ['a[*][0]', 'splat(a, rel(@)[0])'],
    ['a[*][*]', 'splat(a, splat(@, @))'],
    ['a[*].b[*].c', 'splat(a, splat(rel(@).b, rel(@).c))'],
    ['a[*][b]', 'splat(a, idx(@, b))'],
    ['a.b[*].c', 'splat(a.b, rel(@).c)'],
    ['null[*]', 'splat(null, @)'],
    // Function calls.
    ['f()', 'f()'],
    ['f(a)', 'f(a)'],
    ['f(a, b)', 'f(a, b)'],
    ['f(a, b,)', 'f(a, b)'],
    ['f(a, b...)', 'f(a, b...)'],
    ['f(\n  a,\n  b\n)', 'f(a, b)'],
    ['provider::ns::fn(a)', 'provider::ns::fn(a)'],
    ['a::b()', 'a::b()'],
    ['f(g(h()))', 'f(g(h()))'],
    // Collections.
    ['[]', '[]'],
    ['[a]', '[a]'],
    ['[a, b,]', '[a, b]'],
    ['[\n  a,\n  b\n]', '[a, b]'],
    ['{}', '{}'],
    ['{ a = b }', '{key(a) = b}'],
    ['{ a: b, c = d }', '{key(a) = b, key(c) = d}'],
    ['{\n  a = b\n  c = d\n}', '{key(a) = b, key(c) = d}'],
    ['{ a = b, }', '{key(a) = b}'],
    ['{\n\n  a = b,\n\n}', '{key(a) = b}'],
    ['{ "a" = b }', '{key(tmpl("a")) = b}'],
    ['{ (a) = b }', '{key!(paren(a)) = b}'],
    ['{ a.b = c }', '{key(a.b) = c}'],
    ['{ true = 1, null = 2 }', '{key(true) = 1, key(null) = 2}'],
    ['{ f(x) = 1 }', '{key(f(x)) = 1}'],
    ['{ a = { b = c } }', '{key(a) = {key(b) = c}}'],
    ['{ a = [\n b,\n c] }', '{key(a) = [b, c]}'],
    ['{ a = (\n b\n) }', '{key(a) = paren(b)}'],
    // For expressions.
    ['[for v in l : v]', '[for v in l : v]'],
    ['[for i, v in l : v if i > 0]', '[for i, v in l : v if (i > 0)]'],
    ['{for k, v in m : k => v}', '{for k, v in m : k => v}'],
    ['{for k, v in m : v => k...}', '{for k, v in m : v => k...}'],
    ['{for k, v in m : v => k... if v}', '{for k, v in m : v => k... if v}'],
    ['[\n  for v in l :\n  v\n]', '[for v in l : v]'],
    ['{\n  for k, v in m :\n  k => v\n}', '{for k, v in m : k => v}'],
    ['[for v in [for w in l : w] : v]', '[for v in [for w in l : w] : v]'],
    ['[(for), x]', '[paren(for), x]'],
    ['{"for" = 1}', '{key(tmpl("for")) = 1}'],
    // Newlines are insignificant in a standalone expression.
    ['a +\n b', '(a + b)'],
    ['a\n? b\n: c', '(a ? b : c)'],
    ['# comment\na // trailing', 'a'],
  ])('%j', (src, want) => {
    const r = expr(src);
    expect(r.diags).toEqual([]);
    expect(r.tree).toBe(want);
  });
});

describe('number literals', () => {
  test.each([
    ['0', '0'],
    ['1', '1'],
    ['1.5', '1.5'],
    ['1e2', '100'],
    ['1E+2', '100'],
    ['25e-1', '2.5'],
    ['0.1', '0.1'],
    ['1.e2', '100'],
    ['007', '7'],
    ['12345678901234567890123', '12345678901234567890123'],
    ['-1', '(-1)'],
    ['a[1]', 'a[1]'],
    ['a.2', 'a[2]'],
  ])('%j', (src, want) => {
    const r = expr(src);
    expect(r.diags).toEqual([]);
    expect(r.tree).toBe(want);
  });

  test('numbers are 512-bit binary floats', () => {
    const e = parseExpression('0.1', 't').expr;
    if (e.kind !== 'literal') throw new Error(e.kind);
    expect(e.value.type.kind).toBe('number');
    expect(e.value.asNumber().prec).toBe(512);
  });

  test('an invalid number is an unknown number', () => {
    const r = expr('1..2');
    expect(r.diags).toEqual(['Invalid number literal @ 1:1-1:5']);
    expect(r.tree).toBe('?number');
  });
});

describe('ranges', () => {
  const at = (e: NativeExpr) => rng(e.range);

  test('operators and conditionals', () => {
    const e = parseExpression('a + b * c', 't').expr;
    expect(at(e)).toBe('1:1-1:10');
    const c = parseExpression('x ? y : z', 't').expr;
    expect(at(c)).toBe('1:1-1:10');
    const u = parseExpression('-a', 't').expr as UnaryOpExpr;
    expect([at(u), rng(u.symbolRange), at(u.operand)]).toEqual(['1:1-1:3', '1:1-1:2', '1:2-1:3']);
    expect(at(parseExpression('(a)', 't').expr)).toBe('1:1-1:4');
  });

  test('traversals and their steps', () => {
    const e = parseExpression('a.b[0]["c"].1', 't').expr;
    expect(at(e)).toBe('1:1-1:14');
    if (e.kind !== 'scopeTraversal') throw new Error(e.kind);
    expect(e.traversal.map((s) => rng(s.range))).toEqual(['1:1-1:2', '1:2-1:4', '1:4-1:7', '1:7-1:12', '1:12-1:14']);
  });

  test('index expressions', () => {
    const e = parseExpression('a[b]', 't').expr as IndexExpr;
    expect([at(e), rng(e.openRange), rng(e.bracketRange)]).toEqual(['1:1-1:5', '1:2-1:3', '1:2-1:5']);
  });

  test('splats', () => {
    const s = parseExpression('a[*].b', 't').expr as SplatExpr;
    expect([at(s), rng(s.markerRange), rng(s.item.range), at(s.each)]).toEqual(['1:1-1:7', '1:2-1:5', '1:2-1:5', '1:2-1:7']);
    const t = parseExpression('a.*.b', 't').expr as SplatExpr;
    expect([at(t), rng(t.markerRange), rng(t.item.range), at(t.each)]).toEqual(['1:1-1:6', '1:2-1:4', '1:2-1:4', '1:4-1:6']);
  });

  test('function calls', () => {
    const f = parseExpression('ns::f(a, b)', 't').expr as FunctionCallExpr;
    expect([at(f), rng(f.nameRange), rng(f.openParenRange), rng(f.closeParenRange)]).toEqual(['1:1-1:12', '1:1-1:6', '1:6-1:7', '1:11-1:12']);
  });

  test('collections and for expressions', () => {
    const t = parseExpression('[a, b]', 't').expr;
    expect(at(t)).toBe('1:1-1:7');
    if (t.kind !== 'tupleCons') throw new Error(t.kind);
    expect(rng(t.openRange)).toBe('1:1-1:2');
    const o = parseExpression('{ a = 1 }', 't').expr;
    if (o.kind !== 'objectCons') throw new Error(o.kind);
    expect([at(o), rng(o.openRange), at(o.items[0]!.key)]).toEqual(['1:1-1:10', '1:1-1:2', '1:3-1:4']);
    const f = parseExpression('[for x in y : x]', 't').expr;
    if (f.kind !== 'for') throw new Error(f.kind);
    expect([at(f), rng(f.openRange), rng(f.closeRange)]).toEqual(['1:1-1:17', '1:1-1:2', '1:16-1:17']);
  });

  test('a start position shifts everything', () => {
    const r = parseExpression('a.b', 'x.json', { line: 3, column: 10, byte: 40 });
    expect(rngb(r.expr.range)).toBe('3:10-3:13@40-43');
    const m = parseExpression('a +\nb', 'x.json', { line: 3, column: 10, byte: 40 });
    expect(rngb(m.expr.range)).toBe('3:10-4:2@40-45');
  });
});

describe('newline sensitivity inside configurations', () => {
  test('operators and conditionals may not span lines in an attribute', () => {
    expect(diags(parseConfig('a = 1 +\n 2\n', 't').diags)).toEqual(['Invalid expression @ 1:8-2:1']);
    // The next line then starts a new (broken) body item.
    expect(diags(parseConfig('a = x ?\n y : z\n', 't').diags)).toEqual(['Invalid expression @ 1:8-2:1', 'Argument or block definition required @ 2:2-2:3']);
    expect(diags(parseConfig('a = x\n ? y : z\n', 't').diags)).toEqual(['Argument or block definition required @ 2:2-2:3']);
  });

  test('but may inside brackets and parentheses', () => {
    const r = parseConfig('a = (1 +\n 2)\nb = [x ?\n y : z]\nc = f(\n1)\nd = x[\n0]\n', 't');
    expect(diags(r.diags)).toEqual([]);
    expect(r.body.attributes.map((a) => show(a.expr))).toEqual(['paren((1 + 2))', '[(x ? y : z)]', 'f(1)', 'x[0]']);
  });

  test('object constructor items are separated by newlines, including inside values', () => {
    const r = parseConfig('a = {\n  b = 1\n  c = x ?\n y : z\n}\n', 't');
    expect(diags(r.diags)).toEqual(['Invalid expression @ 3:10-4:1']);
  });

  test('line comments separate object items, block comments do not', () => {
    expect(show(parseConfig('a = { b = 1 # c\n d = 2 }\n', 't').body.attributes[0]!.expr)).toBe('{key(b) = 1, key(d) = 2}');
    expect(show(parseConfig('a = { b = 1 // c\n d = 2 }\n', 't').body.attributes[0]!.expr)).toBe('{key(b) = 1, key(d) = 2}');
    expect(diags(parseConfig('a = { b = 1 /* c */ d = 2 }\n', 't').diags)).toEqual(['Missing attribute separator @ 1:21-1:22 [1:5-1:22]']);
    // A comment that spans lines is still no newline.
    expect(diags(parseConfig('a = 1 /* x\n */ b = 2\n', 't').diags)).toEqual(['Missing newline after argument @ 2:5-2:6 [1:1-2:6]']);
  });

  test('for expressions in braces ignore newlines', () => {
    const r = parseConfig('a = {\n  for k, v in m :\n  k => v\n}\n', 't');
    expect(diags(r.diags)).toEqual([]);
    expect(show(r.body.attributes[0]!.expr)).toBe('{for k, v in m : k => v}');
  });

  test('a line comment ends an attribute', () => {
    const r = parseConfig('a = b # c\nd = e', 't');
    expect(diags(r.diags)).toEqual([]);
    expect(r.body.attributes.map((a) => a.name)).toEqual(['a', 'd']);
  });
});

describe('diagnostics', () => {
  test.each<[string, string[], string | null]>([
    // Generic.
    ['', ['Missing expression @ 1:1-1:1'], null],
    ['a b', ['Extra characters after expression @ 1:3-1:4'], null],
    ['a )', ['Extra characters after expression @ 1:3-1:4'], null],
    [')', ['Invalid expression @ 1:1-1:2'], null],
    ['a +', ['Missing expression @ 1:4-1:4'], null],
    ['a + )', ['Invalid expression @ 1:5-1:6'], null],
    ['1.2.3', ['Invalid number literal @ 1:1-1:6'], '?number'],
    // Conditionals.
    ['a ? b', ['Missing false expression in conditional @ 1:6-1:6 [1:1-1:6]'], 'a'],
    ['a ? b c', ['Missing false expression in conditional @ 1:7-1:8 [1:1-1:8]', 'Extra characters after expression @ 1:7-1:8'], 'a'],
    // Parentheses.
    ['(a', ['Unbalanced parentheses @ 1:3-1:3 [1:1-1:3]'], null],
    ['(a b)', ['Unbalanced parentheses @ 1:4-1:5 [1:1-1:5]'], null],
    // Attribute access.
    ['a.', ['Invalid attribute name @ 1:3-1:3'], null],
    ['a.1.2', ['Invalid legacy index syntax @ 1:3-1:6'], 'a[?]'],
    ['a."b"', ['Invalid attribute name @ 1:3-1:4'], null],
    ['a.*.*', ['Nested splat expression not allowed @ 1:5-1:6'], null],
    ['a.*.1.2', ['Invalid legacy index syntax @ 1:3-1:4'], 'splat(a, rel(@)[?])'],
    ['a.*."b"', ['Invalid attribute name @ 1:3-1:4'], null],
    // Index and splat brackets.
    ['a[b', ['Missing close bracket on index @ 1:4-1:4'], null],
    ['a[b c]', ['Missing close bracket on index @ 1:5-1:6'], null],
    ['a[*', ['Missing close bracket on splat index @ 1:4-1:4'], null],
    ['a[*b]', ['Missing close bracket on splat index @ 1:4-1:5'], 'splat(a, @)'],
    // Function calls.
    ['f(', ['Missing expression @ 1:3-1:3'], null],
    ['f(a', ['Unterminated function call @ 1:1-1:3'], null],
    ['f(a b)', ['Missing argument separator @ 1:5-1:6 [1:1-1:6]'], 'f(a)'],
    ['f(a..., b)', ['Missing closing parenthesis @ 1:4-1:7 [1:1-1:7]'], 'f(a...)'],
    ['f::', ['Missing function name @ 1:4-1:4 [1:1-1:4]'], null],
    ['f::1()', ['Missing function name @ 1:4-1:5 [1:1-1:5]'], null],
    ['f::g', ['Missing open parenthesis @ 1:5-1:5 [1:1-1:5]'], null],
    // Tuples.
    ['[', ['Missing expression @ 1:2-1:2'], null],
    ['[a', ['Unterminated tuple constructor expression @ 1:1-1:2'], null],
    ['[a b]', ['Missing item separator @ 1:4-1:5 [1:1-1:5]'], '[a]'],
    ['[a\nb]', ['Missing item separator @ 2:1-2:2 [1:1-2:2]'], '[a]'],
    ['[for, x]', ["Invalid 'for' expression @ 1:5-1:6 [1:1-1:6]"], null],
    // Objects.
    ['{', ['Missing expression @ 1:2-1:2'], null],
    ['{ a', ['Unterminated object constructor expression @ 1:1-1:2'], '{}'],
    ['{ a = 1', ['Unterminated object constructor expression @ 1:1-1:2'], null],
    ['{ a }', ['Missing key/value separator @ 1:5-1:6 [1:1-1:6]'], null],
    ['{ a b }', ['Missing key/value separator @ 1:5-1:6 [1:1-1:6]'], null],
    ['{ a, b = 1 }', ['Missing attribute value @ 1:4-1:5 [1:1-1:5]'], null],
    ['{ a\n = 1 }', ['Missing attribute value @ 1:4-2:1 [1:1-2:1]'], null],
    ['{ a = 1 b = 2 }', ['Missing attribute separator @ 1:9-1:10 [1:1-1:10]'], null],
    ['{ a = }', ['Invalid expression @ 1:7-1:8'], null],
    ['{ b = c. }', ['Invalid attribute name @ 1:10-1:11'], '{key(b) = ?}'],
    // For expressions.
    ['[for]', ["Invalid 'for' expression @ 1:5-1:6 [1:1-1:6]"], '?'],
    ['[for 1 in x: y]', ["Invalid 'for' expression @ 1:6-1:7 [1:1-1:7]"], '?'],
    ['[for a, 1 in x: y]', ["Invalid 'for' expression @ 1:9-1:10 [1:1-1:10]"], '?'],
    // "in" is a valid value name; the keyword is then missing.
    ['[for a, in x: y]', ["Invalid 'for' expression @ 1:12-1:13 [1:1-1:13]"], '?'],
    ['[for a on x: y]', ["Invalid 'for' expression @ 1:8-1:10 [1:1-1:10]"], '?'],
    ['[for a in x y]', ["Invalid 'for' expression @ 1:13-1:14 [1:1-1:14]"], '?'],
    ['[for a in x: y z]', ["Invalid 'for' expression @ 1:16-1:17 [1:1-1:17]"], '[for a in x : y]'],
    ['[for a in x: k => v]', ["Invalid 'for' expression @ 1:14-1:15 [1:1-1:21]"], null],
    ['[for a in x: v...]', ["Invalid 'for' expression @ 1:15-1:18 [1:1-1:19]"], null],
    ['{for a in x: v}', ["Invalid 'for' expression @ 1:14-1:15 [1:1-1:16]"], null],
    ['{for a in x: v', ["Invalid 'for' expression @ 1:15-1:15 [1:1-1:15]", "Invalid 'for' expression @ 1:14-1:15 [1:1-1:15]"], null],
  ])('%j', (src, want, tree) => {
    const r = expr(src);
    expect(r.diags).toEqual(want);
    if (tree !== null) expect(r.tree).toBe(tree);
  });

  test('messages', () => {
    const detail = (src: string) => parseExpression(src, 't').diags.map((d) => d.detail);
    expect(detail('')).toEqual(['Expected the start of an expression, but found the end of the file.']);
    expect(detail(')')).toEqual(['Expected the start of an expression, but found an invalid expression token.']);
    expect(detail('a b')).toEqual(['An expression was successfully parsed, but extra characters were found after it.']);
    expect(detail('1.2.3')).toEqual(['Failed to recognize the value of this number literal.']);
    expect(detail('a ? b')).toEqual(['The conditional operator (...?...:...) requires a false expression, delimited by a colon.']);
    expect(detail('(a')).toEqual(['Expected a closing parenthesis to terminate the expression.']);
    expect(detail('a.')).toEqual(['An attribute name is required after a dot.']);
    expect(detail('a.0.1')).toEqual(['When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [0][1].']);
    expect(detail('a.*.0.1')).toEqual(['When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax with a full splat expression [*] instead, like [0][1].']);
    expect(detail('a.*.*')).toEqual(['A splat expression (*) cannot be used inside another attribute-only splat expression.']);
    expect(detail('a[b')).toEqual(['The index operator must end with a closing bracket ("]").']);
    expect(detail('a[*')).toEqual(['The star for a full splat operator must be immediately followed by a closing bracket ("]").']);
    expect(detail('f(a')).toEqual(['There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.']);
    expect(detail('f(a b)')).toEqual(['A comma is required to separate each function argument from the next.']);
    expect(detail('f(a..., b)')).toEqual(['An expanded function argument (with ...) must be immediately followed by closing parentheses.']);
    expect(detail('f::')).toEqual(['Function scope resolution symbol :: must be followed by a function name in this scope.']);
    expect(detail('f::g')).toEqual(['Function selector must be followed by an open parenthesis to begin the function call.']);
    expect(detail('[a')).toEqual(['There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.']);
    expect(detail('[a b]')).toEqual(['Expected a comma to mark the beginning of the next item.']);
    expect(detail('{ a')).toEqual(['There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.']);
    expect(detail('{ a, b = 1 }')).toEqual(['Expected an attribute value, introduced by an equals sign ("=").']);
    expect(detail('{ a b }')).toEqual(['Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.']);
    expect(detail('{ a ) }')).toEqual(['Expected an equals sign ("=") to mark the beginning of the attribute value.']);
    expect(detail('{ a = 1 b = 2 }')).toEqual(['Expected a newline or comma to mark the beginning of the next attribute.']);
    expect(detail('[for]')).toEqual(["For expression requires variable name after 'for'."]);
    expect(detail('[for a, 1 in x: y]')).toEqual(['For expression requires value variable name after comma.']);
    expect(detail('[for a on x: y]')).toEqual(["For expression requires the 'in' keyword after its name declarations."]);
    expect(detail('[for a in x y]')).toEqual(['For expression requires a colon after the collection expression.']);
    expect(detail('[for a in x: y z]')).toEqual(["Extra characters after the end of the 'for' expression."]);
    expect(detail('[for a in x: k => v]')).toEqual(['Key expression is not valid when building a tuple.']);
    expect(detail('[for a in x: v...]')).toEqual(['Grouping ellipsis (...) cannot be used when building a tuple.']);
    expect(detail('{for a in x: v}')).toEqual(['Key expression is required when building an object.']);
  });

  test('operators that do not exist', () => {
    expect(expr('a & b').diags).toEqual(['Unsupported operator @ 1:3-1:4', 'Extra characters after expression @ 1:3-1:4']);
    const d = parseExpression('a & b | c ^ d ~ e & f', 't').diags.filter((x) => x.summary === 'Unsupported operator');
    // Only the first four are reported; XOR gets no suggestion.
    expect(d.map((x) => x.detail)).toEqual([
      'Bitwise operators are not supported. Did you mean boolean AND ("&&")?',
      'Bitwise operators are not supported. Did you mean boolean OR ("||")?',
      'Bitwise operators are not supported.',
      'Bitwise operators are not supported. Did you mean boolean NOT ("!")?',
    ]);
  });

  test('invalid characters are reported with their limits', () => {
    const summaries = (src: string) => parseExpression(src, 't').diags.filter((d) => d.summary.startsWith('Invalid char')).map((d) => `${d.detail!.slice(0, 12)} ${rng(d.subject)}`);
    // Backticks and apostrophes: the first and the third only (the two ends of one quoted string count once).
    expect(summaries('`a` `b` `c`')).toEqual(['The "`" char 1:1-1:2', 'The "`" char 1:5-1:6']);
    expect(summaries("'a' 'b' 'c'")).toEqual(['Single quote 1:1-1:2', 'Single quote 1:5-1:6']);
    // Semicolons: the first only.
    expect(summaries('a; b; c')).toEqual(['The ";" char 1:2-1:3']);
    // Curly quotes and other characters: all of them.
    expect(summaries('\u201ca\u201d')).toEqual(['"Curly quote 1:1-1:2', '"Curly quote 1:3-1:4']);
    expect(summaries('a § b § c')).toEqual(['This charact 1:3-1:4', 'This charact 1:7-1:8']);
  });

  test('invalid character messages', () => {
    const detail = (src: string) => parseExpression(src, 't').diags.filter((d) => d.summary.startsWith('Invalid')).map((d) => `${d.summary}: ${d.detail}`)[0];
    expect(detail('`a`')).toBe('Invalid character: The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".');
    expect(detail("'a'")).toBe('Invalid character: Single quotes are not valid. Use double quotes (") to enclose strings.');
    expect(detail('a;')).toBe('Invalid character: The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.');
    expect(detail('\u201ca\u201d')).toBe('Invalid character: "Curly quotes" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a "straight quote".');
    expect(detail('a § b')).toBe('Invalid character: This character is not used within the language.');
    expect(detail('"a\nb"')).toBe('Invalid multi-line string: Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.');
  });

  test('invalid UTF-8 is reported once', () => {
    const d = parseExpression('a\udcff\udcfe', 't').diags.filter((x) => x.summary === 'Invalid character encoding');
    expect(d.map((x) => [x.detail, rngb(x.subject)])).toEqual([
      ['All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.', '1:2-1:3@1-4'],
    ]);
  });
});
