// The sshd fixture itself: a real server that accepts the authorized key, and stops with its sessions.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startSshd, type Sshd } from '../support/sshd.js';

const run = promisify(execFile);
let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(() => sshd.stop());

function ssh(command: string) {
  return run('ssh', ['-i', sshd.privateKeyFile, '-p', String(sshd.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', `${sshd.user}@${sshd.host}`, command]);
}

test('OpenSSH logs in with the authorized key as the test user', async () => {
  const { stdout } = await ssh('id -un; echo $HOME');
  expect(stdout.split('\n').slice(0, 2)).toEqual([sshd.user, sshd.home]);
});

test('stop ends open sessions and start serves again on the same port', async () => {
  const long = ssh('sleep 30').then(() => 'finished', () => 'dropped');
  await new Promise((r) => setTimeout(r, 500));
  await sshd.stop();
  expect(await long).toBe('dropped');
  await expect(ssh('true')).rejects.toThrow();
  await sshd.start();
  await expect(ssh('echo back')).resolves.toMatchObject({ stdout: 'back\n' });
});
