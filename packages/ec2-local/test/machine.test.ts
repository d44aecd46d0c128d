// Namespace machines for real: boot over the host's root, SSH with OpenSSH's client, first boot as cloud-init,
// the disk across stop and start, capture into layers that other machines boot from, terminate.
import fs from 'node:fs';
import path from 'node:path';
import type { Machine, MachineHost, MachineSpec } from '../src/contracts.js';
import { createMachineHost } from '../src/machines/index.js';
import {
  addressBlock,
  eventually,
  hostHasSudo,
  makeKeyPair,
  machineStateParent,
  mountsUnder,
  processesUnder,
  scp,
  ssh,
  tempDirIn,
  type KeyPair,
} from './machine-support.js';

const USER = 'ec2-local-test-user';
const DELETED_BASE_FILE = '/etc/issue.net';

let stateDir: string;
let layersDir: string;
let host: MachineHost;
let key: KeyPair;
const address = addressBlock();

const USER_DATA = `#!/bin/sh
echo "user data as $(id -un)"
mkdir -p /opt/ec2-local-test
echo installed-by-user-data > /opt/ec2-local-test/marker
rm -f ${DELETED_BASE_FILE}
`;

function specFor(n: number, layers: readonly string[] = [], userData?: string): MachineSpec {
  return {
    instanceId: `i-0000000000000${String(n).padStart(4, '0')}`,
    layers,
    address: address(n),
    sshPort: 2222,
    defaultUser: USER,
    authorizedKeys: [key.publicKey],
    userData,
  };
}

const run = async (machine: Machine, command: string): Promise<string> => {
  const result = await ssh(machine.spec, USER, key, command);
  if (result.code !== 0) throw new Error(`ssh ${command}: exit ${result.code}: ${result.stderr}`);
  return result.stdout;
};

const bootFinished = (machine: Machine): Promise<boolean> =>
  eventually(async () => (await ssh(machine.spec, USER, key, 'test -e /var/lib/cloud/instance/boot-finished')).code === 0);

beforeAll(() => {
  stateDir = tempDirIn(machineStateParent, 'ec2-local-machines-');
  layersDir = path.join(stateDir, 'layers');
  key = makeKeyPair(tempDirIn(stateDir, 'keys-'));
  fs.chmodSync(key.privateKeyFile, 0o600);
  host = createMachineHost({ stateDir, startTimeoutMs: 10_000 });
});

