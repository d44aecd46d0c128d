// Provisioner `shell` (provisioner/shell): uploads scripts (or `inline` commands) and runs them on the machine
// through the communicator (shell-remote-run.ts).
import { attr, type ConfigOf, type ConfigSpec, type ProvisionerComponent } from '@tspacker/sdk';
import { environmentVarErrors, remoteShellSpec, scriptErrors, shellSpec } from '../shell-common-spec.js';
import { applyCoreInfo, packerCoreSpec } from '../packer-core-spec.js';
import { inlineChoiceErrors, scriptChoiceErrors } from '../remote-script-checks.js';
import { resultOf } from '../prepare-errors.js';
import { noCommunicatorError } from '../remote-provision.js';
import { runShellRemote } from '../shell-remote-run.js';
import { markDefaultInlineShebang } from '../shell-remote-script.js';

export const shellProvisionerSpec = {
  ...shellSpec,
  ...remoteShellSpec,
  execute_command: attr.string({
    interpolate: false,
    doc:
      'The command that runs the uploaded script. Defaults to `chmod +x {{.Path}}; {{.Vars}} {{.Path}}` ' +
      '(`chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}` with `use_env_var_file`).',
  }),
  inline_shebang: attr.string({ doc: 'The shebang of the script made from `inline`; defaults to `/bin/sh -e`.' }),
  pause_after: attr.duration({ doc: 'How long to wait after the scripts ran.' }),
  use_env_var_file: attr.bool({ doc: 'Write the variables to a file that the command sources, instead of inline.' }),
  remote_folder: attr.string({ default: '/tmp', doc: 'The directory scripts are uploaded to.' }),
  remote_file: attr.string({ doc: 'The file name scripts are uploaded as; defaults to `script_NNNN.sh`.' }),
  start_retry_timeout: attr.duration({
    default: '5m',
    doc: 'How long to keep retrying to start the command (e.g. while the machine reboots).',
  }),
  skip_clean: attr.bool({ doc: 'Leave the uploaded scripts on the machine.' }),
  expect_disconnect: attr.bool({ doc: 'A disconnection while the scripts run (e.g. a reboot) is not an error.' }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type ShellProvisionerConfig = ConfigOf<typeof shellProvisionerSpec>;

export const shellProvisioner: ProvisionerComponent<typeof shellProvisionerSpec> = {
  configSpec: shellProvisionerSpec,
  prepare(c, core) {
    // PACKER_BUILD_NAME and PACKER_BUILDER_TYPE come from core's keys.
    applyCoreInfo(c, core);
    if (c.env_var_format === '') c.env_var_format = c.use_env_var_file ? "export %s='%s'\n" : "%s='%s' ";
    if (c.execute_command === '') {
      c.execute_command = c.use_env_var_file
        ? 'chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}'
        : 'chmod +x {{.Path}}; {{.Vars}} {{.Path}}';
    }
    if (c.inline_shebang === '') {
      c.inline_shebang = '/bin/sh -e';
      markDefaultInlineShebang(c);
    }
    if (c.start_retry_timeout === 0) c.start_retry_timeout = 5 * 60_000;
    if (c.remote_folder === '') c.remote_folder = '/tmp';
    if (c.remote_file === '') c.remote_file = `script_${Math.floor(Math.random() * 9999)}.sh`;
    if (c.remote_path === '') c.remote_path = `${c.remote_folder}/${c.remote_file}`;

    const errors = scriptChoiceErrors(c);
    errors.push(...inlineChoiceErrors(c), ...scriptErrors(c.scripts), ...environmentVarErrors(c.environment_vars));
    return resultOf(errors);
  },
  async provision(c, ctx) {
    if (ctx.communicator === undefined) throw noCommunicatorError('shell');
    return runShellRemote(c, ctx.communicator, ctx);
  },
};
