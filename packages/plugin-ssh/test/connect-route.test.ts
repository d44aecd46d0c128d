// Routes to the machine: through a bastion host (a second real sshd, `ssh_bastion_*`) and through a real SOCKS5
// proxy (OpenSSH's dynamic forwarding, `ssh -N -D`, through a third sshd; `ssh_proxy_*`).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { connectSsh } from '../src/connect.js';
import { freePort, startSshd, TEST_PASSWORD, type Sshd } from '../../../test/support/sshd.js';
import { fast, never, recordingUi, run, sshConfig } from './connect-support.js';

let machine: Sshd;
let bastion: Sshd;
beforeAll(async () => {
  [machine, bastion] = await Promise.all([startSshd(), startSshd({ config: ['Match all', 'PasswordAuthentication yes'] })]);
});
afterAll(async () => {
  await Promise.all([machine.stop(), bastion.stop()]);
});

const target = () => ({ host: machine.host, port: machine.port });

describe('bastion', () => {
  const bastionConfig = (extra: Record<string, unknown>) =>
    sshConfig({
      ssh_username: machine.user,
      ssh_private_key_file: machine.privateKeyFile,
      ssh_bastion_host: bastion.host,
      ssh_bastion_port: bastion.port,
      ssh_bastion_username: bastion.user,
      ssh_timeout: 10_000,
      ...extra,
    });

  test('with its own key: the machine is reached through a direct-tcpip channel of the bastion', async () => {
    const ui = recordingUi();
    const connection = await connectSsh(bastionConfig({ ssh_bastion_private_key_file: bastion.privateKeyFile }), target(), { ui, signal: never });
    try {
      expect((await run(connection.communicator, 'echo through')).stdout).toBe('through\n');
    } finally {
      await connection.close();
    }
    expect(ui.lines).toContain(`progress: Connecting to ${machine.user}@${machine.host}:${machine.port} through bastion ${bastion.user}@${bastion.host}:${bastion.port}`);
    // The bastion logged the login and the forwarding to the machine.
    expect(bastion.log()).toMatch(new RegExp(`Accepted publickey for ${bastion.user}`));
  });

  test('with a password', async () => {
    const connection = await connectSsh(bastionConfig({ ssh_bastion_password: TEST_PASSWORD }), target(), { ui: recordingUi(), signal: never });
    expect((await run(connection.communicator, 'echo pw')).stdout).toBe('pw\n');
    await connection.close();
    expect(bastion.log()).toMatch(new RegExp(`Accepted password for ${bastion.user}`));
  });

  test('with ssh_bastion_agent_auth: the bastion key is only in a real ssh-agent', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bastion-agent-'));
    const socket = path.join(dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    const saved = process.env['SSH_AUTH_SOCK'];
    try {
      for (let i = 0; i < 100 && !fs.existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20));
      execFileSync('ssh-add', ['-q', bastion.privateKeyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      process.env['SSH_AUTH_SOCK'] = socket;
      const ui = recordingUi();
      const connection = await connectSsh(bastionConfig({ ssh_bastion_agent_auth: true, ssh_bastion_private_key_file: '' }), target(), { ui, signal: never });
      expect((await run(connection.communicator, 'echo agent')).stdout).toBe('agent\n');
      await connection.close();
    } finally {
      if (saved === undefined) delete process.env['SSH_AUTH_SOCK'];
      else process.env['SSH_AUTH_SOCK'] = saved;
      agent.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the bastion rejecting its login is an authentication error that says "bastion host"', async () => {
    const error = (await connectSsh(
      bastionConfig({ ssh_bastion_password: 'wrong-bastion-secret', ssh_handshake_attempts: 1 }),
      target(),
      { ui: recordingUi(), signal: never },
      fast,
    ).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(
      new RegExp(
        `^authentication failed 1 time \\(ssh_handshake_attempts = 1\\): authentication rejected: bastion host: 127\\.0\\.0\\.1:${bastion.port} rejected the login of user "${bastion.user}": ` +
          // prepareCommunicator gives the bastion ssh_private_key_file when it has no key of its own (Packer's rule).
          `tried password, publickey \\(key file ${machine.privateKeyFile}\\); the server accepts publickey, password \\(1 attempt to `,
      ),
    );
    expect(error.message).not.toContain('wrong-bastion-secret');
  });

  test('the machine refusing connections from the bastion is reported as refused, by the bastion', async () => {
    const closed = await freePort();
    const error = (await connectSsh(bastionConfig({ ssh_bastion_private_key_file: bastion.privateKeyFile, ssh_timeout: 700 }), { host: '127.0.0.1', port: closed }, {
      ui: recordingUi(),
      signal: never,
    }, fast).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(
      new RegExp(`^Timeout waiting for SSH\\. Last failure: connection refused: 127\\.0\\.0\\.1:${closed} refused the connection: nothing listens on that port \\(yet\\) \\(reported by the bastion 127\\.0\\.0\\.1:${bastion.port}\\)\\.`),
    );
  });
});

describe('SOCKS5 proxy', () => {
  let proxy: ChildProcess;
  let proxyPort: number;
  let proxyServer: Sshd;
  beforeAll(async () => {
    proxyServer = await startSshd();
    proxyPort = await freePort();
    // OpenSSH's own SOCKS5 server: `ssh -D` listens here and opens each connection from the proxy server's side.
    proxy = spawn(
      'ssh',
      ['-N', '-D', `127.0.0.1:${proxyPort}`, '-i', proxyServer.privateKeyFile, '-p', String(proxyServer.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes', `${proxyServer.user}@${proxyServer.host}`],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 200; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port: proxyPort }, () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      });
      if (up) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  afterAll(async () => {
    proxy.kill();
    await proxyServer.stop();
  });

  const proxyConfig = (extra: Record<string, unknown> = {}) =>
    sshConfig({
      ssh_username: machine.user,
      ssh_private_key_file: machine.privateKeyFile,
      ssh_proxy_host: '127.0.0.1',
      ssh_proxy_port: proxyPort,
      ssh_timeout: 10_000,
      ...extra,
    });

  test('connects through the proxy, which opens the connection to the machine', async () => {
    const ui = recordingUi();
    const connection = await connectSsh(proxyConfig(), target(), { ui, signal: never });
    try {
      expect((await run(connection.communicator, 'echo proxied')).stdout).toBe('proxied\n');
    } finally {
      await connection.close();
    }
    expect(ui.lines).toContain(`progress: Connecting to ${machine.user}@${machine.host}:${machine.port} through SOCKS5 proxy 127.0.0.1:${proxyPort}`);
    // The proxy server's sshd opened the forwarded connection to the machine.
    expect(proxyServer.log()).toMatch(/Connection from|Accepted publickey/);
  });

  test('a proxy that is not running: a SOCKS5 proxy failure naming the proxy', async () => {
    const nothing = await freePort();
    const error = (await connectSsh(proxyConfig({ ssh_proxy_port: nothing, ssh_timeout: 600 }), target(), { ui: recordingUi(), signal: never }, fast).catch(
      (e: Error) => e,
    )) as Error;
    expect(error.message).toMatch(
      new RegExp(`^Timeout waiting for SSH\\. Last failure: SOCKS5 proxy failure: cannot reach the SOCKS5 proxy: 127\\.0\\.0\\.1:${nothing} refused the connection`),
    );
  });

  test('the proxy cannot connect to the machine: the failure says the proxy reported it', async () => {
    const closed = await freePort();
    const error = (await connectSsh(proxyConfig({ ssh_timeout: 700 }), { host: '127.0.0.1', port: closed }, { ui: recordingUi(), signal: never }, fast).catch(
      (e: Error) => e,
    )) as Error;
    // OpenSSH's -D closes the client connection without a SOCKS reply when the machine refuses.
    expect(error.message).toContain(
      `Last failure: SOCKS5 proxy failure: the SOCKS5 proxy 127.0.0.1:${proxyPort} could not connect to 127.0.0.1:${closed}: Socket closed.`,
    );
  });
});
