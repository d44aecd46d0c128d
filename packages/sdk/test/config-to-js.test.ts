// configFromValue: the configuration object a component receives, prepared the way Packer prepares a plugin's
// configuration (unknown placeholders, `{{ }}` rendering, duration decoding, defaults and zero values).
import {
  BoolType,
  DynamicPseudoType,
  NumberType,
  StringType,
  listOf,
  mapOf,
  objectVal,
  parseConfig,
  unknownVal,
  type EvalContext,
} from '@tspacker/hcl';
import { attr, block, configErrorsText, configFromValue, decodeConfig, type ConfigOf, type ConfigSpec } from '@tspacker/sdk';

function prepare<S extends ConfigSpec>(spec: S, src: string, options?: { interpolate?: (text: string) => string }, ctx?: EvalContext) {
  const { body, diags } = parseConfig(src, 'c.pkr.hcl');
  expect(diags).toEqual([]);
  const decoded = decodeConfig(body, spec, ctx);
  expect(decoded.diags).toEqual([]);
  return configFromValue(spec, decoded.value, options);
}

const spec = {
  name: attr.string(),
  count: attr.int(),
  ratio: attr.number(),
  enabled: attr.bool(),
  timeout: attr.duration(),
  extra: attr.any(),
  ports: attr.list(attr.int()),
  tags: attr.map(attr.string()),
  role: block.single({ arn: attr.string(), wait: attr.duration({ default: '30s' }) }),
  disk: block.list({ size: attr.int({ default: 8 }), timeout: attr.duration() }),
} satisfies ConfigSpec;

/** `spec` with nothing set: zero values, no `role` block, no `disk` blocks. */
const zeroConfig: ConfigOf<typeof spec> = {
  name: '',
  count: 0,
  ratio: 0,
  enabled: false,
  timeout: 0,
  extra: null,
  ports: [],
  tags: {},
  role: undefined,
  disk: [],
};

test('absent attributes: zero values; absent blocks: undefined and []', () => {
  const { config, errors } = prepare(spec, '');
  expect(errors).toEqual([]);
  expect(config).toEqual(zeroConfig);
});

test('set values, with durations in milliseconds and defaults inside blocks', () => {
  const src = [
    'name = "web"',
    'count = 3',
    'ratio = 0.25',
    'enabled = true',
    'timeout = "1m30s"',
    'extra = { a = [1, "x", null], b = true }',
    'ports = [22, 80]',
    'tags = { Name = "web", "__proto__" = "p" }',
    'role {',
    '  arn = "arn:x"',
    '}',
    'disk {',
    '  timeout = "1.5s"',
    '}',
    'disk {',
    '  size = 20',
    '}',
    '',
  ].join('\n');
  const { config, errors } = prepare(spec, src);
  expect(errors).toEqual([]);
  expect(config.name).toBe('web');
  expect(config.count).toBe(3);
  expect(config.ratio).toBe(0.25);
  expect(config.enabled).toBe(true);
  expect(config.timeout).toBe(90000);
  expect(config.extra).toEqual({ a: [1, 'x', null], b: true });
  expect(config.ports).toEqual([22, 80]);
  expect(Object.keys(config.tags)).toEqual(['Name', '__proto__']);
  expect(Object.getPrototypeOf(config.tags)).toBe(Object.prototype);
  expect(config.role).toEqual({ arn: 'arn:x', wait: 30000 });
  expect(config.disk).toEqual([
    { size: 8, timeout: 1500 },
    { size: 20, timeout: 0 },
  ]);
});

test("defaults apply to absent attributes only; a duration default is a Go duration string", () => {
  const s = { t: attr.duration({ default: '5m' }), n: attr.string({ default: 'x' }), l: attr.list(attr.string(), { default: ['a'] }) };
  expect(prepare(s, '').config).toEqual({ t: 300000, n: 'x', l: ['a'] });
  expect(prepare(s, 't = "2s"\nn = ""\nl = []\n').config).toEqual({ t: 2000, n: '', l: [] });
  // The default is a copy: changing one configuration does not change the next.
  const first = prepare(s, '').config;
  first.l.push('b');
  expect(prepare(s, '').config.l).toEqual(['a']);
});

test("unknown values get Packer's placeholders (hcl2shim.WriteUnknownPlaceholderValues)", () => {
  const ctx: EvalContext = {
    variables: new Map([
      [
        'u',
        objectVal({
          s: unknownVal(StringType),
          n: unknownVal(NumberType),
          b: unknownVal(BoolType),
          l: unknownVal(listOf(NumberType)),
          m: unknownVal(mapOf(StringType)),
          d: unknownVal(DynamicPseudoType),
        }),
      ],
    ]),
  };
  const src = 'name = u.s\ncount = u.n\nratio = u.n\nenabled = u.b\nextra = u.d\nports = u.l\ntags = u.m\nrole {\n  arn = u.s\n}\ndisk {\n  size = u.n\n}\n';
  const { config, errors } = prepare(spec, src, undefined, ctx);
  expect(errors).toEqual([]);
  // Unknown values are Packer's placeholders: zero values, but "<unknown>" for strings.
  expect(config).toEqual({ ...zeroConfig, name: '<unknown>', role: { arn: '<unknown>', wait: 30000 }, disk: [{ size: 0, timeout: 0 }] });
  // Elements of known collections too; an unknown duration is "<unknown>" to Go's parser, as in Packer.
  const more = prepare({ l: attr.list(attr.string()), t: attr.duration() }, 'l = ["a", u.s]\nt = u.s\n', undefined, ctx);
  expect(more.config).toEqual({ l: ['a', '<unknown>'], t: 0 });
  expect(more.errors).toEqual([`error decoding 't': time: invalid duration "<unknown>"`]);
});

