// HCL's implementation-independent spec suite (specsuite/tests, read in place from the shared corpus), run the way
// hashicorp/hcl's cmd/hclspecsuite runs it against hcldec: each NAME.t holds the expectations (a result value and
// type, or the set of error ranges, and the variable references), NAME.hcldec the decode spec, and NAME.hcl and/or
// NAME.hcl.json the inputs. Messages are not compared — only (severity, subject range) of diagnostics.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bodyContent, bodyPartialContent } from '../src/decode/content.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { diagnosticToString, hasErrors } from '../src/diagnostics.js';
import type { EvalContext } from '../src/eval/context.js';
import { evaluate } from '../src/eval/evaluate.js';
import { parseJson } from '../src/json/parser.js';
import type { Block, Body, BodySchema } from '../src/model.js';
import type { Pos } from '../src/source.js';
import { absTraversalForExpr } from '../src/static.js';
import type { Traversal } from '../src/syntax/ast.js';
import { parseConfig } from '../src/syntax/index.js';
import { convert } from '../src/values/convert.js';
import { rawEquals } from '../src/values/equals.js';
import { typeConstraint } from '../src/values/typeexpr.js';
import { DynamicPseudoType, typeString, type Type } from '../src/values/types.js';
import type { Value } from '../src/values/value.js';
import { canonicalKey } from '../src/values/value.js';
import { decode, loadSpecFile, specVariables } from './specsuite/hcldec.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const suiteDir = path.resolve(repoRoot, '../shared/corpus/hcl-specsuite/tests');

// ---- discovery (sorted test files first, then sorted subdirectories, as the Go runner walks) ----------------------

function findTests(dir: string): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const tests = entries.filter((e) => e.isFile() && e.name.endsWith('.t')).map((e) => e.name).sort(byName);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort(byName);
  return [...tests.map((t) => path.join(dir, t)), ...dirs.flatMap((d) => findTests(path.join(dir, d)))];
}

// ---- test files ------------------------------------------------------------------------------------------------

interface ExpectedDiag {
  severity: 'error' | 'warning';
  from: Pos;
  to: Pos;
}
interface ExpectedTraversal {
  traversal: Traversal;
  from: Pos;
  to: Pos;
}
interface TestFile {
  result?: Value;
  resultType: Type;
  checksTraversals: boolean;
  expectedTraversals: ExpectedTraversal[];
  expectedDiags: ExpectedDiag[];
}

function content(body: Body, schema: BodySchema, problems: string[]): ReturnType<typeof bodyContent>['content'] {
  const r = bodyContent(body, schema);
  problems.push(...r.diags.map(diagnosticToString));
  return r.content;
}

function decodePos(body: Body, problems: string[]): Pos {
  const c = content(body, { attributes: [{ name: 'line', required: true }, { name: 'column', required: true }, { name: 'byte', required: true }] }, problems);
  const num = (name: string): number => {
    const a = c.attributes.get(name);
    if (!a) return 0;
    const r = evaluate(a.expr);
    problems.push(...r.diags.map(diagnosticToString));
    return r.value.asNumber().toFloat64();
  };
  return { line: num('line'), column: num('column'), byte: num('byte') };
}

function decodeRange(body: Body, problems: string[]): { from: Pos; to: Pos; remain: Body } {
  const r = bodyPartialContent(body, { blocks: [{ type: 'from' }, { type: 'to' }] });
  problems.push(...r.diags.map(diagnosticToString));
  let from: Pos = { line: 0, column: 0, byte: 0 };
  let to: Pos = from;
  for (const b of r.content.blocks) {
    if (b.type === 'from') from = decodePos(b.body, problems);
    else to = decodePos(b.body, problems);
  }
  return { from, to, remain: r.remain };
}

