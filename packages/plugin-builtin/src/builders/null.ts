// Builder `null` (builder/null): no machine at all, only a communicator to an existing host (or `none`), so
// that provisioners can run against it. Artifact id `Null`.
import type { BuilderComponent, ConfigOf, ConfigSpec } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';
import {
  communicatorHost,
  communicatorPassword,
  communicatorSpec,
  communicatorUser,
  prepareCommunicator,
} from '../communicator-spec.js';
import { resultOf } from '../prepare-errors.js';

export const nullBuilderSpec = { ...communicatorSpec, ...packerCoreSpec } satisfies ConfigSpec;

export type NullBuilderConfig = ConfigOf<typeof nullBuilderSpec>;

export const nullBuilder: BuilderComponent<typeof nullBuilderSpec> = {
  configSpec: nullBuilderSpec,
  prepare(c) {
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
};
