// Template-level fuzzing: Packer's own templates (hcl2template/testdata and command/test-fixtures, read in place),
// mutated deterministically, through the whole pipeline the commands run: loadTemplate → initializeTemplate →
// getBuilds (validate) and renderInspect (inspect), diagnostics rendered as the CLI renders them. Nothing may
// throw, every error is a diagnostic with a summary, and every diagnostic range points inside the file it names
// (or, where Packer gives none, the error is one Packer also reports without a range). The mutation engine is the
// HCL fuzzer's (packages/hcl/test/fuzz/mutate.ts); this file adds line-level edits and Packer-specific tokens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getBuilds, initializeTemplate, loadTemplate, renderInspect } from '@tspacker/core';
import { hasErrors, renderDiagnostics, variableValuesText, type Diagnostic } from '@tspacker/hcl';
import { builtinComponents } from '@tspacker/plugin-builtin';
import type { ComponentRegistry } from '@tspacker/sdk';
import { ByteLines, rangeProblem } from '../../hcl/test/fuzz/checks.js';
import { mutateOnce, Rng, SIGNIFICANT } from '../../hcl/test/fuzz/mutate.js';
import { mockComponents } from '../../../test/support/mock-components.js';
import { testLoadOptions } from '../../../test/support/data-components.js';
import { commandFixturesDir, hcl2templateDir } from '../../../test/support/corpus.js';

const SEED = Number(process.env['TEMPLATE_FUZZ_SEED'] ?? 0x5eed_9ac4);
const CASES = Number(process.env['TEMPLATE_FUZZ_CASES'] ?? 3000);

/** A seed or a mutated file: its text and its kind (the file name's suffix decides how Packer reads it). */
interface Seed {
  readonly suffix: '.pkr.hcl' | '.pkr.json' | '.pkrvars.hcl' | '.pkrvars.json';
  readonly text: string;
}

function seedsUnder(dir: string): Seed[] {
  const out: Seed[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...seedsUnder(p));
    else if (!e.isFile()) continue;
    else for (const suffix of ['.pkr.hcl', '.pkr.json', '.pkrvars.hcl', '.pkrvars.json'] as const) {
      if (e.name.endsWith(suffix)) out.push({ suffix, text: fs.readFileSync(p, 'utf8') });
    }
  }
  return out;
}

const allSeeds = [...seedsUnder(path.join(hcl2templateDir, 'testdata')), ...seedsUnder(commandFixturesDir)];
const seeds = allSeeds.filter((s) => s.suffix === '.pkr.hcl').map((s) => s.text);
const jsonSeeds = allSeeds.filter((s) => s.suffix === '.pkr.json').map((s) => s.text);
const varFileSeeds = allSeeds.filter((s) => s.suffix === '.pkrvars.hcl' || s.suffix === '.pkrvars.json');

/** Text that means something to Packer's template model, spliced in at random places. */
const PACKER_TOKENS: readonly string[] = [
  '}', '{', '${', '"', '=', '[*]', '.*', 'dynamic', 'dynamic "provisioner" {\n', 'dynamic "source" {\n',
  'content {\n', 'for_each = ', 'for_each = 1\n', 'labels = ["x"]\n', 'iterator = it\n', 'var.', 'local.', 'data.',
  'source.', 'build.', 'path.root', 'packer.version', 'null', '[]', '{}', '"source.null.x"', 'sources = []\n',
  'source "null" "x" {\n', 'build {\n', 'provisioner "shell" {\n', 'post-processors {\n', 'post-processor "manifest" {\n',
  'variable "v" {\n', 'locals {\n', 'local "l" {\n', 'data "null" "d" {\n', 'packer {\n', 'required_version = ',
  'validation {\n', 'condition = ', 'error_message = "Bad."\n', 'type = ', 'list(string)', 'object({a=number})',
  'default = ', 'sensitive = true\n', 'only = ["x"]\n', 'except = 1\n', 'override = ', 'pause_before = "x"\n',
  'name = ', 'local.a', 'var.a', 'data.null.d.output', '${var.v}', '%{ for x in var.v }', 'upper(', 'file("x")',
  'tolist(', '(', ')', ',', '\n',
];