afterAll(async () => {
  await host.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('a namespace machine', () => {
  let machine: Machine;
  let upper: string;

  beforeAll(async () => {
    machine = await host.create(specFor(1, [], USER_DATA));
    upper = path.join(stateDir, 'machines', machine.spec.instanceId, 'disk', 'upper');
  });

  test('starts (SSH ready, goal 1 s) and logs in the default user with the launch key', async () => {
    const started = Date.now();
    await machine.start();
    const bootMs = Date.now() - started;
    expect(host.isolation).toBe('namespace');
    // The goal is 1 s (docs/machines.md has the figures); the bound leaves room for a loaded CI machine.
    expect(bootMs).toBeLessThan(5000);
    expect((await run(machine, 'id -un')).trim()).toBe(USER);
    expect((await run(machine, 'echo $SHELL; pwd')).split('\n')).toEqual(['/bin/bash', `/home/${USER}`, '']);
    expect(await run(machine, 'hostname')).toBe(`ip-${machine.spec.address.replaceAll('.', '-')}\n`);
  });

  test('a key that was not launched with it is refused', async () => {
    const other = makeKeyPair(tempDirIn(stateDir, 'other-key-'));
    const result = await ssh(machine.spec, USER, other, 'true');
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/Permission denied/);
  });

  test('the default user has passwordless sudo, as cloud-init sets it up', async () => {
    const sudoers = path.join(upper, 'etc/sudoers.d/90-cloud-init-users');
    expect(fs.readFileSync(sudoers, 'utf8')).toBe(`${USER} ALL=(ALL) NOPASSWD:ALL\n`);
    expect(fs.statSync(sudoers).mode & 0o777).toBe(0o440);
    if (hostHasSudo) expect(await run(machine, 'sudo -n true && echo ok')).toBe('ok\n');
    else expect((await ssh(machine.spec, USER, key, 'command -v sudo')).code).not.toBe(0);
  });

  test('user data ran as root at first boot, with its output in cloud-init-output.log', async () => {
    expect(await bootFinished(machine)).toBe(true);
    expect(await run(machine, 'cat /opt/ec2-local-test/marker')).toBe('installed-by-user-data\n');
    expect(await run(machine, 'cat /var/log/cloud-init-output.log')).toBe('user data as root\nuser data exited with 0\n');
    expect(fs.existsSync(path.join(upper, 'opt/ec2-local-test/marker'))).toBe(true);
    expect(fs.existsSync('/opt/ec2-local-test')).toBe(false);
  });

  test('writes land in the disk (the upper directory), never on the host', async () => {
    await run(machine, 'echo written-over-ssh > ~/note.txt; mkdir ~/dir; touch ~/dir/old');
    expect(fs.readFileSync(path.join(upper, 'home', USER, 'note.txt'), 'utf8')).toBe('written-over-ssh\n');
    expect(fs.existsSync(path.join('/home', USER))).toBe(false);
    expect(fs.readFileSync('/etc/passwd', 'utf8')).not.toContain(USER);
    expect(fs.readFileSync(path.join(upper, 'etc/passwd'), 'utf8')).toContain(`${USER}:x:`);
    expect(fs.existsSync(DELETED_BASE_FILE)).toBe(true);
  });

  test('file transfers land in the machine: scp over SFTP and over the original protocol', async () => {
    const local = path.join(stateDir, 'upload.txt');
    fs.writeFileSync(local, 'uploaded\n');
    expect(await scp(machine.spec, USER, key, local, 'sftp.txt', false)).toMatchObject({ code: 0 });
    expect(await scp(machine.spec, USER, key, local, '/tmp/scp.txt', true)).toMatchObject({ code: 0 });
    expect(await run(machine, 'cat ~/sftp.txt /tmp/scp.txt')).toBe('uploaded\nuploaded\n');
    expect(fs.readFileSync(path.join(upper, 'home', USER, 'sftp.txt'), 'utf8')).toBe('uploaded\n');
    expect(fs.existsSync('/tmp/scp.txt')).toBe(false);
  });

  test('the host\'s machine state is hidden inside the machine', async () => {
    expect(await run(machine, `ls -A ${stateDir}`)).toBe('');
    expect(fs.readdirSync(stateDir)).toContain('machines');
  });

  test('package installs do not start services (policy-rc.d), which would bind the shared network', async () => {
    expect(await run(machine, '/usr/sbin/policy-rc.d ssh start; echo $?')).toBe('101\n');
  });

  test('stop ends every process and mount; start again keeps the disk and does not repeat first boot', async () => {
    await machine.stop();
    expect(processesUnder(stateDir)).toEqual([]);
    expect(mountsUnder(stateDir)).toEqual([]);
    expect((await ssh(machine.spec, USER, key, 'true')).code).toBe(255);
    const hostKey = fs.readFileSync(path.join(upper, 'etc/ssh/ssh_host_ed25519_key.pub'), 'utf8');

    await machine.start();
    expect(await run(machine, 'cat ~/note.txt')).toBe('written-over-ssh\n');
    expect(await run(machine, 'grep -c "user data as" /var/log/cloud-init-output.log')).toBe('1\n');
    expect(fs.readFileSync(path.join(upper, 'etc/ssh/ssh_host_ed25519_key.pub'), 'utf8')).toBe(hostKey);
  });

  test('capture while stopped: a machine from the new layers sees the files, and deleted files stay deleted', async () => {
    await machine.stop();
    const before = fs.statSync(path.join(upper, 'home', USER, 'note.txt'));
    const layer = await machine.capture(layersDir);
    // The disk became the layer (a rename, whatever its size), not a copy of it.
    const after = fs.statSync(path.join(layer, 'home', USER, 'note.txt'));
    expect([after.dev, after.ino]).toEqual([before.dev, before.ino]);
    expect(path.dirname(layer)).toBe(layersDir);
    // The machine now boots from the captured layer under a fresh upper directory.
    expect(machine.spec.layers).toEqual([layer]);
    expect(fs.readdirSync(upper)).toEqual([]);

    const copy = await host.create(specFor(2, [layer]));
    await copy.start();
    expect(await run(copy, 'cat ~/note.txt /opt/ec2-local-test/marker')).toBe('written-over-ssh\ninstalled-by-user-data\n');
    expect((await ssh(copy.spec, USER, key, `test -e ${DELETED_BASE_FILE}`)).code).toBe(1);
    // First boot again for the new instance (its own host keys), but its image's user data does not run twice.
    expect(await bootFinished(copy)).toBe(true);
    const keys = await run(copy, 'cat /etc/ssh/ssh_host_ed25519_key.pub');
    expect(keys).not.toBe(fs.readFileSync(path.join(layer, 'etc/ssh/ssh_host_ed25519_key.pub'), 'utf8'));
    await copy.terminate();

    await machine.start();
    expect(await run(machine, 'cat ~/note.txt')).toBe('written-over-ssh\n');
    await run(machine, 'echo after-capture > ~/note.txt');
    expect(fs.readFileSync(path.join(layer, 'home', USER, 'note.txt'), 'utf8')).toBe('written-over-ssh\n');
  });

  test('capture while running: a frozen copy; the machine keeps running and the layer does not change', async () => {
    // Deleted in the upper directory over lower layers: a whiteout, and an opaque directory replacing one.
    await run(machine, 'rm ~/.bashrc; rm -r ~/dir; mkdir ~/dir; touch ~/dir/new');
    const layer = await machine.capture(layersDir);
    expect(await run(machine, 'cat ~/note.txt')).toBe('after-capture\n');
    await run(machine, 'echo later > ~/note.txt; rm -f /tmp/nothing');
    expect(fs.readFileSync(path.join(layer, 'home', USER, 'note.txt'), 'utf8')).toBe('after-capture\n');

    const copy = await host.create(specFor(3, [layer, ...machine.spec.layers]));
    await copy.start();
    expect(await run(copy, 'cat ~/note.txt; ls ~/dir')).toBe('after-capture\nnew\n');
    expect((await ssh(copy.spec, USER, key, 'test -e ~/.bashrc')).code).toBe(1);
    expect((await ssh(copy.spec, USER, key, `test -e ${DELETED_BASE_FILE}`)).code).toBe(1);
    await copy.terminate();
  });

  test('a second capture while stopped stacks on the first: the image is [layer, ...the layers before]', async () => {
    await machine.stop();
    const before = machine.spec.layers;
    const layer = await machine.capture(layersDir);
    expect(machine.spec.layers).toEqual([layer, ...before]);
    const copy = await host.create(specFor(4, machine.spec.layers));
    await copy.start();
    expect(await run(copy, 'cat ~/note.txt; ls ~/dir')).toBe('later\nnew\n');
    expect((await ssh(copy.spec, USER, key, `test -e ~/.bashrc || test -e ${DELETED_BASE_FILE}`)).code).toBe(1);
    await copy.terminate();
  });

  test('terminate removes the disk and leaves nothing running or mounted', async () => {
    const dir = path.join(stateDir, 'machines', machine.spec.instanceId);
    expect(fs.existsSync(dir)).toBe(true);
    await machine.terminate();
    expect(fs.existsSync(dir)).toBe(false);
    expect(processesUnder(stateDir)).toEqual([]);
    expect(mountsUnder(stateDir)).toEqual([]);
    await expect(machine.start()).rejects.toThrow(/terminated/);
    // Captured layers belong to their images.
    expect(fs.readdirSync(layersDir)).toHaveLength(3);
  });
});

describe('machine specs', () => {
  test('what cannot be passed safely to the boot scripts is refused', async () => {
    await expect(host.create({ ...specFor(9), address: '10.0.0.5' })).rejects.toThrow(/loopback/);
    await expect(host.create({ ...specFor(9), defaultUser: 'root; rm -rf /' })).rejects.toThrow(/user name/);
    await expect(host.create({ ...specFor(9), layers: ['/var/tmp/a,upperdir=/'] })).rejects.toThrow(/overlayfs/);
    await expect(host.create({ ...specFor(9), authorizedKeys: ['ssh-ed25519 AAAA\nssh-rsa BBBB'] })).rejects.toThrow(/one line/);
  });

  test('a machine whose image layer is gone fails to start with the reason', async () => {
    const machine = await host.create(specFor(12, [path.join(stateDir, 'no-such-layer')]));
    await expect(machine.start()).rejects.toThrow(/no-such-layer is not a directory/);
    await machine.terminate();
  });

  test('a machine whose address is taken fails to start with the reason', async () => {
    const first = await host.create(specFor(10));
    await first.start();
    const second = await host.create({ ...specFor(11), address: first.spec.address });
    await expect(second.start()).rejects.toThrow(/already in use/);
    await first.terminate();
    await second.terminate();
  });
});
