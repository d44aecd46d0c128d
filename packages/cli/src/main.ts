// tspacker's entry point: top-level argument handling as Packer does it (its main.go plus mitchellh/cli):
// `-machine-readable` anywhere switches the UI; `-v`/`-version`/`--version` before the command runs `version`;
// `-h`/`-help`/`--help` anywhere shows help (exit 0); no or an unknown command lists the commands (exit 127);
// other flags before the command are refused (exit 1). A user error never shows a stack trace.
import { commands, type Command } from './commands.js';
import { BasicUi, MachineReadableUi, writeStdout, type Ui } from './ui.js';

const INVALID_FLAGS_BEFORE =
  'Invalid flags before the subcommand. If these flags are for\nthe subcommand, please put them after the subcommand.\n\n';

/** mitchellh/cli's BasicHelpFunc, for the commands tspacker has. */
export function commandList(): string {
  const names = Object.keys(commands).sort();
  const width = Math.max(...names.map((n) => n.length));
  let out = 'Usage: tspacker [--version] [--help] <command> [<args>]\n\nAvailable commands are:\n';
  for (const n of names) out += `    ${n.padEnd(width)}    ${commands[n]!.synopsis}\n`;
  return out;
}

interface TopLevel {
  isHelp: boolean;
  isVersion: boolean;
  topFlags: string[];
  subcommand: string;
  subcommandArgs: string[];
}

/** mitchellh/cli's processArgs. */
function processArgs(args: readonly string[]): TopLevel {
  const r: TopLevel = { isHelp: false, isVersion: false, topFlags: [], subcommand: '', subcommandArgs: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === '-h' || arg === '-help' || arg === '--help') {
      r.isHelp = true;
      continue;
    }
    if (r.subcommand === '') {
      if (arg === '-v' || arg === '-version' || arg === '--version') {
        r.isVersion = true;
        continue;
      }
      if (arg !== '' && arg[0] === '-') r.topFlags.push(arg);
    }
    if (r.subcommand === '' && arg !== '' && arg[0] !== '-') {
      r.subcommand = arg;
      r.subcommandArgs = args.slice(i + 1);
    }
  }
  return r;
}

export async function main(argv: readonly string[]): Promise<number> {
  let args = [...argv];
  let ui: Ui = new BasicUi();
  const mr = args.indexOf('-machine-readable');
  if (mr >= 0) {
    args.splice(mr, 1);
    ui = new MachineReadableUi();
  }
  // Packer's main turns a version flag before the command into the `version` command.
  if (processArgs(args).isVersion) args = ['version'];

  const top = processArgs(args);
  if (top.isHelp && top.subcommand === '') {
    writeStdout(commandList() + '\n');
    return 0;
  }
  const command: Command | undefined = Object.hasOwn(commands, top.subcommand) ? commands[top.subcommand] : undefined;
  if (!command) {
    writeStdout(commandList() + '\n');
    return 127;
  }
  if (top.isHelp) {
    // mitchellh/cli registers `plugins install` and the like as commands of their own, with their own help.
    const sub = top.subcommandArgs.find((a) => a !== '' && a[0] !== '-');
    const subHelp = sub !== undefined ? await command.subcommandHelp?.(sub) : undefined;
    writeStdout((subHelp ?? command.help) + '\n');
    return 0;
  }
  if (top.topFlags.length > 0) {
    writeStdout(INVALID_FLAGS_BEFORE + command.help + '\n');
    return 1;
  }
  return command.run(top.subcommandArgs, ui);
}

/** Runs main and exits; an unexpected exception is reported as Packer reports a panic, without a JS stack. */
export function run(): void {
  let finished = false;
  // Node exits when nothing is left to wait for, even if a command never finished (a component whose promise
  // can never settle): that is a failure, not a success.
  process.on('exit', () => {
    if (finished || process.exitCode !== undefined) return; // done, or process.exit() on purpose
    process.stdout.write('Error: tspacker stopped before the command finished: a component is waiting for something that will never happen.\n');
    process.exitCode = 1;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      finished = true;
      process.exitCode = code;
    },
    (err: unknown) => {
      finished = true;
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`tspacker: internal error: ${message}\n`);
      if (process.env.TSPACKER_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
      process.exitCode = 1;
    },
  );
}