type LineEdit = 'delete' | 'duplicate' | 'swap' | 'insert';

/** Whole-line edits: they move blocks and attributes around rather than break tokens. */
function mutateLines(text: string, rng: Rng, edit: LineEdit, line = ''): string {
  const lines = text.split('\n');
  const i = rng.int(lines.length);
  const j = rng.int(lines.length);
  switch (edit) {
    case 'delete':
      lines.splice(i, 1 + rng.int(3));
      break;
    case 'duplicate':
      lines.splice(j, 0, ...lines.slice(i, i + 1 + rng.int(4)));
      break;
    case 'swap':
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      break;
    case 'insert':
      lines.splice(i, 0, line);
      break;
  }
  return lines.join('\n');
}

/** Lines and attribute values of the seeds, for edits that keep the text well-formed more often. */
const seedLines = seeds.flatMap((t) => t.split('\n')).filter((l) => l.trim() !== '');
const seedValues = seedLines.flatMap((l) => /^\s*[\w-]+\s*=\s*(.+)$/.exec(l)?.[1] ?? []);

/** Replaces one attribute's value by a value from elsewhere in the corpus: type mismatches, bad references. */
function swapValue(text: string, rng: Rng): string {
  const lines = text.split('\n');
  const candidates = lines.flatMap((l, i) => (/^\s*[\w-]+\s*=\s*\S/.test(l) ? [i] : []));
  if (candidates.length === 0) return text;
  const i = rng.pick(candidates);
  lines[i] = lines[i]!.replace(/=.*$/, `= ${rng.pick(seedValues)}`);
  return lines.join('\n');
}

/** A text mutated 1-3 times: whole lines and values (usually still parses) or tokens and bytes (usually not). */
function mutateText(text: string, rng: Rng, structural: boolean): string {
  const n = 1 + rng.int(3);
  for (let k = 0; k < n; k++) {
    if (structural) {
      const choice = rng.int(5);
      if (choice === 0) text = mutateLines(text, rng, rng.pick(['delete', 'duplicate', 'swap'] as const));
      else if (choice === 1) text = mutateLines(text, rng, 'insert', rng.pick(seedLines));
      else text = swapValue(text, rng);
    } else {
      const choice = rng.int(4);
      if (choice <= 1) text = mutateOnce(text, rng, 'splice', PACKER_TOKENS);
      else if (choice === 2) text = mutateOnce(text, rng, 'splice', SIGNIFICANT);
      else text = mutateOnce(text, rng);
    }
  }
  return text;
}

/** -only/-except values, a bad glob among them. */
const FILTERS: readonly string[] = ['*', 'null.*', '*.basic*', 'amazon-ebs.ubuntu-1604', '[', '{a,', 'x?'];

interface FuzzCase {
  readonly template: Seed;
  readonly varFile?: Seed;
  readonly only: string[];
  readonly except: string[];
  /** validate skips data sources; inspect and build run them. */
  readonly executeDataSources: boolean;
}

/**
 * Case `index`: a fixed function of (SEED, index), so a failure can be regenerated from its index. Even cases edit
 * whole lines and values, so most still parse and reach initialization and getBuilds; odd cases splice tokens and
 * flip bytes. Some cases are JSON templates, some come with a mutated var file, some filter builds.
 */
