// Formatting vectors, one group per rule of hclwrite.Format (re-derived from its documented behaviour).
// `input` is a whole file; `want` is what `packer fmt` writes. Every vector is also run through the real
// `packer fmt` (1.6.6) unless `oracle` says why 1.6.6 differs from current Packer (which tspacker follows).

export interface FormatVector {
  readonly name: string;
  readonly input: string;
  readonly want: string;
  /** Set when Packer 1.6.6 (hcl v2.6.0) formats differently from current Packer: the reason. */
  readonly oracleDiffers?: string;
}

const BANG_CHANGED =
  'hcl v2.8.1 (after Packer 1.6.6) stopped putting a space after "!"; 1.6.6 writes "! b" for both "!b" and "! b"';
const NO_DOUBLE_COLON = 'Packer 1.6.6 predates provider::ns::fn syntax (hcl v2.20): it cannot parse "::"';

export const spacingVectors: FormatVector[] = [
  // 1. no space before a newline: trailing blanks disappear
  { name: 'newline: trailing spaces removed', input: 'a = 1   \nb = 2\t\n', want: 'a = 1\nb = 2\n' },
  { name: 'newline: blanks on a blank line removed', input: 'a = 1\n  \t \nb {\n   \n}\n', want: 'a = 1\n\nb {\n\n}\n' },
  // 2. function name and "(", namespace segments
  { name: 'call: name stays attached to "("', input: 'a = upper ("x")\n', want: 'a = upper("x")\n' },
  { name: 'call: nested calls', input: 'a = max (1, min (2,3))\n', want: 'a = max(1, min(2, 3))\n' },
  {
    name: 'call: namespaced function',
    input: 'a = provider :: ns ::fn(1)\n',
    want: 'a = provider::ns::fn(1)\n',
    oracleDiffers: NO_DOUBLE_COLON,
  },
  // 3. attribute access dots
  { name: 'dot: attribute access', input: 'a = var . b . c\n', want: 'a = var.b.c\n' },
  { name: 'dot: splat and legacy index', input: 'a = x . * . id\nb = x. 0\n', want: 'a = x.*.id\nb = x.0\n' },
  {
    // Quirk kept from hclwrite: the legacy index `1. 8` becomes `1.8`, which then reads as a number. (Likewise
    // `x . 1 . 2` becomes `x.1.2`, which the parser then refuses: "Invalid legacy index syntax".)
    name: 'dot: legacy index after a number literal is joined',
    input: 't = 1. 8\n',
    want: 't = 1.8\n',
  },
  // 4. no space before "," or "..."
  { name: 'comma: no space before', input: 'a = [1 ,2 , 3]\n', want: 'a = [1, 2, 3]\n' },
  { name: 'ellipsis: attached to its argument', input: 'a = max(xs ...)\nb = concat(a,b ...)\n', want: 'a = max(xs...)\nb = concat(a, b...)\n' },
  // 5. one space after ","
  { name: 'comma: one space after', input: 'a = {x=[1,2],y=3}\n', want: 'a = { x = [1, 2], y = 3 }\n' },
  // 6. template text untouched
  {
    name: 'template: literal text keeps its spaces',
    input: 'a = "  x  ${ b }  y "\n',
    want: 'a = "  x  ${b}  y "\n',
  },
  {
    name: 'template: heredoc text untouched, interpolations spaced',
    input: 'a = <<EOT\n  x =  1\n\t${ b }  y\nEOT\n',
    want: 'a = <<EOT\n  x =  1\n\t${b}  y\nEOT\n',
  },
  { name: 'template: empty string', input: 'a = ""\n', want: 'a = ""\n' },
  // 7. "in" followed by a tuple
  {
    name: 'for: space between "in" and a tuple',
    input: 'a = [for x in [1,2]: x]\n',
    want: 'a = [for x in [1, 2] : x]\n',
  },
  {
    name: 'for: object for with key/value',
    input: 'a = {for k,v in m: k=>v if v!=null}\n',
    want: 'a = { for k, v in m : k => v if v != null }\n',
  },
  // 8. indexing brackets
  {
    name: 'index: after identifier, number and closers',
    input: 'a = b [0]\nc = f() [1]\nd = x[*] [0]\ne = [1] [0]\n',
    want: 'a = b[0]\nc = f()[1]\nd = x[*][0]\ne = [1][0]\n',
  },
  { name: 'index: after a string a space remains', input: 'a = "x" [0]\n', want: 'a = "x" [0]\n' },
  { name: 'index: a tuple value gets a space after "="', input: 'a =[1]\n', want: 'a = [1]\n' },
  // 9. "!"
  { name: 'bang: no space after', input: 'a = ! b\n', want: 'a = !b\n', oracleDiffers: BANG_CHANGED },
  { name: 'bang: already attached', input: 'a = !b\n', want: 'a = !b\n', oracleDiffers: BANG_CHANGED },
  // 10. "-" negation vs subtraction
  { name: 'minus: negation after "="', input: 'a = - 1\n', want: 'a = -1\n' },
  { name: 'minus: subtraction after an operand', input: 'a = b -1\nc = (d)-1\n', want: 'a = b - 1\nc = (d) - 1\n' },
  {
    name: 'minus: negation after openers and separators',
    input: 'a = [- 1,- 2]\nb = f(- 1)\nc = x ? - 1 : - 2\nd = { k = - 1 }\n',
    want: 'a = [-1, -2]\nb = f(-1)\nc = x ? -1 : -2\nd = { k = -1 }\n',
  },
  {
    name: 'minus: negation after operators',
    input: 'a = 1 - - 1\nb = 2 * - 3\nc = 1 == - 1\nd = 1 < - 1\ne = x && - 1 > 0\n',
    want: 'a = 1 - -1\nb = 2 * -3\nc = 1 == -1\nd = 1 < -1\ne = x && -1 > 0\n',
  },
  // 11. braces
  { name: 'brace: one-line block', input: 'b{a=1}\n', want: 'b { a = 1 }\n' },
  { name: 'brace: empty block and object', input: 'b {  }\nc "l" {}\na = {   }\n', want: 'b {}\nc "l" {}\na = {}\n' },
  { name: 'brace: object constructor', input: 'a = {x=1}\n', want: 'a = { x = 1 }\n' },
  // 12. an object as the whole interpolation
  { name: 'brace: object inside an interpolation', input: 'a = "${{x=1}}"\n', want: 'a = "${ { x = 1 } }"\n' },
  // 13. adjacent interpolations
  {
    name: 'template: adjacent interpolations and directives',
    input: 'a = "${ b }${c} ${ d }%{ if e }f%{ endif }"\n',
    want: 'a = "${b}${c} ${d}%{if e}f%{endif}"\n',
  },
  { name: 'template: strip markers', input: 'a = "x ${~ b ~} y"\n', want: 'a = "x ${~b~} y"\n' },
  // 14. no space after openers or before closers
  { name: 'bracket: nested tuples', input: 'a = [ [ ] ]\n', want: 'a = [[]]\n' },
  { name: 'bracket: parentheses', input: 'a = ( 1+2 )*3\n', want: 'a = (1 + 2) * 3\n' },
  { name: 'bracket: call arguments', input: 'a = f( 1, 2 )\n', want: 'a = f(1, 2)\n' },
  // 15. everything else is one space apart
  {
    name: 'operators: binary, conditional',
    input: 'a = 1+2*3/4%5\nb = x?y:z\nc = p&&q||r\nd = 1<=2\n',
    want: 'a = 1 + 2 * 3 / 4 % 5\nb = x ? y : z\nc = p && q || r\nd = 1 <= 2\n',
  },
  { name: 'operators: block labels', input: 'source  "a"   "b"{\n}\n', want: 'source "a" "b" {\n}\n' },
  { name: 'operators: identifier labels', input: 'block   a   b {}\n', want: 'block a b {}\n' },
];

