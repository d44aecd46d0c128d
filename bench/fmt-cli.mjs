#!/usr/bin/env node
// CLI benchmark: `tspacker fmt -check FILE` against `packer fmt -check FILE` (Go, Packer 1.6.6 from Debian),
// and `tspacker version` against `packer version`, as whole processes, interleaved run by run.
//   node bench/fmt-cli.mjs [--runs 15] [--big-runs 5]      (after `npm run build`; needs /usr/bin/packer)
// Prints a markdown table of medians and ratios for docs/benchmarks.md.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const shared = path.join(root, '..', 'shared');
const tspacker = path.join(root, 'packages', 'cli', 'dist', 'tspacker.mjs');
const args = process.argv.slice(2);
const opt = (k, d) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const runs = opt('runs', 15);
const bigRuns = opt('big-runs', 5);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-fmt-bench-'));
const inputs = [
  ['small corpus file', path.join(shared, 'corpus/packer-v1.9.4/hcl2template/testdata/hcp_par/long-description.pkr.hcl'), runs],
  ['largest corpus file', null, runs],
  ['generated 3 MB template', path.join(here, 'out', 'big.pkr.hcl'), bigRuns],
];
// The largest .pkr.hcl of the corpus.
let largest = { size: 0, file: '' };
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.pkr.hcl')) {
      const s = fs.statSync(p).size;
      if (s > largest.size) largest = { size: s, file: p };
    }
  }
})(path.join(shared, 'corpus'));
inputs[1][1] = largest.file;
if (!fs.existsSync(inputs[2][1])) {
  fs.mkdirSync(path.dirname(inputs[2][1]), { recursive: true });
  execFileSync(process.execPath, [path.join(shared, 'bench', 'hcl-parsers.mjs'), 'gen', '--out', inputs[2][1], '--mb', '3']);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
function time(cmd, argv) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'ignore'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  return { ms, status: r.status };
}
function compare(label, tsArgs, goArgs, n) {
  const a = [];
  const b = [];
  let codes = '';
  time(process.execPath, [tspacker, ...tsArgs]); // warm the page cache for both
  time('packer', goArgs);
  for (let i = 0; i < n; i++) {
    const x = time(process.execPath, [tspacker, ...tsArgs]);
    const y = time('packer', goArgs);
    a.push(x.ms);
    b.push(y.ms);
    codes = `${x.status}/${y.status}`;
  }
  const ma = median(a);
  const mb = median(b);
  console.log(`| ${label} | ${ma.toFixed(0)} | ${mb.toFixed(0)} | ${(ma / mb).toFixed(2)} | ${codes} |`);
}

console.log('| command | tspacker ms (median) | packer ms (median) | tspacker / packer | exit codes (ts/go) |');
console.log('|---|---:|---:|---:|---|');
compare('version', ['version'], ['version'], runs);
for (const [label, file, n] of inputs) {
  // packer 1.6.6 only formats *.pkr.hcl names; both get the same copy.
  const copy = path.join(tmp, 'x.pkr.hcl');
  fs.copyFileSync(file, copy);
  compare(`fmt -check, ${label} (${fs.statSync(copy).size} B)`, ['fmt', '-check', copy], ['fmt', '-check', copy], n);
}
const bare = [];
for (let i = 0; i < runs; i++) bare.push(time(process.execPath, ['-e', '0']).ms);
console.log(`\nbare \`node -e 0\`: ${median(bare).toFixed(0)} ms; ${os.cpus().length} × ${os.cpus()[0]?.model}; node ${process.version}`);
fs.rmSync(tmp, { recursive: true, force: true });
