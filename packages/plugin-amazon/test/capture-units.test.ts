// The pure parts of the capture: the artifact's id, text and state (reference §5), which regions a copy goes to
// and with which key, the attribute changes per option, tag lists, intermediary names, and the public half of a
// temporary key (checked against OpenSSH's ssh-keygen).
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tagEntries, tagSpecifications, withRunIdTag, RUN_ID_TAG } from '../src/common/tags.js';
import { EbsArtifact } from '../src/ebs/artifact.js';
import { EBS_BUILDER_ID } from '../src/ebs/artifact-id.js';
import type { EbsConfig } from '../src/ebs/config.js';
import { publicKeyLine } from '../src/ebs/steps/clear-temp-keys.js';
import { randomAlphaNum } from '../src/ebs/steps/create-ami.js';
import { imageChanges, snapshotChanges } from '../src/ebs/steps/modify-ami-attributes.js';
import { copyKmsKeys, copyRegions } from '../src/ebs/steps/region-copy.js';

const noSession = async () => {
  throw new Error('no session in this test');
};

describe('EbsArtifact', () => {
  const artifact = new EbsArtifact(
    new Map([
      ['us-west-2', 'ami-0b'],
      ['eu-west-1', 'ami-0c'],
      ['us-east-1', 'ami-0a'],
    ]),
    noSession,
    { SourceAMI: 'ami-source' },
  );

  test('id, text, builder id and files as Packer has them', () => {
    expect(artifact.builderId).toBe(EBS_BUILDER_ID);
    expect(artifact.builderId).toBe('mitchellh.amazonebs');
    expect(artifact.id).toBe('eu-west-1:ami-0c,us-east-1:ami-0a,us-west-2:ami-0b');
    expect(artifact.toString()).toBe('AMIs were created:\neu-west-1: ami-0c\nus-east-1: ami-0a\nus-west-2: ami-0b\n');
    expect(artifact.files).toEqual([]);
  });

  test('state: atlas metadata by region, the generated data, nothing else', () => {
    expect(artifact.state('atlas.artifact.metadata')).toEqual({ 'region.us-west-2': 'ami-0b', 'region.eu-west-1': 'ami-0c', 'region.us-east-1': 'ami-0a' });
    expect(artifact.state('generated_data')).toEqual({ SourceAMI: 'ami-source' });
    expect(artifact.state('other')).toBeUndefined();
  });

  test('destroy reports a session that cannot be opened', async () => {
    await expect(artifact.destroy()).rejects.toThrow('no session in this test');
  });
});

describe('region copies', () => {
  test('targets: ami_regions without the build region, unless the build-region AMI is an intermediary', () => {
    expect(copyRegions(['us-west-2', 'us-east-1', 'us-west-2', 'eu-west-1'], 'us-east-1', false, false)).toEqual(['eu-west-1', 'us-west-2']);
    expect(copyRegions(['us-west-2'], 'us-east-1', true, false)).toEqual(['us-east-1', 'us-west-2']);
    expect(copyRegions(['us-west-2'], 'us-east-1', true, true)).toEqual(['us-west-2']);
    expect(copyRegions([], 'us-east-1', false, false)).toEqual([]);
  });

  const config = (c: Partial<EbsConfig>) => ({ encrypt_boot: undefined, kms_key_id: '', region_kms_key_ids: {}, ...c }) as EbsConfig;

  test('keys: only with encrypt_boot; region_kms_key_ids, and kms_key_id for the build region unless listed', () => {
    expect(copyKmsKeys(config({ kms_key_id: 'alias/k', region_kms_key_ids: { 'us-west-2': 'alias/w' } }), 'us-east-1')).toEqual(new Map());
    expect(copyKmsKeys(config({ encrypt_boot: true, kms_key_id: 'alias/k', region_kms_key_ids: { 'us-west-2': 'alias/w' } }), 'us-east-1')).toEqual(
      new Map([
        ['us-west-2', 'alias/w'],
        ['us-east-1', 'alias/k'],
      ]),
    );
    expect(copyKmsKeys(config({ encrypt_boot: true, kms_key_id: 'alias/k', region_kms_key_ids: { 'us-east-1': 'alias/e' } }), 'us-east-1')).toEqual(
      new Map([['us-east-1', 'alias/e']]),
    );
  });
});

