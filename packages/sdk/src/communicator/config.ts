// The SDK's communicator.Config (packer-plugin-sdk communicator/config.go): `communicator`, `ssh_*` and
// `winrm_*`, as every builder with a communicator embeds it, and its Prepare (defaults and validation, Go's
// messages in Go's order). Builders spread `communicatorSpec` into their own spec and call
// `prepareCommunicator` from their prepare.
import { attr } from '../config/spec.js';
import type { ConfigOf, ConfigSpec } from '../config/spec.js';
import { expandUser, goStatError } from '../go-os.js';
import { privateKeyFileError } from './ssh-key-file.js';
import { certificateFileError } from './ssh-certificate-file.js';
import { tunnelError } from './ssh-tunnel.js';

export const communicatorSpec = {
  communicator: attr.string({
    default: 'ssh',
    doc:
      'The communicator: `none` (no connection; most provisioners then cannot run), `ssh` (the default) or ' +
      '`winrm`. Some builders add their own, e.g. `docker`.',
  }),
  pause_before_connecting: attr.duration({
    doc:
      'After the first successful connection, disconnect and wait this long before connecting again and ' +
      'provisioning. No pause by default.',
  }),

  ssh_host: attr.string({ doc: 'The address to SSH to; usually set by the builder.' }),
  ssh_port: attr.int({ default: 22, doc: 'The SSH port.' }),
  ssh_username: attr.string({ doc: 'The username to connect with; required with SSH.' }),
  ssh_password: attr.string({ doc: 'A plaintext password to authenticate with.' }),
  ssh_keypair_name: attr.string({
    doc:
      'The name of an existing key pair to use instead of a temporary one; needs `ssh_private_key_file` or ' +
      '`ssh_agent_auth`.',
  }),
  temporary_key_pair_name: attr.string({ doc: 'The name of the temporary key pair; defaults to `packer_<UUID>`.' }),
  temporary_key_pair_type: attr.string({
    doc: 'The type of the temporary key: `dsa`, `ecdsa`, `ed25519` or `rsa` (the default).',
  }),
  temporary_key_pair_bits: attr.int({
    doc: 'The size of the temporary key: RSA at least 1024 (default 4096), DSA 1024, ECDSA 256, 384 or 521.',
  }),
  ssh_ciphers: attr.list(attr.string(), { doc: "Replaces the ciphers Go's SSH client offers." }),
  ssh_clear_authorized_keys: attr.bool({
    doc: "Remove Packer's temporary key from `~/.ssh/authorized_keys` and `/root/.ssh/authorized_keys` (needs `sed`).",
  }),
  ssh_key_exchange_algorithms: attr.list(attr.string(), {
    doc: "Replaces the key exchange algorithms Go's SSH client offers.",
  }),
  ssh_private_key_file: attr.string({ doc: 'A PEM private key file to authenticate with; `~` is expanded.' }),
  ssh_certificate_file: attr.string({
    doc: 'A user certificate to authenticate with (needs `ssh_private_key_file`); `~` is expanded.',
  }),
  ssh_pty: attr.bool({ doc: 'Request a PTY for the SSH connection.' }),
  ssh_timeout: attr.duration({
    doc: 'How long to wait for SSH to become available. Defaults to `5m` unless `ssh_handshake_attempts` is set.',
  }),
  // Deprecated in Packer's sources, but Packer does not warn about it: no `deprecated` option (that would warn).
  ssh_wait_timeout: attr.duration({ doc: 'Deprecated older name of `ssh_timeout`; when set, it wins over `ssh_timeout`.' }),
  ssh_agent_auth: attr.bool({
    doc: 'Authenticate with the local SSH agent (`SSH_AUTH_SOCK`); no temporary key pair is created.',
  }),
  ssh_disable_agent_forwarding: attr.bool({ doc: 'Disable SSH agent forwarding.' }),
  ssh_handshake_attempts: attr.int({
    doc: 'How many SSH handshakes to attempt once connected. Defaults to 10 unless `ssh_timeout` is set.',
  }),
  ssh_bastion_host: attr.string({ doc: 'A bastion host to connect through.' }),
  ssh_bastion_port: attr.int({ doc: 'The bastion port; defaults to 22 when `ssh_bastion_host` is set.' }),
  ssh_bastion_agent_auth: attr.bool({ doc: 'Authenticate with the bastion host through the local SSH agent.' }),
  ssh_bastion_username: attr.string({ doc: 'The username on the bastion host.' }),
  ssh_bastion_password: attr.string({ doc: 'The password on the bastion host.' }),
  ssh_bastion_interactive: attr.bool({ doc: 'Use keyboard-interactive authentication with the bastion host.' }),
  ssh_bastion_private_key_file: attr.string({
    doc: 'A PEM private key file for the bastion host; defaults to `ssh_private_key_file`. `~` is expanded.',
  }),
  ssh_bastion_certificate_file: attr.string({ doc: 'A user certificate for the bastion host; `~` is expanded.' }),
  ssh_file_transfer_method: attr.string({ default: 'scp', doc: 'How to transfer files: `scp` (default) or `sftp`.' }),
  ssh_proxy_host: attr.string({ doc: 'A SOCKS proxy to connect through.' }),
  ssh_proxy_port: attr.int({ doc: 'The SOCKS proxy port; defaults to 1080 when `ssh_proxy_host` is set.' }),
  ssh_proxy_username: attr.string({ doc: 'The username on the SOCKS proxy.' }),
  ssh_proxy_password: attr.string({ doc: 'The password on the SOCKS proxy.' }),
  ssh_keep_alive_interval: attr.duration({
    default: '5s',
    doc: 'How often to send keep-alive messages; a negative value (`-1s`) disables them.',
  }),
  ssh_read_write_timeout: attr.duration({
    doc: 'How long to wait for a remote command to end; no limit by default.',
  }),
  ssh_remote_tunnels: attr.list(attr.string(), {
    doc: 'Tunnels from the local machine to the instance, as `REMOTE_PORT:LOCAL_HOST:LOCAL_PORT`.',
  }),
  ssh_local_tunnels: attr.list(attr.string(), {
    doc: 'Tunnels from the instance to the local machine, as `LOCAL_PORT:REMOTE_HOST:REMOTE_PORT`.',
  }),
  ssh_public_key: attr.list(attr.int(), { doc: 'Internal: the public key bytes a builder generated.' }),
  ssh_private_key: attr.list(attr.int(), { doc: 'Internal: the private key bytes a builder generated.' }),

  winrm_username: attr.string({ doc: 'The username to connect with; required with WinRM.' }),
  winrm_password: attr.string({ doc: 'The password to connect with.' }),
  winrm_host: attr.string({ doc: 'The address to connect to.' }),
  winrm_no_proxy: attr.bool({ doc: 'Add the remote `host:port` to `NO_PROXY`, bypassing configured proxies.' }),
  winrm_port: attr.int({ doc: 'The WinRM port; defaults to 5985, or 5986 with `winrm_use_ssl`.' }),
  winrm_timeout: attr.duration({ default: '30m', doc: 'How long to wait for WinRM to become available.' }),
  winrm_use_ssl: attr.bool({ doc: 'Use HTTPS.' }),
  winrm_insecure: attr.bool({ doc: 'Do not check the server certificate chain and host name.' }),
  winrm_use_ntlm: attr.bool({ doc: 'Use NTLMv2 authentication instead of basic authentication.' }),
} satisfies ConfigSpec;

