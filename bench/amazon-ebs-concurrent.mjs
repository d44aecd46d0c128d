#!/usr/bin/env node
// amazon-ebs concurrency benchmark (issue 7, "Performance"): N (default 50) amazon-ebs builds in ONE tspacker
// process — one template with N sources in one build block, `tspacker build` at its default -parallel-builds=0
// (no limit), so all N run at once — against ec2-local in this process (real machines: run as root). Each source is
// bench/amazon-ebs.mjs's (Ubuntu by source_ami_filter, SSH, shell provisioner, one extra region). Checked: every
// build succeeds (exit 0, 2 AMIs per build in the artifacts), nothing temporary is left. Reported: wall time,
// peak memory of the tspacker process (GNU time's maximum resident set size, and RSS sampled every 100 ms), the API
// calls (with throttling answers, if any), and the machine's load.
//   node bench/amazon-ebs-concurrent.mjs [--builds 50] [--timings default|aws] [--tools tspacker,packer] [--show-output] [--tspacker FILE]
//   --tools tspacker,packer: also the same template with Packer 1.6.6 afterwards, for reference (default: tspacker).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  TIMINGS,
  artifactAmis,
  buildEnv,
  countCalls,
  median,
  PHASES,
  phases,
  loadLine,
  ebsSource,
  machineLine,
  runBuild,
  SHELL_PROVISIONER,
  startBenchCloud,
  tspackerBin,
} from './support/amazon-build.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const builds = Number(option('builds', 50));
const timingsName = option('timings', 'default');
const tools = option('tools', 'tspacker').split(',');
const showOutput = args.includes('--show-output');
/** --tspacker FILE: another build of the CLI (default packages/cli/bin/tspacker.mjs, i.e. packages/cli/dist). */
const tspacker = path.resolve(option('tspacker', tspackerBin));
if (!(timingsName in TIMINGS)) throw new Error(`--timings: one of ${Object.keys(TIMINGS).join(', ')}`);

fs.mkdirSync('/var/tmp', { recursive: true });
const dir = fs.mkdtempSync('/var/tmp/tspacker-bench-ebs-n-');
const { cloud, mark, callsSince } = await startBenchCloud(dir, { durations: TIMINGS[timingsName] });
const stopCloud = async () => {
  await cloud.stop();
  fs.rmSync(dir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stopCloud().finally(() => process.exit(130)));

function template(tag) {
  const names = Array.from({ length: builds }, (_, i) => `b${i}`);
  const sources = names.map((n) => ebsSource(n, { endpoint: cloud.endpoint, amiName: `bench-${tag}-${n}-${process.pid}` }));
  return `${sources.join('\n')}\nbuild {\n  sources = [${names.map((n) => `"source.amazon-ebs.${n}"`).join(', ')}]\n\n${SHELL_PROVISIONER}}\n`;
}

async function measure(tool) {
  const work = path.join(dir, tool);
  fs.mkdirSync(work);
  fs.writeFileSync(path.join(work, 'build.pkr.hcl'), template(tool));
  const timeFile = path.join(work, 'time.txt');
  const command = tool === 'tspacker' ? [process.execPath, tspacker] : ['packer'];
  const since = await mark();
  const loadBefore = os.loadavg()[0];
  // Load while the builds run: the 1-minute average sampled every second, its maximum kept.
  let peakLoad = loadBefore;
  const loadSampler = setInterval(() => (peakLoad = Math.max(peakLoad, os.loadavg()[0])), 1000);
  const result = await runBuild('/usr/bin/time', ['-f', '%M', '-o', timeFile, ...command, 'build', '-color=false', 'build.pkr.hcl'], {
    cwd: work,
    env: buildEnv(work),
    wrapped: true,
    timeoutMs: 1_800_000,
  });
  clearInterval(loadSampler);
  const calls = await callsSince(since);
  const maxRssMb = Number(fs.readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)) / 1024;
  const amis = artifactAmis(result);
  const finished = result.lines.filter((l) => /^Build '.*' finished/.test(l.text)).length;
  const erroredBuilds = result.lines.filter((l) => /^Build '.*' errored/.test(l.text)).length;
  const leftovers = cloud.liveResources().filter((r) => ['instance', 'key-pair', 'security-group', 'volume'].includes(r.kind));
  const counted = countCalls(calls);
  // ec2-local's own time per action (its event loop is shared by all builds): where the endpoint was the bottleneck.
  const serverMs = {};
  for (const c of calls) {
    const x = (serverMs[c.action] ??= { sum: 0, max: 0 });
    x.sum += c.durationMs;
    x.max = Math.max(x.max, c.durationMs);
  }
  const errors = {};
  for (const c of calls.filter((c) => c.status >= 400)) errors[c.errorCode ?? c.status] = (errors[c.errorCode ?? c.status] ?? 0) + 1;
  // Each build's phases, from its own lines (`==> amazon-ebs.bN: ...`), to the line saying it finished.
  const perBuild = Array.from({ length: builds }, (_, i) => {
    const mine = result.lines.filter((l) => l.text.includes(`amazon-ebs.b${i}:`) || l.text.startsWith(`Build 'amazon-ebs.b${i}' `));
    const end = mine.findLast((l) => l.text.startsWith(`Build 'amazon-ebs.b${i}' `))?.t ?? result.ms;
    return phases({ lines: mine, ms: end });
  });
  const peakSample = result.rssSamples.reduce((a, b) => (b.rssMb > a.rssMb ? b : a), { rssMb: 0, t: 0 });
  const record = { tool, ...result, perBuild, serverMs, maxRssMb, amis, finished, erroredBuilds, leftovers, calls: counted, errors, loadBefore, peakLoad, peakSample };
  console.error(`  ${tool}: ${(result.ms / 1000).toFixed(1)} s, exit ${result.code}, ${finished}/${builds} finished, ${amis.length} AMIs, max RSS ${maxRssMb.toFixed(0)} MB`);
  if (result.code !== 0 || showOutput) for (const l of result.lines.slice(showOutput ? 0 : -60)) console.error(`    ${(l.t / 1000).toFixed(2)} ${l.text}`);
  return record;
}

