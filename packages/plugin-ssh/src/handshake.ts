// One SSH handshake and authentication over an open stream (a TCP socket, a SOCKS connection or a channel through
// a bastion), with host keys accepted unverified (Packer's InsecureIgnoreHostKey). Failures are classified.
import type { Duplex } from 'node:stream';
import ssh2, { type Algorithms, type Client } from 'ssh2';
import { AuthRecord, authHandler, type AuthPlan } from './auth.js';
import { enableCertificateAuth } from './certificate.js';
import { classify, ConnectFailure } from './connection-errors.js';

export interface HandshakeOptions {
  readonly plan: AuthPlan;
  /** `ssh_ciphers` / `ssh_key_exchange_algorithms` when set: they replace the offered lists. */
  readonly algorithms?: Algorithms;
  /** How long the handshake and authentication may take (Go's HandshakeTimeout, 1 minute). */
  readonly timeoutMs: number;
  /** ssh2's keep-alive (`ssh_keep_alive_interval`); 0 or less disables it. */
  readonly keepAliveIntervalMs: number;
  /** The local agent socket, when agent forwarding may be requested. */
  readonly forwardAgent?: string;
}

/** Handshake and login on `socket` to `address`; rejects with a classified ConnectFailure. */
export async function handshake(socket: Duplex, address: string, options: HandshakeOptions, signal: AbortSignal): Promise<Client> {
  signal.throwIfAborted();
  const record = new AuthRecord();
  const client = new ssh2.Client();
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      client.destroy();
      socket.destroy();
      reject(err);
    };
    const onAbort = (): void => fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    client.on('error', (err: Error & { level?: string }) => {
      if (err.level === 'client-authentication' || /authentication/i.test(err.message)) {
        fail(
          new ConnectFailure(
            'auth',
            `${address} rejected the login of user "${options.plan.username}": ${record.describe()}`,
          ),
        );
      } else {
        fail(classify(err, address));
      }
    });
    client.once('close', () => fail(new ConnectFailure('reset', `${address} closed the connection during the SSH handshake`)));
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve(client);
    });
    try {
      client.connect({
        sock: socket as unknown as NonNullable<ssh2.ConnectConfig['sock']>,
        username: options.plan.username,
        authHandler: authHandler(options.plan, record),
        hostVerifier: () => true,
        readyTimeout: options.timeoutMs,
        keepaliveInterval: options.keepAliveIntervalMs > 0 ? options.keepAliveIntervalMs : 0,
        keepaliveCountMax: 3,
        ...(options.algorithms ? { algorithms: options.algorithms } : {}),
        ...(options.forwardAgent !== undefined ? { agent: options.forwardAgent } : {}),
      });
      enableCertificateAuth(client);
    } catch (err) {
      fail(classify(err, address));
    }
  });
}
