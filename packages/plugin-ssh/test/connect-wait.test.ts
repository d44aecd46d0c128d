// The wait for SSH (StepConnect/StepConnectSSH) against real OpenSSH servers: Packer's messages, retries while
// sshd is not up, and each failure class with its own message and a bounded, fast end.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sshCommunicator } from '@tspacker/plugin-ssh';
import { connectSsh } from '../src/connect.js';
import { freePort, startSshd, type Sshd } from '../../../test/support/sshd.js';
import { fast, keyConfig, never, recordingUi, run, sshConfig } from './connect-support.js';

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(() => sshd.stop());

const target = () => ({ host: sshd.host, port: sshd.port });

test("Packer's messages around a successful wait, through the plugin's public component", async () => {
  const ui = recordingUi();
  const connection = await sshCommunicator.connect(keyConfig(sshd), target(), { ui, signal: never });
  try {
    expect(await run(connection.communicator, 'id -un')).toMatchObject({ stdout: `${sshd.user}\n`, exitStatus: 0 });
  } finally {
    await connection.close();
  }
  const says = ui.lines.filter((l) => l.startsWith('say: '));
  expect(says).toEqual([
    `say: Using SSH communicator to connect: ${sshd.host}`,
    'say: Waiting for SSH to become available...',
    'say: Connected to SSH!',
  ]);
  expect(ui.lines).toContain(`progress: Connecting to ${sshd.user}@${sshd.host}:${sshd.port}`);
});

test('sshd not listening for ~3 s: refused attempts are retried, explained once, then the login succeeds', async () => {
  const late = await startSshd({ startAfterMs: 3000 });
  try {
    const ui = recordingUi();
    const started = Date.now();
    const connection = await connectSsh(keyConfig(late), { host: late.host, port: late.port }, { ui, signal: never }, { retryIntervalMs: 500 });
    const elapsed = Date.now() - started;
    await connection.close();
    expect(elapsed).toBeGreaterThanOrEqual(2500);
    expect(elapsed).toBeLessThan(8000);
    const failures = ui.lines.filter((l) => l.startsWith('message: SSH attempt'));
    // One message for the class (it did not change), progress updates for every attempt.
    expect(failures).toEqual([`message: SSH attempt 1 failed: ${late.host}:${late.port} refused the connection: nothing listens on that port (yet)`]);
    expect(ui.lines.filter((l) => l.startsWith('update: attempt')).length).toBeGreaterThanOrEqual(5);
    expect(ui.lines).toContain(`update: attempt 3, last failure: ${late.host}:${late.port} refused the connection: nothing listens on that port (yet)`);
    expect(ui.lines.at(-1)).toBe('say: Connected to SSH!');
  } finally {
    await late.stop();
  }
});

test('connection refused until ssh_timeout: "Timeout waiting for SSH." with the class, address, attempts and time', async () => {
  const port = await freePort();
  const ui = recordingUi();
  const config = sshConfig({ ssh_username: 'u', ssh_password: 'p', ssh_timeout: 1500 });
  const started = Date.now();
  const error = await connectSsh(config, { host: '127.0.0.1', port }, { ui, signal: never }, fast).catch((e: Error) => e);
  expect(Date.now() - started).toBeLessThan(3000);
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message).toMatch(
    new RegExp(
      `^Timeout waiting for SSH\\. Last failure: connection refused: 127\\.0\\.0\\.1:${port} refused the connection: nothing listens on that port \\(yet\\)\\. ` +
        `\\d+ attempts to u@127\\.0\\.0\\.1:${port} in (1\\.[4-9]|2)s \\(ssh_timeout 1\\.5s\\)\\.$`,
    ),
  );
  expect(Number(/(\d+) attempts/.exec(message)![1])).toBeGreaterThanOrEqual(5);
  expect(ui.lines.at(-1)).toBe(`error: ${message}`);
});

