// Provisioners that work through a communicator (file, shell, powershell, windows-shell, windows-restart): until
// tspacker has SSH/WinRM communicators they fail with a clear error instead of doing nothing.
import type { ConfigSpec, ProvisionerComponent } from '@tspacker/sdk';

/** The `provision` of a provisioner of `type` that needs a communicator tspacker does not run yet. */
export function provisionNeedsCommunicator(type: string): ProvisionerComponent<ConfigSpec>['provision'] {
  return async (_config, ctx) => {
    if (ctx.communicator === undefined) {
      throw new Error(
        `The ${type} provisioner needs a communicator to reach the machine, and this build has none ` +
          '(communicator = "none", or a builder without a machine). Use shell-local to run commands locally.',
      );
    }
    throw new Error(`The ${type} provisioner is not supported yet: tspacker runs only local provisioners for now.`);
  };
}
