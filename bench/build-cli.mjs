#!/usr/bin/env node
// Build benchmark: `tspacker build` against `packer build` (Go, Packer 1.6.6 from Debian) on a generated template
// of N null builds (default 100), each running P shell-local provisioners (default 10) and a manifest
// post-processor, written to a temporary directory. Whole processes, interleaved run by run, medians of wall time
// and of peak RSS (GNU time's %M: the largest single process; Packer runs each component as its own plugin
// process, so its total is higher than this figure).
//   node bench/build-cli.mjs [--runs 3] [--builds 100] [--provisioners 10]   (after `npm run build`)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, numberOption, tspacker } from './lib/process-timing.mjs';

const runs = numberOption('runs', 3);
const builds = numberOption('builds', 100);
const provisioners = numberOption('provisioners', 10);

function template() {
  const sources = [];
  for (let i = 0; i < builds; i++) sources.push(`source "null" "b${i}" {\n  communicator = "none"\n}\n`);
  const steps = [];
  for (let p = 0; p < provisioners; p++) {
    steps.push(`  provisioner "shell-local" {\n    inline = ["echo \${source.name} step ${p}"]\n  }\n`);
  }
  const names = Array.from({ length: builds }, (_, i) => `"source.null.b${i}"`).join(', ');
  return (
    sources.join('\n') +
    `\nbuild {\n  sources = [${names}]\n\n${steps.join('\n')}\n  post-processor "manifest" {\n    output = "manifest.json"\n  }\n}\n`
  );
}

/** One run under GNU time: wall ms, peak RSS in MB, exit code. */
function measure(cmd, argv, cwd, env) {
  fs.rmSync(path.join(cwd, 'manifest.json'), { force: true });
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...argv], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const kb = Number(r.stderr.trim().split('\n').at(-1));
  // Packer 1.6.6 gives up on the manifest's lock after 600 ms and writes anyway: with many builds finishing
  // together its manifest can lose entries or end up as invalid JSON.
  let entries;
  try {
    entries = JSON.parse(fs.readFileSync(path.join(cwd, 'manifest.json'), 'utf8')).builds.length;
  } catch (e) {
    entries = `invalid (${e.message.split('\n')[0]})`;
  }
  return { ms, mb: kb / 1024, status: r.status, entries };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-bench-build-'));
fs.writeFileSync(path.join(dir, 'build.pkr.hcl'), template());
const env = { ...process.env, PACKER_NO_COLOR: '1', CHECKPOINT_DISABLE: '1' };
const ts = [];
const go = [];
for (let i = 0; i < runs; i++) {
  ts.push(measure(process.execPath, [tspacker, 'build', '-color=false', 'build.pkr.hcl'], dir, env));
  go.push(measure('packer', ['build', '-color=false', 'build.pkr.hcl'], dir, env));
}
fs.rmSync(dir, { recursive: true, force: true });

const row = (label, xs) => ({ label, ms: median(xs.map((x) => x.ms)), mb: median(xs.map((x) => x.mb)), last: xs.at(-1) });
const a = row('tspacker', ts);
const b = row('packer 1.6.6', go);
console.log(`${builds} null builds × ${provisioners} shell-local provisioners + manifest; ${runs} runs each, interleaved\n`);
console.log('| tool | wall ms (median) | peak RSS MB (median, largest process) | exit | manifest entries |');
console.log('|---|---:|---:|---|---:|');
for (const r of [a, b]) console.log(`| ${r.label} | ${r.ms.toFixed(0)} | ${r.mb.toFixed(0)} | ${r.last.status} | ${r.last.entries} |`);
console.log(`\ntspacker / packer wall time: ${(a.ms / b.ms).toFixed(2)}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}; node ${process.version}`);
