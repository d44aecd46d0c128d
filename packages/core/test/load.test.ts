// Loading templates (parser.go's Parse up to the variable values): files or directories, file order, auto var
// files only for directories, var file formats, legacy JSON templates, and load errors.
import path from 'node:path';
import { renderDiagnostics } from '@tspacker/hcl';
import { initializeTemplate, isHcl2Template, loadTemplate, variableValue, type LoadOptions } from '@tspacker/core';
import { commandFixturesDir, compareConsoles, testLoadOptions } from '../../../test/support/data-components.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { errorSummaries as errors } from './helpers.js';

const load = (cwd: string, p: string, o: Partial<LoadOptions> = {}) => loadTemplate(testLoadOptions(p, { cwd, ...o }));

describe('template files', () => {
  test('a directory: *.pkr.hcl in byte order, then *.pkr.json; other files and subdirectories ignored', async () => {
    const dir = tempDir({
      'b.pkr.hcl': 'variable "b" {\n  default = 1\n}\n',
      'B.pkr.hcl': 'variable "B" {\n  default = 1\n}\n',
      'a.pkr.json': '{"variable": {"j": {"default": 1}}}',
      'a.pkr.hcl': 'variable "a" {\n  default = 1\n}\n',
      'notes.hcl': 'this is not read',
      'sub/c.pkr.hcl': 'variable "c" {\n  default = 1\n}\n',
    });
    const r = await load(dir, '.');
    expect(errors(r.diags)).toEqual([]);
    expect([...r.value!.files.keys()]).toEqual(['B.pkr.hcl', 'a.pkr.hcl', 'b.pkr.hcl', 'a.pkr.json']);
    expect([...r.value!.inputVariables.keys()]).toEqual(['B', 'a', 'b', 'j']);
    expect(r.value!.basedir).toBe('.');
  });

  test('path.root is the directory as given, or the file’s directory', async () => {
    const dir = tempDir({ 'tpl/t.pkr.hcl': '' });
    expect((await load(dir, 'tpl/t.pkr.hcl')).value!.basedir).toBe('tpl');
    expect((await load(dir, 'tpl')).value!.basedir).toBe('tpl');
    expect((await load(dir + '/tpl', 't.pkr.hcl')).value!.basedir).toBe('.');
  });

  test('no config file in a directory', async () => {
    const dir = tempDir({ 'x.txt': '' });
    const r = await load(dir, '.');
    expect(r.value).toBeUndefined();
    expect(r.diags).toEqual([
      {
        severity: 'error',
        summary: 'Could not find any config file in .',
        detail: 'A config file must be suffixed with `.pkr.hcl` or `.pkr.json`. A folder can be referenced.',
      },
    ]);
  });

  test('a missing template is a stat error', async () => {
    const r = await load(tempDir({}), 'missing.pkr.hcl');
    expect(r.value).toBeUndefined();
    expect(r.diags[0]!.detail).toBe('stat missing.pkr.hcl: no such file or directory');
  });

  test('parse errors stop loading; every file is parsed first', async () => {
    const dir = tempDir({ 'a.pkr.hcl': 'variable "x" {\n', 'b.pkr.json': '{"variable": ' });
    const r = await load(dir, '.');
    expect(r.value).toBeUndefined();
    expect([...new Set(r.diags.map((d) => d.subject?.filename))]).toEqual(['a.pkr.hcl', 'b.pkr.json']);
  });

  test('unknown top-level blocks', async () => {
    const dir = tempDir({ 't.pkr.hcl': 'src "null" "x" {}\n' });
    const r = await load(dir, 't.pkr.hcl');
    expect(errors(r.diags)).toEqual(['Unsupported block type']);
    expect(renderDiagnostics(r.diags, r.value!.files)).toContain('Blocks of type "src" are not expected here.');
  });

  test('legacy JSON templates are not supported yet (a clear error, not a crash)', async () => {
    const r = await load(commandFixturesDir, 'validate/build.json');
    expect(r.value).toBeUndefined();
    expect(errors(r.diags)).toEqual(['Legacy JSON templates are not supported yet']);
    expect(r.diags[0]!.detail).toContain('packer hcl2_upgrade validate/build.json');
    expect(errors((await load(commandFixturesDir, '-')).diags)).toEqual(['Legacy JSON templates are not supported yet']);
    expect(isHcl2Template('validate/build.json', commandFixturesDir)).toBe(false);
    expect(isHcl2Template('validate', commandFixturesDir)).toBe(true);
    expect(isHcl2Template('x.pkr.json', commandFixturesDir)).toBe(true);
  });
});

