#!/usr/bin/env node
// CLI benchmark: `tspacker fmt -check FILE` against `packer fmt -check FILE` (Go, Packer 1.6.6 from Debian),
// and `tspacker version` against `packer version`, as whole processes, interleaved run by run.
//   node bench/fmt-cli.mjs [--runs 15] [--big-runs 5]      (after `npm run build`; needs /usr/bin/packer)
// Prints a markdown table of medians and ratios for docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, numberOption, printBareNode, printTableHeader } from './lib/process-timing.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const shared = path.join(root, '..', 'shared');
const runs = numberOption('runs', 15);
const bigRuns = numberOption('big-runs', 5);

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

printTableHeader();
compare('version', ['version'], ['version'], runs);
for (const [label, file, n] of inputs) {
  // packer 1.6.6 only formats *.pkr.hcl names; both get the same copy.
  const copy = path.join(tmp, 'x.pkr.hcl');
  fs.copyFileSync(file, copy);
  compare(`fmt -check, ${label} (${fs.statSync(copy).size} B)`, ['fmt', '-check', copy], ['fmt', '-check', copy], n);
}
printBareNode(runs);
fs.rmSync(tmp, { recursive: true, force: true });
