// Running the bundled `tspacker` and the reference `packer` (1.6.6, from Debian) on the same template, as real
// processes in the template's directory. The bundle (packages/cli/dist/tspacker.mjs, made by `npm test`'s build
// step) is built here when it is missing, so that these tests also run on their own.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliDir = path.join(repoRoot, 'packages/cli');
const tspackerBin = path.join(cliDir, 'dist/tspacker.mjs');

export interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

export interface RunOptions {
  /** Text on stdin (through a socket: the console reads it line by line, printing every result). */
  input?: string;
  env?: NodeJS.ProcessEnv;
}

function run(cmd: string, args: readonly string[], cwd: string, opts: RunOptions): Run {
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', ...opts.env },
    encoding: 'utf8',
    input: opts.input ?? '',
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function ensureBuilt(): void {
  if (!fs.existsSync(tspackerBin)) execFileSync(process.execPath, [path.join(cliDir, 'build.mjs')], { cwd: cliDir, stdio: 'inherit' });
}

export function tspacker(cwd: string, args: readonly string[], opts: RunOptions = {}): Run {
  ensureBuilt();
  return run(process.execPath, [tspackerBin, ...args], cwd, opts);
}

export function packer(cwd: string, args: readonly string[], opts: RunOptions = {}): Run {
  return run('packer', args, cwd, opts);
}

/** A fresh temporary directory holding the given files. */
export { tempDir as templateDir } from '../support/temp-dir.js';

/**
 * The console's output for each input line, run in interactive mode (stdin not a pipe): every result is printed,
 * so splitting on a sentinel expression gives one chunk per line.
 */
export function consoleResults(
  runner: typeof tspacker,
  cwd: string,
  args: readonly string[],
  expressions: readonly string[],
  env?: NodeJS.ProcessEnv,
): { results: string[]; status: number | null } {
  const sentinel = '"@@sentinel@@"';
  const input = expressions.map((e) => `${e}\n${sentinel}\n`).join('');
  const r = runner(cwd, ['console', ...args], { input, env });
  const parts = r.stdout.split('@@sentinel@@\n');
  parts.pop();
  return { results: parts, status: r.status };
}
