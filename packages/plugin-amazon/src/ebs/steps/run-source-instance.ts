// StepRunSourceInstance: launch the source instance (RunInstances with every launch option), wait until it is
// running and describe it. The cleanup terminates it and waits until it is gone — also when the launch failed
// half-way (the wait failed, the build was cancelled), since the instance id is kept as soon as EC2 returns it.
import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type BlockDeviceMapping,
  type EC2Client,
  type Image,
  type Instance,
  type RunInstancesCommandInput,
  type Tag,
  type InstanceMetadataOptionsRequest,
} from '@aws-sdk/client-ec2';
import type { Step, StepContext, Ui } from '@tspacker/sdk';
import type { AwsSession } from '../../access/session.js';
import { awsErrorCode, awsErrorText } from '../../common/aws-errors.js';
import { toEc2BlockDeviceMappings } from '../../common/block-devices.js';
import { retry } from '../../common/retry.js';
import { loadUserData } from '../../common/user-data.js';
import { waitInstanceRunning, waitInstanceTerminated } from '../../common/wait.js';
import { renderTagsOrFail, reportTagList, tagEntries, withRunIdTag } from '../../common/tags.js';
import { isBurstableInstanceType } from '../prepare.js';
import type { EbsConfig } from '../config.js';
import type { EbsState } from '../state.js';
import { isRestrictedRegion } from '../../common/regions.js';
import { deleteResource } from '../../common/delete-resource.js';

/** no_ephemeral: xvdca..xvdcz mapped to nothing, so no instance-store volume is attached. */
function noEphemeralMappings(): BlockDeviceMapping[] {
  return [...'abcdefghijklmnopqrstuvwxyz'].map((letter) => ({ DeviceName: `xvdc${letter}`, NoDevice: '' }));
}

// The launch options RunInstances (here) and the spot launch template (run-spot-instance.ts) both carry.

/** launch_block_device_mapping, then the no_ephemeral mappings. */
export function launchBlockDeviceMappings(c: EbsConfig): BlockDeviceMapping[] {
  return [...toEc2BlockDeviceMappings(c.launch_block_device_mappings), ...(c.no_ephemeral ? noEphemeralMappings() : [])];
}

/** T2/T3 types launch in standard credit mode unless enable_unlimited_credits; other types get none. */
export function launchCreditSpecification(c: EbsConfig): { CpuCredits: 'standard' | 'unlimited' } | undefined {
  if (c.enable_unlimited_credits) return { CpuCredits: 'unlimited' };
  return isBurstableInstanceType(c.instance_type) ? { CpuCredits: 'standard' } : undefined;
}

/** metadata_options, sent only when http_endpoint is "enabled" (Packer's default), as Packer does. */
export function launchMetadataOptions(c: EbsConfig): InstanceMetadataOptionsRequest | undefined {
  const metadata = c.metadata_options;
  if (metadata?.http_endpoint !== 'enabled') return undefined;
  return {
    HttpEndpoint: 'enabled',
    HttpTokens: (metadata.http_tokens || undefined) as 'optional' | 'required' | undefined,
    HttpPutResponseHopLimit: metadata.http_put_response_hop_limit || undefined,
    InstanceMetadataTags: metadata.instance_metadata_tags === 'enabled' ? 'enabled' : undefined,
  };
}

/** The instance's tags on the instance and its network interface, the volume tags on its volumes; all with the run id. */
export function launchTagSpecifications(tags: { instance: Tag[]; volume: Tag[] }, runId: string): { ResourceType: 'instance' | 'network-interface' | 'volume'; Tags: Tag[] }[] {
  const instanceTags = withRunIdTag(tags.instance, runId);
  return [
    { ResourceType: 'instance', Tags: instanceTags },
    { ResourceType: 'network-interface', Tags: instanceTags },
    { ResourceType: 'volume', Tags: withRunIdTag(tags.volume, runId) },
  ];
}

/** The source image from StepSourceAMIInfo, checked to be EBS-backed (Packer's ExpectedRootDevice "ebs"). */
export function ebsSourceImage(state: EbsState): Image {
  const image = state.sourceImage;
  if (image?.ImageId === undefined) throw new Error('source_image type assertion failed');
  if (image.RootDeviceType !== 'ebs') {
    throw new Error(`The provided source AMI has an invalid root device type.\nExpected 'ebs', got '${image.RootDeviceType ?? ''}'.`);
  }
  return image;
}

/** The tags of the instance (run_tags) and of its volumes (run_volume_tags), rendered, with Packer's errors. */
export function launchTags(state: EbsState, what: { instance: string; volume: string }): { instance: Tag[]; volume: Tag[] } {
  const c = state.config;
  // run_volume_tag blocks are { name, value } (config.NameValues).
  const volumeBlocks = c.run_volume_tag.map((b) => ({ key: b.name, value: b.value }));
  return {
    instance: renderTagsOrFail(state, tagEntries(c.run_tags, c.run_tag), what.instance),
    volume: renderTagsOrFail(state, tagEntries(c.run_volume_tags, volumeBlocks), what.volume),
  };
}

