// Data source `amazon-secretsmanager` (Packer's datasource/secretsmanager): one version of a secret (by
// version_id, else by version_stage, AWSCURRENT by default), its string or binary value, and the value of one key
// of a JSON secret. The call is read-secret.ts (it brings the AWS SDK: loaded only when the data source is read).
// No error carries the secret's value.
import { attr, goQuote, packerCoreSpec, resultOf, type ConfigOf, type ConfigSpec, type DataSourceComponent } from '@tspacker/sdk';
import { accessSpec } from '../access/config.js';
import { prepareAccess } from '../access/prepare-access.js';

export const secretsManagerDataSpec = {
  name: attr.string({ doc: 'The secret: its ARN or friendly name. Required.' }),
  key: attr.string({ doc: 'For a JSON secret with several values: the key whose value `value` holds.' }),
  version_id: attr.string({ doc: 'The version of the secret to read; overrides `version_stage`.' }),
  version_stage: attr.string({ doc: 'The staging label of the version to read. Defaults to `AWSCURRENT`.' }),
  ...accessSpec,
  ...packerCoreSpec,
} satisfies ConfigSpec;

export const secretsManagerDataOutputSpec = {
  value: attr.string({ doc: 'The value of `key` in a JSON secret (the first value when no key is set); a plain text secret itself.' }),
  secret_string: attr.string({ doc: 'The secret, when it was stored as a string.' }),
  secret_binary: attr.string({ doc: 'The secret, when it was stored as binary.' }),
  version_id: attr.string({ doc: 'The unique identifier of the version read.' }),
} satisfies ConfigSpec;

export type SecretsManagerDataConfig = ConfigOf<typeof secretsManagerDataSpec>;

/** Go's %T of a value decoded from JSON into interface{}. */
function goTypeName(v: unknown): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/** strconv.FormatFloat(v, 'f', 0, 64): rounded half to even, every digit, no exponent. */
function formatFloat0(v: number): string {
  const floor = Math.floor(v);
  const diff = v - floor;
  const rounded = diff > 0.5 || (diff === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return (rounded === 0 && (v < 0 || Object.is(v, -0)) ? '-' : '') + BigInt(rounded).toString();
}

function stringSecretValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloat0(v);
  throw new Error(`Unsupported secret value type: ${goTypeName(v)}`);
}

/**
 * Packer's getSecretValue: plain text as is; for a JSON object, the value of `key`, or with no key its first
 * value (Go's map order is random; here it is the object's order), or '' when the key is absent.
 */
export function secretValue(secretString: string, key: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    return secretString;
  }
  if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
    const what = Array.isArray(parsed) ? 'array' : typeof parsed;
    throw new Error(`json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
  }
  const values = (parsed ?? {}) as Record<string, unknown>;
  if (key === '') {
    const first = Object.values(values)[0];
    if (first !== undefined) return stringSecretValue(first);
  }
  return Object.hasOwn(values, key) ? stringSecretValue(values[key]) : '';
}

export const secretsManagerDataSource: DataSourceComponent<typeof secretsManagerDataSpec, typeof secretsManagerDataOutputSpec> = {
  configSpec: secretsManagerDataSpec,
  outputSpec: secretsManagerDataOutputSpec,
  prepare(c) {
    const errors = prepareAccess(c);
    if (c.name === '') errors.push("a 'name' must be provided");
    if (c.version_stage === '') c.version_stage = 'AWSCURRENT';
    return resultOf(errors);
  },
  async execute(c) {
    const { readSecretVersion } = await import('./read-secret.js');
    const secret = await readSecretVersion(c, { name: c.name, versionId: c.version_id, versionStage: c.version_stage });
    const secretString = secret.SecretString ?? '';
    let value: string;
    try {
      value = secretValue(secretString, c.key);
    } catch (e) {
      throw new Error(`error to get secret value: ${goQuote((e as Error).message)}`);
    }
    return {
      value,
      secret_string: secretString,
      // Go's string([]byte): the bytes themselves (read as UTF-8 here), not base64.
      secret_binary: secret.SecretBinary ? Buffer.from(secret.SecretBinary).toString('utf8') : '',
      version_id: secret.VersionId ?? '',
    };
  },
};
