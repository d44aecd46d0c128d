// Isolation `none`: refused unless explicitly allowed; when allowed, sshd runs as the current user on the host's
// own filesystem, which is exactly what a test can see.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MachineHost } from '../src/contracts.js';
import { createMachineHost } from '../src/machines/index.js';
import { portAnswers } from '../src/machines/ssh-banner.js';
import { addressBlock, eventually, isRoot, makeKeyPair, machineStateParent, ssh, tempDirIn } from './machine-support.js';

let stateDir: string;
let host: MachineHost | undefined;
const address = addressBlock();

beforeAll(() => {
  stateDir = tempDirIn(machineStateParent, 'ec2-local-unisolated-');
});

afterAll(async () => {
  await host?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

test('an unisolated host is refused unless explicitly allowed', () => {
  expect(() => createMachineHost({ stateDir, isolation: 'none' })).toThrow(/allowUnisolated/);
  expect(() => createMachineHost({ stateDir, isolation: 'none', allowUnisolated: false })).toThrow(/allowUnisolated/);
  if (!isRoot) expect(() => createMachineHost({ stateDir })).toThrow(/allowUnisolated/);
});

test('allowed, a machine is the host seen over SSH as the current user; user data runs; stop ends it', async () => {
  host = createMachineHost({ stateDir, isolation: 'none', allowUnisolated: true });
  expect(host.isolation).toBe('none');
  const key = makeKeyPair(tempDirIn(stateDir, 'keys-'));
  const marker = path.join(stateDir, 'user-data-marker');
  const machine = await host.create({
    instanceId: 'i-0unisolated0001',
    layers: [],
    address: address(1),
    sshPort: 2222,
    defaultUser: 'ubuntu',
    authorizedKeys: [key.publicKey],
    userData: `#!/bin/sh\necho ran > ${marker}\n`,
  });
  await machine.start();
  const me = os.userInfo().username;
  const written = path.join(stateDir, 'written-over-ssh');
  const result = await ssh(machine.spec, me, key, `id -un; echo hello > ${written}`);
  expect(result).toMatchObject({ code: 0, stdout: `${me}\n` });
  expect(fs.readFileSync(written, 'utf8')).toBe('hello\n');
  expect(await eventually(() => fs.existsSync(marker))).toBe(true);
  // Nobody else logs in: the image's default user is not made on the host.
  expect((await ssh(machine.spec, 'ubuntu', key, 'true')).code).toBe(255);

  const layer = await machine.capture(path.join(stateDir, 'layers'));
  expect(fs.readdirSync(layer)).toEqual([]);
  await machine.stop();
  expect(await portAnswers(machine.spec.address, machine.spec.sshPort)).toBe(false);
  await machine.terminate();
  expect(fs.existsSync(path.join(stateDir, 'machines', machine.spec.instanceId))).toBe(false);
});
