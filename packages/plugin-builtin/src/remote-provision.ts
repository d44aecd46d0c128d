// Provisioners that work through a communicator: without one (communicator = "none") they fail with a clear
// error; those tspacker cannot run yet (powershell, windows-shell, windows-restart: WinRM) say so.
import type { ConfigSpec, ProvisionerComponent } from '@tspacker/sdk';

/** The error of a provisioner of `type` run in a build without a communicator. */
export function noCommunicatorError(type: string): Error {
  return new Error(
    `The ${type} provisioner needs a communicator to reach the machine, and this build has none ` +
      '(communicator = "none", or a builder without a machine). Use shell-local to run commands locally.',
  );
}

/** The `provision` of a provisioner of `type` that needs a communicator tspacker does not run yet. */
export function provisionNeedsCommunicator(type: string): ProvisionerComponent<ConfigSpec>['provision'] {
  return async (_config, ctx) => {
    if (ctx.communicator === undefined) throw noCommunicatorError(type);
    throw new Error(`The ${type} provisioner is not supported yet: tspacker runs only local provisioners for now.`);
  };
}
