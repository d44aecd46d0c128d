// The scanner: token kinds, exact token text (the formatter reproduces files from it) and positions, following
// hclsyntax's scan_tokens.rl, including its longest-match quirks.
import { SourceFile } from '../../src/source.js';
import { decodeSource, scanTokens } from '../../src/syntax/index.js';
import { scan } from '../../src/syntax/lexer.js';
import { tokensOf } from '../../src/syntax/token-kinds.js';
import { rngb, toks } from './helpers.js';

function bare(src: string): string[] {
  return tokensOf(scan(src, 't', 'template')).map((t) => `${t.type}:${JSON.stringify(t.text)}`);
}

describe('basic tokens', () => {
  test.each([
    ['', ['EOF:']],
    ['  \t ', ['EOF:']],
    ['a = 1\n', ['Ident:a', 'Equal:=', 'NumberLit:1', 'Newline:"\\n"', 'EOF:']],
    ['a=1\r\nb', ['Ident:a', 'Equal:=', 'NumberLit:1', 'Newline:"\\r\\n"', 'Ident:b', 'EOF:']],
    ['( 1 + 2 ) * 3', ['OParen:(', 'NumberLit:1', 'Plus:+', 'NumberLit:2', 'CParen:)', 'Star:*', 'NumberLit:3', 'EOF:']],
    ['9%8', ['NumberLit:9', 'Percent:%', 'NumberLit:8', 'EOF:']],
    ['[a,b]', ['OBrack:[', 'Ident:a', 'Comma:,', 'Ident:b', 'CBrack:]', 'EOF:']],
    ['{ }', ['OBrace:{', 'CBrace:}', 'EOF:']],
    ['a ? b : c', ['Ident:a', 'Question:?', 'Ident:b', 'Colon::', 'Ident:c', 'EOF:']],
  ])('%j', (src, want) => {
    expect(toks(src)).toEqual(want);
  });
});

describe('numbers', () => {
  test.each([
    ['1', ['NumberLit:1']],
    ['12.3', ['NumberLit:12.3']],
    ['1e2', ['NumberLit:1e2']],
    ['1e+2', ['NumberLit:1e+2']],
    ['1E-05', ['NumberLit:1E-05']],
    // A number never ends with a dot.
    ['1.', ['NumberLit:1', 'Dot:.']],
    ['.5', ['Dot:.', 'NumberLit:5']],
    // An exponent needs a digit: otherwise "e" starts an identifier.
    ['1e', ['NumberLit:1', 'Ident:e']],
    ['1e+', ['NumberLit:1', 'Ident:e', 'Plus:+']],
    // Dots and exponents may repeat: one (invalid) token, reported by the parser.
    ['1.2.3', ['NumberLit:1.2.3']],
    ['1..2', ['NumberLit:1..2']],
    ['1.e5', ['NumberLit:1.e5']],
    ['1.2.', ['NumberLit:1.2', 'Dot:.']],
    ['0x10', ['NumberLit:0', 'Ident:x10']],
    ['-1', ['Minus:-', 'NumberLit:1']],
  ])('%j', (src, want) => {
    expect(toks(src)).toEqual([...want, 'EOF:']);
  });
});

describe('identifiers', () => {
  test.each([
    ['hello', ['Ident:hello']],
    ['_ello', ['Ident:_ello']],
    ['hel_o', ['Ident:hel_o']],
    ['hel-o', ['Ident:hel-o']],
    ['h3ll0', ['Ident:h3ll0']],
    ['a-1', ['Ident:a-1']],
    ['a - 1', ['Ident:a', 'Minus:-', 'NumberLit:1']],
    ['a -b', ['Ident:a', 'Minus:-', 'Ident:b']],
    ['a->b', ['Ident:a-', 'GreaterThan:>', 'Ident:b']],
    ['-a', ['Minus:-', 'Ident:a']],
    ['a::b', ['Ident:a', 'DoubleColon:::', 'Ident:b']],
    ['::', ['DoubleColon:::']],
    ['ünïcödé', ['Ident:"ünïcödé"']],
  ])('%j', (src, want) => {
    expect(toks(src)).toEqual([...want, 'EOF:']);
  });

  test('a combining accent continues an identifier', () => {
    expect(toks('he\u0301llo')).toEqual(['Ident:"he\u0301llo"', 'EOF:']);
  });
});