/** waitForInstanceReadiness: Packer's messages, and on failure the state change details EC2 gives. */
export async function waitForInstanceReadiness(ec2: EC2Client, session: AwsSession, instanceId: string, ui: Ui, signal: AbortSignal): Promise<void> {
  ui.say(`Instance ID: ${instanceId}`);
  ui.say(`Waiting for instance (${instanceId}) to become ready...`);
  try {
    await waitInstanceRunning(ec2, instanceId, session.polling, signal, ui);
  } catch (e) {
    if (signal.aborted) throw e;
    const error = new Error(`Error waiting for instance (${instanceId}) to become ready: ${e instanceof Error ? e.message : String(e)}`);
    try {
      const found = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
      const instance = found.Reservations?.[0]?.Instances?.[0];
      if (instance?.StateTransitionReason && instance.StateReason?.Message) {
        ui.error(`Instance state change details: ${instance.StateTransitionReason}: ${instance.StateReason.Message}`);
      }
    } catch {
      // the details are a bonus
    }
    throw error;
  }
}

/** The running instance as described after the wait (retried while EC2 does not know the id yet). */
export async function describeLaunched(ec2: EC2Client, instanceId: string, signal: AbortSignal): Promise<Instance> {
  let instance: Instance | undefined;
  try {
    const found = await retry(() => ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }), { abortSignal: signal }), {
      tries: 11,
      initialMs: 200,
      maxMs: 30_000,
      shouldRetry: (e: unknown) => awsErrorCode(e) === 'InvalidInstanceID.NotFound',
      signal,
    });
    instance = found.Reservations?.[0]?.Instances?.[0];
  } catch (e) {
    if (signal.aborted) throw e;
  }
  if (instance === undefined) throw new Error('Error finding source instance.');
  return instance;
}

/** -debug: the instance's addresses. */
export function sayDebugAddresses(state: EbsState, instance: Instance, ui: Ui): void {
  if (!state.config.packer_debug) return;
  if (instance.PublicDnsName) ui.say(`Public DNS: ${instance.PublicDnsName}`);
  if (instance.PublicIpAddress) ui.say(`Public IP: ${instance.PublicIpAddress}`);
  if (instance.PrivateIpAddress) ui.say(`Private IP: ${instance.PrivateIpAddress}`);
}

/**
 * The cleanup of both launch steps: terminate the instance and wait until it is terminated ("already gone" is
 * fine). Keeps state.instance (described first if the launch did not get that far) for StepCleanupVolumes.
 */
export async function terminateSourceInstance(state: EbsState, { ui, signal }: StepContext): Promise<void> {
  const instanceId = state.instanceId;
  if (instanceId === undefined || instanceId === '') return;
  const ec2 = state.session.ec2();
  const region = state.session.region;
  if (state.instance === undefined) {
    try {
      state.instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations?.[0]?.Instances?.[0];
    } catch {
      // only StepCleanupVolumes needs it
    }
  }
  ui.say('Terminating the source AWS instance...');
  try {
    if ((await deleteResource(() => ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] })))) === 'gone') {
      state.ledger.release(region, 'instance', instanceId);
      return;
    }
  } catch (e) {
    ui.error(`Error terminating instance, may still be around: ${awsErrorText(e)}`);
    return;
  }
  try {
    await waitInstanceTerminated(ec2, instanceId, state.session.polling, signal);
    state.ledger.release(region, 'instance', instanceId);
  } catch (e) {
    ui.error(e instanceof Error ? e.message : String(e));
  }
}

