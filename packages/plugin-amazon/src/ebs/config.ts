// The amazon-ebs builder's configuration (Packer's ebs.Config: PackerConfig + AccessConfig + AMIConfig +
// RunConfig + the ebs-only options), declared once: core decodes HCL against it, prepare.ts validates it and
// fills Packer's defaults. Reference: amazon-ebs.md §4.
import { attr, block, communicatorSpec, packerCoreSpec, type AttrSpec, type ConfigOf, type ConfigSpec } from '@tspacker/sdk';
import { accessSpec } from '../access/config.js';
import { amiFilterSpec } from '../common/ami-filter-spec.js';
import { blockDeviceSpec, optionalInt } from '../common/block-devices.js';

/** Options Packer renders late, with the build's data (`{{ .SourceAMI }}`, `{{ .BuildRegion }}`, ...). */
const late = { interpolate: false } as const;

/** A tag map option: rendered late, with build data. */
const tagMap = (doc: string) => attr.map(attr.string(), { ...late, doc });

/**
 * A tag map whose presence matters (Packer tests the map against nil: `spot_tags = {}` without a spot price is an
 * error): `undefined` when neither the map nor its blocks are given.
 */
const optionalTagMap = (doc: string): AttrSpec<Record<string, string> | undefined> => ({
  kind: 'attr',
  value: { kind: 'map', element: { kind: 'string' } },
  unsetIsUndefined: true,
  ...late,
  doc,
});

/** A repeatable `NAME { key = "..." value = "..." }` block (config.KeyValues), merged into its map by prepare. */
const keyValueBlocks = (doc: string) =>
  block.list({ key: attr.string(late), value: attr.string(late) }, { doc });

/** A repeatable `NAME { name = "..." value = "..." }` block (config.NameValues). */
const nameValueBlocks = (doc: string, options = {}) =>
  block.list({ name: attr.string(options), value: attr.string(options) }, { doc });

/** config.NameValueFilter: a `filters` map and repeatable `filter { name value }` blocks. */
const nameValueFilterSpec = {
  filters: attr.map(attr.string(), { doc: 'Describe* filters by name; values are comma separated.' }),
  filter: nameValueBlocks('A filter as a block (merged into `filters`).'),
} satisfies ConfigSpec;

export const metadataOptionsSpec = {
  http_endpoint: attr.string({ doc: '`enabled` (default) or `disabled`: the instance metadata service.' }),
  http_tokens: attr.string({ doc: '`optional` (default) or `required` (IMDSv2 only).' }),
  http_put_response_hop_limit: attr.int({ doc: 'Hop limit of metadata PUT responses, 1–64; default 1.' }),
  instance_metadata_tags: attr.string({ doc: '`disabled` (default) or `enabled`: instance tags in the metadata.' }),
} satisfies ConfigSpec;

export const subnetFilterSpec = {
  ...nameValueFilterSpec,
  most_free: attr.bool({ doc: 'Of several matching subnets, take the one with the most free addresses.' }),
  random: attr.bool({ doc: 'Of several matching subnets, take one at random.' }),
} satisfies ConfigSpec;

export const placementSpec = {
  host_resource_group_arn: attr.string({ doc: 'The host resource group to launch in (tenancy `host`).' }),
  host_id: attr.string({ doc: 'The dedicated host to launch on (tenancy `host`).' }),
  tenancy: attr.string({ doc: '`default`, `dedicated` or `host`.' }),
} satisfies ConfigSpec;

export const policyDocumentSpec = {
  Version: attr.string(),
  Statement: block.list({ Effect: attr.string(), Action: attr.list(attr.string()), Resource: attr.list(attr.string()) }),
} satisfies ConfigSpec;

const fastLaunchTemplateSpec = {
  enable_fast_launch: attr.trilean(),
  region: attr.string(),
  template_id: attr.string(),
  template_name: attr.string(),
  template_version: attr.int(),
} satisfies ConfigSpec;

export const fastLaunchSpec = {
  enable_fast_launch: attr.bool({ doc: 'Pre-provision snapshots for faster Windows launches.' }),
  template_id: attr.string(),
  template_name: attr.string(),
  template_version: attr.int(),
  region_launch_templates: block.list(fastLaunchTemplateSpec),
  max_parallel_launches: attr.int(),
  target_resource_count: attr.int(),
} satisfies ConfigSpec;

