// configFromLegacyJson: a legacy JSON template's component configuration prepared the way a Packer plugin's
// config.Decode prepares it (RenderMap, then mapstructure with weak typing and Packer's decode hooks, raws merged
// in order, unused keys). First small specs, then the same function against the real Packer 1.6.6 validating
// templates whose components are both Packer's and tspacker's.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { amazonComponents } from '@tspacker/plugin-amazon';
import { builtinComponents } from '@tspacker/plugin-builtin';
import {
  attr,
  block,
  configFromLegacyJson,
  interpolate,
  legacyJsonErrorsText,
  legacyJsonKeyEntries,
  parseTemplate,
  type ConfigOf,
  type ConfigSpec,
  type InterpolateContext,
} from '@tspacker/sdk';

const spec = {
  name: attr.string(),
  count: attr.int(),
  ratio: attr.number(),
  enabled: attr.bool(),
  timeout: attr.duration(),
  wait: attr.duration({ default: '30s' }),
  size: attr.int({ default: 8 }),
  extra: attr.any(),
  ports: attr.list(attr.int()),
  names: attr.list(attr.string()),
  tags: attr.map(attr.string()),
  encrypt: attr.trilean(),
  command: attr.string({ interpolate: false }),
  user: attr.string({ aliases: ['username', 'login'] }),
  role: block.single({ arn: attr.string(), wait: attr.duration({ default: '1m' }) }),
  disk: block.list({ size: attr.int({ default: 8 }), name: attr.string({ interpolate: false }) }),
} satisfies ConfigSpec;

const zeroConfig: ConfigOf<typeof spec> = {
  name: '',
  count: 0,
  ratio: 0,
  enabled: false,
  timeout: 0,
  wait: 30_000,
  size: 8,
  extra: null,
  ports: [],
  names: [],
  tags: {},
  encrypt: undefined,
  command: '',
  user: '',
  role: undefined,
  disk: [],
};

const ctx: InterpolateContext = { mode: 'json', coreVersion: '1.6.6', userVariables: { size: '20', word: 'abc' } };
const options = { interpolate: (t: string) => interpolate(t, ctx), validate: (t: string) => parseTemplate(t, ctx) };

const prepare = (...raws: (Record<string, unknown> | undefined)[]) => configFromLegacyJson(spec, raws, options);

