import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  breakpointProvisioner,
  convertToLinuxPath,
  fileProvisioner,
  powershellProvisioner,
  prepareErrorText,
  shellLocalProvisioner,
  shellProvisioner,
  sleepProvisioner,
  windowsRestartProvisioner,
  windowsShellProvisioner,
} from '@tspacker/plugin-builtin';
import type { ConfigSpec, ProvisionerComponent } from '@tspacker/sdk';
import { configFromHcl, testCore } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'provisioners-'));
  writeFileSync(join(dir, 'a.sh'), 'true\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function prepared<S extends ConfigSpec>(component: ProvisionerComponent<S>, text: string) {
  const config = configFromHcl(component.configSpec, text);
  return { config, result: component.prepare(config, testCore) };
}

const TOO_MANY =
  'You may only specify one of the following options: Command, Inline, Script or Scripts. Please consolidate these options in your config.';

describe('shell-local', () => {
  test('defaults for this OS; command becomes inline; script becomes scripts', () => {
    const { config, result } = prepared(shellLocalProvisioner, 'command = "echo hi"\ntempfile_extension = ".sh"\n');
    expect(result).toEqual({});
    expect(config).toMatchObject({
      inline: ['echo hi'],
      inline_shebang: '/bin/sh -e',
      execute_command: ['/bin/sh', '-c', '{{.Vars}} {{.Script}}'],
      env_var_format: "%s='%s' ",
      tempfile_extension: 'sh',
    });
    expect(prepared(shellLocalProvisioner, `script = "${dir}/a.sh"\n`).config.scripts).toEqual([`${dir}/a.sh`]);
  });

  test('nothing to run', () => {
    expect(prepared(shellLocalProvisioner, '').result.errors).toEqual([
      'Command, Inline, Script and Scripts options cannot all be empty.',
    ]);
  });

  test('too many options: each conflicting check reports', () => {
    expect(prepared(shellLocalProvisioner, `command = "x"\nscript = "${dir}/a.sh"\n`).result.errors).toEqual([TOO_MANY]);
    expect(prepared(shellLocalProvisioner, `inline = ["x"]\nscript = "${dir}/a.sh"\nscripts = ["${dir}/a.sh"]\n`).result.errors).toEqual([
      TOO_MANY,
      TOO_MANY,
    ]);
  });

  test('only_on: a bad OS is a plain error that replaces the others', () => {
    const { result } = prepared(shellLocalProvisioner, 'only_on = ["plan9"]\nenvironment_vars = ["bad"]\n');
    expect(result).toEqual({
      error: "Invalid OS specified in only_on: 'plan9'\nSupported OS names: darwin, freebsd, linux, openbsd, solaris, windows",
    });
    expect(prepareErrorText(result)).toBe(result.error);
  });

  test('use_linux_pathing: inline is refused; scripts need a drive letter', () => {
    expect(prepared(shellLocalProvisioner, 'inline = ["x"]\nuse_linux_pathing = true\n').result.errors).toEqual([
      'Packer is unable to use the Command and Inline features with the Windows Linux Subsystem. Please use the Script or Scripts options instead',
    ]);
    expect(prepared(shellLocalProvisioner, `script = "${dir}/a.sh"\nuse_linux_pathing = true\n`).result.error).toBe(
      `There was an error splitting your absolute path; expected to find a drive following the format ':/' but did not: absolute path: ${dir}/a.sh`,
    );
    expect(convertToLinuxPath('C:\\Users\\me\\x.sh')).toEqual({ path: '/mnt/c/Users/me/x.sh' });
  });

  test('missing scripts and malformed environment variables', () => {
    expect(prepared(shellLocalProvisioner, `scripts = ["${dir}/no.sh"]\nenvironment_vars = ["A=1", "=x", "B"]\n`).result.errors).toEqual([
      `Bad script '${dir}/no.sh': stat ${dir}/no.sh: no such file or directory`,
      "Environment variable not in format 'key=value': =x",
      "Environment variable not in format 'key=value': B",
    ]);
  });

  test('execute_command is not interpolated', () => {
    expect(shellLocalProvisioner.configSpec.execute_command.interpolate).toBe(false);
  });
});

