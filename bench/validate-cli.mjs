#!/usr/bin/env node
// CLI benchmark: `tspacker validate` / `inspect` against `packer validate` / `inspect` (Go, Packer 1.6.6 from
// Debian) as whole processes, interleaved run by run, on a small template and on a generated big one (200 sources,
// 50 builds, variables, locals, provisioners and post-processor chains), both written to a temporary directory.
//   node bench/validate-cli.mjs [--runs 15] [--big-runs 3]      (after `npm run build`; needs /usr/bin/packer)
// Packer 1.6.6 starts one plugin process per component it prepares, so its `validate` of the big template takes
// about a minute: the big runs are few and not preceded by a warm-up run.
// Prints a markdown table of medians and ratios for docs/benchmarks.md. The templates use only the null builder
// and shell-local, which both tools validate the same way (exit codes are printed to show they agree).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const tspacker = path.join(here, '..', 'packages', 'cli', 'dist', 'tspacker.mjs');
const args = process.argv.slice(2);
const opt = (k, d) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const runs = opt('runs', 15);
const bigRuns = opt('big-runs', 3);

const SMALL = `variable "greeting" {
  type    = string
  default = "hello"
}
locals {
  message = "\${var.greeting}, world"
}
source "null" "one" {
  communicator = "none"
}
build {
  sources = ["source.null.one"]
  provisioner "shell-local" {
    inline = ["echo \${local.message}"]
  }
  post-processor "shell-local" {
    inline = ["echo done"]
  }
}
`;

/** 200 sources over 50 builds of 4 sources each, 20 variables, 20 locals, 3 provisioners and a 2-step chain each. */
export function bigTemplate({ sources = 200, builds = 50, variables = 20 } = {}) {
  let t = '';
  for (let i = 0; i < variables; i++) {
    t += `variable "v${i}" {\n  type    = list(string)\n  default = ["a${i}", "b${i}", "c${i}"]\n}\n\n`;
  }
  t += 'locals {\n';
  for (let i = 0; i < variables; i++) t += `  l${i} = join("-", [for x in var.v${i} : upper(x)])\n`;
  t += '}\n\n';
  for (let s = 0; s < sources; s++) t += `source "null" "s${s}" {\n  communicator = "none"\n}\n\n`;
  const per = Math.ceil(sources / builds);
  for (let b = 0; b < builds; b++) {
    const refs = [];
    for (let k = 0; k < per && b * per + k < sources; k++) refs.push(`    "source.null.s${b * per + k}",`);
    const v = b % variables;
    t += `build {\n  name        = "b${b}"\n  description = "build ${b} of ${builds}"\n  sources = [\n${refs.join('\n')}\n  ]\n`;
    t += `  provisioner "shell-local" {\n    inline = ["echo \${local.l${v}}", "echo \${source.name}"]\n  }\n`;
    t += `  provisioner "shell-local" {\n    only    = ["null.s${b * per}"]\n    command = "echo first of b${b}"\n  }\n`;
    t += `  provisioner "shell-local" {\n    environment_vars = ["N=\${length(var.v${v})}"]\n    inline           = ["echo $N"]\n  }\n`;
    t += `  post-processors {\n    post-processor "shell-local" {\n      name   = "p${b}"\n      inline = ["echo pp"]\n    }\n`;
    t += `    post-processor "shell-local" {\n      inline = ["echo pp2"]\n    }\n  }\n}\n\n`;
  }
  return t;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
function time(cmd, argv, cwd) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd, stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  return { ms, status: r.status };
}
function compare(label, argv, cwd, n, warmUp = true) {
  const a = [];
  const b = [];
  let codes = '';
  if (warmUp) {
    time(process.execPath, [tspacker, ...argv], cwd); // warm the page cache for both
    time('packer', argv, cwd);
  }
  for (let i = 0; i < n; i++) {
    const x = time(process.execPath, [tspacker, ...argv], cwd);
    const y = time('packer', argv, cwd);
    a.push(x.ms);
    b.push(y.ms);
    codes = `${x.status}/${y.status}`;
  }
  const ma = median(a);
  const mb = median(b);
  console.log(`| ${label} | ${ma.toFixed(0)} | ${mb.toFixed(0)} | ${(ma / mb).toFixed(2)} | ${codes} |`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!fs.existsSync(tspacker)) {
    console.error(`${tspacker} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-validate-bench-'));
  const small = path.join(tmp, 'small');
  const big = path.join(tmp, 'big');
  fs.mkdirSync(small);
  fs.mkdirSync(big);
  fs.writeFileSync(path.join(small, 'template.pkr.hcl'), SMALL);
  fs.writeFileSync(path.join(big, 'template.pkr.hcl'), bigTemplate());
  const size = (d) => fs.statSync(path.join(d, 'template.pkr.hcl')).size;

  console.log('| command | tspacker ms (median) | packer ms (median) | tspacker / packer | exit codes (ts/go) |');
  console.log('|---|---:|---:|---:|---|');
  for (const cmd of ['validate', 'inspect']) {
    compare(`${cmd}, small template (${size(small)} B)`, [cmd, 'template.pkr.hcl'], small, runs);
    compare(`${cmd}, 200 sources / 50 builds (${size(big)} B)`, [cmd, 'template.pkr.hcl'], big, bigRuns, false);
  }
  const bare = [];
  for (let i = 0; i < runs; i++) bare.push(time(process.execPath, ['-e', '0'], tmp).ms);
  console.log(`\nbare \`node -e 0\`: ${median(bare).toFixed(0)} ms; ${os.cpus().length} × ${os.cpus()[0]?.model}; node ${process.version}`);
  fs.rmSync(tmp, { recursive: true, force: true });
}
