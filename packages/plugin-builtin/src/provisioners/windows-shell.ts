// Provisioner `windows-shell` (provisioner/windows-shell): runs batch scripts (or `inline` commands) on a
// Windows machine through the communicator.
import { attr, type ConfigOf, type ConfigSpec, type ProvisionerComponent } from '@tspacker/sdk';
import { environmentVarErrors, remoteShellSpec, scriptErrors, shellSpec } from '../shell-common-spec.js';
import { packerCoreSpec } from '../packer-core-spec.js';
import { inlineChoiceErrors, scriptChoiceErrors } from '../remote-script-checks.js';
import { resultOf } from '../prepare-errors.js';
import { provisionNeedsCommunicator } from '../remote-provision.js';

const DEFAULT_REMOTE_PATH = 'c:/Windows/Temp/script.bat';

export const windowsShellSpec = {
  ...shellSpec,
  ...remoteShellSpec,
  env_var_format: attr.string({ default: 'set "%s=%s" && ', doc: 'The format of each variable in `{{.Vars}}`.' }),
  remote_path: attr.string({ default: DEFAULT_REMOTE_PATH, doc: 'Where the script is uploaded to on the machine.' }),
  execute_command: attr.string({
    interpolate: false,
    default: '{{.Vars}}"{{.Path}}"',
    doc: 'The command that runs the uploaded script.',
  }),
  start_retry_timeout: attr.duration({
    default: '5m',
    doc: 'How long to keep retrying to start the command (e.g. while the machine reboots).',
  }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type WindowsShellConfig = ConfigOf<typeof windowsShellSpec>;

export const windowsShellProvisioner: ProvisionerComponent<typeof windowsShellSpec> = {
  configSpec: windowsShellSpec,
  prepare(c) {
    if (c.env_var_format === '') c.env_var_format = 'set "%s=%s" && ';
    if (c.execute_command === '') c.execute_command = '{{.Vars}}"{{.Path}}"';
    if (c.start_retry_timeout === 0) c.start_retry_timeout = 5 * 60_000;
    if (c.remote_path === '') c.remote_path = DEFAULT_REMOTE_PATH;

    const errors = scriptChoiceErrors(c);
    errors.push(...inlineChoiceErrors(c), ...scriptErrors(c.scripts), ...environmentVarErrors(c.environment_vars));
    return resultOf(errors);
  },
  provision: provisionNeedsCommunicator('windows-shell'),
};
