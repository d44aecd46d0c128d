// Fuzzing: mutated corpus files (seeded, so every run checks the same cases) through every entry point of the
// parser and the formatter. Nothing may throw or hang, every error must be a diagnostic whose ranges are inside the
// file, the token stream must cover the text, and formatting must keep the tokens and be idempotent.
// Longer runs: node bench/fuzz.mjs --cases 200000 --seed N   (same engine, see test/fuzz/).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSeeds, type FuzzFailure } from './fuzz/campaign.js';
import { check, TARGETS } from './fuzz/checks.js';
import { shrink } from './fuzz/mutate.js';
import { runCampaign } from './fuzz/run-in-worker.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const seeds = loadSeeds(path.resolve(repoRoot, '../shared/corpus'));
const SEED = Number(process.env['FUZZ_SEED'] ?? 0x7e5bac4e);
const CASES = Number(process.env['FUZZ_CASES'] ?? 250_000);

/** Edge cases, and inputs the fuzzer once broke: each must keep passing every check of every entry point. */
const REGRESSIONS: { text: string; note: string }[] = [
  { text: '', note: 'empty file' },
  { text: '\ufeff', note: 'a BOM alone' },
  { text: '\ufeffa = 1 # x', note: 'BOM, comment at EOF without newline' },
  { text: 'a = <<EOT\nx\nEOT', note: 'heredoc closing marker at EOF without newline' },
  { text: 'a = <<EOT\n', note: 'heredoc opener at EOF' },
  { text: 'a = "${<<EOT\nx\nEOT\n}"\n', note: 'heredoc inside an interpolation' },
  { text: 'a = 1 /* x', note: 'unterminated block comment' },
  { text: 'a = 1\rb = 2\r\n', note: 'lone carriage return' },
  { text: 'a = "x\n', note: 'newline inside a quoted string' },
  { text: 'a = "${"${"${', note: 'unclosed nested interpolations' },
  { text: 'a = "%{ if x }%{ else }%{ else }%{ endfor }"', note: 'unbalanced template directives' },
  { text: 'a { b = 1, c = 2 }\nd { e {} }\n', note: 'bad single-line blocks' },
  { text: 'a = [' + '['.repeat(20_000) + ']'.repeat(20_000) + ']\n', note: 'deep nesting' },
  { text: 'a = ' + '('.repeat(5_000) + '1' + ')'.repeat(5_000) + '\n', note: 'deep parentheses' },
  { text: 'a = "' + '${"'.repeat(2_000) + '\n', note: 'deep unclosed templates' },
  { text: '𝒜 = "🇬🇧" # é\n“x” = 1\n', note: 'non-ASCII identifiers, strings, curly quotes' },
  { text: 'a = \ud83c', note: 'a lone surrogate at the end' },
  { text: 'a = 1.2.3 + 1e + 1.\n', note: 'malformed numbers' },
  { text: 'provider::ns::fn = 1\na = provider::+x()\n', note: 'stray double colons' },
  // Fuzzer find (not a bug: hclwrite and packer do the same): dots lose their spaces, so `1. 8` comes out as `1.8`.
  { text: 's {\nt = 1. 8\nw = x . 1 . 2\n}\n', note: 'legacy index on a number literal' },
];

function describeFailure(f: FuzzFailure): string {
  const hang = f.problems.some((p) => p.includes('(hang)'));
  // Shrink crashes and bad ranges to a minimal input for the report (a hang cannot be re-run in-process).
  const minimal = hang ? f.text : shrink(f.text, (s) => check(f.target, s).length > 0, 3000);
  const shown = minimal.length > 1500 ? `${JSON.stringify(minimal.slice(0, 1500))}…` : JSON.stringify(minimal);
  return `case ${f.index} [${f.target}] ${shown}\n  ${(hang ? f.problems : check(f.target, minimal)).join('\n  ') || f.problems.join('\n  ')}`;
}

test('the seeds are there', () => {
  expect(seeds.files.length).toBeGreaterThan(150);
  expect(seeds.expressions.length).toBeGreaterThan(500);
  expect(seeds.templates.length).toBeGreaterThan(200);
});

test(`${CASES} mutated inputs`, async () => {
  const workers = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
  const { failures } = await runCampaign(seeds, { seed: SEED, cases: CASES, workers });
  expect(failures.slice(0, 10).map(describeFailure)).toEqual([]);
}, 120_000);

describe('edge cases and fuzzer finds', () => {
  test.each(REGRESSIONS.map((r) => [r.note, r] as const))('%s', (_note, r) => {
    for (const target of TARGETS) expect(check(target, r.text)).toEqual([]);
  });
});
