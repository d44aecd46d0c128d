// amazon-ebs validation against Packer 1.6.6 (`packer` on PATH, its in-tree amazon-ebs): each template is
// validated by `packer validate` and by tspacker's core + ebsBuilder; the output must be byte for byte the same.
// tspacker targets the current plugin (packer-plugin-amazon), so only checks whose wording and order are the same
// in 1.6.6 and in the current plugin are here; where they differ, config-prepare.test.ts holds the current
// plugin's text (see the cases listed at the end of this file).
import { attrs, BASE, ebsTemplate, packerValidate, render, scratch, validateFile } from './config-helpers.js';

const s = scratch();
afterAll(() => s.cleanup());

/** What validate prints for the template: `packer validate` ends each diagnostic with one more newline. */
async function ours(file: string): Promise<string> {
  const v = await validateFile(file.split('/').pop()!, { cwd: s.dir });
  return v.diags.map((d) => `${render([d])}\n`).join('');
}

const without = (...names: (keyof typeof BASE)[]) =>
  Object.fromEntries(Object.entries(BASE).filter(([k]) => !names.includes(k as keyof typeof BASE)));

const cases: [name: string, body: string][] = [
  ['a valid minimal source', attrs(BASE)],
  ['nothing set at all', ''],
  ['ami_name too short and with bad characters', attrs({ ...BASE, ami_name: 'x!' })],
  ['ami_name of 129 characters', attrs({ ...BASE, ami_name: 'a'.repeat(129) })],
  ['ami_name with a non-ASCII letter', attrs({ ...BASE, ami_name: 'image-é' })],
  ['kms_key_id without encrypt_boot', attrs({ ...BASE, kms_key_id: 'alias/mykey' })],
  ['kms_key_id that is not a key', attrs({ ...BASE, kms_key_id: 'not a key!', encrypt_boot: true })],
  ['sharing an AMI encrypted with the default key', attrs({ ...BASE, encrypt_boot: true, ami_users: ['123456789012'] })],
  ['sharing snapshots encrypted with the default key', attrs({ ...BASE, encrypt_boot: true, snapshot_users: ['123456789012'] })],
  [
    'region_kms_key_ids and ami_regions out of step',
    attrs({ ...BASE, encrypt_boot: true, ami_regions: ['eu-west-1', 'eu-west-1', 'us-east-2'], region_kms_key_ids: { 'eu-west-1': 'alias/a', 'ap-south-1': '' } }),
  ],
  ['source_ami_filter without owners', attrs(without('source_ami')) + '  source_ami_filter {\n    filters = { name = "ubuntu/*" }\n  }\n'],
  ['neither source_ami nor filter', attrs(without('source_ami'))],
  [
    'source_ami_filter with owners',
    attrs(without('source_ami')) + '  source_ami_filter {\n    filters = { name = "ubuntu/*" }\n    owners = ["099720109477"]\n    most_recent = true\n  }\n',
  ],
  ['no instance_type', attrs(without('instance_type'))],
  ['instance_type and spot_instance_types', attrs({ ...BASE, spot_instance_types: ['t3.micro'] })],
  ['unknown ssh_interface', attrs({ ...BASE, ssh_interface: 'serial' })],
  ['ssh_keypair_name without a key', attrs({ ...BASE, ssh_keypair_name: 'mykey' })],
  ['user_data and user_data_file', attrs({ ...BASE, user_data: 'a', user_data_file: 'b' })],
  ['user_data_file that does not exist', attrs({ ...BASE, user_data_file: 'missing-user-data.sh' })],
  ['security_group_id and security_group_ids', attrs({ ...BASE, security_group_id: 'sg-1', security_group_ids: ['sg-2'] })],
  ['a CIDR that does not parse', attrs({ ...BASE, temporary_security_group_source_cidrs: ['10.0.0.0/8', '1.2.3.4/33', 'nonsense'] })],
  ['an unknown shutdown_behavior', attrs({ ...BASE, shutdown_behavior: 'halt' })],
  ['spot_tags without a spot price', attrs({ ...BASE, spot_tags: { a: 'b' } })],
  ['an empty spot_tags map is still set', attrs(BASE) + '  spot_tags = {}\n'],
  ['spot_tags with a spot price', attrs({ ...BASE, spot_price: 'auto', spot_tags: { a: 'b' } })],
  ['spot_price 0 is on-demand', attrs({ ...BASE, spot_price: '0', spot_tags: { a: 'b' } })],
  ['block_duration_minutes not a multiple of 60', attrs({ ...BASE, block_duration_minutes: 90 })],
  ['ena_support with a spot instance', attrs({ ...BASE, spot_price: 'auto', ena_support: true })],
  ['sriov_support with a spot instance', attrs({ ...BASE, spot_price: '0.5', sriov_support: true })],
  ['spot_price_auto_product (deprecated)', attrs({ ...BASE, spot_price_auto_product: 'Linux/UNIX' })],
  ['session_manager with winrm and no instance profile', attrs({ ...BASE, ssh_interface: 'session_manager', communicator: 'winrm', winrm_username: 'Administrator' })],
  ['ssh_keypair_name with winrm and no way to get the password', attrs({ ...BASE, communicator: 'winrm', winrm_username: 'Administrator', ssh_keypair_name: 'k' })],
  ['an unknown tenancy', attrs({ ...BASE, tenancy: 'shared' })],
  ['gp3 throughput out of range', attrs(BASE) + '  launch_block_device_mappings {\n    device_name = "/dev/sdc"\n    volume_type = "gp3"\n    throughput = 2000\n  }\n'],
  ['IPv6 CIDRs, one with too long a prefix', attrs({ ...BASE, temporary_security_group_source_cidrs: ['::/129', '2001:db8::/32'] })],
  ['session_manager with an instance profile', attrs({ ...BASE, ssh_interface: 'session_manager', iam_instance_profile: 'p' })],
  ['a user_data_file that exists', attrs({ ...BASE, user_data_file: '.' })],
  ['access_key without secret_key', attrs({ ...BASE, access_key: 'AKIAEXAMPLE' })],
  ['secret_key without access_key', attrs({ ...BASE, secret_key: 'not-a-real-secret' })],
  [
    'block device without a device name, kms key on an unencrypted device, io1 IOPS ratio',
    attrs(BASE) +
      '  launch_block_device_mappings {\n    volume_size = 8\n  }\n' +
      '  ami_block_device_mappings {\n    device_name = "/dev/sdb"\n    encrypted = false\n    kms_key_id = "alias/k"\n  }\n' +
      '  launch_block_device_mappings {\n    device_name = "/dev/sdc"\n    volume_type = "io1"\n    volume_size = 10\n    iops = 1000\n  }\n',
  ],
  ['io1 IOPS out of range', attrs(BASE) + '  launch_block_device_mappings {\n    device_name = "/dev/sdc"\n    volume_type = "io1"\n    volume_size = 100\n    iops = 50\n  }\n'],
  ['winrm without a username', attrs({ ...without('ssh_username'), communicator: 'winrm' })],
  ['communicator none needs no username', attrs({ ...without('ssh_username'), communicator: 'none' })],
  ['tags, run_tags and a tag block with build data', attrs({ ...BASE, tags: { a: '{{ .SourceAMI }}' }, run_tags: { b: '{{ .BuildRegion }}' } }) + '  tag {\n    key = "c"\n    value = "{{ .SourceAMIName }}"\n  }\n'],
];

