// amazon-ebs Prepare (Packer's ebs Builder.Prepare): Packer's defaults filled into the configuration, and every
// check Packer makes before anything is created, in its order and words (AccessConfig, AMIConfig, the two block
// device lists, RunConfig, fast launch, then the builder's own checks), aggregated as one MultiError.
// Instance types are not checked here: Packer leaves that to RunInstances (InvalidParameterValue at run time).
import { existsSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import {
  applyCoreInfo,
  goQuote,
  prepareCommunicator,
  resultOf,
  timeOrderedUUID,
  type CoreInfo,
  type PrepareResult,
} from '@tspacker/sdk';
import { prepareAccess } from '../access/prepare-access.js';
import { amiFilterHasNoOwner, amiFilterIsEmpty } from '../common/ami-filter-spec.js';
import { amiNameErrors } from '../common/ami-name.js';
import { blockDevicesErrors } from '../common/block-devices.js';
import type { EbsConfig } from './config.js';

/** The build data amazon-ebs adds to `build.*` and `{{ build `X` }}` (GetGeneratedDataList). */
export const EBS_GENERATED_DATA = [
  'SourceAMIName',
  'BuildRegion',
  'SourceAMI',
  'SourceAMICreationDate',
  'SourceAMIOwner',
  'SourceAMIOwnerName',
] as const;

const MINUTE = 60_000;

/** Values of EC2's SpotAllocationStrategy. */
const SPOT_ALLOCATION_STRATEGIES = [
  'lowest-price',
  'diversified',
  'capacity-optimized',
  'capacity-optimized-prioritized',
  'price-capacity-optimized',
];

const SSH_INTERFACES = ['public_ip', 'private_ip', 'public_dns', 'private_dns', 'ipv6', 'session_manager', ''];

type TagBlock = { value: string; key?: string; name?: string };

/** `{ key, value }` / `{ name, value }` blocks merged over a tag map (config.KeyValues.CopyOn). */
function copyOn(blocks: readonly TagBlock[], to: Record<string, string>): void {
  for (const b of blocks) to[b.key ?? b.name ?? ''] = b.value;
}

/** copyOn for a map that may be unset: blocks create it, as CopyOn does for a nil map. */
function copyOnOptional(blocks: readonly TagBlock[], to: Record<string, string> | undefined): Record<string, string> | undefined {
  if (blocks.length === 0) return to;
  const map = to ?? {};
  copyOn(blocks, map);
  return map;
}

/**
 * Builder.Prepare: fills Packer's defaults into `c` (the steps read them: metadata_options, shutdown_behavior,
 * temporary_key_pair_name, merged tag maps, ...) and returns every error as one MultiError, plus the warnings.
 */
export function prepareEbs(c: EbsConfig, core: CoreInfo): PrepareResult & { generatedVars: readonly string[] } {
  applyCoreInfo(c, core);
  if (c.packer_force) c.force_deregister = true;

  const errors: string[] = [];
  const warnings: string[] = [];

  copyOn(c.run_volume_tag, c.run_volume_tags);
  errors.push(...prepareAccess(c));
  // validate accepts the template (as Packer does); the build refuses it before creating anything (run.ts).
  warnings.push(...iamPrepareErrors(c));
  errors.push(...prepareAmi(c));
  errors.push(...blockDevicesErrors(c.ami_block_device_mappings));
  errors.push(...blockDevicesErrors(c.launch_block_device_mappings));
  errors.push(...prepareRun(c));
  errors.push(...prepareFastLaunch(c));

  if (isSpotInstance(c) && (c.ena_support === true || c.sriov_support)) {
    errors.push(
      'Spot instances do not support modification, which is required when either `ena_support` or ' +
        '`sriov_support` are set. Please ensure you use an AMI that already has either SR-IOV or ENA enabled.',
    );
  }
  if (c.spot_price_auto_product !== '') {
    warnings.push(
      'spot_price_auto_product is deprecated and no longer necessary for Packer builds. In future versions of ' +
        'Packer, inclusion of spot_price_auto_product will error your builds. Please take a look at our current ' +
        'documentation to understand how Packer requests Spot instances.',
    );
  }
  if (c.enable_t2_unlimited) {
    warnings.push(
      'enable_t2_unlimited is deprecated please use enable_unlimited_credits. In future versions of Packer, ' +
        'inclusion of enable_t2_unlimited will error your builds.',
    );
  }
  // Packer's LogSecretFilter.Set(AccessKey, SecretKey, Token): never shown again.
  const sensitiveValues = [c.access_key, c.secret_key, c.token].filter((v) => v !== '');
  return { ...resultOf(errors, warnings), generatedVars: EBS_GENERATED_DATA, sensitiveValues };
}

/** RunConfig.IsSpotInstance. */
export function isSpotInstance(c: Pick<EbsConfig, 'spot_price'>): boolean {
  return c.spot_price !== '' && c.spot_price !== '0';
}

/** RunConfig.IsBurstableInstanceType: t2, t3, t3a, t4g (Packer's pattern as is, `:?` included). */
export function isBurstableInstanceType(instanceType: string): boolean {
  return /^t(:?2|3a?|4g)\./.test(instanceType);
}

// ---- AMIConfig.Prepare -------------------------------------------------------------------------------------

function prepareAmi(c: EbsConfig): string[] {
  const errors: string[] = [];
  copyOn(c.snapshot_tag, c.snapshot_tags);
  copyOn(c.tag, c.tags);

  if (c.ami_name === '') errors.push('ami_name must be specified');

  const regionKeys = c.region_kms_key_ids;
  const hasRegionKeys = Object.keys(regionKeys).length > 0;
  for (const region of Object.keys(regionKeys)) {
    if (!c.ami_regions.includes(region)) errors.push(`Region ${region} is in region_kms_key_ids but not in ami_regions`);
  }
  errors.push(...prepareAmiRegions(c));

  const sharedWithOthers = c.ami_users.length > 0 || c.ami_org_arns.length > 0 || c.ami_ou_arns.length > 0;
  if (sharedWithOthers) {
    if (c.kms_key_id === '' && !hasRegionKeys && c.encrypt_boot === true) {
      errors.push('Cannot share AMI encrypted with default KMS key');
    }
    for (const key of Object.values(regionKeys)) {
      if (key === '') errors.push('Cannot share AMI encrypted with default KMS key for other regions');
    }
  }

  const kmsKeys = [c.kms_key_id, ...Object.values(regionKeys)].filter((k) => k !== '');
  if (kmsKeys.length > 0 && c.encrypt_boot !== true) {
    errors.push('If you have set either region_kms_key_ids or kms_key_id, encrypt_boot must also be true.');
  }
  for (const key of kmsKeys) {
    if (!isValidKmsKey(key)) errors.push(`${goQuote(key)} is not a valid KMS Key Id.`);
  }

  if (c.snapshot_users.length > 0) {
    if (c.kms_key_id === '' && !hasRegionKeys && c.encrypt_boot === true) {
      errors.push(
        'Cannot share snapshot encrypted with default KMS key, see ' +
          'https://www.packer.io/docs/builders/amazon-ebs#region_kms_key_ids for more information',
      );
    }
    for (const key of Object.values(regionKeys)) {
      if (key === '') errors.push('Cannot share snapshot encrypted with default KMS key');
    }
  }

  errors.push(...amiNameErrors(c.ami_name));

  if (c.imds_support !== '' && c.imds_support !== 'v2.0') {
    errors.push('The only valid imds_support values are "v2.0" or the empty string');
  }
  if (c.deprecate_at !== '' && !isRfc3339(c.deprecate_at)) {
    errors.push(
      `deprecate_at is not a valid time: ${goQuote(c.deprecate_at)}. Expect time format: YYYY-MM-DDTHH:MM:SSZ`,
    );
  }
  if (c.deregistration_protection?.with_cooldown) c.deregistration_protection.enabled = true;
  return errors;
}

/** prepareRegions: drops duplicates and the build region from ami_regions; each needs a key when keys are given. */
function prepareAmiRegions(c: EbsConfig): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  const regions: string[] = [];
  const hasRegionKeys = Object.keys(c.region_kms_key_ids).length > 0;
  for (const region of c.ami_regions) {
    if (seen.has(region)) continue;
    seen.add(region);
    if (hasRegionKeys && !(region in c.region_kms_key_ids)) {
      errors.push(`Region ${region} is in ami_regions but not in region_kms_key_ids`);
    }
    // The AMI is built there already: no copy to itself.
    if (region === c.region) continue;
    regions.push(region);
  }
  c.ami_regions = regions;
  return errors;
}

