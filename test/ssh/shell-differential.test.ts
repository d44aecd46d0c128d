// The shell provisioner side by side with Packer 1.6.6: the same template, against the same sshd, built by
// `packer build` and by tspacker. Compared: the lines the provisioners print (output lines included, so the
// environment a script sees too), the build's error, the files left in the remote folder (names, bytes, modes)
// and the exit code. 1.6.6's known differences are converted first: Message lines in the 1.13+ form
// (packer-messages.ts) and the missing space of its exit-code error (`status: 3.Allowed`, fixed since).
// Templates avoid what 1.6.6 lacks (`env`, inline scripts with their own `#!`).
import fs from 'node:fs';
import path from 'node:path';
import { tspackerBuild } from './null-ssh-build.js';
import {
  buildError,
  DROP_CONNECTION,
  hcl,
  packerBuild,
  provisionerLines,
  shellTestMachine,
  waitFor,
  workspace,
  type RemoteDir,
} from './shell-harness.js';

const machine = shellTestMachine();

/** What one tool did: its provisioner lines and error (normalized), exit code, and the remote files left. */
interface Outcome {
  readonly said: string[];
  readonly error: string | undefined;
  readonly exitCode: number;
  readonly files: Record<string, { mode: string; content: string }>;
}

/** Random names in both tools' output: the local inline script and the variables file. */
function normalized(line: string): string {
  return line
    .replace(/\/packer-shell\d+/g, '/packer-shellN')
    .replace(/varfile_\d+\.sh/g, 'varfile_N.sh')
    .replace(/non-zero exit status: (\d+)\.Allowed/g, 'non-zero exit status: $1. Allowed');
}

function errorOf(lines: readonly string[]): string | undefined {
  const error = buildError(lines);
  return error === undefined ? undefined : normalized(error);
}

/** The remote folder's files (then emptied for the next run). */
function takeFiles(remote: RemoteDir): Outcome['files'] {
  const files: Outcome['files'] = {};
  for (const name of remote.files()) {
    const file = path.join(remote.dir, name);
    files[normalized(name)] = { mode: (fs.statSync(file).mode & 0o777).toString(8), content: fs.readFileSync(file, 'latin1') };
    fs.rmSync(file);
  }
  return files;
}

/**
 * Builds `provisioners` with Packer 1.6.6, then with tspacker, in one workspace; `during` runs alongside each
 * build (what happens to the machine meanwhile).
 */
async function bothBuild(
  provisioners: (dir: string, remote: RemoteDir) => string,
  during: (remote: RemoteDir) => Promise<void> = async () => {},
): Promise<{ packer: Outcome; tspacker: Outcome }> {
  const { dir, remote } = workspace();
  machine.writeTemplate(dir, provisioners(dir, remote));
  const [packerRun] = await Promise.all([packerBuild(dir), during(remote)]);
  const packer: Outcome = {
    said: provisionerLines(packerRun.lines).map(normalized),
    error: errorOf(packerRun.lines),
    exitCode: packerRun.exitCode,
    files: takeFiles(remote),
  };
  const [tspackerRun] = await Promise.all([tspackerBuild(dir), during(remote)]);
  const tspacker: Outcome = {
    said: provisionerLines(tspackerRun.lines).map(normalized),
    error: errorOf(tspackerRun.lines),
    exitCode: tspackerRun.exitCode,
    files: takeFiles(remote),
  };
  return { packer, tspacker };
}

test('inline with environment_vars: the lines printed, the environment the script sees, pause_after, nothing left', async () => {
  const { packer, tspacker } = await bothBuild(
    (_dir, remote) => `
    provisioner "shell" {
      inline = ["echo out", "env | grep -v -e '^SSH_' -e '^_=' | sort", "echo \\"0=$0\\""]
      environment_vars = ["A=it's", "B=two words", "C=", "D=a\\"b\\\\c"]
      pause_after = "1s"
      remote_folder = ${hcl(remote.dir)}
      remote_file = "inline.sh"
    }`,
  );
  expect(packer.exitCode).toBe(0);
  expect(packer.said).toContain("A=it's");
  expect(tspacker).toEqual(packer);
});

test('scripts with Windows line endings, skip_clean: the same script file left, with the same bytes and mode', async () => {
  const { packer, tspacker } = await bothBuild((dir, remote) => {
    fs.writeFileSync(path.join(dir, 'one.sh'), '#!/bin/sh\r\necho "one $PACKER_BUILDER_TYPE"\r\necho last-without-newline');
    fs.writeFileSync(path.join(dir, 'two.sh'), 'echo two\n\n\necho "after blank lines"\n');
    return `
    provisioner "shell" {
      scripts = ["${dir}/one.sh", "${dir}/two.sh"]
      skip_clean = true
      remote_folder = ${hcl(remote.dir)}
      remote_file = "kept.sh"
    }
    provisioner "shell" {
      script = "${dir}/one.sh"
      skip_clean = true
      remote_folder = ${hcl(remote.dir)}
      remote_file = "one.sh"
    }`;
  });
  expect(Object.keys(packer.files)).toEqual(['kept.sh', 'one.sh']);
  expect(tspacker).toEqual(packer);
});

