// Running one template through tspacker (null-ssh-build.ts) and through Packer 1.6.6 (`packer build`), both
// against a real sshd that each test file starts (shellTestMachine): the shell provisioner's end-to-end and
// differential tests compare what each printed and left on the machine.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { asCurrentPackerMessages } from '../support/packer-messages.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { tempDir } from '../support/temp-dir.js';
import { BUILD, nullSshSource, tspackerBuild, type BuildRun, type TspackerRun } from './null-ssh-build.js';

/** A template with the null source and a build of `provisioners` (HCL blocks). */
export function template(sshd: Sshd, provisioners: string, sourceExtra: readonly string[] = []): string {
  return `${nullSshSource(sshd, sourceExtra)}\nbuild {\n  sources = ["source.null.x"]\n${provisioners}\n}\n`;
}

/**
 * `packer build -color=false build.pkr.hcl` (1.6.6) in `dir`, its Message lines in the current form
 * (packer-messages.ts); killed after `timeoutMs`. stdout and stderr lines are kept apart, as Packer prints them.
 */
export function packerBuild(dir: string, timeoutMs = 40_000): Promise<BuildRun & { stderr: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn('packer', ['build', '-color=false', 'build.pkr.hcl'], {
      cwd: dir,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', PACKER_LOG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        lines: asCurrentPackerMessages(stdout).split('\n'),
        stderr: stderr.split('\n'),
        exitCode: code ?? -1,
      });
    });
  });
}

/** BUILD's `==> null.x:` lines from the first provisioner's (`Provisioning with`, `Setting a … timeout`) on. */
export function provisionerLines(lines: readonly string[]): string[] {
  const prefix = `==> ${BUILD}: `;
  const own = lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
  const first = own.findIndex((l) => l.startsWith('Provisioning with') || l.startsWith('Setting a'));
  return own.slice(first < 0 ? own.length : first).filter((l) => !/^(Build '|Running post-processor)/.test(l));
}

/** The error a failed build reports (`Build 'null.x' errored after DURATION: ERROR`); undefined on success. */
export function buildError(lines: readonly string[]): string | undefined {
  const errored = lines.find((l) => l.startsWith(`Build '${BUILD}' errored after `));
  return errored?.slice(errored.indexOf(': ') + 2);
}

/** A string as an HCL quoted string (JSON's escapes are HCL's; the texts here hold no `${` or `%{`). */
export const hcl = (value: string): string => JSON.stringify(value);

/**
 * Inline commands that drop the script's own SSH connection, as a machine going away does: the user's sshd
 * process above the script is killed (the server itself keeps listening, so reconnecting works at once).
 */
export const DROP_CONNECTION = [
  'echo before',
  'p=$$; while [ "$p" -gt 1 ]; do case "$(ps -o comm= -p "$p")" in sshd*) kill -9 "$p"; break;; esac; p=$(ps -o ppid= -p "$p" | tr -d " "); done',
  'sleep 5',
  'echo not reached',
];

/** Waits until `check()` holds (polling every 50 ms), failing after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A directory on the "remote" machine (this host) that the test user can write to, and the files in it. */
export interface RemoteDir {
  readonly dir: string;
  files(): string[];
}

const workspaces: string[] = [];

/**
 * A scratch directory (removed by removeWorkspaces) that the test user can read, holding `remote`, a directory
 * it can write to: the provisioner's remote_folder.
 */
export function workspace(): { dir: string; remote: RemoteDir } {
  const dir = tempDir();
  workspaces.push(dir);
  fs.chmodSync(dir, 0o755);
  const remote = path.join(dir, 'remote');
  fs.mkdirSync(remote);
  fs.chmodSync(remote, 0o777);
  return { dir, remote: { dir: remote, files: () => fs.readdirSync(remote).sort() } };
}

/** Removes the workspaces made so far (afterAll). */
export function removeWorkspaces(): void {
  for (const dir of workspaces.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A tspacker build's run, with BUILD's provisioner lines and the build's error (when it failed). */
export interface ShellBuild extends TspackerRun {
  readonly said: string[];
  readonly error?: string;
}

/** The machine a shell test file provisions: a real sshd, and templates built against it. */
export interface ShellTestMachine {
  /** Started before the file's tests, stopped after them (and the workspaces removed). */
  readonly sshd: Sshd;
  /** Writes `dir/build.pkr.hcl`: the null source connecting to sshd (with `sourceExtra`), and `provisioners`. */
  writeTemplate(dir: string, provisioners: string, sourceExtra?: readonly string[]): void;
  /** Writes that template and builds it with tspacker. */
  build(dir: string, provisioners: string, sourceExtra?: readonly string[]): Promise<ShellBuild>;
}

/** Registers the file's beforeAll and afterAll that start and stop its machine. */
export function shellTestMachine(): ShellTestMachine {
  let sshd: Sshd | undefined;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
    removeWorkspaces();
  });
  const machine: ShellTestMachine = {
    get sshd(): Sshd {
      if (!sshd) throw new Error('the sshd starts in beforeAll');
      return sshd;
    },
    writeTemplate(dir, provisioners, sourceExtra = []) {
      fs.writeFileSync(path.join(dir, 'build.pkr.hcl'), template(machine.sshd, provisioners, sourceExtra));
    },
    async build(dir, provisioners, sourceExtra = []) {
      machine.writeTemplate(dir, provisioners, sourceExtra);
      const run = await tspackerBuild(dir);
      const error = buildError(run.lines);
      return { ...run, said: provisionerLines(run.lines), ...(error !== undefined ? { error } : {}) };
    },
  };
  return machine;
}
