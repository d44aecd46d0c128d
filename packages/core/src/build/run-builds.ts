// Running the builds of `packer build` (command/build.go's RunContext and packer.CoreBuild.Run): builds start in
// order, at most `parallelBuilds` at a time (0 = no limit, -debug = one at a time); each runs its builder — which
// calls the provision hook — then its post-processor chains; one failing build does not stop the others. A
// cancelled signal stops starting builds and cancels the running ones, whose builders run their cleanups.
import { performance } from 'node:perf_hooks';
import type { Artifact, BuildContext } from '@tspacker/sdk';
import type { CoreBuild } from '../template/get-builds.js';
import type { BuildUi, RootUi } from '../ui/index.js';
import { abortError, errorMessage } from './cancellation.js';
import { durationText } from './durafmt.js';
import { runPostProcessors } from './post-processors.js';
import { provisionHook } from './provision-hook.js';
import { communicatorContext, type Communicators } from './communicators.js';
import { writeSummary } from './summary.js';

/** What runBuilds writes to: core/ui's RootUi (the part it uses, so that tests can give a small fake). */
export type RootBuildsUi = Pick<RootUi, 'say' | 'error' | 'machine' | 'forBuilds'>;

export interface RunBuildsOptions {
  readonly ui: RootBuildsUi;
  /** Aborted on the first Ctrl-C/SIGTERM. */
  readonly signal: AbortSignal;
  /** `-parallel-builds`: 0 (or less) means no limit, 1 runs builds one after another. */
  readonly parallelBuilds: number;
  /** `-on-error`: '' or cleanup, abort, ask, run-cleanup-provisioner. */
  readonly onError: string;
  readonly debug: boolean;
  /** The communicators builders can connect with (ComponentRegistry.communicators); none by default. */
  readonly communicators?: Communicators;
}

export interface BuildsResult {
  /** 0 when every build succeeded; 1 when any failed or the run was interrupted. */
  readonly exitCode: number;
  readonly artifacts: ReadonlyMap<string, readonly Artifact[]>;
  readonly errors: ReadonlyMap<string, string>;
  readonly cancelled: boolean;
}

/** golang.org/x/sync/semaphore, as far as the build loop uses it. */
class Semaphore {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abortError(signal));
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(abortError(signal));
      };
      this.waiting.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** CoreBuild.Run: the builder (with the provision hook), then the post-processors on its artifact. */
export async function runBuild(build: CoreBuild, ui: BuildUi, options: RunBuildsOptions): Promise<Artifact[] | undefined> {
  const { signal } = options;
  const run = build.builder.run;
  if (!run) throw new Error(`the ${build.builderType} builder cannot run builds (it only validates its configuration)`);
  const ctx: BuildContext = {
    ui,
    signal,
    provision: provisionHook({ build, ui, signal, debug: options.debug, onError: options.onError }),
    ...communicatorContext(options.communicators ?? new Map(), ui, signal),
  };
  const artifact = await run.call(build.builder, build.builderConfig as never, ctx);
  // No result: nothing for post-processors to work on.
  if (!artifact) return undefined;
  // "Build was cancelled. Skipping post-processors."
  if (signal.aborted) throw abortError(signal);
  const outcome = await runPostProcessors(build, artifact, ui, (type) => ui.withTarget(`${build.name} (${type})`), signal);
  if (outcome.errors.length > 0) {
    throw new Error(`${outcome.errors.length} error(s) occurred:\n\n${outcome.errors.map((e) => `* ${e}`).join('\n')}`);
  }
  return outcome.artifacts;
}

/** Runs `builds` and prints Packer's end-of-build summary. */
export async function runBuilds(builds: readonly CoreBuild[], options: RunBuildsOptions): Promise<BuildsResult> {
  const { ui, signal } = options;
  if (options.debug) ui.say('Debug mode enabled. Builds will not be parallelized.');
  const limit = options.debug ? 1 : options.parallelBuilds < 1 ? Number.POSITIVE_INFINITY : options.parallelBuilds;
  const semaphore = new Semaphore(limit);
  // Colours are handed out (and announced) in build order, before anything runs.
  const buildUis = ui.forBuilds(builds.map((b) => b.name));
  const artifacts = new Map<string, Artifact[]>();
  const errors = new Map<string, string>();
  // Recorded by build index, so that the summary lists builds in their order whatever order they end in.
  const ended: { name: string; artifacts?: Artifact[]; error?: string }[] = [];

  const start = performance.now();
  const running: Promise<void>[] = [];
  for (const [index, build] of builds.entries()) {
    if (signal.aborted) break; // "Interrupted, not going to start any more builds."
    try {
      await semaphore.acquire(signal);
    } catch (e) {
      buildUis[index]!.error(`Build '${build.name}' failed to acquire semaphore: ${errorMessage(e)}`);
      ended[index] = { name: build.name, error: errorMessage(e) };
      break;
    }
    running.push(
      (async () => {
        const buildStart = performance.now();
        const buildUi = buildUis[index]!;
        try {
          const made = await runBuild(build, buildUi, options);
          buildUi.plain.say(`Build '${build.name}' finished after ${durationText(performance.now() - buildStart)}.`);
          ended[index] = { name: build.name, ...(made ? { artifacts: made } : {}) };
        } catch (e) {
          const message = errorMessage(e);
          buildUi.plain.error(`Build '${build.name}' errored after ${durationText(performance.now() - buildStart)}: ${message}`);
          ended[index] = { name: build.name, error: message };
        } finally {
          semaphore.release();
        }
      })(),
    );
  }
  await Promise.all(running);

  for (const entry of ended) {
    if (!entry) continue;
    if (entry.error !== undefined) errors.set(entry.name, entry.error);
    else if (entry.artifacts) artifacts.set(entry.name, entry.artifacts);
  }
  const cancelled = signal.aborted;
  const targets = new Map(buildUis.map((b) => [b.name, b.plain]));
  const exitCode = writeSummary(ui, targets, { artifacts, errors, cancelled, elapsed: performance.now() - start });
  return { exitCode, artifacts, errors, cancelled };
}
