// Go `flag` package semantics, as Packer's commands parse their arguments.
import { metaFlags, parseFlags, type FlagSpec } from '../src/flags.js';

const spec: FlagSpec = { check: { type: 'bool', default: false }, write: { type: 'bool', default: true }, name: { type: 'string', default: 'd' }, ...metaFlags };

function ok(argv: string[]) {
  const r = parseFlags(spec, argv);
  if (!r.ok) throw new Error(r.error);
  return r.flags;
}
function err(argv: string[]) {
  const r = parseFlags(spec, argv);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('parseFlags', () => {
  test('single and double dashes, defaults', () => {
    const f = ok(['-check', '--name', 'x', 'path']);
    expect(f.bools.get('check')).toBe(true);
    expect(f.bools.get('write')).toBe(true);
    expect(f.strings.get('name')).toBe('x');
    expect(f.args).toEqual(['path']);
    expect([...f.given]).toEqual(['check', 'name']);
  });

  test('booleans take =value only, in strconv.ParseBool spellings', () => {
    expect(ok(['-write=false']).bools.get('write')).toBe(false);
    expect(ok(['-write=0']).bools.get('write')).toBe(false);
    expect(ok(['-check=T']).bools.get('check')).toBe(true);
    const f = ok(['-check', 'false']);
    expect(f.bools.get('check')).toBe(true);
    expect(f.args).toEqual(['false']);
    expect(err(['-check=yes'])).toBe('invalid boolean value "yes" for -check: parse error');
  });

  test('values: =value or the next argument, even one starting with a dash', () => {
    expect(ok(['-name=a=b']).strings.get('name')).toBe('a=b');
    expect(ok(['-name', '-x']).strings.get('name')).toBe('-x');
    expect(ok(['-name=']).strings.get('name')).toBe('');
    expect(err(['-name'])).toBe('flag needs an argument: -name');
  });

  test('parsing stops at the first non-flag, at "-" and after "--"', () => {
    expect(ok(['a', '-check']).args).toEqual(['a', '-check']);
    expect(ok(['-', '-check']).args).toEqual(['-', '-check']);
    const f = ok(['-check', '--', '-write=false']);
    expect(f.args).toEqual(['-write=false']);
    expect(f.bools.get('write')).toBe(true);
  });

  test('errors', () => {
    expect(err(['-nope'])).toBe('flag provided but not defined: -nope');
    expect(err(['--nope=1'])).toBe('flag provided but not defined: -nope');
    expect(err(['---check'])).toBe('bad flag syntax: ---check');
    expect(err(['-=x'])).toBe('bad flag syntax: -=x');
    expect(err(['-h'])).toBe('flag provided but not defined: -h');
  });

  test('Packer\'s shared flags: -var key=value (later wins), -var-file list, -only/-except comma lists, -config-type enum', () => {
    const f = ok(['-var', 'a=1', '-var=b=x=y', '-var', 'a=2', '-var-file', 'one.hcl', '-var-file=two.hcl', '-only=a,b', '-only', 'c', '-config-type=hcl2']);
    expect([...f.kvs.get('var')!]).toEqual([
      ['a', '2'],
      ['b', 'x=y'],
    ]);
    expect(f.lists.get('var-file')).toEqual(['one.hcl', 'two.hcl']);
    expect(f.lists.get('only')).toEqual(['a', 'b', 'c']);
    expect(f.strings.get('config-type')).toBe('hcl2');
    expect(err(['-var', 'novalue'])).toBe('invalid value "novalue" for flag -var: No \'=\' value in arg: novalue');
    expect(err(['-config-type=yaml'])).toBe('invalid value "yaml" for flag -config-type: yaml does not belong to configType values');
  });
});
