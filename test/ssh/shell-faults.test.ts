// The shell provisioner when things go wrong on the machine, end to end against a real sshd: a missing command,
// an exit status outside valid_exit_codes, the connection dropped in the middle of a script (with and without
// expect_disconnect), a reboot followed by another script, a non-writable remote folder, a provisioner timeout,
// a cancelled build, a reboot longer than start_retry_timeout, and a script whose path has spaces and quotes.
// Each gives its documented result quickly.
import fs from 'node:fs';
import path from 'node:path';
import { UNEXPECTED_DISCONNECT } from '../../packages/plugin-builtin/src/shell-remote-run.js';
import { tspackerBuild } from './null-ssh-build.js';
import { buildError, DROP_CONNECTION, hcl, provisionerLines, shellTestMachine, waitFor, workspace } from './shell-harness.js';

const machine = shellTestMachine();
const { build, writeTemplate } = machine;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a command that does not exist: its shell says so, and the build fails with exit status 127', async () => {
  const { dir, remote } = workspace();
  const run = await build(dir, `provisioner "shell" {\n inline = ["no-such-command-here"]\n remote_folder = ${hcl(remote.dir)}\n}`);
  expect(run.exitCode).toBe(1);
  expect(run.said.some((l) => /no-such-command-here: (\d+: )?(command )?not found/.test(l))).toBe(true);
  expect(run.error).toBe('Script exited with non-zero exit status: 127. Allowed exit codes are: [0]');
});

