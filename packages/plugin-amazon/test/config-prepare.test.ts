// amazon-ebs Prepare through core (decode + prepare, as `tspacker validate` does): the current plugin's messages
// (common/*.go, builder/ebs/builder.go), including those Packer 1.6.6 lacks or words differently (see
// config-differential.test.ts for the ones compared with 1.6.6), the defaults Prepare fills in, and what the build
// steps rely on (tag blocks merged, build-data strings left for later, generated variables).
import type { EbsConfig } from '../src/ebs/config.js';
import { attrs, BASE, ebsTemplate, multiErrorItems, scratch, validateFile, type ValidateOptions } from './config-helpers.js';

const s = scratch();
afterAll(() => s.cleanup());
let n = 0;

async function validate(body: string, options: ValidateOptions = {}) {
  const file = s.write(`t${n++}.pkr.hcl`, ebsTemplate(body));
  return validateFile(file, options);
}

/** The MultiError items of the builder's error (none when valid). */
async function errorsOf(body: string): Promise<string[]> {
  const v = await validate(body);
  return v.errors.flatMap(multiErrorItems);
}

/** The prepared configuration of a valid source. */
async function configOf(body: string, options: ValidateOptions = {}): Promise<EbsConfig> {
  const v = await validate(body, options);
  expect(v.errors).toEqual([]);
  return v.builds[0]!.builderConfig as unknown as EbsConfig;
}

const block = (name: string, body: Record<string, unknown>) =>
  `  ${name} {\n${Object.entries(body)
    .map(([k, v]) => `    ${k} = ${JSON.stringify(v)}\n`)
    .join('')}  }\n`;

