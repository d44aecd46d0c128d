#!/usr/bin/env node
// amazon-ebs benchmark (issue 7, "Performance"): the same amazon-ebs template — Ubuntu 22.04 by
// source_ami_filter, SSH, one shell provisioner, one extra region (ami_regions) — built by `packer build`
// (Packer 1.6.6, its in-tree amazon-ebs) and by `tspacker build` (packages/cli/bin/tspacker.mjs, the bundle in
// packages/cli/dist), against ONE ec2-local in this process (real machines: run as root) with the same state
// transition durations, alternating run by run (the order swapped every run), medians. Both at their defaults:
// no `aws_polling`, no AWS_POLL_DELAY_SECONDS; the only options beyond the build's own are the ones Packer 1.6.6
// needs to reach a local endpoint (custom_endpoint_ec2, skip_region_validation, skip_credential_validation,
// static keys), and tspacker gets the same file.
// Reported: wall time, the API calls each build made (ec2-local's request log), where the time went (from the
// builds' own UI lines: launch, SSH, provisioning, stop, capture, copy, cleanup), peak memory, leftovers.
//   node bench/amazon-ebs.mjs [--runs 3] [--timings default|aws] [--only tspacker|packer] [--show-output] [--tspacker FILE]
//   --timings aws: EC2-like durations (instance 15 s to running, image 60 s to available, ...): see TIMINGS.
import fs from 'node:fs';
import path from 'node:path';
import {
  PHASES,
  TIMINGS,
  artifactAmis,
  buildBlock,
  buildEnv,
  countCalls,
  effectiveDurations,
  loadLine,
  ebsSource,
  machineLine,
  median,
  phases,
  runBuild,
  startBenchCloud,
  tspackerBin,
} from './support/amazon-build.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const runs = Number(option('runs', 3));
const timingsName = option('timings', 'default');
const only = option('only');
const showOutput = args.includes('--show-output');
/** --tspacker FILE: another build of the CLI (default packages/cli/bin/tspacker.mjs, i.e. packages/cli/dist). */
const tspacker = path.resolve(option('tspacker', tspackerBin));
if (!(timingsName in TIMINGS)) throw new Error(`--timings: one of ${Object.keys(TIMINGS).join(', ')}`);

const TOOLS = {
  tspacker: { label: 'tspacker', cmd: process.execPath, argv: [tspacker, 'build', '-color=false', 'build.pkr.hcl'] },
  packer: { label: 'packer 1.6.6', cmd: 'packer', argv: ['build', '-color=false', 'build.pkr.hcl'] },
};
const toolNames = only ? [only] : ['tspacker', 'packer'];

