// The command table: names, one-line synopses and help texts (Packer 1.16's wording, for tspacker). Each command's
// implementation is imported only when it runs, so that `tspacker version` never loads the HCL engine.
import type { Ui } from './ui.js';

export interface Command {
  readonly synopsis: string;
  readonly help: string;
  /** A subcommand's own help (`plugins install -h`), when the command has subcommands and `sub` is one. */
  subcommandHelp?(sub: string): Promise<string | undefined>;
  run(args: readonly string[], ui: Ui): Promise<number>;
}

const fmtHelp = `Usage: tspacker fmt [options] [TEMPLATE]

  Rewrites all Packer configuration files to a canonical format. Both
  configuration files (.pkr.hcl) and variable files (.pkrvars.hcl) are updated.
  JSON files (.json) are not modified.

  If TEMPLATE is "." the current directory will be used.
  If TEMPLATE is "-" then content will be read from STDIN.

  The given content must be in Packer's HCL2 configuration language; JSON is
  not supported.

Options:
  -check        Check if the input is formatted. Exit status will be 0 if all
                 input is properly formatted and non-zero otherwise.

  -diff         Display diffs of formatting change

  -write=false  Don't write to source files
                (always disabled if using -check)

  -recursive     Also process files in subdirectories. By default, only the
                 given directory (or current directory) is processed.`;

const consoleHelp = `Usage: tspacker console [options] [TEMPLATE]

  Creates a console for testing variable interpolation.
  If a template is provided, this command will load the template and any
  variables defined therein into its context to be referenced during
  interpolation.

Options:
  -var 'key=value'              Variable for templates, can be used multiple times.
  -var-file=path                JSON or HCL2 file containing user variables.
  -config-type                  Set to 'hcl2' to run in HCL2 mode when no file is passed. Defaults to json.
  -use-sequential-evaluation    Fallback to using a sequential approach for local/datasource evaluation.`;

const buildHelp = `Usage: tspacker build [options] TEMPLATE

  Will execute multiple builds in parallel as defined in the template.
  The various artifacts created by the template will be outputted.

Options:

  -color=false                  Disable color output. (Default: color)
  -debug                        Debug mode enabled for builds.
  -except=foo,bar,baz           Run all builds and post-processors other than these.
  -only=foo,bar,baz             Build only the specified builds.
  -force                        Force a build to continue if artifacts exist, deletes existing artifacts.
  -machine-readable             Produce machine-readable output.
  -on-error=[cleanup|abort|ask|run-cleanup-provisioner] If the build fails do: clean up (default), abort, ask, or run-cleanup-provisioner.
  -parallel-builds=1            Number of builds to run in parallel. 1 disables parallelization. 0 means no limit (Default: 0)
  -timestamp-ui                 Enable prefixing of each ui output with an RFC3339 timestamp.
  -var 'key=value'              Variable for templates, can be used multiple times.
  -var-file=path                JSON or HCL2 file containing user variables, can be used multiple times.
  -warn-on-undeclared-var       Display warnings for user variable files containing undeclared variables.
  -ignore-prerelease-plugins    Disable the loading of prerelease plugin binaries (x.y.z-dev).
  -use-sequential-evaluation    Fallback to using a sequential approach for local/datasource evaluation.
  -skip-enforcement             Skip injection of HCP Packer enforced provisioners.`;

const validateHelp = `Usage: tspacker validate [options] TEMPLATE

  Checks the template is valid by parsing the template and also
  checking the configuration with the various builders, provisioners, etc.

  If it is not valid, the errors will be shown and the command will exit
  with a non-zero exit status. If it is valid, it will exit with a zero
  exit status.

Options:

  -syntax-only                  Only check syntax. Do not verify config of the template.
  -except=foo,bar,baz           Validate all builds other than these.
  -only=foo,bar,baz             Validate only these builds.
  -machine-readable             Produce machine-readable output.
  -var 'key=value'              Variable for templates, can be used multiple times.
  -var-file=path                JSON or HCL2 file containing user variables, can be used multiple times.
  -no-warn-undeclared-var       Disable warnings for user variable files containing undeclared variables.
  -evaluate-datasources         Evaluate data sources during validation (HCL2 only, may incur costs); Defaults to false. 
  -ignore-prerelease-plugins    Disable the loading of prerelease plugin binaries (x.y.z-dev).
  -use-sequential-evaluation    Fallback to using a sequential approach for local/datasource evaluation.`;

const inspectHelp = `Usage: tspacker inspect TEMPLATE

  Inspects a template, parsing and outputting the components a template
  defines. This does not validate the contents of a template (other than
  basic syntax by necessity).

Options:

  -machine-readable             Machine-readable output
  -use-sequential-evaluation    Fallback to using a sequential approach for local/datasource evaluation.`;

