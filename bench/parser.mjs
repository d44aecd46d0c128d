#!/usr/bin/env node
// Parser benchmark: tspacker's HCL parser side by side with @cdktf/hcl2json (HCL's Go parser compiled to WASM,
// the reference) and a bare JavaScript scan of the same bytes (the practical ceiling), in the same rounds, using
// the shared harness ../../shared/bench/hcl-parsers.mjs. Inputs: a generated 3 MB Packer template and the corpus.
//   node bench/parser.mjs [--rounds 5] [--big-runs 3]      (after `npm run build`; installs bench deps if missing)
// Writes bench/out/parser-results.json and prints a markdown table of ratios for docs/benchmarks.md.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const shared = path.join(root, '..', 'shared');
const harness = path.join(shared, 'bench', 'hcl-parsers.mjs');
const out = path.join(here, 'out');
const args = process.argv.slice(2);
const opt = (k, d) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? args[i + 1] : d;
};

fs.mkdirSync(out, { recursive: true });
if (!fs.existsSync(path.join(here, 'node_modules', '@cdktf', 'hcl2json'))) {
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
}

// The corpus, flattened the way the harness expects (one folder of files).
const corpus = path.join(out, 'corpus');
fs.rmSync(corpus, { recursive: true, force: true });
fs.mkdirSync(corpus);
function walk(dir, rel) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const r = rel ? `${rel}__${e.name}` : e.name;
    if (e.isDirectory()) walk(p, r);
    else if (/\.hcl$/.test(e.name)) fs.copyFileSync(p, path.join(corpus, r));
  }
}
walk(path.join(shared, 'corpus'), '');

const big = path.join(out, 'big.pkr.hcl');
if (!fs.existsSync(big)) execFileSync(process.execPath, [harness, 'gen', '--out', big, '--mb', '3'], { stdio: 'inherit' });
const ref = path.join(out, 'ref.json');
if (!fs.existsSync(ref)) execFileSync(process.execPath, [harness, 'ref', '--corpus', corpus, '--out', ref], { stdio: 'inherit' });

const results = path.join(out, 'parser-results.json');
const r = spawnSync(
  process.execPath,
  [harness, 'run', '--deps', here, '--corpus', corpus, '--big', big, '--ref', ref, '--extra', path.join(here, 'tspacker-adapter.mjs'),
    '--only', 'tspacker,cdktf-hcl2json,js-lexer-floor (string)',
    '--rounds', opt('rounds', '5'), '--big-runs', opt('big-runs', '3'), '--out', results],
  { stdio: 'inherit' },
);
if (r.status !== 0) process.exit(r.status ?? 1);

const s = JSON.parse(fs.readFileSync(results, 'utf8'));
const refp = s.parsers['cdktf-hcl2json'];
const f = (x, d = 1) => (x == null ? '-' : x.toFixed(d));
console.log('\n| parser | big MB/s (warm) | × hcl2json | big cold ms | file p50 µs | × hcl2json (speed) | peak RSS after big MB | corpus accept (vs Go TA/FR/FA/TR) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---|');
for (const [n, p] of Object.entries(s.parsers)) {
  if (p.failed) {
    console.log(`| ${n} | failed |`);
    continue;
  }
  const vs = p.vsGo ? `${p.vsGo.trueAccept}/${p.vsGo.falseReject}/${p.vsGo.falseAccept}/${p.vsGo.trueReject}` : '-';
  console.log(`| ${n} | ${f(p.bigMBps, 2)} | ${f(p.bigMBps / refp.bigMBps, 1)} | ${f(p.bigColdMs, 0)} | ${f(p.perFileMedianUs, 0)} | ${f(refp.perFileMedianUs / p.perFileMedianUs, 1)} | ${f(p.maxRssAfterBigMB, 0)} | ${vs} |`);
}
console.log(`\nbare node: start ${f(s.bareNode.startMs, 0)} ms; ${s.machine.cpus} × ${s.machine.model}; node ${s.machine.node}; rounds ${s.rounds}`);