describe('defaults Prepare fills in', () => {
  test('a minimal source', async () => {
    const c = await configOf(attrs(BASE));
    expect(c.max_retries).toBe(10);
    expect(c.metadata_options).toEqual({
      http_endpoint: 'enabled',
      http_tokens: 'optional',
      http_put_response_hop_limit: 1,
      instance_metadata_tags: 'disabled',
    });
    expect(c.shutdown_behavior).toBe('stop');
    expect(c.capacity_reservation_preference).toBe('none');
    expect(c.temporary_security_group_source_cidrs).toEqual(['0.0.0.0/0']);
    expect(c.temporary_key_pair_type).toBe('rsa');
    expect(c.temporary_key_pair_name).toMatch(/^packer_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(c.windows_password_timeout).toBe(20 * 60_000);
    expect(c.ssh_port).toBe(22);
    expect(c.ssh_timeout).toBe(5 * 60_000);
    expect(c.communicator).toBe('ssh');
    expect(c.force_deregister).toBe(false);
    // Trileans stay unset: keep the source image's setting.
    expect(c.encrypt_boot).toBeUndefined();
    expect(c.ena_support).toBeUndefined();
    expect(c.associate_public_ip_address).toBeUndefined();
    expect(c.snapshot_copy_duration_minutes).toBeUndefined();
    // Unset, unlike `spot_tags = {}` (an error without a spot price).
    expect([c.spot_tags, c.fleet_tags]).toEqual([undefined, undefined]);
    expect([c.tags, c.run_tags, c.snapshot_tags, c.run_volume_tags]).toEqual([{}, {}, {}, {}]);
    expect(c.packer_builder_type).toBe('amazon-ebs');
    expect(c.packer_build_name).toBe('a');
  });

  test('an explicit false trilean is false, not unset', async () => {
    const c = await configOf(attrs({ ...BASE, encrypt_boot: false, associate_public_ip_address: false, ena_support: true }));
    expect([c.encrypt_boot, c.associate_public_ip_address, c.ena_support]).toEqual([false, false, true]);
  });

  test('no temporary key pair with a key pair, a key file or a password; a given temporary name is kept', async () => {
    expect((await configOf(attrs({ ...BASE, ssh_password: 'pw' }))).temporary_key_pair_name).toBe('');
    expect((await configOf(attrs({ ...BASE, ssh_keypair_name: 'k', ssh_agent_auth: true }))).temporary_key_pair_name).toBe('');
    expect((await configOf(attrs({ ...BASE, temporary_key_pair_name: 'mine' }))).temporary_key_pair_name).toBe('mine');
  });

  test('each prepare draws a new temporary key pair name', async () => {
    const a = await configOf(attrs(BASE));
    const b = await configOf(attrs(BASE));
    expect(a.temporary_key_pair_name).not.toBe(b.temporary_key_pair_name);
  });

  test('ssh_interface ipv6 opens ::/0; given CIDRs are kept', async () => {
    expect((await configOf(attrs({ ...BASE, ssh_interface: 'ipv6' }))).temporary_security_group_source_cidrs).toEqual(['::/0']);
    const cidrs = ['10.0.0.0/8', '2001:db8::/32'];
    expect((await configOf(attrs({ ...BASE, temporary_security_group_source_cidrs: cidrs }))).temporary_security_group_source_cidrs).toEqual(cidrs);
    // With the public IP option, the step finds the address: no default CIDR.
    const pub = await configOf(attrs({ ...BASE, temporary_security_group_source_public_ip: true }));
    expect(pub.temporary_security_group_source_cidrs).toEqual([]);
  });

  test('security_group_id becomes security_group_ids', async () => {
    const c = await configOf(attrs({ ...BASE, security_group_id: 'sg-1' }));
    expect([c.security_group_id, c.security_group_ids]).toEqual(['', ['sg-1']]);
  });

  test('ami_regions: duplicates and the build region are dropped, order kept', async () => {
    const c = await configOf(attrs({ ...BASE, ami_regions: ['eu-west-1', 'us-east-1', 'us-west-2', 'eu-west-1'] }));
    expect(c.ami_regions).toEqual(['eu-west-1', 'us-west-2']);
  });

  test('-force sets force_deregister', async () => {
    expect((await configOf(attrs(BASE), { force: true })).force_deregister).toBe(true);
  });

  test('enable_t2_unlimited carries over to enable_unlimited_credits, with a warning', async () => {
    const v = await validate(attrs({ ...BASE, instance_type: 't2.micro', enable_t2_unlimited: true }));
    expect(v.errors).toEqual([]);
    expect(v.warnings).toEqual([
      'enable_t2_unlimited is deprecated please use enable_unlimited_credits. In future versions of Packer, inclusion of enable_t2_unlimited will error your builds.',
    ]);
    expect((v.builds[0]!.builderConfig as unknown as EbsConfig).enable_unlimited_credits).toBe(true);
  });

  test('deregistration_protection with_cooldown implies enabled', async () => {
    const c = await configOf(attrs(BASE) + block('deregistration_protection', { with_cooldown: true }));
    expect(c.deregistration_protection).toEqual({ enabled: true, with_cooldown: true });
  });

  test('generated data names (build.*)', async () => {
    const v = await validate(attrs(BASE));
    expect(v.builds[0]!.generatedVars).toEqual(['SourceAMIName', 'BuildRegion', 'SourceAMI', 'SourceAMICreationDate', 'SourceAMIOwner', 'SourceAMIOwnerName']);
  });
});

describe('tags and late-rendered options', () => {
  test('tag blocks merge into their maps (a block wins over the map entry); build data is left for the steps', async () => {
    const c = await configOf(
      attrs({ ...BASE, tags: { a: '1', b: '{{ .SourceAMI }}' }, run_tags: { r: '{{ .BuildRegion }}' }, ami_description: 'from {{ .SourceAMIName }}' }) +
        block('tag', { key: 'a', value: '2' }) +
        block('tag', { key: 'c', value: '{{ .SourceAMITags.Name }}' }) +
        block('run_tag', { key: 'x', value: 'y' }) +
        block('snapshot_tag', { key: 's', value: 't' }) +
        block('run_volume_tag', { name: 'v', value: '{{ .SourceAMIOwner }}' }) +
        block('spot_tag', { key: 'p', value: 'q' }) +
        block('fleet_tag', { key: 'f', value: 'g' }) +
        attrs({ spot_price: 'auto' }),
    );
    expect(c.tags).toEqual({ a: '2', b: '{{ .SourceAMI }}', c: '{{ .SourceAMITags.Name }}' });
    expect(c.run_tags).toEqual({ r: '{{ .BuildRegion }}', x: 'y' });
    expect(c.snapshot_tags).toEqual({ s: 't' });
    expect(c.run_volume_tags).toEqual({ v: '{{ .SourceAMIOwner }}' });
    expect(c.spot_tags).toEqual({ p: 'q' });
    expect(c.fleet_tags).toEqual({ f: 'g' });
    expect(c.ami_description).toBe('from {{ .SourceAMIName }}');
  });

  test('other options are rendered at prepare time, with clean_resource_name', async () => {
    const c = await configOf(attrs({ ...BASE, ami_name: 'my image {{ "a:b*c,d" | clean_resource_name }} {{ build_name }}', user_data: '{{ build_type }}' }));
    expect(c.ami_name).toBe('my image a-b-c-d a');
    expect(c.user_data).toBe('amazon-ebs');
  });

  test('filter blocks merge into filters', async () => {
    const c = await configOf(
      attrs(BASE) +
        '  subnet_filter {\n    filters = { "tag:Name" = "a" }\n    filter {\n      name = "vpc-id"\n      value = "vpc-1"\n    }\n    most_free = true\n  }\n' +
        '  vpc_filter {\n    filter {\n      name = "isDefault"\n      value = "true"\n    }\n  }\n',
    );
    expect(c.subnet_filter).toMatchObject({ filters: { 'tag:Name': 'a', 'vpc-id': 'vpc-1' }, most_free: true, random: false });
    expect(c.vpc_filter?.filters).toEqual({ isDefault: 'true' });
  });
});

describe("the current plugin's messages", () => {
  const cases: [name: string, body: string, expected: string[]][] = [
    ['clean_resource_name result is a valid name', attrs({ ...BASE, ami_name: '{{ "ami: 2024/01 *nightly*" | clean_resource_name }}' }), []],
    [
      'sharing encrypted AMI and snapshots with a default key for other regions',
      attrs({ ...BASE, encrypt_boot: true, ami_regions: ['eu-west-1'], region_kms_key_ids: { 'eu-west-1': '' }, ami_users: ['1'], snapshot_users: ['1'] }),
      ['Cannot share AMI encrypted with default KMS key for other regions', 'Cannot share snapshot encrypted with default KMS key'],
    ],
    [
      'sharing with an organization counts as sharing',
      attrs({ ...BASE, encrypt_boot: true, ami_org_arns: ['arn:aws:organizations::1:organization/o-1'] }),
      ['Cannot share AMI encrypted with default KMS key'],
    ],
    [
      'KMS key formats',
      attrs({
        ...BASE,
        encrypt_boot: true,
        kms_key_id: 'arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd',
        ami_regions: ['eu-west-1', 'us-west-2', 'ap-south-1'],
        region_kms_key_ids: { 'eu-west-1': '1234abcd-12ab-34cd-56ef-1234567890ab', 'us-west-2': 'alias/my/key_1', 'ap-south-1': 'KEY' },
      }),
      ['"KEY" is not a valid KMS Key Id.'],
    ],
    ['imds_support', attrs({ ...BASE, imds_support: 'v1.0' }), ['The only valid imds_support values are "v2.0" or the empty string']],
    ['imds_support v2.0', attrs({ ...BASE, imds_support: 'v2.0' }), []],
    [
      'deprecate_at not RFC 3339',
      attrs({ ...BASE, deprecate_at: '2026-13-01T00:00:00Z' }),
      ['deprecate_at is not a valid time: "2026-13-01T00:00:00Z". Expect time format: YYYY-MM-DDTHH:MM:SSZ'],
    ],
    ['deprecate_at with an offset and a fraction', attrs({ ...BASE, deprecate_at: '2026-02-28T23:59:59.5+01:00' }), []],
    ['temporary_key_pair_type', attrs({ ...BASE, temporary_key_pair_type: 'dsa' }), ['temporary_key_pair_type requires either rsa or ed25519 as its value']],
    [
      'metadata_options values',
      attrs(BASE) + block('metadata_options', { http_endpoint: 'on', http_tokens: 'maybe', http_put_response_hop_limit: 65, instance_metadata_tags: 'yes' }),
      [
        'http_endpoint requires either disabled or enabled as its value',
        'http_tokens requires either optional or required as its value',
        'http_put_response_hop_limit requires a number between 1 and 64',
        'instance_metadata_tags requires either disabled or enabled as its value',
      ],
    ],
    ['metadata_options valid', attrs(BASE) + block('metadata_options', { http_tokens: 'required', http_put_response_hop_limit: 64 }), []],
    [
      'session_manager with winrm and no profile',
      attrs({ ...BASE, ssh_interface: 'session_manager', communicator: 'winrm', winrm_username: 'Administrator' }),
      [
        'session_manager connectivity is not supported with the "winrm" communicator; please use "ssh"',
        'no iam_instance_profile defined; session_manager connectivity requires a valid instance profile with AmazonSSMManagedInstanceCore permissions. Alternatively a temporary_iam_instance_profile_policy_document can be used.',
      ],
    ],
    ['session_manager with a profile', attrs({ ...BASE, ssh_interface: 'session_manager', iam_instance_profile: 'ssm' }), []],
    [
      'ssh_keypair_name with winrm and no way to get the password',
      attrs({ ...BASE, communicator: 'winrm', winrm_username: 'Administrator', ssh_keypair_name: 'k' }),
      ['ssh_private_key_file must be provided to retrieve the winrm password when using ssh_keypair_name.'],
    ],
    ['fleet_tags without a spot price', attrs({ ...BASE, fleet_tags: { a: 'b' } }), ['fleet_tags should not be set when not requesting a spot instance']],
    ['spot_tag block without a spot price', attrs(BASE) + block('spot_tag', { key: 'a', value: 'b' }), ['spot_tags should not be set when not requesting a spot instance']],
    [
      'spot_allocation_strategy',
      attrs({ ...BASE, spot_price: 'auto', spot_allocation_strategy: 'cheapest' }),
      ['invalid spot allocation strategy "cheapest", valid values are either lowest-price, diversified,capacity-optimized, capacity-optimized-prioritized, price-capacity-optimized'],
    ],
    ['spot_allocation_strategy valid', attrs({ ...BASE, spot_price: 'auto', spot_allocation_strategy: 'price-capacity-optimized' }), []],
    [
      'unlimited credits on a non-burstable type',
      attrs({ ...BASE, instance_type: 'm5.large', enable_unlimited_credits: true }),
      ['Error: Instance Type: m5.large is not within the supported types for Unlimited credits. Supported instance types are T2, T3, and T4g'],
    ],
    [
      'unlimited credits on a t2 spot instance',
      attrs({ ...BASE, instance_type: 't2.micro', enable_unlimited_credits: true, spot_price: 'auto' }),
      ['Error: Unlimited credits cannot be used in conjunction with Spot Instances'],
    ],
    ['unlimited credits on t3a and t4g', attrs({ ...BASE, instance_type: 't4g.nano', enable_unlimited_credits: true }), []],
    [
      'capacity reservation options together',
      attrs({ ...BASE, capacity_reservation_id: 'cr-1', capacity_reservation_group_arn: 'arn:g', capacity_reservation_preference: 'open' }),
      [
        'capacity_reservation_id and capacity_reservation_group_arn are mutually exclusive, only one should be used',
        'capacity_reservation_id, capacity_reservation_group_arn and capacity_reservation_preference are mutually exclusive, only one should be set',
      ],
    ],
    ['capacity_reservation_preference', attrs({ ...BASE, capacity_reservation_preference: 'always' }), ["capacity_reservation_preference only accepts 'none' or 'open' values"]],
    [
      'tenancy twice, unknown',
      attrs({ ...BASE, tenancy: 'shared' }) + block('placement', { tenancy: 'dedicated' }),
      ['Error: Please set only one of placement.tenancy and tenancy (deprecated)', 'Error: Unknown tenancy type shared'],
    ],
    [
      'placement on a host',
      attrs(BASE) + block('placement', { host_id: 'h-1', host_resource_group_arn: 'arn:r', tenancy: 'dedicated' }),
      [
        'The `host_id` and `host_resource_group_arn` settings cannot be specified at the same time.',
        'The tenancy should be `host` if either the `host_id` or `host_resource_group_arn` attributes are specified.',
      ],
    ],
    [
      'nitro enclave with spot on a t type',
      attrs({ ...BASE, enable_nitro_enclave: true, spot_price: 'auto' }),
      ['Error: Nitro Enclave cannot be used in conjunction with Spot Instances', 'Error: Nitro Enclaves cannot be used in conjunction with burstable instance types: t3.micro'],
    ],
    [
      'a CIDR with a zone or a bad IPv6 prefix',
      attrs({ ...BASE, temporary_security_group_source_cidrs: ['fe80::1%eth0/64', '::/129', '010.0.0.0/8'] }),
      [
        'Error parsing CIDR in temporary_security_group_source_cidrs: invalid CIDR address: fe80::1%eth0/64',
        'Error parsing CIDR in temporary_security_group_source_cidrs: invalid CIDR address: ::/129',
        'Error parsing CIDR in temporary_security_group_source_cidrs: invalid CIDR address: 010.0.0.0/8',
      ],
    ],
    [
      'throughput on a gp2 volume, gp3 ranges, io2 ratio',
      attrs(BASE) +
        block('launch_block_device_mappings', { device_name: '/dev/sdb', volume_type: 'gp2', throughput: 200 }) +
        block('launch_block_device_mappings', { device_name: '/dev/sdc', volume_type: 'gp3', throughput: 2000 }) +
        block('launch_block_device_mappings', { device_name: '/dev/sdd', volume_type: 'gp3', iops: 20000 }) +
        block('ami_block_device_mappings', { device_name: '/dev/sde', volume_type: 'io2', volume_size: 10, iops: 5010 }) +
        block('ami_block_device_mappings', { device_name: '/dev/sdf', volume_type: 'io2', volume_size: 200, iops: 70000 }),
      [
        // ami_block_device_mappings are checked first.
        '/dev/sde: the maximum ratio of provisioned IOPS to requested volume size (in GiB) is 500:1 for io2 volumes',
        'IOPS must be between 100 and 64000 for device /dev/sdf',
        'Throughput is only valid for gp3 volumes, "/dev/sdb" is of type gp2',
        'Throughput must be between 125 and 1000 for device /dev/sdc',
        'IOPS must be between 3000 and 16000 for device /dev/sdd',
      ],
    ],
    [
      'valid block devices',
      attrs(BASE) +
        block('launch_block_device_mappings', { device_name: '/dev/sda1', volume_type: 'gp3', volume_size: 20, iops: 3000, throughput: 125, encrypted: true, kms_key_id: 'alias/k' }) +
        block('launch_block_device_mappings', { device_name: '/dev/sdb', virtual_name: 'ephemeral0' }) +
        block('ami_block_device_mappings', { device_name: '/dev/sdc', no_device: true }),
      [],
    ],
    [
      'fast_launch options',
      attrs({ ...BASE, ami_regions: ['eu-west-1'] }) +
        '  fast_launch {\n    max_parallel_launches = 2\n    target_resource_count = -1\n    template_id = "lt-1"\n    template_name = "n"\n' +
        '    region_launch_templates {\n      region = "eu-west-1"\n      template_version = 3\n    }\n' +
        '    region_launch_templates {\n      region = "ap-south-1"\n    }\n' +
        '    region_launch_templates {\n      region = ""\n    }\n' +
        '    region_launch_templates {\n      region = "eu-west-1"\n      template_version = -1\n      template_id = "lt-2"\n    }\n  }\n',
      [
        'max_parallel_launches must be >= 6, provided value is 2',
        'target_resource_count must be >= 1, provided value is -1',
        'fast_launch_template_config region "eu-west-1": launch template version specified without an ID or name',
        'region cannot be empty for a regional fast template config',
        'fast launch: launch template specified twice for region "eu-west-1", only once is supported',
        'fast_launch_template_config region "eu-west-1": the launch template version must be >= 1, provided value is -1',
        'fast_launch_template_config region "us-east-1": both template ID and name cannot be specified at the same time',
        'Launch template specified for enabling fast-launch on region "ap-south-1", but the AMI won\'t be copied there.',
        'Launch template specified for enabling fast-launch on region "", but the AMI won\'t be copied there.',
      ],
    ],
    [
      'vault_aws_engine with an access key',
      attrs({ ...BASE, access_key: 'AKIAEXAMPLE', secret_key: 'not-a-real-secret' }) + block('vault_aws_engine', { name: 'packer' }),
      [
        'If you have set vault_aws_engine, you must not set the access_key or secret_key.',
        'vault_aws_engine is not supported by tspacker; set access_key/secret_key, a profile or the AWS_* environment instead.',
      ],
    ],
    // Packer does not check instance types when preparing: an unknown one fails at RunInstances.
    ['an unknown instance type', attrs({ ...BASE, instance_type: 'm99.gigantic' }), []],
    // Nor does it require a region here: the session finds it (AWS_REGION, AWS_DEFAULT_REGION, the profile).
    ['no region', attrs({ ...BASE, region: '' }), []],
  ];

  test.each(cases)('%s', async (_name, body, expected) => {
    expect(await errorsOf(body)).toEqual(expected);
  });

  test('secrets do not appear in messages', async () => {
    const errors = await errorsOf(attrs({ ...BASE, ami_name: '', secret_key: 'SUPERSECRET/value' }));
    expect(errors.join('\n')).not.toContain('SUPERSECRET');
    expect(errors).toContain('`access_key` and `secret_key` must both be either set or not set.');
  });
});
