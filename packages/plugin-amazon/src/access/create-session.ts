// createAwsSession: one AwsSession per build (or data source read) — credentials resolved and checked once, then
// clients created lazily, one per service and region, all sharing the credentials, the endpoint overrides, TLS
// settings and the process-wide throttling retry strategy. validateRegions: Packer's DescribeRegions check.
import { Agent } from 'node:https';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { abortError } from '@tspacker/sdk';
import { awsErrorCode, awsErrorText } from '../common/aws-errors.js';
import { pollingFrom } from '../common/polling.js';
import type { AccessConfig } from './config.js';
import { credentialProvider, noValidCredentialSourcesError, resolveRegion, sharedFiles, type AwsCredentials, type CredentialProvider, type Env } from './credentials.js';
import type { AwsSession, Polling } from './session.js';
import { sharedRetryStrategy } from './throttling.js';

export interface AwsSessionOptions {
  /**
   * Cancels credential resolution and validation. Not the clients' retries: cleanup runs after a cancellation and
   * must still ride out throttling; each call is cancelled by its own `abortSignal`.
   */
  readonly signal?: AbortSignal;
  /** Where AWS_* variables are read from (default: the process environment). */
  readonly env?: Env;
}

/** Packer's default for max_retries: attempts in all, "to make throttling issues less likely" (the SDK's is 3). */
export const DEFAULT_MAX_ATTEMPTS = 10;

/** Service endpoint variables the SDKs honour (AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL). */
const ENDPOINT_VARIABLES = { ec2: 'AWS_ENDPOINT_URL_EC2', sts: 'AWS_ENDPOINT_URL_STS', ssm: 'AWS_ENDPOINT_URL_SSM', secretsManager: 'AWS_ENDPOINT_URL_SECRETS_MANAGER' } as const;
type Service = keyof typeof ENDPOINT_VARIABLES;

