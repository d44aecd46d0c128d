// A real communicator for tests that provision a real machine (a local sshd, a container): connects with a
// communicator component the test brings. The SDK has no SSH client of its own (it depends on @tspacker/hcl
// only); a plugin's tests pass `sshCommunicator` from @tspacker/plugin-ssh, a dev dependency of the plugin.
import type { CommunicatorComponent, Connection } from '../communicator/component.js';
import { communicatorSpec, prepareCommunicator } from '../communicator/config.js';
import { configFromLegacyJson, legacyJsonErrorsText } from '../config/from-legacy-json.js';
import { multiErrorText } from '../prepare-result.js';
import { recordingUi, type RecordingUi } from './ui.js';

export interface TestTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** A private key's text (OpenSSH or PEM); or give `privateKeyFile`, or `password`. */
  readonly privateKey?: string;
  readonly privateKeyFile?: string;
  readonly password?: string;
  /**
   * More communicator options, as a template would write them (`ssh_timeout`, `ssh_file_transfer_method`, ...).
   * `ssh_timeout` defaults to 30s here, so that a test against a server that is not there fails soon.
   */
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface ConnectTestOptions {
  readonly ui?: RecordingUi;
  readonly signal?: AbortSignal;
}

/**
 * Connects `component` (e.g. @tspacker/plugin-ssh's `sshCommunicator`) to `target` with the SDK's communicator
 * configuration, prepared as a builder prepares it. Close the connection when the test is done.
 */
export async function connectTestCommunicator(
  component: CommunicatorComponent,
  target: TestTarget,
  options: ConnectTestOptions = {},
): Promise<Connection> {
  const raw: Record<string, unknown> = {
    communicator: 'ssh',
    ssh_host: target.host,
    ssh_port: target.port,
    ssh_username: target.user,
    ssh_timeout: '30s',
    ...(target.privateKeyFile !== undefined ? { ssh_private_key_file: target.privateKeyFile } : {}),
    ...(target.password !== undefined ? { ssh_password: target.password } : {}),
    ...target.options,
  };
  const { config, errors } = configFromLegacyJson(communicatorSpec, [raw]);
  if (errors.length > 0) throw new Error(legacyJsonErrorsText(errors));
  const problems = prepareCommunicator(config);
  if (problems.length > 0) throw new Error(multiErrorText(problems));
  return component.connect(
    config,
    { host: target.host, port: target.port, ...(target.privateKey !== undefined ? { privateKey: target.privateKey } : {}) },
    { ui: options.ui ?? recordingUi(), signal: options.signal ?? new AbortController().signal },
  );
}