describe('no template', () => {
  test('an empty configuration; var files are still read and -var names nothing', async () => {
    const dir = tempDir({ 'v.pkrvars.hcl': 'x = 1\n' });
    const r = await load(dir, '', { varFiles: ['v.pkrvars.hcl'], vars: [['x', '1']], warnOnUndeclaredVar: true });
    expect(r.value!.basedir).toBe('');
    expect(r.diags.map((d) => [d.severity, d.summary])).toEqual([
      ['warning', 'Undefined variable'],
      ['error', 'Undefined -var variable'],
    ]);
    expect([...r.value!.files.keys()]).toEqual(['v.pkrvars.hcl']);
  });
});

describe('variable files', () => {
  const decl = 'variable "fruit" {\n  type = string\n  default = "none"\n}\n';

  test('auto var files are loaded for a directory only, HCL before JSON, before -var-file', async () => {
    const dir = tempDir({
      't.pkr.hcl': decl,
      'a.auto.pkrvars.json': '{"fruit": "json"}',
      'b.auto.pkrvars.hcl': 'fruit = "hcl"\n',
      'x.pkrvars.hcl': 'fruit = "file"\n',
    });
    const fromDir = await load(dir, '.');
    expect(fromDir.value!.inputVariables.get('fruit')!.values.map((v) => [v.from, variableValue({ ...fromDir.value!.inputVariables.get('fruit')!, values: [v] }).asString()])).toEqual([
      ['default', 'none'],
      ['varfile', 'hcl'],
      ['varfile', 'json'],
    ]);
    const withFile = await load(dir, '.', { varFiles: ['x.pkrvars.hcl'] });
    expect(variableValue(withFile.value!.inputVariables.get('fruit')!).asString()).toBe('file');
    const fromFile = await load(dir, 't.pkr.hcl');
    expect(variableValue(fromFile.value!.inputVariables.get('fruit')!).asString()).toBe('none');
  });

  test('the var-arg fixture directory (chocolate.auto.pkrvars.hcl), and files in command-line order', async () => {
    const cwd = path.join(commandFixturesDir, 'var-arg');
    const value = async (o: Partial<LoadOptions>) => {
      const r = await load(cwd, '.', o);
      expect(errors(r.diags)).toEqual([]);
      return variableValue(r.value!.inputVariables.get('fruit')!).asString();
    };
    expect(await value({})).toBe('chocolate');
    expect(await value({ varFiles: ['apple.hcl'] })).toBe('apple');
    expect(await value({ varFiles: ['apple.json'] })).toBe('apple');
    expect(await value({ varFiles: ['apple.hcl'], vars: [['fruit', 'tomato']] })).toBe('tomato');
  });

  test('missing and unguessable var files', async () => {
    const dir = tempDir({ 't.pkr.hcl': decl, 'v.txt': 'fruit = "x"' });
    const r = await load(dir, 't.pkr.hcl', { varFiles: ['potato.hcl', 'potato.json', 'v.txt'] });
    expect(r.diags.map((d) => [d.summary, d.detail])).toEqual([
      ['Failed to read file', 'The configuration file "potato.hcl" could not be read.'],
      ['Failed to open file', 'The file "potato.json" could not be opened.'],
      ['Could not guess format of v.txt', 'A var file must be suffixed with `.hcl` or `.json`.'],
    ]);
  });

  test('a variable block in a var file', async () => {
    const dir = tempDir({ 't.pkr.hcl': decl, 'v.pkrvars.hcl': 'variable "fruit" {}\n' });
    const r = await load(dir, 't.pkr.hcl', { varFiles: ['v.pkrvars.hcl'] });
    expect(errors(r.diags)).toEqual(['Variable declaration in a .pkrvar file']);
    expect(r.diags[0]!.detail).toContain('To set a value for this variable in v.pkrvars.hcl, use the definition syntax instead:\n    fruit = <value>');
  });

  test('same values and errors as Packer 1.6.6 console', async () => {
    const dir = tempDir({
      'tpl/t.pkr.hcl': decl + 'variable "n" {\n  type = number\n  default = 1\n}\n',
      'tpl/z.auto.pkrvars.hcl': 'fruit = "auto"\n',
      'v.hcl': 'fruit = "file"\nn = 3\n',
      'v.json': '{"fruit": "json"}',
      'bad.hcl': 'n = "x"\n',
    });
    for (const [template, c] of [
      ['tpl', {}],
      ['tpl/t.pkr.hcl', {}],
      ['tpl', { varFiles: ['v.hcl'] }],
      ['tpl', { varFiles: ['v.hcl', 'v.json'] }],
      ['tpl', { varFiles: ['v.json', 'v.hcl'], vars: [['fruit', 'cmd']] as const }],
      ['tpl', { varFiles: ['bad.hcl'] }],
      ['tpl', { varFiles: ['nope.hcl'] }],
    ] as const) {
      const [ours, theirs] = await compareConsoles(dir, template, '"${var.fruit}-${var.n}"', c);
      expect(ours).toBe(theirs);
    }
  });
});

