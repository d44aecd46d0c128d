#!/usr/bin/env node
// CLI benchmark: `tspacker validate` / `inspect` against `packer validate` / `inspect` (Go, Packer 1.6.6 from
// Debian) as whole processes, interleaved run by run, on a small template and on a generated big one (200 sources,
// 50 builds, variables, locals, provisioners and post-processor chains), both written to a temporary directory.
//   node bench/validate-cli.mjs [--runs 15] [--big-runs 3]      (after `npm run build`; needs /usr/bin/packer)
// Packer 1.6.6 starts one plugin process per component it prepares, so its `validate` of the big template takes
// about a minute: the big runs are few and not preceded by a warm-up run.
// Prints a markdown table of medians and ratios for docs/benchmarks.md. The templates use only the null builder
// and shell-local, which both tools validate the same way (exit codes are printed to show they agree).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, numberOption, printBareNode, printTableHeader, tspacker } from './lib/process-timing.mjs';

const runs = numberOption('runs', 15);
const bigRuns = numberOption('big-runs', 3);

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

  printTableHeader();
  const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
  for (const cmd of ['validate', 'inspect']) {
    const argv = [cmd, 'template.pkr.hcl'];
    compare(`${cmd}, small template (${size(small)} B)`, argv, argv, runs, { cwd: small, env });
    compare(`${cmd}, 200 sources / 50 builds (${size(big)} B)`, argv, argv, bigRuns, { cwd: big, env, warmUp: false });
  }
  printBareNode(runs, tmp);
  fs.rmSync(tmp, { recursive: true, force: true });
}