describe('file', () => {
  test('direction default; source joins sources', () => {
    const { config, result } = prepared(fileProvisioner, `source = "${dir}/a.sh"\nsources = ["${dir}"]\ndestination = "/tmp/"\n`);
    expect(result).toEqual({});
    expect(config.direction).toBe('upload');
    expect(config.sources).toEqual([dir, `${dir}/a.sh`]);
  });

  test('content with sources, no destination, bad direction', () => {
    expect(prepared(fileProvisioner, `source = "${dir}/a.sh"\ncontent = "x"\ndirection = "up"\n`).result.errors).toEqual([
      'Direction must be one of: download, upload.',
      'source(s) conflicts with content.',
      'Destination must be specified.',
    ]);
  });

  test('downloads and generated sources are not checked', () => {
    expect(prepared(fileProvisioner, 'source = "/remote/x"\ndestination = "x"\ndirection = "download"\n').result).toEqual({});
    expect(prepared(fileProvisioner, `source = "${dir}/later"\ndestination = "x"\ngenerated = true\n`).result).toEqual({});
    expect(prepared(fileProvisioner, `source = "${dir}/later"\ndestination = "x"\n`).result.errors).toEqual([
      `Bad source '${dir}/later': stat ${dir}/later: no such file or directory`,
    ]);
  });

  test('content alone is fine (1.16; 1.6.6 required a source)', () => {
    expect(prepared(fileProvisioner, 'content = "x"\ndestination = "/tmp/x"\n').result).toEqual({});
  });
});

describe('shell', () => {
  test('defaults', () => {
    const { config, result } = prepared(shellProvisioner, 'inline = ["x"]\n');
    expect(result).toEqual({});
    expect(config).toMatchObject({
      env_var_format: "%s='%s' ",
      execute_command: 'chmod +x {{.Path}}; {{.Vars}} {{.Path}}',
      inline_shebang: '/bin/sh -e',
      start_retry_timeout: 300_000,
      remote_folder: '/tmp',
    });
    expect(config.remote_file).toMatch(/^script_\d+\.sh$/);
    expect(config.remote_path).toBe(`/tmp/${config.remote_file}`);
  });

  test('use_env_var_file defaults', () => {
    const { config } = prepared(shellProvisioner, 'inline = ["x"]\nuse_env_var_file = true\nremote_path = "/r/s.sh"\n');
    expect(config).toMatchObject({
      env_var_format: "export %s='%s'\n",
      execute_command: 'chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}',
      remote_path: '/r/s.sh',
    });
  });

  test('choice checks', () => {
    expect(prepared(shellProvisioner, '').result.errors).toEqual(['Either a script file or inline script must be specified.']);
    expect(prepared(shellProvisioner, 'inline = []\n').result.errors).toEqual(['Either a script file or inline script must be specified.']);
    expect(prepared(shellProvisioner, `script = "${dir}/a.sh"\nscripts = ["${dir}/a.sh"]\ninline = ["x"]\n`).result.errors).toEqual([
      'Only one of script or scripts can be specified.',
      'Only a script file or an inline script can be specified, not both.',
    ]);
  });
});

describe('windows-shell', () => {
  test('defaults and checks', () => {
    const { config, result } = prepared(windowsShellProvisioner, 'inline = ["dir"]\nenvironment_vars = ["A"]\n');
    expect(result.errors).toEqual(["Environment variable not in format 'key=value': A"]);
    expect(config).toMatchObject({
      env_var_format: 'set "%s=%s" && ',
      execute_command: '{{.Vars}}"{{.Path}}"',
      remote_path: 'c:/Windows/Temp/script.bat',
      start_retry_timeout: 300_000,
    });
  });
});

