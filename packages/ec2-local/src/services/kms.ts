// KMS key lookup over JSON 1.1 (`TrentService.DescribeKey`, `TrentService.ListAliases`): what amazon components
// call to check `kms_key_id` / `region_kms_key_ids`. Every region has the AWS-managed keys behind alias/aws/*
// (made on first use, with stable ids); customer keys are created through the admin endpoint.
import { createHash, randomUUID } from 'node:crypto';
import { AwsError, type AwsService } from '../contracts.js';
import { epochSeconds, jsonService, optionalInteger, optionalString, requiredString } from './json-protocol.js';
import { serviceContext, type ServiceContext } from './service-context.js';

/** The AWS-managed aliases seeded in every region, with the description AWS gives their keys. */
const AWS_MANAGED_ALIASES: ReadonlyMap<string, string> = new Map([
  ['alias/aws/ebs', 'Default key that protects my EBS volumes when no other key is defined'],
  ['alias/aws/s3', 'Default key that protects my S3 objects when no other key is defined'],
  ['alias/aws/ssm', 'Default key that protects my SSM parameters when no other key is defined'],
  ['alias/aws/secretsmanager', 'Default key that protects my Secrets Manager data when no other key is defined'],
]);

const AWS_MANAGED_DATE = Date.parse('2020-01-01T00:00:00Z');

export interface KmsKey {
  readonly keyId: string;
  readonly region: string;
  readonly arn: string;
  readonly description: string;
  readonly manager: 'AWS' | 'CUSTOMER';
  readonly created: number;
  readonly multiRegion: boolean;
}

interface Alias {
  readonly name: string;
  readonly targetKeyId: string;
  readonly created: number;
}

export interface KmsKeyInput {
  /** Defaults to us-east-1: a key's ARN names its region. */
  readonly region?: string;
  /** `alias/...` (not under alias/aws/). */
  readonly alias?: string;
  readonly description?: string;
  /** A multi-Region key (`mrk-` id). */
  readonly multiRegion?: boolean;
}

interface RegionKeys {
  readonly keys: Map<string, KmsKey>;
  readonly aliases: Map<string, Alias>;
}

export class KmsKeyStore {
  private readonly context: ServiceContext;
  private readonly regions = new Map<string, RegionKeys>();

  constructor(options: Partial<ServiceContext> = {}) {
    this.context = serviceContext(options);
  }

  /** A customer key, as CreateKey (+ CreateAlias) would make it. */
  create(input: KmsKeyInput = {}): { keyId: string; arn: string; region: string; alias?: string } {
    const region = input.region ?? 'us-east-1';
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new AwsError('ValidationException', `invalid region ${region}`);
    const keys = this.region(region);
    if (input.alias !== undefined) {
      if (!/^alias\/[A-Za-z0-9/_-]+$/.test(input.alias) || input.alias.startsWith('alias/aws/')) {
        throw new AwsError('ValidationException', `Alias must start with alias/, not alias/aws/, and contain only [A-Za-z0-9/_-]`);
      }
      if (keys.aliases.has(input.alias)) throw new AwsError('AlreadyExistsException', `An alias with the name ${this.aliasArn(region, input.alias)} already exists`);
    }
    const now = this.context.now();
    const keyId = `${input.multiRegion ? 'mrk-' + randomUUID().replace(/-/g, '') : randomUUID()}`;
    const key: KmsKey = {
      keyId,
      region,
      arn: `arn:aws:kms:${region}:${this.context.accountId}:key/${keyId}`,
      description: input.description ?? '',
      manager: 'CUSTOMER',
      created: now,
      multiRegion: input.multiRegion ?? false,
    };
    keys.keys.set(keyId, key);
    if (input.alias !== undefined) keys.aliases.set(input.alias, { name: input.alias, targetKeyId: keyId, created: now });
    this.context.visibility?.created(visibilityId(keyId), now);
    return { keyId, arn: key.arn, region, ...(input.alias !== undefined ? { alias: input.alias } : {}) };
  }

  /** Customer keys and aliases are forgotten; the AWS-managed ones come back on next use. */
  reset(): void {
    this.regions.clear();
  }

