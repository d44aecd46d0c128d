// The null builder with `communicator = "ssh"` against a real sshd: it connects, hands provisioners a working
// communicator and Packer's connection data, and closes the connection whether provisioning succeeds or fails.
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import type { BuildContext, Communicator, GeneratedData } from '@tspacker/sdk';
import { nullBuilder } from '@tspacker/plugin-builtin';
import { sshCommunicator } from '@tspacker/plugin-ssh';
import { preparedConfig } from '../../packages/plugin-builtin/test/run-helpers.js';
import { recordingUi } from '../../packages/plugin-builtin/test/recording-ui.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { sshSettings } from './null-ssh-build.js';

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(() => sshd.stop());

function config() {
  return preparedConfig(nullBuilder, sshSettings(sshd).join('\n'));
}

function context(provision: BuildContext['provision']): BuildContext {
  const ui = recordingUi();
  const signal = new AbortController().signal;
  return {
    ui,
    signal,
    provision,
    connect: (c, target) => sshCommunicator.connect(c, target, { ui, signal }),
    generateKeyPair: (type, bits, comment) => sshCommunicator.generateKeyPair!(type, bits, comment),
  };
}

async function output(comm: Communicator, command: string): Promise<{ text: string; exitStatus: number }> {
  let text = '';
  const stdout = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const { exitStatus } = await comm.start({ command, stdout }, new AbortController().signal);
  return { text, exitStatus };
}

test('provisioners get a communicator to the host and the connection data', async () => {
  let seen: { data: GeneratedData; whoami: string } | undefined;
  const artifact = await nullBuilder.run(
    config(),
    context(async (comm, data) => {
      seen = { data, whoami: (await output(comm!, 'id -un')).text.trim() };
    }),
  );
  expect(seen!.whoami).toBe(sshd.user);
  expect(seen!.data).toMatchObject({ ID: 'Null', Host: sshd.host, Port: sshd.port, User: sshd.user, ConnType: 'ssh' });
  expect(artifact!.id).toBe('Null');
  // Closed after the build.
  await expect(connectionIsClosed()).resolves.toBe(true);
});

test('the connection is closed when provisioning fails, and the failure is the build error', async () => {
  await expect(
    nullBuilder.run(
      config(),
      context(async () => {
        throw new Error('provisioner failed');
      }),
    ),
  ).rejects.toThrow('provisioner failed');
  await expect(connectionIsClosed()).resolves.toBe(true);
});

// The client side of the build's connection is gone: no established TCP connection to the server's port remains.
async function connectionIsClosed(): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    const established = execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :${sshd.port} )`], { encoding: 'utf8' });
    if (established.trim() === '') return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
