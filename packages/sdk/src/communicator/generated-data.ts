// The generated data a builder hands to its provisioners (the SDK's commonsteps.PopulateProvisionHookData):
// Packer's common keys, with its "not implemented" markers for what the builder does not provide.
import type { GeneratedData } from '../runtime.js';

export const HTTP_IP_NOT_IMPLEMENTED = 'ERR_HTTP_IP_NOT_IMPLEMENTED_BY_BUILDER';
export const HTTP_PORT_NOT_IMPLEMENTED = 'ERR_HTTP_PORT_NOT_IMPLEMENTED_BY_BUILDER';
export const HTTP_ADDR_NOT_IMPLEMENTED = 'ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER';

/** What the builder knows about its connection (communicator.Config's accessors). */
export interface ConnectionData {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** `ssh`, `winrm`, `none`. */
  readonly type: string;
  readonly sshPublicKey?: string;
  readonly sshPrivateKey?: string;
  readonly sshPrivateKeyFile?: string;
  readonly sshAgentAuth?: boolean;
  readonly winrmPassword?: string;
}

/** The run's id, which core puts in PACKER_RUN_UUID (Packer sets it once per `packer` run). */
export function packerRunUUID(): string {
  return process.env['PACKER_RUN_UUID'] ?? '';
}

/** PopulateProvisionHookData for a builder with instance id `id` and, when it has one, a connection. */
export function provisionHookData(id: string | undefined, connection?: ConnectionData): GeneratedData {
  return {
    ID: id ?? 'ERR_ID_NOT_IMPLEMENTED_BY_BUILDER',
    PackerRunUUID: packerRunUUID(),
    PackerHTTPIP: HTTP_IP_NOT_IMPLEMENTED,
    PackerHTTPPort: HTTP_PORT_NOT_IMPLEMENTED,
    PackerHTTPAddr: HTTP_ADDR_NOT_IMPLEMENTED,
    ...(connection
      ? {
          Host: connection.host,
          Port: connection.port,
          User: connection.user,
          Password: connection.password,
          ConnType: connection.type,
          SSHPublicKey: connection.sshPublicKey ?? '',
          SSHPrivateKey: connection.sshPrivateKey ?? '',
          SSHPrivateKeyFile: connection.sshPrivateKeyFile ?? '',
          SSHAgentAuth: connection.sshAgentAuth ?? false,
          WinRMPassword: connection.winrmPassword ?? '',
        }
      : {}),
  };
}