test('use_env_var_file with skip_clean: the variables file, its mode and what the script sources from it', async () => {
  const { packer, tspacker } = await bothBuild(
    (_dir, remote) => `
    provisioner "shell" {
      inline = ["echo \\"A=$A B=$B\\""]
      environment_vars = ["A=it's", "B=two words"]
      use_env_var_file = true
      skip_clean = true
      remote_folder = ${hcl(remote.dir)}
      remote_file = "s.sh"
    }`,
  );
  expect(Object.keys(packer.files)).toEqual(['s.sh', 'varfile_N.sh']);
  expect(tspacker).toEqual(packer);
});

test('execute_command and env_var_format', async () => {
  const { packer, tspacker } = await bothBuild(
    (_dir, remote) => `
    provisioner "shell" {
      inline = ["echo \\"in script: $X\\""]
      environment_vars = ["X=1"]
      env_var_format = "export %s=\\"%s\\"; "
      execute_command = "echo 'running {{.Path}} with {{.Vars}}'; {{.Vars}} sh {{.Path}}"
      remote_folder = ${hcl(remote.dir)}
      remote_file = "e.sh"
    }`,
  );
  expect(packer.said.length).toBeGreaterThan(2);
  expect(tspacker).toEqual(packer);
});

test('an exit status outside valid_exit_codes, and a missing command: the same error and the same script left', async () => {
  for (const command of ['exit 3', 'no-such-command-here']) {
    const { packer, tspacker } = await bothBuild(
      (_dir, remote) => `
      provisioner "shell" {
        # On stderr like the shell's complaint: the order of lines across the two streams is not kept.
        inline = ["echo before >&2", ${hcl(command)}]
        valid_exit_codes = [0, 1]
        remote_folder = ${hcl(remote.dir)}
        remote_file = "fails.sh"
      }
      provisioner "shell" {
        inline = ["echo not reached"]
        remote_folder = ${hcl(remote.dir)}
      }`,
    );
    expect(packer.exitCode).toBe(1);
    expect(packer.error).toMatch(/^Script exited with non-zero exit status: (3|127)\. Allowed exit codes are: \[0 1\]$/);
    expect(tspacker).toEqual(packer);
  }
});

test('valid_exit_codes accepting a non-zero status: both go on to the next provisioner', async () => {
  const { packer, tspacker } = await bothBuild(
    (_dir, remote) => `
    provisioner "shell" {
      inline = ["exit 2"]
      valid_exit_codes = [2]
      remote_folder = ${hcl(remote.dir)}
    }
    provisioner "shell" {
      inline = ["echo next"]
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  expect(packer.exitCode).toBe(0);
  expect(tspacker).toEqual(packer);
});

test('the connection dropped in a script, with and without expect_disconnect', async () => {
  for (const expectDisconnect of [false, true]) {
    const { packer, tspacker } = await bothBuild(
      (_dir, remote) => `
      provisioner "shell" {
        inline = ${JSON.stringify(DROP_CONNECTION)}
        expect_disconnect = ${expectDisconnect}
        remote_folder = ${hcl(remote.dir)}
        remote_file = "drop.sh"
      }
      provisioner "shell" {
        inline = ["echo after"]
        remote_folder = ${hcl(remote.dir)}
      }`,
    );
    expect(packer.exitCode).toBe(expectDisconnect ? 0 : 1);
    expect(tspacker).toEqual(packer);
  }
});

test('a reboot in the middle of a script, then a second script that waits for the machine (start_retry_timeout)', async () => {
  const reboot = async (remote: RemoteDir): Promise<void> => {
    const marker = path.join(remote.dir, 'rebooting');
    await waitFor('the first script to run', () => fs.existsSync(marker), 20_000);
    fs.rmSync(marker);
    await machine.sshd.stop();
    await new Promise((r) => setTimeout(r, 3000));
    await machine.sshd.start();
  };
  const { packer, tspacker } = await bothBuild(
    (_dir, remote) => `
    provisioner "shell" {
      inline = ["echo going down", "touch ${remote.dir}/rebooting", "sleep 20", "echo not reached"]
      expect_disconnect = true
      remote_folder = ${hcl(remote.dir)}
      remote_file = "down.sh"
    }
    provisioner "shell" {
      inline = ["echo back up"]
      start_retry_timeout = "30s"
      remote_folder = ${hcl(remote.dir)}
      remote_file = "up.sh"
    }`,
    reboot,
  );
  expect(packer.exitCode).toBe(0);
  expect(packer.said).toContain('back up');
  expect(tspacker).toEqual(packer);
});
