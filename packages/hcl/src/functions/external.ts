// Packer's functions that read secrets from outside services: aws_secretsmanager, aws_secretsmanager_raw,
// consul_key and vault. The network lookups themselves are pluggable (function calls are synchronous, so a provider
// answers from a cache or a synchronous client); the decisions Packer's plugin SDK takes on the answers (JSON key
// extraction, KV v1/v2 layouts, empty values) and its error texts live here.
import { StringType } from '../values/types.js';
import { stringVal } from '../values/value.js';
import { FunctionError, type FunctionDef } from './function.js';
import { goQuote } from './go-text.js';

/** What a Vault logical read returned. */
export interface VaultSecret {
  readonly data: Readonly<Record<string, unknown>>;
  readonly warnings?: readonly string[];
}

/**
 * Lookups against the real services. Each method throws an Error whose message is the client's error text (wrapped
 * as Packer wraps it), and returns undefined for "not found".
 */
export interface SecretsProvider {
  /** Secrets Manager GetSecretValue (stage AWSCURRENT): the SecretString, or undefined when it is binary. */
  awsSecretString?(name: string): string | undefined;
  /** Consul KV get: the value, or undefined when the key does not exist. */
  consulGet?(key: string): string | undefined;
  /** Vault logical read of `path`, or undefined when nothing is there. */
  vaultRead?(path: string): VaultSecret | undefined;
}

export interface ExternalOptions {
  readonly secrets?: SecretsProvider;
  /** Environment for VAULT_TOKEN; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const notConfigured = (service: string) => `no ${service} client is configured for this evaluation`;

/** Go's %T for a decoded JSON value. */
function goJsonTypeName(v: unknown): string {
  if (v === null) return '<nil>';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  return typeof v;
}

/** strconv.FormatFloat(v, 'f', 0, 64): correctly rounded, ties to even, no exponent. */
function formatFloatNoDecimals(v: number): string {
  let r = Math.round(v);
  if (Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0) r -= 1; // JS rounds ties up; Go to even
  if (Object.is(r, -0) || (r === 0 && v < 0)) return '-0';
  return BigInt(r).toString();
}

/** The SDK's getSecretValue: plain text as is; JSON objects give the value of `key` (or their only value). */
function secretValue(secret: string, key: string, raw: boolean): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    return secret;
  }
  if (raw) return secret;
  if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
    const what = Array.isArray(parsed) ? 'array' : typeof parsed;
    throw new FunctionError(`json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
  }
  const obj = (parsed ?? {}) as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (key === '' && keys.length > 1) throw new FunctionError('Secret has multiple values and no key was set');
  const pick = key === '' ? keys[0] : Object.hasOwn(obj, key) ? key : undefined;
  if (pick === undefined) throw new FunctionError(`No secret found for key ${goQuote(key)}`);
  const v = obj[pick];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloatNoDecimals(v);
  throw new FunctionError(`Unsupported secret value type: ${goJsonTypeName(v)}`);
}

export function externalFunctions(opts: ExternalOptions = {}): Record<string, FunctionDef> {
  const secrets = opts.secrets ?? {};
  const env = opts.env ?? process.env;

  const awsLookup = (name: string, key: string, raw: boolean): string => {
    if (name.length === 0) throw new FunctionError('At least one secret name must be provided');
    if (!secrets.awsSecretString) throw new FunctionError(`operation error Secrets Manager: GetSecretValue, ${notConfigured('AWS Secrets Manager')}`);
    let s: string | undefined;
    try {
      s = secrets.awsSecretString(name);
    } catch (e) {
      throw new FunctionError((e as Error).message);
    }
    if (s === undefined) throw new FunctionError('Secret is not string');
    return secretValue(s, key, raw);
  };

  const aws_secretsmanager: FunctionDef = {
    params: [
      { name: 'name', type: StringType },
      { name: 'key', type: StringType, allowNull: true },
    ],
    returnType: () => StringType,
    impl: ([name, key]) => stringVal(awsLookup(name!.asString(), key!.isNull ? '' : key!.asString(), false)),
  };

  const aws_secretsmanager_raw: FunctionDef = {
    params: [{ name: 'name', type: StringType }],
    returnType: () => StringType,
    impl: ([name]) => stringVal(awsLookup(name!.asString(), '', true)),
  };

  const consul_key: FunctionDef = {
    params: [{ name: 'key', type: StringType }],
    returnType: () => StringType,
    impl: ([k]) => {
      const key = k!.asString();
      if (!secrets.consulGet) throw new FunctionError(`error reading consul key: ${notConfigured('Consul')}`);
      let v: string | undefined;
      try {
        v = secrets.consulGet(key);
      } catch (e) {
        throw new FunctionError(`error reading consul key: ${(e as Error).message}`);
      }
      if (v === undefined) throw new FunctionError(`key does not exist at the given path: ${key}`);
      if (v === '') throw new FunctionError(`value is empty at path ${key}`);
      return stringVal(v);
    },
  };

  const vault: FunctionDef = {
    params: [
      { name: 'path', type: StringType },
      { name: 'key', type: StringType },
    ],
    returnType: () => StringType,
    impl: ([p, k]) => {
      const path = p!.asString();
      const key = k!.asString();
      if (!env['VAULT_TOKEN']) throw new FunctionError('Must set VAULT_TOKEN env var in order to use vault template function');
      if (!secrets.vaultRead) throw new FunctionError(`Error reading vault secret: ${notConfigured('Vault')}`);
      let secret: VaultSecret | undefined;
      try {
        secret = secrets.vaultRead(path);
      } catch (e) {
        throw new FunctionError(`Error reading vault secret: ${(e as Error).message}`);
      }
      if (secret === undefined) throw new FunctionError('Vault Secret does not exist at the given path');
      const asString = (v: unknown): string => {
        if (typeof v !== 'string') {
          throw new FunctionError(`panic in function implementation: interface conversion: interface {} is ${goJsonTypeName(v)}, not string`);
        }
        return v;
      };
      if (!Object.hasOwn(secret.data, 'data')) {
        // KV version 1 keeps the values at the top level.
        if (Object.hasOwn(secret.data, key)) return stringVal(asString(secret.data[key]));
        throw new FunctionError(
          'Vault data was empty at the given path. Check the Vault function docs for help: ' +
            'https://www.packer.io/docs/templates/hcl_templates/functions/contextual/vault. ' +
            `Original warnings from Vault call: ${(secret.warnings ?? []).join('; ')}`,
        );
      }
      const data = secret.data['data'] as Record<string, unknown>;
      if (data !== null && typeof data === 'object' && Object.hasOwn(data, key)) return stringVal(asString(data[key]));
      throw new FunctionError('Vault path does not contain the requested key');
    },
  };

  return { aws_secretsmanager, aws_secretsmanager_raw, consul_key, vault };
}
