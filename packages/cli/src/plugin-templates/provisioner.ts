// The `provisioner` kind of `tspacker plugins new`: the component, its types, tests and example, as text with
// __PLACEHOLDERS__ that fill.ts replaces (see index.ts for the package around them).
import type { KindTemplate } from './kind.js';

export const provisionerTemplate: KindTemplate = {
  kind: 'provisioner',
  file: 'provisioner.js',
  manifestKey: 'provisioners',
  componentSuffix: 'Provisioner',
  use: 'provisioner "__NAME__"',
  docsExpression: "configDocs(__COMPONENT__.configSpec)",
  description: "A tspacker provisioner that runs commands on the machine being built.",
  component: `// The \`__NAME__\` provisioner: runs commands on the machine being built, through the build's communicator (SSH,
// WinRM, ...), in a working directory and with environment variables, and shows their output.
import { Writable } from 'node:stream';
import { attr } from '@tspacker/sdk';

export const __CAMEL__ConfigSpec = {
  commands: attr.list(attr.string(), {
    required: true,
    doc: 'The commands to run on the machine, in order. Each must exit with status 0.',
  }),
  environment: attr.map(attr.string(), { doc: 'Environment variables to set for the commands.' }),
  working_directory: attr.string({ default: '/tmp', doc: 'The directory on the machine the commands run in.' }),
};

/** @typedef {import('@tspacker/sdk').ConfigOf<typeof __CAMEL__ConfigSpec>} __PASCAL__Config */

/** @type {import('@tspacker/sdk').ProvisionerComponent<typeof __CAMEL__ConfigSpec>} */
export const __CAMEL__Provisioner = {
  configSpec: __CAMEL__ConfigSpec,

  // Runs before any build starts: report every problem at once (tspacker shows them as Packer's MultiError).
  prepare(config) {
    const errors = [];
    if (config.commands.length === 0) errors.push('commands must contain at least one command');
    config.commands.forEach((command, i) => {
      if (command.trim() === '') errors.push(\`commands[\${i}] must not be empty\`);
    });
    for (const name of Object.keys(config.environment)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) errors.push(\`environment: \${JSON.stringify(name)} is not a valid variable name\`);
    }
    if (config.working_directory === '') errors.push('working_directory must not be empty');
    return { errors };
  },

  async provision(config, ctx) {
    if (!ctx.communicator) {
      throw new Error('The __NAME__ provisioner needs a communicator, and this build has none (communicator = "none").');
    }
    for (const command of config.commands) {
      ctx.signal.throwIfAborted();
      ctx.ui.say(\`Running: \${command}\`);
      const output = lineWriter((line) => ctx.ui.message(line));
      const { exitStatus } = await ctx.communicator.start(
        { command: remoteCommand(config, command), stdout: output.stream, stderr: output.stream },
        ctx.signal,
      );
      output.flush();
      if (exitStatus !== 0) throw new Error(\`Command \${JSON.stringify(command)} exited with status \${exitStatus}\`);
    }
  },
};

/**
 * The command line the machine's shell runs: into the working directory, the variables exported, then the command.
 * @param {__PASCAL__Config} config
 * @param {string} command
 */
export function remoteCommand(config, command) {
  const exports = Object.entries(config.environment).map(([name, value]) => \`export \${name}=\${shellQuote(value)} && \`);
  return \`cd \${shellQuote(config.working_directory)} && \${exports.join('')}\${command}\`;
}

/** @param {string} text */
function shellQuote(text) {
  return \`'\${text.replaceAll("'", \`'"'"'\`)}'\`;
}

/**
 * A stream that hands each complete line of a command's output to \`onLine\`; \`flush\` passes on the rest.
 * @param {(line: string) => void} onLine
 */
function lineWriter(onLine) {
  let pending = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      const lines = (pending + String(chunk)).split('\\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
      done();
    },
  });
  return {
    stream,
    flush() {
      if (pending !== '') onLine(pending);
      pending = '';
    },
  };
}
`,
  types: `// Types for TypeScript users of the plugin (the code is plain ESM JavaScript with JSDoc types).
import type { AttrSpec, ConfigOf, PluginManifest, ProvisionerComponent } from '@tspacker/sdk';

export declare const __CAMEL__ConfigSpec: {
  commands: AttrSpec<string[]>;
  environment: AttrSpec<Record<string, string>>;
  working_directory: AttrSpec<string>;
};
export type __PASCAL__Config = ConfigOf<typeof __CAMEL__ConfigSpec>;
export declare const __CAMEL__Provisioner: ProvisionerComponent<typeof __CAMEL__ConfigSpec>;
export declare function remoteCommand(config: __PASCAL__Config, command: string): string;
export declare const tspackerPlugin: PluginManifest;
`,
  test: `// The plugin's own tests (\`npm test\`, Node's test runner), with the helpers of @tspacker/sdk/testing: the
// configuration is decoded through the configSpec and prepared as tspacker does it, and the provisioner runs
// against a recording communicator that answers commands from a table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_NAME, SDK_VERSION_MAJOR } from '@tspacker/sdk';
import { PrepareError, prepareComponent, recordingCommunicator, runProvisioner } from '@tspacker/sdk/testing';
import { __CAMEL__Provisioner, tspackerPlugin } from '../index.js';
import { documentation, readmeDocumentation } from '../scripts/docs.js';

test('the manifest registers the provisioner under the plugin name, for this SDK major', () => {
  assert.equal(tspackerPlugin.sdkVersion, SDK_VERSION_MAJOR);
  assert.equal(tspackerPlugin.provisioners[DEFAULT_NAME], __CAMEL__Provisioner);
});

test('prepare reports every problem', () => {
  const { error } = prepareComponent(__CAMEL__Provisioner, { commands: ['', 'ls'], environment: { 'NOT-A-NAME': 'x' } });
  assert.equal(
    error,
    '2 error(s) occurred:\\n\\n* commands[0] must not be empty\\n* environment: "NOT-A-NAME" is not a valid variable name',
  );
  assert.equal(prepareComponent(__CAMEL__Provisioner, { commands: ['ls'] }).error, undefined);
});

test('a run executes each command in the working directory with the environment, and shows the output', async () => {
  const communicator = recordingCommunicator({ commands: [[/ uname -a$/, { stdout: 'Linux box\\n' }]] });
  const { ui } = await runProvisioner(
    __CAMEL__Provisioner,
    { commands: ['uname -a', 'echo {{ build \`ID\` }}'], environment: { GREETING: "it's me" } },
    { communicator, generatedData: { ID: 'vm-1' } },
  );
  assert.deepEqual(communicator.commands, [
    \`cd '/tmp' && export GREETING='it'"'"'s me' && uname -a\`,
    \`cd '/tmp' && export GREETING='it'"'"'s me' && echo vm-1\`,
  ]);
  assert.deepEqual(ui.lines, ['say: Running: uname -a', 'message: Linux box', 'say: Running: echo vm-1']);
});

test('a failing command fails the provisioner, and later commands do not run', async () => {
  const communicator = recordingCommunicator({ commands: [[/false$/, { exitStatus: 1, stderr: 'nope\\n' }]] });
  await assert.rejects(
    runProvisioner(__CAMEL__Provisioner, { commands: ['false', 'touch done'] }, { communicator }),
    { message: 'Command "false" exited with status 1' },
  );
  assert.deepEqual(communicator.commands, ["cd '/tmp' && false"]);
});

test('a build without a communicator gets a clear error', async () => {
  await assert.rejects(runProvisioner(__CAMEL__Provisioner, { commands: ['ls'] }, { communicator: null }), {
    message: 'The __NAME__ provisioner needs a communicator, and this build has none (communicator = "none").',
  });
});

test('a refused configuration runs nothing', async () => {
  const communicator = recordingCommunicator();
  await assert.rejects(runProvisioner(__CAMEL__Provisioner, { commands: [] }, { communicator }), PrepareError);
  assert.deepEqual(communicator.calls, []);
});

test('the README documents the configuration (npm run docs)', () => {
  assert.equal(readmeDocumentation(), documentation());
});
`,
  example: `# Runs the __NAME__ provisioner on a machine you can log in to over SSH:
# tspacker build -var host=192.0.2.10 -var user=ubuntu -var key_file=~/.ssh/id_ed25519 example/

variable "host" {
  type = string
}

variable "port" {
  type    = number
  default = 22
}

variable "user" {
  type = string
}

variable "key_file" {
  type = string
}

source "null" "example" {
  ssh_host             = var.host
  ssh_port             = var.port
  ssh_username         = var.user
  ssh_private_key_file = var.key_file
}

build {
  sources = ["source.null.example"]

  provisioner "__NAME__" {
    commands    = ["uname -a", "echo \\"$GREETING from \${source.name}\\""]
    environment = { GREETING = "Hello" }
  }
}
`,
  usage: `build {
  sources = ["source.null.example"]

  provisioner "__NAME__" {
    commands    = ["uname -a", "echo \\"$GREETING\\""]
    environment = { GREETING = "Hello" }
  }
}
`,
};
