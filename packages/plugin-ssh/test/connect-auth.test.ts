// Authentication against real OpenSSH servers, in Packer's order: the agent (a real ssh-agent), a key file with
// an OpenSSH user certificate (sshd's TrustedUserCAKeys), the builder's temporary key, a password; host keys of
// the algorithms current OpenSSH offers; agent forwarding on sessions unless disabled.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectSsh } from '../src/connect.js';
import { generateKeyPair } from '../src/keygen.js';
import { startSshd, TEST_PASSWORD, type Sshd } from '../../../test/support/sshd.js';
import { keyConfig, never, recordingUi, run, sshConfig } from './connect-support.js';

let dir: string;
let agent: ChildProcess;
let agentSocket: string;
const savedAgent = process.env['SSH_AUTH_SOCK'];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connect-auth-'));
  agentSocket = path.join(dir, 'agent.sock');
  agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !fs.existsSync(agentSocket); i++) await new Promise((r) => setTimeout(r, 20));
});
afterAll(() => {
  agent.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  if (savedAgent === undefined) delete process.env['SSH_AUTH_SOCK'];
  else process.env['SSH_AUTH_SOCK'] = savedAgent;
});

describe('one server', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    // The fixture's first PasswordAuthentication wins; a Match block overrides it.
    sshd = await startSshd({ config: ['Match all', 'PasswordAuthentication yes'] });
  });
  afterAll(() => sshd.stop());
  const target = () => ({ host: sshd.host, port: sshd.port });

  test('ssh_agent_auth: the key is only in a real ssh-agent (ssh-add), SSH_AUTH_SOCK points to it', async () => {
    execFileSync('ssh-add', ['-q', sshd.privateKeyFile], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket }, stdio: 'ignore' });
    try {
      process.env['SSH_AUTH_SOCK'] = agentSocket;
      const connection = await connectSsh(sshConfig({ ssh_username: sshd.user, ssh_agent_auth: true, ssh_timeout: 10_000 }), target(), {
        ui: recordingUi(),
        signal: never,
      });
      try {
        expect((await run(connection.communicator, 'id -un')).stdout).toBe(`${sshd.user}\n`);
        // Agent forwarding is on by default: the machine sees the local agent's key.
        const listed = await run(connection.communicator, 'ssh-add -L');
        expect(listed).toMatchObject({ exitStatus: 0, stdout: fs.readFileSync(`${sshd.privateKeyFile}.pub`, 'utf8') });
      } finally {
        await connection.close();
      }
    } finally {
      execFileSync('ssh-add', ['-D'], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket }, stdio: 'ignore' });
    }
  });

  test('an empty agent: authentication is rejected, and the message names the agent it tried', async () => {
    process.env['SSH_AUTH_SOCK'] = agentSocket;
    const error = (await connectSsh(
      sshConfig({ ssh_username: sshd.user, ssh_agent_auth: true, ssh_handshake_attempts: 1, ssh_timeout: 10_000 }),
      target(),
      { ui: recordingUi(), signal: never },
    ).catch((e: Error) => e)) as Error;
    expect(error.message).toContain(`tried publickey (SSH agent at ${agentSocket}); the server accepts publickey, password`);
  });

  test('ssh_disable_agent_forwarding: sessions get no SSH_AUTH_SOCK', async () => {
    process.env['SSH_AUTH_SOCK'] = agentSocket;
    for (const [disable, expected] of [
      [true, 'none\n'],
      [false, 'forwarded\n'],
    ] as const) {
      const connection = await connectSsh(keyConfig(sshd, { ssh_disable_agent_forwarding: disable }), target(), { ui: recordingUi(), signal: never });
      try {
        expect((await run(connection.communicator, 'test -S "$SSH_AUTH_SOCK" && echo forwarded || echo none')).stdout).toBe(expected);
        // After a dropped connection the next command reconnects, and forwards the agent again.
        expect((await run(connection.communicator, 'kill -9 $PPID')).exitStatus).toBe(2300218);
        expect((await run(connection.communicator, 'test -S "$SSH_AUTH_SOCK" && echo forwarded || echo none')).stdout).toBe(expected);
      } finally {
        await connection.close();
      }
    }
  });

  test('a server that refuses agent forwarding: commands run without it (Packer only logs the refusal)', async () => {
    process.env['SSH_AUTH_SOCK'] = agentSocket;
    const strict = await startSshd({ config: ['Match all', 'AllowAgentForwarding no'] });
    try {
      const connection = await connectSsh(keyConfig(strict), { host: strict.host, port: strict.port }, { ui: recordingUi(), signal: never });
      expect((await run(connection.communicator, 'echo ${SSH_AUTH_SOCK:-none}')).stdout).toBe('none\n');
      expect((await run(connection.communicator, 'echo second')).stdout).toBe('second\n');
      await connection.close();
    } finally {
      await strict.stop();
    }
  });

  test('ssh_private_key_file with ssh_certificate_file: a user certificate signed by a CA the server trusts', async () => {
    const ca = path.join(dir, 'ca');
    const key = path.join(dir, 'cert_user');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', ca]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    execFileSync('ssh-keygen', ['-q', '-s', ca, '-I', 'tspacker-test-id', '-n', sshd.user, `${key}.pub`]);
    const caSshd = await startSshd({ config: [`TrustedUserCAKeys ${ca}.pub`] });
    try {
      const config = sshConfig({
        ssh_username: caSshd.user,
        ssh_private_key_file: key,
        ssh_certificate_file: `${key}-cert.pub`,
        ssh_handshake_attempts: 1,
        ssh_timeout: 10_000,
      });
      const connection = await connectSsh(config, { host: caSshd.host, port: caSshd.port }, { ui: recordingUi(), signal: never });
      expect((await run(connection.communicator, 'echo certified')).stdout).toBe('certified\n');
      await connection.close();
      expect(caSshd.log()).toMatch(/Accepted certificate ID "tspacker-test-id"/);
      // Without the certificate the key alone is not authorized.
      const bare = await connectSsh(
        sshConfig({ ssh_username: caSshd.user, ssh_private_key_file: key, ssh_handshake_attempts: 1, ssh_timeout: 10_000 }),
        { host: caSshd.host, port: caSshd.port },
        { ui: recordingUi(), signal: never },
      ).catch((e: Error) => e);
      expect((bare as Error).message).toContain(`tried publickey (key file ${key})`);
    } finally {
      await caSshd.stop();
    }
  });

  test.each([
    ['rsa', '2048'],
    ['ecdsa', '384'],
  ])('a %s user certificate (RSA signs with rsa-sha2-512: OpenSSH refuses SHA-1)', async (type, bits) => {
    const ca = path.join(dir, `ca-${type}`);
    const key = path.join(dir, `cert_${type}`);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', ca]);
    execFileSync('ssh-keygen', ['-q', '-t', type, '-b', bits, '-N', '', '-f', key]);
    execFileSync('ssh-keygen', ['-q', '-s', ca, '-I', `${type}-id`, '-n', sshd.user, `${key}.pub`]);
    const caSshd = await startSshd({ config: [`TrustedUserCAKeys ${ca}.pub`] });
    try {
      const config = sshConfig({ ssh_username: caSshd.user, ssh_private_key_file: key, ssh_certificate_file: `${key}-cert.pub`, ssh_handshake_attempts: 1, ssh_timeout: 10_000 });
      const connection = await connectSsh(config, { host: caSshd.host, port: caSshd.port }, { ui: recordingUi(), signal: never });
      await connection.close();
      expect(caSshd.log()).toMatch(new RegExp(`Accepted publickey for ${caSshd.user} .* ${type.toUpperCase()}-CERT .* ID ${type}-id`));
    } finally {
      await caSshd.stop();
    }
  });

  test('a certificate for another key type is a clear configuration error', async () => {
    const key = path.join(dir, 'mismatch');
    execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-N', '', '-f', key]);
    const other = path.join(dir, 'cert_user-cert.pub');
    const error = await connectSsh(
      sshConfig({ ssh_username: sshd.user, ssh_private_key_file: key, ssh_certificate_file: other, ssh_timeout: 5000 }),
      target(),
      { ui: recordingUi(), signal: never },
    ).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `cannot connect: configuration error: ssh_certificate_file ${other} is not a ecdsa-sha2-nistp256-cert-v01@openssh.com certificate for the ecdsa-sha2-nistp256 private key`,
    );
  });

  test("the builder's temporary key (ConnectTarget.privateKey) logs in", async () => {
    const pair = await generateKeyPair('ed25519', 0, 'packer_temporary');
    fs.appendFileSync(sshd.authorizedKeysFile, `${pair.publicKey}\n`);
    const connection = await connectSsh(sshConfig({ ssh_username: sshd.user, ssh_timeout: 10_000 }), { ...target(), privateKey: pair.privateKey }, {
      ui: recordingUi(),
      signal: never,
    });
    expect((await run(connection.communicator, 'echo temporary')).stdout).toBe('temporary\n');
    await connection.close();
  });

  test('ssh_password logs in (password authentication); the password never appears in the output', async () => {
    const ui = recordingUi();
    const connection = await connectSsh(sshConfig({ ssh_username: sshd.user, ssh_password: TEST_PASSWORD, ssh_timeout: 10_000 }), target(), {
      ui,
      signal: never,
    });
    expect((await run(connection.communicator, 'id -un')).stdout).toBe(`${sshd.user}\n`);
    await connection.close();
    expect(sshd.log()).toMatch(new RegExp(`Accepted password for ${sshd.user}`));
    const wrong = (await connectSsh(
      sshConfig({ ssh_username: sshd.user, ssh_password: 'wrong-secret', ssh_handshake_attempts: 1, ssh_timeout: 10_000 }),
      target(),
      { ui, signal: never },
    ).catch((e: Error) => e)) as Error;
    expect(wrong.message).toContain('tried password; the server accepts publickey, password');
    expect(ui.text()).not.toContain('wrong-secret');
    expect(ui.text()).not.toContain(TEST_PASSWORD);
  });
});

describe.each(['rsa', 'ed25519'] as const)('a server with an %s host key', (hostKeyType) => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd({ hostKeyType });
  });
  afterAll(() => sshd.stop());

  test('connects (host keys are not verified) and runs a command', async () => {
    const connection = await connectSsh(keyConfig(sshd), { host: sshd.host, port: sshd.port }, { ui: recordingUi(), signal: never });
    expect((await run(connection.communicator, 'echo hi')).stdout).toBe('hi\n');
    await connection.close();
  });
});
