// Running the built `tspacker` (and the reference `packer`) as real processes.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { tempDir } from '../../../test/support/temp-dir.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const tspackerBin = path.join(repoRoot, 'packages/cli/dist/tspacker.mjs');

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
}

export interface RunOptions {
  input?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

function spawn(cmd: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  const o: SpawnSyncOptions = { cwd: opts.cwd, env: { ...process.env, CHECKPOINT_DISABLE: '1', ...opts.env }, encoding: 'utf8', maxBuffer: 64 << 20 };
  if (opts.input !== undefined) o.input = opts.input;
  else o.stdio = ['ignore', 'pipe', 'pipe'];
  const r = spawnSync(cmd, args, o);
  if (r.error) throw r.error;
  return { stdout: String(r.stdout), stderr: String(r.stderr), status: r.status };
}

/** `tspacker ARGS`; stdin is `input` through a socket (not a pipe: the console treats that as interactive). */
export function tspacker(args: readonly string[], opts?: RunOptions): RunResult {
  if (!fs.existsSync(tspackerBin)) throw new Error(`${tspackerBin} is missing: run \`npm run build\` first`);
  return spawn(process.execPath, [tspackerBin, ...args], opts);
}

/** The reference implementation, Packer 1.6.6 from Debian. */
export function packer(args: readonly string[], opts?: RunOptions): RunResult {
  return spawn('packer', args, opts);
}

/** A shell command line, for real pipes: `printf … | $TSPACKER console` (`$TSPACKER` runs the bundle; paths without spaces). */
export function shell(command: string, opts?: RunOptions): RunResult {
  return spawn('sh', ['-c', command], { ...opts, env: { TSPACKER: `${process.execPath} ${tspackerBin}`, ...opts?.env } });
}