describe('powershell', () => {
  test('inline defaults: policy bypass, -file command', () => {
    const { config, result } = prepared(powershellProvisioner, 'inline = ["x"]\n');
    expect(result).toEqual({});
    expect(config.execution_policy).toBe('bypass');
    expect(config.execute_command).toBe('powershell -executionpolicy bypass -file {{.Path}}');
    expect(config.elevated_execute_command).toBe(config.execute_command);
    expect(config.remote_path).toMatch(/^c:\/Windows\/Temp\/script-[0-9a-f-]{36}\.ps1$/);
    expect(config.remote_env_var_path).toMatch(/^c:\/Windows\/Temp\/packer-ps-env-vars-[0-9a-f-]{36}\.ps1$/);
  });

  test('script defaults with pwsh and debug mode; policy names are case-insensitive (1.16)', () => {
    const { config } = prepared(powershellProvisioner, `script = "${dir}/a.sh"\nuse_pwsh = true\ndebug_mode = 1\nexecution_policy = "RemoteSigned"\n`);
    expect(config.execute_command).toBe(
      "pwsh -executionpolicy remotesigned -command \"& { if (Test-Path variable:global:ProgressPreference){set-variable -name variable:global:ProgressPreference -value 'SilentlyContinue'};Set-PsDebug -Trace 1;. {{.Vars}}; &'{{.Path}}'; exit $LastExitCode }\"",
    );
    const none = prepared(powershellProvisioner, 'inline = ["x"]\nexecution_policy = "none"\n').config;
    expect(none.execute_command).toBe('-file {{.Path}}');
  });

  test('policy given as a number', () => {
    expect(prepared(powershellProvisioner, 'inline = ["x"]\nexecution_policy = "3"\n').config.execution_policy).toBe('remotesigned');
  });

  test('unknown policy name: the decode error alone', () => {
    expect(prepared(powershellProvisioner, 'execution_policy = "lax"\n').result).toEqual({
      error: "1 error(s) decoding:\n\n* error decoding 'execution_policy': lax does not belong to ExecutionPolicy values",
    });
  });

  test('all checks, in order', () => {
    expect(
      prepared(powershellProvisioner, `script = "${dir}/none.ps1"\nscripts = ["${dir}/a.sh"]\nelevated_password = "p"\nexecution_policy = "8"\ndebug_mode = -1\n`)
        .result.errors,
    ).toEqual([
      'Only one of script or scripts can be specified.',
      "Must supply an 'elevated_user' if 'elevated_password' provided",
      `Bad script '${dir}/none.ps1': stat ${dir}/none.ps1: no such file or directory`,
      'Invalid execution policy provided. Please supply one of: "bypass", "allsigned", "default", "remotesigned", "restricted", "undefined", "unrestricted", "none".',
      '-1 is an invalid Trace level for `debug_mode`; valid values are 0, 1, and 2',
    ]);
  });
});

describe('provisioners without checks', () => {
  test('windows-restart fills its defaults', () => {
    const { config, result } = prepared(windowsRestartProvisioner, '');
    expect(result).toEqual({});
    expect(config.restart_command).toBe('shutdown /r /f /t 0 /c "packer restart"');
    expect(config.restart_timeout).toBe(300_000);
    expect(config.registry_keys).toHaveLength(3);
    const check = config.restart_check_command.replace('powershell.exe -EncodedCommand ', '');
    expect(Buffer.from(check, 'base64').toString('utf16le')).toBe('echo ("{0} restarted." -f [System.Net.Dns]::GetHostName())');
  });

  test('breakpoint and sleep', () => {
    expect(prepared(breakpointProvisioner, 'note = "n"\n').result).toEqual({});
    const sleep = prepared(sleepProvisioner, 'duration = "1m30s"\n');
    expect([sleep.result, sleep.config.duration]).toEqual([{}, 90_000]);
    expect(Object.keys(sleepProvisioner.configSpec)).toEqual(['duration']);
  });
});

test('a script name with a NUL byte is an invalid argument, as Go reports it', () => {
  const config = configFromHcl(shellProvisioner.configSpec, 'script = "a\\u0000b"\n');
  expect(shellProvisioner.prepare(config, testCore).errors).toEqual(["Bad script 'a\0b': stat a\0b: invalid argument"]);
});