export const indentVectors: FormatVector[] = [
  { name: 'indent: block body', input: 'b {\na = 1\n}\n', want: 'b {\n  a = 1\n}\n' },
  {
    name: 'indent: nested blocks',
    input: 'a {\nb {\nc {\nd = 1\n}\n}\n}\n',
    want: 'a {\n  b {\n    c {\n      d = 1\n    }\n  }\n}\n',
  },
  {
    name: 'indent: over-indented input is pulled back',
    input: '      a {\n            b = 1\n    }\n',
    want: 'a {\n  b = 1\n}\n',
  },
  {
    name: 'indent: multi-line object and tuple values',
    input: 'a = {\nb = [\n1,\n2,\n]\n}\n',
    want: 'a = {\n  b = [\n    1,\n    2,\n  ]\n}\n',
  },
  {
    name: 'indent: multi-line call arguments',
    input: 'a = f(\n1,\n- 2,\nb*c,\n)\n',
    want: 'a = f(\n  1,\n  -2,\n  b * c,\n)\n',
  },
  {
    name: 'indent: list of objects (closing and opening on one line keeps the inner depth)',
    input: 'a = [{\nb = 1\n}, {\nb = 2\n}]\n',
    want: 'a = [{\n  b = 1\n  }, {\n  b = 2\n}]\n',
  },
  {
    name: 'indent: lopsided brackets dedent by whole frames',
    input: 'a = [[\n[\nb\n]]\n]\n',
    want: 'a = [[\n  [\n    b\n  ]]\n]\n',
  },
  {
    name: 'indent: two openers on one line are one level',
    input: 'a = [[\nb\n]]\n',
    want: 'a = [[\n  b\n]]\n',
  },
  {
    name: 'indent: comments follow the depth',
    input: 'a {\n# one\n// two\n/* three */\nb = [\n# four\n]\n}\n',
    want: 'a {\n  # one\n  // two\n  /* three */\n  b = [\n    # four\n  ]\n}\n',
  },
  {
    name: 'indent: interpolation split over lines',
    input: 'a = "${\nb\n}"\n',
    want: 'a = "${\n  b\n}"\n',
  },
  {
    name: 'indent: heredoc body and marker keep their columns',
    input: 'a {\nb = <<EOT\nx\n  y\nEOT\nc = 1\n}\n',
    want: 'a {\n  b = <<EOT\nx\n  y\nEOT\n  c = 1\n}\n',
  },
  {
    name: 'indent: flush heredoc with an indented marker',
    input: 'a {\n      b = <<-EOT\n        x\n        EOT\n}\n',
    want: 'a {\n  b = <<-EOT\n        x\n        EOT\n}\n',
  },
  {
    name: 'indent: brackets inside heredoc text do not count',
    input: 'a {\nb = <<EOT\n{ [ (\nEOT\n}\nc {\nd = 1\n}\n',
    want: 'a {\n  b = <<EOT\n{ [ (\nEOT\n}\nc {\n  d = 1\n}\n',
  },
  {
    name: 'indent: heredoc as a call argument',
    input: 'a {\nb = f(<<EOT\nx\nEOT\n)\n}\n',
    want: 'a {\n  b = f(<<EOT\nx\nEOT\n  )\n}\n',
  },
];

