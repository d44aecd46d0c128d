#!/usr/bin/env node
// SSH command benchmark: 20 short commands in a row (`true`, `echo`, alternating) over loopback to one real sshd
// started for the run, with three clients side by side:
//   - tspacker's communicator (packages/plugin-ssh): one connection, then communicator.start per command;
//   - OpenSSH `ssh`, a fresh connection (key exchange, authentication) for every command;
//   - OpenSSH `ssh` multiplexed over a master connection (ControlMaster/ControlPath/ControlPersist).
// Connection set-up (tspacker's connect, the multiplexing master's start) is timed apart from the 20 commands.
// A local `sh -c true` spawn gives the floor no remote command can beat. Rounds are interleaved, order rotated.
//   node bench/ssh-commands.mjs [--runs 5] [--commands 20] [--quick] [--plugin-ssh DIST_DIR]
//   (after `npx tsc -b packages/plugin-ssh`; --quick: one round)
// Everything is written under one temporary directory, removed at the end.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { median, numberOption } from './lib/process-timing.mjs';
import { connectTspacker, loadTspacker, opensshOptions, runClient, stringOption, timed } from './support/ssh-clients.mjs';
import { startSshd } from './support/sshd.mjs';

const quick = process.argv.includes('--quick');
const runs = numberOption('runs', quick ? 1 : 5);
const count = numberOption('commands', 20);
const commands = Array.from({ length: count }, (_, i) => (i % 2 ? `echo line${i}` : 'true'));
const expected = (command) => (command.startsWith('echo ') ? `${command.slice(5)}\n` : '');

