// BASELINE (to be replaced): one connection attempt with a private key or a password.
import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import { expandUser, type CommunicatorConfig, type ConnectContext, type ConnectTarget, type Connection } from '@tspacker/sdk';
import { SshCommunicator } from './communicator.js';

export async function connectSsh(config: CommunicatorConfig, target: ConnectTarget, ctx: ConnectContext): Promise<Connection> {
  const privateKey =
    config.ssh_private_key_file !== '' ? await readFile(expandUser(config.ssh_private_key_file), 'utf8') : target.privateKey;
  ctx.ui.say(`Waiting for SSH to become available...`);
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', reject);
    client.connect({
      host: target.host,
      port: target.port,
      username: config.ssh_username,
      ...(privateKey !== undefined ? { privateKey } : {}),
      ...(config.ssh_password !== '' ? { password: config.ssh_password } : {}),
    });
  });
  ctx.ui.say('Connected to SSH!');
  const communicator = new SshCommunicator(client, config);
  return {
    communicator,
    close: async () => {
      client.end();
    },
  };
}
