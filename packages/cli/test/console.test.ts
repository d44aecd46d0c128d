// `tspacker console` as a process, next to `packer console -config-type=hcl2` (1.6.6) on the same input:
// piped mode (a real pipe: every line evaluated, only the last result printed, exit 1 after any error),
// the line-by-line mode used for any other stdin, the console commands, and -var / -var-file handling.
import fs from 'node:fs';
import path from 'node:path';
import { packer, shell, tempDir, tspacker } from './run.js';

/** Both consoles with `lines` through a real pipe (`cat FILE | … console`). */
function piped(lines: string, args = ''): { ts: ReturnType<typeof shell>; pk: ReturnType<typeof shell> } {
  const dir = tempDir({ 'input.txt': lines });
  const input = path.join(dir, 'input.txt');
  return {
    ts: shell(`cat ${input} | $TSPACKER console -config-type=hcl2 ${args}`),
    pk: shell(`cat ${input} | packer console -config-type=hcl2 ${args}`),
  };
}

describe('piped stdin', () => {
  test('only the last result is printed', () => {
    const { ts, pk } = piped('1 + 1\n"a"\nupper("done")\n');
    expect(ts).toEqual({ stdout: 'DONE\n', stderr: '', status: 0 });
    expect(pk).toEqual(ts);
  });

  test('a failing line: its diagnostics are printed, the run goes on, exit 1', () => {
    const { ts, pk } = piped('nope\n2 * 21\n');
    expect(ts.status).toBe(1);
    expect(ts.stdout).toBe(
      'Error: Unknown variable\n\n  on <console-input> line 1:\n  (source code not available)\n\nThere is no variable named "nope".\n\n\n42\n',
    );
    expect(pk).toEqual(ts);
  });

  test('a failing last line prints an empty result', () => {
    const { ts, pk } = piped('1\n[1, 2][5]\n');
    expect(ts.status).toBe(1);
    expect(ts.stdout).toMatch(/^Error: Invalid index\n\n  on <console-input> line 1:\n  \(source code not available\)\n\n.*\n\n\n\n$/s);
    expect(pk).toEqual(ts);
  });

  test('lines are trimmed; an empty last line gives an empty result; "exit" does not stop a pipe', () => {
    const { ts, pk } = piped('   "x"   \nexit\n4\n\n');
    expect(ts).toEqual({ stdout: '\n', stderr: '', status: 0 });
    expect(pk).toEqual(ts);
    const last = piped('  upper("y")\t\r\n');
    expect(last.ts).toEqual({ stdout: 'Y\n', stderr: '', status: 0 });
    expect(last.pk).toEqual(last.ts);
  });

  test('help and variables', () => {
    const help = piped('help\n');
    expect(help.ts.status).toBe(0);
    expect(help.ts.stdout).toMatch(/^Packer console HCL2 Mode\.\n/);
    expect(help.ts.stdout).toMatch(/with in HCL2 mode\.\n$/);
    const vars = piped('variables\n');
    expect(vars.ts).toEqual({ stdout: '> input-variables:\n\n\n> local-variables:\n\n\n', stderr: '', status: 0 });
    expect(vars.pk).toEqual(vars.ts);
  });

  test('a parse error', () => {
    const { ts, pk } = piped('1 +* 2\n');
    expect(ts.status).toBe(1);
    expect(ts.stdout).toMatch(/^Error: Invalid expression\n\n  on <console-input> line 1:\n  \(source code not available\)\n\n/);
    expect(pk).toEqual(ts);
  });
});

describe('line by line (stdin not a pipe)', () => {
  test('each line\'s result, errors followed by an empty result; exit 0', () => {
    const input = '1 + 1\nnope\n["a", {b = true}]\n\n';
    const ts = tspacker(['console', '-config-type=hcl2'], { input });
    expect(ts).toEqual({
      stdout:
        '2\nError: Unknown variable\n\n  on <console-input> line 1:\n  (source code not available)\n\nThere is no variable named "nope".\n\n\n\n' +
        '[\n  "a",\n  {\n    "b" = true\n  },\n]\n\n',
      stderr: '',
      status: 0,
    });
    expect(packer(['console', '-config-type=hcl2'], { input })).toEqual(ts);
  });

  test('"exit" ends the session; lines are not trimmed here', () => {
    const input = '"a"\n exit\nexit\n"never"\n';
    const ts = tspacker(['console', '-config-type=hcl2'], { input });
    expect(ts.status).toBe(0);
    expect(ts.stdout).toMatch(/^a\nError: Unknown variable\n\n/);
    expect(ts.stdout).not.toContain('never');
    expect(packer(['console', '-config-type=hcl2'], { input })).toEqual(ts);
  });

  test('end of input without "exit"', () => {
    expect(tspacker(['console', '-config-type=hcl2'], { input: '' })).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(tspacker(['console', '-config-type=hcl2'], { input: 'upper("a")' })).toEqual({ stdout: 'A\n', stderr: '', status: 0 });
  });
});