const kmsKeyId = '[a-f0-9]+[a-f0-9-]+$';
const mrkKeyId = 'mrk-[a-f0-9]+[a-f0-9-]+$';
const kmsAlias = 'alias/[a-zA-Z0-9:/_-]+$';
const kmsArnStart = '^arn:aws(-[a-z]{2}(-gov)?)?:kms:([a-z]{2}-(gov-)?[a-z]+-\\d{1})?:(\\d{12}):';
const KMS_KEY_PATTERNS = [
  `^${kmsKeyId}`,
  `^${mrkKeyId}`,
  `^${kmsAlias}`,
  `${kmsArnStart}key/${kmsKeyId}`,
  `${kmsArnStart}key/${mrkKeyId}`,
  `${kmsArnStart}${kmsAlias}`,
].map((p) => new RegExp(p));

/** ValidateKmsKey: a key id, a multi-region key id, an alias, or the ARN of one (CopyImage's formats). */
export function isValidKmsKey(key: string): boolean {
  return KMS_KEY_PATTERNS.some((p) => p.test(key));
}

/** Go's time.Parse(time.RFC3339, s): `2006-01-02T15:04:05Z07:00`, optional fraction, `Z` or a `±hh:mm` offset. */
export function isRfc3339(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

// ---- RunConfig.Prepare -------------------------------------------------------------------------------------

function prepareRun(c: EbsConfig): string[] {
  // Without a key pair, a key file or a password, the build creates a temporary key pair.
  if (c.ssh_keypair_name === '' && c.temporary_key_pair_name === '' && c.ssh_private_key_file === '' && c.ssh_password === '') {
    c.temporary_key_pair_name = `packer_${timeOrderedUUID()}`;
  }
  if (c.temporary_key_pair_type === '') c.temporary_key_pair_type = 'rsa';
  if (c.windows_password_timeout === 0) c.windows_password_timeout = 20 * MINUTE;
  if (c.enable_t2_unlimited && !c.enable_unlimited_credits) c.enable_unlimited_credits = true;

  const errors = prepareCommunicator(c);

  const metadata = (c.metadata_options ??= {
    http_endpoint: '',
    http_tokens: '',
    http_put_response_hop_limit: 0,
    instance_metadata_tags: '',
  });
  if (metadata.http_endpoint === '') metadata.http_endpoint = 'enabled';
  if (metadata.http_tokens === '') metadata.http_tokens = 'optional';
  if (metadata.http_put_response_hop_limit === 0) metadata.http_put_response_hop_limit = 1;
  if (metadata.instance_metadata_tags === '') metadata.instance_metadata_tags = 'disabled';

  if (c.temporary_key_pair_type !== 'rsa' && c.temporary_key_pair_type !== 'ed25519') {
    errors.push('temporary_key_pair_type requires either rsa or ed25519 as its value');
  }
  if (metadata.http_endpoint !== 'enabled' && metadata.http_endpoint !== 'disabled') {
    errors.push('http_endpoint requires either disabled or enabled as its value');
  }
  if (metadata.http_tokens !== 'optional' && metadata.http_tokens !== 'required') {
    errors.push('http_tokens requires either optional or required as its value');
  }
  if (metadata.http_put_response_hop_limit < 1 || metadata.http_put_response_hop_limit > 64) {
    errors.push('http_put_response_hop_limit requires a number between 1 and 64');
  }
  if (metadata.instance_metadata_tags !== 'enabled' && metadata.instance_metadata_tags !== 'disabled') {
    errors.push('instance_metadata_tags requires either disabled or enabled as its value');
  }

  copyOn(c.run_tag, c.run_tags);
  c.spot_tags = copyOnOptional(c.spot_tag, c.spot_tags);
  c.fleet_tags = copyOnOptional(c.fleet_tag, c.fleet_tags);
  for (const filter of [c.security_group_filter, c.subnet_filter, c.vpc_filter]) {
    if (filter) copyOn(filter.filter, filter.filters);
  }

  if (!SSH_INTERFACES.includes(c.ssh_interface)) errors.push(`Unknown interface type: ${c.ssh_interface}`);
  if (c.ssh_interface === 'session_manager') {
    if (c.communicator === 'winrm') {
      errors.push('session_manager connectivity is not supported with the "winrm" communicator; please use "ssh"');
    }
    if (c.iam_instance_profile === '' && c.temporary_iam_instance_profile_policy_document === undefined) {
      errors.push(
        'no iam_instance_profile defined; session_manager connectivity requires a valid instance profile with ' +
          'AmazonSSMManagedInstanceCore permissions. Alternatively a temporary_iam_instance_profile_policy_document can be used.',
      );
    }
  }

  if (c.ssh_keypair_name !== '') {
    if (c.communicator === 'winrm' && c.winrm_password === '' && c.ssh_private_key_file === '') {
      errors.push('ssh_private_key_file must be provided to retrieve the winrm password when using ssh_keypair_name.');
    } else if (c.ssh_private_key_file === '' && !c.ssh_agent_auth) {
      errors.push('ssh_private_key_file must be provided or ssh_agent_auth enabled when ssh_keypair_name is specified.');
    }
  }

  if (c.source_ami === '' && amiFilterIsEmpty(c.source_ami_filter)) {
    errors.push('A source_ami or source_ami_filter must be specified');
  }
  if (c.source_ami === '' && amiFilterHasNoOwner(c.source_ami_filter)) {
    errors.push('For security reasons, your source AMI filter must declare an owner.');
  }

  if (c.instance_type === '' && c.spot_instance_types.length === 0) {
    errors.push('either instance_type or spot_instance_types must be specified');
  }
  if (c.instance_type !== '' && c.spot_instance_types.length > 0) {
    errors.push('either instance_type or spot_instance_types must be specified, not both');
  }

  // Set at all (even `{}`), as an attribute or by a block.
  const onDemand = c.spot_price === '' || c.spot_price === '0';
  if (c.fleet_tags !== undefined && onDemand) {
    errors.push('fleet_tags should not be set when not requesting a spot instance');
  }
  if (c.block_duration_minutes % 60 !== 0) errors.push('block_duration_minutes must be multiple of 60');
  if (c.spot_tags !== undefined && onDemand) {
    errors.push('spot_tags should not be set when not requesting a spot instance');
  }
  if (c.spot_allocation_strategy !== '' && !SPOT_ALLOCATION_STRATEGIES.includes(c.spot_allocation_strategy)) {
    errors.push(
      `invalid spot allocation strategy ${goQuote(c.spot_allocation_strategy)}, valid values are either ` +
        'lowest-price, diversified,capacity-optimized, capacity-optimized-prioritized, price-capacity-optimized',
    );
  }

  if (c.user_data !== '' && c.user_data_file !== '') {
    errors.push('Only one of user_data or user_data_file can be specified.');
  } else if (c.user_data_file !== '' && !existsSync(c.user_data_file)) {
    errors.push(`user_data_file not found: ${c.user_data_file}`);
  }

  if (c.security_group_id !== '') {
    if (c.security_group_ids.length > 0) {
      errors.push('Only one of security_group_id or security_group_ids can be specified.');
    } else {
      c.security_group_ids = [c.security_group_id];
      c.security_group_id = '';
    }
  }

  if (c.temporary_security_group_source_cidrs.length === 0 && !c.temporary_security_group_source_public_ip) {
    c.temporary_security_group_source_cidrs = [c.ssh_interface === 'ipv6' ? '::/0' : '0.0.0.0/0'];
  } else {
    for (const cidr of c.temporary_security_group_source_cidrs) {
      if (!isCidr(cidr)) {
        errors.push(`Error parsing CIDR in temporary_security_group_source_cidrs: invalid CIDR address: ${cidr}`);
      }
    }
  }

  if (c.shutdown_behavior === '') c.shutdown_behavior = 'stop';
  else if (c.shutdown_behavior !== 'stop' && c.shutdown_behavior !== 'terminate') {
    errors.push("shutdown_behavior only accepts 'stop' or 'terminate' values.");
  }

  if (c.enable_unlimited_credits) {
    if (!isBurstableInstanceType(c.instance_type)) {
      errors.push(
        `Error: Instance Type: ${c.instance_type} is not within the supported types for Unlimited credits. ` +
          'Supported instance types are T2, T3, and T4g',
      );
    }
    if (c.spot_price !== '' && /^t2\./.test(c.instance_type)) {
      errors.push('Error: Unlimited credits cannot be used in conjunction with Spot Instances');
    }
  }

  errors.push(...prepareCapacityReservation(c));
  errors.push(...prepareTenancy(c));

  if (c.enable_nitro_enclave) {
    if (c.spot_price !== '') errors.push('Error: Nitro Enclave cannot be used in conjunction with Spot Instances');
    if (c.instance_type.startsWith('t')) {
      errors.push(`Error: Nitro Enclaves cannot be used in conjunction with burstable instance types: ${c.instance_type}`);
    }
  }
  return errors;
}

function prepareCapacityReservation(c: EbsConfig): string[] {
  const errors: string[] = [];
  const targetSet = c.capacity_reservation_id !== '' || c.capacity_reservation_group_arn !== '';
  if (c.capacity_reservation_group_arn !== '' && c.capacity_reservation_id !== '') {
    errors.push('capacity_reservation_id and capacity_reservation_group_arn are mutually exclusive, only one should be used');
  }
  if (targetSet && c.capacity_reservation_preference !== '') {
    errors.push(
      'capacity_reservation_id, capacity_reservation_group_arn and capacity_reservation_preference are mutually ' +
        'exclusive, only one should be set',
    );
  }
  if (c.capacity_reservation_preference === '' && !targetSet) c.capacity_reservation_preference = 'none';
  if (!['', 'none', 'open'].includes(c.capacity_reservation_preference)) {
    errors.push("capacity_reservation_preference only accepts 'none' or 'open' values");
  }
  return errors;
}

/** `placement { tenancy }` or the deprecated `tenancy` (not both), and Placement.Prepare. */
function prepareTenancy(c: EbsConfig): string[] {
  const errors: string[] = [];
  const placement = c.placement;
  let tenancy = '';
  for (const t of [placement?.tenancy ?? '', c.tenancy]) {
    if (t === '') continue;
    if (tenancy !== '') errors.push('Error: Please set only one of placement.tenancy and tenancy (deprecated)');
    tenancy = t;
  }
  if (tenancy !== '' && !['default', 'dedicated', 'host'].includes(tenancy)) {
    errors.push(`Error: Unknown tenancy type ${tenancy}`);
  }
  if (placement) {
    const onHost = placement.host_id !== '' || placement.host_resource_group_arn !== '';
    if (placement.host_id !== '' && placement.host_resource_group_arn !== '') {
      errors.push('The `host_id` and `host_resource_group_arn` settings cannot be specified at the same time.');
    }
    if (onHost && placement.tenancy !== '' && placement.tenancy !== 'host') {
      errors.push('The tenancy should be `host` if either the `host_id` or `host_resource_group_arn` attributes are specified.');
    }
  }
  return errors;
}

/** Go's net.ParseCIDR: an IPv4 or IPv6 address (no zone) and a decimal prefix length within its size. */
export function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const address = s.slice(0, slash);
  const prefix = s.slice(slash + 1);
  if (!/^\d+$/.test(prefix) || address.includes('%')) return false;
  const bits = isIPv4(address) ? 32 : isIPv6(address) ? 128 : 0;
  return bits > 0 && Number(prefix) <= bits;
}