/** The RunInstances request of the source instance (exported for tests and the -debug dump). */
export function runInstancesInput(state: EbsState, image: Image, userData: string, tags: { instance: Tag[]; volume: Tag[] }, ui: Ui): RunInstancesCommandInput {
  const c = state.config;
  const placement = c.placement;
  const input: RunInstancesCommandInput = {
    ImageId: image.ImageId,
    InstanceType: c.instance_type as RunInstancesCommandInput['InstanceType'],
    UserData: userData === '' ? undefined : userData,
    MinCount: 1,
    MaxCount: 1,
    IamInstanceProfile: state.iamInstanceProfile ? { Name: state.iamInstanceProfile } : undefined,
    BlockDeviceMappings: launchBlockDeviceMappings(c),
    Placement: {
      AvailabilityZone: state.availabilityZone || undefined,
      HostResourceGroupArn: placement?.host_resource_group_arn || undefined,
      HostId: placement?.host_id || undefined,
      Tenancy: ((placement?.tenancy || c.tenancy) || undefined) as 'default' | 'dedicated' | 'host' | undefined,
    },
    EbsOptimized: c.ebs_optimized,
    EnclaveOptions: { Enabled: c.enable_nitro_enclave },
    InstanceInitiatedShutdownBehavior: (c.shutdown_behavior || 'stop') as 'stop' | 'terminate',
  };
  const credits = launchCreditSpecification(c);
  if (credits) input.CreditSpecification = credits;
  const metadata = launchMetadataOptions(c);
  if (metadata) input.MetadataOptions = metadata;
  if (!isRestrictedRegion(state.session.region)) {
    input.TagSpecifications = launchTagSpecifications(tags, state.runId);
    reportTagList(tags.instance, ui);
    reportTagList(tags.volume, ui);
  }
  const keyName = state.keyName;
  if (keyName) input.KeyName = keyName;
  const subnetId = state.subnetId ?? '';
  const groups = state.securityGroupIds ?? [];
  if (subnetId !== '' && c.associate_public_ip_address !== undefined) {
    ui.say(`changing public IP address config to ${c.associate_public_ip_address} for instance on subnet "${subnetId}"`);
    input.NetworkInterfaces = [
      { DeviceIndex: 0, AssociatePublicIpAddress: c.associate_public_ip_address, SubnetId: subnetId, Groups: groups, DeleteOnTermination: true },
    ];
  } else {
    if (subnetId !== '') input.SubnetId = subnetId;
    input.SecurityGroupIds = groups;
  }
  const licenses = (c.license_specifications ?? []) as { license_configuration_request?: { license_configuration_arn?: string } }[];
  if (licenses.length > 0) {
    input.LicenseSpecifications = licenses.map((l) => ({ LicenseConfigurationArn: l.license_configuration_request?.license_configuration_arn }));
  }
  if (c.capacity_reservation_preference !== '' || c.capacity_reservation_id !== '' || c.capacity_reservation_group_arn !== '') {
    input.CapacityReservationSpecification = {
      CapacityReservationPreference: (c.capacity_reservation_preference || undefined) as 'open' | 'none' | undefined,
      CapacityReservationTarget:
        c.capacity_reservation_id !== '' || c.capacity_reservation_group_arn !== ''
          ? { CapacityReservationId: c.capacity_reservation_id || undefined, CapacityReservationResourceGroupArn: c.capacity_reservation_group_arn || undefined }
          : undefined,
    };
  }
  return input;
}

export const stepRunSourceInstance: Step<EbsState> = {
  name: 'StepRunSourceInstance',
  async run(state, { ui, signal }) {
    const ec2 = state.session.ec2();
    const region = state.session.region;
    const userData = loadUserData(state.config.user_data, state.config.user_data_file);
    ui.say('Launching a source AWS instance...');
    const image = ebsSourceImage(state);
    const tags = launchTags(state, { instance: 'Error tagging source instance', volume: 'Error tagging volumes' });
    const input = runInstancesInput(state, image, userData, tags, ui);

    let instanceId: string;
    try {
      // Not aborted mid-request: once sent, the instance may exist, and only a known id can be terminated.
      const launched = await retry(() => ec2.send(new RunInstancesCommand(input)), {
        tries: 11,
        initialMs: 200,
        maxMs: 30_000,
        shouldRetry: (e: unknown) => awsErrorCode(e) === 'InvalidParameterValue' && awsErrorText(e).includes('iamInstanceProfile'),
        signal,
      });
      instanceId = launched.Instances?.[0]?.InstanceId ?? '';
    } catch (e) {
      if (signal.aborted) throw e;
      if (awsErrorCode(e) === 'VPCIdNotSpecified' && (state.subnetId ?? '') === '') {
        throw new Error('Error launching source instance: a valid Subnet Id was not specified');
      }
      throw new Error(`Error launching source instance: ${awsErrorText(e)}`);
    }
    state.instanceId = instanceId;
    state.ledger.record(region, 'instance', instanceId);

    await waitForInstanceReadiness(ec2, state.session, instanceId, ui, signal);
    const instance = await describeLaunched(ec2, instanceId, signal);
    sayDebugAddresses(state, instance, ui);
    state.instance = instance;

    if (isRestrictedRegion(region) && tags.instance.length > 0) {
      reportTagList(tags.instance, ui);
      try {
        await retry(() => ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: tags.instance }), { abortSignal: signal }), {
          tries: 11,
          initialMs: 200,
          maxMs: 30_000,
          shouldRetry: (e: unknown) => awsErrorCode(e) === 'InvalidInstanceID.NotFound',
          signal,
        });
      } catch (e) {
        if (signal.aborted) throw e;
        throw new Error(`Error tagging source instance: ${awsErrorText(e)}`);
      }
    }
    return 'continue';
  },

  cleanup: terminateSourceInstance,
};
