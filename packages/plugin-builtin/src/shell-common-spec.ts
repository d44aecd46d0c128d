// The SDK's shell.Provisioner and shell.ProvisionerRemoteSpecific: the options every shell-style provisioner
// (shell, shell-local, windows-shell, powershell) shares (each adds packerCoreSpec last), plus the checks they
// all run with the same wording.
import { attr, type ConfigSpec } from '@tspacker/sdk';
import { goStatError } from '@tspacker/sdk';

export const shellSpec = {
  inline: attr.list(attr.string(), { doc: 'Commands to run, all in one shell.' }),
  script: attr.string({ doc: 'A local script to run.' }),
  scripts: attr.list(attr.string(), { doc: 'Local scripts to run, in order.' }),
  valid_exit_codes: attr.list(attr.int(), { doc: 'Exit codes that count as success; defaults to `[0]`.' }),
  environment_vars: attr.list(attr.string(), {
    doc: 'Environment variables as `KEY=VALUE`, set before the commands run; `env` wins on duplicates.',
  }),
  env: attr.map(attr.string(), { doc: 'Environment variables as a map; they win over `environment_vars`.' }),
  env_var_format: attr.string({
    doc: 'The `printf`-style format (`%s` for the name, then the value) of each variable in `{{.Vars}}`.',
  }),
} satisfies ConfigSpec;

export const remoteShellSpec = {
  binary: attr.bool({ doc: 'The script is binary: do not convert Windows line endings.' }),
  remote_path: attr.string({ doc: 'Where the script is uploaded to on the machine.' }),
  execute_command: attr.string({
    interpolate: false,
    doc: 'The command that runs the uploaded script; `{{.Path}}` is the script, `{{.Vars}}` the variables.',
  }),
} satisfies ConfigSpec;

/** `Bad script 'x': stat x: …` for each script that cannot be stat'ed. */
export function scriptErrors(scripts: readonly string[]): string[] {
  return scripts.flatMap((path) => {
    const error = goStatError(path);
    return error ? [`Bad script '${path}': ${error}`] : [];
  });
}

/** The check for `environment_vars` entries that are not `key=value` with a non-empty key. */
export function environmentVarErrors(vars: readonly string[]): string[] {
  return vars.flatMap((kv) => {
    const eq = kv.indexOf('=');
    return eq <= 0 ? [`Environment variable not in format 'key=value': ${kv}`] : [];
  });
}

/** shell.Provisioner.ValidExitCode: Packer's error for an exit code outside valid_exit_codes (default `[0]`). */
export function invalidExitCodeError(code: number, validExitCodes: readonly number[]): Error | undefined {
  const valid = validExitCodes.length === 0 ? [0] : validExitCodes;
  if (valid.includes(code)) return undefined;
  return new Error(`Script exited with non-zero exit status: ${code}. Allowed exit codes are: [${valid.join(' ')}]`);
}
