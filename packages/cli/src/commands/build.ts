// `tspacker build [options] TEMPLATE`, as Packer's BuildCommand (HCL2, or a legacy JSON template through
// core/legacy, whose builds are the same CoreBuilds): parse (diagnostics with source), Initialize
// with data sources executed, GetBuilds (a build with errors is left out, the others still run and the exit code
// is 1), then the builds run (core/build) on the build UI (core/ui: colours, -timestamp-ui, -machine-readable,
// secrets masked). The first SIGINT/SIGTERM cancels the builds, whose cleanups run; a second one exits at once.
import { randomUUID } from 'node:crypto';
import { variableValuesText } from '@tspacker/hcl';
import { createLogger, createRootUi, loadSpinners, getBuilds, initializeTemplate, noBuildsDiagnostic, runBuilds } from '@tspacker/core';
import { writeDiags } from '../diags.js';
import { buildFlags, metaArgs, parseCommandFlags } from '../flags.js';
import { loadCommandTemplate } from '../template.js';
import { MachineReadableUi, type Ui } from '../ui.js';

const ON_ERROR_VALUES = ['cleanup', 'abort', 'ask', 'run-cleanup-provisioner'];

/** Go's names of the signals (os.Signal.String()), as "Cancelling build after receiving …" shows them. */
const SIGNAL_NAMES: Readonly<Record<string, string>> = { SIGINT: 'interrupt', SIGTERM: 'terminated' };

/** What a second signal says before exiting: cleanups of the running builds were cut short. */
export const SECOND_SIGNAL_TEXT =
  'Interrupted again: exiting now without waiting for cleanups. Resources of the builds that were running ' +
  '(temporary files, machines, artifacts in progress) may be left behind.';

/** Go's strconv.ParseInt(s, 0, 64) as the int64 flag uses it (decimal, 0x, 0o/0, 0b; `_` between digits). */
function parseGoInt(text: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+|[1-9][0-9_]*|0)$/.exec(text);
  if (!m || m[2]!.endsWith('_') || m[2]!.includes('__')) return undefined;
  let digits = m[2]!.replaceAll('_', '');
  if (/^0[0-7]/.test(digits)) digits = `0o${digits.slice(1)}`;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? (m[1] === '-' ? -n : n) : undefined;
}

/**
 * Cancellation by signal (command/signal.go): the first SIGINT/SIGTERM aborts the controller; a second one exits
 * at once. `report` is where the messages go (the build UI once it exists). The handlers stay until the process
 * ends: a child a component left running may keep it alive after the command returned, and a signal then still
 * ends it with exit code 1.
 */
function handleSignals(report: () => Ui['error']): { controller: AbortController; finished: () => void } {
  const controller = new AbortController();
  let done = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted && !done) {
      report()(`Cancelling build after receiving ${SIGNAL_NAMES[signal] ?? signal}`);
      controller.abort(new Error('context canceled'));
      return;
    }
    if (controller.signal.aborted) report()(SECOND_SIGNAL_TEXT);
    process.exit(1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { controller, finished: () => void (done = true) };
}

export async function runBuild(argv: readonly string[], baseUi: Ui, help: string): Promise<number> {
  // Packer's main sets a new run id for every run; the manifest and shell-local scripts read it.
  process.env.PACKER_RUN_UUID = randomUUID();
  let reportTo: Ui['error'] = (m) => baseUi.error(m);
  const signals = handleSignals(() => reportTo);
  try {
    return await build(argv, baseUi, help, signals.controller.signal, (error) => {
      reportTo = error;
    });
  } finally {
    signals.finished();
  }
}

async function build(
  argv: readonly string[],
  baseUi: Ui,
  help: string,
  signal: AbortSignal,
  setReporter: (error: Ui['error']) => void,
): Promise<number> {
  const flags = parseCommandFlags(buildFlags, argv, baseUi, help);
  if (!flags) return 1;
  const onError = flags.strings.get('on-error') ?? '';
  if (onError !== '' && !ON_ERROR_VALUES.includes(onError)) {
    baseUi.error(`invalid value ${JSON.stringify(onError)} for flag -on-error: expected one of [${ON_ERROR_VALUES.map((v) => JSON.stringify(v)).join(' ')}]`);
    baseUi.say(help);
    return 1;
  }
  const parallelText = flags.strings.get('parallel-builds') ?? '0';
  const parallelBuilds = parseGoInt(parallelText);
  if (parallelBuilds === undefined) {
    baseUi.error(`invalid value ${JSON.stringify(parallelText)} for flag -parallel-builds: parse error`);
    baseUi.say(help);
    return 1;
  }
  if (flags.args.length !== 1) {
    baseUi.say(help);
    return 1;
  }
  const meta = metaArgs(flags);
  const loaded = await loadCommandTemplate(baseUi, {
    ...meta,
    path: flags.args[0]!,
    warnOnUndeclaredVar: flags.bools.get('warn-on-undeclared-var') ?? false,
  });
  const { config, legacy, ui } = loaded;
  if (loaded.ret !== 0 || (!config && !legacy)) return 1;
  setReporter((m) => ui.error(m));

  let ret = writeDiags(ui, undefined, config ? await initializeTemplate(config) : legacy!.initialize(), variableValuesText);
  if (ret !== 0) return ret;

  const debug = flags.bools.get('debug') ?? false;
  const buildsOptions = { only: meta.only, except: meta.except, debug, force: flags.bools.get('force') ?? false, onError };
  const { builds, diags } = config ? getBuilds(config, buildsOptions) : legacy!.getBuilds(buildsOptions);
  const sensitiveValues = config ? config.sensitiveValues : legacy!.sensitiveValues;
  // Something may have gone wrong, but the builds that could be prepared still run.
  ret = writeDiags(ui, undefined, diags, variableValuesText);
  if (builds.length === 0) {
    if (ret !== 0) return ret;
    return writeDiags(ui, undefined, [noBuildsDiagnostic()]);
  }

  const machineReadable = baseUi instanceof MachineReadableUi;
  let logger: ReturnType<typeof createLogger>;
  try {
    logger = createLogger({ secrets: sensitiveValues });
  } catch (e) {
    // An unwritable TSPACKER_LOG_PATH/PACKER_LOG_PATH: Packer's "Couldn't setup log output: ...", exit 1.
    ui.error((e as Error).message);
    return 1;
  }
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !machineReadable;
  if (interactive) await loadSpinners();
  const rootUi = createRootUi({
    machineReadable,
    color: flags.bools.get('color') ?? true,
    timestamp: flags.bools.get('timestamp-ui') ?? false,
    secrets: sensitiveValues,
    interactive,
    logger,
  });
  setReporter((m) => rootUi.error(m));
  try {
    const result = await runBuilds(builds, { ui: rootUi, signal, parallelBuilds, onError, debug, communicators: loaded.components?.communicators });
    return result.exitCode !== 0 ? result.exitCode : ret;
  } finally {
    rootUi.close();
    logger.close();
  }
}