const ts = await loadTspacker(stringOption('plugin-ssh'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-ssh-bench-'));
fs.chmodSync(tmp, 0o755);
const sshd = await startSshd(path.join(tmp, 'sshd')).catch((e) => {
  fs.rmSync(tmp, { recursive: true, force: true });
  throw e;
});
let options; // OpenSSH's, set once the algorithms tspacker negotiates are known

/** A Writable that keeps what it is given. */
function collector() {
  const chunks = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

/** Wrong results are counted, not thrown, so that a rare failure shows in the table next to the timings. */
const wrong = new Map();
function check(client, command, got, exitStatus = 0) {
  if (got === expected(command) && exitStatus === 0) return;
  const what = exitStatus !== 0 ? `exit status ${exitStatus}` : `printed ${JSON.stringify(got)}`;
  const key = `${client}\0${what}`;
  wrong.set(key, (wrong.get(key) ?? 0) + 1);
}

/** tspacker: connect once, then the commands one after the other on that connection. */
async function tspacker() {
  const { ms: setupMs, value: conn } = await timed(() => connectTspacker(ts, sshd));
  try {
    const each = [];
    for (const command of commands) {
      const out = collector();
      const { ms, value } = await timed(() => conn.communicator.start({ command, stdout: out.stream }, new AbortController().signal));
      check('tspacker', command, out.text(), value.exitStatus);
      each.push(ms);
    }
    return { setupMs, each };
  } finally {
    await conn.close();
  }
}

const port = ['-p', String(sshd.port)];

/** OpenSSH: a new process and connection per command. */
function fresh() {
  const each = commands.map((command) => {
    const { ms, stdout } = runClient('ssh', [...options, ...port, sshd.host, command]);
    check('ssh', command, stdout);
    return ms;
  });
  return { setupMs: undefined, each };
}

/** OpenSSH multiplexed: start a master (timed as set-up), run the commands through it, stop it. */
function multiplexed() {
  const control = ['-o', `ControlPath=${path.join(tmp, 'mux-%C')}`];
  const t = process.hrtime.bigint();
  // -f -N: the master goes to the background once authenticated; its output is not ours to wait for.
  const master = spawnSync('ssh', [...options, ...port, ...control, '-o', 'ControlMaster=yes', '-o', 'ControlPersist=60', '-f', '-N', sshd.host], {
    stdio: 'ignore',
  });
  const setupMs = Number(process.hrtime.bigint() - t) / 1e6;
  if (master.status !== 0) throw new Error(`ssh master exited ${master.status}`);
  try {
    const each = commands.map((command) => {
      const { ms, stdout } = runClient('ssh', [...options, ...port, ...control, '-o', 'ControlMaster=no', sshd.host, command]);
      check('ssh (multiplexed)', command, stdout);
      return ms;
    });
    return { setupMs, each };
  } finally {
    spawnSync('ssh', [...options, ...port, ...control, '-O', 'exit', sshd.host], { stdio: 'ignore' });
  }
}

/** The floor: a local shell running `true`, spawned from this process. */
function localShell() {
  const each = commands.map(() => runClient('sh', ['-c', 'true']).ms);
  return { setupMs: undefined, each };
}

const clients = [
  ['tspacker communicator.start, one connection', tspacker, 'tspacker'],
  ['OpenSSH ssh, fresh connection each', fresh, 'ssh'],
  ['OpenSSH ssh, multiplexed (ControlMaster)', multiplexed, 'ssh (multiplexed)'],
  ['local `sh -c true` spawn (floor)', localShell],
];

try {
  // OpenSSH uses the key exchange and cipher tspacker's client negotiates (read from sshd's log).
  const mark = sshd.log().length;
  const probe = await connectTspacker(ts, sshd);
  await probe.close();
  const algorithms = sshd.negotiated(mark);
  options = opensshOptions(sshd, algorithms);

  const results = new Map(clients.map(([label]) => [label, { setup: [], total: [], per: [], all: [], problem: undefined }]));
  for (let run = 0; run < runs; run++) {
    for (let k = 0; k < clients.length; k++) {
      const [label, fn] = clients[(k + run) % clients.length];
      const r = results.get(label);
      try {
        const { setupMs, each } = await fn();
        const sum = each.reduce((a, b) => a + b, 0);
        if (setupMs !== undefined) r.setup.push(setupMs);
        r.total.push(sum + (setupMs ?? 0));
        r.per.push(sum / each.length);
        r.all.push(...each);
        process.stderr.write(`  ${label}: run ${run + 1}: ${(sum / each.length).toFixed(1)} ms per command\n`);
      } catch (e) {
        r.problem ??= `failed: ${String(e.message ?? e).split('\n')[0].slice(0, 160)}`;
        process.stderr.write(`  ${label}: run ${run + 1}: ${r.problem}\n`);
      }
    }
  }
  const f = (xs, d = 1) => (xs.length ? median(xs).toFixed(d) : '-');
  const ref = results.get('OpenSSH ssh, multiplexed (ControlMaster)');
  console.log(`\n${count} short commands in a row (\`true\` / \`echo\`, output checked); key exchange ${algorithms.kex}, cipher ${algorithms.cipher}; ${runs} rounds, interleaved; medians\n`);
  console.log('| client | per command ms (mean of a round) | per command ms (median of all) | connection set-up ms | total ms (set-up + commands) | × multiplexed ssh (per command) | check |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const [label, r] of results) {
    const name = clients.find(([l]) => l === label)[2];
    const wrongs = [...wrong].filter(([k]) => k.startsWith(`${name}\0`)).map(([k, n]) => `${n} of ${runs * count}: ${k.split('\0')[1]}`);
    if (wrongs.length) r.problem = [r.problem, ...wrongs].filter(Boolean).join('; ');
    const x = r.per.length && ref.per.length ? (median(r.per) / median(ref.per)).toFixed(2) : '-';
    console.log(`| ${label} | ${f(r.per)} | ${f(r.all)} | ${f(r.setup, 0)} | ${f(r.total, 0)} | ${x} | ${r.problem ?? 'ok'} |`);
  }
  const own = results.get(clients[0][0]);
  if (own.per.length) {
    const per = median(own.per);
    console.log(`\nGoal: per-command overhead on an open connection < 10 ms: ${per.toFixed(1)} ms (${per < 10 ? 'met' : 'not met'})`);
  }
  console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model}; node ${process.version}; ${spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim()}`);
} finally {
  await sshd.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
