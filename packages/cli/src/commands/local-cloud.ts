// `tspacker local-cloud start|stop|status|reset|env`: a local EC2 (with STS, SSM, Secrets Manager and KMS) whose
// instances are real machines, from @tspacker/ec2-local, kept running in the background between builds. `start`
// runs this same executable as a detached child (`local-cloud start -foreground`), which writes its pid and port
// to `<state dir>/local-cloud.json` once it listens; the other subcommands find it there. `env` prints the
// running cloud's environment as `export` lines for `eval`, so an unchanged AWS template builds against it. The
// endpoint's code is imported only by the process that runs it, so `stop`, `status` and `env` start as fast as any
// command.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localCloudEnvironment } from '@tspacker/ec2-local/environment.js';
import { parseCommandFlags, type FlagSpec } from '../flags.js';
import type { Ui } from '../ui.js';

/** The port `start` listens on unless told otherwise (stable, so templates and environments keep working). */
export const DEFAULT_PORT = 4599;
const RUNTIME_FILE = 'local-cloud.json';
const LOG_FILE = 'local-cloud.log';
/** What `reset` removes when the cloud is not running (never anything else in a directory the user named). */
const STATE_ENTRIES = ['machines', 'layers', 'ec2-state.json', 'requests.jsonl', LOG_FILE];
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 60_000;

interface Runtime {
  readonly pid: number;
  readonly port: number;
  readonly endpoint: string;
  readonly isolation: string;
  readonly startedAt: string;
}

const stateDirFlag = { 'state-dir': { type: 'string', default: '' } } as const satisfies FlagSpec;
const startFlags = {
  ...stateDirFlag,
  port: { type: 'string', default: String(DEFAULT_PORT) },
  'ssh-port': { type: 'string', default: '22' },
  foreground: { type: 'bool', default: false },
  'allow-unisolated': { type: 'bool', default: false },
} as const satisfies FlagSpec;

export async function runLocalCloud(argv: readonly string[], ui: Ui, help: string): Promise<number> {
  const [sub, ...rest] = argv;
  const spec = sub === 'start' ? startFlags : stateDirFlag;
  if (sub !== 'start' && sub !== 'stop' && sub !== 'status' && sub !== 'reset' && sub !== 'env') {
    ui.error(sub === undefined ? 'local-cloud needs a subcommand: start, stop, status, reset or env' : `unknown local-cloud subcommand: ${sub}`);
    ui.say(help);
    return 1;
  }
  const flags = parseCommandFlags(spec, rest, ui, help);
  if (!flags) return 1;
  if (flags.args.length > 0) {
    ui.error(`local-cloud ${sub} takes no arguments`);
    ui.say(help);
    return 1;
  }
  const stateDir = path.resolve(flags.strings.get('state-dir') || defaultStateDir());
  switch (sub) {
    case 'start': {
      const port = portFlag(flags.strings.get('port')!, 'port', ui);
      const sshPort = portFlag(flags.strings.get('ssh-port')!, 'ssh-port', ui);
      if (port === undefined || sshPort === undefined || sshPort === 0) return 1;
      const options = { stateDir, port, sshPort, allowUnisolated: flags.bools.get('allow-unisolated')! };
      return flags.bools.get('foreground') ? runForeground(options, ui) : startInBackground(options, ui);
    }
    case 'stop':
      return stop(stateDir, ui);
    case 'status':
      return status(stateDir, ui);
    case 'reset':
      return reset(stateDir, ui);
    case 'env':
      return printEnvironment(stateDir, ui);
  }
}

/** $TSPACKER_LOCAL_CLOUD_DIR, else the XDG state directory (~/.local/state/tspacker/local-cloud). */
export function defaultStateDir(): string {
  if (process.env.TSPACKER_LOCAL_CLOUD_DIR) return process.env.TSPACKER_LOCAL_CLOUD_DIR;
  const stateHome = process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(stateHome, 'tspacker', 'local-cloud');
}

function portFlag(value: string, name: string, ui: Ui): number | undefined {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  ui.error(`invalid value "${value}" for flag -${name}: a port number (0 picks a free one)`);
  return undefined;
}

