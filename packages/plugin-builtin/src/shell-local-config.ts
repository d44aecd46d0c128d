// The SDK's shell-local config (packer-plugin-sdk shell-local/config.go), shared by the `shell-local`
// provisioner and post-processor: its spec and Validate (defaults for this OS, then Go's checks, in order).
import { resolve } from 'node:path';
import { attr, type ConfigOf, type ConfigSpec, type PrepareResult } from '@tspacker/sdk';
import { shellSpec, environmentVarErrors, scriptErrors } from './shell-common-spec.js';
import { packerCoreSpec } from './packer-core-spec.js';
import { goOS } from '@tspacker/sdk';
import { resultOf } from './prepare-errors.js';

export const shellLocalSpec = {
  ...shellSpec,
  // Deprecated in Packer's sources without a warning; see ssh_wait_timeout in the SDK's communicator/config.ts.
  command: attr.string({ doc: 'A single command to run; deprecated, use `inline`.' }),
  execute_command: attr.list(attr.string(), {
    interpolate: false,
    doc:
      'The command line that runs the script: `{{.Script}}` is the script, `{{.Vars}}` the variables. Defaults ' +
      'to `["/bin/sh", "-c", "{{.Vars}} {{.Script}}"]` (`["cmd", "/V", "/C", "{{.Vars}}", "call", ' +
      '"{{.Script}}"]` on Windows).',
  }),
  inline_shebang: attr.string({ doc: 'The shebang of the script made from `inline`; defaults to `/bin/sh -e`.' }),
  only_on: attr.list(attr.string(), {
    doc: 'Run only on these operating systems (`darwin`, `freebsd`, `linux`, `openbsd`, `solaris`, `windows`).',
  }),
  tempfile_extension: attr.string({ doc: 'The extension of the script made from `inline` (`.cmd` on Windows).' }),
  use_linux_pathing: attr.bool({
    doc: 'On Windows, run scripts through the Windows Subsystem for Linux, with `/mnt/c/...` paths.',
  }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type ShellLocalConfig = ConfigOf<typeof shellLocalSpec>;

const SUPPORTED_OS = ['darwin', 'freebsd', 'linux', 'openbsd', 'solaris', 'windows'];

const TOO_MANY =
  'You may only specify one of the following options: Command, Inline, Script or Scripts. Please consolidate ' +
  'these options in your config.';

/** C:/path/to/file → /mnt/c/path/to/file (WSL), or Go's error text. */
export function convertToLinuxPath(winAbsPath: string): { path: string } | { error: string } {
  const slashed = winAbsPath.replaceAll('\\', '/');
  const at = slashed.indexOf(':/');
  if (at < 0) {
    return {
      error:
        "There was an error splitting your absolute path; expected to find a drive following the format ':/' but " +
        `did not: absolute path: ${slashed}`,
    };
  }
  return { path: `/mnt/${slashed.slice(0, at).toLowerCase()}/${slashed.slice(at + 2)}` };
}

/** shell_local.Validate: fills defaults into `c` and returns Packer's errors. */
export function validateShellLocal(c: ShellLocalConfig): PrepareResult {
  const windows = goOS() === 'windows';
  if (windows) {
    if (c.execute_command.length === 0) c.execute_command = ['cmd', '/V', '/C', '{{.Vars}}', 'call', '{{.Script}}'];
    if (c.tempfile_extension === '') c.tempfile_extension = '.cmd';
  } else {
    if (c.inline_shebang === '') c.inline_shebang = '/bin/sh -e';
    if (c.execute_command.length === 0) c.execute_command = ['/bin/sh', '-c', '{{.Vars}} {{.Script}}'];
  }

  const errors: string[] = [];
  if (c.command === '' && c.inline.length === 0 && c.scripts.length === 0 && c.script === '') {
    errors.push('Command, Inline, Script and Scripts options cannot all be empty.');
  }
  if (c.command !== '') {
    if (c.inline.length !== 0 || c.scripts.length !== 0 || c.script !== '') errors.push(TOO_MANY);
    else c.inline = [c.command];
  }
  if (c.script !== '') {
    if (c.scripts.length > 0 || c.inline.length > 0) errors.push(TOO_MANY);
    else c.scripts = [c.script];
  }
  // Go compares `inline` with nil here; an absent list and an empty one are the same to us.
  if (c.scripts.length > 0 && c.inline.length > 0) errors.push(TOO_MANY);
  errors.push(...scriptErrors(c.scripts));

  // These two checks return on their own, dropping the errors collected so far (as Packer does).
  for (const os of c.only_on) {
    if (!SUPPORTED_OS.includes(os)) {
      return { error: `Invalid OS specified in only_on: '${os}'\nSupported OS names: ${SUPPORTED_OS.join(', ')}` };
    }
  }
  if (c.use_linux_pathing) {
    for (const [index, script] of c.scripts.entries()) {
      const converted = convertToLinuxPath(resolve(script));
      if ('error' in converted) return { error: converted.error };
      c.scripts[index] = converted.path;
    }
    if (c.inline.length > 0) {
      errors.push(
        'Packer is unable to use the Command and Inline features with the Windows Linux Subsystem. Please use the ' +
          'Script or Scripts options instead',
      );
    }
  }

  if (c.env_var_format === '') c.env_var_format = windows && !c.use_linux_pathing ? 'set %s=%s && ' : "%s='%s' ";
  if (c.tempfile_extension.startsWith('.')) c.tempfile_extension = c.tempfile_extension.slice(1);
  errors.push(...environmentVarErrors(c.environment_vars));
  return resultOf(errors);
}
