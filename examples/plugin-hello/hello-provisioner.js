// The `hello` provisioner: says a greeting through the build's UI and, with `output`, writes it to a local file.
// It needs no communicator, so it runs in any build, `communicator = "none"` included.
// Plain ESM with JSDoc types: `npm pack` needs no build step, and `tsc --checkJs` checks it against the SDK.
import fs from 'node:fs/promises';
import path from 'node:path';
import { attr } from '@tspacker/sdk';

export const helloConfigSpec = {
  message: attr.string({ default: 'Hello from tspacker!', doc: 'The greeting to say.' }),
  output: attr.string({ doc: 'A local file to write the greeting to (its directory must exist). Not written when empty.' }),
  repeat: attr.int({ default: 1, doc: 'How many times to say the greeting (1 to 10).' }),
};

/** @typedef {import('@tspacker/sdk').ConfigOf<typeof helloConfigSpec>} HelloConfig */

/** @type {import('@tspacker/sdk').ProvisionerComponent<typeof helloConfigSpec>} */
export const helloProvisioner = {
  configSpec: helloConfigSpec,

  // Validation happens before any build starts: every problem at once, shown as Packer's MultiError
  // (`Failed preparing provisioner-block "hello" ""`: `2 error(s) occurred:\n\n* message must not be empty\n* ...`).
  prepare(config) {
    const errors = [];
    if (config.message.trim() === '') errors.push('message must not be empty');
    if (config.repeat < 1 || config.repeat > 10) errors.push(`repeat must be between 1 and 10, got ${config.repeat}`);
    if (config.output !== '' && config.output.endsWith(path.sep)) errors.push(`output ${config.output} must name a file, not a directory`);
    return { errors };
  },

  async provision(config, ctx) {
    for (let i = 0; i < config.repeat; i++) ctx.ui.say(config.message);
    if (config.output === '') return;
    ctx.signal.throwIfAborted();
    ctx.ui.message(`Writing the greeting to ${config.output}`);
    await fs.writeFile(config.output, `${config.message}\n`, { signal: ctx.signal });
  },
};