/** AMIConfig (+ SnapshotConfig) and the ebs-only AMI options. */
const amiSpec = {
  ami_name: attr.string({
    doc: 'The name of the resulting AMI: 3–128 characters among letters, digits and `()[] ./-\'@_` (see `clean_resource_name`). Required.',
  }),
  ami_description: attr.string({ ...late, doc: 'The description of the AMI; may use build data (`{{ .SourceAMI }}`).' }),
  ami_virtualization_type: attr.string({ doc: '`paravirtual` or `hvm`; only for the ENA / SR-IOV check.' }),
  ami_users: attr.list(attr.string(), { doc: 'Account ids allowed to launch the AMI.' }),
  ami_groups: attr.list(attr.string(), { doc: 'Groups allowed to launch the AMI (`all` makes it public).' }),
  ami_org_arns: attr.list(attr.string(), { doc: 'Organization ARNs allowed to launch the AMI.' }),
  ami_ou_arns: attr.list(attr.string(), { doc: 'Organizational unit ARNs allowed to launch the AMI.' }),
  ami_product_codes: attr.list(attr.string(), { doc: 'Product codes to associate with the AMI.' }),
  ami_regions: attr.list(attr.string(), { doc: 'Regions to copy the AMI to (duplicates and the build region are dropped).' }),
  skip_region_validation: attr.bool({ doc: 'Do not check `region` / `ami_regions` against DescribeRegions.' }),
  snapshot_copy_duration_minutes: optionalInt('Time-based copy: minutes to complete the copy in, a multiple of 15.'),
  tags: tagMap('Tags for the AMI and its snapshots; may use build data.'),
  tag: keyValueBlocks('An AMI tag as a block (merged into `tags`).'),
  ena_support: attr.trilean({ doc: 'Enable ENA on the AMI (HVM only); unset keeps the source\'s.' }),
  sriov_support: attr.bool({ doc: 'Enable enhanced networking (SR-IOV) on the AMI (HVM only).' }),
  force_deregister: attr.bool({ doc: 'Deregister an existing AMI of the same name first (also `-force`).' }),
  force_delete_snapshot: attr.bool({ doc: 'With `force_deregister`, also delete the old AMI\'s snapshots.' }),
  encrypt_boot: attr.trilean({ doc: 'Encrypt the AMI\'s boot volume; unset keeps the source\'s encryption.' }),
  kms_key_id: attr.string({ doc: 'The KMS key to encrypt the boot volume with (needs `encrypt_boot`).' }),
  region_kms_key_ids: attr.map(attr.string(), { doc: 'KMS keys by region for the copies (every `ami_regions` region).' }),
  skip_save_build_region: attr.bool({ doc: 'Keep the AMI only in `ami_regions`, not in the build region.' }),
  imds_support: attr.string({ doc: '`v2.0` to require IMDSv2 for instances of the AMI.' }),
  deprecate_at: attr.string({ doc: 'When the AMI is deprecated, RFC 3339 (`2026-01-02T15:04:05Z`).' }),
  snapshot_tags: tagMap('Tags for the snapshots only; may use build data.'),
  snapshot_tag: keyValueBlocks('A snapshot tag as a block (merged into `snapshot_tags`).'),
  snapshot_users: attr.list(attr.string(), { doc: 'Account ids allowed to create volumes from the snapshots.' }),
  snapshot_groups: attr.list(attr.string(), { doc: 'Groups allowed to create volumes from the snapshots.' }),
  deregistration_protection: block.single(
    {
      enabled: attr.bool({ doc: 'Protect the AMI against deregistration.' }),
      with_cooldown: attr.bool({ doc: 'Keep it protected 24 h after protection is removed (implies `enabled`).' }),
    },
    { doc: 'Deregistration protection of the AMI.' },
  ),
  skip_create_ami: attr.bool({ doc: 'Build and provision, but create no AMI (test mode).' }),
  skip_ami_run_tags: attr.bool({ doc: 'Do not copy `run_tags` to the AMI and its snapshots.' }),
  ami_block_device_mappings: block.list(blockDeviceSpec, { doc: 'Block devices recorded in the AMI.' }),
  launch_block_device_mappings: block.list(blockDeviceSpec, { doc: 'Block devices of the build instance.' }),
  run_volume_tags: tagMap('Tags for the build instance\'s volumes; may use build data.'),
  run_volume_tag: nameValueBlocks('A volume tag as a block (`name`, `value`; merged into `run_volume_tags`).', late),
  no_ephemeral: attr.bool({ doc: 'Windows: map xvdca–xvdcz to no device so ephemeral drives do not show.' }),
  fast_launch: block.single(fastLaunchSpec, { doc: 'Windows fast launch.' }),
} satisfies ConfigSpec;