describe('operators', () => {
  test.each([
    ['==', 'EqualOp'], ['!=', 'NotEqual'], ['<=', 'LessThanEq'], ['>=', 'GreaterThanEq'], ['&&', 'And'], ['||', 'Or'],
    ['=>', 'FatArrow'], ['...', 'Ellipsis'], ['::', 'DoubleColon'], ['=', 'Equal'], ['<', 'LessThan'], ['>', 'GreaterThan'],
    ['!', 'Bang'], ['?', 'Question'], [':', 'Colon'], ['.', 'Dot'], [',', 'Comma'], ['*', 'Star'], ['/', 'Slash'],
    ['%', 'Percent'], ['+', 'Plus'], ['-', 'Minus'],
    // Recognised only to be reported.
    ['&', 'BitwiseAnd'], ['|', 'BitwiseOr'], ['~', 'BitwiseNot'], ['^', 'BitwiseXor'], [';', 'Semicolon'], ['`', 'Backtick'], ["'", 'Apostrophe'],
  ])('%j is %s', (src, type) => {
    expect(toks(src)).toEqual([`${type}:${src}`, 'EOF:']);
  });

  test('longest match', () => {
    expect(toks('a..b')).toEqual(['Ident:a', 'Dot:.', 'Dot:.', 'Ident:b', 'EOF:']);
    expect(toks('a....b')).toEqual(['Ident:a', 'Ellipsis:...', 'Dot:.', 'Ident:b', 'EOF:']);
    expect(toks('===')).toEqual(['EqualOp:==', 'Equal:=', 'EOF:']);
    expect(toks('**')).toEqual(['Star:*', 'Star:*', 'EOF:']);
    expect(toks('&&&')).toEqual(['And:&&', 'BitwiseAnd:&', 'EOF:']);
    expect(toks('<<')).toEqual(['LessThan:<', 'LessThan:<', 'EOF:']);
  });

  test('"~}" is a sequence end even outside templates, "~" alone is bitwise not', () => {
    expect(toks('~}')).toEqual(['TemplateSeqEnd:~}', 'EOF:']);
    expect(toks('{ ~}')).toEqual(['OBrace:{', 'TemplateSeqEnd:~}', 'EOF:']);
    expect(toks('~ }')).toEqual(['BitwiseNot:~', 'CBrace:}', 'EOF:']);
  });

  test('"${" outside a template is not a sequence', () => {
    expect(toks('${a}')).toEqual(['Invalid:$', 'OBrace:{', 'Ident:a', 'CBrace:}', 'EOF:']);
  });
});

describe('comments', () => {
  test.each([
    ['# hello\n', ['Comment:"# hello\\n"']],
    ['# hello', ['Comment:"# hello"']],
    ['// hello\r\n', ['Comment:"// hello\\r\\n"']],
    ['#\n#\n', ['Comment:"#\\n"', 'Comment:"#\\n"']],
    ['a # c\nb', ['Ident:a', 'Comment:"# c\\n"', 'Ident:b']],
    ['/* a\nb */', ['Comment:"/* a\\nb */"']],
    ['/**/x', ['Comment:/**/', 'Ident:x']],
    // Ends at the first */ (no nesting).
    ['/* /* */ */', ['Comment:"/* /* */"', 'Star:*', 'Slash:/']],
    // Unterminated: not a comment at all.
    ['/* x', ['Slash:/', 'Star:*', 'Ident:x']],
    ['a /* c */ = 1', ['Ident:a', 'Comment:"/* c */"', 'Equal:=', 'NumberLit:1']],
  ])('%j', (src, want) => {
    expect(toks(src)).toEqual([...want, 'EOF:']);
  });
});