describe('top-level blocks at initialisation', () => {
  async function init(text: string) {
    const dir = tempDir({ 't.pkr.hcl': text });
    const r = await load(dir, 't.pkr.hcl');
    const diags = [...r.diags];
    if (r.value && errors(diags).length === 0) diags.push(...(await initializeTemplate(r.value)));
    return { config: r.value, diags };
  }

  test('sources and builds are decoded after locals, with dynamic blocks expanded', async () => {
    const { config, diags } = await init(
      'locals {\n  names = ["a", "b"]\n}\nsource "null" "a" {\n  communicator = "none"\n}\nsource "null" "b" {\n  communicator = "none"\n}\n' +
        'build {\n  name = local.names[0]\n  dynamic "source" {\n    for_each = local.names\n    labels = ["null.${source.value}"]\n    content {}\n  }\n}\n',
    );
    expect(errors(diags)).toEqual([]);
    expect([...config!.sources.keys()]).toEqual(['null.a', 'null.b']);
    expect(config!.builds.map((b) => [b.name, b.sources.map((s) => s.name)])).toEqual([['a', ['a', 'b']]]);
  });

  test('top-level hcp_packer_registry is not supported; communicator blocks are ignored', async () => {
    const hcp = await init('hcp_packer_registry {\n  bucket_name = "b"\n}\n');
    expect(errors(hcp.diags)).toEqual(['hcp_packer_registry is not supported']);
    expect(hcp.diags[0]!.subject!.start.line).toBe(1);
    const comm = await init('communicator "ssh" "c" {\n  anything = 1\n}\n');
    expect(comm.diags).toEqual([]);
  });

  test('dynamic blocks are not allowed at the top level', async () => {
    const r = await init('dynamic "source" {\n  for_each = []\n  content {}\n}\n');
    expect(errors(r.diags)).toEqual(['Unsupported block type']);
  });

  test('local blocks and names', async () => {
    expect(errors((await init('local "1x" {\n  expression = 1\n}\n')).diags)).toEqual(['Invalid local name']);
    expect(errors((await init('local "x" {\n  sensitive = true\n}\n')).diags)).toEqual(['Missing required argument']);
    expect(errors((await init('local "x" {\n  expression = 1\n}\nlocals {\n  x = 2\n}\n')).diags)).toEqual(['Duplicate local definition']);
    expect(errors((await init('data "null" "1x" {\n  input = "a"\n}\n')).diags)).toEqual(['Invalid data resource name']);
    expect(errors((await init('data "1null" "x" {}\n')).diags)).toEqual(['Invalid data source name']);
  });
});
