// SSM Parameter Store over JSON 1.1 (`AmazonSSM.GetParameter`, `AmazonSSM.GetParameters`): the public AMI-id
// parameters under /aws/service/ that templates resolve (`{{resolve:ssm:...}}`, `amazon-parameterstore`), plus
// parameters set through the admin endpoint. Parameters are regional; admin ones without a region exist in all.
import { createHash } from 'node:crypto';
import { AwsError, type AwsService } from '../contracts.js';
import { epochSeconds, jsonService, optionalBoolean, requiredString, requiredStringList } from './json-protocol.js';
import { serviceContext, type ServiceContext } from './service-context.js';
import { catalogLatestImageId, PUBLIC_IMAGE_PARAMETERS, type LatestImageId } from './ssm-public-parameters.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';

/** When the public parameters were last published (a fixed date keeps answers reproducible). */
const PUBLIC_PARAMETER_DATE = Date.parse('2024-06-01T00:00:00Z');

export interface ParameterInput {
  readonly name: string;
  readonly value: string;
  readonly type?: ParameterType;
  /** The region it lives in; every region when absent. */
  readonly region?: string;
}

interface ParameterVersion {
  readonly value: string;
  readonly type: ParameterType;
  readonly version: number;
  readonly modified: number;
}

/** Where the admin endpoint puts parameters and GetParameter finds them. */
export class ParameterStore {
  private readonly context: ServiceContext;
  /** region (`*` for all) → name → versions, oldest first. */
  private readonly regions = new Map<string, Map<string, ParameterVersion[]>>();

  /** `latestImageId` resolves the public AMI parameters; by default against the seeded catalog's ids. */
  constructor(options: Partial<ServiceContext> = {}, private readonly latestImageId: LatestImageId = catalogLatestImageId) {
    this.context = serviceContext(options);
  }

  /** Creates the parameter or adds a version (as PutParameter with Overwrite). */
  put(input: ParameterInput): { name: string; version: number; region: string } {
    if (typeof input.name !== 'string' || input.name === '' || typeof input.value !== 'string') {
      throw new AwsError('ValidationException', 'name and value are required strings');
    }
    if (!/^[A-Za-z0-9_.\-/]{1,2048}$/.test(input.name)) {
      throw new AwsError('ValidationException', 'Parameter names contain only a-z, A-Z, 0-9, _ . - and /');
    }
    const type = input.type ?? 'String';
    if (!['String', 'StringList', 'SecureString'].includes(type)) {
      throw new AwsError('ValidationException', `type must be String, StringList or SecureString`);
    }
    const region = input.region ?? '*';
    let names = this.regions.get(region);
    if (!names) this.regions.set(region, (names = new Map()));
    const versions = names.get(input.name) ?? [];
    const now = this.context.now();
    versions.push({ value: input.value, type, version: versions.length + 1, modified: now });
    names.set(input.name, versions);
    if (versions.length === 1) this.context.visibility?.created(visibilityId(region, input.name), now);
    return { name: input.name, version: versions.length, region };
  }

  /** Every admin-set parameter is forgotten; the public ones stay. */
  reset(): void {
    this.regions.clear();
  }

  /** The versions of a parameter as a region sees it, or undefined (unknown, or still invisible). */
  versions(region: string, name: string): readonly ParameterVersion[] | undefined {
    for (const key of [region, '*']) {
      const versions = this.regions.get(key)?.get(name);
      if (versions) {
        return this.context.visibility?.hidden(visibilityId(key, name), this.context.now()) ? undefined : versions;
      }
    }
    const query = PUBLIC_IMAGE_PARAMETERS.get(name);
    if (!query) return undefined;
    const value = this.latestImageId(region, query) ?? placeholderImageId(region, name);
    return [{ value, type: 'String', version: 1, modified: PUBLIC_PARAMETER_DATE }];
  }

  arn(region: string, name: string): string {
    const account = name.startsWith('/aws/') ? '' : this.context.accountId;
    return `arn:aws:ssm:${region}:${account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  }
}

export function createSsmService(store: ParameterStore): AwsService {
  const lookup = (region: string, reference: string, withDecryption: boolean) => {
    const { name, selector, version } = parseReference(reference);
    const versions = store.versions(region, name);
    if (!versions) return undefined;
    const chosen = version === undefined ? versions[versions.length - 1]! : versions.find((v) => v.version === version);
    if (!chosen) throw new AwsError('ParameterVersionNotFound', `Systems Manager could not find version ${version} of ${name}.`);
    return {
      Name: name,
      Type: chosen.type,
      Value: chosen.type === 'SecureString' && !withDecryption ? ciphertext(chosen.value) : chosen.value,
      Version: chosen.version,
      ...(selector ? { Selector: selector } : {}),
      LastModifiedDate: epochSeconds(chosen.modified),
      ARN: store.arn(region, name),
      DataType: name.startsWith('/aws/service/') && name.includes('ami') ? 'aws:ec2:image' : 'text',
    };
  };
  return jsonService('ssm', {
    GetParameter(input, request) {
      const name = requiredString(input, 'Name');
      const parameter = lookup(request.region, name, optionalBoolean(input, 'WithDecryption') ?? false);
      if (!parameter) throw new AwsError('ParameterNotFound', `Parameter ${name} not found.`);
      return { Parameter: parameter };
    },
    GetParameters(input, request) {
      const names = requiredStringList(input, 'Names');
      if (names.length > 10) {
        throw new AwsError('ValidationException', `1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to 10`);
      }
      const withDecryption = optionalBoolean(input, 'WithDecryption') ?? false;
      const found: unknown[] = [];
      const invalid: string[] = [];
      for (const name of new Set(names)) {
        const parameter = lookup(request.region, name, withDecryption);
        if (parameter) found.push(parameter);
        else invalid.push(name);
      }
      return { Parameters: found, InvalidParameters: invalid };
    },
  });
}

/** `name`, `name:3` (a version) or an ARN of either; labels (`name:label`) are not supported. */
function parseReference(reference: string): { name: string; selector?: string; version?: number } {
  let name = reference.startsWith('arn:') ? reference.replace(/^arn:[^:]*:ssm:[^:]*:[^:]*:parameter/, '') : reference;
  if (reference.startsWith('arn:') && !/^\/.*\//.test(name)) name = name.replace(/^\//, '');
  const match = /^(.*):(\d+)$/.exec(name);
  if (!match) return { name };
  return { name: match[1]!, selector: `:${match[2]}`, version: Number(match[2]) };
}

function visibilityId(region: string, name: string): string {
  return `ssm-parameter:${region}:${name}`;
}

/** What AWS returns for a SecureString read without decryption: an opaque KMS ciphertext blob. */
function ciphertext(value: string): string {
  return Buffer.concat([Buffer.from([1, 2, 2, 0]), createHash('sha256').update(value).digest()]).toString('base64');
}

/** A stable AMI-shaped id for a public parameter when no EC2 catalog is attached. */
function placeholderImageId(region: string, name: string): string {
  return `ami-${createHash('sha256').update(`${region}${name}`).digest('hex').slice(0, 17)}`;
}