describe('quoted templates', () => {
  test.each([
    ['""', ['OQuote:"', 'CQuote:"']],
    ['"hello"', ['OQuote:"', 'QuotedLit:hello', 'CQuote:"']],
    ['"hello, \\"world\\"!"', ['OQuote:"', 'QuotedLit:"hello, \\\\\\"world\\\\\\"!"', 'CQuote:"']],
    // $ and % that do not start a sequence are literal tokens of their own.
    ['"hello $$"', ['OQuote:"', 'QuotedLit:"hello "', 'QuotedLit:$', 'QuotedLit:$', 'CQuote:"']],
    ['"hello %%"', ['OQuote:"', 'QuotedLit:"hello "', 'QuotedLit:%', 'QuotedLit:%', 'CQuote:"']],
    ['"hello $"', ['OQuote:"', 'QuotedLit:"hello "', 'QuotedLit:$', 'CQuote:"']],
    ['"hello $${world}"', ['OQuote:"', 'QuotedLit:"hello "', 'QuotedLit:$${', 'QuotedLit:world}', 'CQuote:"']],
    ['"hello %%{world}"', ['OQuote:"', 'QuotedLit:"hello "', 'QuotedLit:%%{', 'QuotedLit:world}', 'CQuote:"']],
    ['"hello %${world}"', ['OQuote:"', 'QuotedLit:"hello "', 'QuotedLit:%', 'TemplateInterp:${', 'Ident:world', 'TemplateSeqEnd:}', 'CQuote:"']],
    ['"${1}"', ['OQuote:"', 'TemplateInterp:${', 'NumberLit:1', 'TemplateSeqEnd:}', 'CQuote:"']],
    ['"%{a}"', ['OQuote:"', 'TemplateControl:%{', 'Ident:a', 'TemplateSeqEnd:}', 'CQuote:"']],
    ['"${~a~}"', ['OQuote:"', 'TemplateInterp:${~', 'Ident:a', 'TemplateSeqEnd:~}', 'CQuote:"']],
    ['"%{~a~}"', ['OQuote:"', 'TemplateControl:%{~', 'Ident:a', 'TemplateSeqEnd:~}', 'CQuote:"']],
    // Braces inside a sequence balance; only the matching one ends it.
    ['"${{}}"', ['OQuote:"', 'TemplateInterp:${', 'OBrace:{', 'CBrace:}', 'TemplateSeqEnd:}', 'CQuote:"']],
    ['"${""}"', ['OQuote:"', 'TemplateInterp:${', 'OQuote:"', 'CQuote:"', 'TemplateSeqEnd:}', 'CQuote:"']],
    ['"${"${a}"}"', ['OQuote:"', 'TemplateInterp:${', 'OQuote:"', 'TemplateInterp:${', 'Ident:a', 'TemplateSeqEnd:}', 'CQuote:"', 'TemplateSeqEnd:}', 'CQuote:"']],
    // A backslash escape is kept whole, so \" and \$ neither end the string nor start a sequence.
    ['"\\${a}"', ['OQuote:"', 'QuotedLit:\\${a}', 'CQuote:"']],
    ['"\\\\${a}"', ['OQuote:"', 'QuotedLit:\\\\', 'TemplateInterp:${', 'Ident:a', 'TemplateSeqEnd:}', 'CQuote:"']],
    // Comments are not recognised in literal text.
    ['"# x"', ['OQuote:"', 'QuotedLit:"# x"', 'CQuote:"']],
    // Newlines end nothing: they are reported, and the string goes on.
    ['"a\nb"', ['OQuote:"', 'QuotedLit:a', 'QuotedNewline:"\\n"', 'QuotedLit:b', 'CQuote:"']],
    ['"a\r\n\nb"', ['OQuote:"', 'QuotedLit:a', 'QuotedNewline:"\\r\\n\\n"', 'QuotedLit:b', 'CQuote:"']],
    // A backslash before a newline or the end is a character of its own.
    ['"a\\\nb"', ['OQuote:"', 'QuotedLit:a', 'Invalid:\\', 'QuotedNewline:"\\n"', 'QuotedLit:b', 'CQuote:"']],
    // Unterminated, and a dangling $ at the very end.
    ['"abc', ['OQuote:"', 'QuotedLit:abc']],
    ['"abc$', ['OQuote:"', 'QuotedLit:abc', 'Invalid:$']],
  ])('%j', (src, want) => {
    expect(toks(src)).toEqual([...want, 'EOF:']);
  });
});