export type CommunicatorConfig = ConfigOf<typeof communicatorSpec>;

/** config.Host(): the host for the chosen communicator. */
export function communicatorHost(c: CommunicatorConfig): string {
  return c.communicator === 'ssh' ? c.ssh_host : c.communicator === 'winrm' ? c.winrm_host : '';
}

/** config.User(). */
export function communicatorUser(c: CommunicatorConfig): string {
  return c.communicator === 'ssh' ? c.ssh_username : c.communicator === 'winrm' ? c.winrm_username : '';
}

/** config.Password(). */
export function communicatorPassword(c: CommunicatorConfig): string {
  return c.communicator === 'ssh' ? c.ssh_password : c.communicator === 'winrm' ? c.winrm_password : '';
}

/** config.Port(). */
export function communicatorPort(c: CommunicatorConfig): number {
  return c.communicator === 'ssh' ? c.ssh_port : c.communicator === 'winrm' ? c.winrm_port : 0;
}

const MINUTE = 60_000;

/**
 * communicator.Config.Prepare: fills Packer's defaults into `c` (as Packer does) and returns the validation
 * errors, to be appended to the builder's MultiError.
 */
export function prepareCommunicator(c: CommunicatorConfig): string[] {
  if (c.communicator === '') c.communicator = 'ssh';
  switch (c.communicator) {
    case 'ssh':
      return prepareSSH(c);
    case 'winrm':
      return prepareWinRM(c);
    case 'docker':
    case 'dockerWindowsContainer':
    case 'none':
      return [];
    default:
      return [`Communicator type ${c.communicator} is invalid`];
  }
}