// Not under /tmp: ec2-local's machines mount a tmpfs of their own there.
fs.mkdirSync('/var/tmp', { recursive: true });
const dir = fs.mkdtempSync('/var/tmp/tspacker-bench-ebs-');
const { cloud, mark, callsSince } = await startBenchCloud(dir, { durations: TIMINGS[timingsName] });
const stopCloud = async () => {
  await cloud.stop();
  fs.rmSync(dir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stopCloud().finally(() => process.exit(130)));

const results = Object.fromEntries(toolNames.map((t) => [t, []]));
const started = new Date();
const loadAtStart = await loadLine();
console.error(`amazon-ebs: ${runs} runs per tool, timings ${timingsName}, endpoint ${cloud.endpoint}`);

async function buildOnce(tool, run) {
  const work = path.join(dir, `${tool}-${run}`);
  fs.mkdirSync(work);
  const amiName = `bench-${tool}-${run}-${process.pid}`;
  fs.writeFileSync(path.join(work, 'build.pkr.hcl'), `${ebsSource('bench', { endpoint: cloud.endpoint, amiName })}\n${buildBlock(['bench'])}`);
  const since = await mark();
  const { cmd, argv } = TOOLS[tool];
  const result = await runBuild(cmd, argv, { cwd: work, env: buildEnv(work) });
  const calls = await callsSince(since);
  // What the build left behind that it made for itself (the AMIs and their snapshots are what it is for).
  const leftovers = cloud.liveResources().filter((r) => ['instance', 'key-pair', 'security-group', 'volume'].includes(r.kind));
  const amis = artifactAmis(result);
  const ok = result.code === 0 && amis.length === 2;
  const record = { ...result, calls: countCalls(calls), errors: calls.filter((c) => c.status >= 400).length, phases: phases(result), leftovers, amis, ok };
  console.error(
    `  ${tool} run ${run}: ${(result.ms / 1000).toFixed(1)} s, exit ${result.code}, ${calls.length} calls, AMIs ${amis.join(' ') || 'none'}` +
      `${leftovers.length ? `, LEFT: ${leftovers.map((r) => `${r.kind} ${r.id}`).join(', ')}` : ''}`,
  );
  if (!ok || showOutput) for (const l of result.lines.slice(ok ? 0 : -40)) console.error(`    ${(l.t / 1000).toFixed(2)} ${l.text}`);
  // The next build starts from a clean account but for images (a leftover would skew its calls).
  fs.rmSync(work, { recursive: true, force: true });
  return record;
}

try {
  for (let run = 1; run <= runs; run++) {
    const order = run % 2 ? toolNames : [...toolNames].reverse();
    for (const tool of order) results[tool].push(await buildOnce(tool, run));
  }
} finally {
  await stopCloud();
}

// ---------------------------------------------------------------------------------------------------------------
const s = (ms) => (ms === undefined ? '-' : (ms / 1000).toFixed(ms < 10_000 ? 2 : 1));
const summary = Object.fromEntries(
  toolNames.map((tool) => {
    const ok = results[tool].filter((r) => r.ok);
    return [
      tool,
      {
        ok,
        ms: median(ok.map((r) => r.ms)),
        min: Math.min(...ok.map((r) => r.ms)),
        max: Math.max(...ok.map((r) => r.ms)),
        calls: median(ok.map((r) => r.calls.total)),
        errors: median(ok.map((r) => r.errors)),
        own: median(ok.map((r) => r.peakOwnMb)),
        tree: median(ok.map((r) => r.peakTreeMb)),
        leftovers: results[tool].reduce((n, r) => n + r.leftovers.length, 0),
      },
    ];
  }),
);

console.log(`amazon-ebs, Ubuntu 22.04 by source_ami_filter + SSH + shell provisioner + 1 extra region; ec2-local timings: ${timingsName}` +
  ` ${JSON.stringify(TIMINGS[timingsName] ?? 'ec2-local defaults')}; ${runs} runs per tool, alternating; started ${started.toISOString()}\n`);
console.log('| tool | wall s (median) | min–max s | succeeded | API calls (median) | error answers | peak RSS MB: main process / process tree | left behind |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const tool of toolNames) {
  const x = summary[tool];
  console.log(`| ${TOOLS[tool].label} | ${s(x.ms)} | ${s(x.min)}–${s(x.max)} | ${x.ok.length}/${results[tool].length} | ${x.calls ?? '-'} | ${x.errors ?? '-'} | ${x.own?.toFixed(0) ?? '-'} / ${x.tree?.toFixed(0) ?? '-'} | ${x.leftovers} |`);
}
if (summary.tspacker?.ms && summary.packer?.ms) {
  console.log(`\ntspacker / packer wall time: **${(summary.tspacker.ms / summary.packer.ms).toFixed(2)}** (goal: under 0.5)`);
}

console.log('\nWhere the time went (median s per phase, from the builds\' UI lines):\n');
const durations = await effectiveDurations(TIMINGS[timingsName]);
console.log(`| phase | what | ec2-local's transition s | ${toolNames.map((t) => TOOLS[t].label).join(' | ')} |`);
console.log(`|---|---|---:|${toolNames.map(() => '---:').join('|')}|`);
const phaseMedian = (tool, name) => median(summary[tool].ok.map((r) => r.phases[name]));
for (const [name, , what, transition] of PHASES) {
  console.log(`| ${name} | ${what} | ${transition ? s(durations[transition]) : ''} | ${toolNames.map((t) => s(phaseMedian(t, name))).join(' | ')} |`);
}
// The build's waits for EC2 states, against the transitions' own durations (the floor of any poller).
const waits = PHASES.filter((p) => p[3]);
const floor = waits.reduce((sum, p) => sum + durations[p[3]], 0);
console.log(`| all state waits | ${waits.map((p) => p[0]).join(' + ')} | ${s(floor)} | ${toolNames.map((t) => s(median(summary[t].ok.map((r) => waits.reduce((sum, p) => sum + (r.phases[p[0]] ?? 0), 0))))).join(' | ')} |`);

console.log('\nAPI calls by action (median per build):\n');
const actions = [...new Set(toolNames.flatMap((t) => summary[t].ok.flatMap((r) => Object.keys(r.calls.byAction))))];
console.log(`| action | ${toolNames.map((t) => TOOLS[t].label).join(' | ')} |`);
console.log(`|---|${toolNames.map(() => '---:').join('|')}|`);
for (const action of actions) {
  console.log(`| ${action} | ${toolNames.map((t) => median(summary[t].ok.map((r) => r.calls.byAction[action] ?? 0)) ?? '-').join(' | ')} |`);
}
console.log(`| total | ${toolNames.map((t) => summary[t].calls ?? '-').join(' | ')} |`);
console.log(`\nmachine: ${await machineLine()}; load average (1, 5, 15 min) at start ${loadAtStart}, at end ${await loadLine()}`);
