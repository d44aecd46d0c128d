// The SDK's ssh communicator (sdk-internals/communicator/ssh): commands in exec sessions, files through
// transfer.ts. Like Packer's newSession, opening a session on a connection that dropped (a reboot) makes one
// new connection attempt first, bounded by the dial and handshake timeouts; the shell provisioner's
// start_retry_timeout retries beyond that.
import type { Readable, Writable } from 'node:stream';
import type { Client, ClientChannel, ExecOptions, SFTPWrapper } from 'ssh2';
import { formatDuration, type Communicator, type CommunicatorConfig, type RemoteCommand, type RemoteCommandResult, type UploadOptions } from '@tspacker/sdk';
import { classify } from './connection-errors.js';
import type { OpenLink, SshLink } from './ssh-link.js';
import { createFileTransfer, type FileTransfer, type SessionOpener } from './transfer.js';

/** Packer's packersdk.CmdDisconnect: the connection ended before the command reported its exit status. */
export const EXIT_STATUS_MISSING = 2300218;

// Go's ssh.Session.Wait: a command killed by a signal exits with 128 + the signal's number.
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, ABRT: 6, FPE: 8, KILL: 9, SEGV: 11, PIPE: 13, ALRM: 14, TERM: 15, USR1: 10, USR2: 12,
};

// The pty Packer requests with ssh_pty: xterm, 40x80, no echo.
const PTY: ExecOptions['pty'] = { term: 'xterm', rows: 40, cols: 80, modes: { ECHO: 0, TTY_OP_ISPEED: 14400, TTY_OP_OSPEED: 14400 } };

// ssh2 honours `agentForward` per exec; its typings omit it.
type ExecWithAgent = ExecOptions & { agentForward?: boolean };

function exec(client: Client, command: string, options: ExecWithAgent): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, options, (err, channel) => (err ? reject(err) : resolve(channel)));
    } catch (err) {
      reject(err); // "Not connected"
    }
  });
}

// Sends a signal request. ssh2's Channel.signal refuses once our side sent EOF (no stdin), which sshd still
// honours, so the request goes to the protocol directly then.
function signalChannel(channel: ClientChannel, name: string): void {
  const internal = channel as unknown as {
    outgoing?: { id: number; state: string };
    _client?: { _protocol?: { signal(id: number, name: string): void } };
  };
  try {
    if (internal.outgoing?.state === 'open' || internal.outgoing?.state === 'eof') internal._client?._protocol?.signal(internal.outgoing.id, name);
  } catch {
    // the connection is gone: nothing to signal
  }
}

export class SshCommunicator implements Communicator {
  private current: OpenLink | undefined;
  private reconnecting: Promise<OpenLink> | undefined;
  private closed = false;
  /** Whether this connection's server refused agent forwarding (asked once per connection, as Packer does). */
  private agentForwardingRefused = false;
  private readonly transfer: FileTransfer;
  /** The sessions the file transfers open, reconnecting like commands do. */
  readonly sessions: SessionOpener;

