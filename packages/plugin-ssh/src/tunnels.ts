// Port forwarding over the SSH connection (`ssh_local_tunnels`, `ssh_remote_tunnels`; the SDK's connectTunnels
// with ParseTunnelArgument's `PORT:HOST:PORT` form). A local tunnel listens here on localhost:PORT and connects
// from the machine to HOST:PORT; a remote tunnel asks sshd to listen on the machine's localhost:PORT and connects
// from here to HOST:PORT. Tunnels live as long as the connection and are set up again after a reconnection.
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { ConnectFailure } from './connection-errors.js';

export interface TunnelSpec {
  readonly direction: 'local' | 'remote';
  /** The option's text, for messages. */
  readonly text: string;
  readonly listenPort: number;
  readonly forwardHost: string;
  readonly forwardPort: number;
}

/** The tunnels of `ssh_local_tunnels` and `ssh_remote_tunnels` (validated by prepareCommunicator). */
export function parseTunnels(local: readonly string[], remote: readonly string[]): TunnelSpec[] {
  const parse = (text: string, direction: 'local' | 'remote'): TunnelSpec => {
    const colon = text.indexOf(':');
    const forward = text.slice(colon + 1);
    const portColon = forward.lastIndexOf(':');
    const host = forward.slice(0, portColon).replace(/^\[(.*)\]$/, '$1');
    return { direction, text, listenPort: Number(text.slice(0, colon)), forwardHost: host, forwardPort: Number(forward.slice(portColon + 1)) };
  };
  return [...local.map((t) => parse(t, 'local')), ...remote.map((t) => parse(t, 'remote'))];
}

// Copies both ways until either side ends, then closes both.
function splice(a: Duplex, b: Duplex): void {
  const closeBoth = (): void => {
    a.destroy();
    b.destroy();
  };
  a.on('error', closeBoth).on('close', closeBoth);
  b.on('error', closeBoth).on('close', closeBoth);
  a.pipe(b);
  b.pipe(a);
}

function localTunnel(client: Client, spec: TunnelSpec): Promise<void> {
  const server = net.createServer((socket) => {
    client.forwardOut('127.0.0.1', spec.listenPort, spec.forwardHost, spec.forwardPort, (err, channel) => {
      if (err) socket.destroy();
      else splice(socket, channel);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err) =>
      reject(new ConnectFailure('config', `ssh_local_tunnels "${spec.text}": cannot listen on 127.0.0.1:${spec.listenPort}: ${err.message}`, true)),
    );
    server.listen(spec.listenPort, '127.0.0.1', () => {
      client.once('close', () => server.close());
      resolve();
    });
  });
}

function remoteTunnel(client: Client, spec: TunnelSpec): Promise<void> {
  return new Promise((resolve, reject) => {
    client.forwardIn('localhost', spec.listenPort, (err) => {
      if (err) {
        reject(new ConnectFailure('config', `ssh_remote_tunnels "${spec.text}": the server refused to listen on its port ${spec.listenPort}: ${err.message}`, true));
        return;
      }
      resolve();
    });
  });
}

/** Starts every tunnel on a fresh connection; remote tunnels share one `tcp connection` listener. */
export async function startTunnels(client: Client, tunnels: readonly TunnelSpec[]): Promise<void> {
  const remote = tunnels.filter((t) => t.direction === 'remote');
  if (remote.length > 0) {
    client.on('tcp connection', (info, accept, reject) => {
      const spec = remote.find((t) => t.listenPort === info.destPort);
      if (!spec) return reject();
      const upstream = net.connect({ host: spec.forwardHost, port: spec.forwardPort });
      let accepted = false;
      upstream.once('connect', () => {
        accepted = true;
        splice(accept(), upstream);
      });
      upstream.once('error', () => {
        if (!accepted) reject();
      });
    });
  }
  for (const spec of tunnels) {
    await (spec.direction === 'local' ? localTunnel(client, spec) : remoteTunnel(client, spec));
  }
}
