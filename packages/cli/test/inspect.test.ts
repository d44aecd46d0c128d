// `tspacker inspect` on Packer's CLI fixtures (read in place) with the exact outputs of Packer 1.16's
// command/inspect_test.go, plus the layout details of InspectConfig (unnamed builds, descriptions, chains).
import path from 'node:path';
import { fruitBuilderInspect, fruitBuilds, inspectTestGoCases } from '../../../test/support/inspect-cases.js';
import { packer, repoRoot, tempDir, tspacker, type RunResult } from './run.js';

const commandDir = path.join(repoRoot, '../shared/corpus/packer-v1.9.4/command');
const fx = (...parts: string[]) => path.join('test-fixtures', ...parts);
const inspect = (args: string[], env?: NodeJS.ProcessEnv): RunResult => tspacker(['inspect', ...args], { cwd: commandDir, env });

describe('Test_commands (inspect_test.go)', () => {
  // The table core's tests run through renderInspect.
  test.each(inspectTestGoCases)('%s', (_name, template, c, expected) => {
    const vars = (c.vars ?? []).map(([k, v]) => `-var=${k}=${v}`);
    expect(inspect([...vars, fx(template)], c.env)).toEqual({ stdout: expected(), stderr: '', status: 0 });
  });

  test('a directory loads its auto var files (and all its templates: map.pkr.hcl declares images)', () => {
    expect(inspect([fx('var-arg')]).stdout).toBe(
      fruitBuilderInspect('chocolate').replace('var.fruit: "chocolate"\n', 'var.fruit: "chocolate"\nvar.images: "{\\n  \\"key\\" = \\"value\\"\\n}"\n'),
    );
    // A file argument does not.
    expect(inspect([fx('var-arg', 'fruit_builder.pkr.hcl')]).stdout).toBe(fruitBuilderInspect('<unknown>'));
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

  test('no TEMPLATE with -config-type=hcl2: an empty HCL2 template, as packer inspect -config-type=hcl2', () => {
    const r = tspacker(['inspect', '-config-type=hcl2']);
    expect(r).toEqual({
      stdout: 'Packer Inspect: HCL2 mode\n\n> input-variables:\n\n\n> local-variables:\n\n\n> builds:\n\n',
      stderr: '',
      status: 0,
    });
    expect(packer(['inspect', '-config-type=hcl2'])).toEqual(r);
  });

  test('no TEMPLATE (default -config-type=json): the tiniest JSON template, a lone null builder', () => {
    const r = tspacker(['inspect']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'Packer Inspect: JSON mode\nVariables:\n\n  <No variables>\n\nBuilders:\n\n  null\n\nProvisioners:\n\n  <No provisioners>\n\n' +
        "Note: If your build names contain user variables or template\nfunctions such as 'timestamp', these are processed at build time,\nand therefore only show in their raw form here.\n",
    );
    expect(packer(['inspect'])).toEqual(r);
    expect(tspacker(['inspect', '-config-type=json'])).toEqual(r);
  });

  test('a JSON template: Packer\'s JSON-mode layout', () => {
    const r = inspect([fx('inspect', 'unset_var.json')]);
    expect(r).toEqual(packer(['inspect', fx('inspect', 'unset_var.json')], { cwd: commandDir }));
    expect(r.status).toBe(0);
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
    expect(inspect(['--use-sequential-evaluation', '--var', 'fruit=fig', fx('var-arg', 'fruit_builder.pkr.hcl')]).stdout).toBe(fruitBuilderInspect('fig'));
  });
});