describe('configFromLegacyJson', () => {
  test('nothing set: defaults and zero values as configFromValue gives them', () => {
    expect(prepare({})).toEqual({ config: zeroConfig, errors: [] });
    expect(prepare()).toEqual({ config: zeroConfig, errors: [] });
    expect(prepare(undefined, { type: 'x', packer_build_name: 'b' })).toEqual({ config: zeroConfig, errors: [] });
  });

  test('values of their own type, blocks as an object and an array of objects', () => {
    const { config, errors } = prepare({
      name: 'web',
      count: 3,
      ratio: 0.5,
      enabled: true,
      timeout: '1m30s',
      extra: { a: [1, 'x'] },
      ports: [22, 80],
      names: ['a', 'b'],
      tags: { Name: 'x' },
      encrypt: false,
      role: { arn: 'r' },
      disk: [{ size: 20 }, { name: 'd' }],
    });
    expect(errors).toEqual([]);
    expect(config).toEqual({
      ...zeroConfig,
      name: 'web',
      count: 3,
      ratio: 0.5,
      enabled: true,
      timeout: 90_000,
      extra: { a: [1, 'x'] },
      ports: [22, 80],
      names: ['a', 'b'],
      tags: { Name: 'x' },
      encrypt: false,
      role: { arn: 'r', wait: 60_000 },
      disk: [
        { size: 20, name: '' },
        { size: 8, name: 'd' },
      ],
    });
  });

  test('weak typing: strings, numbers and bools convert into each other', () => {
    const { config, errors } = prepare({
      name: 12.5,
      count: '0x1f',
      ratio: '1_000.5',
      enabled: 'T',
      size: 7.9,
      ports: '22,80',
      names: 'single',
      tags: { a: 1, b: true, c: 1e21 },
      timeout: 2_000_000,
      encrypt: 'true',
      user: false,
    });
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      name: '12.5',
      count: 31,
      ratio: 1000.5,
      enabled: true,
      size: 7,
      ports: [22, 80],
      names: ['single'],
      tags: { a: '1', b: '1', c: '1000000000000000000000' },
      timeout: 2,
      encrypt: true,
      user: '0',
    });
  });

  test('weak typing: empty strings are zero, a lone value becomes a list, an empty object an empty list', () => {
    const { config, errors } = prepare({ count: '', enabled: '', ratio: '', names: '', ports: 5, disk: { size: 1 }, encrypt: '' });
    expect(errors).toEqual([]);
    expect(config).toMatchObject({ count: 0, enabled: false, ratio: 0, names: [], ports: [5], disk: [{ size: 1, name: '' }] });
    expect(config.encrypt).toBeUndefined();
    expect(prepare({ names: {} }).config.names).toEqual([]);
    expect(prepare({ tags: [] }).config.tags).toEqual({});
    expect(prepare({ tags: [{ a: 'x' }, { b: 'y' }] }).config.tags).toEqual({ a: 'x', b: 'y' });
    expect(prepare({ tags: [null] }).config.tags).toEqual({});
    // Nulls inside collections are zero values.
    expect(prepare({ names: ['a', null], tags: { a: null }, disk: [null] }).config).toMatchObject({
      names: ['a', ''],
      tags: { a: '' },
      disk: [{ size: 8, name: '' }],
    });
  });

  test('Trileans: bools, bool strings and their numbers (1 true, 2 false)', () => {
    expect(prepare({ encrypt: 1 }).config.encrypt).toBe(true);
    expect(prepare({ encrypt: 2 }).config.encrypt).toBe(false);
    expect(prepare({ encrypt: 0 }).config.encrypt).toBeUndefined();
    expect(prepare({ encrypt: 'F' }).config.encrypt).toBe(false);
    // An empty string is unset again (stringToTrilean), even over an earlier raw's value.
    expect(prepare({ encrypt: true }, { encrypt: '' }).config.encrypt).toBeUndefined();
    expect(prepare({ encrypt: true }, { encrypt: null }).config.encrypt).toBe(true);
  });

  test("type errors in mapstructure's words, with paths into lists, maps and blocks", () => {
    const { errors } = prepare({
      name: ['a', 1234567, 0.00001, true, { b: 1, a: 'x' }],
      count: 'abc',
      ratio: 'x',
      enabled: 'maybe',
      timeout: '5x',
      wait: [1],
      encrypt: 'nope',
      ports: ['1', 'z'],
      tags: { a: [1] },
      role: 'r',
      disk: [{ size: '1e3' }, 'x'],
      extra: 'anything goes',
    });
    expect(errors.sort()).toEqual(
      [
        "'name' expected type 'string', got unconvertible type '[]interface {}', value: '[a 1.234567e+06 1e-05 true map[a:x b:1]]'",
        'cannot parse \'count\' as int: strconv.ParseInt: parsing "abc": invalid syntax',
        'cannot parse \'ratio\' as float: strconv.ParseFloat: parsing "x": invalid syntax',
        'cannot parse \'enabled\' as bool: strconv.ParseBool: parsing "maybe": invalid syntax',
        'error decoding \'timeout\': time: unknown unit "x" in duration "5x"',
        "'wait' expected type 'time.Duration', got unconvertible type '[]interface {}', value: '[1]'",
        'error decoding \'encrypt\': Error parsing bool from given var: strconv.ParseBool: parsing "nope": invalid syntax',
        'cannot parse \'ports[1]\' as int: strconv.ParseInt: parsing "z": invalid syntax',
        "'tags[<interface {} Value>]' expected type 'string', got unconvertible type '[]interface {}', value: '[1]'",
        "'role' expected a map, got 'string'",
        'cannot parse \'disk[0].size\' as int: strconv.ParseInt: parsing "1e3": invalid syntax',
        "'disk[1]' expected a map, got 'string'",
      ].sort(),
    );
    expect(legacyJsonErrorsText(errors)).toMatch(/^12 error\(s\) decoding:\n\n\* 'disk\[1\]' expected a map/);
  });

  test('ints: Go base prefixes, underscores and the int64 range', () => {
    expect(prepare({ count: '0b101' }).config.count).toBe(5);
    expect(prepare({ count: '0o17' }).config.count).toBe(15);
    expect(prepare({ count: '017' }).config.count).toBe(15);
    expect(prepare({ count: '-1_000' }).config.count).toBe(-1000);
    expect(prepare({ count: '08' }).errors).toEqual(['cannot parse \'count\' as int: strconv.ParseInt: parsing "08": invalid syntax']);
    expect(prepare({ count: '1__0' }).errors).toHaveLength(1);
    expect(prepare({ count: '9223372036854775808' }).errors).toEqual([
      'cannot parse \'count\' as int: strconv.ParseInt: parsing "9223372036854775808": value out of range',
    ]);
  });

  test('templates are rendered before types convert, except `interpolate: false` attributes', () => {
    const { config, errors } = prepare({
      count: "{{user `size`}}",
      names: "{{user `word`}},b",
      tags: { "{{user `word`}}": "{{user `size`}}" },
      command: "{{user `word`}}",
      role: { arn: "{{user `word`}}" },
      disk: [{ name: "{{user `word`}}", size: "{{user `size`}}" }],
    });
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      count: 20,
      names: ['abc', 'b'],
      tags: { abc: '20' },
      command: "{{user `word`}}",
      role: { arn: 'abc' },
      disk: [{ name: "{{user `word`}}", size: 20 }],
    });
  });

  test('a template that does not parse is the only error, checked in `interpolate: false` attributes too', () => {
    expect(prepare({ count: 'abc', command: '{{nope}}', bogus: 1 }).errors).toEqual([
      `invalid 'command': template: root:1: function "nope" not defined in:\n\n{{nope}}`,
    ]);
    const { errors } = prepare({ name: 'x' }, { count: '{{ user `size` | nope }}' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^invalid 'count': template: root:1: function "nope" not defined in:\n\n\{\{ user/);
    expect(legacyJsonErrorsText(errors)).toBe(errors[0]);
  });

  test('a template that fails to render is the only error', () => {
    const failing = { ...options, interpolate: () => { throw new Error('boom'); } };
    const { errors } = configFromLegacyJson(spec, [{ count: 'x', name: '{{ .Missing }}' }], failing);
    expect(errors).toEqual(["render 'name': boom in:\n\n{{ .Missing }}"]);
  });

  test('raws merge in order: scalars replaced, lists overwritten in place, maps and blocks merged', () => {
    const { config, errors } = prepare(
      { name: 'a', names: ['a', 'b', 'c'], ports: [1, 2], tags: { a: '1', b: '2' }, role: { arn: 'r', wait: '2m' }, disk: [{ size: 1, name: 'x' }] },
      { name: 'b', names: ['X'], ports: [], tags: { b: 'B', c: 'C' }, role: { wait: '3m' }, disk: [{ size: 2 }, { size: 3 }], count: null },
    );
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      name: 'b',
      names: ['X', 'b', 'c'],
      ports: [1, 2],
      tags: { a: '1', b: 'B', c: 'C' },
      role: { arn: 'r', wait: 180_000 },
      disk: [
        { size: 2, name: 'x' },
        { size: 3, name: '' },
      ],
      count: 0,
    });
    // An empty object empties a list; null leaves what was set.
    expect(prepare({ names: ['a'], name: 'n' }, { names: {}, name: null }).config).toMatchObject({ names: [], name: 'n' });
  });

  test('decoding stops at the first raw with errors; unused keys only count after a clean decode', () => {
    expect(prepare({ count: 'x', bogus: 1 }, { ratio: 'y' }).errors).toEqual([
      'cannot parse \'count\' as int: strconv.ParseInt: parsing "x": invalid syntax',
    ]);
    expect(prepare({ bogus: 1 }, { ratio: 'y' }).errors).toEqual([
      'cannot parse \'ratio\' as float: strconv.ParseFloat: parsing "y": invalid syntax',
    ]);
  });

  test("unused keys: sorted, nested paths, `type` and `packer_*` excepted, once per raw", () => {
    const { errors } = prepare(
      { zeta: 1, Alpha: 2, type: 'x', packer_anything: 3, role: { arn: 'a', type: 'b' }, disk: [{ size: 1 }, { nope: 1 }] },
      { zeta: 2 },
    );
    expect(errors).toEqual([
      `unknown configuration key: '"Alpha"'`,
      `unknown configuration key: '"disk[1].nope"'`,
      `unknown configuration key: '"role.type"'`,
      `unknown configuration key: '"zeta"'`,
      `unknown configuration key: '"zeta"'`,
    ]);
    expect(legacyJsonErrorsText(errors.slice(0, 1))).toBe(`1 error occurred:\n\t* unknown configuration key: '"Alpha"'\n\n`);
    expect(legacyJsonErrorsText(errors.slice(0, 2))).toBe(
      `2 errors occurred:\n\t* unknown configuration key: '"Alpha"'\n\t* unknown configuration key: '"disk[1].nope"'\n\n`,
    );
  });

  test('keys match case-insensitively; aliases are accepted and the current name wins', () => {
    expect(prepare({ NAME: 'x', Count: '2' })).toEqual({ config: { ...zeroConfig, name: 'x', count: 2 }, errors: [] });
    expect(prepare({ username: 'old' }).config.user).toBe('old');
    expect(prepare({ user: 'new', login: 'old' }).config.user).toBe('new');
    expect(prepare({ login: 'old' }, { user: 'new' }).config.user).toBe('new');
    expect([...legacyJsonKeyEntries(spec, { Login: 1, bogus: 2, role: {} }).keys()].sort()).toEqual(['Login', 'role']);
  });

  test('map keys are user data, __proto__ included', () => {
    const raw = JSON.parse('{"tags": {"__proto__": "x"}}') as Record<string, unknown>;
    const { config, errors } = prepare(raw);
    expect(errors).toEqual([]);
    expect(Object.getOwnPropertyDescriptor(config.tags, '__proto__')?.value).toBe('x');
  });
});

