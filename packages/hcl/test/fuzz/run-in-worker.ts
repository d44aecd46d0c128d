// Runs a fuzzing campaign in a worker thread under a watchdog: if one case makes no progress for `stallMs`, the
// worker is stopped and that case is reported as a hang. The worker code is bundled from the TypeScript sources with
// esbuild first, because worker threads do not go through jest's transform.
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { makeCase, type FuzzFailure, type Seeds } from './campaign.js';

export interface CampaignResult {
  readonly failures: FuzzFailure[];
  readonly cases: number;
}

/** The worker's TypeScript entry (overridable for runners bundled elsewhere, such as bench/fuzz.mjs). */
export const WORKER_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.ts');

function bundleWorker(entry: string): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tspacker-fuzz-')), 'worker.mjs');
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    logLevel: 'error',
  });
  return out;
}

export async function runCampaign(
  seeds: Seeds,
  opts: { seed: number; cases: number; from?: number; workers?: number; stallMs?: number; workerEntry?: string },
): Promise<CampaignResult> {
  const file = bundleWorker(opts.workerEntry ?? WORKER_ENTRY);
  const first = opts.from ?? 0;
  const workers = Math.max(1, opts.workers ?? 1);
  const per = Math.ceil(opts.cases / workers);
  const stallMs = opts.stallMs ?? 10_000;
  try {
    const parts = await Promise.all(
      Array.from({ length: workers }, (_, w) => {
        const from = first + w * per;
        const to = Math.min(first + opts.cases, from + per);
        return runPart(file, seeds, opts.seed, from, to, stallMs);
      }),
    );
    return { failures: parts.flat(), cases: opts.cases };
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

function runPart(file: string, seeds: Seeds, seed: number, from: number, to: number, stallMs: number): Promise<FuzzFailure[]> {
  const progress = new SharedArrayBuffer(4);
  const view = new Int32Array(progress);
  Atomics.store(view, 0, from);
  const worker = new Worker(file, { workerData: { seeds, seed, from, to, progress } });
  return new Promise((resolve, reject) => {
    let last = -1;
    let since = Date.now();
    const timer = setInterval(() => {
      const now = Atomics.load(view, 0);
      if (now !== last) {
        last = now;
        since = Date.now();
        return;
      }
      if (Date.now() - since < stallMs) return;
      clearInterval(timer);
      void worker.terminate();
      const c = makeCase(seeds, seed, now);
      const hang: FuzzFailure = { ...c, problems: [`no result after ${stallMs} ms (hang)`] };
      // The cases after the hang are not run; report the hang alone.
      resolve([hang]);
    }, 250);
    worker.once('message', (failures: FuzzFailure[]) => {
      clearInterval(timer);
      void worker.terminate();
      resolve(failures);
    });
    worker.once('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    worker.once('exit', (code) => {
      // Only reached without a result if the worker died (e.g. out of memory); a settled promise ignores this.
      clearInterval(timer);
      reject(new Error(`fuzz worker exited with code ${code} during case ${Atomics.load(view, 0)}`));
    });
  });
}
