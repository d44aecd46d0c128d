// The SDK's shell_local.Run (packer-plugin-sdk shell-local/run.go and communicator.go), shared by the
// `shell-local` provisioner and post-processor: `inline` becomes a temporary script, each script runs through
// `execute_command` with `{{.Vars}}` (the flattened environment) and `{{.Script}}`, and its output is streamed
// to the UI line by line as RemoteCmd.RunWithUi does.
import { spawn } from 'node:child_process';
import { chmod, open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import { render, type GeneratedData, type InterpolateContext, type Ui } from '@tspacker/sdk';
import type { ShellLocalConfig } from './shell-local-config.js';
import { goOS } from '@tspacker/sdk';
import { coreInterpolation } from './packer-core-spec.js';
import { goSprintfStrings } from './go-sprintf.js';
import { invalidExitCodeError } from './shell-common-spec.js';
import { HTTP_ADDR_NOT_IMPLEMENTED, HTTP_IP_NOT_IMPLEMENTED, HTTP_PORT_NOT_IMPLEMENTED } from '@tspacker/sdk';

/** The interpolation context of a shell-local option, with `data` as Go's ctx.Data. */
function contextFor(c: ShellLocalConfig, data: Record<string, unknown>): InterpolateContext {
  return coreInterpolation(c, data);
}

/** Runs `c` on this machine (the config as prepared by validateShellLocal). Throws Packer's error texts. */
export async function runShellLocal(
  c: ShellLocalConfig,
  ui: Ui,
  signal: AbortSignal,
  generatedData: GeneratedData,
): Promise<void> {
  const data: Record<string, unknown> = { ...generatedData };
  if (c.only_on.length > 0 && !c.only_on.includes(goOS())) {
    ui.say('Skipping shell-local due to runtime OS');
    return;
  }

  const scripts = [...c.scripts];
  let inlineScript: string | undefined;
  if (scripts.length === 0 && c.inline.length > 0) {
    inlineScript = await writeInlineScript(c, data);
    scripts.push(inlineScript);
  }
  try {
    const vars = flattenedEnvVars(c, data);
    for (const script of scripts) {
      const absScript = resolve(script);
      const command = interpolatedCommand(c, data, absScript, vars);
      ui.say(`Running local shell script: ${script}`);
      let exitStatus: number;
      try {
        exitStatus = await runWithUi(command, ui, signal);
      } catch {
        throw new Error(`Error executing script: ${absScript}\n\nPlease see output above for more information.`);
      }
      const invalid = invalidExitCodeError(exitStatus, c.valid_exit_codes);
      if (invalid) throw invalid;
    }
  } finally {
    if (inlineScript !== undefined) await rm(inlineScript, { force: true });
  }
}

/** tmp.File("packer-shell") with the inline commands (each rendered with the generated data), mode 0700. */
async function writeInlineScript(c: ShellLocalConfig, data: Record<string, unknown>): Promise<string> {
  let text = c.inline_shebang !== '' ? `#!${c.inline_shebang}\n` : '';
  for (const command of c.inline) text += `${render(command, contextFor(c, data))}\n`;
  let path = '';
  for (;;) {
    path = join(tmpdir(), `packer-shell${randomInt(1_000_000_000, 4_294_967_295)}`);
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(text);
      } finally {
        await handle.close();
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`Error preparing shell script: ${(e as Error).message}`);
    }
  }
  await chmod(path, 0o700);
  if (c.tempfile_extension !== '') {
    const renamed = `${path}.${c.tempfile_extension}`;
    await rename(path, renamed);
    return renamed;
  }
  return path;
}

/** createFlattenedEnvVars: environment_vars rendered with the generated data, then flattenEnvVars. */
function flattenedEnvVars(c: ShellLocalConfig, data: Record<string, unknown>): string {
  return flattenEnvVars(c, data, c.environment_vars.map((entry) => render(entry, contextFor(c, data))));
}

/** The options the variables of the shell provisioners (shell, shell-local) come from. */
export interface EnvVarOptions {
  readonly packer_build_name: string;
  readonly packer_builder_type: string;
  readonly env_var_format: string;
  readonly env: Readonly<Record<string, string>>;
}