describe('attribute changes', () => {
  const none = { ami_groups: [], ami_users: [], ami_org_arns: [], ami_ou_arns: [], ami_product_codes: [], imds_support: '', snapshot_groups: [], snapshot_users: [] };

  test('one ModifyImageAttribute per option, in Packer\'s form (both the Add list and the legacy list)', () => {
    const changes = imageChanges(
      { ...none, ami_groups: ['all'], ami_users: ['111122223333'], ami_org_arns: ['arn:aws:organizations::1:organization/o-1'], ami_product_codes: ['pc1'], imds_support: 'v2.0' } as unknown as EbsConfig,
      'built from ami-1',
    );
    expect(changes).toEqual([
      ['description', { Description: { Value: 'built from ami-1' } }],
      ['groups', { UserGroups: ['all'], LaunchPermission: { Add: [{ Group: 'all' }] } }],
      ['users', { UserIds: ['111122223333'], LaunchPermission: { Add: [{ UserId: '111122223333' }] } }],
      ['ami org arns', { OrganizationArns: ['arn:aws:organizations::1:organization/o-1'], LaunchPermission: { Add: [{ OrganizationArn: 'arn:aws:organizations::1:organization/o-1' }] } }],
      ['product codes', { ProductCodes: ['pc1'] }],
      ['imds_support', { ImdsSupport: { Value: 'v2.0' } }],
    ]);
    expect(imageChanges(none as unknown as EbsConfig, '')).toEqual([]);
  });

  test('snapshot permissions: groups and users', () => {
    expect(snapshotChanges({ ...none, snapshot_groups: ['all'], snapshot_users: ['111122223333'] } as unknown as EbsConfig)).toEqual([
      ['groups', { GroupNames: ['all'], CreateVolumePermission: { Add: [{ Group: 'all' }] } }],
      ['users', { UserIds: ['111122223333'], CreateVolumePermission: { Add: [{ UserId: '111122223333' }] } }],
    ]);
  });
});

describe('tags', () => {
  test('a map and its blocks merge, a block overriding the map', () => {
    expect(tagEntries({ a: '1', b: '2' }, [{ key: 'b', value: '3' }, { key: 'c', value: '4' }])).toEqual([
      ['a', '1'],
      ['b', '3'],
      ['c', '4'],
    ]);
    expect(tagEntries(undefined)).toEqual([]);
  });

  test('tag specifications per resource type, none without tags; the run id replaces a user tag of its name', () => {
    expect(tagSpecifications([], 'image', 'snapshot')).toBeUndefined();
    const tags = withRunIdTag([{ Key: 'x', Value: '1' }, { Key: RUN_ID_TAG, Value: 'mine' }], 'run-1');
    expect(tags).toEqual([{ Key: 'x', Value: '1' }, { Key: RUN_ID_TAG, Value: 'run-1' }]);
    expect(tagSpecifications(tags, 'image', 'snapshot')).toEqual([
      { ResourceType: 'image', Tags: tags },
      { ResourceType: 'snapshot', Tags: tags },
    ]);
  });
});

test('intermediary names: 7 alphanumeric characters, different each time', () => {
  const names = new Set(Array.from({ length: 50 }, () => randomAlphaNum(7)));
  for (const name of names) expect(name).toMatch(/^[A-Za-z0-9]{7}$/);
  expect(names.size).toBeGreaterThan(45);
});

describe('the public half of a temporary key (CreateKeyPair returns only the private half)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tspacker-capture-keys-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** What OpenSSH derives from the private key file: `TYPE BASE64` (comment dropped). */
  function sshKeygenPublic(pem: string, name: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, pem, { mode: 0o600 });
    return execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).trim().split(/\s+/).slice(0, 2).join(' ');
  }

  test('RSA as PEM (as EC2 returns it) and PKCS#8 match ssh-keygen -y', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const pkcs1 = rsa.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(publicKeyLine(pkcs1)).toBe(sshKeygenPublic(pkcs1, 'rsa.pem'));
    expect(publicKeyLine(rsa.export({ type: 'pkcs8', format: 'pem' }).toString())).toBe(sshKeygenPublic(pkcs1, 'rsa.pem'));
  });

  test('OpenSSH-format keys (EC2\'s Ed25519 keys; also RSA) match ssh-keygen -y', () => {
    for (const type of ['ed25519', 'rsa']) {
      const file = path.join(dir, `openssh-${type}`);
      execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', 'comment', '-f', file]);
      const key = readFileSync(file, 'utf8');
      expect(key).toContain('BEGIN OPENSSH PRIVATE KEY');
      expect(publicKeyLine(key)).toBe(sshKeygenPublic(key, `openssh-${type}.copy`));
    }
  });

  test('not a key: undefined', () => {
    expect(publicKeyLine('not a key')).toBeUndefined();
  });
});