// ---- against Packer 1.6.6 ----

const PACKER = process.env['PACKER_BIN'] ?? '/usr/bin/packer';
const builtin = builtinComponents();
const amazon = amazonComponents();

interface OracleCase {
  /** The component under test: a builder's JSON object, or a provisioner's (then a null builder runs it). */
  readonly builder?: Record<string, unknown>;
  readonly provisioner?: Record<string, unknown>;
}

const nullBuilder = { type: 'null', communicator: 'none' };
const ebs = { type: 'amazon-ebs', region: 'us-east-1', ami_name: 'x', instance_type: 't2.micro', source_ami: 'ami-1', ssh_username: 'u' };

const oracleCases: Record<string, OracleCase> = {
  'null: wrong types and a bad duration': {
    builder: {
      ...nullBuilder,
      communicator: ['a', 1234567, 0.00001, true, { b: 1, a: 'x' }],
      ssh_port: 'abc',
      ssh_pty: 'maybe',
      ssh_timeout: '5x',
      ssh_host: { a: 1 },
      ssh_ciphers: { a: 1 },
      ssh_username: [1.5],
    },
  },
  'null: lists where scalars go, a value out of range': {
    builder: {
      ...nullBuilder,
      ssh_port: [1],
      ssh_pty: [true],
      pause_before_connecting: [1],
      ssh_handshake_attempts: '99999999999999999999',
      ssh_ciphers: [['x']],
    },
  },
  'null: unknown keys (type and packer_ ones excepted, other cases matched)': {
    builder: { ...nullBuilder, Foo: 1, bar: 2, packer_x: 1, SSH_PORT: '22', ssh_host: 5, ssh_pty: 'true', ssh_timeout: 1e9 },
  },
  'null: a template renders before its value converts': {
    builder: { ...nullBuilder, ssh_port: '{{user `word`}}', ssh_host: '{{user `size`}}', bogus: '{{user `size`}}' },
  },
  'null: a template that does not parse': { builder: { ...nullBuilder, ssh_port: 'x', ssh_host: '{{nope}}' } },
  'file: a number for a string is fine, an unknown key is not': {
    builder: { type: 'file', target: 12, content: true, contnet: 'x' },
  },
  'shell-local provisioner: a string splits into a list of ints': {
    provisioner: { type: 'shell-local', inline: 'echo a,echo b', valid_exit_codes: '0,a', environment_vars: { A: 1 } },
  },
  'shell-local provisioner: unknown keys after weak lists': {
    provisioner: { type: 'shell-local', inline: [1, true], environment_vars: {}, valid_exit_codes: 1, zzz: 1, Inline_Shebang: 5 },
  },
  'shell-local provisioner: an object inside a list': {
    provisioner: { type: 'shell-local', inline: ['x'], only_on: [{ a: 1 }], use_linux_pathing: 'maybe' },
  },
  'amazon-ebs: blocks, their paths and a tag map': {
    builder: {
      ...ebs,
      launch_block_device_mappings: [{ device_name: '/dev/sda', delete_on_termination: 'x' }, { encrypted: 'maybe' }, 'x'],
      source_ami_filter: { owners: 'a,b', most_recent: 'x' },
      tags: { a: { x: 1 }, b: 2 },
      ami_block_device_mappings: [5],
    },
  },
  'amazon-ebs: a single block given a list, a map given a string': {
    builder: { ...ebs, launch_block_device_mappings: 'abc', source_ami_filter: [{ owners: ['a'] }], tags: 'x', run_tags: [{ a: 'b' }, { c: [1] }] },
  },
  'amazon-ebs: Trileans': { builder: { ...ebs, encrypt_boot: 'x', ena_support: [1], sriov_support: 5 } },
  'amazon-ebs: unknown keys inside blocks': {
    builder: {
      ...ebs,
      launch_block_device_mappings: [{ device_name: '/dev/sda', bogus: 1, type: 2 }, { device_name: '/dev/sdb' }],
      source_ami_filter: { owners: ['a'], zz: 1 },
      packer_zz: 1,
    },
  },
};

