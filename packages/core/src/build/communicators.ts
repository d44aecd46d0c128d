// The communicator half of a BuildContext: a builder asks to connect with the communicator its template chose
// (`communicator = "ssh"`), and core hands the request to the component registered under that name
// (@tspacker/plugin-ssh for `ssh`). Builders thus depend on the SDK's interfaces only.
import type { BuildContext, CommunicatorComponent, Ui } from '@tspacker/sdk';

export type Communicators = ReadonlyMap<string, CommunicatorComponent>;

/** BuildContext.connect and generateKeyPair over the registered communicators. */
export function communicatorContext(communicators: Communicators, ui: Ui, signal: AbortSignal): Pick<BuildContext, 'connect' | 'generateKeyPair'> {
  return {
    // async: an unknown communicator rejects like any other connection failure, never throws synchronously.
    connect: async (config, target) => {
      if (config.communicator === 'none') throw new Error('communicator = "none": the builder has no connection to open');
      return componentFor(communicators, config.communicator).connect(config, target, { ui, signal });
    },
    generateKeyPair: async (type, bits, comment) => {
      const ssh = componentFor(communicators, 'ssh');
      if (!ssh.generateKeyPair) throw new Error('the ssh communicator cannot generate key pairs');
      return ssh.generateKeyPair(type, bits, comment);
    },
  };
}

function componentFor(communicators: Communicators, name: string): CommunicatorComponent {
  const component = communicators.get(name);
  if (component) return component;
  const known = [...communicators.keys()].sort();
  throw new Error(
    `communicator "${name}" is not available in tspacker` +
      (known.length > 0 ? ` (available: ${known.join(', ')}, none)` : ' (no communicator is installed; only "none" works)'),
  );
}
