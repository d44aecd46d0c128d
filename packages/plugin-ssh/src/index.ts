// Public API of @tspacker/plugin-ssh (documented in README.md): the `ssh` communicator. Its implementation and
// ssh2 load on first use, so that commands which never connect (validate, inspect) do not pay for them.
import type { CommunicatorComponent } from '@tspacker/sdk';

export const sshCommunicator: CommunicatorComponent = {
  async connect(config, target, ctx) {
    const { connectSsh } = await import('./connect.js');
    return connectSsh(config, target, ctx);
  },
  async generateKeyPair(type, bits, comment) {
    const { generateKeyPair } = await import('./keygen.js');
    return generateKeyPair(type, bits, comment);
  },
};

/** The communicators this package provides, by `communicator = "NAME"`. */
export function builtinCommunicators(): ReadonlyMap<string, CommunicatorComponent> {
  return new Map([['ssh', sshCommunicator]]);
}
