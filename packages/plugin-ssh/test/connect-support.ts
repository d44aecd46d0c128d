// Helpers for the connection tests: configurations the way a builder gets them (the SDK's spec, its defaults and
// prepareCommunicator), a Ui that records lines (progress updates too), connecting with the fixture's key, and
// running a command to text.
import { Writable } from 'node:stream';
import {
  communicatorSpec,
  configFromValue,
  prepareCommunicator,
  valueFromConfig,
  type Communicator,
  type CommunicatorConfig,
  type Progress,
  type Ui,
} from '@tspacker/sdk';
import type { Sshd } from '../../../test/support/sshd.js';
import { connectSsh, type SshConnection } from '../src/connect.js';

/** A prepared `ssh` configuration from option values (durations in milliseconds); throws on Prepare errors. */
export function sshConfig(options: Record<string, unknown>): CommunicatorConfig {
  const { config, errors } = configFromValue(communicatorSpec, valueFromConfig(communicatorSpec, { communicator: 'ssh', ...options }));
  const all = [...errors, ...prepareCommunicator(config)];
  if (all.length > 0) throw new Error(all.join('\n'));
  return config;
}

/** The options to log in to `sshd` with its authorized key, plus `extra`. */
export function keyConfig(sshd: Sshd, extra: Record<string, unknown> = {}): CommunicatorConfig {
  return sshConfig({ ssh_username: sshd.user, ssh_private_key_file: sshd.privateKeyFile, ssh_timeout: 20_000, ...extra });
}

/** A connection to `sshd` with its authorized key (keyConfig with `extra`), recording its Ui, never cancelled. */
export function connectWithKey(sshd: Sshd, extra: Record<string, unknown> = {}): Promise<SshConnection> {
  return connectSsh(keyConfig(sshd, extra), { host: sshd.host, port: sshd.port }, { ui: recordingUi(), signal: never });
}

export interface RecordingUi extends Ui {
  readonly lines: string[];
  text(): string;
}

/** A Ui recording `say: …`, `message: …`, `error: …`, `progress: …`, `update: …` lines. */
export function recordingUi(): RecordingUi {
  const lines: string[] = [];
  return {
    lines,
    text: () => lines.join('\n'),
    say: (m) => void lines.push(`say: ${m}`),
    message: (m) => void lines.push(`message: ${m}`),
    error: (m) => void lines.push(`error: ${m}`),
    ask: async () => {
      throw new Error('no terminal');
    },
    progress: (label): Progress => {
      lines.push(`progress: ${label}`);
      return { update: (t) => void lines.push(`update: ${t}`), done: () => void lines.push('done') };
    },
    machine: () => {},
  };
}

export const never = new AbortController().signal;

function sink(into: { text: string }): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      into.text += String(chunk);
      done();
    },
  });
}

/** Runs `command`, collecting its output. */
export async function run(
  comm: Communicator,
  command: string,
  signal: AbortSignal = never,
): Promise<{ stdout: string; stderr: string; exitStatus: number }> {
  const out = { text: '' };
  const err = { text: '' };
  const { exitStatus } = await comm.start({ command, stdout: sink(out), stderr: sink(err) }, signal);
  return { stdout: out.text, stderr: err.text, exitStatus };
}

/** Fast retry timing for tests (Packer's 5 s / 2 s would make fault tests slow). */
export const fast = { retryIntervalMs: 200, handshakeRetryPauseMs: 100 } as const;
