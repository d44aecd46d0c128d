// The shell provisioner end to end: tspacker builds a template whose null source connects over SSH to a real
// OpenSSH server (this host), and the provisioner uploads, runs and removes its scripts there. What the scripts
// see (variables, paths, shebangs) comes back through their output, which the UI shows line by line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD } from './null-ssh-build.js';
import { hcl, shellTestMachine, workspace } from './shell-harness.js';

const { build } = shellTestMachine();

/** The inline script Packer writes locally: TMPDIR/packer-shellDIGITS. */
const INLINE_SCRIPT = new RegExp(`^Provisioning with shell script: ${os.tmpdir().replace(/[/\\.]/g, '\\$&')}/packer-shell\\d+$`);

test('inline: one script run by /bin/sh -e, its output shown line by line, Packer variables exported, everything removed after', async () => {
  const { dir, remote } = workspace();
  const run = await build(
    dir,
    `provisioner "shell" {
      inline = ["echo one; echo two", "echo to-stderr >&2", "echo \\"$PACKER_BUILD_NAME/$PACKER_BUILDER_TYPE\\"", "echo shebang: $(head -1 $0)"]
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  expect(run.exitCode).toBe(0);
  expect(run.said[0]).toMatch(INLINE_SCRIPT);
  // stdout and stderr are separate streams: only each one's own order is kept.
  expect(run.said.slice(1).filter((l) => l !== 'to-stderr')).toEqual(['one', 'two', 'x/null', 'shebang: #!/bin/sh -e']);
  expect(run.said).toContain('to-stderr');
  expect(run.lines.some((l) => l.startsWith(`Build '${BUILD}' finished after `))).toBe(true);
  // The remote script is removed, and the local temporary script too.
  expect(remote.files()).toEqual([]);
  const local = run.said[0]!.slice('Provisioning with shell script: '.length);
  expect(fs.existsSync(local)).toBe(false);
});

test('the default shebang stops at the first failing command', async () => {
  const { dir, remote } = workspace();
  const run = await build(dir, `provisioner "shell" {\n inline = ["false", "echo not reached"]\n remote_folder = ${hcl(remote.dir)}\n}`);
  expect(run.exitCode).toBe(1);
  expect(run.said).not.toContain('not reached');
  expect(run.lines).toContain(`--> ${BUILD}: Script exited with non-zero exit status: 1. Allowed exit codes are: [0]`);
});

test('inline that starts with its own #! keeps it; an explicit inline_shebang is written anyway (current Packer)', async () => {
  const { dir, remote } = workspace();
  const run = await build(
    dir,
    `provisioner "shell" {
      inline = ["#!/bin/bash", "echo bash: $\${BASH_VERSION:+yes}", "echo first: $(head -1 $0)"]
      remote_folder = ${hcl(remote.dir)}
    }
    provisioner "shell" {
      inline = ["#!/bin/bash", "echo bash: $\${BASH_VERSION:+yes}", "echo first: $(head -1 $0)"]
      inline_shebang = "/bin/sh"
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  expect(run.exitCode).toBe(0);
  const output = run.said.filter((l) => !l.startsWith('Provisioning with'));
  expect(output).toEqual(['bash: yes', 'first: #!/bin/bash', 'bash:', 'first: #!/bin/sh']);
});

test('scripts run in order, each announced by its path as written; environment_vars and env (env wins), quotes kept', async () => {
  const { dir, remote } = workspace();
  fs.writeFileSync(path.join(dir, 'a.sh'), '#!/bin/sh\necho "a: $GREETING $QUOTED"\n');
  fs.writeFileSync(path.join(dir, 'b.sh'), '#!/bin/sh\necho "b: $ONLY_ENV $PACKER_BUILD_NAME"\n');
  // Relative to the working directory, as Packer reads them.
  const a = path.relative(process.cwd(), path.join(dir, 'a.sh'));
  const run = await build(
    dir,
    `provisioner "shell" {
      scripts = ["${a}", "${dir}/b.sh"]
      environment_vars = ["GREETING=hello world", "QUOTED=it's \\"so\\"", "ONLY_ENV=from vars"]
      env = { ONLY_ENV = "from env's map" }
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  expect(run.said).toEqual([
    `Provisioning with shell script: ${a}`,
    `a: hello world it's "so"`,
    `Provisioning with shell script: ${dir}/b.sh`,
    "b: from env's map x",
  ]);
  expect(remote.files()).toEqual([]);
});

test('execute_command is a Go template over .Vars, .Path and the generated data; env_var_format shapes .Vars', async () => {
  const { dir, remote } = workspace();
  const run = await build(
    dir,
    `provisioner "shell" {
      inline = ["echo in script: $A"]
      environment_vars = ["A=1", "B=2"]
      env_var_format = "export %s=%s; "
      execute_command = "echo 'vars: {{.Vars}}'; echo 'path: {{.Path}}' 'host: {{ build \`Host\` }}' 'file: [{{.EnvVarFile}}]'; {{.Vars}} sh {{.Path}}"
      remote_folder = ${hcl(remote.dir)}
      remote_file = "run.sh"
    }`,
  );
  expect(run.exitCode).toBe(0);
  expect(run.said.slice(1)).toEqual([
    // Output lines lose their trailing blanks (RemoteCmd.cleanOutputLine).
    'vars: export A=1; export B=2; export PACKER_BUILDER_TYPE=null; export PACKER_BUILD_NAME=x;',
    `path: ${remote.dir}/run.sh host: 127.0.0.1 file: []`,
    'in script: 1',
  ]);
});

test('an execute_command that is not a valid template is reported before anything runs', async () => {
  const { dir, remote } = workspace();
  const run = await build(dir, `provisioner "shell" {\n inline = ["true"]\n execute_command = "{{.Path"\n remote_folder = ${hcl(remote.dir)}\n}`);
  expect(run.exitCode).toBe(1);
  expect(run.lines.find((l) => l.startsWith(`--> ${BUILD}: `))).toMatch(/^--> null\.x: Error processing command: template: root:1: /);
  expect(remote.files()).toEqual([]);
});

test('use_env_var_file: the variables go to a 0600 file in remote_folder that the command sources, removed after', async () => {
  const { dir, remote } = workspace();
  const run = await build(
    dir,
    `provisioner "shell" {
      inline = ["echo \\"A=$A B=$B\\"", "stat -c '%a %n' $VARFILE", "cat $VARFILE"]
      environment_vars = ["A=it's", "B=two words"]
      use_env_var_file = true
      execute_command = "chmod +x {{.Path}}; . {{.EnvVarFile}} && VARFILE={{.EnvVarFile}} {{.Path}}"
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  expect(run.exitCode).toBe(0);
  expect(run.said[1]).toBe("A=it's B=two words");
  expect(run.said[2]).toMatch(new RegExp(`^600 ${remote.dir}/varfile_\\d+\\.sh$`));
  expect(run.said.slice(3)).toEqual([
    `export A='it'"'"'s'`,
    `export B='two words'`,
    `export PACKER_BUILDER_TYPE='null'`,
    `export PACKER_BUILD_NAME='x'`,
  ]);
  expect(remote.files()).toEqual([]);
});

test('skip_clean leaves the script (0755, Unix line endings) and the variables file; remote_path names the script', async () => {
  const { dir, remote } = workspace();
  fs.writeFileSync(path.join(dir, 'crlf.sh'), 'echo one\r\necho two\r\necho three');
  const run = await build(
    dir,
    `provisioner "shell" {
      script = "${dir}/crlf.sh"
      remote_folder = ${hcl(remote.dir)}
      remote_path = "${remote.dir}/kept.sh"
      use_env_var_file = true
      skip_clean = true
    }`,
  );
  expect(run.said).toEqual([`Provisioning with shell script: ${dir}/crlf.sh`, 'one', 'two', 'three']);
  const files = remote.files();
  expect(files).toEqual([expect.stringMatching(/^kept\.sh$/), expect.stringMatching(/^varfile_\d+\.sh$/)]);
  expect(fs.readFileSync(path.join(remote.dir, 'kept.sh'), 'utf8')).toBe('echo one\necho two\necho three\n');
  expect(fs.statSync(path.join(remote.dir, 'kept.sh')).mode & 0o777).toBe(0o755);
  expect(fs.statSync(path.join(remote.dir, files[1]!)).mode & 0o777).toBe(0o600);
});

test('binary uploads the script byte for byte', async () => {
  const { dir, remote } = workspace();
  const bytes = Buffer.from('#!/bin/sh\r\necho "$(printf x)"\r\n\u00e9\u0000\r\n', 'latin1');
  fs.writeFileSync(path.join(dir, 'bin.sh'), bytes);
  const run = await build(
    dir,
    `provisioner "shell" {
      script = "${dir}/bin.sh"
      binary = true
      skip_clean = true
      remote_folder = ${hcl(remote.dir)}
      remote_file = "bin.sh"
      execute_command = "true"
    }`,
  );
  expect(run.exitCode).toBe(0);
  expect(fs.readFileSync(path.join(remote.dir, 'bin.sh'))).toEqual(bytes);
});

test('valid_exit_codes accept other statuses; pause_after waits after the scripts', async () => {
  const { dir, remote } = workspace();
  const started = Date.now();
  const run = await build(
    dir,
    `provisioner "shell" {
      inline = ["exit 3"]
      valid_exit_codes = [0, 3]
      pause_after = "1500ms"
      remote_folder = ${hcl(remote.dir)}
    }`,
  );
  expect(run.exitCode).toBe(0);
  expect(run.said.slice(1)).toEqual(['Pausing 1.5s after this provisioner...']);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  expect(remote.files()).toEqual([]);
});

test('an empty script is uploaded and runs', async () => {
  const { dir, remote } = workspace();
  fs.writeFileSync(path.join(dir, 'empty.sh'), '');
  const run = await build(
    dir,
    `provisioner "shell" {\n script = "${dir}/empty.sh"\n skip_clean = true\n remote_folder = ${hcl(remote.dir)}\n remote_file = "empty.sh"\n}`,
  );
  expect(run.exitCode).toBe(0);
  expect(fs.readFileSync(path.join(remote.dir, 'empty.sh'), 'utf8')).toBe('');
});

test('over SFTP and with a pseudo-terminal: the same scripts, the same clean lines', async () => {
  const { dir, remote } = workspace();
  const provisioner = `provisioner "shell" {
    inline = ["echo out", "echo err >&2", "test -t 1 && echo tty || echo no-tty"]
    remote_folder = ${hcl(remote.dir)}
  }`;
  const sftp = await build(dir, provisioner, ['ssh_file_transfer_method = "sftp"']);
  expect(sftp.exitCode).toBe(0);
  expect(sftp.said.filter((l) => l !== 'err').slice(1)).toEqual(['out', 'no-tty']);
  // A pty merges stderr into stdout and ends lines with CR LF: the UI still gets the bare text, in order.
  const pty = await build(dir, provisioner, ['ssh_pty = true']);
  expect(pty.exitCode).toBe(0);
  expect(pty.said.slice(1)).toEqual(['out', 'err', 'tty']);
  expect(remote.files()).toEqual([]);
});
