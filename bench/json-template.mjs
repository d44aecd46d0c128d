#!/usr/bin/env node
// Legacy JSON templates: `tspacker validate | inspect | build | hcl2_upgrade` against `packer` (Go, Packer 1.6.6
// from Debian) as whole processes, interleaved run by run, on a small JSON template and on a generated one with
// 100 named null builders, 20 user variables that use each other, 3 shell-local provisioners (one with `only`)
// and a post-processor chain, both written to a temporary directory.
//   node bench/json-template.mjs [--runs 9] [--big-runs 1]      (after `npm run build`; needs /usr/bin/packer)
// Prints a markdown table of medians and ratios for docs/benchmarks.md (exit codes show both tools agree).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, numberOption, printBareNode, printTableHeader, tspacker } from './lib/process-timing.mjs';

const runs = numberOption('runs', 9);
const bigRuns = numberOption('big-runs', 1);

const SMALL = {
  variables: { greeting: 'hello', message: '{{user `greeting`}}, world' },
  builders: [{ type: 'null', communicator: 'none' }],
  provisioners: [{ type: 'shell-local', inline: ['echo {{user `message`}}'] }],
  'post-processors': [{ type: 'shell-local', inline: ['echo done'] }],
};

/** `builders` named null builders, `variables` user variables (each using the previous one), 3 provisioners, a 2-step chain. */
export function bigJsonTemplate({ builders = 100, variables = 20 } = {}) {
  const vars = {};
  for (let i = 0; i < variables; i++) vars[`v${i}`] = i === 0 ? 'base' : `{{user \`v${i - 1}\`}}-${i}`;
  return {
    variables: vars,
    builders: Array.from({ length: builders }, (_, b) => ({ type: 'null', name: `b${b}`, communicator: 'none' })),
    provisioners: [
      { type: 'shell-local', inline: [`echo {{user \`v${variables - 1}\`}} {{build_name}}`] },
      { type: 'shell-local', only: ['b0', 'b1'], inline: ['echo first builds'] },
      { type: 'shell-local', environment_vars: ['N={{user `v3`}}'], inline: ['echo $N'] },
    ],
    'post-processors': [[{ type: 'shell-local', inline: ['echo pp'] }, { type: 'shell-local', inline: ['echo pp2'] }]],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!fs.existsSync(tspacker)) {
    console.error(`${tspacker} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-json-bench-'));
  const small = path.join(tmp, 'small');
  const big = path.join(tmp, 'big');
  fs.mkdirSync(small);
  fs.mkdirSync(big);
  fs.writeFileSync(path.join(small, 'template.json'), JSON.stringify(SMALL, null, 2));
  fs.writeFileSync(path.join(big, 'template.json'), JSON.stringify(bigJsonTemplate(), null, 2));
  const size = (d) => fs.statSync(path.join(d, 'template.json')).size;

  printTableHeader();
  const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
  for (const cmd of ['validate', 'inspect', 'build']) {
    const argv = cmd === 'build' ? [cmd, '-color=false', 'template.json'] : [cmd, 'template.json'];
    compare(`${cmd}, small JSON template (${size(small)} B)`, argv, argv, runs, { cwd: small, env });
    if (cmd !== 'inspect') compare(`${cmd}, 100 builders (${size(big)} B)`, argv, argv, bigRuns, { cwd: big, env, warmUp: false });
  }
  // Both write template.json.pkr.hcl (Packer 1.6.6 always annotates; tspacker follows 1.16's default).
  const upgrade = ['hcl2_upgrade', 'template.json'];
  compare(`hcl2_upgrade, small JSON template (${size(small)} B)`, upgrade, upgrade, runs, { cwd: small, env });
  compare(`hcl2_upgrade, 100 builders (${size(big)} B)`, upgrade, upgrade, runs, { cwd: big, env });
  printBareNode(runs, tmp);
  fs.rmSync(tmp, { recursive: true, force: true });
}
