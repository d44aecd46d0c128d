// Differential test against Packer 1.6.6 (`packer` on PATH): `packer console` without a template renders legacy
// `{{ }}` interpolation of each stdin line with an empty JSON context (no build name, no template path, empty user
// variables, no data, packer_version unavailable). Each case runs in its own process from a temp dir.
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { interpolate } from '@tspacker/sdk/interpolate/index.js';
import type { InterpolateContext } from '@tspacker/sdk/interpolate/index.js';

let dir: string;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What Packer 1.6.6 prints for one line: the rendered text, or `ERR <message>` with its word-wrapping undone. */
function packerConsole(line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('packer', ['console'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => {
      const m = /Interpolation error\n\n([\s\S]*?)\n*$/.exec(out);
      resolve(m ? `ERR ${m[1]!.replace(/\n/g, ' ')}` : out.replace(/\n$/, ''));
    });
    child.stdin.end(`${line}\n`);
  });
}

function ours(line: string): string {
  const ctx: InterpolateContext = { mode: 'json', coreVersion: '', userVariables: {}, cwd: dir };
  try {
    return interpolate(line, ctx);
  } catch (e) {
    return `ERR ${(e as Error).message}`;
  }
}

/** Deterministic templates: outputs and error messages must be identical. */
const exact: string[] = [
  // text, comments, trim markers
  'plain text', 'a {{/* comment */}} b', 'a  {{- "b" -}}  c', 'a {{- /* c */ -}} b', '{{"x"}}{{"y"}}',
  // literals
  '{{ "a\\tb\\x41\\u00e9\\101" }}', '{{ `raw \\n` }}', '{{ 1.5 }} {{ 1e6 }} {{ 0x10 }} {{ 0o17 }} {{ 0b101 }} {{ 1_000 }}',
  "{{ 'a' }} {{ '\\n' }}", '{{ true }} {{ false }}', '{{ -3 }} {{ +4 }} {{ .5 }} {{ 1e-5 }} {{ 123456.0 }} {{ 1234567.0 }}',
  '{{ 0.000123 }}', '{{ 0x1p4 }}',
  // Packer functions
  '{{upper "abc"}}', '{{ lower "ÀBC" }}', '{{ upper "straße" }}', '{{ split "a-b-c" "-" 2 }}', '{{ split "abc" "" 1 }}',
  '{{ split "a-b" "-" 5 }}', '{{ split "a" "-" "x" }}', '{{ replace "-" "/" 1 "foo-bar-baz" }}',
  '{{ "foo-bar-baz" | replace "-" "/" 1 }}', '{{ replace "-" "/" -1 "a-b-c" }}', '{{ replace "" "." 2 "abc" }}',
  '{{ replace_all " " "-" "I Am Henry VIII" }}', '{{ "I Am Henry VIII" | replace_all " " "-" }}',
  '{{ user `x` }}', '{{ build_name }}', '{{ build_type }}', '{{ packer_version }}', '{{ template_dir }}',
  '{{ env `HOME` }}', '{{ build `ID` }}', '{{ sed "a" "b" }}', '{{ consul_key "x" }}', '{{ vault "a" "b" }}',
  '{{ aws_secretsmanager "x" }}', '{{ isotime "a" "b" }}', '{{ pwd }}',
  '{{ clean_resource_name "a" }}',
  // pipelines, parentheses, variables
  '{{ "abc" | upper | lower }}', '{{ (upper "a") }}{{ upper (lower "B") }}', '{{ $x := "v" }}{{ $x }}',
  '{{ $x := "v" }}{{ $x = "w" }}{{ $x }}', '{{ $ }}', '{{ . }}', '{{ .ID }}', '{{ .A.B }}', '{{ $.A }}',
  '{{ printf "%s-%d-%v" "a" 3 true }}', '{{ print "a" 1 2 "b" }}', '{{ println "a" 1 }}', '{{ len "héllo" }}',
  '{{ if eq "a" "a" }}yes{{ else }}no{{ end }}', '{{ if ne 1 2 }}ne{{ end }}', '{{ if lt 1 2 }}lt{{ end }}',
  '{{ if and 1 0 }}t{{ else }}f{{ end }}', '{{ or 0 "" "x" }}', '{{ not "" }}', '{{ and 1 "a" }}',
  '{{ if "" }}a{{ else if 1 }}b{{ else }}c{{ end }}', '{{ with "w" }}{{ . }}{{ end }}', '{{ with "" }}x{{ else }}y{{ end }}',
  '{{ range . }}x{{ else }}empty{{ end }}', '{{ if true }}{{ $v := 1 }}{{ $v }}{{ end }}',
  // parse errors
  '{{foo}}', '{{ "abc" }', '{{ "abc"', '{{ if }}', '{{ if true }}x', '{{ end }}', '{{ else }}', '{{}}', '{{ }}',
  '{{ $y }}', '{{ $x := 1 }}{{ $y }}', '{{ "a }}', '{{ `a }}', '{{ /* x }}', '{{/* x', '{{/* x */ y }}',
  '{{ 3x }}', '{{ a#b }}', '{{ .a#b }}', '{{ @ }}', '{{ ( upper "a" }}', '{{ upper "a" | 3 }}', '{{ "a" | "b" }}',
  '{{ 1.x }}', '{{ "a".x }}', '{{ "\\q" }}', "{{ 'ab' }}", '{{ : }}', '{{ 99999999999999999999 }}',
  '{{ if true }}{{ else }}{{ else }}{{ end }}', '{{ range $a, $b, $c := . }}{{ end }}', '{{ $x, $y := 1 }}',
  '{{ 1 2 }}', '{{ if 1 }}{{ else "abcdefghijklmnop" }}{{ end }}', '{{ if 1 }}{{ else }}{{ else if 2 }}{{ end }}',
  '{{ range $i, $e := . }}{{ end }}{{ $i }}', '{{ with $x := "a" }}{{ $x }}{{ end }}', '{{ "a" | printf "%s %s" "b" }}',
  '{{ if 1 }}{{ else end }}{{ end }}', '{{ 1 | }}', '{{ | upper }}', '{{ $x := }}', '{{ .A = 1 }}', '{{ "a" "b" }}',
  '{{ printf }}', '{{ printf "%d" }}', '{{ printf "%d %s" 1 }}', '{{ printf "%s" 1 2 }}', '{{ index }}', '{{ len "a" "b" }}',
  '{{ not }}', '{{ eq 1 }}', '{{ eq "a" "b" "a" }}', '{{ lt "a" 1 }}', '{{ with $x := 1 }}{{ end }}{{ $x }}',
  '{{ "a" | split "a-b" "-" }}', '{{ upper "a" | printf "%s-%s" "b" | lower }}', '{{ $ := 1 }}{{ $ }}',
  '{{ range $i, $e := "ab" }}{{ end }}', '{{ if nil }}{{ end }}', '{{ .X.Y.Z }}', '{{ ((("a"))) }}', "{{ '\\'' }}",
  '{{ printf "%5s|%-5s|%05d|%.2f|%e|%x|%X|%q|%c|%t|%d|%v|%+d|%.1s" "a" "b" 42 3.14159 1234.5 255 "hi" "q" 65 true "s" nil 3 "xyz" }}',
  '{{ printf "%s %v %d" .Missing .Missing 1.5 }}', '{{ printf "%" }}', '{{ printf "%%" }}',
  '{{ 0xi }}', '{{ 08 }}', '{{ 1__0 }}', '{{ - }}', '{{ .X.Y | upper }}', '{{ $x := .A }}{{ $x.B.C }}',
  // execution errors
  '{{ upper 3 }}', '{{ upper }}', '{{ "a" | upper "b" }}', '{{ nil }}', '{{ 3 | upper }}', '{{ ( upper "a" ).Foo }}',
  '{{ index . "a" }}', '{{ "x" 1 }}', '{{ . 1 }}', '{{ upper nil }}', '{{ upper .Missing }}', '{{ split "a" "b" 1.5 }}',
  '{{ $x := "s" }}{{ $x.F }}', '{{ len 3 }}', '{{ eq 1 "a" }}', '{{ lt true false }}', '{{ (3).F }}',
  '{{ replace "a" "b" "c" "d" }}', '{{ print nil }}', '{{ index "abc" 1 }}',
];

