// The SDK's StepConnect + StepConnectSSH: wait until the machine accepts an SSH login, then honour
// `pause_before_connecting`. Packer's loop and messages, with every failed attempt explained.
//
// The loop (step_connect_ssh.go): the first attempt at once, then one every 5 s; a failure before the server
// answers (DNS, refused, no route, TCP timeout) is simply retried; after a handshake failure it also sleeps 2 s;
// authentication failures are counted and the wait stops when `ssh_handshake_attempts` (0: unlimited) is reached;
// `ssh_timeout` bounds the whole wait ("Timeout waiting for SSH.").
//
// Where tspacker differs, on purpose:
// - Each attempt's failure is classified (connection-errors.ts); the progress line shows the attempt and the
//   last failure, and a message is printed whenever the failure changes. The final error names the class, the
//   address, the number of attempts and the time spent.
// - An authentication rejection is NOT fatal at once, though the server said which methods it accepts: fresh
//   machines often run sshd before cloud-init has written authorized_keys or enabled passwords, so a rejection
//   can turn into a login seconds later. Packer's bound stays (`ssh_handshake_attempts`, 10 by default, 7 s
//   apart); the first rejection is reported at once with the methods tried and those the server accepts, so a
//   wrong key is obvious immediately, and the wait ends after those few attempts rather than at ssh_timeout.
// - No common algorithm (host key, cipher, key exchange) stops at once: what each side offers is fixed, so
//   retrying for minutes, as Packer does, cannot help.
// - Configuration problems (unreadable key file, no agent, unsupported cipher) stop at once too.
import { formatDuration, type CommunicatorConfig, type ConnectContext, type ConnectTarget, type Connection, type Ui } from '@tspacker/sdk';
import { classify, ConnectFailure, failureName, serverAnswered } from './connection-errors.js';
import { SshCommunicator } from './communicator.js';
import { sshLink, type LinkOptions, type OpenLink, type SshLink } from './ssh-link.js';

/** Timing of the wait; Packer's values by default. Only tests change them (not user configuration). */
export interface ConnectOptions extends LinkOptions {
  /** Between attempts (Packer: 5 s). */
  readonly retryIntervalMs?: number;
  /** Added after a failed handshake, so that authentication errors do not come back to back (Packer: 2 s). */
  readonly handshakeRetryPauseMs?: number;
  /** How long a command's reconnection after a dropped connection may take (default 75 s: dial + handshake). */
  readonly reconnectTimeoutMs?: number;
}

/** The error a connection ends with: the message says class, address, attempts, time. */
export class SshConnectError extends Error {
  constructor(
    message: string,
    readonly failure: ConnectFailure['failure'] | 'timeout' | 'cancelled',
  ) {
    super(message);
    this.name = 'SshConnectError';
  }
}

/** An abortable sleep. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// Elapsed time as Go prints durations, to a tenth of a second.
function elapsedSince(start: number): string {
  return formatDuration(Math.round((Date.now() - start) / 100) * 100);
}

const TIMEOUT = Symbol('ssh_timeout');

/**
 * waitForSSH: attempts until one logs in. Rejects with an SshConnectError on timeout, when the handshake
 * attempts are used up, on a definitive failure, or with "SSH wait cancelled" when `signal` aborts.
 */