test('an exit status outside valid_exit_codes fails the build, later provisioners do not run, the script stays', async () => {
  const { dir, remote } = workspace();
  const run = await build(
    dir,
    `provisioner "shell" {
      inline = ["exit 4"]
      valid_exit_codes = [0, 1]
      remote_folder = ${hcl(remote.dir)}
      remote_file = "failed.sh"
    }
    provisioner "shell" {
      inline = ["echo second"]
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  expect(run.exitCode).toBe(1);
  expect(run.error).toBe('Script exited with non-zero exit status: 4. Allowed exit codes are: [0 1]');
  expect(run.said).not.toContain('second');
  // As in Packer, a failed script is not removed (the build stops before the cleanup).
  expect(remote.files()).toEqual(['failed.sh']);
});

test('the connection dropped in a script without expect_disconnect: a clear error that says what to set', async () => {
  const { dir, remote } = workspace();
  const started = Date.now();
  const run = await build(dir, `provisioner "shell" {\n inline = ${JSON.stringify(DROP_CONNECTION)}\n remote_folder = ${hcl(remote.dir)}\n}`);
  expect(run.exitCode).toBe(1);
  expect(run.said).toContain('before');
  expect(run.said).not.toContain('not reached');
  expect(run.error).toBe(UNEXPECTED_DISCONNECT);
  // Packer's words, to the letter.
  expect(UNEXPECTED_DISCONNECT).toBe(
    'Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a restart, you can try ' +
      'adding `"expect_disconnect": true` or `"valid_exit_codes": [0, 2300218]` to the shell provisioner parameters.',
  );
  expect(Date.now() - started).toBeLessThan(10_000);
});

test('the connection dropped with expect_disconnect: success; the script is removed after reconnecting and the next one runs', async () => {
  const { dir, remote } = workspace();
  const run = await build(
    dir,
    `provisioner "shell" {
      inline = ${JSON.stringify(DROP_CONNECTION)}
      expect_disconnect = true
      remote_folder = ${hcl(remote.dir)}
    }
    provisioner "shell" {
      inline = ["echo after"]
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  expect(run.error).toBeUndefined();
  expect(run.exitCode).toBe(0);
  expect(run.said.filter((l) => !l.startsWith('Provisioning with'))).toEqual(['before', 'after']);
  expect(remote.files()).toEqual([]);
});

test('valid_exit_codes with 2300218 accepts a dropped connection too, as the error message advises (Packer ignores it)', async () => {
  const { dir, remote } = workspace();
  const run = await build(
    dir,
    `provisioner "shell" {
      inline = ${JSON.stringify(DROP_CONNECTION)}
      valid_exit_codes = [0, 2300218]
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  expect(run.error).toBeUndefined();
  expect(run.exitCode).toBe(0);
});

test('a reboot: the machine goes down in a script, comes back seconds later, and the next script runs once it is up', async () => {
  const { dir, remote } = workspace();
  const marker = path.join(remote.dir, 'rebooting');
  writeTemplate(
    dir,
    `provisioner "shell" {
      inline = ["echo going down", "touch ${marker}", "sleep 20", "echo not reached"]
      expect_disconnect = true
      start_retry_timeout = "30s"
      remote_folder = ${hcl(remote.dir)}
    }
    provisioner "shell" {
      inline = ["echo back up"]
      start_retry_timeout = "30s"
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  const building = tspackerBuild(dir);
  await waitFor('the first script to run', () => fs.existsSync(marker));
  await machine.sshd.stop();
  const down = Date.now();
  await sleep(3000);
  await machine.sshd.start();
  const run = await building;
  const said = provisionerLines(run.lines);
  expect(buildError(run.lines)).toBeUndefined();
  expect(run.exitCode).toBe(0);
  expect(said.filter((l) => !l.startsWith('Provisioning with'))).toEqual(['going down', 'back up']);
  expect(Date.now() - down).toBeLessThan(30_000);
  expect(remote.files()).toEqual(['rebooting']);
});

test('a remote folder the user cannot write to: the upload is retried for start_retry_timeout, then fails clearly', async () => {
  const { dir } = workspace();
  const locked = path.join(dir, 'locked');
  fs.mkdirSync(locked, { mode: 0o755 });
  const started = Date.now();
  const run = await build(dir, `provisioner "shell" {\n inline = ["true"]\n remote_folder = ${hcl(locked)}\n start_retry_timeout = "3s"\n}`);
  const elapsed = Date.now() - started;
  expect(run.exitCode).toBe(1);
  expect(run.error).toMatch(new RegExp(`^Error uploading script: .*${locked}/script_\\d+\\.sh.*[Pp]ermission denied`));
  expect(elapsed).toBeGreaterThanOrEqual(3000);
  expect(elapsed).toBeLessThan(15_000);
});

test('a provisioner timeout stops the remote command and fails the build with the deadline', async () => {
  const { dir, remote } = workspace();
  const pidFile = path.join(remote.dir, 'pid');
  const started = Date.now();
  const run = await build(
    dir,
    `provisioner "shell" {
      inline = ["echo $$ > ${pidFile}", "sleep 25", "echo not reached"]
      timeout = "2s"
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  expect(run.exitCode).toBe(1);
  expect(run.said).toContain('Cancelling provisioner after a timeout...');
  expect(run.error).toBe('context deadline exceeded');
  expect(Date.now() - started).toBeLessThan(10_000);
  // The script's shell is gone (killed with its session), not left running on the machine.
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  await waitFor(`process ${pid} to end`, () => !processExists(pid), 5000);
});

test('cancelling the build while the provisioner waits for the machine to come back ends it at once', async () => {
  const { dir, remote } = workspace();
  const marker = path.join(remote.dir, 'started');
  writeTemplate(
    dir,
    `provisioner "shell" {
      inline = ["touch ${marker}", "sleep 20"]
      expect_disconnect = true
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  const cancel = new AbortController();
  const building = tspackerBuild(dir, { signal: cancel.signal });
  try {
    await waitFor('the script to run', () => fs.existsSync(marker));
    await machine.sshd.stop();
    await sleep(1000);
    const cancelled = Date.now();
    cancel.abort(new Error('context canceled'));
    const run = await building;
    expect(run.exitCode).toBe(1);
    expect(Date.now() - cancelled).toBeLessThan(5000);
  } finally {
    await machine.sshd.start();
  }
});

test('a script whose local path has spaces and quotes is announced by that path and runs', async () => {
  const { dir, remote } = workspace();
  const script = path.join(dir, `it's a "quoted" script.sh`);
  fs.writeFileSync(script, 'echo "ran: $0"\n');
  const run = await build(
    dir,
    `provisioner "shell" {\n script = ${hcl(script)}\n remote_folder = ${hcl(remote.dir)}\n remote_file = "quoted.sh"\n}`,
  );
  expect(run.exitCode).toBe(0);
  expect(run.said).toEqual([`Provisioning with shell script: ${script}`, `ran: ${remote.dir}/quoted.sh`]);
});

/** Whether a process with this id exists (EPERM: it does, as another user). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Builds `provisioners` while the machine goes down once the first script touched `marker`, for `downMs`. */
async function buildThroughReboot(dir: string, marker: string, downMs: number, provisioners: string) {
  writeTemplate(dir, provisioners);
  let ended = 0;
  const building = tspackerBuild(dir).finally(() => void (ended = Date.now()));
  await waitFor('the first script to run', () => fs.existsSync(marker));
  await machine.sshd.stop();
  const down = Date.now();
  await sleep(downMs);
  await machine.sshd.start();
  const run = await building;
  // A failure comes when start_retry_timeout says, not when the machine is back.
  if (run.exitCode !== 0) expect(ended - down).toBeLessThan(downMs);
  return { ...run, said: provisionerLines(run.lines), error: buildError(run.lines) };
}

test('start_retry_timeout: the next script is uploaded once the machine is back (no cleanup wait before it)', async () => {
  const { dir, remote } = workspace();
  const marker = path.join(remote.dir, 'rebooting');
  const run = await buildThroughReboot(
    dir,
    marker,
    3000,
    `provisioner "shell" {
      inline = ["touch ${marker}", "sleep 20"]
      expect_disconnect = true
      skip_clean = true
      remote_folder = ${hcl(remote.dir)}
      remote_file = "first.sh"
    }
    provisioner "shell" {
      inline = ["echo back up"]
      start_retry_timeout = "30s"
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  expect(run.error).toBeUndefined();
  expect(run.said).toContain('back up');
  expect(remote.files()).toEqual(['first.sh', 'rebooting']);
});

test('a start_retry_timeout shorter than the reboot: the last upload error, once the timeout has passed', async () => {
  const { dir, remote } = workspace();
  const marker = path.join(remote.dir, 'rebooting');
  const run = await buildThroughReboot(
    dir,
    marker,
    6000,
    `provisioner "shell" {
      inline = ["touch ${marker}", "sleep 20"]
      expect_disconnect = true
      skip_clean = true
      remote_folder = ${hcl(remote.dir)}
    }
    provisioner "shell" {
      inline = ["echo back up"]
      start_retry_timeout = "1s"
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  expect(run.exitCode).toBe(1);
  expect(run.said).not.toContain('back up');
  // The communicator's words for the machine being down follow Packer's prefix.
  expect(run.error).toMatch(/^Error uploading script: .*(refused|lost|down|reconnect)/);
});
