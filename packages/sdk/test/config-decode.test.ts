// decodeConfig: hcldec's decoding of a component body (AttrSpec, BlockSpec, BlockListSpec) with its diagnostics
// verbatim, on native and JSON bodies; plus configType and configBodySchema.
import {
  DynamicPseudoType,
  StringType,
  parseConfig,
  parseJson,
  stringVal,
  objectVal,
  typeString,
  unknownVal,
  type Body,
  type Diagnostic,
  type EvalContext,
  type Range,
  type Value,
  expandDynamicBlocks,
  listOf,
  tupleVal,
} from '@tspacker/hcl';
import { attr, block, configBodySchema, configType, decodeConfig, type ConfigSpec } from '@tspacker/sdk';

const at = (r: Range | undefined): string =>
  r ? `${r.start.line}:${r.start.column}@${r.start.byte}-${r.end.line}:${r.end.column}@${r.end.byte}` : '-';
const diagList = (diags: readonly Diagnostic[]): string[] =>
  diags.map((d) => `${d.severity} | ${d.summary} | ${d.detail} | ${at(d.subject)}${d.context ? ' ctx ' + at(d.context) : ''}`);

function native(src: string): Body {
  const r = parseConfig(src, 'c.pkr.hcl');
  expect(r.diags).toEqual([]);
  return r.body;
}
function json(src: string): Body {
  const r = parseJson(src, 'c.pkr.json');
  expect(r.diags).toEqual([]);
  return r.body;
}
const get = (v: Value, ...path: string[]): Value => path.reduce((acc, k) => acc.get(k)!, v);

describe('schema and type', () => {
  const spec = {
    name: attr.string({ required: true }),
    timeout: attr.duration({ aliases: ['wait_timeout'], required: true }),
    count: attr.int(),
    ratio: attr.number(),
    enabled: attr.bool(),
    extra: attr.any(),
    ports: attr.list(attr.int()),
    tags: attr.map(attr.list(attr.string())),
    role: block.single({ arn: attr.string() }),
    disk: block.list({ size: attr.int() }),
  } satisfies ConfigSpec;

  test('configBodySchema: attributes in order with their aliases; aliased ones are checked by decodeConfig', () => {
    expect(configBodySchema(spec)).toEqual({
      attributes: [
        { name: 'name', required: true },
        { name: 'timeout' },
        { name: 'wait_timeout' },
        { name: 'count' },
        { name: 'ratio' },
        { name: 'enabled' },
        { name: 'extra' },
        { name: 'ports' },
        { name: 'tags' },
      ],
      blocks: [{ type: 'role' }, { type: 'disk' }],
    });
  });

  test('configType: durations are strings, ints numbers, any dynamic, blocks objects and lists of objects', () => {
    expect(typeString(configType(spec))).toBe(
      'object({count=number,disk=list(object({size=number})),enabled=bool,extra=any,name=string,ports=list(number),ratio=number,role=object({arn=string}),tags=map(list(string)),timeout=string})'.replace(
        /any/,
        typeString(DynamicPseudoType),
      ),
    );
  });
});