test('a wrong key: a clear authentication error after ssh_handshake_attempts, fast, naming the methods but no secret', async () => {
  const other = await startSshd(); // its key is not authorized on `sshd`
  await other.stop();
  const ui = recordingUi();
  const config = sshConfig({
    ssh_username: sshd.user,
    ssh_private_key_file: other.privateKeyFile,
    ssh_password: 'not-the-password',
    ssh_handshake_attempts: 3,
    ssh_timeout: 30_000,
  });
  const started = Date.now();
  const error = (await connectSsh(config, target(), { ui, signal: never }, fast).catch((e: Error) => e)) as Error;
  const elapsed = Date.now() - started;
  expect(elapsed).toBeLessThan(5000);
  expect(error.message).toMatch(
    new RegExp(
      `^authentication failed 3 times \\(ssh_handshake_attempts = 3\\): authentication rejected: ` +
        `127\\.0\\.0\\.1:${sshd.port} rejected the login of user "${sshd.user}": tried publickey \\(key file ${other.privateKeyFile}\\); ` +
        `the server accepts publickey \\(3 attempts to ${sshd.user}@127\\.0\\.0\\.1:${sshd.port} in \\d+(\\.\\d)?m?s\\)\\. Check the user name and the key, certificate or password for this machine\\.$`,
    ),
  );
  expect(ui.text()).not.toContain('not-the-password');
  // The first rejection is reported at once; the repeats are not.
  expect(ui.lines.filter((l) => l.startsWith('message: SSH attempt'))).toHaveLength(1);
  expect(ui.lines.at(-1)).toBe(`error: Error waiting for SSH: ${error.message}`);
  // sshd saw exactly three rejected logins (no retry storm); it may write its log a moment later.
  const rejected = (): number => sshd.log().match(new RegExp(`Failed publickey for ${sshd.user} `, 'g'))?.length ?? 0;
  for (let i = 0; i < 20 && rejected() < 3; i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 200));
  expect(rejected()).toBe(3);
});

test('a password the server does not accept as a method: the message says which methods it accepts', async () => {
  const ui = recordingUi();
  const config = sshConfig({ ssh_username: sshd.user, ssh_password: 'secret-password', ssh_handshake_attempts: 1, ssh_timeout: 10_000 });
  const error = (await connectSsh(config, target(), { ui, signal: never }, fast).catch((e: Error) => e)) as Error;
  expect(error.message).toContain(`rejected the login of user "${sshd.user}": no offered method is one the server accepts; the server accepts publickey`);
  expect(ui.text()).not.toContain('secret-password');
});

test('DNS failure (an injected lookup: no DNS server is asked) is classified and retried until the timeout', async () => {
  const lookups: string[] = [];
  const lookup: net.LookupFunction = (hostname, _options, callback) => {
    lookups.push(hostname);
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    process.nextTick(() => (callback as (e: Error) => void)(error));
  };
  const ui = recordingUi();
  const config = sshConfig({ ssh_username: 'u', ssh_password: 'p', ssh_timeout: 800 });
  const error = (await connectSsh(config, { host: 'build-box.example', port: 22 }, { ui, signal: never }, { ...fast, lookup }).catch(
    (e: Error) => e,
  )) as Error;
  expect(error.message).toMatch(/^Timeout waiting for SSH\. Last failure: DNS failure: the host name "build-box\.example" does not resolve \(ENOTFOUND\)\. \d+ attempts to u@build-box\.example:22 in /);
  expect(lookups.length).toBeGreaterThanOrEqual(2);
  expect(new Set(lookups)).toEqual(new Set(['build-box.example']));
});

