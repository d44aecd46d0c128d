// Input variables (types.variables.go) on Packer's hcl2template/testdata/variables cases with the expectations of
// types.variables_test.go, the value-collection table of TestVariables_collectVariableValues, validation rules,
// optional() defaults, sensitive values, and Packer 1.6.6 `console` as an oracle for types and precedence.
import { renderConsoleValue, renderDiagnostics, type Diagnostic } from '@tspacker/hcl';
import { loadTemplate, variableValue, type LoadOptions, type PackerConfig } from '@tspacker/core';
import { compareConsoles, loadAndInitialize as load, testLoadOptions } from '../../../test/support/data-components.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { errorSummaries as errors } from './helpers.js';

const show = (config: PackerConfig, name: string, kind: 'input' | 'local' = 'input'): string =>
  renderConsoleValue(variableValue((kind === 'input' ? config.inputVariables : config.localVariables).get(name)!));

describe('testdata/variables (TestParse_variables)', () => {
  test('basic', async () => {
    const { config, diags } = await load('testdata/variables/basic.pkr.hcl');
    expect(diags).toEqual([]);
    const c = config!;
    expect(c.basedir).toBe('testdata/variables');
    expect(show(c, 'image_name')).toBe('foo-image-{{user `my_secret`}}');
    expect(show(c, 'port')).toBe('42');
    expect(c.inputVariables.get('port')!.type.kind).toBe('number');
    expect(show(c, 'availability_zone_names')).toBe('[\n  "us-west-1a",\n]');
    expect(c.inputVariables.get('availability_zone_names')!.description).toBe('Describing is awesome ;D\n');
    const secret = c.inputVariables.get('super_secret_password')!;
    expect([secret.sensitive, secret.type.kind, variableValue(secret).isNull]).toEqual([true, 'string', true]);
    expect([...c.localVariables.keys()].sort()).toEqual(['owner', 'service_name', 'supersecret']);
    expect(show(c, 'owner', 'local')).toBe('Community Team');
    expect(c.localVariables.get('supersecret')!.sensitive).toBe(true);
    expect([...c.sensitiveValues]).toEqual(['secretvar']);
    expect(c.inputVariables.get('key')!.values.map((v) => v.from)).toEqual(['default']);
  });

  test.each([
    ['duplicate_variable.pkr.hcl', ['Duplicate variable']],
    ['duplicate_variables.pkr.hcl', ['Duplicate variable']],
    ['duplicate_locals', ['Duplicate local definition']],
    ['invalid_default.pkr.hcl', ['Invalid default value for variable']],
    ['unknown_key.pkr.hcl', ['Unsupported argument']],
    ['unset_unused_string_variable.pkr.hcl', ['Unset variable "foo"']],
    ['validation/invalid_default.pkr.hcl', ['Invalid value for default variable']],
  ])('%s: %j', async (file, want) => {
    const { diags } = await load(`testdata/variables/${file}`);
    expect(errors(diags)).toEqual(want);
  });

  test('unset used variable: the unset error comes first', async () => {
    const { diags } = await load('testdata/variables/unset_used_string_variable.pkr.hcl');
    expect(errors(diags)[0]).toBe('Unset variable "foo"');
    expect(diags[0]!.detail).toBe('A used variable must be set or have a default value; see https://packer.io/docs/templates/hcl_templates/syntax for details.');
    expect(diags[0]!.context!.start.line).toBe(2);
  });

  test('messages', async () => {
    const dup = await load('testdata/variables/duplicate_locals');
    expect(dup.diags[0]!.detail).toBe(
      'Local variable "sensible" is defined twice in your templates. Other definition found at "testdata/variables/duplicate_locals/one.pkr.hcl:3,18-29"',
    );
    const def = await load('testdata/variables/invalid_default.pkr.hcl');
    expect(def.diags[0]!.detail).toBe("This default value is not compatible with the variable's type constraint: list of string required.");
    const v = await load('testdata/variables/validation/invalid_default.pkr.hcl');
    expect(renderDiagnostics(v.diags, v.config!.files)).toBe(
      'Error: Invalid value for default variable\n\n' +
        '  on testdata/variables/validation/invalid_default.pkr.hcl line 4, in variable "image_id":\n' +
        '   4:   default = "potato"\n\n' +
        'The image_id value must be a valid AMI id, starting with "ami-".\n\n' +
        'This was checked by the validation rule at\ntestdata/variables/validation/invalid_default.pkr.hcl:5,3-13.\n\n',
    );
  });

  test('complicated: locals using locals across files', async () => {
    const { config, diags } = await load('testdata/variables/complicated');
    expect(diags).toEqual([]);
    expect(show(config!, 'name_prefix')).toBe('foo');
    expect(Object.fromEntries([...config!.localVariables.keys()].map((k) => [k, show(config!, k, 'local')]))).toEqual({
      name_prefix: 'foo',
      foo: 'foo',
      bar: 'foo',
      for_var: 'foo',
      bar_var: '[\n  "foo",\n  "foo",\n  "foo",\n]',
    });
  });

  test('recursive locals: a graph cycle', async () => {
    const { diags } = await load('testdata/variables/recursive_locals.pkr.hcl');
    expect(errors(diags)).toEqual(['failed to prepare execution graph']);
    expect(diags[0]!.detail).toMatch(/^An error occurred while building the graph for datasources\/locals: 1 error occurred:\n\t\* Cycle: local\.(first|second), local\.(first|second)\n\n$/);
  });

  test('set variable from var-file; undeclared var-file entries are silent by default', async () => {
    const set = await load('testdata/variables/foo-string.variable.pkr.hcl', { varFiles: ['testdata/variables/set-foo-too-wee.hcl'] });
    expect(set.diags).toEqual([]);
    expect(set.config!.inputVariables.get('foo')!.values.map((v) => [v.from, renderConsoleValue(v.value)])).toEqual([
      ['default', 'bar'],
      ['varfile', 'wee'],
    ]);
    const empty = await load('testdata/variables/empty.pkr.hcl', { varFiles: ['testdata/variables/set-foo-too-wee.hcl'] });
    expect(empty.diags).toEqual([]);
    expect(empty.config!.inputVariables.size).toBe(0);
  });

  test('undeclared var-file entries warn when asked', async () => {
    const r = await load('testdata/variables/empty.pkr.hcl', { varFiles: ['testdata/variables/set-foo-too-wee.hcl'], warnOnUndeclaredVar: true });
    expect(r.diags.map((d) => [d.severity, d.summary])).toEqual([['warning', 'Undefined variable']]);
    expect(r.diags[0]!.detail).toBe(
      'The variable "foo" was set but was not declared as an input variable.\nTo declare variable "foo" place this block in one of your .pkr.hcl files, such as variables.pkr.hcl\n\nvariable "foo" {\n  type    = string\n  default = null\n}',
    );
  });

  test('provisioner_variable_decoding and validation/valid', async () => {
    const p = await load('testdata/variables/provisioner_variable_decoding.pkr.hcl');
    expect(errors(p.diags)).toEqual([]);
    expect([p.config!.inputVariables.get('max_retries')!.type.kind, p.config!.inputVariables.get('max_retries_int')!.type.kind]).toEqual(['string', 'number']);
    const v = await load('testdata/variables/validation/valid.pkr.hcl');
    expect(v.diags).toEqual([]);
    expect(show(v.config!, 'image_id')).toBe('ami-something-something');
  });
});

