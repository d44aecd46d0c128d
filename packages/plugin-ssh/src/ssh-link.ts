// Everything one connection attempt needs, fixed once per build from the configuration: the route (direct, SOCKS5
// proxy, bastion), the authentication plan, the offered algorithms, the tunnels. `open` makes one attempt; the
// wait loop (connect.ts) and the communicator's reconnection both use it.
import { createRequire } from 'node:module';
import type net from 'node:net';
import type { Algorithms, Client } from 'ssh2';
import type { CommunicatorConfig, ConnectTarget } from '@tspacker/sdk';
import { agentSocket, bastionAuthPlan, targetAuthPlan, type AuthPlan } from './auth.js';
import { ConnectFailure } from './connection-errors.js';
import { bastionDialer, directDialer, joinHostPort, socksDialer, type Dialer, type TcpOptions } from './dial.js';
import { handshake, type HandshakeOptions } from './handshake.js';
import { parseTunnels, startTunnels } from './tunnels.js';

/** Timing and name resolution of connection attempts; defaults are Packer's. Tests shorten them. */
export interface LinkOptions {
  /** TCP connect timeout (default 15 s, Go's DialTimeout). */
  readonly dialTimeoutMs?: number;
  /** SSH handshake + authentication timeout (default 1 minute, the SDK's HandshakeTimeout). */
  readonly handshakeTimeoutMs?: number;
  /** Name resolution instead of node's dns.lookup (tests: no DNS server is asked). */
  readonly lookup?: net.LookupFunction;
}

/** A client on which the tunnels run, with how to release its route (bastion connection). */
export interface OpenLink {
  readonly client: Client;
  close(): void;
}

export interface SshLink {
  /** `host:port` of the target. */
  readonly address: string;
  /** "", " through bastion u@h:22", " through SOCKS5 proxy h:1080". */
  readonly via: string;
  readonly plan: AuthPlan;
  /** Whether agent forwarding may be requested on sessions (the agent exists, not disabled). */
  readonly forwardAgent: string | undefined;
  /** One attempt: dial, handshake, authenticate, start the tunnels. Rejects with a ConnectFailure. */
  open(signal: AbortSignal): Promise<OpenLink>;
}

const ssh2Constants = createRequire(import.meta.url)('ssh2/lib/protocol/constants.js') as {
  SUPPORTED_CIPHER: string[];
  SUPPORTED_KEX: string[];
};

function offered(option: string, names: readonly string[], supported: readonly string[]): string[] | undefined {
  if (names.length === 0) return undefined;
  const unknown = names.filter((n) => !supported.includes(n));
  if (unknown.length > 0) {
    throw new ConnectFailure(
      'config',
      `${option}: ${unknown.map((n) => `"${n}"`).join(', ')} not supported; supported: ${supported.join(', ')}`,
      true,
    );
  }
  return [...names];
}

/** The algorithm lists that replace ssh2's defaults (`ssh_ciphers`, `ssh_key_exchange_algorithms`). */
export function offeredAlgorithms(config: CommunicatorConfig): Algorithms | undefined {
  const cipher = offered('ssh_ciphers', config.ssh_ciphers, ssh2Constants.SUPPORTED_CIPHER);
  const kex = offered('ssh_key_exchange_algorithms', config.ssh_key_exchange_algorithms, ssh2Constants.SUPPORTED_KEX);
  if (!cipher && !kex) return undefined;
  return { ...(cipher ? { cipher: cipher as Algorithms['cipher'] } : {}), ...(kex ? { kex: kex as Algorithms['kex'] } : {}) };
}

/** The link for `target` under `config`; throws a definitive ConnectFailure for unusable configuration. */
export function sshLink(config: CommunicatorConfig, target: ConnectTarget, options: LinkOptions = {}): SshLink {
  const tcp: TcpOptions = { timeoutMs: options.dialTimeoutMs ?? 15_000, ...(options.lookup ? { lookup: options.lookup } : {}) };
  const plan = targetAuthPlan(config, target);
  const algorithms = offeredAlgorithms(config);
  const forwardAgent = config.ssh_disable_agent_forwarding ? undefined : agentSocket();
  const handshakeOptions: HandshakeOptions = {
    plan,
    timeoutMs: options.handshakeTimeoutMs ?? 60_000,
    keepAliveIntervalMs: config.ssh_keep_alive_interval,
    ...(algorithms ? { algorithms } : {}),
    ...(forwardAgent !== undefined ? { forwardAgent } : {}),
  };
  let dialer: Dialer;
  if (config.ssh_bastion_host !== '') {
    const bastion = {
      host: config.ssh_bastion_host,
      port: config.ssh_bastion_port || 22,
      handshake: { plan: bastionAuthPlan(config), timeoutMs: handshakeOptions.timeoutMs, keepAliveIntervalMs: config.ssh_keep_alive_interval },
    };
    dialer = bastionDialer(bastion, target.host, target.port, tcp);
  } else if (config.ssh_proxy_host !== '') {
    const proxy = {
      host: config.ssh_proxy_host,
      port: config.ssh_proxy_port || 1080,
      username: config.ssh_proxy_username,
      password: config.ssh_proxy_password,
    };
    dialer = socksDialer(proxy, target.host, target.port, tcp);
  } else {
    dialer = directDialer(target.host, target.port, tcp);
  }
  const tunnels = parseTunnels(config.ssh_local_tunnels, config.ssh_remote_tunnels);
  const address = joinHostPort(target.host, target.port);
  return {
    address,
    via: dialer.via,
    plan,
    forwardAgent,
    async open(signal) {
      const dialed = await dialer.dial(signal);
      let client: Client;
      try {
        client = await handshake(dialed.socket, address, handshakeOptions, signal);
      } catch (err) {
        dialed.close();
        throw err;
      }
      client.once('close', () => dialed.close());
      try {
        await startTunnels(client, tunnels);
      } catch (err) {
        client.end();
        throw err;
      }
      return { client, close: () => client.end() };
    },
  };
}