  /**
   * The key a reference names in a region (key id, key ARN, `alias/x`, alias ARN), or undefined — also what EC2's
   * CopyImage/CreateImage can use to validate a KmsKeyId.
   */
  findKey(region: string, reference: string): KmsKey | undefined {
    const arn = /^arn:[^:]*:kms:([^:]*):([^:]*):(.*)$/.exec(reference);
    if (arn && (arn[1] !== region || arn[2] !== this.context.accountId)) return undefined;
    const local = arn ? arn[3]! : reference;
    const keys = this.region(region);
    const keyId = local.startsWith('alias/') ? keys.aliases.get(local)?.targetKeyId : local.replace(/^key\//, '');
    const key = keyId === undefined ? undefined : keys.keys.get(keyId);
    if (!key || this.context.visibility?.hidden(visibilityId(key.keyId), this.context.now())) return undefined;
    return key;
  }

  /** The aliases of a region sorted by name, those of hidden keys left out. */
  aliases(region: string): Array<Alias & { arn: string }> {
    const keys = this.region(region);
    return [...keys.aliases.values()]
      .filter((alias) => this.findKey(region, alias.targetKeyId))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((alias) => ({ ...alias, arn: this.aliasArn(region, alias.name) }));
  }

  aliasArn(region: string, alias: string): string {
    return `arn:aws:kms:${region}:${this.context.accountId}:${alias}`;
  }

  private region(region: string): RegionKeys {
    let keys = this.regions.get(region);
    if (!keys) {
      keys = { keys: new Map(), aliases: new Map() };
      for (const [alias, description] of AWS_MANAGED_ALIASES) {
        const keyId = stableUuid(`${this.context.accountId}/${region}/${alias}`);
        keys.keys.set(keyId, {
          keyId,
          region,
          arn: `arn:aws:kms:${region}:${this.context.accountId}:key/${keyId}`,
          description,
          manager: 'AWS',
          created: AWS_MANAGED_DATE,
          multiRegion: false,
        });
        keys.aliases.set(alias, { name: alias, targetKeyId: keyId, created: AWS_MANAGED_DATE });
      }
      this.regions.set(region, keys);
    }
    return keys;
  }
}

export function createKmsService(store: KmsKeyStore, options: Partial<ServiceContext> = {}): AwsService {
  const context = serviceContext(options);
  return jsonService('kms', {
    DescribeKey(input, request) {
      const reference = requiredString(input, 'KeyId');
      const key = store.findKey(request.region, reference);
      if (!key) throw notFound(request.region, reference, context.accountId);
      return {
        KeyMetadata: {
          AWSAccountId: context.accountId,
          KeyId: key.keyId,
          Arn: key.arn,
          CreationDate: epochSeconds(key.created),
          Enabled: true,
          Description: key.description,
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeyState: 'Enabled',
          Origin: 'AWS_KMS',
          KeyManager: key.manager,
          CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
          KeySpec: 'SYMMETRIC_DEFAULT',
          EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
          MultiRegion: key.multiRegion,
          ...(key.multiRegion ? { MultiRegionConfiguration: { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: key.arn, Region: key.region }, ReplicaKeys: [] } } : {}),
        },
      };
    },
    ListAliases(input, request) {
      const limit = optionalInteger(input, 'Limit') ?? 50;
      if (limit < 1 || limit > 100) throw new AwsError('ValidationException', `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100`);
      const keyReference = optionalString(input, 'KeyId');
      const marker = optionalString(input, 'Marker');
      let aliases = store.aliases(request.region);
      if (keyReference !== undefined) {
        const key = store.findKey(request.region, keyReference);
        if (!key) throw notFound(request.region, keyReference, context.accountId);
        aliases = aliases.filter((alias) => alias.targetKeyId === key.keyId);
      }
      const start = marker === undefined ? 0 : Number(marker);
      if (!Number.isInteger(start) || start < 0 || start > aliases.length) throw new AwsError('InvalidMarkerException', 'Invalid marker');
      const page = aliases.slice(start, start + limit);
      const truncated = start + limit < aliases.length;
      return {
        Aliases: page.map((alias) => ({
          AliasName: alias.name,
          AliasArn: alias.arn,
          TargetKeyId: alias.targetKeyId,
          CreationDate: epochSeconds(alias.created),
          LastUpdatedDate: epochSeconds(alias.created),
        })),
        Truncated: truncated,
        ...(truncated ? { NextMarker: String(start + limit) } : {}),
      };
    },
  });
}

function notFound(region: string, reference: string, accountId: string): AwsError {
  if (reference.startsWith('alias/')) return new AwsError('NotFoundException', `Alias arn:aws:kms:${region}:${accountId}:${reference} is not found.`);
  if (reference.startsWith('arn:')) return new AwsError('NotFoundException', `Key '${reference}' does not exist`);
  if (!/^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.test(reference)) {
    return new AwsError('NotFoundException', `Invalid keyId '${reference}'`);
  }
  return new AwsError('NotFoundException', `Key 'arn:aws:kms:${region}:${accountId}:key/${reference}' does not exist`);
}

function visibilityId(keyId: string): string {
  return `kms-key:${keyId}`;
}

/** A UUID-shaped id derived from a seed: AWS-managed keys keep their ids across restarts. */
function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
