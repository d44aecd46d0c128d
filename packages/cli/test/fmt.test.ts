// `tspacker fmt` as a process: flags, exit codes, directory walking, stdin, errors. Expectations follow current
// Packer's FormatCommand/HCL2Formatter; where Packer 1.6.6 behaves the same (one file at a time, -check,
// -diff, -write) its output is compared too. (1.6.6 takes a single path, walks hidden files and has no `-`
// nor -recursive; see packer-features.md §1f.)
import fs from 'node:fs';
import path from 'node:path';
import { packer, tempDir, tspacker, shell } from './run.js';

const UGLY = 'a=1\nbb = "x"\nblock {\nc=[1,2]\n}\n';
const PRETTY = 'a  = 1\nbb = "x"\nblock {\n  c = [1, 2]\n}\n';

describe('one file', () => {
  test('rewrites the file and prints its name', () => {
    const dir = tempDir({ 'x.pkr.hcl': UGLY });
    const r = tspacker(['fmt', 'x.pkr.hcl'], { cwd: dir });
    expect(r).toEqual({ stdout: 'x.pkr.hcl\n', stderr: '', status: 0 });
    expect(fs.readFileSync(path.join(dir, 'x.pkr.hcl'), 'utf8')).toBe(PRETTY);
    // Formatted already: silent.
    expect(tspacker(['fmt', 'x.pkr.hcl'], { cwd: dir })).toEqual({ stdout: '', stderr: '', status: 0 });
  });

  test('-check: exit 3, nothing written; same as packer', () => {
    const dir = tempDir({ 'x.pkr.hcl': UGLY, 'ok.pkrvars.hcl': 'a = 1\n' });
    const r = tspacker(['fmt', '-check', 'x.pkr.hcl'], { cwd: dir });
    expect(r).toEqual({ stdout: 'x.pkr.hcl\n', stderr: '', status: 3 });
    expect(fs.readFileSync(path.join(dir, 'x.pkr.hcl'), 'utf8')).toBe(UGLY);
    expect(packer(['fmt', '-check', 'x.pkr.hcl'], { cwd: dir })).toEqual(r);
    expect(tspacker(['fmt', '-check', 'ok.pkrvars.hcl'], { cwd: dir })).toEqual({ stdout: '', stderr: '', status: 0 });
    // -check wins over -write=true.
    expect(tspacker(['fmt', '-write=true', '-check', 'x.pkr.hcl'], { cwd: dir }).status).toBe(3);
    expect(fs.readFileSync(path.join(dir, 'x.pkr.hcl'), 'utf8')).toBe(UGLY);
  });

  test('-diff prints a unified diff after the name; same as packer', () => {
    const dir = tempDir({ 'x.pkr.hcl': UGLY });
    const r = tspacker(['fmt', '-check', '-diff', 'x.pkr.hcl'], { cwd: dir });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe(
      'x.pkr.hcl\n--- old/x.pkr.hcl\n+++ new/x.pkr.hcl\n@@ -1,5 +1,5 @@\n-a=1\n+a  = 1\n bb = "x"\n block {\n-c=[1,2]\n+  c = [1, 2]\n }\n',
    );
    expect(packer(['fmt', '-check', '-diff', 'x.pkr.hcl'], { cwd: dir })).toEqual(r);
  });

  test('-write=false prints the name only; --flag and -flag are the same', () => {
    const dir = tempDir({ 'x.pkr.hcl': UGLY });
    expect(tspacker(['fmt', '--write=false', 'x.pkr.hcl'], { cwd: dir })).toEqual({ stdout: 'x.pkr.hcl\n', stderr: '', status: 0 });
    expect(fs.readFileSync(path.join(dir, 'x.pkr.hcl'), 'utf8')).toBe(UGLY);
    expect(packer(['fmt', '-write=false', 'x.pkr.hcl'], { cwd: dir }).stdout).toBe('x.pkr.hcl\n');
  });

  test('-diff with writing: name, diff, and the file is rewritten', () => {
    const dir = tempDir({ 'x.pkr.hcl': 'a=1\n' });
    const r = tspacker(['fmt', '-diff', 'x.pkr.hcl'], { cwd: dir });
    expect(r.stdout).toBe('x.pkr.hcl\n--- old/x.pkr.hcl\n+++ new/x.pkr.hcl\n@@ -1 +1 @@\n-a=1\n+a = 1\n');
    expect(fs.readFileSync(path.join(dir, 'x.pkr.hcl'), 'utf8')).toBe('a = 1\n');
  });

  test('several paths; -check exits 3 if any changed', () => {
    const dir = tempDir({ 'a.pkr.hcl': 'a = 1\n', 'b.pkr.hcl': 'b=2\n', 'c.pkrvars.hcl': 'c=3\n' });
    expect(tspacker(['fmt', '-check', 'a.pkr.hcl', 'b.pkr.hcl', 'c.pkrvars.hcl'], { cwd: dir })).toEqual({
      stdout: 'b.pkr.hcl\nc.pkrvars.hcl\n',
      stderr: '',
      status: 3,
    });
  });
});