describe('heredocs', () => {
  test.each([
    ['<<EOT\nhello world\nEOT\n', ['OHeredoc:"<<EOT\\n"', 'StringLit:"hello world\\n"', 'CHeredoc:EOT', 'Newline:"\\n"']],
    ['<<EOT\nhello ${name}\nEOT\n', ['OHeredoc:"<<EOT\\n"', 'StringLit:"hello "', 'TemplateInterp:${', 'Ident:name', 'TemplateSeqEnd:}', 'StringLit:"\\n"', 'CHeredoc:EOT', 'Newline:"\\n"']],
    // The marker only closes at the start of a line.
    ['<<EOT\n${name}EOT\nEOT\n', ['OHeredoc:"<<EOT\\n"', 'TemplateInterp:${', 'Ident:name', 'TemplateSeqEnd:}', 'StringLit:"EOT\\n"', 'CHeredoc:EOT', 'Newline:"\\n"']],
    ['<<EOT\n  hello world\nEOT\n', ['OHeredoc:"<<EOT\\n"', 'StringLit:"  hello world\\n"', 'CHeredoc:EOT', 'Newline:"\\n"']],
    ['<<-EOT\n  hello world\nEOT\n', ['OHeredoc:"<<-EOT\\n"', 'StringLit:"  hello world\\n"', 'CHeredoc:EOT', 'Newline:"\\n"']],
    // The closing marker may be indented (and followed by spaces), for << as well as <<-.
    ['<<-EOT\n  hello world\n EOT\n', ['OHeredoc:"<<-EOT\\n"', 'StringLit:"  hello world\\n"', 'CHeredoc:" EOT"', 'Newline:"\\n"']],
    ['<<EOT\nx\n  EOT  \n', ['OHeredoc:"<<EOT\\n"', 'StringLit:"x\\n"', 'CHeredoc:"  EOT  "', 'Newline:"\\n"']],
    // CRLF line ends.
    ['<<EOT\r\nx\r\nEOT\r\n', ['OHeredoc:"<<EOT\\r\\n"', 'StringLit:"x\\r\\n"', 'CHeredoc:EOT', 'Newline:"\\r\\n"']],
    // A longer word is not the marker.
    ['<<EOT\nEOTX\nEOT\n', ['OHeredoc:"<<EOT\\n"', 'StringLit:"EOTX\\n"', 'CHeredoc:EOT', 'Newline:"\\n"']],
    // Empty heredoc.
    ['<<EOT\nEOT\n', ['OHeredoc:"<<EOT\\n"', 'CHeredoc:EOT', 'Newline:"\\n"']],
    // Escapes and $/% splits as in quoted strings, but backslashes are plain text.
    ['<<EOT\na\\n$${b} $x %\nEOT\n', ['OHeredoc:"<<EOT\\n"', 'StringLit:a\\n', 'StringLit:$${', 'StringLit:"b} "', 'StringLit:$', 'StringLit:"x "', 'StringLit:%', 'StringLit:"\\n"', 'CHeredoc:EOT', 'Newline:"\\n"']],
    // Heredocs nest inside interpolations.
    ['<<EOF\n${<<-EOF\nhello\nEOF\n}\nEOF\n', [
      'OHeredoc:"<<EOF\\n"', 'TemplateInterp:${', 'OHeredoc:"<<-EOF\\n"', 'StringLit:"hello\\n"', 'CHeredoc:EOF', 'Newline:"\\n"',
      'TemplateSeqEnd:}', 'StringLit:"\\n"', 'CHeredoc:EOF', 'Newline:"\\n"',
    ]],
    // The marker at the end of the file without a newline does not close.
    ['<<EOT\nx\nEOT', ['OHeredoc:"<<EOT\\n"', 'StringLit:"x\\n"', 'StringLit:EOT']],
    // A space after the opener: not a heredoc.
    ['<<EOF \nhello\nEOF\n', ['LessThan:<', 'LessThan:<', 'Ident:EOF', 'Newline:"\\n"', 'Ident:hello', 'Newline:"\\n"', 'Ident:EOF', 'Newline:"\\n"']],
    // A lone CR stops the scanner: the rest is one invalid token.
    ['<<EOT\na\rb\nEOT\n', ['OHeredoc:"<<EOT\\n"', 'StringLit:a', 'Invalid:"\\rb\\nEOT\\n"']],
  ])('%j', (src, want) => {
    expect(toks(src)).toEqual([...want, 'EOF:']);
  });
});

describe('bare templates', () => {
  test.each([
    ['', ['EOF:""']],
    [' hello ', ['StringLit:" hello "', 'EOF:""']],
    ['a\nb\n', ['StringLit:"a\\n"', 'StringLit:"b\\n"', 'EOF:""']],
    ['a${b}c', ['StringLit:"a"', 'TemplateInterp:"${"', 'Ident:"b"', 'TemplateSeqEnd:"}"', 'StringLit:"c"', 'EOF:""']],
    ['%{ if x }y%{ endif }', ['TemplateControl:"%{"', 'Ident:"if"', 'Ident:"x"', 'TemplateSeqEnd:"}"', 'StringLit:"y"', 'TemplateControl:"%{"', 'Ident:"endif"', 'TemplateSeqEnd:"}"', 'EOF:""']],
    ['"quoted"', ['StringLit:"\\"quoted\\""', 'EOF:""']],
    // A dangling $ at the end, and anything after a lone CR, are literal text.
    ['a$', ['StringLit:"a"', 'StringLit:"$"', 'EOF:""']],
    ['a\r${b}', ['StringLit:"a"', 'StringLit:"\\r${b}"', 'EOF:""']],
  ])('%j', (src, want) => {
    expect(bare(src)).toEqual(want);
  });
});

