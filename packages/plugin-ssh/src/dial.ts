// The byte stream an SSH connection runs over (the SDK's ConnectFunc, ProxyConnectFunc, BastionConnectFunc):
// a TCP connection, a connection through a SOCKS5 proxy (`ssh_proxy_*`), or a `direct-tcpip` channel through
// a bastion host (`ssh_bastion_*`, which is an SSH connection of its own).
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { SocksClient } from 'socks';
import type { Client } from 'ssh2';
import { classify, ConnectFailure } from './connection-errors.js';
import { handshake, type HandshakeOptions } from './handshake.js';

/** An open stream to the target's SSH port, and how to release everything it holds. */
export interface Dialed {
  readonly socket: Duplex;
  close(): void;
}

export interface Dialer {
  /** "" or " through bastion 10.0.0.1:22" / " through SOCKS5 proxy 127.0.0.1:1080", for messages. */
  readonly via: string;
  dial(signal: AbortSignal): Promise<Dialed>;
}

export interface TcpOptions {
  /** How long a TCP connection may take (Go's net.DialTimeout of 15 s). */
  readonly timeoutMs: number;
  /** Name resolution (node's dns.lookup by default); tests pass their own instead of asking a DNS server. */
  readonly lookup?: net.LookupFunction;
}

/** `host:port`, with IPv6 literals bracketed (net.JoinHostPort). */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A TCP connection to host:port, classified on failure. */
export function dialTcp(host: string, port: number, options: TcpOptions, signal: AbortSignal): Promise<net.Socket> {
  signal.throwIfAborted();
  const address = joinHostPort(host, port);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, ...(options.lookup ? { lookup: options.lookup } : {}) });
    const finish = (err?: unknown): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('connect');
      if (err === undefined) {
        socket.removeAllListeners('error');
        // Go's TCP connections: keep-alive every 5 s, and no Nagle delay (small SSH packets go out at once).
        socket.setKeepAlive(true, 5000);
        socket.setNoDelay(true);
        resolve(socket);
      } else {
        socket.destroy();
        reject(err);
      }
    };
    const onAbort = (): void => finish(signal.reason);
    const timer = setTimeout(
      () => finish(new ConnectFailure('dial-timeout', `the TCP connection to ${address} did not complete within ${options.timeoutMs / 1000}s`)),
      options.timeoutMs,
    );
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish());
    socket.once('error', (err) => finish(classify(err, address)));
  });
}

/** Straight to the target. */
export function directDialer(host: string, port: number, options: TcpOptions): Dialer {
  return {
    via: '',
    async dial(signal) {
      const socket = await dialTcp(host, port, options, signal);
      return { socket, close: () => socket.destroy() };
    },
  };
}

export interface ProxySettings {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
}

/** Through a SOCKS5 proxy, which connects to the target (and resolves its name). */
export function socksDialer(proxy: ProxySettings, host: string, port: number, options: TcpOptions): Dialer {
  const proxyAddress = joinHostPort(proxy.host, proxy.port);
  const address = joinHostPort(host, port);
  return {
    via: ` through SOCKS5 proxy ${proxyAddress}`,
    async dial(signal) {
      let proxySocket: net.Socket;
      try {
        proxySocket = await dialTcp(proxy.host, proxy.port, options, signal);
      } catch (err) {
        if (!(err instanceof ConnectFailure)) throw err;
        throw new ConnectFailure('proxy', `cannot reach the SOCKS5 proxy: ${err.message}`);
      }
      try {
        const { socket } = await SocksClient.createConnection({
          existing_socket: proxySocket,
          proxy: {
            host: proxy.host,
            port: proxy.port,
            type: 5,
            ...(proxy.username !== '' ? { userId: proxy.username, password: proxy.password } : {}),
          },
          command: 'connect',
          destination: { host, port },
          timeout: options.timeoutMs,
        });
        return { socket, close: () => socket.destroy() };
      } catch (err) {
        proxySocket.destroy();
        signal.throwIfAborted();
        const text = (err as Error).message;
        if (/ConnectionRefused/i.test(text)) {
          throw new ConnectFailure('refused', `connection refused by ${address} (reported by the SOCKS5 proxy ${proxyAddress})`);
        }
        if (/HostUnreachable|NetworkUnreachable/i.test(text)) {
          throw new ConnectFailure('no-route', `no route to ${address} from the SOCKS5 proxy ${proxyAddress} (${text})`);
        }
        if (/Authentication|auth/i.test(text)) {
          throw new ConnectFailure('proxy', `the SOCKS5 proxy ${proxyAddress} rejected its credentials (ssh_proxy_username/ssh_proxy_password): ${text}`);
        }
        throw new ConnectFailure('proxy', `the SOCKS5 proxy ${proxyAddress} could not connect to ${address}: ${text}`);
      }
    },
  };
}

export interface BastionSettings {
  readonly host: string;
  readonly port: number;
  readonly handshake: HandshakeOptions;
}

/** Through an SSH connection to a bastion host, which opens a `direct-tcpip` channel to the target. */
export function bastionDialer(bastion: BastionSettings, host: string, port: number, options: TcpOptions): Dialer {
  const bastionAddress = joinHostPort(bastion.host, bastion.port);
  const address = joinHostPort(host, port);
  const viaBastion = (err: unknown): ConnectFailure => {
    const failure = classify(err, bastionAddress);
    return new ConnectFailure(failure.failure, `bastion host: ${failure.message}`, failure.definitive);
  };
  return {
    via: ` through bastion ${bastion.handshake.plan.username}@${bastionAddress}`,
    async dial(signal) {
      let client: Client;
      try {
        const socket = await dialTcp(bastion.host, bastion.port, options, signal);
        client = await handshake(socket, bastionAddress, bastion.handshake, signal);
      } catch (err) {
        signal.throwIfAborted();
        throw viaBastion(err);
      }
      try {
        const channel = await new Promise<Duplex>((resolve, reject) =>
          client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => (err ? reject(err) : resolve(stream))),
        );
        // The target's connection owns the bastion's: when either ends, both do.
        channel.once('close', () => client.end());
        return { socket: channel, close: () => client.end() };
      } catch (err) {
        client.end();
        const failure = classify(err, address);
        throw new ConnectFailure(failure.failure, `${failure.message} (reported by the bastion ${bastionAddress})`);
      }
    },
  };
}