describe('-var and -var-file without a template', () => {
  test('every -var is undeclared: the error, exit 1, before reading stdin', () => {
    const { ts, pk } = piped('1\n', '-var foo=bar');
    expect(ts).toEqual({
      stdout:
        'Error: Undefined -var variable\n\n' +
        'A "foo" variable was passed in the command line but was not found in known\n' +
        'variables. To declare variable "foo", place this block in one of your .pkr\n' +
        'files, such as variables.pkr.hcl\n\n\n',
      stderr: '',
      status: 1,
    });
    expect(pk).toEqual(ts);
  });

  test('-var needs key=value', () => {
    const r = tspacker(['console', '-var', 'novalue']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^invalid value "novalue" for flag -var: No '=' value in arg: novalue\nUsage: tspacker console /);
  });

  test('a var file is read and its values ignored; its syntax errors are shown with source', () => {
    const dir = tempDir({ 'ok.pkrvars.hcl': 'x = "a"\n', 'bad.pkrvars.hcl': 'a = 1\nb = "unterminated\n', 'v.txt': 'x = 1\n' });
    const ok = piped('upper("x")\n', `-var-file=${path.join(dir, 'ok.pkrvars.hcl')}`);
    expect(ok.ts).toEqual({ stdout: 'X\n', stderr: '', status: 0 });

    const bad = shell(`cd ${dir} && echo 1 | $TSPACKER console -config-type=hcl2 -var-file=bad.pkrvars.hcl`);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe(
      'Error: Invalid multi-line string\n\n  on bad.pkrvars.hcl line 2:\n   2: b = "unterminated\n\n' +
        'Quoted strings may not be split over multiple lines. To produce a multi-line\n' +
        'string, either use the \\n escape to represent a newline character or use the\n' +
        '"heredoc" multi-line template syntax.\n\n' +
        'Error: Unterminated template string\n\n  on bad.pkrvars.hcl line 2:\n   2: b = "unterminated\n\n' +
        'No closing marker was found for the string.\n\n\n',
    );
    expect(shell(`cd ${dir} && echo 1 | packer console -config-type=hcl2 -var-file=bad.pkrvars.hcl`)).toEqual(bad);

    const txt = shell(`cd ${dir} && echo 1 | $TSPACKER console -config-type=hcl2 -var-file=v.txt`);
    expect(txt).toEqual({
      stdout: 'Error: Could not guess format of v.txt\n\nA var file must be suffixed with `.hcl` or `.json`.\n\n\n',
      stderr: '',
      status: 1,
    });
    expect(shell(`cd ${dir} && echo 1 | packer console -config-type=hcl2 -var-file=v.txt`)).toEqual(txt);

    const missing = shell(`cd ${dir} && echo 1 | $TSPACKER console -config-type=hcl2 -var-file=missing.pkrvars.hcl`);
    expect(missing).toEqual({
      stdout: 'Error: Failed to read file\n\nThe configuration file "missing.pkrvars.hcl" could not be read.\n\n\n',
      stderr: '',
      status: 1,
    });
    expect(shell(`cd ${dir} && echo 1 | packer console -config-type=hcl2 -var-file=missing.pkrvars.hcl`)).toEqual(missing);
  });

  test('a variable block in a var file, and a block in a var file', () => {
    const dir = tempDir({ 'decl.pkrvars.hcl': 'variable "region" {\n  default = "x"\n}\n', 'blk.pkrvars.hcl': 'a = 1\nthing {\n}\n' });
    const decl = shell(`cd ${dir} && echo 1 | $TSPACKER console -config-type=hcl2 -var-file=decl.pkrvars.hcl`);
    expect(decl.status).toBe(1);
    expect(decl.stdout).toBe(
      'Error: Variable declaration in a .pkrvar file\n\n  on decl.pkrvars.hcl line 1, in variable "region":\n   1: variable "region" {\n\n' +
        'A .pkrvar file is used to assign values to variables that have already been\n' +
        'declared in .pkr files, not to declare new variables. To declare variable\n' +
        '"region", place this block in one of your .pkr files, such as variables.pkr.hcl\n\n' +
        'To set a value for this variable in decl.pkrvars.hcl, use the definition syntax\ninstead:\n    region = <value>\n\n\n',
    );
    expect(shell(`cd ${dir} && echo 1 | packer console -config-type=hcl2 -var-file=decl.pkrvars.hcl`)).toEqual(decl);
    const blk = shell(`cd ${dir} && echo 1 | $TSPACKER console -config-type=hcl2 -var-file=blk.pkrvars.hcl`);
    expect(blk).toEqual({
      stdout: 'Error: Unexpected "thing" block\n\n  on blk.pkrvars.hcl line 2, in thing:\n   2: thing {\n\nBlocks are not allowed here.\n\n\n',
      stderr: '',
      status: 1,
    });
  });
});

describe('templates and modes', () => {
  test('without a TEMPLATE the default is Packer\'s JSON mode (the tiniest template): `{{ }}` is rendered', () => {
    for (const args of [['console'], ['console', '-config-type=json']]) {
      const r = tspacker(args, { input: '{{ upper `a` }}\n{{ nope }}\n' });
      expect(r).toEqual({ stdout: 'A\n???????: Interpolation error\n\ntemplate: root:1: function "nope" not defined\n\n\n\n', stderr: '', status: 0 });
      expect(packer(args, { input: '{{ upper `a` }}\n{{ nope }}\n' })).toEqual(r);
    }
  });
});
