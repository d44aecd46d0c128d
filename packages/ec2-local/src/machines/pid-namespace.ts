// The processes of a machine, seen from the host: every process whose PID namespace is the one its init made.
// Used to freeze a running machine for the moment its disk is copied (SIGSTOP/SIGCONT from the parent
// namespace reach even the namespace's init).
import fs from 'node:fs';

/** The host pid of the first child of `pid` (unshare's child: the machine's init), if it has one. */
export function firstChild(pid: number): number | undefined {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    const child = Number(children[0]);
    return Number.isInteger(child) && child > 0 ? child : undefined;
  } catch {
    return undefined;
  }
}

function pidNamespace(pid: number | string): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return undefined;
  }
}

/** Every host pid in the PID namespace of `init` (init included). */
export function processesInNamespaceOf(init: number): number[] {
  const namespace = pidNamespace(init);
  if (!namespace || namespace === pidNamespace('self')) return [];
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && pidNamespace(name) === namespace)
    .map(Number);
}

/** Runs `work` with every process of the machine stopped (new ones cannot appear: their parents are stopped). */
export async function whileFrozen<T>(init: number, work: () => Promise<T>): Promise<T> {
  const frozen: number[] = [];
  const signal = (pid: number, name: NodeJS.Signals): boolean => {
    try {
      process.kill(pid, name);
      return true;
    } catch {
      return false; // already gone
    }
  };
  // Two passes: a process forked between listing and stopping its parent is caught by the second.
  for (let pass = 0; pass < 2; pass++) {
    for (const pid of processesInNamespaceOf(init)) {
      if (!frozen.includes(pid) && signal(pid, 'SIGSTOP')) frozen.push(pid);
    }
  }
  try {
    return await work();
  } finally {
    for (const pid of frozen) signal(pid, 'SIGCONT');
  }
}