export async function waitForSsh(
  link: SshLink,
  config: CommunicatorConfig,
  ui: Ui,
  signal: AbortSignal,
  options: ConnectOptions = {},
): Promise<OpenLink> {
  const retryInterval = options.retryIntervalMs ?? 5000;
  const handshakePause = options.handshakeRetryPauseMs ?? 2000;
  const started = Date.now();
  const where = `${link.plan.username}@${link.address}${link.via}`;
  const controller = new AbortController();
  const onCancel = (): void => controller.abort(signal.reason);
  if (signal.aborted) onCancel();
  signal.addEventListener('abort', onCancel, { once: true });
  const timer = config.ssh_timeout > 0 ? setTimeout(() => controller.abort(TIMEOUT), config.ssh_timeout) : undefined;

  let attempts = 0;
  let authFailures = 0;
  let last: ConnectFailure | undefined;
  let lastReported = '';
  const summary = (): string => `${attempts} attempt${attempts === 1 ? '' : 's'} to ${where} in ${elapsedSince(started)}`;
  ui.say('Waiting for SSH to become available...');
  ui.message(`Authenticating as ${link.plan.username} with ${link.plan.steps.map((s) => s.label).join(', ')}`);
  const progress = ui.progress(`Connecting to ${where}`);
  let progressDone = false;
  const endProgress = (outcome?: string): void => {
    if (!progressDone) progress.done(outcome);
    progressDone = true;
  };
  const fail = (failure: ConnectFailure, why: string, hint = ''): SshConnectError => {
    endProgress('failed');
    const message = `${why}: ${failureName(failure.failure)}: ${failure.message} (${summary()})${hint}`;
    ui.error(`Error waiting for SSH: ${message}`);
    return new SshConnectError(message, failure.failure);
  };
  try {
    for (let first = true; ; first = false) {
      if (!first) await sleep(retryInterval, controller.signal);
      attempts++;
      progress.update(`attempt ${attempts}${last ? `, last failure: ${last.message}` : ''}`);
      try {
        return await link.open(controller.signal);
      } catch (err) {
        if (controller.signal.aborted) throw err;
        const failure = classify(err, link.address);
        if (failure.definitive) throw fail(failure, 'cannot connect');
        last = failure;
        if (failure.message !== lastReported) {
          lastReported = failure.message;
          ui.message(`SSH attempt ${attempts} failed: ${failure.message}`);
        }
        if (failure.failure === 'algorithm') throw fail(failure, 'the SSH handshake cannot succeed');
        if (serverAnswered(failure.failure)) {
          if (failure.failure === 'auth') authFailures++;
          if (config.ssh_handshake_attempts > 0 && authFailures >= config.ssh_handshake_attempts) {
            throw fail(
              failure,
              `authentication failed ${authFailures} time${authFailures === 1 ? '' : 's'} (ssh_handshake_attempts = ${config.ssh_handshake_attempts})`,
              '. Check the user name and the key, certificate or password for this machine.',
            );
          }
          await sleep(handshakePause, controller.signal);
        }
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
    if (controller.signal.reason === TIMEOUT) {
      const lastFailure = last ? ` Last failure: ${failureName(last.failure)}: ${last.message}.` : '';
      endProgress('timed out');
      const message = `Timeout waiting for SSH.${lastFailure} ${summary()[0]!.toUpperCase()}${summary().slice(1)} (ssh_timeout ${formatDuration(config.ssh_timeout)}).`;
      ui.error(message);
      throw new SshConnectError(message, 'timeout');
    }
    endProgress('cancelled');
    throw new SshConnectError('SSH wait cancelled', 'cancelled');
  } finally {
    endProgress();
    clearTimeout(timer);
    signal.removeEventListener('abort', onCancel);
  }
}

/** An open SSH connection, with its communicator's own type (reconnection, agent forwarding). */
export interface SshConnection extends Connection {
  readonly communicator: SshCommunicator;
}

/**
 * StepConnect for `communicator = "ssh"`: "Using SSH communicator to connect: HOST", the wait, "Connected to
 * SSH!", and with `pause_before_connecting` a pause and a second wait on a fresh connection.
 */
export async function connectSsh(
  config: CommunicatorConfig,
  target: ConnectTarget,
  ctx: ConnectContext,
  options: ConnectOptions = {},
): Promise<SshConnection> {
  const { ui, signal } = ctx;
  ui.say(`Using SSH communicator to connect: ${target.host}`);
  let link: SshLink;
  try {
    link = sshLink(config, target, options);
  } catch (err) {
    const failure = classify(err, `${target.host}:${target.port}`);
    const message = `cannot connect: ${failureName(failure.failure)}: ${failure.message}`;
    ui.error(`Error waiting for SSH: ${message}`);
    throw new SshConnectError(message, failure.failure);
  }
  let open = await waitForSsh(link, config, ui, signal, options);
  ui.say('Connected to SSH!');
  if (config.pause_before_connecting > 0) {
    ui.say(`Pausing ${formatDuration(config.pause_before_connecting)} before connecting...`);
    open.close();
    try {
      await sleep(config.pause_before_connecting, signal);
    } catch {
      throw new SshConnectError('SSH wait cancelled', 'cancelled');
    }
    open = await waitForSsh(link, config, ui, signal, options);
    ui.say('Connected to SSH!');
  }
  const communicator = new SshCommunicator(link, open, config, options);
  return {
    communicator,
    close: async () => communicator.close(),
  };
}
