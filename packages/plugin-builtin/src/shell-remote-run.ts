// The `shell` provisioner's run (Packer's provisioner/shell Provision): each script (or the script made from
// `inline`) is uploaded to remote_path, made executable and run through execute_command, its output streamed to
// the UI; a script is uploaded and started again while start_retry_timeout lasts (a machine rebooting), and
// removed afterwards unless skip_clean. With use_env_var_file the variables go to a remote file first.
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { formatDuration, render, type Communicator, type ProvisionContext } from '@tspacker/sdk';
import type { ShellProvisionerConfig } from './provisioners/shell.js';
import { coreInterpolation } from './packer-core-spec.js';
import { invalidExitCodeError } from './shell-common-spec.js';
import { flattenEnvVars } from './shell-local-run.js';
import { CMD_DISCONNECT, runQuietly, runWithUi } from './shell-remote-command.js';
import { sleepUnlessAborted, untilAborted } from '@tspacker/sdk';
import { retryUntilStartTimeout } from './shell-remote-retry.js';
import { inlineScriptText, readScript, remoteVarFilePath, unixLineEndings, writeTempFile } from './shell-remote-script.js';

/** Packer's text when a script's connection was lost and that was not expected. */
export const UNEXPECTED_DISCONNECT =
  'Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a restart, you can try ' +
  'adding `"expect_disconnect": true` or `"valid_exit_codes": [0, 2300218]` to the shell provisioner parameters.';

/** One run of the provisioner: its configuration, the communicator, and what the run is given. */
interface Run {
  readonly c: ShellProvisionerConfig;
  readonly communicator: Communicator;
  readonly ctx: ProvisionContext;
}

/** Runs the prepared `c` on the machine behind `communicator`. Throws Packer's error texts. */
export async function runShellRemote(c: ShellProvisionerConfig, communicator: Communicator, ctx: ProvisionContext): Promise<void> {
  const run: Run = { c, communicator, ctx };
  const data: Record<string, unknown> = { ...ctx.generatedData };
  const scripts = [...c.scripts];
  let inlineScript: string | undefined;
  try {
    if (c.inline.length > 0) {
      const commands = c.inline.map((command) => {
        try {
          return render(command, coreInterpolation(c, data));
        } catch (e) {
          throw new Error(`Error interpolating Inline: ${(e as Error).message}`);
        }
      });
      inlineScript = await writeTempFile('packer-shell', inlineScriptText(c, c.inline_shebang, commands));
      scripts.push(inlineScript);
    }
    const envVarFile = c.use_env_var_file ? await uploadEnvVarFile(run, data) : '';
    const vars = flattenEnvVars(c, data, c.environment_vars);
    for (const path of scripts) {
      ctx.ui.say(`Provisioning with shell script: ${path}`);
      await runScript(run, path, { ...data, Vars: vars, EnvVarFile: envVarFile, Path: c.remote_path });
    }
    // Packer runs `rm -f ` even without a variables file; nothing is removed either way.
    if (!c.skip_clean && envVarFile !== '') await removeRemoteFile(run, envVarFile);
  } finally {
    if (inlineScript !== undefined) await rm(inlineScript, { force: true });
  }
  if (c.pause_after !== 0) {
    ctx.ui.say(`Pausing ${formatDuration(c.pause_after)} after this provisioner...`);
    await sleepUnlessAborted(c.pause_after, ctx.signal);
  }
}

/** The bytes to upload: the file as is with `binary`, else with Unix line endings. */
function uploadable(c: ShellProvisionerConfig, content: Buffer): Buffer {
  return c.binary ? content : unixLineEndings(content);
}

/** Uploads the variables file (each try under a new name) and returns its remote path. */
async function uploadEnvVarFile(run: Run, data: Record<string, unknown>): Promise<string> {
  const { c, communicator, ctx } = run;
  const content = uploadable(c, Buffer.from(flattenEnvVars(c, data, c.environment_vars)));
  return retryUntilStartTimeout(c.start_retry_timeout, ctx.signal, async () => {
    const path = remoteVarFilePath(c.remote_folder);
    await upload(run, path, content, 'Error uploading envVarFile');
    await chmod(run, '0600', path, 'Error chmodding script file to 0600 in remote machine');
    return path;
  });
}

/** Uploads, makes executable and runs one script, then checks its exit status and removes it. */
async function runScript(run: Run, path: string, data: Record<string, unknown>): Promise<void> {
  const { c, communicator, ctx } = run;
  const content = uploadable(c, await readScript(path));
  let command: string;
  try {
    command = render(c.execute_command, coreInterpolation(c, data));
  } catch (e) {
    throw new Error(`Error processing command: ${(e as Error).message}`);
  }
  // Upload and start in one try, so that a reboot between them cannot leave a command without its script.
  const exitStatus = await retryUntilStartTimeout(c.start_retry_timeout, ctx.signal, async () => {
    await upload(run, c.remote_path, content, 'Error uploading script');
    await chmod(run, '0755', c.remote_path, 'Error chmodding script file to 0755 in remote machine');
    return runWithUi(communicator, command, ctx.ui, ctx.signal);
  });
  if (exitStatus === CMD_DISCONNECT) {
    // The message's advice holds here: valid_exit_codes with 2300218 accepts a disconnect (Packer ignores it).
    if (!c.expect_disconnect && !c.valid_exit_codes.includes(CMD_DISCONNECT)) throw new Error(UNEXPECTED_DISCONNECT);
  } else {
    const invalid = invalidExitCodeError(exitStatus, c.valid_exit_codes);
    if (invalid) throw invalid;
  }
  if (!c.skip_clean) await removeRemoteFile(run, c.remote_path);
}

/** `chmod MODE PATH` on the machine; its exit status is not checked (Packer's neither). */
async function chmod(run: Run, mode: string, path: string, failure: string): Promise<void> {
  try {
    await runQuietly(run.communicator, `chmod ${mode} ${path}`, run.ctx.signal);
  } catch (e) {
    if (run.ctx.signal.aborted) throw e;
    throw new Error(`${failure}: ${(e as Error).message}`);
  }
}

/** cleanupRemoteFile: `rm -f PATH`, tried again while the machine may still be rebooting. */
async function removeRemoteFile(run: Run, path: string): Promise<void> {
  const { c, communicator, ctx } = run;
  await retryUntilStartTimeout(c.start_retry_timeout, ctx.signal, async () => {
    let exitStatus: number;
    try {
      exitStatus = await runQuietly(communicator, `rm -f ${path}`, ctx.signal);
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      throw new Error(`Error removing temporary script at ${path}: ${(e as Error).message}`);
    }
    if (exitStatus === CMD_DISCONNECT) throw new Error('Disconnect while removing temporary script.');
    if (exitStatus !== 0) throw new Error(`Error removing temporary script at ${path}!`);
  });
}

/** Uploads `content` to `path` with the default mode (0644, as Packer's nil FileInfo gives). */
async function upload(run: Run, path: string, content: Buffer, failure: string): Promise<void> {
  const source = Readable.from([content], { objectMode: false });
  try {
    await untilAborted(run.communicator.upload(path, source, { size: content.length }), run.ctx.signal);
  } catch (e) {
    if (run.ctx.signal.aborted) throw e;
    throw new Error(`${failure}: ${(e as Error).message}`);
  }
}