describe('collecting values (TestVariables_collectVariableValues)', () => {
  interface Case {
    decl: string;
    env?: Record<string, string>;
    files?: string[];
    argv?: [string, string][];
  }
  async function collect(c: Case): Promise<{ config: PackerConfig; diags: Diagnostic[] }> {
    const files: Record<string, string> = { 't.pkr.hcl': c.decl };
    (c.files ?? []).forEach((text, i) => (files[`f${i}.pkrvars.hcl`] = text));
    const dir = tempDir(files);
    const r = await loadTemplate(
      testLoadOptions('t.pkr.hcl', { cwd: dir, env: c.env ?? {}, vars: c.argv ?? [], varFiles: (c.files ?? []).map((_, i) => `f${i}.pkrvars.hcl`) }),
    );
    return { config: r.value!, diags: r.diags };
  }
  const assignments = (config: PackerConfig, name: string): [string, string][] =>
    config.inputVariables.get(name)!.values.map((v) => [v.from, renderConsoleValue(v.value)]);

  test('string: every source, in order', async () => {
    const { config, diags } = await collect({
      decl: 'variable "used_string" {\n  type = string\n  default = "default_value"\n}\n',
      env: { PKR_VAR_used_string: 'env_value' },
      files: ['used_string="xy"', 'used_string="varfile_value"'],
      argv: [['used_string', 'cmd_value']],
    });
    expect(diags).toEqual([]);
    expect(assignments(config, 'used_string')).toEqual([
      ['default', 'default_value'],
      ['env', 'env_value'],
      ['varfile', 'xy'],
      ['varfile', 'varfile_value'],
      ['cmd', 'cmd_value'],
    ]);
  });

  test('quoted strings stay quoted', async () => {
    const { config } = await collect({
      decl: 'variable "quoted_string" {\n  type = string\n  default = "\\"default_value\\""\n}\n',
      env: { PKR_VAR_quoted_string: '"env_value"' },
      files: ['quoted_string="\\"xy\\""'],
      argv: [['quoted_string', '"cmd_value"']],
    });
    expect(assignments(config, 'quoted_string').map((a) => a[1])).toEqual(['"default_value"', '"env_value"', '"xy"', '"cmd_value"']);
  });

  test('lists are parsed as HCL from env and -var', async () => {
    const { config } = await collect({
      decl: 'variable "used_strings" {\n  type = list(string)\n  default = ["default_value_1"]\n}\n',
      env: { PKR_VAR_used_strings: '["env_value_1", "env_value_2"]' },
      files: ['used_strings=["xy"]'],
      argv: [['used_strings', '["cmd_value_1"]']],
    });
    expect(assignments(config, 'used_strings').map((a) => a[1])).toEqual([
      '[\n  "default_value_1",\n]',
      '[\n  "env_value_1",\n  "env_value_2",\n]',
      '[\n  "xy",\n]',
      '[\n  "cmd_value_1",\n]',
    ]);
  });

  test('bool', async () => {
    const { config, diags } = await collect({
      decl: 'variable "enabled" {\n  type = bool\n  default = false\n}\n',
      env: { PKR_VAR_enabled: 'true' },
      files: ['enabled="false"'],
      argv: [['enabled', 'true']],
    });
    expect(diags).toEqual([]);
    expect(assignments(config, 'enabled')).toEqual([
      ['default', 'false'],
      ['env', 'true'],
      ['varfile', 'false'],
      ['cmd', 'true'],
    ]);
  });

  test('undeclared: env silent, var file silent, -var an error', async () => {
    const decl = '';
    expect((await collect({ decl, env: { PKR_VAR_undefined_string: 'value' } })).diags).toEqual([]);
    expect((await collect({ decl, files: ['undefined_string="value"'] })).diags).toEqual([]);
    const argv = await collect({ decl, argv: [['undefined_string', 'value']] });
    expect(argv.diags).toEqual([
      {
        severity: 'error',
        summary: 'Undefined -var variable',
        detail:
          'A "undefined_string" variable was passed in the command line but was not found in known variables. To declare variable "undefined_string", place this block in one of your .pkr files, such as variables.pkr.hcl',
      },
    ]);
  });

  test('values that do not fit the type', async () => {
    const env = await collect({ decl: 'variable "used_string" {\n  type = list(string)\n}\n', env: { PKR_VAR_used_string: '"string"' } });
    expect(errors(env.diags)).toEqual(['Invalid value for variable']);
    expect(env.diags[0]!.detail).toBe("The value for used_string is not compatible with the variable's type constraint: list of string required.");
    expect(assignments(env.config, 'used_string')).toEqual([['env', '<unknown>']]);
    const file = await collect({ decl: 'variable "used_string" {\n  type = bool\n}\n', files: ['used_string=["string"]'] });
    expect(errors(file.diags)).toEqual(['Invalid value for variable']);
    const argv = await collect({ decl: 'variable "used_string" {\n  type = bool\n}\n', argv: [['used_string', '["true"]']] });
    expect(argv.diags).toEqual([
      {
        severity: 'error',
        summary: 'Invalid argument value for -var variable',
        detail: "The received arg value for used_string is not compatible with the variable's type constraint: bool required.",
      },
    ]);
    const num = await collect({ decl: 'variable "n" {\n  type = number\n}\n', env: { PKR_VAR_n: 'abc' } });
    expect(num.diags[0]!.detail).toBe("The value for n is not compatible with the variable's type constraint: a number is required.");
  });

  test('var files apply in command-line order whatever their syntax (1.6.6 read .hcl ones first)', async () => {
    const dir = tempDir({ 't.pkr.hcl': 'variable "s" {\n  default = "d"\n}\n', 'a.json': '{"s": "json"}', 'b.hcl': 's = "hcl"\n' });
    const r = await loadTemplate(testLoadOptions('t.pkr.hcl', { cwd: dir, varFiles: ['b.hcl', 'a.json'] }));
    expect(variableValue(r.value!.inputVariables.get('s')!).asString()).toBe('json');
  });

  test('a -var value that does not convert has no source range (1.6.6 pointed at the argument)', async () => {
    const r = await collect({ decl: 'variable "n" {\n  type = number\n}\n', argv: [['n', 'abc']] });
    expect(r.diags[0]!.subject).toBeUndefined();
  });

  test('-var strings are never parsed as HCL; the last -var per name wins', async () => {
    const { config } = await collect({
      decl: 'variable "x" {}\nvariable "s" {\n  type = string\n}\n',
      argv: [
        ['x', '["a"]'],
        ['s', 'first'],
        ['s', '${upper("no")}'],
      ],
    });
    expect(assignments(config, 'x')).toEqual([['cmd', '["a"]']]);
    expect(assignments(config, 's')).toEqual([['cmd', '${upper("no")}']]);
  });

  test('a -var expression that does not parse', async () => {
    const r = await collect({ decl: 'variable "l" {\n  type = list(string)\n}\n', argv: [['l', '["a"']] });
    expect(r.diags[0]!.subject!.filename).toBe('<value for var.l from arguments>');
    expect(r.config.inputVariables.get('l')!.values).toEqual([]);
  });
});