function loadTestFile(file: string, problems: string[]): TestFile {
  const parsed = parseConfig(fs.readFileSync(file, 'utf8'), file);
  problems.push(...parsed.diags.map(diagnosticToString));
  const c = content(
    parsed.body,
    { attributes: [{ name: 'result' }, { name: 'result_type' }], blocks: [{ type: 'traversals' }, { type: 'diagnostics' }] },
    problems,
  );
  const tf: TestFile = { resultType: DynamicPseudoType, checksTraversals: false, expectedTraversals: [], expectedDiags: [] };
  const typeAttr = c.attributes.get('result_type');
  if (typeAttr) {
    const r = typeConstraint(typeAttr.expr);
    problems.push(...r.diags.map(diagnosticToString));
    if (!hasErrors(r.diags)) tf.resultType = r.type;
  }
  const resultAttr = c.attributes.get('result');
  if (resultAttr) {
    const r = evaluate(resultAttr.expr);
    problems.push(...r.diags.map(diagnosticToString));
    if (!hasErrors(r.diags)) tf.result = convert(r.value, tf.resultType);
  }
  for (const block of c.blocks) {
    if (block.type === 'traversals') {
      tf.checksTraversals = true;
      for (const expect of content(block.body, { blocks: [{ type: 'expect' }] }, problems).blocks) {
        const rng = decodeRange(expect.body, problems);
        const ec = content(rng.remain, { attributes: [{ name: 'ref', required: true }], blocks: [{ type: 'range' }] }, problems);
        const t = absTraversalForExpr(ec.attributes.get('ref')!.expr);
        problems.push(...t.diags.map(diagnosticToString));
        if (t.traversal) tf.expectedTraversals.push({ traversal: t.traversal, from: rng.from, to: rng.to });
      }
    } else {
      for (const b of content(block.body, { blocks: [{ type: 'error' }, { type: 'warning' }] }, problems).blocks) {
        tf.expectedDiags.push(expectedDiag(b, problems));
      }
    }
  }
  return tf;
}

function expectedDiag(b: Block, problems: string[]): ExpectedDiag {
  const rng = decodeRange(b.body, problems);
  content(rng.remain, {}, problems);
  return { severity: b.type === 'error' ? 'error' : 'warning', from: rng.from, to: rng.to };
}

// ---- running one input -------------------------------------------------------------------------------------------

const posKey = (p: Pos): string => `${p.line}:${p.column}@${p.byte}`;
const rangeKey = (severity: string, from: Pos, to: Pos): string => `${severity} ${posKey(from)}-${posKey(to)}`;

/** cty's TestConformance: `want` may contain `any` anywhere; everything else must match exactly. */
function conforms(got: Type, want: Type): boolean {
  if (want.kind === 'dynamic') return true;
  if (got.kind !== want.kind) return false;
  switch (want.kind) {
    case 'list':
    case 'set':
    case 'map':
      return conforms((got as typeof want).element, want.element);
    case 'tuple': {
      const g = (got as typeof want).elements;
      return g.length === want.elements.length && g.every((t, i) => conforms(t, want.elements[i]!));
    }
    case 'object': {
      const g = (got as typeof want).attributes;
      if (g.size !== want.attributes.size) return false;
      for (const [k, t] of want.attributes) {
        const gt = g.get(k);
        if (!gt || !conforms(gt, t)) return false;
      }
      return true;
    }
    default:
      return true;
  }
}

function traversalKey(t: Traversal): string {
  return t.map((s) => (s.kind === 'index' ? `[${canonicalKey(s.key)}]` : s.kind === 'splat' ? '[*]' : `.${s.name}`)).join('');
}

function parseInput(input: string): { body: Body; diags: Diagnostic[] } {
  const text = fs.readFileSync(input, 'utf8');
  return input.endsWith('.json') ? parseJson(text, input) : parseConfig(text, input);
}

function runInput(specFile: string, input: string, tf: TestFile): string[] {
  const problems: string[] = [];
  const loaded = loadSpecFile(specFile);
  if (hasErrors(loaded.diags)) return loaded.diags.map(diagnosticToString);
  const { variables, root } = loaded.spec;
  const ctx: EvalContext | undefined = variables.size > 0 ? { variables } : undefined;

  const parsed = parseInput(input);
  const parseFailed = hasErrors(parsed.diags);

  if (tf.checksTraversals) {
    if (parseFailed) problems.push(...parsed.diags.map(diagnosticToString));
    else {
      const got = specVariables(parsed.body, root);
      const want = new Map(tf.expectedTraversals.map((e) => [traversalKey(e.traversal), e]));
      for (const t of got) {
        const e = want.get(traversalKey(t));
        if (!e) problems.push(`unexpected traversal ${traversalKey(t)}`);
        else {
          const from = t[0]!.range.start;
          const to = t[t.length - 1]!.range.end;
          if (posKey(from) !== posKey(e.from) || posKey(to) !== posKey(e.to)) {
            problems.push(`traversal ${traversalKey(t)} at ${posKey(from)}-${posKey(to)}, expected ${posKey(e.from)}-${posKey(e.to)}`);
          }
          want.delete(traversalKey(t));
        }
      }
      for (const k of want.keys()) problems.push(`missing expected traversal ${k}`);
    }
  }

  // hcldec stops after parse errors; otherwise it decodes.
  let value: Value | undefined;
  let diags: Diagnostic[] = parsed.diags;
  if (!parseFailed) {
    const r = decode(parsed.body, root, ctx);
    diags = [...parsed.diags, ...r.diags];
    value = r.value;
  }

  if (tf.expectedDiags.length === 0) {
    if (hasErrors(diags) || !value) return [...problems, ...diags.map(diagnosticToString)];
    if (!conforms(value.type, tf.resultType)) {
      problems.push(`produced ${typeString(value.type)}, but was expecting ${typeString(tf.resultType)}`);
    }
    if (tf.result && !rawEquals(value, tf.result)) problems.push(`incorrect result value: ${canonicalKey(value)} != ${canonicalKey(tf.result)}`);
    return problems;
  }

  const got = new Map<string, Diagnostic>();
  for (const d of diags) {
    if (!d.subject || d.subject.filename !== input) {
      problems.push(`unexpected diagnostic outside the input: ${diagnosticToString(d)}`);
      continue;
    }
    got.set(rangeKey(d.severity, d.subject.start, d.subject.end), d);
  }
  const want = new Set(tf.expectedDiags.map((e) => rangeKey(e.severity, e.from, e.to)));
  for (const [k, d] of got) if (!want.has(k)) problems.push(`unexpected diagnostic ${k}: ${diagnosticToString(d)}`);
  for (const k of want) if (!got.has(k)) problems.push(`missing expected diagnostic ${k}`);
  return problems;
}