/** RunConfig: the build instance. */
const runSpec = {
  associate_public_ip_address: attr.trilean({ doc: 'Give the instance a public IP; unset keeps the subnet\'s setting.' }),
  availability_zone: attr.string({ doc: 'The availability zone to launch in.' }),
  block_duration_minutes: attr.int({ doc: 'Spot block duration, a multiple of 60.' }),
  capacity_reservation_preference: attr.string({ doc: '`none` (default) or `open`.' }),
  capacity_reservation_id: attr.string({ doc: 'A capacity reservation to launch in.' }),
  capacity_reservation_group_arn: attr.string({ doc: 'A capacity reservation group to launch in.' }),
  disable_stop_instance: attr.bool({ doc: 'Do not stop the instance before creating the AMI (a provisioner does).' }),
  ebs_optimized: attr.bool({ doc: 'Launch EBS-optimized.' }),
  enable_nitro_enclave: attr.bool({ doc: 'Enable Nitro Enclaves (not with spot, not t* types).' }),
  enable_t2_unlimited: attr.bool({ doc: 'Deprecated: use `enable_unlimited_credits`.' }),
  enable_unlimited_credits: attr.bool({ doc: 'Unlimited CPU credits (t2, t3, t3a, t4g only).' }),
  iam_instance_profile: attr.string({ doc: 'The instance profile to launch with.' }),
  fleet_tags: optionalTagMap('Tags for the spot fleet request; may use build data.'),
  fleet_tag: keyValueBlocks('A fleet tag as a block (merged into `fleet_tags`).'),
  skip_profile_validation: attr.bool({ doc: 'Do not check that `iam_instance_profile` exists.' }),
  temporary_iam_instance_profile_policy_document: block.single(policyDocumentSpec, {
    doc: 'Create a temporary role and instance profile with this policy.',
  }),
  shutdown_behavior: attr.string({ doc: '`stop` (default) or `terminate`.' }),
  instance_type: attr.string({ doc: 'The instance type, e.g. `t3.micro`; required unless `spot_instance_types`.' }),
  security_group_filter: block.single(nameValueFilterSpec, { doc: 'Find the security groups by filters.' }),
  run_tags: tagMap('Tags for the build instance and the temporary resources; may use build data.'),
  run_tag: keyValueBlocks('A run tag as a block (merged into `run_tags`).'),
  security_group_id: attr.string({ doc: 'An existing security group (instead of a temporary one).' }),
  security_group_ids: attr.list(attr.string(), { doc: 'Existing security groups (instead of a temporary one).' }),
  source_ami: attr.string({ doc: 'The image to start from.' }),
  source_ami_filter: block.single(amiFilterSpec, { doc: 'Find the image to start from; `owners` is required.' }),
  spot_allocation_strategy: attr.string({
    doc: '`lowest-price`, `diversified`, `capacity-optimized` or `capacity-optimized-prioritized`.',
  }),
  spot_instance_types: attr.list(attr.string(), { doc: 'Instance types for a spot fleet (instead of `instance_type`).' }),
  spot_price: attr.string({ doc: '`auto` or a maximum hourly price for a spot instance; empty or `0`: on-demand.' }),
  spot_price_auto_product: attr.string({ doc: 'Deprecated, ignored.' }),
  spot_tags: optionalTagMap('Tags for the spot request; may use build data.'),
  spot_tag: keyValueBlocks('A spot tag as a block (merged into `spot_tags`).'),
  subnet_filter: block.single(subnetFilterSpec, { doc: 'Find the subnet by filters.' }),
  subnet_id: attr.string({ doc: 'The subnet to launch in.' }),
  license_specifications: block.list(
    { license_configuration_request: block.single({ license_configuration_arn: attr.string() }) },
    { doc: 'License configurations for the instance.' },
  ),
  placement: block.single(placementSpec, { doc: 'Where to place the instance (tenancy, dedicated host).' }),
  tenancy: attr.string({ doc: 'Deprecated: use `placement { tenancy }`.' }),
  temporary_security_group_source_cidrs: attr.list(attr.string(), {
    doc: 'CIDRs allowed in the temporary security group; default `0.0.0.0/0` (`::/0` with `ssh_interface = "ipv6"`).',
  }),
  temporary_security_group_source_public_ip: attr.bool({
    doc: 'Allow only this machine\'s public IP (asks checkip.amazonaws.com).',
  }),
  user_data: attr.string({ doc: 'User data for the instance (not with `user_data_file`).' }),
  user_data_file: attr.string({ doc: 'A file holding the user data (not with `user_data`).' }),
  vpc_filter: block.single(nameValueFilterSpec, { doc: 'Find the VPC by filters (exactly one must match).' }),
  vpc_id: attr.string({ doc: 'The VPC to launch in.' }),
  windows_password_timeout: attr.duration({ default: '20m', doc: 'How long to wait for the Windows password.' }),
  metadata_options: block.single(metadataOptionsSpec, { doc: 'The instance metadata service options.' }),
  ssh_interface: attr.string({
    doc: 'How to reach the instance: `public_ip`, `private_ip`, `public_dns`, `private_dns`, `ipv6` or `session_manager`.',
  }),
  pause_before_ssm: attr.duration({ doc: 'Wait this long before opening the Session Manager tunnel.' }),
  session_manager_port: attr.int({ doc: 'The local port of the Session Manager tunnel.' }),
} satisfies ConfigSpec;

export const ebsSpec = {
  ...packerCoreSpec,
  ...accessSpec,
  ...amiSpec,
  ...runSpec,
  ...communicatorSpec,
} satisfies ConfigSpec;

export type EbsConfig = ConfigOf<typeof ebsSpec>;
export type MetadataOptions = ConfigOf<typeof metadataOptionsSpec>;
