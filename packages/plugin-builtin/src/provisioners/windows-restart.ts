// Provisioner `windows-restart` (provisioner/windows-restart): restarts a Windows machine and waits for it.
import { attr, type ConfigOf, type ConfigSpec, type ProvisionerComponent } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';
import { provisionNeedsCommunicator } from '../remote-provision.js';

const DEFAULT_RESTART_COMMAND = 'shutdown /r /f /t 0 /c "packer restart"';
// winrm.Powershell(`echo ("{0} restarted." -f [System.Net.Dns]::GetHostName())`): the script UTF-16LE and
// base64 encoded into `powershell.exe -EncodedCommand`.
const DEFAULT_RESTART_CHECK_COMMAND = `powershell.exe -EncodedCommand ${Buffer.from(
  'echo ("{0} restarted." -f [System.Net.Dns]::GetHostName())',
  'utf16le',
).toString('base64')}`;
const DEFAULT_REGISTRY_KEYS = [
  'HKLM:SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending',
  'HKLM:SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\PackagesPending',
  'HKLM:Software\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootInProgress',
];

export const windowsRestartSpec = {
  restart_command: attr.string({
    default: DEFAULT_RESTART_COMMAND,
    doc: 'The command that restarts the machine.',
  }),
  restart_check_command: attr.string({
    doc:
      'The command run after `restart_command`, retried until it succeeds or `restart_timeout` passes; its ' +
      'output is shown. Defaults to a PowerShell command printing "<hostname> restarted.".',
  }),
  restart_timeout: attr.duration({ default: '5m', doc: 'How long to wait for the machine to come back.' }),
  check_registry: attr.bool({ doc: 'Also wait until the registry shows no pending reboot (see `registry_keys`).' }),
  registry_keys: attr.list(attr.string(), {
    doc: 'The registry keys whose presence means a reboot is pending; defaults to the Component Based Servicing ones.',
  }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export type WindowsRestartConfig = ConfigOf<typeof windowsRestartSpec>;

export const windowsRestartProvisioner: ProvisionerComponent<typeof windowsRestartSpec> = {
  configSpec: windowsRestartSpec,
  prepare(c) {
    if (c.restart_command === '') c.restart_command = DEFAULT_RESTART_COMMAND;
    if (c.restart_check_command === '') c.restart_check_command = DEFAULT_RESTART_CHECK_COMMAND;
    if (c.restart_timeout === 0) c.restart_timeout = 5 * 60_000;
    if (c.registry_keys.length === 0) c.registry_keys = [...DEFAULT_REGISTRY_KEYS];
    return {};
  },
  provision: provisionNeedsCommunicator('windows-restart'),
};