// ---- FastLaunchConfig.Prepare and the builder's region check -----------------------------------------------

function prepareFastLaunch(c: EbsConfig): string[] {
  const f = c.fast_launch;
  if (f === undefined) return [];
  const isDefault =
    !f.enable_fast_launch &&
    f.max_parallel_launches === 0 &&
    f.template_id === '' &&
    f.template_name === '' &&
    f.template_version === 0 &&
    f.target_resource_count === 0 &&
    f.region_launch_templates.length === 0;
  if (isDefault) return [];
  // Any fast launch option enables it.
  f.enable_fast_launch = true;
  const errors: string[] = [];
  if (f.max_parallel_launches !== 0 && f.max_parallel_launches < 6) {
    errors.push(`max_parallel_launches must be >= 6, provided value is ${f.max_parallel_launches}`);
  }
  if (f.target_resource_count !== 0 && f.target_resource_count < 1) {
    errors.push(`target_resource_count must be >= 1, provided value is ${f.target_resource_count}`);
  }
  if (f.template_id !== '' || f.template_name !== '' || f.template_version !== 0) {
    // The top-level template is the build region's.
    f.region_launch_templates.push({
      enable_fast_launch: undefined,
      region: c.region,
      template_id: f.template_id,
      template_name: f.template_name,
      template_version: f.template_version,
    });
  }
  const seen = new Set<string>();
  for (const t of f.region_launch_templates) {
    if (seen.has(t.region)) {
      errors.push(`fast launch: launch template specified twice for region ${goQuote(t.region)}, only once is supported`);
    }
    seen.add(t.region);
    errors.push(...fastLaunchTemplateErrors(t));
  }
  for (const t of f.region_launch_templates) {
    if (t.region !== c.region && !c.ami_regions.includes(t.region)) {
      errors.push(
        `Launch template specified for enabling fast-launch on region ${goQuote(t.region)}, but the AMI won't be copied there.`,
      );
    }
  }
  return errors;
}

