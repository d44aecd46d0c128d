// What components use when a build runs (Packer's packersdk.Ui, Artifact, Communicator, Hook), reduced to what a
// TypeScript component needs. Core provides the implementations; components only see these interfaces.
import type { Readable, Writable } from 'node:stream';
import type { Connection, ConnectTarget, KeyPair } from './communicator/component.js';
import type { CommunicatorConfig } from './communicator/config.js';

/** Output for the user. Core prefixes each line with the build's name (`==> null.x: ...`) and masks secrets. */
export interface Ui {
  /** A step's headline: `==> build: message`. */
  say(message: string): void;
  /** Detail under a step: `    build: message`. */
  message(message: string): void;
  /** An error line (in red on a terminal). */
  error(message: string): void;
  /** Asks the user (the `breakpoint` provisioner, `-on-error=ask`); rejects when input is not a terminal. */
  ask(question: string): Promise<string>;
  /**
   * A long wait or transfer: a spinner with elapsed time when stdout is a terminal, a start line otherwise.
   * `update` refreshes its text (e.g. bytes sent); `done` ends it.
   */
  progress(label: string, options?: ProgressOptions): Progress;
  /** A machine-readable event (only shown with -machine-readable). */
  machine(type: string, ...data: string[]): void;
}

export interface ProgressOptions {
  /** When the activity began (Date.now()), if before the progress is shown: the elapsed time counts from it. */
  readonly since?: number;
}

export interface Progress {
  update(text: string): void;
  /** Ends it with `LABEL: OUTCOME after ELAPSED`; the outcome is `done` unless given (e.g. `failed`). */
  done(outcome?: string): void;
}

/** A build's result (packersdk.Artifact). */
export interface Artifact {
  /** Identifies the builder that made it (e.g. `mitchellh.amazonebs`, `packer.file`); post-processors check it. */
  readonly builderId: string;
  /** An id for the artifact, e.g. `eu-west-1:ami-1234` ('' when it has none). */
  readonly id: string;
  /** Files the artifact consists of (local paths), if any. */
  readonly files: readonly string[];
  /** A human-readable description, printed at the end of the build. */
  toString(): string;
  /** Extra named state (Packer's State(name)); `generated_data` holds the build's generated variables. */
  state(name: string): unknown;
  /** Removes the artifact (a post-processor's input it does not keep). */
  destroy(): Promise<void>;
}

/** A command to run on the machine being built (packersdk.RemoteCmd). */
export interface RemoteCommand {
  readonly command: string;
  /** Standard input to send, if any. */
  readonly stdin?: Readable;
  /** Where the command's output goes as it arrives. */
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

/** The command's end: its exit status (Packer's 2300218 when the connection was lost instead). */
export interface RemoteCommandResult {
  readonly exitStatus: number;
}

/** Options of Communicator.upload. */
export interface UploadOptions {
  /** The remote file's mode (0644 when not given). */
  readonly mode?: number;
  /** The stream's length in bytes, when known (scp must announce it; without it the stream is spooled first). */
  readonly size?: number;
  /** Called as bytes go out (bytes sent so far, and the total when known), e.g. for a progress display. */
  readonly progress?: (bytesDone: number, bytesTotal: number | undefined) => void;
}

/** How provisioners reach the machine being built (packersdk.Communicator): SSH, WinRM, a container, none. */
export interface Communicator {
  /**
   * Runs a command and resolves with its exit status when it ends. Rejects only when the command could not be
   * started (provisioners may retry those) or when `signal` aborts it; once started, a command whose end is not
   * seen (connection lost, I/O timeout) resolves with 2300218.
   */
  start(command: RemoteCommand, signal: AbortSignal): Promise<RemoteCommandResult>;
  /** Writes a file on the machine from a stream; `mode` defaults to 0644. */
  upload(destination: string, source: Readable, options?: UploadOptions): Promise<void>;
  /** Copies a local directory to the machine (rsync-like rules: `src/` copies contents, `src` the directory). */
  uploadDir(destination: string, source: string, exclude?: readonly string[]): Promise<void>;
  download(path: string, destination: Writable): Promise<void>;
  downloadDir(source: string, destination: string, exclude?: readonly string[]): Promise<void>;
}

/** Generated data a builder shares with provisioners and post-processors (`build.*`, `{{ build `X` }}`). */
export type GeneratedData = Readonly<Record<string, unknown>>;

/** What a builder is given to run. */
export interface BuildContext {
  readonly ui: Ui;
  /** Aborted on Ctrl-C/SIGTERM or a build timeout: stop, then let cleanups run. */
  readonly signal: AbortSignal;
  /**
   * Runs the build's provisioners (Packer's hook `packer_provision`) once the machine is reachable. A builder
   * without a machine (null with `communicator = "none"`, file) passes `undefined` as communicator.
   */
  provision(communicator: Communicator | undefined, generatedData: GeneratedData): Promise<void>;
  /**
   * Connects to the machine with the communicator the template chose (`config.communicator`: `ssh`, ...),
   * waiting and retrying as that communicator does. The builder closes the connection in a cleanup.
   */
  connect(config: CommunicatorConfig, target: ConnectTarget): Promise<Connection>;
  /** A temporary key pair from the `ssh` communicator (`temporary_key_pair_type`, `temporary_key_pair_bits`). */
  generateKeyPair(type: string, bits: number, comment: string): Promise<KeyPair>;
}

/** What a provisioner is given to run. */
export interface ProvisionContext {
  readonly ui: Ui;
  readonly signal: AbortSignal;
  /** Undefined when the build has no communicator; provisioners that need one fail with a clear error. */
  readonly communicator: Communicator | undefined;
  readonly generatedData: GeneratedData;
}

/** What a post-processor is given to run. */
export interface PostProcessContext {
  readonly ui: Ui;
  readonly signal: AbortSignal;
}

/** A post-processor's result (Packer's PostProcess return values). */
export interface PostProcessResult {
  readonly artifact: Artifact;
  /** Keep the input artifact (unless the template says `keep_input_artifact = false`). */
  readonly keep: boolean;
  /** The post-processor decides, overriding the template's `keep_input_artifact`. */
  readonly forceOverride: boolean;
}