describe('packer validate (1.6.6) and tspacker agree', () => {
  test.each(cases)('%s', async (name, body) => {
    const file = s.write(`${name.replace(/[^a-z0-9]+/gi, '-')}.pkr.hcl`, ebsTemplate(body));
    const packer = packerValidate(file);
    const mine = await ours(file);
    expect(mine).toBe(packer.stdout);
    expect(packer.status).toBe(mine.startsWith('Error') ? 1 : 0);
  });
});

// Checks where 1.6.6 and the current plugin differ (tested with the current text in config-prepare.test.ts):
// - `throughput` on a non-gp3 device: 1.6.6 "Throughput is not available for device X", current
//   "Throughput is only valid for gp3 volumes, "X" is of type T".
// - KMS multi-region keys (`mrk-…`, also in ARNs): 1.6.6 rejects them as "not a valid KMS Key Id".
// - sharing with empty region_kms_key_ids entries: 1.6.6 also says "Cannot share AMI encrypted with default KMS key".
// - enable_t2_unlimited on a non-t2 type: 1.6.6 "Error: T2 Unlimited enabled with a non-T2 Instance Type: X",
//   current "Error: Instance Type: X is not within the supported types for Unlimited credits. ..."
// - `clean_resource_name` (1.6.6: "function not defined") and the `enable_t2_unlimited` warning (1.6.6: none).
// - options 1.6.6 does not have (its validate says "Unsupported argument"): deprecate_at, imds_support,
//   metadata_options, placement, capacity_reservation_*, enable_nitro_enclave, enable_unlimited_credits,
//   spot_allocation_strategy, ami_org_arns / ami_ou_arns, snapshot_copy_duration_minutes,
//   deregistration_protection, fast_launch, temporary_key_pair_type, skip_ami_run_tags, fleet_tags, ...