test('an unknown configuration value is an empty one', () => {
  const { config } = configFromValue({ a: attr.string({ default: 'd' }), b: block.single({}) }, unknownVal(DynamicPseudoType));
  expect(config).toEqual({ a: 'd', b: undefined });
});

test("duration errors name the field the way mapstructure does, in Packer's words", () => {
  const src = 'timeout = "bogus"\ndisk {\n  timeout = "5"\n}\ndisk {\n  timeout = "1x"\n}\n';
  const { config, errors } = prepare(spec, src);
  expect(errors).toEqual([
    `error decoding 'timeout': time: invalid duration "bogus"`,
    `error decoding 'disk[0].timeout': time: missing unit in duration "5"`,
    `error decoding 'disk[1].timeout': time: unknown unit "x" in duration "1x"`,
  ]);
  expect(config.timeout).toBe(0);
  expect(configErrorsText(errors)).toBe(
    [
      '3 error(s) decoding:',
      '',
      `* error decoding 'disk[0].timeout': time: missing unit in duration "5"`,
      `* error decoding 'disk[1].timeout': time: unknown unit "x" in duration "1x"`,
      `* error decoding 'timeout': time: invalid duration "bogus"`,
    ].join('\n'),
  );
  // What Packer 1.6.6 prints for `ssh_timeout = "bogus"` on the null builder.
  expect(configErrorsText([`error decoding 'ssh_timeout': time: invalid duration "bogus"`])).toBe(
    `1 error(s) decoding:\n\n* error decoding 'ssh_timeout': time: invalid duration "bogus"`,
  );
});

describe('{{ }} templates', () => {
  const interpolate = (text: string): string => {
    if (text.includes('{{bad}}')) throw new Error('template: root:1: function "bad" not defined');
    return text.replaceAll('{{build_name}}', 'web').replaceAll('{{timeout}}', '10s');
  };
  const s = {
    name: attr.string(),
    command: attr.list(attr.string(), { interpolate: false }),
    timeout: attr.duration(),
    tags: attr.map(attr.string()),
    extra: attr.any(),
    role: block.single({ arn: attr.string(), raw: attr.string({ interpolate: false }) }),
    plain: attr.string({ default: '{{build_name}}' }),
  } satisfies ConfigSpec;

  test('strings are rendered before durations are decoded; excluded attributes and defaults are left alone', () => {
    const src = [
      'name = "img-{{build_name}}"',
      'command = ["{{.Vars}} {{build_name}}"]',
      'timeout = "{{timeout}}"',
      'tags = { "{{build_name}}" = "{{build_name}}" }',
      'extra = { list = ["{{build_name}}", 1] }',
      'role {',
      '  arn = "{{build_name}}"',
      '  raw = "{{build_name}}"',
      '}',
      '',
    ].join('\n');
    const { config, errors } = prepare(s, src, { interpolate });
    expect(errors).toEqual([]);
    expect(config).toEqual({
      name: 'img-web',
      command: ['{{.Vars}} {{build_name}}'],
      timeout: 10000,
      tags: { web: 'web' },
      extra: { list: ['web', 1] },
      role: { arn: 'web', raw: '{{build_name}}' },
      plain: '{{build_name}}',
    });
  });

  test("render errors are collected in Packer's words, under the top-level key", () => {
    const { config, errors } = prepare(s, 'name = "a {{bad}}"\nrole {\n  arn = "{{bad}}"\n}\n', { interpolate });
    expect(errors).toEqual([
      `render 'name': template: root:1: function "bad" not defined in:\n\na {{bad}}`,
      `render 'role': template: root:1: function "bad" not defined in:\n\n{{bad}}`,
    ]);
    expect(config.name).toBe('a {{bad}}');
    // Packer stops at the first template that fails.
    expect(configErrorsText([`error decoding 'x': y`, ...errors])).toBe(errors[0]);
  });

  test('templates are validated first, in every attribute (interpolate: false too); the first bad one stops the attribute', () => {
    const validate = (text: string): void => {
      if (text.includes('{{bad')) throw new Error('template: root:1: function "bad" not defined');
    };
    const src = 'command = ["{{bad}}"]\ntimeout = "{{bad x}}"\nname = "{{build_name}}"\n';
    const { config, errors } = prepare(s, src, { interpolate, validate });
    expect(errors).toEqual([
      `invalid 'command': template: root:1: function "bad" not defined in:\n\n{{bad}}`,
      `invalid 'timeout': template: root:1: function "bad" not defined in:\n\n{{bad x}}`,
    ]);
    // An attribute that failed validation is neither rendered nor decoded further (Packer stops there).
    expect(config.timeout).toBe(0);
    expect(config.name).toBe('web');
    expect(configErrorsText(errors)).toBe(errors[0]);
  });

  test('without an interpolate function, strings stay as they are', () => {
    expect(prepare(s, 'name = "{{build_name}}"\n').config.name).toBe('{{build_name}}');
  });
});

test('a fractional value for an int that did not come through decodeConfig is an error', () => {
  const { config, errors } = configFromValue({ n: attr.int() }, objectVal({ n: parseNumber('2.5') }));
  expect(errors).toEqual([`error decoding 'n': value must be a whole number, between -9223372036854775808 and 9223372036854775807`]);
  expect(config.n).toBe(2);
});

function parseNumber(text: string) {
  const { body } = parseConfig(`x = ${text}\n`, 'n.hcl');
  return decodeConfig(body, { x: attr.number() }).value.get('x')!;
}
