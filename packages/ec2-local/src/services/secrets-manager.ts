// Secrets Manager over JSON 1.1 (`secretsmanager.GetSecretValue`): secrets are put through the admin endpoint;
// each put adds a version labelled AWSCURRENT and moves AWSPREVIOUS to the version it replaced, as PutSecretValue.
import { randomBytes, randomUUID } from 'node:crypto';
import { AwsError, type AwsService } from '../contracts.js';
import { epochSeconds, jsonService, optionalString, requiredString } from './json-protocol.js';
import { serviceContext, type ServiceContext } from './service-context.js';

export interface SecretInput {
  readonly name: string;
  readonly secretString?: string;
  /** Base64, as the API carries binary secrets. */
  readonly secretBinary?: string;
  /** The region it lives in; every region when absent. */
  readonly region?: string;
}

interface SecretVersion {
  readonly versionId: string;
  readonly secretString?: string;
  readonly secretBinary?: string;
  stages: string[];
  readonly created: number;
}

interface Secret {
  readonly name: string;
  /** The random six-character ARN suffix AWS appends to every secret name. */
  readonly suffix: string;
  readonly created: number;
  readonly versions: SecretVersion[];
}

const NOT_FOUND = "Secrets Manager can't find the specified secret.";

export class SecretStore {
  private readonly context: ServiceContext;
  /** region (`*` for all) → name → secret. */
  private readonly regions = new Map<string, Map<string, Secret>>();

  constructor(options: Partial<ServiceContext> = {}) {
    this.context = serviceContext(options);
  }

  put(input: SecretInput): { name: string; versionId: string; region: string } {
    if (typeof input.name !== 'string' || input.name === '') throw new AwsError('InvalidParameterException', 'name is required');
    if ((input.secretString === undefined) === (input.secretBinary === undefined)) {
      throw new AwsError('InvalidParameterException', 'exactly one of secretString and secretBinary is required');
    }
    if (input.secretBinary !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(input.secretBinary)) {
      throw new AwsError('InvalidParameterException', 'secretBinary must be base64');
    }
    const region = input.region ?? '*';
    let secrets = this.regions.get(region);
    if (!secrets) this.regions.set(region, (secrets = new Map()));
    const now = this.context.now();
    let secret = secrets.get(input.name);
    if (!secret) {
      secret = { name: input.name, suffix: randomBytes(4).toString('base64url').slice(0, 6), created: now, versions: [] };
      secrets.set(input.name, secret);
      this.context.visibility?.created(visibilityId(region, input.name), now);
    }
    for (const version of secret.versions) {
      version.stages = version.stages.includes('AWSCURRENT') ? ['AWSPREVIOUS'] : [];
    }
    const versionId = randomUUID();
    secret.versions.push({ versionId, secretString: input.secretString, secretBinary: input.secretBinary, stages: ['AWSCURRENT'], created: now });
    return { name: input.name, versionId, region };
  }

  reset(): void {
    this.regions.clear();
  }

  /** A secret by name, full ARN or partial ARN (without the suffix), as a region sees it. */
  find(region: string, secretId: string): { secret: Secret; arn: string } | undefined {
    const name = secretId.startsWith('arn:') ? secretId.replace(/^arn:[^:]*:secretsmanager:[^:]*:[^:]*:secret:/, '') : secretId;
    for (const key of [region, '*']) {
      const secrets = this.regions.get(key);
      if (!secrets) continue;
      const secret = secrets.get(name) ?? this.byFullArnName(secrets, name);
      if (!secret) continue;
      if (this.context.visibility?.hidden(visibilityId(key, secret.name), this.context.now())) return undefined;
      return { secret, arn: `arn:aws:secretsmanager:${region}:${this.context.accountId}:secret:${secret.name}-${secret.suffix}` };
    }
    return undefined;
  }

  private byFullArnName(secrets: Map<string, Secret>, nameWithSuffix: string): Secret | undefined {
    const match = /^(.*)-([A-Za-z0-9_-]{6})$/.exec(nameWithSuffix);
    const secret = match ? secrets.get(match[1]!) : undefined;
    return secret && secret.suffix === match![2] ? secret : undefined;
  }
}

export function createSecretsManagerService(store: SecretStore): AwsService {
  return jsonService('secretsmanager', {
    GetSecretValue(input, request) {
      const secretId = requiredString(input, 'SecretId');
      const versionId = optionalString(input, 'VersionId');
      const versionStage = optionalString(input, 'VersionStage');
      const found = store.find(request.region, secretId);
      if (!found) throw new AwsError('ResourceNotFoundException', NOT_FOUND);
      const version = versionId
        ? found.secret.versions.find((v) => v.versionId === versionId)
        : found.secret.versions.find((v) => v.stages.includes(versionStage ?? 'AWSCURRENT'));
      if (!version) {
        throw new AwsError(
          'ResourceNotFoundException',
          versionId
            ? `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`
            : `Secrets Manager can't find the specified secret value for staging label: ${versionStage}`,
        );
      }
      if (versionId && versionStage && !version.stages.includes(versionStage)) {
        throw new AwsError('InvalidParameterException', `You provided a VersionStage that is not associated to the provided VersionId.`);
      }
      return {
        ARN: found.arn,
        Name: found.secret.name,
        VersionId: version.versionId,
        ...(version.secretString !== undefined ? { SecretString: version.secretString } : {}),
        ...(version.secretBinary !== undefined ? { SecretBinary: version.secretBinary } : {}),
        VersionStages: version.stages,
        CreatedDate: epochSeconds(version.created),
      };
    },
  });
}

function visibilityId(region: string, name: string): string {
  return `secret:${region}:${name}`;
}
