// Runs the bundled CLI (packages/cli/bin/tspacker.mjs, what `npx tspacker` runs) as a user does: a child process
// with its own environment, output captured, a deadline after which it is killed. Every process started here is
// tracked so a suite's afterAll can kill what a failed test left running.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const tspackerBin = path.join(repoRoot, 'packages/cli/bin/tspacker.mjs');

export interface CliResult {
  /** The exit code; null when the process ended by a signal (or was killed at its deadline). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

export interface CliRun {
  readonly child: ChildProcessWithoutNullStreams;
  /** Output so far. */
  stdout(): string;
  /** Resolves when stdout matches (rejects if the process ends first or after `timeoutMs`). */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
  readonly exited: Promise<CliResult>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

export interface CliOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Killed (SIGKILL) after this long. */
  readonly timeoutMs: number;
}

export function startCli(args: readonly string[], options: CliOptions): CliRun {
  const started = performance.now();
  const child = spawn(process.execPath, [tspackerBin, ...args], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  running.add(child);
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      for (const listener of listeners) listener();
      resolve({ code, signal, stdout, stderr, timedOut, ms: Math.round(performance.now() - started) });
    });
  });
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    child,
    stdout: () => stdout,
    exited,
    waitForOutput(pattern, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => finish(new Error(`no output matching ${pattern} within ${timeoutMs} ms; output:\n${stdout}`)), timeoutMs);
        const check = () => {
          if (pattern.test(stdout)) finish();
          else if (ended || child.exitCode !== null) finish(new Error(`the CLI exited before printing ${pattern}; output:\n${stdout}\n${stderr}`));
        };
        function finish(error?: Error): void {
          clearTimeout(deadline);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        }
        listeners.add(check);
        check();
      });
    },
  };
}

export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return startCli(args, options).exited;
}

/** Kills every CLI process still running (a failed test's) and waits for them to end. */
export async function killRunningClis(): Promise<void> {
  const left = [...running];
  await Promise.all(
    left.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** The artifact listing of a successful amazon-ebs build: `region: ami-…` lines after `AMIs were created:`. */
export function createdAmis(stdout: string): Map<string, string> {
  const amis = new Map<string, string>();
  const block = /AMIs were created:\n((?:[a-z0-9-]+: ami-[0-9a-f]+\n?)+)/.exec(stdout);
  for (const line of block?.[1]?.trim().split('\n') ?? []) {
    const [region, ami] = line.split(': ');
    amis.set(region!, ami!);
  }
  return amis;
}