export const alignVectors: FormatVector[] = [
  { name: 'align: equals in a run', input: 'a = 1\nbungle = 2\n', want: 'a      = 1\nbungle = 2\n' },
  { name: 'align: a blank line ends the run', input: 'a = 1\n\nbungle = 2\n', want: 'a = 1\n\nbungle = 2\n' },
  {
    name: 'align: a comment line ends the run',
    input: 'a = 1\n# c\nbungle = 2\n',
    want: 'a = 1\n# c\nbungle = 2\n',
  },
  {
    name: 'align: inside blocks, nested blocks end the run',
    input: 'b {\nx = 1\nlong_name = 2\nc {}\ny = 3\n}\n',
    want: 'b {\n  x         = 1\n  long_name = 2\n  c {}\n  y = 3\n}\n',
  },
  {
    name: 'align: one-line block and multi-line value end the run',
    input: 'a = 1\nb { c = 1 }\nxx = 2\nyyy = {\nz = 1\nzzzz = 2\n}\n',
    want: 'a = 1\nb { c = 1 }\nxx = 2\nyyy = {\n  z    = 1\n  zzzz = 2\n}\n',
  },
  {
    name: 'align: heredoc attributes take part',
    input: 'b {\nx = <<EOT\nhi\nEOT\nlonger = 1\n}\n',
    want: 'b {\n  x      = <<EOT\nhi\nEOT\n  longer = 1\n}\n',
  },
  {
    name: 'align: trailing comments',
    input: 'a = 1 # foo\nbungle = "bonce" # baz\nzebra = "striped" # baz\n',
    want: 'a      = 1         # foo\nbungle = "bonce"   # baz\nzebra  = "striped" # baz\n',
  },
  {
    name: 'align: comment-only line is not in the comment run',
    input: '# here\na = 1 # foo\nbungle = "bonce" // baz\n',
    want: '# here\na      = 1       # foo\nbungle = "bonce" // baz\n',
  },
  {
    name: 'align: block header in the comment run',
    input: 'foo {} # here we go\na = 1 # foo\nbungle = "bonce" # baz\n',
    want: 'foo {}           # here we go\na      = 1       # foo\nbungle = "bonce" # baz\n',
  },
  {
    name: 'align: a line without comment ends the comment run',
    input: 'a = 1 # foo\nbungle = 2\nc = 3 # x\n',
    want: 'a      = 1 # foo\nbungle = 2\nc      = 3 # x\n',
  },
  {
    name: 'align: multi-line value closing line is in the comment run',
    input: 'a = 1 # foo\nbungle = (\n    "bonce"\n) # baz\nzebra = "striped" # baz\n',
    want: 'a = 1 # foo\nbungle = (\n  "bonce"\n)                 # baz\nzebra = "striped" # baz\n',
  },
  {
    name: 'align: comments without spaces before them',
    input: 'a="apple"# foo\nbungle=(# woo parens\n"bonce"\n)# baz\nzebra="striped"# baz\n',
    want: 'a = "apple" # foo\nbungle = (  # woo parens\n  "bonce"\n)                 # baz\nzebra = "striped" # baz\n',
  },
  {
    name: 'align: widths count grapheme clusters',
    input: '𝒜 = 1 # foo\nbungle = "🇬🇧" # baz\nzebra = "striped" # baz\n',
    want: '𝒜      = 1         # foo\nbungle = "🇬🇧"       # baz\nzebra  = "striped" # baz\n',
  },
  {
    name: 'align: object constructor items',
    input: 'a = {\nx = 1\nyy = 2,\nzzz = 3\n}\n',
    want: 'a = {\n  x   = 1\n  yy  = 2,\n  zzz = 3\n}\n',
  },
  {
    name: 'align: block comment at end of line is not a comment cell',
    input: 'a = 1 /* x */\nbb = 2\n',
    want: 'a  = 1 /* x */\nbb = 2\n',
  },
];

