// Builder `null` (builder/null): no machine at all, only a communicator to an existing host (or `none`), so
// that provisioners can run against it. Artifact id `Null`.
import type { BuilderComponent, ConfigOf, ConfigSpec } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';
import {
  communicatorHost,
  communicatorPassword,
  communicatorPort,
  communicatorSpec,
  communicatorUser,
  prepareCommunicator,
} from '@tspacker/sdk';
import { resultOf } from '../prepare-errors.js';
import { applyCoreInfo } from '../packer-core-spec.js';
import { fileArtifact } from '../file-artifact.js';
import { provisionHookData } from '@tspacker/sdk';

export const NULL_BUILDER_ID = 'fnoeding.null';

export const nullBuilderSpec = { ...communicatorSpec, ...packerCoreSpec } satisfies ConfigSpec;

export type NullBuilderConfig = ConfigOf<typeof nullBuilderSpec>;

export const nullBuilder: BuilderComponent<typeof nullBuilderSpec> = {
  configSpec: nullBuilderSpec,
  prepare(c, core) {
    applyCoreInfo(c, core);
    const errors = prepareCommunicator(c);
    if (c.communicator !== 'none') {
      if (communicatorHost(c) === '') {
        errors.push('a Host must be specified, please reference your communicator documentation');
      }
      if (communicatorUser(c) === '') {
        errors.push('a Username must be specified, please reference your communicator documentation');
      }
      if (!c.ssh_agent_auth && communicatorPassword(c) === '' && c.ssh_private_key_file === '') {
        errors.push('one authentication method must be specified, please reference your communicator documentation');
      }
      if (
        (c.ssh_agent_auth && (c.ssh_password !== '' || c.ssh_private_key_file !== '')) ||
        (c.ssh_password !== '' && c.ssh_private_key_file !== '')
      ) {
        errors.push('only one of ssh_agent_auth, ssh_password, and ssh_private_key_file must be specified');
      }
    }
    return resultOf(errors);
  },
  async run(c, ctx) {
    const connectionData = {
      host: communicatorHost(c),
      port: communicatorPort(c),
      user: communicatorUser(c),
      password: communicatorPassword(c),
      type: c.communicator,
      sshPrivateKeyFile: c.ssh_private_key_file,
      sshAgentAuth: c.ssh_agent_auth,
      winrmPassword: c.winrm_password,
    };
    if (c.communicator === 'none') {
      await ctx.provision(undefined, provisionHookData('Null', connectionData));
    } else {
      // StepConnect, then StepProvision; the connection closes whatever happens (its cleanup).
      const connection = await ctx.connect(c, { host: connectionData.host, port: connectionData.port });
      try {
        await ctx.provision(connection.communicator, provisionHookData('Null', connectionData));
      } finally {
        await connection.close();
      }
    }
    return fileArtifact({
      builderId: NULL_BUILDER_ID,
      id: 'Null',
      files: [],
      description: 'Did not export anything. This is the null builder',
      state: { generated_data: { ID: 'Null' } },
      destroy: async () => {},
    });
  },
};
