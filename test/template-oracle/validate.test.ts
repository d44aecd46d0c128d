// Differential: `tspacker validate` against `packer validate` (1.6.6). Exit codes are compared everywhere; whole
// outputs where both versions print the same thing (parse-time diagnostics). Known differences, each asserted on
// both sides: 1.16 ends a successful run with "The configuration is valid." (1.6.6 printed nothing), and words
// several later diagnostics differently, so only their exit codes are compared.
import { packer, templateDir, tspacker } from './harness.js';
import { DYNAMIC, LOCALS, PARSE_ERRORS, PRECEDENCE, PRECEDENCE_ARGS, TYPES, VALIDATE } from './scenarios.js';

const VALID = 'The configuration is valid.\n';

function bothValid(dir: string, args: readonly string[], env?: NodeJS.ProcessEnv) {
  const ours = tspacker(dir, ['validate', ...args], { env });
  const theirs = packer(dir, ['validate', ...args], { env });
  expect(theirs).toEqual({ stdout: '', stderr: '', status: 0 });
  expect(ours).toEqual({ stdout: VALID, stderr: '', status: 0 });
}

describe('validate: valid templates', () => {
  test('every variable type, once the required one is set', () => {
    bothValid(templateDir(TYPES), ['-var', 'req=x', '.']);
  });
  test('every value source', () => {
    bothValid(templateDir(PRECEDENCE), [...PRECEDENCE_ARGS.args, '.'], PRECEDENCE_ARGS.env);
  });
  test('locals and functions (a template without build blocks is an error only in 1.16)', () => {
    const dir = templateDir(LOCALS);
    expect(packer(dir, ['validate', '.']).status).toBe(0);
    const ours = tspacker(dir, ['validate', '.']);
    expect(ours.status).toBe(1);
    expect(ours.stdout).toMatch(/^Error: Missing build block\n/);
    expect(tspacker(dir, ['validate', '-syntax-only', '.']).status).toBe(0);
  });
  test('dynamic sources and provisioners, per-source only/except', () => {
    bothValid(templateDir(DYNAMIC), ['.']);
    bothValid(templateDir(DYNAMIC), ['-var', 'steps=[]', '.']);
  });
  test('null builder, shell-local provisioner and post-processor', () => {
    bothValid(templateDir(VALIDATE), ['ok.pkr.hcl']);
  });
});

describe('validate: -only and -except', () => {
  test.each([
    ['-only=dyn.null.alpha'],
    ['-only=*.alpha,null.gamma'],
    ['-only=dyn.*'],
    ['-except=dyn.*'],
    ['-except=*'],
    ['-only=null.gamma', '-except=null.gamma'],
    ['-except=pp'],
    ['-except=first'],
    ['-only', '{dyn.null.alpha}'],
  ])('%s', (...flags) => {
    const dir = templateDir(DYNAMIC);
    const ours = tspacker(dir, ['validate', ...flags, '.']);
    const theirs = packer(dir, ['validate', ...flags, '.']);
    expect([ours.status, theirs.status]).toEqual([0, 0]);
    expect(ours.stdout.endsWith(VALID)).toBe(true);
  });

  test('patterns that match nothing: still valid (1.16 adds a warning)', () => {
    const dir = templateDir(DYNAMIC);
    for (const flag of ['-only=alpha', '-except=nothing']) {
      const ours = tspacker(dir, ['validate', flag, '.']);
      expect(packer(dir, ['validate', flag, '.'])).toEqual({ stdout: '', stderr: '', status: 0 });
      expect(ours.status).toBe(0);
      expect(ours.stdout).toMatch(/^Warning: an '(only|except)' option was passed, but /);
      expect(ours.stdout.endsWith(VALID)).toBe(true);
    }
  });
});

describe('validate: errors', () => {
  test.each(Object.keys(PARSE_ERRORS))('%s: the same diagnostics, exit 1', (file) => {
    const dir = templateDir(PARSE_ERRORS);
    const ours = tspacker(dir, ['validate', file]);
    const theirs = packer(dir, ['validate', file]);
    expect(theirs.status).toBe(1);
    expect(ours).toEqual(theirs);
  });

  test.each(Object.keys(VALIDATE).filter((f) => f !== 'ok.pkr.hcl'))('%s: exit 1 in both', (file) => {
    const dir = templateDir(VALIDATE);
    const ours = tspacker(dir, ['validate', file]);
    const theirs = packer(dir, ['validate', file]);
    expect([ours.status, theirs.status]).toEqual([1, 1]);
    expect(ours.stdout).toMatch(/^Error: /);
    expect(ours.stdout).not.toContain('The configuration is valid.');
  });

  test('-syntax-only passes what only later phases reject', () => {
    const dir = templateDir(VALIDATE);
    for (const file of ['unset.pkr.hcl', 'unknown_provisioner.pkr.hcl', 'null_needs_host.pkr.hcl']) {
      const ours = tspacker(dir, ['validate', '-syntax-only', file]);
      const theirs = packer(dir, ['validate', '-syntax-only', file]);
      expect(ours).toEqual(theirs);
      expect(ours).toEqual({ stdout: 'Syntax-only check passed. Everything looks okay.\n', stderr: '', status: 0 });
    }
  });

  test('a -var of the wrong type, a missing var file, an undeclared -var: exit 1 in both', () => {
    const dir = templateDir(TYPES);
    for (const args of [['-var', 'n=abc'], ['-var-file', 'missing.pkrvars.hcl'], ['-var', 'undeclared=1'], ['-var-file', 'x.txt']]) {
      const ours = tspacker(dir, ['validate', '-var', 'req=x', ...args, '.']);
      const theirs = packer(dir, ['validate', '-var', 'req=x', ...args, '.']);
      expect([ours.status, theirs.status]).toEqual([1, 1]);
      expect(ours.stdout).toMatch(/^Error: /);
    }
  });
});
