// Provisioner `powershell` (provisioner/powershell): runs PowerShell scripts (or `inline` commands) on a
// Windows machine, optionally elevated as another user.
import { attr, type ConfigOf, type ConfigSpec, type ProvisionerComponent } from '@tspacker/sdk';
import { randomUUID } from 'node:crypto';
import { environmentVarErrors, remoteShellSpec, scriptErrors, shellSpec } from '../shell-common-spec.js';
import { packerCoreSpec } from '../packer-core-spec.js';
import { inlineChoiceErrors, scriptChoiceErrors } from '../remote-script-checks.js';
import { resultOf } from '../prepare-errors.js';
import { provisionNeedsCommunicator } from '../remote-provision.js';

// The ExecutionPolicy enum, in its Go order (the index is the Go value; `none` = 7 means "do not set one").
const EXECUTION_POLICIES = [
  'bypass',
  'allsigned',
  'default',
  'remotesigned',
  'restricted',
  'undefined',
  'unrestricted',
  'none',
] as const;

export const powershellSpec = {
  ...shellSpec,
  ...remoteShellSpec,
  env_var_format: attr.string({ default: '$env:%s="%s"; ', doc: 'The format of each variable in `{{.Vars}}`.' }),
  execute_command: attr.string({
    interpolate: false,
    doc: 'The command that runs the uploaded script; the default depends on `execution_policy` and `use_pwsh`.',
  }),
  remote_env_var_path: attr.string({
    doc: 'Where the file holding the environment variables is uploaded to; defaults to a unique file in `c:/Windows/Temp`.',
  }),
  elevated_execute_command: attr.string({
    interpolate: false,
    doc: 'The command that runs the script when elevated; defaults like `execute_command`.',
  }),
  skip_clean: attr.bool({
    doc: 'Leave non-elevated scripts on the machine (elevated scripts and their scheduled tasks are always removed).',
  }),
  start_retry_timeout: attr.duration({
    default: '5m',
    doc: 'How long to keep retrying to start the command (e.g. while the machine reboots).',
  }),
  elevated_env_var_format: attr.string({
    default: '$env:%s="%s"; ',
    doc: 'The format of each variable in `{{.Vars}}` of `elevated_execute_command`.',
  }),
  elevated_user: attr.string({ doc: 'Run the scripts as this user, through a scheduled task.' }),
  elevated_password: attr.string({ doc: 'The password of `elevated_user`.' }),
  execution_policy: attr.string({
    default: 'bypass',
    doc:
      'The PowerShell execution policy: `bypass` (default), `allsigned`, `default`, `remotesigned`, ' +
      '`restricted`, `undefined`, `unrestricted` or `none` (leave it as it is).',
  }),
  debug_mode: attr.int({ doc: 'Set-PSDebug -Trace level: 0 (off), 1 or 2.' }),
  pause_after: attr.duration({ doc: 'How long to wait after the scripts ran.' }),
  use_pwsh: attr.bool({ doc: 'Run `pwsh.exe` (PowerShell Core) instead of `powershell.exe`.' }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type PowershellConfig = ConfigOf<typeof powershellSpec>;

// The decode hook: a number (as text) is taken as the enum value, else a policy name, case-insensitively.
function policyValue(text: string): number | undefined {
  if (/^[+-]?[0-9]+$/.test(text)) return Number(text);
  const index = (EXECUTION_POLICIES as readonly string[]).indexOf(text.toLowerCase());
  return index < 0 ? undefined : index;
}

function defaultExecuteCommand(policy: string, pwsh: boolean): string {
  if (policy === 'none') return '-file {{.Path}}';
  return `${pwsh ? 'pwsh' : 'powershell'} -executionpolicy ${policy} -file {{.Path}}`;
}

function defaultScriptCommand(policy: string, pwsh: boolean, debugMode: number): string {
  const base =
    "& { if (Test-Path variable:global:ProgressPreference){set-variable -name variable:global:ProgressPreference -value 'SilentlyContinue'};" +
    (debugMode !== 0 ? `Set-PsDebug -Trace ${debugMode};` : '') +
    ". {{.Vars}}; &'{{.Path}}'; exit $LastExitCode }";
  if (policy === 'none') return base;
  return pwsh ? `pwsh -executionpolicy ${policy} -command "${base}"` : `powershell -executionpolicy ${policy} "${base}"`;
}

export const powershellProvisioner: ProvisionerComponent<typeof powershellSpec> = {
  configSpec: powershellSpec,
  prepare(c) {
    const policy = policyValue(c.execution_policy === '' ? 'bypass' : c.execution_policy);
    if (policy === undefined) {
      // Rejected while decoding (mapstructure's error), before any other check.
      return {
        error:
          '1 error(s) decoding:\n\n' +
          `* error decoding 'execution_policy': ${c.execution_policy} does not belong to ExecutionPolicy values`,
      };
    }
    const policyName = EXECUTION_POLICIES[policy] ?? `ExecutionPolicy(${policy})`;
    c.execution_policy = policyName;

    if (c.env_var_format === '') c.env_var_format = '$env:%s="%s"; ';
    if (c.elevated_env_var_format === '') c.elevated_env_var_format = '$env:%s="%s"; ';
    if (c.start_retry_timeout === 0) c.start_retry_timeout = 5 * 60_000;
    if (c.remote_path === '') c.remote_path = `c:/Windows/Temp/script-${randomUUID()}.ps1`;
    if (c.remote_env_var_path === '') c.remote_env_var_path = `c:/Windows/Temp/packer-ps-env-vars-${randomUUID()}.ps1`;

    const errors = scriptChoiceErrors(c);
    if (c.elevated_user === '' && c.elevated_password !== '') {
      errors.push("Must supply an 'elevated_user' if 'elevated_password' provided");
    }
    errors.push(...inlineChoiceErrors(c));

    const inlineOnly = c.inline.length > 0 && c.scripts.length === 0;
    const command = inlineOnly
      ? defaultExecuteCommand(policyName, c.use_pwsh)
      : defaultScriptCommand(policyName, c.use_pwsh, c.debug_mode);
    if (c.execute_command === '') c.execute_command = command;
    if (c.elevated_execute_command === '') c.elevated_execute_command = command;

    errors.push(...scriptErrors(c.scripts), ...environmentVarErrors(c.environment_vars));
    if (policy > 7) {
      errors.push(
        'Invalid execution policy provided. Please supply one of: "bypass", "allsigned", "default", ' +
          '"remotesigned", "restricted", "undefined", "unrestricted", "none".',
      );
    }
    if (!(c.debug_mode >= 0 && c.debug_mode <= 2)) {
      errors.push(`${c.debug_mode} is an invalid Trace level for \`debug_mode\`; valid values are 0, 1, and 2`);
    }
    return resultOf(errors);
  },
  provision: provisionNeedsCommunicator('powershell'),
};