/**
 * createFlattenedEnvVars (shell-local) and escapeEnvVars (shell): Packer's variables, then `vars` (`KEY=VALUE`
 * entries), then `env`, sorted, each in env_var_format.
 */
export function flattenEnvVars(c: EnvVarOptions, data: Readonly<Record<string, unknown>>, vars: readonly string[]): string {
  const values = new Map<string, string>();
  values.set('PACKER_BUILD_NAME', c.packer_build_name);
  values.set('PACKER_BUILDER_TYPE', c.packer_builder_type);
  const http: [string, string, string][] = [
    ['PACKER_HTTP_ADDR', 'PackerHTTPAddr', HTTP_ADDR_NOT_IMPLEMENTED],
    ['PACKER_HTTP_IP', 'PackerHTTPIP', HTTP_IP_NOT_IMPLEMENTED],
    ['PACKER_HTTP_PORT', 'PackerHTTPPort', HTTP_PORT_NOT_IMPLEMENTED],
  ];
  for (const [name, key, notImplemented] of http) {
    const value = data[key];
    if (value !== undefined && value !== null && value !== notImplemented) values.set(name, String(value));
  }
  // Single quotes are escaped so that the value survives the default `KEY='VALUE'` format.
  const quoted = (value: string) => value.replaceAll("'", `'"'"'`);
  for (const entry of vars) {
    const eq = entry.indexOf('=');
    values.set(entry.slice(0, eq), quoted(entry.slice(eq + 1)));
  }
  for (const [key, value] of Object.entries(c.env)) values.set(key, quoted(value));
  const keys = [...values.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((key) => goSprintfStrings(c.env_var_format, key, values.get(key)!)).join('');
}

/** createInterpolatedCommands: execute_command rendered with Vars, Script and Command over the generated data. */
function interpolatedCommand(
  c: ShellLocalConfig,
  data: Record<string, unknown>,
  script: string,
  vars: string,
): string[] {
  Object.assign(data, { Vars: vars, Script: script, Command: script });
  return c.execute_command.map((part) => {
    try {
      return render(part, contextFor(c, data));
    } catch (e) {
      throw new Error(`Error processing command: ${(e as Error).message}`);
    }
  });
}

/** RemoteCmd.cleanOutputLine: trailing whitespace trimmed, and only what follows the last carriage return. */
export function cleanOutputLine(line: string): string {
  const trimmed = line.replace(/\s+$/u, '');
  return trimmed.slice(trimmed.lastIndexOf('\r') + 1);
}

/** Splits a stream into `\n`-terminated pieces (the last one possibly unterminated), as iochan.DelimReader. */
function forEachLine(stream: NodeJS.ReadableStream, emit: (line: string) => void): Promise<void> {
  return new Promise((done) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        emit(pending.slice(0, nl + 1));
        pending = pending.slice(nl + 1);
      }
    });
    stream.on('end', () => {
      if (pending !== '') emit(pending);
      done();
    });
  });
}

/**
 * Starts `command` (no shell in between), stdout lines to ui.message and stderr lines to ui.error as Packer
 * 1.6.6 did, and resolves with its exit status (-1 when killed by a signal, as Go reports it). Rejects when it
 * cannot start or is aborted.
 */
function runWithUi(command: readonly string[], ui: Ui, signal: AbortSignal): Promise<number> {
  if (command.length === 0) {
    return Promise.reject(new Error('Error launching command via shell-local communicator: No ExecuteCommand provided'));
  }
  return new Promise((resolvePromise, reject) => {
    if (signal.aborted) return reject(signal.reason);
    // Its own process group, so that cancelling kills what the script started too (a `sleep` would otherwise
    // hold the output pipes open, and the build, until it ends).
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(process.platform !== 'win32' ? -child.pid : child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    signal.addEventListener('abort', kill, { once: true });
    const emit = (to: (text: string) => void) => (line: string) => {
      if (line !== '') to(cleanOutputLine(line));
    };
    const output = Promise.all([
      forEachLine(child.stdout!, emit((t) => ui.message(t))),
      forEachLine(child.stderr!, emit((t) => ui.error(t))),
    ]);
    child.on('error', reject);
    child.on('close', (code) => {
      signal.removeEventListener('abort', kill);
      void output.then(() => (signal.aborted ? reject(signal.reason) : resolvePromise(code ?? -1)));
    });
  });
}