export const invariantVectors: FormatVector[] = [
  { name: 'keep: empty file', input: '', want: '' },
  { name: 'keep: blank lines, leading blank lines', input: '\n\n\na = 1\n\n\n\nb = 2\n\n', want: '\n\n\na = 1\n\n\n\nb = 2\n\n' },
  { name: 'keep: no final newline', input: 'a {\nb=1\n}', want: 'a {\n  b = 1\n}' },
  {
    name: 'keep: blanks at the end of a file without final newline become spaces',
    input: 'a=1\t \t',
    want: 'a = 1   ',
  },
  {
    name: 'keep: tabs between tokens replaced, tabs in comments and strings kept',
    input: 'a\t=\t"x\ty"\t#\tc\t\nb {\n\tc = 1\n}\n',
    want: 'a = "x\ty" #\tc\t\nb {\n  c = 1\n}\n',
  },
  {
    name: 'keep: CRLF line endings',
    input: 'a=1\r\nbb\t=\t2 # x\r\nc {\r\nd=1\r\n}\r\n',
    want: 'a  = 1\r\nbb = 2 # x\r\nc {\r\n  d = 1\r\n}\r\n',
  },
  { name: 'keep: UTF-8 BOM is dropped', input: '\ufeffa=1\n', want: 'a = 1\n' },
  // hclwrite counts the BOM's three bytes as blanks before the first token; only EOF keeps them.
  { name: 'keep: a file of a BOM and blanks becomes spaces', input: '\ufeff \t', want: '     ' },
  {
    name: 'keep: comment styles, number spelling, quotes',
    input: '# a\n// b\n/* c\n   d */\nx = 1.50e3 // n\n',
    want: '# a\n// b\n/* c\n   d */\nx = 1.50e3 // n\n',
  },
  {
    name: 'keep: a packer template',
    input:
      'source "null" "x" {\ncommunicator = "none"\n}\n\nbuild {\nsources = ["source.null.x"]\nprovisioner "shell-local" {\ninline = ["echo ${ var.a }"]\n}\n}\n',
    want:
      'source "null" "x" {\n  communicator = "none"\n}\n\nbuild {\n  sources = ["source.null.x"]\n  provisioner "shell-local" {\n    inline = ["echo ${var.a}"]\n  }\n}\n',
  },
];

export const allVectors: FormatVector[] = [...spacingVectors, ...indentVectors, ...alignVectors, ...invariantVectors];

/** Sources `packer fmt` refuses (parse errors): tspacker must refuse them too. */
export const refusedInputs: { name: string; input: string }[] = [
  { name: 'missing value', input: 'a =\n' },
  { name: 'binary operator across lines', input: 'a = 1 +\n  2\n' },
  { name: 'two arguments in a one-line block', input: 'b { x = 1, y = 2 }\n' },
  { name: 'duplicate attribute', input: 'a = 1\na = 2\n' },
  { name: 'unclosed block', input: 'b {\n  a = 1\n' },
  { name: 'unterminated heredoc', input: 'a = <<EOT\nx\n' },
  { name: 'invalid character', input: 'a = 1 ;\n' },
];