describe('declarations', () => {
  async function declare(text: string, o: Partial<LoadOptions> = {}) {
    const dir = tempDir({ 't.pkr.hcl': text });
    return load('t.pkr.hcl', { cwd: dir, ...o });
  }

  test('defaults may call env() only', async () => {
    const ok = await declare('variable "home" {\n  default = env("HOME_X")\n}\n', { env: { HOME_X: '/h' } });
    expect(show(ok.config!, 'home')).toBe('/h');
    const upper = await declare('variable "u" {\n  default = upper("x")\n}\n');
    expect(errors(upper.diags)).toEqual(['Call to unknown function']);
    const ref = await declare('variable "a" {\n  default = "a"\n}\nvariable "b" {\n  default = var.a\n}\n');
    expect(errors(ref.diags)).toEqual(['Variables not allowed']);
  });

  test('the type comes from the default unless it is {} or []', async () => {
    const r = await declare('variable "l" {\n  default = ["a"]\n}\nvariable "e" {\n  default = []\n}\nvariable "o" {\n  default = {}\n}\n', {
      vars: [],
    });
    const c = r.config!;
    expect(c.inputVariables.get('l')!.type.kind).toBe('tuple');
    expect(c.inputVariables.get('e')!.type.kind).toBe('dynamic');
    expect(c.inputVariables.get('o')!.type.kind).toBe('dynamic');
  });

  test('default = null counts as set', async () => {
    const r = await declare('variable "n" {\n  type = string\n  default = null\n}\n');
    expect(r.diags).toEqual([]);
  });

  test('optional() attributes get their defaults from every source', async () => {
    const decl =
      'variable "context" {\n  type = object({\n    with_default    = optional(string, "default_value")\n    without_default = optional(number)\n    required        = string\n  })\n  default = {\n    required = "set"\n  }\n}\n';
    const r = await declare(decl);
    expect(r.diags).toEqual([]);
    const context = variableValue(r.config!.inputVariables.get('context')!);
    expect(context.get('with_default')!.asString()).toBe('default_value');
    expect([context.get('without_default')!.isNull, context.get('without_default')!.type.kind]).toEqual([true, 'number']);
    expect(context.get('required')!.asString()).toBe('set');
    const cmd = await declare(decl, { vars: [['context', '{ required = "cmd", without_default = 2 }']] });
    expect(show(cmd.config!, 'context')).toBe('{\n  "required" = "cmd"\n  "with_default" = "default_value"\n  "without_default" = 2\n}');
  });

  test('validation blocks: references, messages, results', async () => {
    const v = (cond: string, msg = 'Must be good.') =>
      declare(`variable "x" {\n  default = "a"\n  validation {\n    condition = ${cond}\n    error_message = "${msg}"\n  }\n}\nvariable "y" {\n  default = 1\n}\n`);
    expect(errors((await v('var.y == 1')).diags)).toEqual(['Invalid reference in variable validation', 'Invalid variable validation condition']);
    expect(errors((await v('true')).diags)).toEqual(['Invalid variable validation condition']);
    expect(errors((await v('var.x == "a"', 'lowercase.')).diags)).toEqual(['Invalid validation error message']);
    expect(errors((await v('var.x == "a"', 'No period')).diags)).toEqual(['Invalid validation error message']);
    expect(errors((await v('var.x == "a"', '')).diags)).toEqual(['Invalid validation error message']);
    expect((await v('var.x == "a"', '¿Bien?')).diags).toEqual([]);
    expect(errors((await v('var.x == "b"')).diags)).toEqual(['Invalid value for default variable']);
    expect(errors((await v('var.x == "a" ? null : true')).diags)).toEqual(['Invalid variable validation result']);
    expect(errors((await v('var.x == "a" ? "maybe" : true')).diags)).toEqual(['Invalid variable validation result']);
    expect(errors((await v('length(var.x) == 1 && can(regex("^a", var.x))')).diags)).toEqual([]);
  });

  test('only the final value is validated, and its source is named', async () => {
    const decl = 'variable "x" {\n  default = "bad"\n  validation {\n    condition = var.x != "bad"\n    error_message = "Not bad."\n  }\n}\n';
    expect((await declare(decl, { vars: [['x', 'good']] })).diags).toEqual([]);
    expect(errors((await declare(decl, { env: { PKR_VAR_x: 'bad' } })).diags)).toEqual(['Invalid value for env variable']);
    expect(errors((await declare(decl, { vars: [['x', 'bad']] })).diags)).toEqual(['Invalid value for cmd variable']);
  });

  test('invalid names and bad attribute values', async () => {
    expect(errors((await declare('variable "1x" {}\n')).diags)).toEqual(['Invalid variable name']);
    expect(errors((await declare('variable "x" {\n  sensitive = "maybe"\n  default = 1\n}\n')).diags)).toEqual(['Unsuitable value type']);
    expect(errors((await declare('variable "x" {\n  type = strin\n  default = 1\n}\n')).diags)).toEqual(['Invalid type specification']);
    expect(errors((await declare('variable "x" {\n  nullable = true\n  default = 1\n}\n')).diags)).toEqual(['Unsupported argument']);
  });

  test('sensitive values: every string leaf of variables and locals', async () => {
    const r = await declare(
      'variable "s" {\n  sensitive = true\n  default = { a = "one", b = ["two", 3] }\n}\nvariable "p" {\n  default = "public"\n}\nlocal "l" {\n  expression = "${var.p}-three"\n  sensitive = true\n}\n',
    );
    expect(r.diags).toEqual([]);
    // Numbers are not registered (only cty strings are), nor are non-sensitive values.
    expect([...r.config!.sensitiveValues].sort()).toEqual(['one', 'public-three', 'two']);
  });
});