test('a port that accepts TCP but never speaks SSH: handshake timeout', async () => {
  const sockets: net.Socket[] = [];
  const silent = net.createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const { port } = silent.address() as net.AddressInfo;
  try {
    const ui = recordingUi();
    const config = sshConfig({ ssh_username: 'u', ssh_password: 'p', ssh_timeout: 1200 });
    const error = (await connectSsh(config, { host: '127.0.0.1', port }, { ui, signal: never }, { ...fast, handshakeTimeoutMs: 300 }).catch(
      (e: Error) => e,
    )) as Error;
    expect(error.message).toContain(
      `Last failure: SSH handshake timeout: 127.0.0.1:${port} accepted the TCP connection but the SSH handshake did not finish in time.`,
    );
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test('ssh_ciphers replaces the offered ciphers: none in common with the server stops at once', async () => {
  const ui = recordingUi();
  const config = keyConfig(sshd, { ssh_ciphers: ['aes128-cbc'], ssh_timeout: 20_000 });
  const started = Date.now();
  const error = (await connectSsh(config, target(), { ui, signal: never }, fast).catch((e: Error) => e)) as Error;
  expect(Date.now() - started).toBeLessThan(3000);
  expect(error.message).toMatch(/^the SSH handshake cannot succeed: no common algorithm: 127\.0\.0\.1:\d+ and tspacker have no cipher in common \(Handshake failed: no matching C->S cipher\) \(1 attempt to /);
});

test('no host key algorithm in common (a server offering only host certificates) stops at once, naming the class', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostcert-'));
  fs.chmodSync(dir, 0o755);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/ca`]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/host`]);
  execFileSync('ssh-keygen', ['-q', '-s', `${dir}/ca`, '-I', 'host', '-h', `${dir}/host.pub`]);
  const certified = await startSshd({
    config: [`HostKey ${dir}/host`, `HostCertificate ${dir}/host-cert.pub`, 'HostKeyAlgorithms ssh-ed25519-cert-v01@openssh.com'],
  });
  try {
    const started = Date.now();
    const error = (await connectSsh(keyConfig(certified), { host: certified.host, port: certified.port }, { ui: recordingUi(), signal: never }, fast).catch(
      (e: Error) => e,
    )) as Error;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.message).toMatch(
      /^the SSH handshake cannot succeed: no common algorithm: 127\.0\.0\.1:\d+ and tspacker have no host key algorithm in common \(Handshake failed: no matching host key format\) \(1 attempt to /,
    );
    // What sshd saw offered: the host key algorithms current OpenSSH accepts (sshd may log it a moment later).
    for (let i = 0; i < 20 && !certified.log().includes('Their offer'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(certified.log()).toMatch(/no matching host key type found\. Their offer: ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256/);
  } finally {
    await certified.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('no key exchange algorithm in common (one OpenSSH no longer enables) stops at once too', async () => {
  const error = (await connectSsh(keyConfig(sshd, { ssh_key_exchange_algorithms: ['diffie-hellman-group1-sha1'] }), target(), {
    ui: recordingUi(),
    signal: never,
  }, fast).catch((e: Error) => e)) as Error;
  expect(error.message).toMatch(/^the SSH handshake cannot succeed: no common algorithm: 127\.0\.0\.1:\d+ and tspacker have no key exchange algorithm in common \(Handshake failed: no matching key exchange algorithm\) \(1 attempt to /);
});

test('ssh_key_exchange_algorithms replaces the offered list: a common one connects, an unknown name is a clear error', async () => {
  const ui = recordingUi();
  const connection = await connectSsh(keyConfig(sshd, { ssh_key_exchange_algorithms: ['curve25519-sha256'], ssh_ciphers: ['aes256-ctr'] }), target(), {
    ui,
    signal: never,
  });
  expect((await run(connection.communicator, 'echo ok')).stdout).toBe('ok\n');
  await connection.close();
  const bad = await connectSsh(keyConfig(sshd, { ssh_key_exchange_algorithms: ['sntrup761x25519-sha512@openssh.com'] }), target(), {
    ui,
    signal: never,
  }).catch((e: Error) => e);
  expect((bad as Error).message).toMatch(
    /^cannot connect: configuration error: ssh_key_exchange_algorithms: "sntrup761x25519-sha512@openssh.com" not supported; supported: curve25519-sha256@libssh.org, /,
  );
});

test('aborting during the wait rejects promptly with "SSH wait cancelled"', async () => {
  const port = await freePort();
  const controller = new AbortController();
  const ui = recordingUi();
  const config = sshConfig({ ssh_username: 'u', ssh_password: 'p', ssh_timeout: 60_000 });
  const started = Date.now();
  const pending = connectSsh(config, { host: '127.0.0.1', port }, { ui, signal: controller.signal }, { retryIntervalMs: 5000 });
  setTimeout(() => controller.abort(), 300);
  await expect(pending).rejects.toThrow(/^SSH wait cancelled$/);
  expect(Date.now() - started).toBeLessThan(1500);
});

test('pause_before_connecting: connect, "Pausing 1s before connecting...", wait and connect again', async () => {
  const ui = recordingUi();
  const started = Date.now();
  const connection = await connectSsh(keyConfig(sshd, { pause_before_connecting: 1000 }), target(), { ui, signal: never });
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  expect((await run(connection.communicator, 'echo again')).stdout).toBe('again\n');
  await connection.close();
  expect(ui.lines.filter((l) => l.startsWith('say: '))).toEqual([
    `say: Using SSH communicator to connect: ${sshd.host}`,
    'say: Waiting for SSH to become available...',
    'say: Connected to SSH!',
    'say: Pausing 1s before connecting...',
    'say: Waiting for SSH to become available...',
    'say: Connected to SSH!',
  ]);
});

test('configuration that cannot work fails at once: no agent for ssh_agent_auth, a key file that is not a key', async () => {
  const saved = process.env['SSH_AUTH_SOCK'];
  delete process.env['SSH_AUTH_SOCK'];
  try {
    const ui = recordingUi();
    const error = await connectSsh(sshConfig({ ssh_username: 'u', ssh_agent_auth: true }), target(), { ui, signal: never }).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'cannot connect: configuration error: ssh_agent_auth is set but SSH_AUTH_SOCK is not: no SSH agent to authenticate with',
    );
    expect(ui.lines.at(-1)).toBe(`error: Error waiting for SSH: ${(error as Error).message}`);
  } finally {
    if (saved !== undefined) process.env['SSH_AUTH_SOCK'] = saved;
  }
  const notAKey = await connectSsh(sshConfig({ ssh_username: 'u', ssh_timeout: 5000 }), { ...target(), privateKey: 'hello' }, {
    ui: recordingUi(),
    signal: never,
  }).catch((e: Error) => e);
  expect((notAKey as Error).message).toMatch(/^cannot connect: configuration error: the builder's temporary private key is not a private key tspacker can use: /);
});