/** Templates Packer validates: weak conversions, templates, case-insensitive keys and `type`/`packer_*` keys pass. */
const validCases: Record<string, OracleCase> = {
  'null: weak values': {
    builder: { ...nullBuilder, ssh_port: '22', SSH_PTY: 'true', ssh_timeout: 5e9, ssh_handshake_attempts: 3.9, ssh_host: 5, ssh_ciphers: 'a,b', packer_zz: 1 },
  },
  'null: templates that render to the right type': {
    builder: { ...nullBuilder, ssh_port: '{{user `size`}}', ssh_pty: '{{ if eq (user `word`) "abc" }}true{{ end }}' },
  },
  'shell-local provisioner: lone values for lists': {
    provisioner: { type: 'shell-local', inline: 'echo a', valid_exit_codes: '0', environment_vars: {}, only_on: 'linux,darwin' },
  },
};

/** The error text of the one component that failed to prepare, whitespace collapsed (Packer's UI wraps lines). */
function packerError(stdout: string): string {
  const m = /^Error: Failed to prepare build: "[^"]*"\n\n([\s\S]*)$/.exec(stdout);
  if (!m) throw new Error(`unexpected packer output:\n${stdout}`);
  // 1.6.6's shell-local provisioner wraps its config.Decode error; the words after it are config.Decode's.
  return normalize(m[1]!.replace(/^Error decoding config: /, ''));
}

