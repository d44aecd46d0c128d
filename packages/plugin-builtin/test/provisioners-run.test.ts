// Provisioners shell-local, breakpoint and sleep run for real (real shell commands in temp dirs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { shellLocalProvisioner } from '../src/provisioners/shell-local.js';
import { breakpointProvisioner } from '../src/provisioners/breakpoint.js';
import { sleepProvisioner } from '../src/provisioners/sleep.js';
import { shellProvisioner } from '../src/provisioners/shell.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { recordingUi } from './recording-ui.js';
import { preparedConfig, provision } from './run-helpers.js';

const scriptLine = (lines: string[]) => lines.find((l) => l.startsWith('say: Running local shell script: '))!;

test('inline commands run in one temp script; stdout to message, stderr to error, line by line', async () => {
  const ui = await provision(
    shellLocalProvisioner,
    `inline = ["echo one", "echo two >&2", "printf 'a\\\\r\\\\nb\\\\n'", "echo \\"$PACKER_BUILD_NAME $PACKER_BUILDER_TYPE $FOO $BAR\\""]
environment_vars = ["FOO=it's"]
env = { BAR = "x y" }`,
  );
  const script = scriptLine(ui.lines).slice('say: Running local shell script: '.length);
  expect(script).toMatch(/\/packer-shell\d+$/);
  expect(fs.existsSync(script)).toBe(false);
  expect(ui.lines.filter((l) => l.startsWith('message:')).sort()).toEqual(
    ['message: a', 'message: b', "message: a file it's x y", 'message: one'].sort(),
  );
  expect(ui.lines).toContain('error: two');
});

test('the inline shebang (-e) stops at the first failing command; exit codes are checked', async () => {
  await expect(provision(shellLocalProvisioner, 'inline = ["exit 3", "echo not reached"]')).rejects.toThrow(
    'Script exited with non-zero exit status: 3. Allowed exit codes are: [0]',
  );
  const ui = await provision(shellLocalProvisioner, 'inline = ["echo ok", "exit 3"]\nvalid_exit_codes = [0, 3]');
  expect(ui.lines).toContain('message: ok');
  await expect(provision(shellLocalProvisioner, 'inline = ["false"]\nvalid_exit_codes = [2, 3]')).rejects.toThrow(
    'Allowed exit codes are: [2 3]',
  );
});

test('scripts run with execute_command and env_var_format; generated HTTP address is exported', async () => {
  const dir = tempDir({ 's1.sh': 'echo "s1 $PACKER_HTTP_ADDR $K"\n', 's2.sh': 'echo s2 "$0"\n' });
  const out = path.join(dir, 'out.txt');
  const ui = await provision(
    shellLocalProvisioner,
    `scripts = ["${dir}/s1.sh", "${dir}/s2.sh"]
environment_vars = ["K=v"]
env_var_format = "export %s='%s'; "
execute_command = ["/bin/bash", "-c", "{{.Vars}} /bin/sh {{.Script}} | tee -a ${out}"]`,
    { PackerHTTPAddr: '127.0.0.1:8080' },
  );
  expect(fs.readFileSync(out, 'utf8')).toBe(`s1 127.0.0.1:8080 v\ns2 ${dir}/s2.sh\n`);
  expect(ui.lines.filter((l) => l.startsWith('say:'))).toEqual([
    `say: Running local shell script: ${dir}/s1.sh`,
    `say: Running local shell script: ${dir}/s2.sh`,
  ]);
});

test('an execute_command that cannot start is Packer\'s "Error executing script"', async () => {
  await expect(
    provision(shellLocalProvisioner, 'inline = ["true"]\nexecute_command = ["/nonexistent/sh", "{{.Script}}"]'),
  ).rejects.toThrow(/^Error executing script: .*packer-shell\d+\n\nPlease see output above for more information\.$/);
});

test('only_on skips other operating systems; tempfile_extension renames the script', async () => {
  const skipped = await provision(shellLocalProvisioner, 'inline = ["echo no"]\nonly_on = ["windows"]');
  expect(skipped.lines).toEqual(['say: Skipping shell-local due to runtime OS']);
  const ui = await provision(shellLocalProvisioner, 'inline = ["echo \\"$0\\""]\ntempfile_extension = ".sh"');
  expect(scriptLine(ui.lines)).toMatch(/packer-shell\d+\.sh$/);
});

test('breakpoint: disabled, with a note, and asking', async () => {
  expect((await provision(breakpointProvisioner, 'disable = true\nnote = "hi"')).lines).toEqual([
    'say: Breakpoint provisioner with note "hi" disabled; continuing...',
  ]);
  expect((await provision(breakpointProvisioner, 'disable = true')).lines).toEqual([
    'say: Breakpoint provisioner disabled; continuing...',
  ]);
  const ui = recordingUi('');
  await breakpointProvisioner.provision(preparedConfig(breakpointProvisioner, 'note = "look"'), {
    ui,
    signal: new AbortController().signal,
    communicator: undefined,
    generatedData: {},
  });
  expect(ui.lines).toEqual(['say: Pausing at breakpoint provisioner with note "look".', 'ask: Press enter to continue.']);
  await expect(provision(breakpointProvisioner, '')).rejects.toThrow('Error asking for input: no terminal');
});

test('sleep waits for its duration and stops when the build is cancelled', async () => {
  const start = Date.now();
  await provision(sleepProvisioner, 'duration = "150ms"');
  expect(Date.now() - start).toBeGreaterThanOrEqual(140);
  const abort = new AbortController();
  const sleeping = sleepProvisioner.provision(preparedConfig(sleepProvisioner, 'duration = "1h"'), {
    ui: recordingUi(),
    signal: abort.signal,
    communicator: undefined,
    generatedData: {},
  });
  abort.abort();
  await expect(sleeping).rejects.toThrow('context canceled');
});

test('cancelling shell-local kills what the script started too (its process group), and returns at once', async () => {
  const dir = tempDir();
  const marker = path.join(dir, 'started');
  const abort = new AbortController();
  const running = shellLocalProvisioner.provision(
    preparedConfig(shellLocalProvisioner, `inline = ["touch ${marker}", "sleep 47.5", "echo never"]`),
    { ui: recordingUi(), signal: abort.signal, communicator: undefined, generatedData: {} },
  );
  while (!fs.existsSync(marker)) await new Promise((r) => setTimeout(r, 20));
  abort.abort();
  await expect(running).rejects.toBeDefined();
  // The script's child is gone as well, not left behind holding the output pipes.
  const left = spawnSync('pgrep', ['-f', 'sleep 47.5']);
  expect(left.status).toBe(1);
});

test('provisioners that need a communicator say so', async () => {
  await expect(provision(shellProvisioner, 'inline = ["true"]')).rejects.toThrow(
    'The shell provisioner needs a communicator',
  );
});
