// Worker-thread entry of a fuzzing campaign (bundled by run-in-worker.ts). Running in a worker lets the main thread
// stop a case that hangs and report it.
import { parentPort, workerData } from 'node:worker_threads';
import { runCases, type Seeds } from './campaign.js';

interface Job {
  seeds: Seeds;
  seed: number;
  from: number;
  to: number;
  progress: SharedArrayBuffer;
}

const job = workerData as Job;
const failures = runCases(job.seeds, job.seed, job.from, job.to, new Int32Array(job.progress));
parentPort!.postMessage(failures);
