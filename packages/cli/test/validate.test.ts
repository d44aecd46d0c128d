// `tspacker validate` on Packer's own CLI fixtures (command/test-fixtures, read in place), with the expectations
// of Packer 1.16's command/validate_test.go and build_test.go, for the fixtures whose components are built in.
// Runs happen in the corpus's command/ directory with relative paths, as Packer's tests do, so file names in
// diagnostics are the ones those tests expect.
import path from 'node:path';
import { repoRoot, tempDir, tspacker, type RunResult } from './run.js';

const commandDir = path.join(repoRoot, '../shared/corpus/packer-v1.9.4/command');
const fx = (...parts: string[]) => path.join('test-fixtures', ...parts);
const validate = (...args: string[]): RunResult => tspacker(['validate', ...args], { cwd: commandDir });

const VALID = 'The configuration is valid.\n';
const SYNTAX_OK = 'Syntax-only check passed. Everything looks okay.\n';

describe('TestValidateCommand: exit codes', () => {
  test.each([
    [fx('validate', 'build.pkr.hcl')],
    [fx('validate', 'build_with_vars.pkr.hcl')],
    [fx('version_req', 'base_success')],
    [fx('hcl', 'data-source-validation.pkr.hcl')],
  ])('%s is valid', (file) => {
    expect(validate(file)).toEqual({ stdout: VALID, stderr: '', status: 0 });
  });

  test.each([
    [fx('validate', 'var_foo_with_no_default.pkr.hcl'), 'Error: Unset variable "foo"\n'],
    [fx('hcl', 'validation', 'wrong_pause_before.pkr.hcl'), 'Error: Failed to parse pause_before duration\n'],
    [fx('version_req', 'base_failure'), 'Error: Unsupported Packer Core version\n'],
    [fx('version_req', 'wrong_field_name'), 'Error: Unsupported argument\n'],
    [fx('validate', 'invalid_packer_block.pkr.hcl'), 'Error: Unsupported argument\n'],
  ])('%s fails', (file, first) => {
    const r = validate(file);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith(first)).toBe(true);
    expect(r.stdout).not.toContain('The configuration is valid.');
  });

  test('circular_error: a local that refers to itself fails (Packer: "should return multiple errors")', () => {
    const r = validate(fx('validate', 'circular_error.pkr.hcl'));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Error: /);
  });

  test('version_req/base_failure reports only the version error, not the unknown future block', () => {
    const r = validate(fx('version_req', 'base_failure'));
    expect(r.stdout).toContain('This configuration does not support Packer version 1.16.0.');
    expect(r.stdout.match(/Error: /g)).toHaveLength(1);
    expect(r.stdout).toContain(`  on ${fx('version_req', 'base_failure', 'version.pkr.hcl')} line 2, in packer:\n   2:   required_version = ">= 700000.0.0"\n`);
  });

  test('TestValidateCommand_ShowLineNumForMissing: exact text, no source snippet after parsing', () => {
    const file = fx('validate-invalid', 'missing_build_block.pkr.hcl');
    expect(validate(file)).toEqual({
      stdout: `Error: Unknown source file.cho\n\n  on ${file} line 6:\n  (source code not available)\n\nKnown: [file.chocolate]\n\n\n`,
      stderr: '',
      status: 1,
    });
  });

  test('hcl/no_build: exactly one error, Missing build block', () => {
    expect(validate(fx('hcl', 'no_build.pkr.hcl'))).toEqual({
      stdout: 'Error: Missing build block\n\nA build block with one or more sources is required for executing a build.\n\n\n',
      stderr: '',
      status: 1,
    });
  });

  test('hcl/build_no_source: one error, missing source reference, located on line 1', () => {
    const r = validate(fx('hcl', 'build_no_source.pkr.hcl'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Error: missing source reference');
    expect(r.stdout.match(/Error: /g)).toHaveLength(1);
    expect(r.stdout).toMatch(/on .*build_no_source\.pkr\.hcl line 1/);
  });

  test('local-ds-validate: unknown data source outputs fail the provisioner; --evaluate-datasources runs them', () => {
    const file = fx('hcl', 'local-ds-validate.pkr.hcl');
    const r = validate(file);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Error: /);
    expect(validate('--evaluate-datasources', file)).toEqual({ stdout: VALID, stderr: '', status: 0 });
  });
});