const localCloudHelp = `Usage: tspacker local-cloud start|stop|status|reset|env [options]

  Runs a local EC2 endpoint (with the parts of STS, SSM, Secrets Manager and
  KMS that amazon components use) whose instances are real machines on
  loopback addresses, so that amazon-ebs builds run without an AWS account.
  Its state (instances' disks, images, the request log) is kept in one
  directory: $TSPACKER_LOCAL_CLOUD_DIR, or ~/.local/state/tspacker/local-cloud.

  start   Starts the endpoint in the background and prints the environment
          and template settings that point AWS clients at it.
  stop    Stops it: machines stop, the state is kept for the next start.
  status  Prints the endpoint, its pid and the live resources (exit status 1
          when it is not running).
  reset   Wipes the state: a fresh account.
  env     Prints the environment that points AWS clients (and amazon
          templates without custom_endpoint_ec2) at the running cloud, as
          export lines: eval "$(tspacker local-cloud env)".

Options:
  -state-dir=path     The state directory (instead of the default above).
  -port=4599          The port to listen on, start only (0 picks a free one).
  -ssh-port=22        The port instances' SSH servers listen on, start only.
  -foreground         Run in this process until interrupted, start only.
  -allow-unisolated   Allow machines without isolation when not root (their
                      sessions run as this user on this host), start only.`;

const initHelp = `Usage: tspacker init [options] TEMPLATE

  Install all the missing plugins required in a Packer config. Note that Packer
  does not have a state.

  This is the first command that should be executed when working with a new
  or existing template.

  This command is always safe to run multiple times. Though subsequent runs may
  give errors, this command will never delete anything.

  Plugins are npm packages, installed with npm from the registry npm is
  configured with into the plugin directory ($TSPACKER_PLUGIN_PATH, or
  ~/.config/tspacker/plugins). Their exact versions and integrity hashes are
  written to tspacker.lock.json beside the template; when it exists, exactly
  those versions are installed.

Options:
  -upgrade                     On top of installing missing plugins, update
                               installed plugins to the latest available
                               version, if there is a new higher one. Note that
                               this still takes into consideration the version
                               constraint of the config.
  -force                       Forces reinstallation of plugins, even if already
                               installed.`;

// mitchellh/cli lists a command's subcommands under its help.
const pluginsHelp = `Usage: tspacker plugins <subcommand> [options] [args]
  This command groups subcommands for interacting with tspacker plugins.

Related but not under the "plugins" command :

- "tspacker init <path>" will install all plugins required by a config.

Subcommands:
    install      Install latest tspacker plugin [matching version constraint]
    installed    List all installed tspacker plugin packages
    new          Create a new plugin package from a scaffold
    remove       Remove tspacker plugins [matching a version]
    required     List plugins required by a config`;

export const commands: Readonly<Record<string, Command>> = {
  build: {
    synopsis: 'build image(s) from template',
    help: buildHelp,
    run: async (args, ui) => (await import('./commands/build.js')).runBuild(args, ui, buildHelp),
  },
  console: {
    synopsis: 'creates a console for testing variable interpolation',
    help: consoleHelp,
    run: async (args, ui) => (await import('./commands/console.js')).runConsole(args, ui, consoleHelp),
  },
  fmt: {
    synopsis: 'Rewrites HCL2 config files to canonical format',
    help: fmtHelp,
    run: async (args, ui) => (await import('./commands/fmt.js')).runFmt(args, ui, fmtHelp),
  },
  hcl2_upgrade: {
    synopsis: 'transform a JSON template into an HCL2 configuration',
    help: `Usage: tspacker hcl2_upgrade [options] TEMPLATE

  Will transform your JSON template into an HCL2 configuration.

Options:

  -output-file=path    Set output file name. By default this will be the
                       TEMPLATE name with ".pkr.hcl" appended to it. To be a
                       valid Packer HCL template, it must have the suffix
                       ".pkr.hcl"
  -with-annotations    Add helper annotation comments to the file to help new
                       HCL2 users understand the template format.`,
    run: async (args, ui) => (await import('./commands/hcl2-upgrade.js')).runHcl2Upgrade(args, ui, commands.hcl2_upgrade!.help),
  },
  init: {
    synopsis: 'Install missing plugins or upgrade plugins',
    help: initHelp,
    run: async (args, ui) => (await import('./commands/init.js')).runInit(args, ui, initHelp),
  },
  inspect: {
    synopsis: 'see components of a template',
    help: inspectHelp,
    run: async (args, ui) => (await import('./commands/inspect.js')).runInspect(args, ui, inspectHelp),
  },
  'local-cloud': {
    synopsis: 'runs a local EC2 endpoint with real instances',
    help: localCloudHelp,
    run: async (args, ui) => (await import('./commands/local-cloud.js')).runLocalCloud(args, ui, localCloudHelp),
  },
  plugins: {
    synopsis: 'Interact with tspacker plugins and catalog',
    help: pluginsHelp,
    subcommandHelp: async (sub) => (await import('./commands/plugins.js')).pluginsSubcommandHelp(sub),
    run: async (args, ui) => (await import('./commands/plugins.js')).runPlugins(args, ui, pluginsHelp),
  },
  validate: {
    synopsis: 'check that a template is valid',
    help: validateHelp,
    run: async (args, ui) => (await import('./commands/validate.js')).runValidate(args, ui, validateHelp),
  },
  version: {
    synopsis: 'Prints the tspacker version',
    help: 'Prints the tspacker version.',
    run: async (args, ui) => (await import('./commands/version.js')).runVersion(args, ui),
  },
};