function makeCase(index: number): FuzzCase {
  const rng = new Rng((SEED ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0);
  const structural = index % 2 === 0;
  const json = rng.int(16) === 0;
  const template: Seed = json
    ? { suffix: '.pkr.json', text: mutateText(rng.pick(jsonSeeds), rng, false) }
    : { suffix: '.pkr.hcl', text: mutateText(rng.pick(seeds), rng, structural) };
  const withVarFile = rng.int(8) === 0;
  const varSeed = rng.pick(varFileSeeds);
  const filter = rng.int(8) === 0 ? [rng.pick(FILTERS)] : [];
  return {
    template,
    ...(withVarFile ? { varFile: { suffix: varSeed.suffix, text: mutateText(varSeed.text, rng, structural) } } : {}),
    only: rng.int(2) === 0 ? filter : [],
    except: rng.int(2) === 0 ? filter : [],
    executeDataSources: index % 4 === 3,
  };
}

/**
 * Errors that Packer itself reports without a range: they are about the command line, the whole configuration or
 * a plugin's own checks, not about a place in the template (each one checked against Packer's Go source).
 */
const RANGELESS = [
  /^Unset variable "/, // types.variables.go: no subject
  /^failed to prepare execution graph$/, // parser.go
  /^Duplicate variable$/, // a variable block duplicate has a Context only
  /^Missing build block$/, // types.packer_config.go
  /^only one of 'only' or 'except' may be specified$/,
  /^No builds to run$/,
  /^Max local recursion depth exceeded\.$/,
  /^Invalid -(only|except) pattern /, // command-line globs
];

/**
 * Go HCL's JSON parser places a string's syntax error by adding encoding/json's byte offset to the token's start
 * byte and column, on the token's line: for a string left open at the end of a line or of the file, that is past
 * the line (or one byte past the end of the file). tspacker's parser does the same; the CLI still shows the line.
 */
function goJsonStringQuirk(d: Diagnostic, size: number): boolean {
  const s = d.subject;
  const t = d.context;
  return d.summary === 'Invalid JSON string' && s !== undefined && t !== undefined && s.start.line === t.start.line &&
    s.start.byte - t.start.byte === s.start.column - t.start.column && s.end.byte <= size + 1;
}

interface Outcome {
  readonly diags: Diagnostic[];
  readonly problems: string[];
}

/**
 * The mock components of Packer's hcl2template tests, plus tspacker's built-in ones for the types the corpus also
 * uses (shell-local, file, …). No `http` data source: data sources do run in some cases.
 */
function components(): ComponentRegistry {
  const mock = mockComponents();
  const builtin = builtinComponents();
  return {
    builders: new Map([...builtin.builders, ...mock.builders]),
    provisioners: new Map([...builtin.provisioners, ...mock.provisioners]),
    postProcessors: new Map([...builtin.postProcessors, ...mock.postProcessors]),
    dataSources: mock.dataSources,
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsp-template-fuzz-'));

/** The commands' pipeline on a case; the invariants it broke. */
async function run(c: FuzzCase): Promise<Outcome> {
  const texts = new Map<string, string>();
  const templateFile = `fuzz${c.template.suffix}`;
  for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
  fs.writeFileSync(path.join(dir, templateFile), c.template.text);
  texts.set(templateFile, c.template.text);
  const varFiles: string[] = [];
  if (c.varFile) {
    const name = `vars${c.varFile.suffix}`;
    fs.writeFileSync(path.join(dir, name), c.varFile.text);
    texts.set(name, c.varFile.text);
    varFiles.push(name);
  }
  const diags: Diagnostic[] = [];
  try {
    const loaded = await loadTemplate(
      testLoadOptions(templateFile, { cwd: dir, coreVersion: '1.16.0', components: components(), varFiles, skipDatasourcesExecution: !c.executeDataSources }),
    );
    diags.push(...loaded.diags);
    const config = loaded.value;
    if (config && !hasErrors(loaded.diags)) {
      const initDiags = await initializeTemplate(config);
      diags.push(...initDiags);
      const inspect = renderInspect(config);
      // (A sensitive value may mask part of the header itself, as in Packer: masking is by substring.)
      if (config.sensitiveValues.size === 0 && !inspect.startsWith('Packer Inspect: HCL2 mode\n')) {
        return { diags, problems: ['inspect output has no header'] };
      }
      if (!hasErrors(initDiags)) diags.push(...getBuilds(config, { only: c.only, except: c.except }).diags);
    }
    // What the commands print, with source snippets from the parsed files (the CLI passes none for diagnostics
    // after parsing; rendering them with the files too checks the snippet code on every range).
    const text = renderDiagnostics(diags, loaded.files, { width: 80, color: false, variableValues: variableValuesText });
    if (hasErrors(diags) && !text.includes('Error: ')) return { diags, problems: ['errors rendered without "Error: "'] };
  } catch (e) {
    const err = e as Error;
    const frames = String(err?.stack).split('\n').slice(1, 6).join('\n');
    return { diags, problems: [`threw ${err?.name}: ${err?.message}\n${frames}`] };
  }
  const problems: string[] = [];
  for (const d of diags) {
    const label = `${d.severity} "${d.summary}"`;
    if (typeof d.summary !== 'string' || d.summary.trim() === '') problems.push(`${d.severity} without summary: ${d.detail}`);
    if (d.severity === 'error' && !d.subject && !RANGELESS.some((r) => r.test(d.summary))) {
      problems.push(`${label} has no range`);
    }
    for (const [what, r] of [['subject', d.subject], ['context', d.context]] as const) {
      if (!r) continue;
      const text = texts.get(r.filename);
      if (what === 'subject' && text !== undefined && goJsonStringQuirk(d, Buffer.byteLength(text))) continue;
      const p = text === undefined
        ? `${label} ${what} is in ${JSON.stringify(r.filename)}`
        : rangeProblem(`${label} ${what}`, r, r.filename, new ByteLines(text));
      // Go HCL's JSON scanner counts a tab as two columns (json/scanner.go), and so does tspacker's.
      if (p && !(r.filename.endsWith('.json') && / column \d+ beyond byte /.test(p) && text?.includes('\t'))) problems.push(p);
    }
  }
  return { diags, problems };
}

/** A failing case with its template cut down line by line (the pipeline is async: mutate.ts's shrink() is not). */
async function minimal(c: FuzzCase): Promise<FuzzCase> {
  let cur = c;
  for (let changed = true; changed; ) {
    changed = false;
    const lines = cur.template.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const candidate = { ...cur, template: { ...cur.template, text: [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n') } };
      if ((await run(candidate)).problems.length > 0) {
        cur = candidate;
        changed = true;
        break;
      }
    }
  }
  return cur;
}

test('the seeds are there', () => {
  expect(seeds.length).toBeGreaterThan(140);
  expect(jsonSeeds.length).toBeGreaterThan(0);
  expect(varFileSeeds.length).toBeGreaterThan(5);
});

test(`${CASES} mutated templates through load, initialize, getBuilds and inspect`, async () => {
  const failures: string[] = [];
  const first = Number(process.env['TEMPLATE_FUZZ_FIRST'] ?? 0);
  for (let i = first; i < first + CASES && failures.length < 5; i++) {
    const c = makeCase(i);
    if ((await run(c)).problems.length > 0) {
      const small = await minimal(c);
      failures.push(`case ${i}: ${JSON.stringify(small)}\n  ${(await run(small)).problems.join('\n  ')}`);
    }
  }
  expect(failures).toEqual([]);
}, Math.max(60_000, CASES * 40));

describe('fuzzer finds', () => {
  test('a malformed data source reference is located at the reference (Packer gives no range)', async () => {
    const text = 'data "null" "a" {\n  input = "x"\n}\nlocals {\n  l = "${data.null}"\n}\n';
    const { diags, problems } = await run({ template: { suffix: '.pkr.hcl', text }, only: [], except: [], executeDataSources: false });
    expect(problems).toEqual([]);
    expect(diags.map((d) => [d.summary, d.subject?.start.line, d.subject?.start.column, d.subject?.end.column])).toEqual([
      ['failed to process local dependency', 5, 10, 19],
    ]);
  });
});