describe('TestValidateCommand_SyntaxOnly', () => {
  test.each([
    [fx('validate', 'build.pkr.hcl')],
    [fx('validate', 'build_with_vars.pkr.hcl')],
    [fx('validate-invalid', 'missing_build_block.pkr.hcl')],
    [fx('validate', 'var_foo_with_no_default.pkr.hcl')],
    [fx('hcl', 'no_build.pkr.hcl')],
  ])('%s passes', (file) => {
    expect(validate('-syntax-only', file)).toEqual({ stdout: SYNTAX_OK, stderr: '', status: 0 });
  });

  test('a file that does not parse fails, with its source shown', () => {
    const dir = tempDir({ 'broken.pkr.hcl': 'source "null" "a" {\n  communicator = \n}\n' });
    const r = tspacker(['validate', '-syntax-only', 'broken.pkr.hcl'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Error: /);
    expect(r.stdout).toContain('  on broken.pkr.hcl line 2, in source "null" "a":\n   2:   communicator = \n');
    expect(r.stdout).not.toContain('Syntax-only check passed');
  });
});

describe('TestValidateCommandExcept (HCL2)', () => {
  const file = fx('validate', 'validate_except.pkr.hcl');
  test('-except=file.vanilla,pear drops the build without target and the chain from "pear" on', () => {
    expect(validate('-except=file.vanilla,pear', file)).toEqual({ stdout: VALID, stderr: '', status: 0 });
  });
  test('-except=file.chocolate,apple keeps file.vanilla, whose target is missing', () => {
    const r = validate('-except=file.chocolate,apple', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Error: /);
  });
});

describe('TestValidateCommand_VarFiles and undeclared-variable warnings', () => {
  const dir = (f: string) => fx('validate', 'var-file-tests', f);
  const warning =
    'Warning: Undefined variable\n\n' +
    'The variable "unused" was set but was not declared as an input variable.\n' +
    'To declare variable "unused" place this block in one of your .pkr.hcl files,\n' +
    'such as variables.pkr.hcl\n\n' +
    'variable "unused" {\n  type    = string\n  default = null\n}\n\n\n';

  test('a var file for declared variables', () => {
    expect(validate('-var-file', dir('basic.pkrvars.hcl'), dir('basic.pkr.hcl'))).toEqual({ stdout: VALID, stderr: '', status: 0 });
  });

  test.each([['undeclared.pkrvars.hcl'], ['undeclared.json']])('%s: the warning, then valid', (varFile) => {
    expect(validate('-var-file', dir(varFile), dir('basic.pkr.hcl'))).toEqual({ stdout: warning + VALID, stderr: '', status: 0 });
  });

  test.each([['undeclared.pkrvars.hcl'], ['undeclared.json']])('-no-warn-undeclared-var with %s: only valid', (varFile) => {
    expect(validate('-no-warn-undeclared-var', '-var-file', dir(varFile), dir('basic.pkr.hcl'))).toEqual({ stdout: VALID, stderr: '', status: 0 });
  });
});

describe('variable validation rules (build_test.go, hcl/validation/map)', () => {
  const dir = fx('hcl', 'validation', 'map');
  const file = (f: string) => path.join(dir, f);
  test.each([
    ['the default', 0, []],
    ['a valid var file', 0, ['-var-file', file('valid_value.pkrvars.hcl')]],
    ['an invalid var file', 1, ['-var-file', file('invalid_value.pkrvars.hcl')]],
    ['-var over an invalid var file', 0, ['-var-file', file('invalid_value.pkrvars.hcl'), '-var', 'image_metadata={key = "new_value", something = { foo = "bar" }}']],
    ['an invalid -var over a valid var file', 1, ['-var-file', file('valid_value.pkrvars.hcl'), '-var', 'image_metadata={key = "?", something = { foo = "wrong" }}']],
  ] as const)('%s → exit %d', (_name, code, args) => {
    const r = validate(...args, dir);
    expect(r.status).toBe(code);
    if (code === 0) expect(r.stdout).toBe(VALID);
    else expect(r.stdout).toMatch(/^Error: Invalid value for (varfile|cmd) variable\n/);
  });
});

describe('-only / -except globs on full build names (hcl-only-except)', () => {
  const file = fx('hcl-only-except', 'build.pkr.hcl');
  const possible = 'Possible build names: [file.cherry my_build.file.chocolate\nmy_build.file.vanilla].\n' + "These could also be matched with a glob pattern like: 'happycloud.*'\n\n\n";

  test.each([['-only=*chocolate*'], ['-only=my_build.*'], ['-only=file.cherry'], ['-only=my_build.file.chocolate,file.cherry'], ['-except=*ch*'], ['--except', 'my_build.*']])(
    '%s matches: valid, no warning',
    (...flags) => {
      expect(validate(...flags, file)).toEqual({ stdout: VALID, stderr: '', status: 0 });
    },
  );

  test('-only=chocolate matches nothing (names include the type): a warning, still valid', () => {
    expect(validate('-only=chocolate', file)).toEqual({
      stdout: "Warning: an 'only' option was passed, but not all matches were found for the given build.\n\n" + possible + VALID,
      stderr: '',
      status: 0,
    });
  });

  test('-except=nothing-here: a warning, still valid', () => {
    expect(validate('-except=nothing-here', file)).toEqual({
      stdout: "Warning: an 'except' option was passed, but did not match any build.\n\n" + possible + VALID,
      stderr: '',
      status: 0,
    });
  });

  test('-except naming a post-processor counts as a match: no warning (test_except_manifest)', () => {
    expect(validate('-except', 'manifest', fx('hcl', 'test_except_manifest.pkr.hcl'))).toEqual({ stdout: VALID, stderr: '', status: 0 });
  });

  test('an invalid glob is an error', () => {
    const r = validate('-only=[', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Error: Invalid -only pattern \[: /);
  });
});

describe('arguments', () => {
  const file = fx('validate', 'build.pkr.hcl');

  test('-h: the help, exit 0', () => {
    const r = validate('-h');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: tspacker validate \[options\] TEMPLATE\n\n  Checks the template is valid by parsing the template and also\n/);
    expect(r.stdout).toContain('\n  -evaluate-datasources         Evaluate data sources during validation (HCL2 only, may incur costs); Defaults to false. \n');
    expect(r.stdout.endsWith('  -use-sequential-evaluation    Fallback to using a sequential approach for local/datasource evaluation.\n')).toBe(true);
  });

  test('no TEMPLATE, two, or a flag after the TEMPLATE: the help, exit 1', () => {
    const help = validate('-h').stdout;
    expect(validate()).toEqual({ stdout: help, stderr: '', status: 1 });
    expect(validate(file, file)).toEqual({ stdout: help, stderr: '', status: 1 });
    expect(validate(file, '-syntax-only')).toEqual({ stdout: help, stderr: '', status: 1 });
  });

  test('an unknown flag: Go\'s message and the help, exit 1', () => {
    const help = validate('-h').stdout;
    expect(validate('-nope', file)).toEqual({ stdout: 'flag provided but not defined: -nope\n' + help, stderr: '', status: 1 });
    expect(validate('-var', 'novalue', file).stdout.startsWith(`invalid value "novalue" for flag -var: No '=' value in arg: novalue\n`)).toBe(true);
  });

  test('-x and --x, -x=v and -x v are the same; accepted no-op flags', () => {
    expect(validate('--syntax-only', file).stdout).toBe(SYNTAX_OK);
    expect(validate('-syntax-only=true', file).stdout).toBe(SYNTAX_OK);
    expect(validate('-syntax-only=false', '-ignore-prerelease-plugins', '-use-sequential-evaluation', file).stdout).toBe(VALID);
    const vars = fx('validate', 'build_with_vars.pkr.hcl');
    expect(validate('-var=target=x.txt', vars).stdout).toBe(VALID);
    expect(validate('-var', 'target=x.txt', vars).stdout).toBe(VALID);
  });

  test('a -var for an undeclared variable is an error', () => {
    const r = validate('-var', 'nope=1', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Error: Undefined -var variable\n/);
  });

  test('a path that does not exist and is not an HCL2 name: Go\'s stat error', () => {
    expect(validate('nope')).toEqual({ stdout: '"nope": stat nope: no such file or directory\n', stderr: '', status: 1 });
  });

  test('a legacy JSON template is validated (1.6.6 prints nothing on success)', () => {
    expect(validate(fx('validate', 'build.json'))).toEqual({ stdout: 'The configuration is valid.\n', stderr: '', status: 0 });
  });

  test('-machine-readable: each UI message is one "ui" line, newlines escaped', () => {
    const ok = tspacker(['validate', '-machine-readable', file], { cwd: commandDir });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^\d+,,ui,say,The configuration is valid\.\n$/);
    const bad = tspacker(['-machine-readable', 'validate', fx('hcl', 'no_build.pkr.hcl')], { cwd: commandDir });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(
      /^\d+,,ui,error,Error: Missing build block\\n\\nA build block with one or more sources is required for executing a build\.\\n\\n\n$/,
    );
  });
});

describe('sensitive values are masked in diagnostics', () => {
  test('an error about an expression shows a sensitive variable as <sensitive>', () => {
    const dir = tempDir({
      'main.pkr.hcl':
        'variable "password" {\n  type      = string\n  default   = "hunter2-secret"\n  sensitive = true\n}\n' +
        'locals {\n  doubled = var.password * 2\n}\n' +
        'source "null" "a" {\n  communicator = "none"\n}\n' +
        'build {\n  sources = ["source.null.a"]\n}\n',
    });
    const r = tspacker(['validate', '.'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('with var.password as "<sensitive>"');
    expect(r.stdout).not.toContain('hunter2-secret');
  });
});
