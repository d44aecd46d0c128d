// `tspacker inspect` on Packer's CLI fixtures (read in place) with the exact outputs of Packer 1.16's
// command/inspect_test.go, plus the layout details of InspectConfig (unnamed builds, descriptions, chains).
import fs from 'node:fs';
import path from 'node:path';
import { packer, repoRoot, tempDir, tspacker, type RunResult } from './run.js';

const commandDir = path.join(repoRoot, '../shared/corpus/packer-v1.9.4/command');
const fx = (...parts: string[]) => path.join('test-fixtures', ...parts);
const inspect = (args: string[], env?: NodeJS.ProcessEnv): RunResult => tspacker(['inspect', ...args], { cwd: commandDir, env });

const fruitBuilds = `> builds:

  > <unnamed build 0>:

    sources:

      null.builder

    provisioners:

      shell-local

    post-processors:

      <no post-processor>

`;

const fruit = (value: string) =>
  `Packer Inspect: HCL2 mode

> input-variables:

var.fruit: "${value}"

> local-variables:

local.fruit: "${value}"

${fruitBuilds}`;

describe('Test_commands (inspect_test.go)', () => {
  test('an unset variable, and a local using it, are "<unknown>"', () => {
    expect(inspect([fx('var-arg', 'fruit_builder.pkr.hcl')])).toEqual({ stdout: fruit('<unknown>'), stderr: '', status: 0 });
  });

  test('-var=fruit=banana', () => {
    expect(inspect(['-var=fruit=banana', fx('var-arg', 'fruit_builder.pkr.hcl')])).toEqual({ stdout: fruit('banana'), stderr: '', status: 0 });
  });

  test('a directory loads its auto var files (and all its templates: map.pkr.hcl declares images)', () => {
    expect(inspect([fx('var-arg')]).stdout).toBe(
      fruit('chocolate').replace('var.fruit: "chocolate"\n', 'var.fruit: "chocolate"\nvar.images: "{\\n  \\"key\\" = \\"value\\"\\n}"\n'),
    );
    // A file argument does not.
    expect(inspect([fx('var-arg', 'fruit_builder.pkr.hcl')]).stdout).toBe(fruit('<unknown>'));
  });

  test('build_test.go var-arg precedence: -var-file (HCL or JSON) beats the auto var file, -var beats both', () => {
    const dir = fx('var-arg');
    const value = (r: RunResult) => /var\.fruit: "([^"]*)"/.exec(r.stdout)?.[1];
    expect(value(inspect(['-var-file', path.join(dir, 'apple.hcl'), dir]))).toBe('apple');
    expect(value(inspect(['-var-file', path.join(dir, 'apple.json'), dir]))).toBe('apple');
    expect(value(inspect(['-var-file', path.join(dir, 'apple.json'), '-var', 'fruit=tomato', dir]))).toBe('tomato');
    expect(value(inspect(['-var', 'fruit=tomato', '-var-file', path.join(dir, 'apple.hcl'), dir]))).toBe('tomato');
  });

  test.each([['potato.hcl'], ['potato.json']])('a missing var file (%s) stops inspect, exit 1', (file) => {
    const r = inspect(['-var-file', path.join(fx('var-arg'), file), fx('var-arg')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Error: Failed to (read|open) file\n/);
    expect(r.stdout).not.toContain('Packer Inspect');
  });

  test('-var for string, list and untyped variables; no builds', () => {
    const r = inspect([
      '-var=fruit=peach',
      '-var=unknown_string=also_peach',
      '-var=unknown_unknown=["peach_too"]',
      '-var=unknown_list_of_string=["first_peach", "second_peach"]',
      fx('hcl', 'inspect', 'fruit_string.pkr.hcl'),
    ]);
    expect(r).toEqual({
      stdout: `Packer Inspect: HCL2 mode

> input-variables:

var.default_from_env: ""
var.fruit: "peach"
var.other_default_from_env: ""
var.unknown_list_of_string: "[\\n  \\"first_peach\\",\\n  \\"second_peach\\",\\n]"
var.unknown_string: "also_peach"
var.unknown_unknown: "[\\"peach_too\\"]"

> local-variables:


> builds:

`,
      stderr: '',
      status: 0,
    });
  });

  test('a directory with builds of unknown components: env() defaults, descriptions, post-processor chains', () => {
    const r = inspect(['-var=fruit=peach', '-var=other_default_from_env=apple', fx('hcl', 'inspect')], { DEFAULT_FROM_ENV: 'cherry' });
    expect(r).toEqual({
      stdout: `Packer Inspect: HCL2 mode

> input-variables:

var.default_from_env: "cherry"
var.fruit: "peach"
var.other_default_from_env: "apple"
var.unknown_list_of_string: "<unknown>"
var.unknown_string: "<unknown>"
var.unknown_unknown: "<unknown>"

> local-variables:


> builds:

  > aws_example_builder:

  > Description: The builder of clouds !!

Use it at will.


    sources:

      amazon-ebs.example-1

      amazon-ebs.example-2

    provisioners:

      shell

    post-processors:

      0:
        manifest

      1:
        shell-local

      2:
        manifest
        shell-local

`,
      stderr: '',
      status: 0,
    });
  });

  test('sensitive variables are masked (hcl-inspect-with-sensitive-vars/expected-output.txt)', () => {
    const expected = fs.readFileSync(path.join(commandDir, fx('hcl-inspect-with-sensitive-vars', 'expected-output.txt')), 'utf8');
    expect(inspect([fx('hcl-inspect-with-sensitive-vars')])).toEqual({ stdout: expected, stderr: '', status: 0 });
  });
});

