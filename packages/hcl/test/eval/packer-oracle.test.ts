// The real `packer console` as an oracle for evaluation. The installed Packer is 1.6.6, whose hcl predates
// short-circuit logic, refinements, optional attributes and some messages, so only expressions that behave the
// same in 1.6.6 and current Packer are compared: values by their console rendering, errors by summary and detail.
// (Left out because later hcl reworded them: negative and fractional index details, conditional type mismatches.)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { EvalContext } from '../../src/eval/context.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { packerFunctions } from '../../src/functions/packer.js';
import { renderConsoleValue } from '../../src/render/console.js';
import { parseExpression } from '../../src/syntax/index.js';

const PACKER = process.env['PACKER_BIN'] ?? '/usr/bin/packer';

const expressions = [
  '1 + 2 * 3',
  '(1 + 2) * 3',
  '-46 + 5',
  '10 / 4',
  '7 % 3',
  '-7 % 3',
  '5 % 0',
  '"5" + 1',
  '0.1 + 0.2',
  '1 == 1.0',
  '"1" == 1',
  '[1, 2] == [1, 2]',
  '2 > 1 && 3 >= 3',
  '"${1 / 3}"',
  '"a-${true}-${2.5}"',
  '"%{ for x in [1, 2, 3] }${x},%{ endfor }"',
  '"%{ if false }a%{ else }b%{ endif }"',
  '"x ${~ "y" ~} z"',
  'true ? 1 : "a"',
  'false ? null : 5',
  'true ? [] : [1]',
  'true ? {a = 1} : {b = 2}',
  '{ a = 1, a = 2 }',
  '{ true = 1, "a.b" = 2 }',
  '{for k, v in {b = 2, a = 1} : v => k}',
  '[for i, v in ["a", "b"] : "${i}${v}"]',
  '[for v in [1, 2, 3] : v * 2 if v > 1]',
  '{for v in ["a", "a", "b"] : v => v...}',
  '[{a = 1}, {a = 2}][*].a',
  '[[1, 2], [3]][*][0]',
  '[[1, 2], [3]].*[0]',
  '"x"[*]',
  '{a = [1, 2]}.a.0',
  'max([1, 5, 3]...)',
  'upper("hello")',
  'length([1, 2, 3])',
  'concat([1], ["a"])',
  'lookup({a = 1}, "b", 0)',
  'element(["a", "b"], 3)',
  'keys({b = 1, a = 2})',
  'convert([1], list(string))',
  'try(nope, "d")',
  'can(1 + "a")',
  // errors
  '2 + true',
  '"a" + 1',
  '0 / 0',
  '[1, 2, 3][5]',
  '{a = 1}.b',
  '"a${[1]}"',
  '"a${null}"',
  '{for v in ["a", "a"] : v => v}',
  '[for v in "x" : v]',
  '[for v in null : v]',
  'null ? 1 : 2',
  '"x" ? 1 : 2',
  '{foo.bar = 1}',
  'nosuch(1)',
  'upper()',
  'upper("a", "b")',
  'upper([])',
  'upper(null)',
  'upper("a"...)',
  'convert("hello", bool)',
  'convert(1, lisst(string))',
  'lookup({a = 1}, "a")',
  'nope',
  'null[0]',
];

interface Outcome {
  value?: string;
  summary?: string;
  detail?: string;
}

/** Join word-wrapped detail lines, so that texts compare independently of the renderer's line breaks. */
function unwrap(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function runPacker(expr: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(PACKER, ['console', '-config-type=hcl2'], { env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => {
      const m = /^Error: (.*)\n\n {2}on <console-input> line 1:\n {2}\(source code not available\)\n\n([\s\S]*)$/.exec(out);
      if (!m) return resolve({ value: out.replace(/\n$/, '') });
      // Drop the "with x as y" block that precedes the detail.
      const paras = m[2]!.trim().split(/\n\n/);
      const detail = paras.filter((p) => !p.startsWith('with ')).join(' ');
      resolve({ summary: m[1]!, detail: unwrap(detail) });
    });
    child.stdin.end(expr + '\n');
  });
}

function ours(expr: string, ctx: EvalContext): Outcome {
  const p = parseExpression(expr, '<console-input>');
  const r = evaluate(p.expr, ctx);
  const errs = [...p.diags, ...r.diags].filter((d) => d.severity === 'error');
  if (errs.length > 0) return { summary: errs[0]!.summary, detail: unwrap(errs[0]!.detail ?? '') };
  return { value: renderConsoleValue(r.value) };
}

test('expressions evaluate as packer console evaluates them', async () => {
  if (!fs.existsSync(PACKER)) throw new Error(`the packer oracle is missing: ${PACKER} (set PACKER_BIN)`);
  const ctx: EvalContext = { functions: packerFunctions({ baseDir: '' }), variables: new Map() };
  const want = await Promise.all(expressions.map(runPacker));
  const mismatches: string[] = [];
  expressions.forEach((e, i) => {
    const got = ours(e, ctx);
    if (JSON.stringify(got) !== JSON.stringify(want[i])) mismatches.push(`${e}\n  packer: ${JSON.stringify(want[i])}\n  ours:   ${JSON.stringify(got)}`);
  });
  expect(mismatches).toEqual([]);
}, 120_000);