// ---- the suite -------------------------------------------------------------------------------------------------

const tests = findTests(suiteDir);
const inputs = tests.flatMap((t) => {
  const base = t.slice(0, -2);
  return [`${base}.hcl`, `${base}.hcl.json`].filter((f) => fs.existsSync(f)).map((input) => ({ test: t, input }));
});

test('the suite is complete: 15 tests with 16 inputs', () => {
  expect(tests.map((t) => path.relative(suiteDir, t))).toEqual([
    'empty.t',
    'comments/hash_comment.t',
    'comments/multiline_comment.t',
    'comments/slash_comment.t',
    'expressions/heredoc.t',
    'expressions/operators.t',
    'expressions/primitive_literals.t',
    'structure/attributes/expected.t',
    'structure/attributes/singleline_bad.t',
    'structure/attributes/unexpected.t',
    'structure/blocks/single_empty_oneline.t',
    'structure/blocks/single_expected.t',
    'structure/blocks/single_oneline.t',
    'structure/blocks/single_oneline_invalid.t',
    'structure/blocks/single_unclosed.t',
  ]);
  expect(inputs.length).toBe(16);
});

describe('hcl spec suite', () => {
  test.each(inputs.map((i) => [path.relative(suiteDir, i.input), i] as const))('%s', (_name, { test: t, input }) => {
    const problems: string[] = [];
    const tf = loadTestFile(t, problems);
    expect(problems).toEqual([]);
    expect(runInput(`${t.slice(0, -2)}.hcldec`, input, tf)).toEqual([]);
  });
});

describe('the harness notices failures', () => {
  // The suite is self-hosting, so check that the comparisons can fail at all.
  const heredoc = path.join(suiteDir, 'expressions/heredoc');
  test('a wrong expected value', () => {
    const problems: string[] = [];
    const tf = loadTestFile(`${heredoc}.t`, problems);
    const other = loadTestFile(path.join(suiteDir, 'structure/attributes/expected.t'), problems);
    expect(runInput(`${heredoc}.hcldec`, `${heredoc}.hcl`, { ...tf, result: other.result, resultType: DynamicPseudoType }).some((p) => p.startsWith('incorrect result value'))).toBe(true);
  });
  test('a wrong expected type', () => {
    const problems: string[] = [];
    const tf = loadTestFile(`${heredoc}.t`, problems);
    const other = loadTestFile(path.join(suiteDir, 'structure/attributes/expected.t'), problems);
    expect(runInput(`${heredoc}.hcldec`, `${heredoc}.hcl`, { ...tf, result: undefined, resultType: other.resultType })[0]).toMatch(/^produced object/);
  });
  test('a missing diagnostic', () => {
    const base = path.join(suiteDir, 'structure/attributes/unexpected');
    const tf = loadTestFile(`${base}.t`, []);
    const moved = { ...tf, expectedDiags: [{ ...tf.expectedDiags[0]!, from: { line: 9, column: 9, byte: 99 } }] };
    const problems = runInput(`${base}.hcldec`, `${base}.hcl`, moved);
    expect(problems.map((p) => p.split(' ').slice(0, 2).join(' ')).sort()).toEqual(['missing expected', 'unexpected diagnostic']);
  });
});