describe('InspectConfig layout', () => {
  test('names, unnamed build indexes, named provisioners and post-processors, empty lists', () => {
    const dir = tempDir({
      'a.pkr.hcl': `source "null" "x" {
  communicator = "none"
}
build {
  name = "first"
  sources = ["source.null.x"]
  provisioner "shell-local" {
    name   = "hello"
    inline = ["echo hi"]
  }
  post-processors {
    post-processor "shell-local" {
      name   = "one"
      inline = ["echo 1"]
    }
    post-processor "shell-local" {
      inline = ["echo 2"]
    }
  }
}
build {
  source "source.null.x" {
    name = "renamed"
  }
}
`,
    });
    const r = tspacker(['inspect', '.'], { cwd: dir });
    expect(r).toEqual({
      stdout: `Packer Inspect: HCL2 mode

> input-variables:


> local-variables:


> builds:

  > first:

    sources:

      null.x

    provisioners:

      shell-local.hello

    post-processors:

      0:
        shell-local.one
        shell-local

  > <unnamed build 1>:

    sources:

      null.renamed

    provisioners:

      <no provisioner>

    post-processors:

      <no post-processor>

`,
      stderr: '',
      status: 0,
    });
    // Packer 1.6.6 lays it out the same way, but names a renamed source by its label (1.16: SourceUseBlock.name()).
    expect(packer(['inspect', '.'], { cwd: dir })).toEqual({ ...r, stdout: r.stdout.replace('      null.renamed\n', '      null.x\n') });
  });

  test('initialize errors are ignored: an unknown source type and a failing validation rule still print', () => {
    const dir = tempDir({
      'a.pkr.hcl': `variable "v" {
  default = "x"
  validation {
    condition     = length(var.v) > 3
    error_message = "Too short."
  }
}
source "nowhere-cloud" "x" {}
build {
  sources = ["source.nowhere-cloud.x"]
}
`,
    });
    const r = tspacker(['inspect', 'a.pkr.hcl'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('var.v: "x"\n');
    expect(r.stdout).toContain('\n      nowhere-cloud.x\n');
    expect(r.stdout).not.toContain('Error');
  });

  test('a template that does not parse: its errors, exit 1', () => {
    const dir = tempDir({ 'a.pkr.hcl': 'variable "v" {\n  default = \n}\n' });
    const r = tspacker(['inspect', 'a.pkr.hcl'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Error: /);
    expect(r.stdout).toContain('  on a.pkr.hcl line 2, in variable "v":\n');
    expect(r.stdout).not.toContain('Packer Inspect');
    expect(packer(['inspect', 'a.pkr.hcl'], { cwd: dir }).status).toBe(1);
  });

  test('no TEMPLATE: an empty HCL2 template, as packer inspect -config-type=hcl2', () => {
    const r = tspacker(['inspect']);
    expect(r).toEqual({
      stdout: 'Packer Inspect: HCL2 mode\n\n> input-variables:\n\n\n> local-variables:\n\n\n> builds:\n\n',
      stderr: '',
      status: 0,
    });
    expect(packer(['inspect', '-config-type=hcl2'])).toEqual(r);
    expect(tspacker(['inspect', '-config-type=hcl2'])).toEqual(r);
  });

  test('-config-type=json without a TEMPLATE, or a JSON template: no legacy JSON mode', () => {
    expect(tspacker(['inspect', '-config-type=json']).stdout).toMatch(/^tspacker has no legacy JSON mode/);
    const r = inspect([fx('inspect', 'unset_var.json')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^tspacker has no legacy JSON mode: /);
  });

  test('-machine-readable: the three parts of the output are three "ui" say lines', () => {
    const r = tspacker(['-machine-readable', 'inspect', '-var=fruit=kiwi', fx('var-arg', 'fruit_builder.pkr.hcl')], { cwd: commandDir });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => l.replace(/^\d+,/, 'T,'))).toEqual([
      'T,,ui,say,Packer Inspect: HCL2 mode\\n',
      'T,,ui,say,> input-variables:\\n\\nvar.fruit: "kiwi"\\n\\n> local-variables:\\n\\nlocal.fruit: "kiwi"\\n',
      'T,,ui,say,' + fruitBuilds.slice(0, -1).replaceAll('\n', '\\n'),
    ]);
  });

  test('help and flags', () => {
    const r = tspacker(['inspect', '-h']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'Usage: tspacker inspect TEMPLATE\n\n  Inspects a template, parsing and outputting the components a template\n  defines. This does not validate the contents of a template (other than\n  basic syntax by necessity).\n\nOptions:\n\n  -machine-readable             Machine-readable output\n  -use-sequential-evaluation    Fallback to using a sequential approach for local/datasource evaluation.\n',
    );
    expect(tspacker(['inspect', '-syntax-only', 'x.pkr.hcl'])).toEqual({ stdout: 'flag provided but not defined: -syntax-only\n' + r.stdout, stderr: '', status: 1 });
    expect(inspect(['--use-sequential-evaluation', '--var', 'fruit=fig', fx('var-arg', 'fruit_builder.pkr.hcl')]).stdout).toBe(fruit('fig'));
  });
});