describe('invalid characters', () => {
  test('a character outside the language', () => {
    expect(toks('🌻')).toEqual(['Invalid:"🌻"', 'EOF:']);
    expect(toks('a \u201cb\u201d')).toEqual(['Ident:a', 'Invalid:"\u201c"', 'Ident:b', 'Invalid:"\u201d"', 'EOF:']);
    expect(toks('\r')).toEqual(['Invalid:"\\r"', 'EOF:']);
    expect(toks('\\')).toEqual(['Invalid:\\', 'EOF:']);
  });

  test('invalid UTF-8 bytes are one BadUTF8 token each', () => {
    const { text, invalidUtf8 } = decodeSource(Uint8Array.from([0x61, 0x20, 0xff, 0xc3, 0x20, 0x62]));
    expect(invalidUtf8).toBe(true);
    const t = scanTokens(text, 'x');
    expect(t.map((x) => x.type)).toEqual(['Ident', 'BadUTF8', 'BadUTF8', 'Ident', 'EOF']);
    const f = new SourceFile('x', text);
    // Each bad byte is one column (byte offsets count it as the three bytes of U+FFFD).
    expect(rngb(f.range(t[1]!.start, t[1]!.end))).toBe('1:3-1:4@2-5');
    expect(rngb(f.range(t[3]!.start, t[3]!.end))).toBe('1:6-1:7@9-10');
  });

  test('valid UTF-8 decodes normally', () => {
    const { text, invalidUtf8 } = decodeSource(new TextEncoder().encode('a = "é🌻"'));
    expect(invalidUtf8).toBe(false);
    expect(text).toBe('a = "é🌻"');
  });
});

describe('positions', () => {
  function positions(src: string): string[] {
    const f = new SourceFile('test.hcl', src);
    return scanTokens(src, 'test.hcl').map((t) => `${t.type} ${rngb(f.range(t.start, t.end))}`);
  }

  test('lines, columns and bytes', () => {
    expect(positions('a = 1\nbb = "x"\n')).toEqual([
      'Ident 1:1-1:2@0-1', 'Equal 1:3-1:4@2-3', 'NumberLit 1:5-1:6@4-5', 'Newline 1:6-2:1@5-6',
      'Ident 2:1-2:3@6-8', 'Equal 2:4-2:5@9-10', 'OQuote 2:6-2:7@11-12', 'QuotedLit 2:7-2:8@12-13', 'CQuote 2:8-2:9@13-14',
      'Newline 2:9-3:1@14-15', 'EOF 3:1-3:1@15-15',
    ]);
  });

  test('CRLF: the pair is one newline', () => {
    expect(positions('a\r\nb')).toEqual(['Ident 1:1-1:2@0-1', 'Newline 1:2-2:1@1-3', 'Ident 2:1-2:2@3-4', 'EOF 2:2-2:2@4-4']);
  });

  test('columns count grapheme clusters, bytes count UTF-8', () => {
    expect(positions('"é👩‍👩‍👧" x')).toEqual([
      'OQuote 1:1-1:2@0-1', 'QuotedLit 1:2-1:4@1-21', 'CQuote 1:4-1:5@21-22', 'Ident 1:6-1:7@23-24', 'EOF 1:7-1:7@24-24',
    ]);
  });

  test('tabs are one column each', () => {
    expect(positions('\ta\t=\t1')).toEqual(['Ident 1:2-1:3@1-2', 'Equal 1:4-1:5@3-4', 'NumberLit 1:6-1:7@5-6', 'EOF 1:7-1:7@6-6']);
  });

  test('a leading BOM is skipped but counts its three bytes', () => {
    expect(positions('\ufeffa = 1')).toEqual(['Ident 1:1-1:2@3-4', 'Equal 1:3-1:4@5-6', 'NumberLit 1:5-1:6@7-8', 'EOF 1:6-1:6@8-8']);
    // Elsewhere it is an invalid character.
    expect(toks('a\ufeff')).toEqual(['Ident:a', 'Invalid:"\ufeff"', 'EOF:']);
  });

  test('a multi-line comment ends where it ends', () => {
    expect(positions('/* a\nbc */ x')).toEqual(['Comment 1:1-2:6@0-10', 'Ident 2:7-2:8@11-12', 'EOF 2:8-2:8@12-12']);
  });

  test('the token stream covers the text', () => {
    const src = 'a = <<-EOT\n  x ${y} %{if z}w%{endif}\n  EOT\n# c\nb { c = "d" } // e\r\n/* f */';
    const t = scanTokens(src, 'x');
    let at = 0;
    for (const tok of t) {
      expect(src.slice(at, tok.start)).toMatch(/^[ \t]*$/);
      expect(src.slice(tok.start, tok.end)).toBe(tok.text);
      at = tok.end;
    }
    expect(at).toBe(src.length);
  });
});
