// A communicator component (`communicator = "ssh"`): how a builder reaches the machine it made. Packer compiles
// its SSH and WinRM communicators into every plugin through its SDK; tspacker keeps the SSH implementation in a
// plugin package (@tspacker/plugin-ssh) so that builders depend on these interfaces only, and core hands the
// builder the implementation the template chose (BuildContext.connect).
import type { Communicator, Ui } from '../runtime.js';
import type { CommunicatorConfig } from './config.js';

/** Where to connect: the builder decides (an instance's IP, or `ssh_host`). */
export interface ConnectTarget {
  readonly host: string;
  readonly port: number;
  /**
   * A private key the builder made or received for this machine (a temporary key pair), in OpenSSH or PEM
   * form. Used instead of `ssh_private_key_file` when that is not set.
   */
  readonly privateKey?: string;
}

/** What a communicator needs from the build while it connects. */
export interface ConnectContext {
  readonly ui: Ui;
  /** Aborted on Ctrl-C, SIGTERM or a build timeout: stop waiting and reject. */
  readonly signal: AbortSignal;
}

/** An open connection: the Communicator provisioners use, and how to close it (always, in a cleanup). */
export interface Connection {
  readonly communicator: Communicator;
  close(): Promise<void>;
}

/** A temporary key pair in OpenSSH formats (the SDK's ssh.KeyPair). */
export interface KeyPair {
  /** `-----BEGIN OPENSSH PRIVATE KEY-----` … */
  readonly privateKey: string;
  /** One authorized_keys line: `ssh-ed25519 AAAA… comment`. */
  readonly publicKey: string;
}

export interface CommunicatorComponent {
  /**
   * Waits until the machine accepts a connection, retrying as Packer does until `ssh_timeout`, then honours
   * `pause_before_connecting`. Rejects with a message that says which failure class stopped it.
   */
  connect(config: CommunicatorConfig, target: ConnectTarget, ctx: ConnectContext): Promise<Connection>;
  /** Generates a temporary key pair (`temporary_key_pair_type` rsa or ed25519, `temporary_key_pair_bits`). */
  generateKeyPair?(type: string, bits: number, comment: string): Promise<KeyPair>;
}