const started = new Date();
const loadAtStart = await loadLine();
const freeAtStart = os.freemem();
console.error(`amazon-ebs concurrent: ${builds} builds in one process, timings ${timingsName}, endpoint ${cloud.endpoint}`);
const records = [];
try {
  for (const tool of tools) records.push(await measure(tool));
} finally {
  await stopCloud();
}

console.log(`${builds} concurrent amazon-ebs builds (Ubuntu 22.04 by source_ami_filter + SSH + shell provisioner + 1 extra region each) in one process;` +
  ` ec2-local timings: ${timingsName}; started ${started.toISOString()}\n`);
console.log('| tool | wall s | exit | builds finished | AMIs (expected) | peak RSS MB: GNU time max RSS / sampled (at s) | process tree peak MB | API calls | error answers | left behind | load avg 1 min: before / peak |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|');
for (const r of records) {
  const label = r.tool === 'tspacker' ? 'tspacker' : 'packer 1.6.6';
  const errors = Object.entries(r.errors).map(([k, v]) => `${k} ${v}`).join(', ') || '0';
  console.log(
    `| ${label} | ${(r.ms / 1000).toFixed(1)} | ${r.code} | ${r.finished}/${builds} | ${r.amis.length} (${2 * builds}) | ${r.maxRssMb.toFixed(0)} / ${r.peakSample.rssMb.toFixed(0)} (${(r.peakSample.t / 1000).toFixed(1)}) |` +
      ` ${r.peakTreeMb.toFixed(0)} | ${r.calls.total} | ${errors} | ${r.leftovers.length} | ${r.loadBefore.toFixed(2)} / ${r.peakLoad.toFixed(2)} |`,
  );
}
const ts = records.find((r) => r.tool === 'tspacker');
if (ts) {
  const ok = ts.code === 0 && ts.finished === builds && ts.amis.length === 2 * builds && ts.leftovers.length === 0;
  console.log(`\nall ${builds} succeeded: ${ok ? 'yes' : 'NO'}; peak memory ${ts.maxRssMb.toFixed(0)} MB (goal: under 400 MB): ${ts.maxRssMb < 400 ? 'met' : 'NOT met'}`);
  const slowest = Object.entries(ts.serverMs).sort((a, b) => b[1].sum - a[1].sum).slice(0, 4);
  console.log(`\nec2-local's answer time by action (total s / slowest call ms): ${slowest.map(([a, x]) => `${a} ${(x.sum / 1000).toFixed(1)} / ${x.max.toFixed(0)}`).join(', ')}`);
  console.log(`\nAPI calls by action (tspacker): ${Object.entries(ts.calls.byAction).map(([a, n]) => `${a} ${n}`).join(', ')}`);
  // RSS over time, coarse: the sampled RSS at each tenth of the run.
  const tenth = ts.ms / 10;
  const points = [];
  for (let i = 1; i <= 10; i++) {
    const upTo = ts.rssSamples.filter((x) => x.t <= i * tenth && x.t > (i - 1) * tenth);
    if (upTo.length) points.push(`${(i * tenth / 1000).toFixed(ts.ms < 20_000 ? 1 : 0)} s: ${Math.max(...upTo.map((x) => x.rssMb)).toFixed(0)}`);
  }
  console.log(`\ntspacker RSS MB (max per tenth of the run): ${points.join(', ')}`);
}
console.log('\nPhases of the builds (s, median / max over the builds; setup starts with the process):\n');
console.log(`| phase | ${records.map((r) => (r.tool === 'tspacker' ? 'tspacker' : 'packer 1.6.6')).join(' | ')} |`);
console.log(`|---|${records.map(() => '---:').join('|')}|`);
for (const [name] of PHASES) {
  const cell = (r) => {
    const xs = r.perBuild.map((p) => p[name]).filter((x) => x !== undefined);
    return xs.length ? `${(median(xs) / 1000).toFixed(1)} / ${(Math.max(...xs) / 1000).toFixed(1)}` : '-';
  };
  console.log(`| ${name} | ${records.map(cell).join(' | ')} |`);
}
console.log(`\nmachine: ${await machineLine()}; load average (1, 5, 15 min) at start ${loadAtStart}, at end ${await loadLine()}; free memory ${(freeAtStart / 2 ** 20).toFixed(0)} MB at start, ${(os.freemem() / 2 ** 20).toFixed(0)} MB at end`);