interface StartOptions {
  readonly stateDir: string;
  readonly port: number;
  readonly sshPort: number;
  readonly allowUnisolated: boolean;
}

/** The endpoint in this process until SIGINT or SIGTERM; then machines stop and the state is saved. */
async function runForeground(options: StartOptions, ui: Ui): Promise<number> {
  const running = readRuntime(options.stateDir);
  if (running) {
    ui.error(`A local cloud already runs at ${running.endpoint} (pid ${running.pid}) with state in ${options.stateDir}.`);
    return 1;
  }
  const { startLocalCloud } = await import('@tspacker/ec2-local');
  let cloud;
  try {
    cloud = await startLocalCloud({ ...options, persist: true });
  } catch (error) {
    ui.error(`Error starting the local cloud: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const runtime: Runtime = { pid: process.pid, port: cloud.port, endpoint: cloud.endpoint, isolation: cloud.isolation ?? 'none', startedAt: new Date().toISOString() };
  const file = path.join(options.stateDir, RUNTIME_FILE);
  fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify(runtime) + '\n');
  fs.renameSync(`${file}.${process.pid}`, file); // readers never see half a file
  sayRunning(ui, runtime, options.stateDir);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, () => resolve(s));
  });
  ui.say(`${signal}: stopping the local cloud (machines stop, state is kept)...`);
  try {
    await cloud.stop();
  } finally {
    fs.rmSync(file, { force: true });
  }
  ui.say('Local cloud stopped.');
  return 0;
}

/** Runs `local-cloud start -foreground` detached, its output in the log, and waits until it listens. */
async function startInBackground(options: StartOptions, ui: Ui): Promise<number> {
  const running = readRuntime(options.stateDir);
  if (running) {
    ui.say(`A local cloud already runs with state in ${options.stateDir}.`);
    sayRunning(ui, running, options.stateDir);
    return 0;
  }
  fs.mkdirSync(options.stateDir, { recursive: true });
  const logFile = path.join(options.stateDir, LOG_FILE);
  const log = fs.openSync(logFile, 'a');
  const args = [
    process.argv[1]!, 'local-cloud', 'start', '-foreground', '-state-dir', options.stateDir,
    '-port', String(options.port), '-ssh-port', String(options.sshPort), ...(options.allowUnisolated ? ['-allow-unisolated'] : []),
  ];
  // Detached, in its own session, from / (it must not keep the caller's directory busy).
  const child = spawn(process.execPath, args, { detached: true, cwd: '/', stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && exited === undefined) {
    const runtime = readRuntime(options.stateDir);
    if (runtime && runtime.pid === child.pid) {
      sayRunning(ui, runtime, options.stateDir);
      return 0;
    }
    await sleep(50);
  }
  if (exited === undefined) child.kill('SIGTERM');
  ui.error(`Error: the local cloud did not start${exited === undefined ? ` within ${START_TIMEOUT_MS / 1000} s` : ''}. Its log (${logFile}) ends with:`);
  ui.error(tail(logFile));
  return 1;
}

async function stop(stateDir: string, ui: Ui): Promise<number> {
  const runtime = readRuntime(stateDir);
  if (!runtime) {
    ui.say(`No local cloud is running with state in ${stateDir}.`);
    return 0;
  }
  process.kill(runtime.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!alive(runtime.pid)) {
      ui.say(`Local cloud stopped (state kept in ${stateDir}).`);
      return 0;
    }
    await sleep(50);
  }
  ui.error(`Error: the local cloud (pid ${runtime.pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s; see ${path.join(stateDir, LOG_FILE)}.`);
  return 1;
}

/** Exit status 0 when running, 1 when not (scripts can test it). */
async function status(stateDir: string, ui: Ui): Promise<number> {
  const runtime = readRuntime(stateDir);
  if (!runtime) {
    ui.say(`Local cloud: not running (state in ${stateDir}).`);
    return 1;
  }
  let resources: { kind: string }[];
  try {
    resources = (await admin(runtime, 'GET', 'resources')) as { kind: string }[];
  } catch (error) {
    ui.error(`Error: the local cloud (pid ${runtime.pid}) does not answer at ${runtime.endpoint}: ${String(error)}`);
    return 1;
  }
  const counts = new Map<string, number>();
  for (const { kind } of resources) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const summary = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`);
  ui.say(`Local cloud: running at ${runtime.endpoint} (pid ${runtime.pid}, since ${runtime.startedAt})`);
  ui.say(`State: ${stateDir} (machines: ${runtime.isolation === 'namespace' ? 'namespace isolation' : 'unisolated'})`);
  ui.say(`Live resources: ${summary.length === 0 ? 'none' : summary.join(', ')}`);
  return 0;
}

/** A running cloud resets itself (admin endpoint); a stopped one's state files are removed. */
async function reset(stateDir: string, ui: Ui): Promise<number> {
  const runtime = readRuntime(stateDir);
  if (runtime) {
    try {
      await admin(runtime, 'POST', 'reset');
    } catch (error) {
      ui.error(`Error: the local cloud (pid ${runtime.pid}) does not answer at ${runtime.endpoint}: ${String(error)}`);
      return 1;
    }
    ui.say(`Local cloud at ${runtime.endpoint} reset: a fresh account (machines terminated, images and state gone).`);
    return 0;
  }
  for (const entry of STATE_ENTRIES) fs.rmSync(path.join(stateDir, entry), { recursive: true, force: true });
  ui.say(`Local cloud state in ${stateDir} wiped.`);
  return 0;
}

/**
 * The running cloud's environment as `export NAME='value'` lines on stdout, nothing else there (for
 * `eval "$(tspacker local-cloud env)"`); exit status 1 and a message on stderr when none runs.
 */
function printEnvironment(stateDir: string, ui: Ui): number {
  const runtime = readRuntime(stateDir);
  if (!runtime) {
    // On stderr, unlike the UI's errors: stdout is for `eval`, which must get nothing to run.
    fs.writeSync(2, `No local cloud is running with state in ${stateDir}; start one with: tspacker local-cloud start\n`);
    return 1;
  }
  for (const [name, value] of Object.entries(localCloudEnvironment(runtime.endpoint))) ui.say(`export ${name}=${shellQuote(value)}`);
  return 0;
}

/** A POSIX shell word: single quotes, an embedded one as '\''. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.:/@%+=,-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

function sayRunning(ui: Ui, runtime: Runtime, stateDir: string): void {
  const environment = Object.entries(localCloudEnvironment(runtime.endpoint));
  ui.say(`Local cloud running at ${runtime.endpoint} (pid ${runtime.pid}; state in ${stateDir})`);
  ui.say('');
  ui.say('Point AWS clients at it (or run: eval "$(tspacker local-cloud env)"):');
  for (const [name, value] of environment) ui.say(`  export ${name}=${value}`);
  ui.say('');
  ui.say(`AWS CLI: aws ec2 describe-instances --endpoint-url ${runtime.endpoint}`);
  ui.say('amazon-ebs templates (Packer 1.6.6 and tspacker):');
  ui.say(`  custom_endpoint_ec2        = "${runtime.endpoint}"`);
  ui.say('  skip_credential_validation = true');
  ui.say(`Admin (live resources, faults): ${runtime.endpoint}/_admin/resources`);
}

/** The runtime file, if the process it names is alive and is a local cloud (a stale file is removed). */
function readRuntime(stateDir: string): Runtime | undefined {
  const file = path.join(stateDir, RUNTIME_FILE);
  let runtime: Runtime;
  try {
    runtime = JSON.parse(fs.readFileSync(file, 'utf8')) as Runtime;
  } catch {
    return undefined;
  }
  if (Number.isInteger(runtime.pid) && alive(runtime.pid) && isLocalCloud(runtime.pid)) return runtime;
  fs.rmSync(file, { force: true });
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Guards against a recycled pid where /proc tells (Linux). */
function isLocalCloud(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('local-cloud');
  } catch {
    return !fs.existsSync('/proc/self');
  }
}

async function admin(runtime: Runtime, method: 'GET' | 'POST', route: string): Promise<unknown> {
  const response = await fetch(`${runtime.endpoint}/_admin/${route}`, { method, signal: AbortSignal.timeout(30_000) });
  const body = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${body}`);
  return JSON.parse(body);
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n').trimEnd();
  } catch {
    return '(no log)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