const normalize = (text: string): string => text.replace(/\s+/g, ' ').trim();

function componentSpec(c: OracleCase): ConfigSpec {
  if (c.provisioner) return builtin.provisioners.get(c.provisioner['type'] as string)!.configSpec;
  const type = c.builder!['type'] as string;
  return (builtin.builders.get(type) ?? amazon.builders.get(type)!).configSpec;
}

/** `packer validate` (1.6.6) of a JSON template, in a scratch directory. */
function packerValidateTemplate(template: unknown): { status: number | null; stdout: string; stderr: string } {
  if (!fs.existsSync(PACKER)) throw new Error(`the packer oracle is missing: ${PACKER} (set PACKER_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-legacy-json-'));
  try {
    fs.writeFileSync(path.join(dir, 't.json'), JSON.stringify(template, null, 2));
    return spawnSync(PACKER, ['validate', 't.json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `packer validate` of a template holding the case's builder (or the null builder) and provisioner. */
function packerValidate(c: { builder?: Record<string, unknown>; provisioner?: Record<string, unknown> }) {
  return packerValidateTemplate({
    variables: ctx.userVariables,
    builders: [c.builder ?? nullBuilder],
    ...(c.provisioner ? { provisioners: [c.provisioner] } : {}),
  });
}

describe('configFromLegacyJson against packer 1.6.6', () => {
  test.each(Object.keys(oracleCases))('%s', (name) => {
    const c = oracleCases[name]!;
    const run = packerValidate(c);
    expect(run.status).toBe(1);
    const { errors } = configFromLegacyJson(componentSpec(c), [(c.provisioner ?? c.builder)!], options);
    expect(errors.length).toBeGreaterThan(0);
    expect(normalize(legacyJsonErrorsText(errors))).toBe(packerError(run.stdout));
  });
});

describe('configFromLegacyJson accepts what packer 1.6.6 accepts', () => {
  test.each(Object.keys(validCases))('%s', (name) => {
    const c = validCases[name]!;
    const run = packerValidate(c);
    // 1.6.6 says nothing when a template validates.
    expect({ status: run.status, output: run.stdout + run.stderr }).toEqual({ status: 0, output: '' });
    expect(configFromLegacyJson(componentSpec(c), [(c.provisioner ?? c.builder)!], options).errors).toEqual([]);
  });
});

test('a provisioner override is a second raw: its unknown keys count again (packer 1.6.6)', () => {
  const provisioner = { type: 'shell-local', inline: ['echo A'], zzz: 1 };
  const override = { zzz: 2, yyy: 3, inline: 'echo B' };
  const template = { builders: [nullBuilder], provisioners: [{ ...provisioner, override: { null: override } }] };
  const run = packerValidateTemplate(template);
  expect(run.status).toBe(1);
  const spec = builtin.provisioners.get('shell-local')!.configSpec;
  const { errors, config } = configFromLegacyJson(spec, [provisioner, override], options);
  expect(errors).toHaveLength(3);
  expect(config['inline']).toEqual(['echo B']);
  expect(normalize(legacyJsonErrorsText(errors))).toBe(packerError(run.stdout));
});
