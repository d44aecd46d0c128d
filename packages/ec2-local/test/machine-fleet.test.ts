// Many machines at once, and nothing left behind: after close(), and after the host process is killed outright.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { MachineHost, MachineSpec } from '../src/contracts.js';
import { createMachineHost } from '../src/machines/index.js';
import { portAnswers } from '../src/machines/ssh-banner.js';
import {
  addressBlock,
  eventually,
  makeKeyPair,
  machineStateParent,
  mountsUnder,
  processesUnder,
  ssh,
  tempDirIn,
  type KeyPair,
} from './machine-support.js';

const USER = 'ubuntu';
let stateDir: string;
let key: KeyPair;
const address = addressBlock();
const hosts: MachineHost[] = [];

const specFor = (n: number): MachineSpec => ({
  instanceId: `i-0fleet00000000${String(n).padStart(2, '0')}`,
  layers: [],
  address: address(n),
  sshPort: 22,
  defaultUser: USER,
  authorizedKeys: [key.publicKey],
});

beforeAll(() => {
  stateDir = tempDirIn(machineStateParent, 'ec2-local-fleet-');
  key = makeKeyPair(tempDirIn(stateDir, 'keys-'));
});

afterAll(async () => {
  for (const host of hosts) await host.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

test('20 machines run at once, each reachable over SSH at its own address; close() leaves nothing, and the host goes on', async () => {
  const host = createMachineHost({ stateDir: path.join(stateDir, 'fleet'), startTimeoutMs: 20_000 });
  hosts.push(host);
  const machines = await Promise.all(Array.from({ length: 20 }, (_, i) => host.create(specFor(i + 1))));
  const started = Date.now();
  await Promise.all(machines.map((m) => m.start()));
  const bootMs = Date.now() - started;
  expect(bootMs).toBeLessThan(15_000);

  const answers = await Promise.all(machines.map((m) => ssh(m.spec, USER, key, 'hostname; id -un')));
  expect(answers.map((a) => a.code)).toEqual(machines.map(() => 0));
  const hostnames = answers.map((a) => a.stdout.split('\n')[0]);
  expect(new Set(hostnames).size).toBe(20);
  expect(hostnames).toEqual(machines.map((m) => `ip-${m.spec.address.replaceAll('.', '-')}`));
  expect(answers.every((a) => a.stdout.endsWith(`${USER}\n`))).toBe(true);
  expect(processesUnder(stateDir).length).toBeGreaterThanOrEqual(40); // init and sshd of each

  await host.close();
  expect(processesUnder(stateDir)).toEqual([]);
  expect(mountsUnder(stateDir)).toEqual([]);
  const listening = await Promise.all(machines.map((m) => portAnswers(m.spec.address, m.spec.sshPort)));
  expect(listening.filter(Boolean)).toEqual([]);

  // Closing is also an endpoint's reset: the host goes on with new machines.
  const next = await host.create(specFor(21));
  await next.start();
  expect((await ssh(next.spec, USER, key, 'true')).code).toBe(0);
  await host.close();
  expect(processesUnder(stateDir)).toEqual([]);
});

test('a machine goes down with its host process, even when that is killed outright', async () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundle = path.join(tempDirIn(stateDir, 'bundle-'), 'machines.mjs');
  await build({
    entryPoints: [path.join(here, '../src/machines/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    logLevel: 'silent',
  });
  const spec = specFor(30);
  const script = `
    import { createMachineHost } from ${JSON.stringify(bundle)};
    const host = createMachineHost({ stateDir: ${JSON.stringify(path.join(stateDir, 'crash'))} });
    const machine = await host.create(${JSON.stringify(spec)});
    await machine.start();
    console.log('ready');
    setInterval(() => undefined, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise((r) => child.once('exit', r));
  try {
    expect(await eventually(() => output.includes('ready'), 15_000)).toBe(true);
    expect((await ssh(spec, USER, key, 'true')).code).toBe(0);
    expect(processesUnder(stateDir).length).toBeGreaterThan(0);
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  expect(await eventually(() => processesUnder(stateDir).length === 0, 5000)).toBe(true);
  expect(await eventually(() => mountsUnder(stateDir).length === 0, 5000)).toBe(true);
  expect(await portAnswers(spec.address, spec.sshPort)).toBe(false);
  // The disk outlives the crash, as a stopped instance's does.
  expect(fs.existsSync(path.join(stateDir, 'crash/machines', spec.instanceId, 'disk/upper/etc/passwd'))).toBe(true);
});
