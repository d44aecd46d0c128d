// Go text/template conformance: the parse and error tables of text/template/parse/parse_test.go (Go 1.2x), plus
// execution cases in the style of exec_test.go. Named templates (define/template/block) are out of scope.
import { nodeString } from '@tspacker/sdk/interpolate/ast.js';
import { InterpolateError, interpolate } from '@tspacker/sdk/interpolate/index.js';
import type { InterpolateContext } from '@tspacker/sdk/interpolate/index.js';
import { parseTemplate } from '@tspacker/sdk/interpolate/parser.js';

const FUNCS = new Set(['printf', 'contains']);
const treeString = (input: string, name = 'test'): string => nodeString(parseTemplate(input, { name, functions: FUNCS }));
const parseError = (input: string, name = 'test'): string => {
  try {
    parseTemplate(input, { name, functions: FUNCS });
  } catch (e) {
    expect(e).toBeInstanceOf(InterpolateError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${input}`);
};

describe('parse (parse_test.go parseTests)', () => {
  const ok: Array<[string, string]> = [
    ['', ''],
    ['{{/*\n\n\n*/}}', ''],
    [' \t\n', '" \\t\\n"'],
    ['some text', '"some text"'],
    ['{{.X}}', '{{.X}}'],
    ['{{printf}}', '{{printf}}'],
    ['{{$}}', '{{$}}'],
    ['{{with $x := 3}}{{$x 23}}{{end}}', '{{with $x := 3}}{{$x 23}}{{end}}'],
    ['{{$.I}}', '{{$.I}}'],
    ['{{printf `%d` 23}}', '{{printf `%d` 23}}'],
    ['{{.X|.Y}}', '{{.X | .Y}}'],
    ['{{$x := .X|.Y}}', '{{$x := .X | .Y}}'],
    ['{{.X (.Y .Z) (.A | .B .C) (.E)}}', '{{.X (.Y .Z) (.A | .B .C) (.E)}}'],
    ['{{(.Y .Z).Field}}', '{{(.Y .Z).Field}}'],
    ['{{if .X}}hello{{end}}', '{{if .X}}"hello"{{end}}'],
    ['{{if .X}}true{{else}}false{{end}}', '{{if .X}}"true"{{else}}"false"{{end}}'],
    ['{{if .X}}true{{else if .Y}}false{{end}}', '{{if .X}}"true"{{else}}{{if .Y}}"false"{{end}}{{end}}'],
    ['+{{if .X}}X{{else if .Y}}Y{{else if .Z}}Z{{end}}+',
      '"+"{{if .X}}"X"{{else}}{{if .Y}}"Y"{{else}}{{if .Z}}"Z"{{end}}{{end}}{{end}}"+"'],
    ['{{range .X}}hello{{end}}', '{{range .X}}"hello"{{end}}'],
    ['{{range .X.Y.Z}}hello{{end}}', '{{range .X.Y.Z}}"hello"{{end}}'],
    ['{{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}', '{{range .X}}"hello"{{range .Y}}"goodbye"{{end}}{{end}}'],
    ['{{range .X}}true{{else}}false{{end}}', '{{range .X}}"true"{{else}}"false"{{end}}'],
    ['{{range .X|.M}}true{{else}}false{{end}}', '{{range .X | .M}}"true"{{else}}"false"{{end}}'],
    ['{{range .SI}}{{.}}{{end}}', '{{range .SI}}{{.}}{{end}}'],
    ['{{range $x := .SI}}{{.}}{{end}}', '{{range $x := .SI}}{{.}}{{end}}'],
    ['{{range $x, $y := .SI}}{{.}}{{end}}', '{{range $x, $y := .SI}}{{.}}{{end}}'],
    ['{{with .X}}hello{{end}}', '{{with .X}}"hello"{{end}}'],
    ['{{range .SI}}{{.}}{{break}}{{end}}', '{{range .SI}}{{.}}{{break}}{{end}}'],
    ['{{range .SI}}{{.}}{{ continue }}{{end}}', '{{range .SI}}{{.}}{{continue}}{{end}}'],
    ['{{with .X}}X{{else with .Y}}Y{{else with .Z}}Z{{end}}',
      '{{with .X}}"X"{{else}}{{with .Y}}"Y"{{else}}{{with .Z}}"Z"{{end}}{{end}}{{end}}'],
    ['{{with .X}}hello{{else}}goodbye{{end}}', '{{with .X}}"hello"{{else}}"goodbye"{{end}}'],
    ['{{with .X}}hello{{else with .Y}}goodbye{{end}}', '{{with .X}}"hello"{{else}}{{with .Y}}"goodbye"{{end}}{{end}}'],
    ['x \r\n\t{{- 3}}', '"x"{{3}}'],
    ['{{3 -}}\n\n\ty', '{{3}}"y"'],
    ['x \r\n\t{{- 3 -}}\n\n\ty', '"x"{{3}}"y"'],
    ['x\n{{-  3   -}}\ny', '"x"{{3}}"y"'],
    ['x \r\n\t{{- /* hi */}}', '"x"'],
    ['{{/* hi */ -}}\n\n\ty', '"y"'],
    ['x \r\n\t{{- /* */ -}}\n\n\ty', '"x""y"'],
    ['{{ $x \n := \n 1 \n }}', '{{$x := 1}}'],
    ['{{\n"x"\n|\nprintf\n}}', '{{"x" | printf}}'],
    ['{{/*\nhello\n*/}}', ''],
    ['{{-\n/*\nhello\n*/\n-}}', ''],
    ['{{$x := 0}}{{$x}}', '{{$x := 0}}{{$x}}'],
    ['{{$x:=.}}{{$x +2}}', '{{$x := .}}{{$x +2}}'],
    ['{{range $x := 0}}{{$x}}{{end}}', '{{range $x := 0}}{{$x}}{{end}}'],
    ['{{range $x = 0}}{{$x}}{{end}}', '{{range $x = 0}}{{$x}}{{end}}'],
    ['{{ (( 1 )) }}', '{{((1))}}'],
    ['{{ ((( 1 ))) | printf }}', '{{(((1))) | printf}}'],
    ['{{if .X}}{{with .Y}}{{range .Z}}x{{end}}{{end}}{{end}}', '{{if .X}}{{with .Y}}{{range .Z}}"x"{{end}}{{end}}{{end}}'],
  ];
  test.each(ok)('%j', (input, want) => {
    expect(treeString(input)).toBe(want);
  });

  const failing = [
    '{{}}', '{{\n}}', 'hello{{range', '{{end}}', '{{else}}', '{{if .X}}hello{{end}}{{else}}',
    '{{if .X}}1{{else}}2{{else}}3{{end}}', 'hello{{range .x}}', 'hello{{range .x}}{{else}}', 'hello{{undefined}}',
    '{{$x}}', '{{with $x := 4}}{{end}}{{$x}}', '{{with $x.Y := 4}}{{end}}', '{{printf 3, 4}}',
    '{{with $v, $u := 3}}{{end}}', '{{range $u, $v, $w := 3}}{{end}}', '{{printf (printf .).}}', '{{printf 3`x`}}',
    '{{printf `x`.}}', '{{if .X}}a{{else if .Y}}b{{end}}{{end}}', '{{range .}}{{end}} {{break}}',
    '{{range .}}{{end}} {{continue}}', '{{range .}}{{else}}{{break}}{{end}}', '{{range .}}{{else}}{{continue}}{{end}}',
    '{{$x += 1}}{{$x}}', '{{$x ! 2}}{{$x}}', '{{$x % 3}}{{$x}}', '{{range $x := $y := 3}}{{end}}', '{{$x:=.}}{{$x!2}}',
    '{{$x:=.}}{{$x+2}}', '{{1.E}}', '{{0.1.E}}', '{{true.E}}', "{{'a'.any}}", '{{"hello".guys}}', '{{..E}}',
    '{{nil.E}}', '{{12|.}}', '{{.|12|printf}}', '{{.|printf|"error"}}', "{{12|printf|'e'}}", '{{.|true}}',
    "{{'c'|nil}}", '{{printf "%d" ( ) }}',
  ];
  test.each(failing)('%j is an error', (input) => {
    expect(parseError(input)).toMatch(/^template: test:\d+: /);
  });
});

describe('parse errors (parse_test.go errorTests)', () => {
  const cases: Array<[string, string, string]> = [
    ['unclosed1', 'line1\n{{', 'unclosed1:2: unclosed action'],
    ['unclosed3', 'line1\n{{"x"\n"y"\n', 'unclosed3:4: unclosed action started at unclosed3:2'],
    ['unclosed4', '{{\n\n\n\n\n', 'unclosed4:6: unclosed action started at unclosed4:1'],
    ['var1', 'line1\n{{\nx\n}}', 'var1:3: function "x" not defined'],
    ['function', '{{foo}}', 'function "foo" not defined'],
    ['comment1', '{{/*}}', 'comment1:1: unclosed comment'],
    ['comment2', '{{/*\nhello\n}}', 'comment2:1: unclosed comment'],
    ['lparen', '{{.X (1 2 3}}', 'unclosed left paren'],
    ['rparen', '{{.X 1 2 3 ) }}', 'unexpected right paren'],
    ['rparen2', '{{(.X 1 2 3', 'unclosed action'],
    ['space', '{{`x`3}}', 'in operand'],
    ['idchar', '{{a#}}', "'#'"],
    ['charconst', "{{'a}}", 'unterminated character constant'],
    ['stringconst', '{{"a}}', 'unterminated quoted string'],
    ['rawstringconst', '{{`a}}', 'unterminated raw quoted string'],
    ['number', '{{0xi}}', 'number syntax'],
    ['eof', '{{range .X}}', 'unexpected EOF'],
    ['variable', '{{$x := 23}}{{with $x.y := 3}}{{$x 23}}{{end}}', 'unexpected ":="'],
    ['multidecl', '{{$a,$b,$c := 23}}', 'too many declarations'],
    ['undefvar', '{{$a}}', 'undefined variable'],
    ['wrongdot', '{{true.any}}', 'unexpected . after term'],
    ['wrongpipeline', '{{12|false}}', 'non executable command in pipeline'],
    ['emptypipeline', '{{ ( ) }}', 'missing value for parenthesized pipeline'],
    ['multilinerawstring', '{{ $v := `\n` }} {{', 'multilinerawstring:2: unclosed action'],
    ['rangeundefvar', '{{range $k}}{{end}}', 'undefined variable'],
    ['rangeundefvars', '{{range $k, $v}}{{end}}', 'undefined variable'],
    ['rangemissingvalue1', '{{range $k,}}{{end}}', 'missing value for range'],
    ['rangemissingvalue2', '{{range $k, $v := }}{{end}}', 'missing value for range'],
    ['rangenotvariable1', '{{range $k, .}}{{end}}', 'range can only initialize variables'],
    ['rangenotvariable2', '{{range $k, 123 := .}}{{end}}', 'range can only initialize variables'],
  ];
  test.each(cases)('%s', (name, input, want) => {
    expect(parseError(input, name)).toContain(want);
  });

  test('exact messages', () => {
    expect(parseError('{{foo}}', 'root')).toBe('template: root:1: function "foo" not defined');
    expect(parseError('a\nb\n{{ if .X }}', 'root')).toBe('template: root:3: unexpected EOF');
    expect(parseError('{{ "abcdefghijklmnop" ) }}', 'root')).toBe('template: root:1: unexpected right paren');
    expect(parseError('{{ printf "a" "abcdefghijkl" := }}', 'root')).toBe('template: root:1: unexpected ":=" in operand');
    expect(parseError('{{ if 1 }}{{ else "abcdefghijklmnop" }}{{ end }}', 'root')).toBe(
      'template: root:1: unexpected "\\"abcdefghi"... in else');
    expect(parseError('{{ if }}', 'root')).toBe('template: root:1: missing value for if');
    expect(parseError('{{ define "x" }}{{ end }}', 'root')).toBe(
      "template: root:1: {{define}} is not supported by tspacker's template engine");
    expect(parseError('{{ template "x" }}', 'root')).toBe(
      "template: root:1: {{template}} is not supported by tspacker's template engine");
  });
});