describe('native bodies', () => {
  test('unsupported arguments and block types, with the suggestions hcl makes', () => {
    const spec = { ami_name: attr.string(), device: block.list({ name: attr.string() }) };
    const r = decodeConfig(native('ami_nme = "x"\nbogus = 1\ndevice = 1\ndevise {}\nami_name {}\n'), spec);
    expect(diagList(r.diags)).toEqual([
      'error | Unsupported argument | An argument named "ami_nme" is not expected here. Did you mean "ami_name"? | 1:1@0-1:8@7',
      'error | Unsupported argument | An argument named "bogus" is not expected here. | 2:1@14-2:6@19',
      'error | Unsupported argument | An argument named "device" is not expected here. Did you mean to define a block of type "device"? | 3:1@24-3:7@30',
      'error | Unsupported block type | Blocks of type "devise" are not expected here. Did you mean "device"? | 4:1@35-4:7@41',
      'error | Unsupported block type | Blocks of type "ami_name" are not expected here. Did you mean to define argument "ami_name"? If so, use the equals sign to assign it a value. | 5:1@45-5:9@53',
    ]);
    expect(get(r.value, 'ami_name').isNull).toBe(true);
    expect(get(r.value, 'device').length).toBe(0);
  });

  test('an attribute that is set is no longer suggested', () => {
    const r = decodeConfig(native('ssh_port = 22\nssh_prot = 2\n'), { ssh_port: attr.int() });
    expect(diagList(r.diags)).toEqual(['error | Unsupported argument | An argument named "ssh_prot" is not expected here. | 2:1@14-2:9@22']);
  });

  test('missing required arguments point at the start of the body: the file, or the opening brace of a block', () => {
    const spec = { name: attr.string({ required: true }), role: block.single({ arn: attr.string({ required: true }) }) };
    const r = decodeConfig(native('role {\n}\n'), spec);
    expect(diagList(r.diags)).toEqual([
      'error | Missing required argument | The argument "name" is required, but no definition was found. | 1:1@0-1:1@0',
      'error | Missing required argument | The argument "arn" is required, but no definition was found. | 1:6@5-1:6@5',
    ]);
  });

  test('blocks: duplicates, missing, too many, insufficient', () => {
    const spec = {
      role: block.single({ arn: attr.string() }, { required: true }),
      device: block.list({ name: attr.string() }, { maxItems: 1 }),
      disk: block.list({ size: attr.int() }, { required: true }),
    };
    const r = decodeConfig(native('role {}\nrole {\n  arn = "b"\n}\ndevice {}\ndevice {\n}\n'), spec);
    expect(diagList(r.diags)).toEqual([
      'error | Duplicate role block | Only one block of type "role" is allowed. Previous definition was at c.pkr.hcl:1,1-5. | 2:1@8-2:5@12',
      'error | Too many device blocks | No more than 1 "device" blocks are allowed | 6:8@46-6:8@46',
      'error | Insufficient disk blocks | At least 1 "disk" blocks are required. | 1:1@0-1:1@0',
    ]);
    // The first block is the one decoded.
    expect(get(r.value, 'role', 'arn').isNull).toBe(true);
    expect(get(r.value, 'device').length).toBe(2);

    const empty = decodeConfig(native(''), spec);
    expect(diagList(empty.diags)).toEqual([
      'error | Missing role block | A block of type "role" is required here. | 1:1@0-1:1@0',
      'error | Insufficient disk blocks | At least 1 "disk" blocks are required. | 1:1@0-1:1@0',
    ]);
    expect(get(empty.value, 'role').isNull).toBe(true);
    expect(typeString(get(empty.value, 'disk').type)).toBe('list(object({size=number}))');
  });

  test('values that do not convert: hcldec wording, the expression as subject, name to value as context', () => {
    const spec = { ssh_port: attr.int(), tags: attr.map(attr.string()), ports: attr.list(attr.int()), on: attr.bool(), t: attr.duration() };
    const r = decodeConfig(native('ssh_port = "abc"\ntags = { a = [1] }\nports = [1, 2.5]\non = "yes"\nt = 5\n'), spec);
    expect(diagList(r.diags)).toEqual([
      'error | Incorrect attribute value type | Inappropriate value for attribute "ssh_port": a number is required. | 1:12@11-1:17@16 ctx 1:1@0-1:17@16',
      'error | Incorrect attribute value type | Inappropriate value for attribute "tags": element "a": string required. | 2:8@24-2:19@35 ctx 2:1@17-2:19@35',
      'error | Incorrect attribute value type | Inappropriate value for attribute "ports": a whole number is required. | 3:9@44-3:17@52 ctx 3:1@36-3:17@52',
      'error | Incorrect attribute value type | Inappropriate value for attribute "on": a bool is required. | 4:6@58-4:11@63 ctx 4:1@53-4:11@63',
    ]);
    // A failed value is an unknown of the attribute's type; `t = 5` converts to the string "5".
    expect(get(r.value, 'ssh_port').isKnown).toBe(false);
    expect(typeString(get(r.value, 'tags').type)).toBe('map(string)');
    expect(get(r.value, 't').asString()).toBe('5');
  });

  test('int: whole numbers pass, fractions do not', () => {
    const ok = decodeConfig(native('n = 3\nm = -1e3\n'), { n: attr.int(), m: attr.int() });
    expect(ok.diags).toEqual([]);
    expect(get(ok.value, 'm').asNumber().toFloat64()).toBe(-1000);
    const bad = decodeConfig(native('n = 2.5\n'), { n: attr.int() });
    expect(diagList(bad.diags)).toEqual([
      'error | Incorrect attribute value type | Inappropriate value for attribute "n": a whole number is required. | 1:5@4-1:8@7 ctx 1:1@0-1:8@7',
    ]);
  });

  test('expressions see the context; unknown values stay unknown; evaluation errors are kept', () => {
    const ctx: EvalContext = {
      variables: new Map([['var', objectVal({ prefix: stringVal('web'), later: unknownVal(StringType), anything: unknownVal(DynamicPseudoType) })]]),
    };
    const spec = { name: attr.string(), region: attr.string(), count: attr.int(), tags: attr.map(attr.string()), x: attr.string() };
    const r = decodeConfig(native('name = "${var.prefix}-1"\nregion = var.later\ncount = var.anything\ntags = { a = var.later }\nx = local.y\n'), spec, ctx);
    expect(diagList(r.diags)).toEqual(['error | Unknown variable | There is no variable named "local". | 5:5@94-5:10@99']);
    expect(get(r.value, 'name').asString()).toBe('web-1');
    expect(get(r.value, 'region').isKnown).toBe(false);
    expect(typeString(get(r.value, 'count').type)).toBe('number');
    expect(get(r.value, 'count').isKnown).toBe(false);
    expect(get(r.value, 'tags', 'a').isKnown).toBe(false);
    expect(get(r.value, 'x').isKnown).toBe(false);
  });

  test('list blocks become lists of objects; any attributes unify across blocks', () => {
    const spec = { device: block.list({ name: attr.string(), size: attr.int(), extra: attr.any() }) };
    const r = decodeConfig(native('device {\n  name = "a"\n  extra = 1\n}\ndevice {\n  size = 8\n  extra = "2"\n}\n'), spec);
    expect(r.diags).toEqual([]);
    const list = get(r.value, 'device');
    expect(typeString(list.type)).toBe('list(object({extra=string,name=string,size=number}))');
    expect(list.asElements().map((e) => get(e, 'extra').asString())).toEqual(['1', '2']);
    expect(get(list.asElements()[1]!, 'name').isNull).toBe(true);

    const mixed = decodeConfig(native('device {\n  extra = [1]\n}\ndevice {\n  extra = {a = 1}\n}\n'), spec);
    expect(diagList(mixed.diags)).toEqual([
      'error | Unconsistent argument types in device blocks | Corresponding attributes in all blocks of this type must be the same. | 1:8@7-1:8@7',
    ]);
    expect(get(mixed.value, 'device').isKnown).toBe(false);
  });

  test('deprecated attributes, aliases and blocks warn; an alias sets its attribute', () => {
    const spec = {
      ssh_timeout: attr.duration({ aliases: ['ssh_wait_timeout'] }),
      old: attr.string({ deprecated: 'Use `new` instead.' }),
      new: attr.string(),
      legacy: block.single({}, { deprecated: '' }),
      must: attr.string({ required: true, aliases: ['must_old'] }),
    };
    const r = decodeConfig(native('ssh_wait_timeout = "5m"\nold = "x"\nlegacy {}\n'), spec);
    expect(diagList(r.diags)).toEqual([
      'error | Missing required argument | The argument "must" is required, but no definition was found. | 1:1@0-1:1@0',
      'warning | Deprecated argument | The argument "ssh_wait_timeout" is deprecated; use "ssh_timeout" instead. | 1:1@0-1:17@16',
      'warning | Deprecated argument | The argument "old" is deprecated. Use `new` instead. | 2:1@24-2:4@27',
      'warning | Deprecated block | Blocks of type "legacy" are deprecated. | 3:1@34-3:7@40',
    ]);
    expect(get(r.value, 'ssh_timeout').asString()).toBe('5m');
    expect([...r.value.asEntries().keys()]).toEqual(['legacy', 'must', 'new', 'old', 'ssh_timeout']);

    const both = decodeConfig(native('ssh_timeout = "1m"\nssh_wait_timeout = "2m"\nmust_old = "m"\n'), spec);
    expect(diagList(both.diags)).toEqual([
      'error | Duplicate argument | The argument "ssh_wait_timeout" sets "ssh_timeout", which was already set at c.pkr.hcl:1,1-19. | 2:1@19-2:17@35',
      'warning | Deprecated argument | The argument "ssh_wait_timeout" is deprecated; use "ssh_timeout" instead. | 2:1@19-2:17@35',
      'warning | Deprecated argument | The argument "must_old" is deprecated; use "must" instead. | 3:1@43-3:9@51',
    ]);
    expect(get(both.value, 'ssh_timeout').asString()).toBe('1m');
    expect(get(both.value, 'must').asString()).toBe('m');
  });
});

