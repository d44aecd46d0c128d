// The post-processor chains of a build and Packer's artifact bookkeeping (the end of CoreBuild.Run): each chain
// starts from the builder's artifact; a post-processor's result says whether to keep its input, the template's
// keep_input_artifact overrides that unless the post-processor forces it; the first post-processor of any chain
// that keeps marks the builder's artifact as kept, later ones keep or destroy their input; each chain's last
// artifact is listed; a failure ends its chain ("Post-processor failed: ..."). The builder's artifact comes first
// when kept, else it is destroyed.
import type { Artifact, GeneratedData, Ui } from '@tspacker/sdk';
import type { CoreBuild, CoreBuildPostProcessor } from '../template/get-builds.js';
import { errorMessage } from './cancellation.js';

export interface PostProcessOutcome {
  readonly artifacts: Artifact[];
  /** Packer's MultiError items. */
  readonly errors: string[];
}

/** The artifact's `generated_data` state, what a post-processor is re-prepared with. */
function generatedData(artifact: Artifact): GeneratedData {
  const data = artifact.state('generated_data');
  return data !== null && typeof data === 'object' ? (data as GeneratedData) : {};
}

/** The line the build's UI shows before each post-processor. */
export function postProcessorSay(pp: CoreBuildPostProcessor): string {
  return pp.name === pp.type ? `Running post-processor: ${pp.type}` : `Running post-processor: ${pp.name} (type ${pp.type})`;
}

async function postProcess(build: CoreBuild, pp: CoreBuildPostProcessor, ui: Ui, signal: AbortSignal, input: Artifact) {
  const config = pp.configureFor(generatedData(input));
  if (!pp.component.postProcess) throw new Error(`the ${pp.type} post-processor cannot run (it only validates its configuration)`);
  return pp.component.postProcess(config as never, { ui, signal }, input);
}

/**
 * Runs every chain of `build` on `builderArtifact`. `buildUi` says which post-processor runs; `ppUi(type)` is
 * the UI the post-processor itself writes to (`NAME (TYPE)`).
 */
export async function runPostProcessors(
  build: CoreBuild,
  builderArtifact: Artifact,
  buildUi: Ui,
  ppUi: (type: string) => Ui,
  signal: AbortSignal,
): Promise<PostProcessOutcome> {
  const artifacts: Artifact[] = [];
  const errors: string[] = [];
  let keepOriginal = build.postProcessors.length === 0;

  for (const chain of build.postProcessors) {
    let prior: Artifact = builderArtifact;
    let chainEnded = false;
    for (const [i, pp] of chain.entries()) {
      buildUi.say(postProcessorSay(pp));
      let result;
      try {
        result = await postProcess(build, pp, ppUi(pp.type), signal, prior);
      } catch (e) {
        errors.push(`Post-processor failed: ${errorMessage(e)}`);
        chainEnded = true;
        break;
      }
      if (!result?.artifact) {
        // A post-processor without a result halts its chain silently.
        chainEnded = true;
        break;
      }
      let keep = result.keep;
      if (pp.keepInputArtifact !== undefined && !(result.keep && !pp.keepInputArtifact && result.forceOverride)) {
        keep = pp.keepInputArtifact;
      }
      if (i === 0) {
        // Several chains may start from the builder's artifact: it is only destroyed at the end.
        if (keep) keepOriginal = true;
      } else if (keep) {
        artifacts.push(prior);
      } else {
        try {
          await prior.destroy();
        } catch (e) {
          errors.push(`Failed cleaning up prior artifact: ${errorMessage(e)}; pp is ${pp.type}`);
        }
      }
      prior = result.artifact;
    }
    // Packer's `continue PostProcessorRunSeqLoop` skips appending the chain's last artifact.
    if (!chainEnded) artifacts.push(prior);
  }

  if (keepOriginal) {
    artifacts.unshift(builderArtifact);
  } else {
    try {
      await builderArtifact.destroy();
    } catch (e) {
      errors.push(`Error destroying builder artifact: ${errorMessage(e)}; bad artifact: ${JSON.stringify(builderArtifact.files)}`);
    }
  }
  return { artifacts, errors };
}
