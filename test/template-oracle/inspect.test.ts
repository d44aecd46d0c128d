// Differential: `tspacker inspect` against `packer inspect` (1.6.6) on templates written for the purpose — every
// variable type, every value source, locals across files, dynamic blocks. The HCL2 inspect layout is the same in
// both versions, so whole outputs are compared.
import { packer, templateDir, tspacker } from './harness.js';
import { DYNAMIC, LAYERS, LOCALS, PRECEDENCE, PRECEDENCE_ARGS, TYPES } from './scenarios.js';

function same(dir: string, args: readonly string[], env?: NodeJS.ProcessEnv) {
  const ours = tspacker(dir, ['inspect', ...args], { env });
  const theirs = packer(dir, ['inspect', ...args], { env });
  expect(ours.stderr).toBe('');
  expect(ours).toEqual(theirs);
  return ours;
}

describe('inspect: variables of every type', () => {
  test('defaults, an unset variable and a sensitive one', () => {
    const r = same(templateDir(TYPES), ['.']);
    expect(r.stdout).toContain('var.req: "<unknown>"\n');
    expect(r.stdout).toContain('var.secret: "<sensitive>"\n');
    expect(r.stdout).toContain('local.upper_m: "{\\n  \\"K1\\" = \\"v1\\"\\n  \\"K2\\" = \\"v2\\"\\n}"\n');
  });

  test('-var values: HCL syntax for collections, literal text for strings and untyped variables', () => {
    const r = same(templateDir(TYPES), [
      '-var', 'req=["not", "a", "list"]',
      '-var', 'untyped={ a = 1 }',
      '-var', 'l=["x", "y", "z"]',
      '-var', 'st=[5, 5, 4]',
      '-var', 'm={ only = "one" }',
      '-var', 'o={ name = "n", size = 9, tags = [] }',
      '-var', 't=["b", 2, true]',
      '-var', 'n=0.1',
      '-var', 'b=false',
      'types.pkr.hcl',
    ]);
    expect(r.stdout).toContain('var.req: "[\\"not\\", \\"a\\", \\"list\\"]"\n');
    expect(r.stdout).toContain('local.names: "[]"\n');
  });

  test('PKR_VAR_ environment variables, parsed as HCL only for collection types', () => {
    same(templateDir(TYPES), ['.'], { PKR_VAR_l: '["e1"]', PKR_VAR_s: '["not parsed"]', PKR_VAR_n: '42', PKR_VAR_req: 'from-env' });
  });

  test('a value of the wrong type is reported, and the rest is still printed', () => {
    const dir = templateDir(TYPES);
    const ours = tspacker(dir, ['inspect', '-var', 'n=abc', '.']);
    const theirs = packer(dir, ['inspect', '-var', 'n=abc', '.']);
    expect([ours.status, theirs.status]).toEqual([1, 1]);
    expect(ours.stdout).toMatch(/^Error: Invalid argument value for -var variable\n/);
    expect(theirs.stdout).toMatch(/^Error: Invalid argument value for -var variable\n/);
  });
});

describe('inspect: value sources in order of precedence', () => {
  test('default < env < auto HCL < auto JSON < -var-file (in order) < -var (last wins)', () => {
    const r = same(templateDir(PRECEDENCE), [...PRECEDENCE_ARGS.args, '.'], PRECEDENCE_ARGS.env);
    expect(r.stdout).toContain(`local.all: "${LAYERS.join(',')}"\n`);
  });

  test.each([
    ['no var files, no environment', []],
    ['one var file', ['-var-file', 'd.pkrvars.json']],
    ['-var only', ['-var', 'v_default=cmd']],
  ] as const)('%s', (_name, args) => {
    same(templateDir(PRECEDENCE), [...args, '.']);
  });

  test('a file argument loads no auto var files', () => {
    const r = same(templateDir(PRECEDENCE), ['vars.pkr.hcl'], PRECEDENCE_ARGS.env);
    expect(r.stdout).toContain('local.all: "default,env,env,env,env,env,env"\n');
  });

  test('known difference: an auto JSON file against -var-file x.hcl (1.16 applies command-line files last)', () => {
    const dir = templateDir({ ...PRECEDENCE, 'a.auto.pkrvars.json': '{"v_file_hcl": "auto_json"}\n' });
    const line = (s: string) => s.split('\n').find((l) => l.startsWith('var.v_file_hcl:'));
    expect(line(tspacker(dir, ['inspect', '-var-file', 'c.pkrvars.hcl', '.']).stdout)).toBe('var.v_file_hcl: "file_hcl"');
    expect(line(packer(dir, ['inspect', '-var-file', 'c.pkrvars.hcl', '.']).stdout)).toBe('var.v_file_hcl: "auto_json"');
  });
});

describe('inspect: locals and builds', () => {
  test('locals across files, out of order, with functions and template directives', () => {
    const r = same(templateDir(LOCALS), ['.']);
    expect(r.stdout).toContain('local.final: "START-pre!"\n');
  });

  test('dynamic sources and provisioners, post-processor chains, unnamed builds', () => {
    const r = same(templateDir(DYNAMIC), ['.']);
    expect(r.stdout).toContain('      null.alpha\n\n      null.beta\n');
    expect(r.stdout).toContain('  > <unnamed build 1>:\n');
  });

  test('dynamic blocks driven by -var', () => {
    same(templateDir(DYNAMIC), ['-var', 'steps=["a", "b", "c", "d"]', '.']);
  });
});
