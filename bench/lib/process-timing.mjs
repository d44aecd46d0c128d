// Timing whole processes for the CLI benchmarks: tspacker's bundle against `packer` (Go, Packer 1.6.6 from
// Debian), interleaved run by run, reported as one markdown table row of medians and their ratio.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const tspacker = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'cli', 'dist', 'tspacker.mjs');

/** The number after `--NAME` on the command line, or `fallback`. */
export function numberOption(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One run of `cmd argv` (output discarded): wall time in ms and exit code. `options`: spawnSync's cwd and env. */
export function time(cmd, argv, options = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { ...options, stdio: ['ignore', 'ignore', 'ignore'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  return { ms, status: r.status };
}

export function printTableHeader() {
  console.log('| command | tspacker ms (median) | packer ms (median) | tspacker / packer | exit codes (ts/go) |');
  console.log('|---|---:|---:|---:|---|');
}

/**
 * `n` interleaved runs of tspacker with `tsArgs` and packer with `goArgs` (after one warm-up run of each that
 * warms the page cache, unless `warmUp` is false); prints the table row.
 */
export function compare(label, tsArgs, goArgs, n, { warmUp = true, ...options } = {}) {
  const a = [];
  const b = [];
  let codes = '';
  if (warmUp) {
    time(process.execPath, [tspacker, ...tsArgs], options);
    time('packer', goArgs, options);
  }
  for (let i = 0; i < n; i++) {
    const x = time(process.execPath, [tspacker, ...tsArgs], options);
    const y = time('packer', goArgs, options);
    a.push(x.ms);
    b.push(y.ms);
    codes = `${x.status}/${y.status}`;
  }
  const ma = median(a);
  const mb = median(b);
  console.log(`| ${label} | ${ma.toFixed(0)} | ${mb.toFixed(0)} | ${(ma / mb).toFixed(2)} | ${codes} |`);
}

/** The start-up floor below the table: the median of `runs` bare `node -e 0`, and the machine. */
export function printBareNode(runs, cwd) {
  const bare = [];
  for (let i = 0; i < runs; i++) bare.push(time(process.execPath, ['-e', '0'], { cwd }).ms);
  console.log(`\nbare \`node -e 0\`: ${median(bare).toFixed(0)} ms; ${os.cpus().length} × ${os.cpus()[0]?.model}; node ${process.version}`);
}
