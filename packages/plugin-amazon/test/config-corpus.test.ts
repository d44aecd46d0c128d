// The amazon-ebs templates of packer-plugin-amazon's own tests (../shared/corpus/packer-plugin-amazon, read in
// place) validate as `tspacker validate` would (data sources not executed). Not here: builder/ebssurrogate
// (another builder, amazon-ebssurrogate, which tspacker does not have), datasource/* (the data sources' tests),
// and the legacy JSON templates (interpolated_run_tags.json, examples/*.json: JSON templates are issue 8).
import path from 'node:path';
import { iamPrepareErrors } from '../src/ebs/prepare.js';
import { corpusDir, multiErrorItems, validateFile } from './config-helpers.js';

const fixture = (...parts: string[]) => path.join(corpusDir, 'builder/ebs/test-fixtures', ...parts);

const AMI_NAME_RULES =
  "AMIName should only contain alphanumeric characters, parentheses (()), square brackets ([]), spaces ( ), periods (.), slashes (/), dashes (-), single quotes ('), at-signs (@), or underscores(_). You can use the `clean_resource_name` template filter to automatically clean your ami name.";

describe('valid templates', () => {
  // The unlimited-credits templates ask for a temporary IAM instance profile, which tspacker cannot make (no IAM
  // client): validate accepts them with a warning per build, and a build refuses them before creating anything.
  const noIam = (n: number) => Array(n).fill(`warning: ${iamPrepareErrors({ temporary_iam_instance_profile_policy_document: {} })[0]}`);
  test.each([
    [['ssh-keys', 'rsa_ssh_keypair.pkr.hcl'], ['amazon-ebs.basic-example'], []],
    [['ssh-keys', 'ed25519_ssh_keypair.pkr.hcl'], ['amazon-ebs.basic-example'], []],
    [['ssh-keys', 'rsa_sha2_only_server.pkr.hcl'], ['amazon-ebs.basic-example'], []],
    [['unlimited-credits', 'burstable_instances.pkr.hcl'], ['amazon-ebs.standard', 'amazon-ebs.unlimited'], noIam(2)],
    [['unlimited-credits', 'burstable_spot_instances.pkr.hcl'], ['amazon-ebs.standard_spot', 'amazon-ebs.unlimited_spot'], noIam(2)],
  ])('%j', async (parts, builds, diags) => {
    const v = await validateFile(fixture(...parts));
    expect(v.diags.map((d) => `${d.severity}: ${d.summary}`)).toEqual(diags);
    expect(v.builds.map((b) => b.name)).toEqual(builds);
  });

  test('interpolated_time_based_ami_copy.pkr.hcl with -var ami_name', async () => {
    const v = await validateFile(fixture('interpolated_time_based_ami_copy.pkr.hcl'), { vars: [['ami_name', 'packer-time-based-copy']] });
    expect(v.diags).toEqual([]);
    const c = v.builds[0]!.builderConfig;
    // The build region is not a copy target; the copy duration is passed on.
    expect(c).toMatchObject({ ami_regions: ['us-west-2'], snapshot_copy_duration_minutes: 15, instance_type: 'm3.medium' });
  });

  test('the ed25519 fixture asks for an ed25519 temporary key', async () => {
    const v = await validateFile(fixture('ssh-keys', 'ed25519_ssh_keypair.pkr.hcl'));
    expect(v.builds[0]!.builderConfig).toMatchObject({ temporary_key_pair_type: 'ed25519', skip_create_ami: true });
  });
});

// Packer's tests fill these templates' `ami_name = "%s"` with fmt.Sprintf before running them; read as they are,
// the placeholder is the only problem.
describe('templates with the "%s" ami_name placeholder', () => {
  test.each([['interpolated_run_tags.pkr.hcl'], ['interpolated_skip_run_tags.pkr.hcl'], ['interpolated_skip_run_tags_create_ami_tags.pkr.hcl']])(
    '%s',
    async (file) => {
      const v = await validateFile(fixture(file));
      expect(v.errors.flatMap(multiErrorItems)).toEqual(['ami_name must be between 3 and 128 characters long', AMI_NAME_RULES]);
    },
  );
});