  constructor(
    private readonly link: SshLink,
    open: OpenLink,
    private readonly config: CommunicatorConfig,
    private readonly options: { readonly reconnectTimeoutMs?: number } = {},
  ) {
    this.adopt(open);
    this.sessions = {
      exec: (command) => this.session((client) => exec(client, command, {})),
      sftp: () =>
        this.session(
          (client) => new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp)))),
        ),
    };
    this.transfer = createFileTransfer(config.ssh_file_transfer_method, this.sessions);
  }

  private adopt(open: OpenLink): void {
    this.current = open;
    this.agentForwardingRefused = false;
    open.client.once('close', () => {
      if (this.current === open) this.current = undefined;
    });
  }

  /** The live client, reconnecting once when the connection dropped. */
  private async client(): Promise<Client> {
    if (this.closed) throw new Error('the SSH connection is closed');
    if (this.current) return this.current.client;
    this.reconnecting ??= (async () => {
      const signal = AbortSignal.timeout(this.options.reconnectTimeoutMs ?? 75_000);
      try {
        const open = await this.link.open(signal);
        if (this.closed) {
          open.close();
          throw new Error('the SSH connection is closed');
        }
        this.adopt(open);
        return open;
      } catch (err) {
        const why = signal.aborted ? 'it took too long' : classify(err, this.link.address).message;
        throw new Error(`the SSH connection to ${this.link.address}${this.link.via} was lost and reconnecting failed: ${why}`);
      } finally {
        this.reconnecting = undefined;
      }
    })();
    return (await this.reconnecting).client;
  }

  /** Opens something on the connection; if that fails on a dropped connection, reconnects and tries once more. */
  private async session<T>(open: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.client();
    try {
      return await open(client);
    } catch (err) {
      const dropped = this.current?.client !== client || /not connected|no response from server/i.test((err as Error).message);
      if (!dropped) throw err;
      if (this.current?.client === client) {
        this.current.close();
        this.current = undefined;
      }
      return open(await this.client());
    }
  }

  private execCommand(command: string): Promise<ClientChannel> {
    const pty: ExecWithAgent = this.config.ssh_pty ? { pty: PTY } : {};
    return this.session(async (client) => {
      if (this.link.forwardAgent !== undefined && !this.agentForwardingRefused) {
        try {
          return await exec(client, command, { ...pty, agentForward: true });
        } catch (err) {
          if (!/agent forwarding/i.test((err as Error).message)) throw err;
          // sshd's AllowAgentForwarding no: Packer logs it and goes on without.
          this.agentForwardingRefused = true;
        }
      }
      return exec(client, command, pty);
    });
  }

  start(command: RemoteCommand, signal: AbortSignal): Promise<RemoteCommandResult> {
    if (signal.aborted) return Promise.reject(new Error('the remote command was cancelled before it started'));
    return this.execCommand(command.command).then(
      (channel) =>
        new Promise<RemoteCommandResult>((resolve, reject) => {
          let exitStatus: number | undefined;
          let settled = false;
          const finish = (failure?: Error): void => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            signal.removeEventListener('abort', onAbort);
            command.stdin?.unpipe(channel);
            if (failure) reject(failure);
            else resolve({ exitStatus: exitStatus ?? EXIT_STATUS_MISSING });
          };
          // Ends the command: kill it on the machine, close the session, and do not wait for the server's answer.
          const stop = (failure?: Error): void => {
            signalChannel(channel, 'KILL');
            channel.unpipe();
            channel.stderr.unpipe();
            channel.close();
            finish(failure);
          };
          // ssh_read_write_timeout: Packer's I/O deadline drops the connection, so the command ends without an exit
          // status (2300218). It resolves rather than rejects: a rejected start means "could not start", which the
          // shell provisioner retries, and the script must not run twice. The reason goes to the command's stderr.
          const timeout = this.config.ssh_read_write_timeout;
          const timer =
            timeout > 0
              ? setTimeout(() => {
                  command.stderr?.write(`the remote command did not finish within ${formatDuration(timeout)} (ssh_read_write_timeout)\n`);
                  stop();
                }, timeout)
              : undefined;
          const onAbort = (): void => stop(new Error('the remote command was cancelled'));
          signal.addEventListener('abort', onAbort, { once: true });
          // The exit status comes with ssh2's close event: an 'exit' listener added here could miss it, since the
          // server's exit-status may arrive in the same read as the exec reply, before this promise continues.
          // ssh2 emits close after stdout's end; stderr may still hold data then.
          channel.once('close', (code?: number | null, signalName?: string) => {
            if (typeof code === 'number') exitStatus = code;
            else if (typeof signalName === 'string') exitStatus = 128 + (SIGNAL_NUMBERS[signalName.replace(/^SIG/, '')] ?? 0);
            const stderr = channel.stderr;
            if (stderr.readableEnded || stderr.destroyed) finish();
            else stderr.once('end', () => finish()).once('close', () => finish());
          });
          if (command.stdout) channel.pipe(command.stdout, { end: false });
          else channel.resume();
          if (command.stderr) channel.stderr.pipe(command.stderr, { end: false });
          else channel.stderr.resume();
          if (command.stdin) command.stdin.pipe(channel);
          else channel.end();
        }),
    );
  }

  upload(destination: string, source: Readable, options?: UploadOptions): Promise<void> {
    return this.transfer.upload(destination, source, options);
  }

  uploadDir(destination: string, source: string, exclude?: readonly string[]): Promise<void> {
    return this.transfer.uploadDir(destination, source, exclude);
  }

  download(path: string, destination: Writable): Promise<void> {
    return this.transfer.download(path, destination);
  }

  downloadDir(source: string, destination: string, exclude?: readonly string[]): Promise<void> {
    return this.transfer.downloadDir(source, destination, exclude);
  }

  /** Ends the connection (and its tunnels, and a bastion connection); later calls fail. */
  close(): void {
    this.closed = true;
    this.current?.close();
    this.current = undefined;
  }
}