function fastLaunchTemplateErrors(t: NonNullable<EbsConfig['fast_launch']>['region_launch_templates'][number]): string[] {
  if (t.region === '') return ['region cannot be empty for a regional fast template config'];
  if (t.enable_fast_launch === false) return [];
  const errors: string[] = [];
  const region = goQuote(t.region);
  if (t.template_id !== '' && t.template_name !== '') {
    errors.push(`fast_launch_template_config region ${region}: both template ID and name cannot be specified at the same time`);
  }
  if (t.template_version !== 0 && t.template_version < 1) {
    errors.push(
      `fast_launch_template_config region ${region}: the launch template version must be >= 1, provided value is ${t.template_version}`,
    );
  }
  if (t.template_version !== 0 && t.template_id === '' && t.template_name === '') {
    errors.push(`fast_launch_template_config region ${region}: launch template version specified without an ID or name`);
  }
  return errors;
}

/** tspacker has no IAM client: a temporary instance profile cannot be made (StepIamInstanceProfile). */
export function iamPrepareErrors(config: { temporary_iam_instance_profile_policy_document?: unknown }): string[] {
  return config.temporary_iam_instance_profile_policy_document != null
    ? ['temporary_iam_instance_profile_policy_document is not supported by tspacker yet (it needs IAM); create the instance profile beforehand and name it in iam_instance_profile']
    : [];
}
