// Evaluation contexts (PackerConfig.EvalContext, the matrix of packer-features §1c) and the console's
// `variables` listing, with Packer 1.6.6 console as an oracle where the two versions agree.
import path from 'node:path';
import { evaluate, parseExpression, renderConsoleValue, type EvalContext } from '@tspacker/hcl';
import { evalContext, initializeTemplate, loadTemplate, variablesText, type PackerConfig } from '@tspacker/core';
import { compareConsoles, packerConsole, testLoadOptions } from '../../../test/support/data-components.js';
import { tempDir } from '../../../test/support/temp-dir.js';

const template = 'variable "v" {\n  default = "x"\n}\nlocals {\n  l = "${var.v}-l"\n}\ndata "null" "d" {\n  input = local.l\n}\n';

async function config(cwd = tempDir({ 'tpl/t.pkr.hcl': template }), p = 'tpl/t.pkr.hcl'): Promise<PackerConfig> {
  const r = await loadTemplate(testLoadOptions(p, { cwd }));
  expect(r.diags.map((d) => d.summary)).toEqual([]);
  expect((await initializeTemplate(r.value!)).map((d) => d.summary)).toEqual([]);
  return r.value!;
}

function show(ctx: EvalContext, expr: string): string {
  const r = evaluate(parseExpression(expr, 'test').expr, ctx);
  return r.diags.length ? `error: ${r.diags[0]!.summary}` : renderConsoleValue(r.value);
}

describe('evalContext', () => {
  test('what every scope has', async () => {
    const c = await config();
    for (const scope of ['variables', 'locals', 'build', 'source'] as const) {
      const ctx = evalContext(c, scope);
      expect(show(ctx, 'var.v')).toBe('x');
      expect(show(ctx, 'local.l')).toBe('x-l');
      expect(show(ctx, 'path.root')).toBe('tpl');
      expect(show(ctx, 'path.cwd')).toBe(c.cwd);
      expect(show(ctx, 'packer.version')).toBe('1.16.0');
      expect(show(ctx, 'packer.iterationID')).toBe('<unknown>');
      expect(show(ctx, 'upper(local.l)')).toBe('X-L');
      expect(show(ctx, 'env("HOME")')).toBe('error: Call to unknown function');
    }
  });

  test('data sources everywhere but the console', async () => {
    const c = await config();
    expect(show(evalContext(c, 'variables'), 'data.null.d.output')).toBe('error: Unknown variable');
    for (const scope of ['locals', 'build', 'source'] as const) expect(show(evalContext(c, scope), 'data.null.d.output')).toBe('x-l');
  });

  test('source.* is unknown except in a source body; build.name only when given', async () => {
    const c = await config();
    expect(show(evalContext(c, 'locals'), 'source.name')).toBe('<unknown>');
    expect(show(evalContext(c, 'locals'), 'build')).toBe('<unknown>');
    expect(show(evalContext(c, 'locals'), 'build.name')).toBe('error: Unsupported attribute');
    const src = evalContext(c, 'source', { sourceType: 'null', sourceName: 'basic' });
    expect(show(src, '"${source.type}.${source.name}"')).toBe('null.basic');
    expect(show(evalContext(c, 'build', { buildName: 'b' }), 'build.name')).toBe('b');
  });

  test('extra variables replace the defaults', async () => {
    const c = await config();
    const ctx = evalContext(c, 'build', { buildName: 'b', variables: new Map([['build', parseValue('{ name = "n", ID = "<unknown>" }')]]) });
    expect(show(ctx, 'build.ID')).toBe('<unknown>');
  });

  test('path.root uses forward slashes; file functions resolve against it', async () => {
    const dir = tempDir({ 'tpl/t.pkr.hcl': 'locals {\n  f = file("data.txt")\n  g = fileexists("tpl/data.txt")\n}\n', 'tpl/data.txt': 'content' });
    const c = await config(dir, 'tpl/t.pkr.hcl');
    expect(show(evalContext(c, 'locals'), 'local.f')).toBe('content');
    expect(show(evalContext(c, 'locals'), 'local.g')).toBe('false');
    const windowsish = { ...c, basedir: 'a\\b' };
    expect(show(evalContext(windowsish, 'locals'), 'path.root')).toBe('a/b');
  });
});

function parseValue(text: string) {
  return evaluate(parseExpression(text, 'v').expr).value;
}

describe('variablesText (console `variables`)', () => {
  const files = {
    't.pkr.hcl':
      'variable "s" {\n  default = "a\\"b"\n}\nvariable "l" {\n  default = ["x"]\n}\nvariable "n" {\n  type = number\n  default = 2\n}\nlocals {\n  m = { k = 1, z = [true] }\n  a = "${var.s}!"\n}\n',
  };

  test('sorted, console-rendered, Go-quoted', async () => {
    const c = await config(tempDir(files), 't.pkr.hcl');
    expect(variablesText(c)).toBe(
      '> input-variables:\n\nvar.l: "[\\n  \\"x\\",\\n]"\nvar.n: "2"\nvar.s: "a\\"b"\n\n> local-variables:\n\nlocal.a: "a\\"b!"\nlocal.m: "{\\n  \\"k\\" = 1\\n  \\"z\\" = [\\n    true,\\n  ]\\n}"\n',
    );
  });

  test('same as Packer 1.6.6', async () => {
    const dir = tempDir(files);
    const c = await config(dir, 't.pkr.hcl');
    const theirs = packerConsole(dir, 't.pkr.hcl', 'variables');
    expect(variablesText(c).trimEnd()).toBe(theirs.stdout.trimEnd());
  });
});

describe('differential: the console context with Packer 1.6.6', () => {
  const dir = tempDir({ 'tpl/t.pkr.hcl': 'variable "v" {\n  default = "x"\n}\n' });
  test.each(['source.name', 'source.type', 'build', 'path.root', 'path.cwd', 'packer.version', 'var.v', 'data', 'abspath(path.root)'])(
    '%s',
    async (expr) => {
      const [ours, theirs] = await compareConsoles(dir, 'tpl', expr);
      expect(ours).toBe(theirs);
    },
  );
});