/** A base URL with a scheme (Packer accepted custom_endpoint_ec2 without one). */
function withScheme(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`;
}

/** The endpoint override of a service: custom_endpoint_ec2 for EC2 (every region), else the environment. */
function endpointFor(service: Service, access: AccessConfig, env: Env): string | undefined {
  if (service === 'ec2' && access.custom_endpoint_ec2) return withScheme(access.custom_endpoint_ec2);
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return undefined;
  const url = env[ENDPOINT_VARIABLES[service]] || env.AWS_ENDPOINT_URL;
  return url ? withScheme(url) : undefined;
}

/** Resolves once and shares the credentials among clients, refreshing five minutes before they expire. */
function memoized(provider: CredentialProvider): CredentialProvider {
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  return async () => {
    if (cached && (cached.expiration === undefined || cached.expiration.getTime() - Date.now() > 5 * 60_000)) return cached;
    pending ??= provider()
      .then((credentials) => (cached = credentials))
      .finally(() => (pending = undefined));
    return pending;
  };
}

/** Awaits `work`, or rejects with the signal's reason as soon as it aborts. */
function unlessAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

class Session implements AwsSession {
  readonly polling: Polling;
  accountId = '';
  private readonly clients = new Map<string, { destroy(): void }>();
  private readonly common: {
    credentials: CredentialProvider;
    retryStrategy: ReturnType<typeof sharedRetryStrategy>;
    maxAttempts: number;
    requestHandler?: { httpsAgent: Agent };
  };

  constructor(
    readonly region: string,
    private readonly access: AccessConfig,
    private readonly env: Env,
  ) {
    this.polling = pollingFrom(access.aws_polling, env);
    const maxAttempts = access.max_retries && access.max_retries > 0 ? access.max_retries : DEFAULT_MAX_ATTEMPTS;
    const retryStrategy = sharedRetryStrategy(maxAttempts);
    const requestHandler = access.insecure_skip_tls_verify ? { httpsAgent: new Agent({ rejectUnauthorized: false, keepAlive: true }) } : undefined;
    const stsConfig = { region, retryStrategy, maxAttempts, ...this.endpointOption('sts'), ...(requestHandler ? { requestHandler } : {}) };
    this.common = { credentials: memoized(credentialProvider(access, env, stsConfig)), retryStrategy, maxAttempts, ...(requestHandler ? { requestHandler } : {}) };
  }

  private endpointOption(service: Service): { endpoint?: string } {
    const endpoint = endpointFor(service, this.access, this.env);
    return endpoint ? { endpoint } : {};
  }

  private client<C extends { destroy(): void }>(service: Service, region: string | undefined, make: (config: Record<string, unknown>) => C): C {
    const key = `${service}/${region ?? this.region}`;
    let client = this.clients.get(key) as C | undefined;
    if (!client) {
      client = make({ region: region ?? this.region, ...this.common, ...this.endpointOption(service) });
      this.clients.set(key, client);
    }
    return client;
  }

  ec2(region?: string): EC2Client {
    return this.client('ec2', region, (config) => new EC2Client(config));
  }
  sts(): STSClient {
    return this.client('sts', undefined, (config) => new STSClient(config));
  }
  ssm(region?: string): SSMClient {
    return this.client('ssm', region, (config) => new SSMClient(config));
  }
  secretsManager(region?: string): SecretsManagerClient {
    return this.client('secretsManager', region, (config) => new SecretsManagerClient(config));
  }

  /** The credentials, resolved now (Packer resolves them when the session is made). */
  credentials(): Promise<AwsCredentials> {
    return this.common.credentials();
  }

  /** Secrets of the config that must never show in an error. */
  secrets(): string[] {
    return [this.access.secret_key, this.access.token, this.access.mfa_code].filter((s): s is string => Boolean(s));
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    this.common.requestHandler?.httpsAgent.destroy();
  }
}

/**
 * A session for an AccessConfig: region (config, AWS_REGION, AWS_DEFAULT_REGION, the profile), credentials
 * resolved (Packer's "No valid credential sources found…" when none), and unless skip_credential_validation, STS
 * GetCallerIdentity for the account id.
 */
export async function createAwsSession(access: AccessConfig, options: AwsSessionOptions = {}): Promise<AwsSession> {
  const env = options.env ?? process.env;
  const region = resolveRegion(access, env);
  if (!region) {
    const { profile } = sharedFiles(access, env);
    throw new Error(`No region was found: set \`region\`, AWS_REGION or AWS_DEFAULT_REGION, or a region in the AWS profile "${profile}".`);
  }
  const session = new Session(region, access, env);
  try {
    try {
      await unlessAborted(session.credentials(), options.signal);
    } catch (e) {
      if (options.signal?.aborted) throw e;
      const text = awsErrorText(e, session.secrets());
      if (awsErrorCode(e) === 'NoCredentialProviders' || (e as { code?: string }).code === 'NoCredentialProviders') throw noValidCredentialSourcesError(text);
      throw new Error(`Error loading credentials for AWS Provider: ${text}`);
    }
    if (!access.skip_credential_validation) {
      try {
        const identity = await session.sts().send(new GetCallerIdentityCommand({}), options.signal ? { abortSignal: options.signal } : {});
        session.accountId = identity.Account ?? '';
      } catch (e) {
        if (options.signal?.aborted) throw abortError(options.signal);
        throw new Error(`validating provider credentials: retrieving caller identity from STS: ${awsErrorText(e, session.secrets())}`);
      }
    }
    return session;
  } catch (e) {
    session.destroy();
    throw e;
  }
}

/** Go's %v of a []string: `[a b c]`. */
function goList(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

/**
 * Packer's ValidateRegion: every non-empty region must be one DescribeRegions lists, else "Invalid region(s): [x],
 * available regions: [a b …]". The caller skips it when skip_region_validation is set (the builder's pre-validate
 * step, with region + ami_regions).
 */
export async function validateRegions(session: AwsSession, regions: readonly string[], signal?: AbortSignal): Promise<void> {
  const wanted = [...new Set(regions.filter((r) => r !== ''))];
  if (wanted.length === 0) return;
  const answer = await session.ec2().send(new DescribeRegionsCommand({}), signal ? { abortSignal: signal } : {});
  const available = (answer.Regions ?? []).map((r) => r.RegionName ?? '').filter((r) => r !== '');
  const invalid = wanted.filter((r) => !available.includes(r));
  if (invalid.length > 0) throw new Error(`Invalid region(s): ${goList(invalid)}, available regions: ${goList(available)}`);
}
