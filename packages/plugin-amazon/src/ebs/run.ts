// The amazon-ebs build (Packer's ebs Builder.Run): one AWS session, a fresh state, and Packer's steps in Packer's
// order, run by the SDK's step runner (cleanups in reverse on success, failure and cancellation). What tspacker
// adds: a failed or cancelled build also removes its AMI copies, and whatever is left behind (-on-error=abort, a
// cleanup that failed) is listed with the AWS CLI command that deletes it.
import { runSteps, type Artifact, type BuildContext, type OnErrorMode, type Step } from '@tspacker/sdk';
import { createAwsSession } from '../access/create-session.js';
import { markBuildFailed } from '../common/destroy-amis.js';
import { deleteCommand } from '../common/ledger.js';
import { EbsArtifact } from './artifact.js';
import type { EbsConfig } from './config.js';
import { iamPrepareErrors, isSpotInstance } from './prepare.js';
import { newEbsState, type EbsState } from './state.js';
import { stepCleanupVolumes } from './steps/cleanup-volumes.js';
import { stepConnect } from './steps/connect.js';
import { stepIamInstanceProfile } from './steps/iam-instance-profile.js';
import { stepKeyPair } from './steps/key-pair.js';
import { stepNetworkInfo } from './steps/network-info.js';
import { stepPreValidate } from './steps/pre-validate.js';
import { stepRunSourceInstance } from './steps/run-source-instance.js';
import { stepRunSpotInstance } from './steps/run-spot-instance.js';
import { stepSecurityGroup } from './steps/security-group.js';
import { stepSetGeneratedData } from './steps/set-generated-data.js';
import { stepSourceAMIInfo } from './steps/source-ami-info.js';
import { stepProvision } from './steps/provision.js';
import { stepCleanupTempKeys } from './steps/clear-temp-keys.js';
import { stepStopEBSBackedInstance } from './steps/stop-instance.js';
import { stepModifyEBSBackedInstance } from './steps/modify-instance.js';
import { stepDeregisterAMI } from './steps/deregister-ami.js';
import { stepCreateAMI } from './steps/create-ami.js';
import { stepAMIRegionCopy } from './steps/region-copy.js';
import { stepEnableDeprecation } from './steps/enable-deprecation.js';
import { stepEnableDeregistrationProtection } from './steps/deregistration-protection.js';
import { stepModifyAMIAttributes } from './steps/modify-ami-attributes.js';
import { stepCreateTags } from './steps/create-tags.js';

/** The steps up to a connected instance with the generated data set: the source AMI, network, key, groups, launch. */
export function launchSteps(config: EbsConfig): Step<EbsState>[] {
  return [
    stepPreValidate,
    stepSourceAMIInfo,
    stepNetworkInfo,
    stepKeyPair,
    stepSecurityGroup,
    stepIamInstanceProfile,
    stepCleanupVolumes,
    isSpotInstance(config) ? stepRunSpotInstance : stepRunSourceInstance,
    stepConnect,
    stepSetGeneratedData,
  ];
}

/** The steps after provisioning that turn the instance into AMIs: stop, ENA/SR-IOV, create, copy, attributes, tags. */
export const captureSteps: readonly Step<EbsState>[] = [
  stepStopEBSBackedInstance,
  stepModifyEBSBackedInstance,
  stepDeregisterAMI,
  stepCreateAMI,
  stepAMIRegionCopy,
  stepEnableDeprecation,
  stepEnableDeregistrationProtection,
  stepModifyAMIAttributes,
  stepCreateTags,
];

/** The steps of an amazon-ebs build, in Packer's order (no WinRM password, SSM tunnel or fast launch steps yet). */
export function ebsSteps(config: EbsConfig): Step<EbsState>[] {
  return [...launchSteps(config), stepProvision, stepCleanupTempKeys, ...captureSteps];
}

/**
 * The step, reporting to the state when it fails or halts (the cleanups that remove AMIs ask buildFailed), and
 * showing its error where it happened, as Packer's steps do (`ui.Error(err)`) — unless the runner shows it itself
 * (-on-error=abort/ask) or the build was cancelled.
 */
function reportingFailure(step: Step<EbsState>, onError: OnErrorMode): Step<EbsState> {
  return {
    name: step.name,
    async run(state, ctx) {
      try {
        const action = await step.run(state, ctx);
        if (action === 'halt') markBuildFailed(state);
        return action;
      } catch (e) {
        markBuildFailed(state);
        if (onError === 'cleanup' && !ctx.signal.aborted) ctx.ui.error(e instanceof Error ? e.message : String(e));
        throw e;
      }
    },
    ...(step.cleanup ? { cleanup: step.cleanup.bind(step) } : {}),
  };
}

const ON_ERROR_MODES: readonly string[] = ['cleanup', 'abort', 'ask', 'run-cleanup-provisioner'];

/** Lists what the build left in place, with the command that deletes each. */
function reportLeftovers(state: EbsState): void {
  const left = state.ledger.remaining();
  if (left.length === 0) return;
  const { ui } = state.ctx;
  ui.error(`The build left ${left.length} resource(s) in place; to delete them:`);
  for (const entry of left) ui.error(`  ${entry.kind} ${entry.id} (${entry.region}): ${deleteCommand(entry)}`);
}

export async function runEbs(config: EbsConfig, ctx: BuildContext): Promise<Artifact | undefined> {
  // What validate accepts with a warning but tspacker cannot build: refused before anything is created.
  const unsupported = iamPrepareErrors(config);
  if (unsupported.length > 0) throw new Error(unsupported[0]);
  const session = await createAwsSession(config, { signal: ctx.signal });
  const state = newEbsState(config, session, ctx);
  const onError = (ON_ERROR_MODES.includes(config.packer_on_error) ? config.packer_on_error : 'cleanup') as OnErrorMode;
  try {
    let outcome: 'completed' | 'halted';
    try {
      ({ outcome } = await runSteps(ebsSteps(config).map((step) => reportingFailure(step, onError)), state, {
        ui: ctx.ui,
        signal: ctx.signal,
        onError,
        debug: config.packer_debug,
      }));
    } catch (e) {
      reportLeftovers(state);
      throw e;
    }
    if (outcome === 'halted' || state.amis.size === 0) {
      reportLeftovers(state);
      return undefined;
    }
    // The AMIs and their snapshots are the build's result, not leftovers.
    for (const [region, ami] of state.amis) {
      state.ledger.release(region, 'image', ami);
      for (const snapshot of state.snapshots.get(region) ?? []) state.ledger.release(region, 'snapshot', snapshot);
    }
    reportLeftovers(state);
    return new EbsArtifact(new Map(state.amis), () => createAwsSession(config), { ...state.generatedData });
  } finally {
    session.destroy();
  }
}