describe('errors', () => {
  // Parse messages and positions below are the ones Packer 1.6.6 reports for the same text.
  test('a parse error: Packer\'s diagnostic with the multierror detail, exit 1, other files still formatted', () => {
    const dir = tempDir({ 'bad.pkr.hcl': 'a = 1 2\n', 'ugly.pkr.hcl': 'x=1\n' });
    const r = tspacker(['fmt', 'bad.pkr.hcl', 'ugly.pkr.hcl'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      'ugly.pkr.hcl\n' +
        'Error: encountered an error while formatting bad.pkr.hcl\n\n' +
        '1 error occurred:\n' +
        '\t* bad.pkr.hcl:1,7-8: Missing newline after argument; An argument definition\n' +
        'must end with a newline.\n\n\n\n\n', // multierror's "\n\n", the writer's "\n\n", the UI's "\n"
    );
    expect(fs.readFileSync(path.join(dir, 'ugly.pkr.hcl'), 'utf8')).toBe('x = 1\n');
    expect(fs.readFileSync(path.join(dir, 'bad.pkr.hcl'), 'utf8')).toBe('a = 1 2\n');
  });

  test('several parse errors in one file', () => {
    const dir = tempDir({ 'bad.pkr.hcl': 'a = "unterminated\n' });
    const r = tspacker(['fmt', '-check', 'bad.pkr.hcl'], { cwd: dir });
    expect(r).toEqual({
      stdout:
        'Error: encountered an error while formatting bad.pkr.hcl\n\n2 errors occurred:\n' +
        '\t* bad.pkr.hcl:1,18-2,1: Invalid multi-line string; Quoted strings may not be\n' +
        'split over multiple lines. To produce a multi-line string, either use the \\n\n' +
        'escape to represent a newline character or use the "heredoc" multi-line template\n' +
        'syntax.\n' +
        '\t* bad.pkr.hcl:1,18-2,1: Unterminated template string; No closing marker was\n' +
        'found for the string.\n\n\n\n\n',
      stderr: '',
      status: 1,
    });
  });

  test('a file named twice is parsed once (hclparse caches by name), so its errors are reported once', () => {
    const dir = tempDir({ 'bad.pkr.hcl': 'a = 1 2\n' });
    const r = tspacker(['fmt', '-check', 'bad.pkr.hcl', 'bad.pkr.hcl'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout.match(/encountered an error/g)).toHaveLength(1);
  });

  test('a named file that is not an HCL file', () => {
    const dir = tempDir({ 'notes.txt': 'hi\n', 'x.pkr.json': '{}' });
    const r = tspacker(['fmt', 'notes.txt', 'x.pkr.json'], { cwd: dir });
    expect(r).toEqual({
      stdout:
        'Error: encountered an error while formatting notes.txt\n\nfile notes.txt is not a HCL file\n\n' +
        'Error: encountered an error while formatting x.pkr.json\n\nfile x.pkr.json is not a HCL file\n\n\n',
      stderr: '',
      status: 1,
    });
  });

  test('a missing file', () => {
    const dir = tempDir();
    expect(tspacker(['fmt', 'nope.pkr.hcl'], { cwd: dir })).toEqual({
      stdout: 'Error: encountered an error while formatting nope.pkr.hcl\n\nfailed to open nope.pkr.hcl: open nope.pkr.hcl: no such file or directory\n\n\n',
      stderr: '',
      status: 1,
    });
  });

  test('errors win over -check\'s exit 3', () => {
    const dir = tempDir({ 'bad.pkr.hcl': 'a = \n', 'ugly.pkr.hcl': 'x=1\n' });
    expect(tspacker(['fmt', '-check', 'ugly.pkr.hcl', 'bad.pkr.hcl'], { cwd: dir }).status).toBe(1);
  });

  test('flag errors: the message, the usage, exit 1', () => {
    const r = tspacker(['fmt', '-nope', 'x.pkr.hcl']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^flag provided but not defined: -nope\nUsage: tspacker fmt \[options\] \[TEMPLATE\]\n/);
    expect(tspacker(['fmt', '-check=maybe', 'x']).stdout).toMatch(/^invalid boolean value "maybe" for -check: parse error\nUsage: /);
    expect(tspacker(['fmt', '---check', 'x']).stdout).toMatch(/^bad flag syntax: ---check\nUsage: /);
    // No path at all: the usage alone.
    const u = tspacker(['fmt']);
    expect(u.status).toBe(1);
    expect(u.stdout).toMatch(/^Usage: tspacker fmt /);
    expect(packer(['fmt']).status).toBe(1);
  });

  test('flags stop at the first path: a later "-check" is a path', () => {
    const dir = tempDir({ 'x.pkr.hcl': UGLY });
    const r = tspacker(['fmt', 'x.pkr.hcl', '-check'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('x.pkr.hcl\nError: encountered an error while formatting -check\n\nfile -check is not a HCL file\n\n\n');
  });

  test('the shared flags (-var, -only, …) are accepted and ignored', () => {
    const dir = tempDir({ 'x.pkr.hcl': 'x = 1\n' });
    expect(tspacker(['fmt', '-var', 'a=b', '-only=x,y', '-var-file=v.pkrvars.hcl', '-config-type=hcl2', 'x.pkr.hcl'], { cwd: dir })).toEqual({
      stdout: '',
      stderr: '',
      status: 0,
    });
  });
});

describe('directories', () => {
  const files = {
    'b.pkr.hcl': 'b=1\n',
    'a.pkrvars.hcl': 'a=1\n',
    'c.auto.pkrvars.hcl': 'c=1\n',
    'ok.pkr.hcl': 'ok = 1\n',
    '.hidden.pkr.hcl': 'h=1\n',
    'backup.pkr.hcl~': 'h=1\n',
    '#emacs.pkr.hcl#': 'h=1\n',
    'x.pkr.json': '{"a":1}',
    'readme.md': 'hi\n',
    'sub/s.pkr.hcl': 's=1\n',
    'sub/deeper/d.pkrvars.hcl': 'd=1\n',
    '.git/g.pkr.hcl': 'g=1\n',
  };

  test('lists files in name order, skipping hidden, backup and non-HCL files; no recursion by default', () => {
    const dir = tempDir(files);
    const r = tspacker(['fmt', '-check', '.'], { cwd: dir });
    expect(r).toEqual({ stdout: 'a.pkrvars.hcl\nb.pkr.hcl\nc.auto.pkrvars.hcl\n', stderr: '', status: 3 });
  });

  test('-recursive walks sub-directories (not hidden ones) depth first', () => {
    const dir = tempDir(files);
    const r = tspacker(['fmt', '-recursive', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [`${dir}/a.pkrvars.hcl`, `${dir}/b.pkr.hcl`, `${dir}/c.auto.pkrvars.hcl`, `${dir}/sub/deeper/d.pkrvars.hcl`, `${dir}/sub/s.pkr.hcl`, ''].join('\n'),
    );
    expect(fs.readFileSync(path.join(dir, 'sub/deeper/d.pkrvars.hcl'), 'utf8')).toBe('d = 1\n');
    expect(fs.readFileSync(path.join(dir, '.hidden.pkr.hcl'), 'utf8')).toBe('h=1\n');
    expect(fs.readFileSync(path.join(dir, '.git/g.pkr.hcl'), 'utf8')).toBe('g=1\n');
  });

  test('a directory path is joined cleanly (dir/ and ./dir)', () => {
    const dir = tempDir({ 'd/x.pkr.hcl': 'x=1\n' });
    expect(tspacker(['fmt', '-check', './d/'], { cwd: dir }).stdout).toBe('d/x.pkr.hcl\n');
  });
});

describe('stdin', () => {
  test('"-" formats stdin to stdout', () => {
    expect(tspacker(['fmt', '-'], { input: UGLY })).toEqual({ stdout: PRETTY, stderr: '', status: 0 });
    // Already formatted: echoed as is.
    expect(tspacker(['fmt', '-'], { input: PRETTY })).toEqual({ stdout: PRETTY, stderr: '', status: 0 });
  });

  test('"-" with -check or -write=false prints nothing when it would change; -check then exits 3', () => {
    expect(tspacker(['fmt', '-check', '-'], { input: UGLY })).toEqual({ stdout: '', stderr: '', status: 3 });
    expect(tspacker(['fmt', '-write=false', '-'], { input: UGLY })).toEqual({ stdout: '', stderr: '', status: 0 });
    // Text that is formatted already is always echoed (HCL2Formatter.processFile).
    expect(tspacker(['fmt', '-check', '-'], { input: PRETTY })).toEqual({ stdout: PRETTY, stderr: '', status: 0 });
  });

  test('"-" never diffs, and turns -diff off for the files after it', () => {
    const dir = tempDir({ 'x.pkr.hcl': 'x=1\n' });
    const r = tspacker(['fmt', '-diff', '-', 'x.pkr.hcl'], { cwd: dir, input: 'y=2\n' });
    expect(r).toEqual({ stdout: 'y = 2\nx.pkr.hcl\n', stderr: '', status: 0 });
  });

  test('"-" with a parse error', () => {
    const r = tspacker(['fmt', '-'], { input: 'a = "unterminated\n' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Error: encountered an error while formatting -\n\n2 errors occurred:\n\t\* -:1,18-2,1: Invalid multi-line string; /);
  });

  test('through a real pipe', () => {
    const r = shell('printf \'a=1\\n\' | $TSPACKER fmt -');
    expect(r).toEqual({ stdout: 'a = 1\n', stderr: '', status: 0 });
  });
});
