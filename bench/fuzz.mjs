#!/usr/bin/env node
// Long fuzzing runs of the HCL parser and formatter with the engine of packages/hcl/test/fuzz.test.ts
// (same seeded cases: case i of seed s is identical here and in the test). Not part of npm test.
//   node bench/fuzz.mjs [--cases 200000] [--seed N] [--from 0] [--chunk 10000] [--workers 2]
// Prints progress per chunk and every failure, shrunk to a minimal input. Exit 1 if anything failed.
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const fuzzDir = path.join(root, 'packages', 'hcl', 'test', 'fuzz');
const args = process.argv.slice(2);
const opt = (k, d) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const cases = opt('cases', 200_000);
const seed = opt('seed', 0x7e5bac4e);
const from = opt('from', 0);
const chunk = opt('chunk', 10_000);
const workers = opt('workers', Math.max(1, os.availableParallelism?.() ?? os.cpus().length));

// The engine is TypeScript: bundle it (with the hcl sources it imports) into bench/out first.
const out = path.join(here, 'out', 'fuzz-engine.mjs');
fs.mkdirSync(path.dirname(out), { recursive: true });
buildSync({
  stdin: {
    contents: [
      "export { loadSeeds } from './campaign.ts';",
      "export { runCampaign } from './run-in-worker.ts';",
      "export { check } from './checks.ts';",
      "export { shrink } from './mutate.ts';",
    ].join('\n'),
    resolveDir: fuzzDir,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: out,
  logLevel: 'error',
  external: ['esbuild'],
});
const { loadSeeds, runCampaign, check, shrink } = await import(pathToFileURL(out).href);

const seeds = loadSeeds(path.resolve(root, '../shared/corpus'));
console.log(`seed ${seed}, cases ${from}..${from + cases}, ${workers} workers, ${seeds.files.length} seed files`);
let failed = 0;
const started = Date.now();
for (let at = from; at < from + cases; at += chunk) {
  const n = Math.min(chunk, from + cases - at);
  const { failures } = await runCampaign(seeds, {
    seed,
    from: at,
    cases: n,
    workers,
    workerEntry: path.join(fuzzDir, 'worker.ts'),
  });
  for (const f of failures) {
    failed++;
    const hang = f.problems.some((p) => p.includes('(hang)'));
    const minimal = hang ? f.text : shrink(f.text, (s) => check(f.target, s).length > 0);
    console.log(`FAIL case ${f.index} [${f.target}] ${JSON.stringify(minimal)}`);
    for (const p of hang ? f.problems : check(f.target, minimal)) console.log(`  ${p}`);
  }
  const secs = (Date.now() - started) / 1000;
  console.log(`${at + n - from} cases, ${failed} failures, ${secs.toFixed(1)} s`);
}
process.exit(failed > 0 ? 1 : 0);