describe('dynamic blocks (expanded by the caller, as Packer does)', () => {
  const spec = { device: block.list({ name: attr.string() }) };
  const src = 'dynamic "device" {\n  for_each = var.names\n  content {\n    name = device.value\n  }\n}\n';

  test('a known for_each gives one block per element', () => {
    const ctx: EvalContext = { variables: new Map([['var', objectVal({ names: tupleVal([stringVal('a'), stringVal('b')]) })]]) };
    const r = decodeConfig(expandDynamicBlocks(native(src), ctx), spec, ctx);
    expect(r.diags).toEqual([]);
    expect(get(r.value, 'device').asElements().map((d) => get(d, 'name').asString())).toEqual(['a', 'b']);
  });

  test('an unknown for_each makes the whole list unknown (hcldec UnknownBody)', () => {
    const ctx: EvalContext = { variables: new Map([['var', objectVal({ names: unknownVal(listOf(StringType)) })]]) };
    const r = decodeConfig(expandDynamicBlocks(native(src), ctx), spec, ctx);
    expect(r.diags).toEqual([]);
    expect(get(r.value, 'device').isKnown).toBe(false);
    expect(typeString(get(r.value, 'device').type)).toBe('list(object({name=string}))');
  });
});

describe('JSON bodies', () => {
  const spec = { ami_name: attr.string({ required: true }), ssh_port: attr.int(), device: block.list({ name: attr.string() }) };
  const src = '{\n  "ami_nme": "x",\n  "ssh_port": "abc",\n  "device": [{"name": 1}, {"nme": 2}]\n}';

  test('the same checks with JSON wording and ranges', () => {
    const r = decodeConfig(json(src), spec);
    expect(diagList(r.diags)).toEqual([
      'error | Missing required argument | The argument "ami_name" is required, but no definition was found. | 5:1@79-5:2@80',
      'error | Extraneous JSON object property | No argument or block type is named "ami_nme". Did you mean "ami_name"? | 2:3@4-2:12@13 ctx 2:3@4-2:12@13',
      'error | Incorrect attribute value type | Inappropriate value for attribute "ssh_port": a number is required. | 3:15@34-3:20@39 ctx 3:3@22-3:20@39',
      'error | Extraneous JSON object property | No argument or block type is named "nme". Did you mean "name"? | 4:28@68-4:33@73 ctx 4:28@68-4:33@73',
    ]);
    const devices = get(r.value, 'device').asElements();
    expect(devices.map((d) => (get(d, 'name').isNull ? null : get(d, 'name').asString()))).toEqual(['1', null]);
  });

  test('JSON strings are templates when there is a context, literal without one', () => {
    const ctx: EvalContext = { variables: new Map([['var', objectVal({ p: stringVal('web') })]]) };
    const body = json('{"ami_name": "${var.p}-x"}');
    expect(get(decodeConfig(body, spec, ctx).value, 'ami_name').asString()).toBe('web-x');
    expect(get(decodeConfig(body, spec).value, 'ami_name').asString()).toBe('${var.p}-x');
  });

  test('single blocks: an object, or an array of them', () => {
    const s = { role: block.single({ arn: attr.string() }) };
    const one = decodeConfig(json('{"role": {"arn": "a"}}'), s);
    expect(one.diags).toEqual([]);
    expect(get(one.value, 'role', 'arn').asString()).toBe('a');
    const two = decodeConfig(json('{"role": [{"arn": "a"}, {"arn": "b"}]}'), s);
    expect(diagList(two.diags)).toEqual([
      'error | Duplicate role block | Only one block of type "role" is allowed. Previous definition was at c.pkr.json:1,10-11. | 1:10@9-1:11@10',
    ]);
  });
});
