// The end of `packer build` (command/build.go): the wait line, then either the interruption notice or the
// failed builds and the artifacts of the successful ones, with their machine-readable events. Packer walks Go
// maps here (random order); tspacker lists builds in the order they were defined.
import type { Artifact, Ui } from '@tspacker/sdk';
import { durationText } from './durafmt.js';
import type { RootBuildsUi } from './run-builds.js';

export interface BuildsOutcome {
  /** Artifacts of successful builds, by build name, in build order. */
  readonly artifacts: ReadonlyMap<string, readonly Artifact[]>;
  /** Error texts of failed builds, by build name, in build order. */
  readonly errors: ReadonlyMap<string, string>;
  readonly cancelled: boolean;
  /** Milliseconds from the first build's start to the last one's end. */
  readonly elapsed: number;
}

/** Prints the summary; returns the exit code (1 when any build failed or the run was interrupted). */
export function writeSummary(ui: RootBuildsUi, targets: ReadonlyMap<string, Ui>, outcome: BuildsOutcome): number {
  // Machine-readable events of the summary target the build (Packer's TargetedUI over the root UI).
  const target = (name: string): Pick<Ui, 'machine'> => targets.get(name) ?? { machine: () => {} };
  ui.say(`\n==> Wait completed after ${durationText(outcome.elapsed)}`);
  if (outcome.cancelled) {
    ui.say('Cleanly cancelled builds after being interrupted.');
    return 1;
  }
  if (outcome.errors.size > 0) {
    ui.machine('error-count', String(outcome.errors.size));
    ui.error("\n==> Some builds didn't complete successfully and had errors:");
    for (const [name, error] of outcome.errors) {
      target(name).machine('error', error);
      ui.error(`--> ${name}: ${error}`);
    }
  }
  if (outcome.artifacts.size > 0) {
    ui.say('\n==> Builds finished. The artifacts of successful builds are:');
    for (const [name, artifacts] of outcome.artifacts) {
      const build = target(name);
      build.machine('artifact-count', String(artifacts.length));
      artifacts.forEach((artifact, i) => {
        const index = String(i);
        build.machine('artifact', index, 'builder-id', artifact.builderId);
        build.machine('artifact', index, 'id', artifact.id);
        build.machine('artifact', index, 'string', artifact.toString());
        build.machine('artifact', index, 'files-count', String(artifact.files.length));
        artifact.files.forEach((file, j) => build.machine('artifact', index, 'file', String(j), file));
        build.machine('artifact', index, 'end');
        ui.say(`--> ${name}: ${artifact.toString()}`);
      });
    }
  } else {
    ui.say('\n==> Builds finished but no artifacts were created.');
  }
  return outcome.errors.size > 0 ? 1 : 0;
}