describe('execution (exec_test.go style)', () => {
  const ctx = (extra: Partial<InterpolateContext> = {}): InterpolateContext => ({ mode: 'json', coreVersion: '', ...extra });
  const data = {
    I: 17, U: 0, S: 'xyz', B: true, F: 1.5, SI: [3, 4, 5], SEmpty: [], MSI: { one: 1, two: 2, three: 3 },
    MSIEmpty: {}, Nested: { Inner: { Deep: 'deep' } }, Empty: '',
  };
  const run = (text: string, extra: Partial<InterpolateContext> = {}): string => {
    try {
      return interpolate(text, ctx({ data, ...extra }));
    } catch (e) {
      return `ERR ${(e as Error).message}`;
    }
  };
  const cases: Array<[string, string]> = [
    ['{{.I}} {{.S}} {{.B}} {{.F}}', '17 xyz true 1.5'],
    ['{{.Nested.Inner.Deep}}', 'deep'],
    ['{{$.Nested.Inner.Deep}}', 'deep'],
    ['{{.Missing}} {{.Nested.Missing}}', '<no value> <no value>'],
    ['{{.SI}} {{.MSI}}', '[3 4 5] map[one:1 three:3 two:2]'],
    ['{{range .SI}}<{{.}}>{{end}}', '<3><4><5>'],
    ['{{range $i, $x := .SI}}<{{$i}}={{$x}}>{{end}}', '<0=3><1=4><2=5>'],
    ['{{range $x := .SI}}<{{$x}}>{{end}}', '<3><4><5>'],
    ['{{range .SEmpty}}x{{else}}EMPTY{{end}}', 'EMPTY'],
    ['{{range $k, $v := .MSI}}{{$k}}={{$v}} {{end}}', 'one=1 three=3 two=2 '],
    ['{{range .SI}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}', '3'],
    ['{{range .SI}}{{if eq . 4}}{{continue}}{{end}}{{.}}{{end}}', '35'],
    ['{{range 3}}{{.}}{{end}}', '012'],
    ['{{$x := 0}}{{range .SI}}{{$x = .}}{{end}}{{$x}}', '5'],
    ['{{with .S}}{{.}}{{end}}', 'xyz'],
    ['{{with .Empty}}x{{else}}empty{{end}}', 'empty'],
    ['{{with .Empty}}x{{else with .S}}{{.}}{{end}}', 'xyz'],
    ['{{if .B}}T{{else}}F{{end}} {{if .U}}T{{else}}F{{end}} {{if .SEmpty}}T{{else}}F{{end}}', 'T F F'],
    ['{{if and .B .I}}yes{{end}} {{or .U .Empty "dflt"}} {{and .I .U}}', 'yes dflt 0'],
    ['{{not .B}} {{not .U}}', 'false true'],
    ['{{len .SI}} {{len .MSI}} {{len .S}}', '3 3 3'],
    ['{{index .SI 1}} {{index .MSI "two"}} {{index .MSI "nope"}}', '4 2 <no value>'],
    ['{{eq .I 17}} {{ne .S "xyz"}} {{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}}', 'true false true true true false'],
    ['{{eq .I 1 2 17}}', 'true'],
    ['{{printf "%s=%d %v %q" .S .I .B .S}}', 'xyz=17 true "xyz"'],
    ['{{print 1 2 "a" 3}}', '1 2a3'],
    ['{{.S | printf "%s!"}}', 'xyz!'],
    ['{{(printf "%s" .S) | upper}}', 'XYZ'],
    ['{{ 1e21 }} {{ 100000.0 }} {{ 1000000.0 }} {{ 0.0001 }} {{ 0.00001 }} {{ -2.5 }}', '1e+21 100000 1e+06 0.0001 1e-05 -2.5'],
    ['{{ "\\u00e9\\U0001F600\\x41\\101\\a" | printf "%q" }}', '"é😀AA\\a"'],
    ['{{ `a\rb` }}', 'ab'],
    ['line1\n{{- "x" }}', 'line1x'],
    ['{{/* c */}}', ''],
    // execution errors: location is line:byte-column of the node, context its source form
    ['{{.I.X}}', 'ERR template: root:1:4: executing "root" at <.I.X>: can\'t evaluate field X in type int'],
    ['a\nbé{{upper .I}}', 'ERR template: root:2:11: executing "root" at <.I>: wrong type for value; expected string; got int'],
    ['{{.S 1}}', 'ERR template: root:1:2: executing "root" at <.S>: S is not a method but has arguments'],
    ['{{range .S}}{{end}}', 'ERR template: root:1:8: executing "root" at <.S>: range can\'t iterate over xyz'],
    ['{{index .SI 7}}', 'ERR template: root:1:2: executing "root" at <index .SI 7>: error calling index: index out of range: 7'],
    ['{{eq .SI 1}}', 'ERR template: root:1:2: executing "root" at <eq .SI 1>: error calling eq: incompatible types for comparison'],
    ['{{and}}', 'ERR template: root:1:2: executing "root" at <and>: wrong number of args for and: want at least 1 got 0'],
    ['{{html "x"}}', 'ERR template: root:1:2: executing "root" at <html "x">: error calling html: the html function is not supported by tspacker\'s template engine'],
  ];
  test.each(cases)('%j', (text, want) => {
    expect(run(text)).toBe(want);
  });

  test('struct data: a missing field is an error naming the Go type', () => {
    const c = ctx({ data: { Vars: 'A=1', Script: '/tmp/s.sh' }, dataType: '*shell.ExecuteCommandTemplate' });
    expect(interpolate('{{.Vars}} {{.Script}}', c)).toBe('A=1 /tmp/s.sh');
    expect(() => interpolate('{{.Path}}', c)).toThrow(
      'template: root:1:2: executing "root" at <.Path>: can\'t evaluate field Path in type *shell.ExecuteCommandTemplate');
  });

  test('nil data renders fields as <no value>', () => {
    expect(interpolate('{{ .ID }}/{{ .A.B }}', ctx())).toBe('<no value>/<no value>');
  });
});