// The errors of a private key file, as prepareSSH words them for `name`.
function keyFileErrors(name: string, keyFile: string, certFile: string): string[] {
  const path = expandUser(keyFile);
  const statError = goStatError(path);
  if (statError) return [`${name} is invalid: ${statError}`];
  const keyError = privateKeyFileError(path);
  if (keyError) return [`${name} is invalid: ${keyError}`];
  if (certFile !== '') {
    const certError = certificateFileError(expandUser(certFile));
    if (certError) return [`${name} is invalid: ${certError}`];
  }
  return [];
}

function prepareSSH(c: CommunicatorConfig): string[] {
  if (c.ssh_port === 0) c.ssh_port = 22;
  if (c.ssh_timeout === 0 && c.ssh_handshake_attempts === 0) {
    c.ssh_timeout = 5 * MINUTE;
    c.ssh_handshake_attempts = 10;
  }
  if (c.ssh_keep_alive_interval === 0) c.ssh_keep_alive_interval = 5000;

  const errors: string[] = [];
  if (c.ssh_private_key_file === '' && c.ssh_certificate_file !== '') {
    errors.push('ssh_private_key_file must be specified if ssh_certificate_file is specified');
  }
  if (c.ssh_bastion_private_key_file === '' && c.ssh_bastion_certificate_file !== '') {
    errors.push('ssh_bastion_private_key_file must be specified if ssh_bastion_certificate_file is specified');
  }
  if (c.ssh_bastion_host !== '') {
    if (c.ssh_bastion_port === 0) c.ssh_bastion_port = 22;
    if (c.ssh_bastion_private_key_file === '' && c.ssh_private_key_file !== '') {
      c.ssh_bastion_private_key_file = c.ssh_private_key_file;
      c.ssh_bastion_certificate_file = c.ssh_certificate_file;
    }
  }
  if (c.ssh_proxy_host !== '' && c.ssh_proxy_port === 0) c.ssh_proxy_port = 1080;
  if (c.ssh_file_transfer_method === '') c.ssh_file_transfer_method = 'scp';
  // Backwards compatibility: the older name wins.
  if (c.ssh_wait_timeout !== 0) c.ssh_timeout = c.ssh_wait_timeout;

  if (c.ssh_username === '') {
    errors.push('An ssh_username must be specified\n  Note: some builders used to default ssh_username to "root".');
  }
  if (c.ssh_private_key_file !== '') {
    errors.push(...keyFileErrors('ssh_private_key_file', c.ssh_private_key_file, c.ssh_certificate_file));
  }
  if (c.ssh_bastion_host !== '') {
    if (c.ssh_bastion_password === '' && c.ssh_bastion_private_key_file === '' && !c.ssh_bastion_agent_auth) {
      errors.push('ssh_bastion_password, ssh_bastion_private_key_file or ssh_bastion_agent_auth must be specified');
    } else if (c.ssh_bastion_private_key_file !== '') {
      errors.push(
        ...keyFileErrors('ssh_bastion_private_key_file', c.ssh_bastion_private_key_file, c.ssh_bastion_certificate_file),
      );
    }
  }
  if (c.ssh_file_transfer_method !== 'scp' && c.ssh_file_transfer_method !== 'sftp') {
    errors.push(`ssh_file_transfer_method ('${c.ssh_file_transfer_method}') is invalid, valid methods: sftp, scp`);
  }
  if (c.ssh_bastion_host !== '' && c.ssh_proxy_host !== '') {
    errors.push('please specify either ssh_bastion_host or ssh_proxy_host, not both');
  }
  for (const [name, tunnels] of [
    ['ssh_local_tunnels', c.ssh_local_tunnels],
    ['ssh_remote_tunnels', c.ssh_remote_tunnels],
  ] as const) {
    for (const tunnel of tunnels) {
      const error = tunnelError(tunnel);
      if (error) errors.push(`${name} ('${tunnel}') is invalid: ${error}`);
    }
  }
  return errors;
}

function prepareWinRM(c: CommunicatorConfig): string[] {
  if (c.winrm_port === 0) c.winrm_port = c.winrm_use_ssl ? 5986 : 5985;
  if (c.winrm_timeout === 0) c.winrm_timeout = 30 * MINUTE;
  return c.winrm_username === '' ? ['winrm_username must be specified.'] : [];
}
