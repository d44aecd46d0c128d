// Temporary key pairs (rsa, ed25519) in OpenSSH formats that really log in to sshd, their limits, private key
// files with mode 0600, and ssh_clear_authorized_keys (clearAuthorizedKeys) against the real server.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';
import { sshCommunicator } from '@tspacker/plugin-ssh';
import { clearAuthorizedKeys } from '@tspacker/sdk';
import { connectSsh } from '../src/connect.js';
import { generateKeyPair, writePrivateKeyFile } from '../src/keygen.js';
import { startSshd, type Sshd } from '../../../test/support/sshd.js';
import { keyConfig, never, recordingUi, run, sshConfig } from './connect-support.js';

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(() => sshd.stop());

// What OpenSSH itself reads from a private key file: `ssh-keygen -y` prints the public key.
function publicKeyOf(privateKey: string): string {
  const key = writeKeySync(privateKey);
  try {
    return execFileSync('ssh-keygen', ['-y', '-f', key], { encoding: 'utf8' }).trim();
  } finally {
    fs.rmSync(path.dirname(key), { recursive: true, force: true });
  }
}
function writeKeySync(privateKey: string): string {
  const dir = fs.mkdtempSync(path.join(sshd.dir, 'k-'));
  const file = path.join(dir, 'id');
  fs.writeFileSync(file, privateKey, { mode: 0o600 });
  return file;
}

describe.each([
  ['rsa', 0, 'ssh-rsa', 4096],
  ['rsa', 2048, 'ssh-rsa', 2048],
  ['ed25519', 0, 'ssh-ed25519', 256],
  ['', 1024, 'ssh-rsa', 1024],
] as const)('temporary_key_pair_type "%s", bits %d', (type, bits, keyType, expectedBits) => {
  test(`an OpenSSH ${keyType} key pair of ${expectedBits} bits that logs in to sshd`, async () => {
    const pair = await generateKeyPair(type, bits, 'packer_6560d1b5');
    expect(pair.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n?$/);
    expect(pair.publicKey).toMatch(new RegExp(`^${keyType} [A-Za-z0-9+/=]+ packer_6560d1b5$`));
    // The private key holds the comment too, as ssh-keygen's keys do.
    expect(publicKeyOf(pair.privateKey)).toBe(pair.publicKey);
    const key = writeKeySync(pair.privateKey);
    expect(execFileSync('ssh-keygen', ['-l', '-f', key], { encoding: 'utf8' })).toMatch(new RegExp(`^${expectedBits} SHA256:`));
    fs.appendFileSync(sshd.authorizedKeysFile, `${pair.publicKey}\n`);
    const connection = await connectSsh(sshConfig({ ssh_username: sshd.user, ssh_timeout: 10_000, ssh_handshake_attempts: 1 }), {
      host: sshd.host,
      port: sshd.port,
      privateKey: pair.privateKey,
    }, { ui: recordingUi(), signal: never });
    expect((await run(connection.communicator, 'echo in')).stdout).toBe('in\n');
    await connection.close();
  });
});

test('every ed25519 pair is readable, including keys whose first byte is zero (ssh2 mis-encodes them)', async () => {
  // About 1 pair in 256 has a leading zero byte: 2000 pairs meet one with a probability above 99.9 %.
  for (let i = 0; i < 2000; i++) {
    const pair = await generateKeyPair('ed25519', 0, 'c');
    const blob = Buffer.from(pair.publicKey.split(' ')[1]!, 'base64');
    expect(blob.readUInt32BE(15)).toBe(32); // string "ssh-ed25519" (4 + 11 bytes), then the 32-byte key
    expect(ssh2.utils.parseKey(pair.privateKey)).not.toBeInstanceOf(Error);
  }
});

test('the public component generates through the same code', async () => {
  const pair = await sshCommunicator.generateKeyPair!('ed25519', 0, 'c');
  expect(pair.publicKey).toMatch(/^ssh-ed25519 \S+ c$/);
});

test('RSA below 1024 bits and unsupported types are clear errors', async () => {
  await expect(generateKeyPair('rsa', 512, 'c')).rejects.toThrow(
    /^temporary_key_pair_bits 512 is too small for an RSA key: use at least 1024 \(default 4096\)$/,
  );
  await expect(generateKeyPair('dsa', 1024, 'c')).rejects.toThrow(/^temporary_key_pair_type "dsa" is not supported by tspacker: use rsa or ed25519$/);
});

test('writePrivateKeyFile: mode 0600 in a private directory, usable by ssh -i, removed by remove()', async () => {
  const file = await writePrivateKeyFile(sshd.privateKey, 'debug key');
  try {
    expect(path.basename(file.path)).toBe('debug key');
    expect(fs.statSync(file.path).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file.path)).mode & 0o777).toBe(0o700);
    const out = execFileSync(
      'ssh',
      ['-i', file.path, '-p', String(sshd.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', `${sshd.user}@${sshd.host}`, 'echo ok'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    expect(out).toBe('ok\n');
  } finally {
    await file.remove();
  }
  expect(fs.existsSync(file.path)).toBe(false);
  expect(fs.existsSync(path.dirname(file.path))).toBe(false);
});

test('clearAuthorizedKeys removes the temporary key from ~/.ssh/authorized_keys and keeps the other lines', async () => {
  const pair = await generateKeyPair('ed25519', 0, 'packer_temp');
  const other = await generateKeyPair('ed25519', 0, 'someone-else');
  const connection = await connectSsh(keyConfig(sshd), { host: sshd.host, port: sshd.port }, { ui: recordingUi(), signal: never });
  const ui = recordingUi();
  try {
    // The remote user's own authorized_keys (the fixture's sshd reads its own file; this is the one Packer edits).
    await run(
      connection.communicator,
      `mkdir -p ~/.ssh && cp ~/.ssh/authorized_keys ~/.ssh/authorized_keys.tspacker-test-save 2>/dev/null; ` +
        `printf '%s\\n' '${other.publicKey}' 'from="10.0.0.0/8" ${pair.publicKey}' '${pair.publicKey}' > ~/.ssh/authorized_keys`,
    );
    await clearAuthorizedKeys(connection.communicator, pair.publicKey, ui);
    expect((await run(connection.communicator, 'cat ~/.ssh/authorized_keys')).stdout).toBe(`${other.publicKey}\n`);
    expect((await run(connection.communicator, 'ls -a ~/.ssh')).stdout).not.toContain('authorized_keys.bak');
    expect(ui.lines[0]).toBe('say: Trying to remove ephemeral keys from authorized_keys files');
    // sudo -n for /root: not permitted for this user here, reported and not fatal.
    expect(ui.lines.some((l) => l.startsWith('message: Could not clean up /root/.ssh/authorized_keys'))).toBe(sshd.user !== 'root');
  } finally {
    await run(
      connection.communicator,
      'if [ -f ~/.ssh/authorized_keys.tspacker-test-save ]; then mv ~/.ssh/authorized_keys.tspacker-test-save ~/.ssh/authorized_keys; else rm -f ~/.ssh/authorized_keys; fi',
    );
    await connection.close();
  }
  await expect(clearAuthorizedKeys(connection.communicator, 'not a key', ui)).rejects.toThrow(/the public key is not an authorized_keys line/);
});
