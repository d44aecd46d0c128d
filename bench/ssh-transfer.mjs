#!/usr/bin/env node
// SSH transfer benchmark: tspacker's communicator (packages/plugin-ssh, `ssh_file_transfer_method` scp and sftp)
// against OpenSSH's `scp` and `sftp -b`, in the same run, over loopback to one real sshd started for the run, with
// the same key and the key exchange and cipher tspacker negotiates. Two cases: one large file (upload) and a tree of small files in
// nested directories (uploadDir / `scp -r` / `put -r`). Runs are interleaved, the order rotated run by run; every
// upload is checked (size, file count; a SHA-256 of the large file once per client) and removed afterwards.
// tspacker's figures include opening and closing its connection, as OpenSSH's whole-process figures do.
//   node bench/ssh-transfer.mjs [--runs 3] [--quick] [--mb 200] [--files 5000] [--plugin-ssh DIST_DIR]
//   (after `npx tsc -b packages/plugin-ssh`; --quick: 20 MB and 500 files, one run; --plugin-ssh: another build)
// Everything is written under one temporary directory, removed at the end.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, numberOption } from './lib/process-timing.mjs';
import { connectTspacker, loadTspacker, opensshOptions, runClient, stringOption, timed } from './support/ssh-clients.mjs';
import { giveToUser, startSshd } from './support/sshd.mjs';

const quick = process.argv.includes('--quick');
const runs = numberOption('runs', quick ? 1 : 3);
const megabytes = numberOption('mb', quick ? 20 : 200);
const fileCount = numberOption('files', quick ? 500 : 5000);


/** A file of `mb` MB of random bytes (incompressible), written in 1 MB chunks; its SHA-256. */
function writeBigFile(file, mb) {
  const fd = fs.openSync(file, 'w');
  const hash = createHash('sha256');
  for (let i = 0; i < mb; i++) {
    const chunk = randomBytes(1 << 20);
    hash.update(chunk);
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
  return hash.digest('hex');
}

/** `count` files of 1-4 KB in 10 top directories of 5 subdirectories each; their total size. */
function writeTree(dir, count) {
  let bytes = 0;
  const perLeaf = Math.ceil(count / 50);
  for (let i = 0; i < count; i++) {
    const leaf = Math.floor(i / perLeaf);
    const sub = path.join(dir, `d${String(Math.floor(leaf / 5)).padStart(2, '0')}`, `s${leaf % 5}`);
    if (i % perLeaf === 0) fs.mkdirSync(sub, { recursive: true });
    const size = 1024 + ((i * 2654435761) % 3073);
    fs.writeFileSync(path.join(sub, `f${String(i).padStart(4, '0')}.txt`), randomBytes(size).toString('base64').slice(0, size));
    bytes += size;
  }
  return bytes;
}

/** Files and bytes under `dir` (0 files when it does not exist). */
function treeStats(dir) {
  let files = 0;
  let bytes = 0;
  if (!fs.existsSync(dir)) return { files, bytes };
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) {
      files++;
      bytes += fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size;
    }
  }
  return { files, bytes };
}

/**
 * Writes dirty pages and metadata back (`sync`) between runs, outside the timings, so that the file system's
 * write-back of one run's uploads and deletions (5,000 files) falls less into the next run.
 */
function settle() {
  spawnSync('sync');
}

function sha256(file) {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 22);
  for (let n; (n = fs.readSync(fd, buf)) > 0; ) hash.update(buf.subarray(0, n));
  fs.closeSync(fd);
  return hash.digest('hex');
}