describe('differential: Packer 1.6.6 console', () => {
  const decl = `
variable "s" {
  type    = string
  default = "str"
}
variable "n" {
  type    = number
  default = 1.5
}
variable "b" {
  type    = bool
  default = true
}
variable "l" {
  type    = list(string)
  default = ["a", "b"]
}
variable "m" {
  type    = map(number)
  default = { a = 1 }
}
variable "o" {
  type    = object({ name = string, tags = list(string) })
  default = { name = "x", tags = [] }
}
variable "t" {
  type    = tuple([string, number])
  default = ["a", 1]
}
variable "st" {
  type    = set(string)
  default = ["b", "a", "b"]
}
variable "untyped" {
  default = ["x", 1]
}
variable "nodefault" {
  type = string
}
variable "nodefault_untyped" {}
locals {
  joined = join("-", var.l)
  nested = { for k, v in var.m : k => v * 2 }
}
`;
  const dir = tempDir({ 't.pkr.hcl': decl, 'v.pkrvars.hcl': 's = "file"\nl = ["f"]\nm = { z = 9 }\n', 'v.pkrvars.json': '{"s": "json", "n": 7}' });
  const cases: [string, Parameters<typeof compareConsoles>[3]][] = [
    ['var.s', {}],
    ['var.n', {}],
    ['var.b', {}],
    ['var.l', {}],
    ['var.m', {}],
    ['var.o', {}],
    ['var.t', {}],
    ['var.st', {}],
    ['var.untyped', {}],
    ['local.joined', {}],
    ['local.nested', {}],
    ['var.s', { varFiles: ['v.pkrvars.hcl'] }],
    ['var.s', { varFiles: ['v.pkrvars.hcl', 'v.pkrvars.json'] }],
    ['var.s', { env: { PKR_VAR_s: 'env' } }],
    ['var.s', { env: { PKR_VAR_s: 'env' }, varFiles: ['v.pkrvars.hcl'] }],
    ['var.s', { env: { PKR_VAR_s: 'env' }, varFiles: ['v.pkrvars.hcl'], vars: [['s', 'cmd']] }],
    ['var.n', { vars: [['n', '42']] }],
    ['var.b', { env: { PKR_VAR_b: 'false' } }],
    ['var.l', { vars: [['l', '["x", "y"]']] }],
    ['var.l', { env: { PKR_VAR_l: '["e"]' } }],
    ['var.m', { varFiles: ['v.pkrvars.hcl'] }],
    ['var.o', { vars: [['o', '{ name = "n", tags = ["t"] }']] }],
    ['var.nodefault_untyped', { vars: [['nodefault_untyped', '["not", "parsed"]']] }],
    ['var.nodefault_untyped', { env: { PKR_VAR_nodefault_untyped: '{ a = 1 }' } }],
    ['local.joined', { vars: [['l', '["p", "q"]']] }],
    ['var.nodefault', { vars: [['nodefault', 'set']] }],
    ['var.s', { vars: [['undeclared', '1']] }],
  ];
  test.each(cases)('%s with %j', async (expr, c) => {
    const [ours, theirs] = await compareConsoles(dir, 't.pkr.hcl', expr, c);
    expect(ours).toBe(theirs);
  });
});

describe('JSON-syntax templates', () => {
  const json = JSON.stringify({
    variable: { x: { type: 'string', default: 'a' }, l: { type: 'list(number)', default: [1, 2] } },
    variables: { shorthand: 'short' },
    locals: { y: '${var.x}-b', n: '${length(var.l)}' },
  });
  test('variables, variables {} and locals', async () => {
    const dir = tempDir({ 't.pkr.json': json });
    const { config, diags } = await load('t.pkr.json', { cwd: dir });
    expect(diags).toEqual([]);
    expect(config!.inputVariables.get('l')!.type.kind).toBe('list');
    expect(show(config!, 'y', 'local')).toBe('a-b');
    expect(show(config!, 'shorthand')).toBe('short');
  });
  test.each(['var.l', 'local.y', 'local.n', 'var.shorthand'])('same as Packer 1.6.6: %s', async (expr) => {
    const dir = tempDir({ 't.pkr.json': json });
    const [ours, theirs] = await compareConsoles(dir, 't.pkr.json', expr, { vars: [['l', '[3]']] });
    expect(ours).toBe(theirs);
  });
});
