// commonsteps.StepProvision: the build's provisioners run over the open connection, with the generated data
// (the source AMI's values and the provision hook's: ID = the instance id, Host, Port, User, SSH keys...).
import { communicatorPassword, communicatorPort, communicatorUser, provisionHookData, type Step } from '@tspacker/sdk';
import type { EbsState } from '../state.js';
import { instanceHost } from './connect.js';

/** PopulateProvisionHookData for this build: the state's generated data plus the connection's. */
export function provisionGeneratedData(state: EbsState): Record<string, unknown> {
  const c = state.config;
  const hook = provisionHookData(state.instanceId, {
    host: instanceHost(c, state.instance),
    port: communicatorPort(c),
    user: communicatorUser(c),
    password: communicatorPassword(c),
    type: c.communicator,
    sshPublicKey: state.keyPair?.publicKey ?? '',
    sshPrivateKey: state.keyPair?.privateKey ?? '',
    sshPrivateKeyFile: c.ssh_private_key_file,
    sshAgentAuth: c.ssh_agent_auth,
    winrmPassword: c.winrm_password,
  });
  return { ...state.generatedData, ...hook };
}

export const stepProvision: Step<EbsState> = {
  name: 'StepProvision',
  async run(state) {
    // The hook data (keys included) goes to the provisioners only, not into the artifact's generated data.
    await state.ctx.provision(state.connection?.communicator, provisionGeneratedData(state));
    return 'continue';
  },
};