const ts = await loadTspacker(stringOption('plugin-ssh'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-ssh-bench-'));
fs.chmodSync(tmp, 0o755);
const local = path.join(tmp, 'local');
const remote = path.join(tmp, 'remote');
fs.mkdirSync(local);
fs.mkdirSync(remote);
const sshd = await startSshd(path.join(tmp, 'sshd')).catch((e) => {
  fs.rmSync(tmp, { recursive: true, force: true });
  throw e;
});
try {
  giveToUser(remote, sshd.user);
  // The key exchange and cipher tspacker's client negotiates (ssh2's preferences), read from sshd's log:
  // OpenSSH gets the same, and one row keeps OpenSSH's own defaults.
  const negotiated = async (connect) => {
    const mark = sshd.log().length;
    await connect();
    return sshd.negotiated(mark);
  };
  const algorithms = await negotiated(async () => {
    const probe = await connectTspacker(ts, sshd, 'scp');
    await probe.communicator.start({ command: 'true' }, new AbortController().signal);
    await probe.close();
  });
  const opensshDefaults = await negotiated(() => runClient('ssh', [...opensshOptions(sshd), '-p', String(sshd.port), sshd.host, 'true']));
  const opts = opensshOptions(sshd, algorithms);
  const target = (p) => `${sshd.host}:${p}`;

  const bigFile = path.join(local, 'big.bin');
  const bigHash = writeBigFile(bigFile, megabytes);
  const bigSize = fs.statSync(bigFile).size;
  const tree = path.join(local, 'tree');
  const treeBytes = writeTree(tree, fileCount);
  settle();

  /** tspacker: connect, `work(communicator)`, close; total ms and the transfer's own ms. */
  const tspacker = (method, work) => async () => {
    const { ms, value } = await timed(async () => {
      const conn = await connectTspacker(ts, sshd, method);
      try {
        return (await timed(() => work(conn.communicator))).ms;
      } finally {
        await conn.close();
      }
    });
    return { ms, transferMs: value };
  };
  const openssh = (cmd, argv, input) => async () => ({ ms: runClient(cmd, argv, { input }).ms });
  const batch = (file, text) => {
    fs.writeFileSync(file, text);
    return file;
  };

  // ---- one large file ----
  const bigDest = path.join(remote, 'big.bin');
  const bigClients = [
    ['tspacker, scp', tspacker('scp', (c) => c.upload(bigDest, fs.createReadStream(bigFile, { highWaterMark: 1 << 20 }), { mode: 0o644, size: bigSize }))],
    ['tspacker, sftp', tspacker('sftp', (c) => c.upload(bigDest, fs.createReadStream(bigFile, { highWaterMark: 1 << 20 }), { mode: 0o644, size: bigSize }))],
    ['OpenSSH scp -O (scp protocol)', openssh('scp', ['-O', ...opts, '-P', String(sshd.port), bigFile, target(bigDest)])],
    ['OpenSSH scp (sftp protocol)', openssh('scp', [...opts, '-P', String(sshd.port), bigFile, target(bigDest)])],
    ['OpenSSH sftp -b', openssh('sftp', [...opts, '-P', String(sshd.port), '-b', batch(path.join(tmp, 'big.batch'), `put ${bigFile} ${bigDest}\n`), sshd.host])],
  ];
  if (opensshDefaults.cipher !== algorithms.cipher || opensshDefaults.kex !== algorithms.kex) {
    bigClients.push([
      `OpenSSH scp -O, its defaults (${opensshDefaults.kex}, ${opensshDefaults.cipher})`,
      openssh('scp', ['-O', ...opensshOptions(sshd), '-P', String(sshd.port), bigFile, target(bigDest)]),
    ]);
  }
  const big = await measure(bigClients, async (label, run) => {
    const size = fs.existsSync(bigDest) ? fs.statSync(bigDest).size : -1;
    let problem = size === bigSize ? undefined : `size ${size}, expected ${bigSize}`;
    if (!problem && run === 0 && sha256(bigDest) !== bigHash) problem = 'content differs';
    fs.rmSync(bigDest, { force: true });
    settle();
    return problem;
  });

  // ---- a tree of small files ----
  let slot = 0;
  const parent = () => path.join(remote, `tree-${slot}`);
  const fresh = () => {
    slot++;
    fs.mkdirSync(parent());
    giveToUser(parent(), sshd.user);
  };
  const treeClients = [
    ['tspacker uploadDir, scp', tspacker('scp', (c) => c.uploadDir(parent(), tree))],
    ['tspacker uploadDir, sftp', tspacker('sftp', (c) => c.uploadDir(parent(), tree))],
    ['OpenSSH scp -r -O (scp protocol)', () => openssh('scp', ['-r', '-O', ...opts, '-P', String(sshd.port), tree, target(parent() + '/')])()],
    ['OpenSSH scp -r (sftp protocol)', () => openssh('scp', ['-r', ...opts, '-P', String(sshd.port), tree, target(parent() + '/')])()],
    [
      'OpenSSH sftp -b, put -r',
      () => openssh('sftp', [...opts, '-P', String(sshd.port), '-b', batch(path.join(tmp, 'tree.batch'), `put -r ${tree} ${parent()}/tree\n`), sshd.host])(),
    ],
  ];
  const small = await measure(
    treeClients,
    async () => {
      const got = treeStats(path.join(parent(), 'tree'));
      const problem =
        got.files === fileCount && got.bytes === treeBytes
          ? undefined
          : `${got.files} files / ${got.bytes} B in ${path.basename(parent())}/tree, expected ${fileCount} / ${treeBytes}` +
            ` (${treeStats(parent()).files} files under ${path.basename(parent())})`;
      fs.rmSync(parent(), { recursive: true, force: true });
      settle();
      return problem;
    },
    fresh,
  );

  const mb = bigSize / 1e6;
  const algo = `key exchange ${algorithms.kex}, cipher ${algorithms.cipher}`;
  console.log(`\nOne ${megabytes} MB file (random bytes), upload; ${algo} unless said; ${runs} runs, interleaved\n`);
  console.log('| client | ms (median) | MB/s | × OpenSSH scp -O (throughput) | tspacker transfer only ms | check |');
  console.log('|---|---:|---:|---:|---:|---|');
  const bigRef = big.get('OpenSSH scp -O (scp protocol)');
  for (const [label, r] of big) {
    console.log(`| ${label} | ${fmt(r.ms)} | ${r.ms ? (mb / (r.ms / 1000)).toFixed(0) : '-'} | ${ratio(bigRef.ms, r.ms)} | ${fmt(r.transferMs)} | ${r.problem ?? 'ok'} |`);
  }
  console.log(`\n${fileCount} files of 1-4 KB (${(treeBytes / 1e6).toFixed(1)} MB) in 50 nested directories, upload of the directory; ${algo}; ${runs} runs, interleaved\n`);
  console.log('| client | ms (median) | files/s | × OpenSSH scp -r -O (speed) | tspacker transfer only ms | check |');
  console.log('|---|---:|---:|---:|---:|---|');
  const treeRef = small.get('OpenSSH scp -r -O (scp protocol)');
  for (const [label, r] of small) {
    console.log(`| ${label} | ${fmt(r.ms)} | ${r.ms ? (fileCount / (r.ms / 1000)).toFixed(0) : '-'} | ${ratio(treeRef.ms, r.ms)} | ${fmt(r.transferMs)} | ${r.problem ?? 'ok'} |`);
  }
  // The goals of issue 5, against both of OpenSSH's scp protocols (9.x's `scp` speaks sftp unless given -O).
  const against = (results, label, refs, min) =>
    refs
      .map((ref) => {
        const x = results.get(label).ms && results.get(ref).ms ? results.get(ref).ms / results.get(label).ms : undefined;
        return `${x === undefined ? '-' : x.toFixed(2)} × ${ref.replace(/ \(.*/, '')}${x === undefined ? '' : x >= min ? ' (met)' : ' (not met)'}`;
      })
      .join(', ');
  console.log('\nGoals (ratios of speed, medians):');
  for (const m of ['scp', 'sftp']) {
    console.log(`- large file, tspacker ${m} ≥ 0.80 × scp: ${against(big, `tspacker, ${m}`, ['OpenSSH scp -O (scp protocol)', 'OpenSSH scp (sftp protocol)'], 0.8)}`);
  }
  for (const m of ['scp', 'sftp']) {
    console.log(`- tree, tspacker uploadDir ${m} faster than scp -r: ${against(small, `tspacker uploadDir, ${m}`, ['OpenSSH scp -r -O (scp protocol)', 'OpenSSH scp -r (sftp protocol)'], 1)}`);
  }
  console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model}; node ${process.version}; ${spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim()}`);
} finally {
  await sshd.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}

/**
 * Runs every client `runs` times, interleaved with the order rotated each run; `check(label, run)` after each
 * (returns a problem or undefined; it also removes the upload), `before()` before each. Failures are recorded,
 * not thrown: a client that cannot do the job yet shows its error in the table.
 */
async function measure(clients, check, before = () => {}) {
  const results = new Map(clients.map(([label]) => [label, { all: [], transfer: [], problem: undefined }]));
  for (let run = 0; run < runs; run++) {
    for (let k = 0; k < clients.length; k++) {
      const [label, fn] = clients[(k + run) % clients.length];
      const r = results.get(label);
      before();
      let outcome;
      try {
        const { ms, transferMs } = await fn();
        outcome = await check(label, run);
        if (!outcome) {
          r.all.push(ms);
          if (transferMs !== undefined) r.transfer.push(transferMs);
          outcome = `${ms.toFixed(0)} ms`;
        } else r.problem ??= outcome;
      } catch (e) {
        outcome = `failed: ${String(e.message ?? e).split('\n')[0].slice(0, 160)}`;
        r.problem ??= outcome;
        await check(label, run);
      }
      process.stderr.write(`  ${label}: run ${run + 1}: ${outcome}\n`);
    }
  }
  return new Map(
    [...results].map(([label, r]) => [
      label,
      { ms: r.all.length ? median(r.all) : undefined, transferMs: r.transfer.length ? median(r.transfer) : undefined, problem: r.problem },
    ]),
  );
}

function fmt(ms) {
  return ms === undefined ? '-' : ms.toFixed(0);
}

/** How many times faster than the reference (reference ms / ms). */
function ratio(refMs, ms) {
  return refMs && ms ? (refMs / ms).toFixed(2) : '-';
}

