// ssh_local_tunnels and ssh_remote_tunnels (`PORT:HOST:PORT`) really forward ports over the SSH connection of a
// real sshd (its debug log shows the forwarding), and come back after a reconnection.
import net from 'node:net';
import { freePort, startSshd, type Sshd } from '../../../test/support/sshd.js';
import { connectWithKey, run } from './connect-support.js';

let sshd: Sshd;
let echo: net.Server;
let echoPort: number;
beforeAll(async () => {
  sshd = await startSshd({ config: ['Match all', 'LogLevel DEBUG1'] });
  // A line echo server, prefixing replies so that a test sees it answered.
  echo = net.createServer((socket) => socket.on('data', (d) => socket.write(`echo:${String(d)}`)));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as net.AddressInfo).port;
});
afterAll(async () => {
  echo.close();
  await sshd.stop();
});

function exchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(text));
    socket.once('data', (d) => {
      resolve(String(d));
      socket.destroy();
    });
    socket.once('error', reject);
    socket.setTimeout(5000, () => reject(new Error('no answer through the tunnel')));
  });
}

test('a local tunnel listens here and connects from the machine; it is set up again after a reconnection', async () => {
  const localPort = await freePort();
  const connection = await connectWithKey(sshd, { ssh_local_tunnels: [`${localPort}:127.0.0.1:${echoPort}`] });
  try {
    expect(await exchange(localPort, 'one')).toBe('echo:one');
    expect(sshd.log()).toMatch(new RegExp(`server_request_direct_tcpip: originator 127\\.0\\.0\\.1 port ${localPort}, target 127\\.0\\.0\\.1 port ${echoPort}`));
    // The machine drops the connection: the tunnel goes with it and returns with the next session.
    await run(connection.communicator, 'kill -9 $PPID');
    await new Promise((r) => setTimeout(r, 200));
    await expect(exchange(localPort, 'lost')).rejects.toThrow();
    await run(connection.communicator, 'true');
    expect(await exchange(localPort, 'two')).toBe('echo:two');
  } finally {
    await connection.close();
  }
  await new Promise((r) => setTimeout(r, 100));
  await expect(exchange(localPort, 'closed')).rejects.toThrow(/ECONNREFUSED/);
});

test('a remote tunnel listens on the machine and connects from here', async () => {
  const remotePort = await freePort();
  const connection = await connectWithKey(sshd, { ssh_remote_tunnels: [`${remotePort}:127.0.0.1:${echoPort}`] });
  try {
    // On the machine: connect to its localhost:remotePort with bash's /dev/tcp and read the answer.
    const { stdout } = await run(
      connection.communicator,
      `exec 3<>/dev/tcp/127.0.0.1/${remotePort}; printf remote >&3; timeout 5 head -c 11 <&3`,
    );
    expect(stdout).toBe('echo:remote');
    expect(sshd.log()).toMatch(new RegExp(`server_input_global_request: tcpip-forward listen localhost port ${remotePort}`));
  } finally {
    await connection.close();
  }
});

test('a local tunnel port already in use is a clear configuration error', async () => {
  const busy = net.createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const port = (busy.address() as net.AddressInfo).port;
  try {
    const error = await connectWithKey(sshd, { ssh_local_tunnels: [`${port}:127.0.0.1:${echoPort}`] }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      new RegExp(`^cannot connect: configuration error: ssh_local_tunnels "${port}:127\\.0\\.0\\.1:${echoPort}": cannot listen on 127\\.0\\.0\\.1:${port}: listen EADDRINUSE`),
    );
  } finally {
    busy.close();
  }
});
