// The command table: names, one-line synopses and help texts (Packer's wording, for tspacker). Each command's
// implementation is imported only when it runs, so that `tspacker version` never loads the HCL engine.
import type { Ui } from './ui.js';

export interface Command {
  readonly synopsis: string;
  readonly help: string;
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
  -config-type                  Only 'hcl2' (the default) is supported; Packer's legacy
                                JSON mode ('json') is not.
  -use-sequential-evaluation    Fallback to using a sequential approach for local/datasource evaluation.`;

export const commands: Readonly<Record<string, Command>> = {
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
  version: {
    synopsis: 'Prints the tspacker version',
    help: 'Prints the tspacker version.',
    run: async (args, ui) => (await import('./commands/version.js')).runVersion(args, ui),
  },
};