/** Time/random-dependent templates: compared with every digit replaced by 0. */
const shaped: string[] = [
  '{{ timestamp }}', '{{ isotime }}', '{{ isotime "2006-01-02T15:04:05Z07:00 Mon Jan _2 .000" }}', '{{ isotime "060102" }}',
  '{{ strftime "%Y-%m-%dT%H:%M:%S%z %a %b" }}',
];

/** Packer's answers for every line, gathered up front a few processes at a time. */
const theirs = new Map<string, string>();
beforeAll(async () => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'tspacker-interp-')));
  const queue = [...exact, ...shaped];
  const worker = async (): Promise<void> => {
    for (let line = queue.shift(); line !== undefined; line = queue.shift()) theirs.set(line, await packerConsole(line));
  };
  await Promise.all(Array.from({ length: 4 }, worker));
});

describe('interpolation matches packer 1.6.6 console', () => {
  test.each(exact)('%s', (line) => {
    expect(ours(line)).toBe(theirs.get(line));
  });
  test.each(shaped)('shape of %s', (line) => {
    const shape = (s: string): string => s.replace(/[0-9]/g, '0');
    expect(shape(ours(line))).toBe(shape(theirs.get(line)!));
  });
  test('uuid is time-ordered hex like packer', async () => {
    const theirs = await packerConsole('{{ uuid }}');
    const mine = ours('{{ uuid }}');
    const re = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(theirs).toMatch(re);
    expect(mine).toMatch(re);
    expect(Math.abs(parseInt(mine.slice(0, 8), 16) - parseInt(theirs.slice(0, 8), 16))).toBeLessThan(60);
  });
});
