// A machine's process tree hangs on a lifeline: its first process reads its stdin, a pipe whose only writer is
// this (node) process, until end of file, then exits and takes the rest with it. Closing the pipe is how `stop`
// asks; the kernel closes it when node dies, however it dies, so a crashed test cannot leave a machine behind
// (node has no PR_SET_PDEATHSIG of its own).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface LifelineProcess {
  readonly pid: number;
  /** Why the process ended, once it has (exit code or signal), else undefined. */
  ended(): string | undefined;
  /** Closes the lifeline, waits up to `graceMs` for the process to end, then kills it (SIGKILL) and waits again. */
  stop(graceMs: number): Promise<void>;
}

export interface LifelineSpawn {
  readonly command: string;
  readonly args: readonly string[];
  /** stdout and stderr are appended here (the machine's console). */
  readonly consoleFile: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

export function spawnOnLifeline(options: LifelineSpawn): LifelineProcess {
  const consoleFd = fs.openSync(options.consoleFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(options.command, [...options.args], {
      stdio: ['pipe', consoleFd, consoleFd],
      env: options.env,
      cwd: options.cwd,
    });
  } finally {
    fs.closeSync(consoleFd);
  }
  // A machine is not a reason to keep node's event loop alive, nor is its pipe.
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  child.stdin!.on('error', () => undefined);

  let endReason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      endReason = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.once('error', (error) => {
      endReason = `could not start ${options.command}: ${error.message}`;
      resolve();
    });
  });
  const within = async (ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
    try {
      return await Promise.race([exited.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    pid: child.pid ?? -1,
    ended: () => endReason,
    async stop(graceMs) {
      if (endReason !== undefined) return;
      // Whoever awaits the stop keeps node alive until the machine is down.
      child.ref();
      child.stdin!.destroy();
      if (await within(graceMs)) return;
      child.kill('SIGKILL');
      if (!(await within(graceMs))) throw new Error(`process ${child.pid} did not end after SIGKILL`);
    },
  };
}
