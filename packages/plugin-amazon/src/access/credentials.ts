// Where a session's credentials and region come from (Packer's AccessConfig / aws-sdk-go-base order): static keys
// in the config; else an explicit profile (or shared_credentials_file); else the SDK's default chain — environment,
// SSO, shared files, credential_process, web identity token, container and instance metadata (IMDS, unless
// skip_metadata_api_check or AWS_EC2_METADATA_DISABLED). With assume_role, those credentials assume the role via STS.
// Everything is read from the `env` given (the process environment by default), so sessions are testable.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { STSClientConfig } from '@aws-sdk/client-sts';
import {
  fromContainerMetadata,
  fromIni,
  fromInstanceMetadata,
  fromProcess,
  fromSSO,
  fromTemporaryCredentials,
  fromTokenFile,
} from '@aws-sdk/credential-providers';
import { awsErrorText } from '../common/aws-errors.js';
import type { AccessConfig } from './config.js';

export type Env = Record<string, string | undefined>;

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}
export type CredentialProvider = () => Promise<AwsCredentials>;

/** The shared config and credentials files and the profile a config reads (AWS_PROFILE, HOME/.aws/…). */
export interface SharedFiles {
  readonly profile: string;
  readonly filepath: string;
  readonly configFilepath: string;
}

export function sharedFiles(access: AccessConfig, env: Env): SharedFiles {
  const home = env.HOME || env.USERPROFILE || homedir();
  return {
    profile: access.profile || env.AWS_PROFILE || 'default',
    filepath: access.shared_credentials_file || env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
    configFilepath: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
  };
}

/** `key = value` of one INI section (`[name]`), or undefined when the file or section is absent. */
function iniSection(path: string, section: string): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  let current: string | undefined;
  let found: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      current = header[1]!.replace(/\s+/g, ' ');
      if (current === section) found ??= {};
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (pair && current === section && found) found[pair[1]!.trim()] = pair[2]!;
  }
  return found;
}

/** The region of the config, else AWS_REGION, AWS_DEFAULT_REGION, else the profile's `region` in the shared files. */
export function resolveRegion(access: AccessConfig, env: Env): string | undefined {
  if (access.region) return access.region;
  if (env.AWS_REGION) return env.AWS_REGION;
  if (env.AWS_DEFAULT_REGION) return env.AWS_DEFAULT_REGION;
  const files = sharedFiles(access, env);
  const configSection = files.profile === 'default' ? 'default' : `profile ${files.profile}`;
  return iniSection(files.configFilepath, configSection)?.region || iniSection(files.filepath, files.profile)?.region || undefined;
}

/** Tries providers in order; the first that yields credentials wins (the SDK's chain, with our environment). */
function chain(providers: readonly (readonly [string, CredentialProvider])[]): CredentialProvider {
  return async () => {
    const failures: string[] = [];
    for (const [name, provider] of providers) {
      try {
        return await provider();
      } catch (e) {
        const error = e as { message?: string; tryNextLink?: boolean };
        // A provider that was configured but broken (bad profile, failing process) is the answer, not a miss.
        if (error.tryNextLink === false) throw e;
        failures.push(`${name}: ${error.message ?? String(e)}`);
      }
    }
    throw Object.assign(new Error(`no credentials in the chain (${failures.join('; ')})`), { code: 'NoCredentialProviders' });
  };
}

function envCredentials(env: Env): CredentialProvider {
  return async () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID || env.AWS_ACCESS_KEY;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY || env.AWS_SECRET_KEY;
    if (!accessKeyId || !secretAccessKey) throw Object.assign(new Error('AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY not set'), { tryNextLink: true });
    return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
  };
}

function metadataDisabled(access: AccessConfig, env: Env): boolean {
  return access.skip_metadata_api_check === true || (env.AWS_EC2_METADATA_DISABLED ?? '').toLowerCase() === 'true';
}

/** The credentials before any role assumption. */
function baseCredentials(access: AccessConfig, env: Env): CredentialProvider {
  if (access.access_key && access.secret_key) {
    const fixed: AwsCredentials = { accessKeyId: access.access_key, secretAccessKey: access.secret_key, ...(access.token ? { sessionToken: access.token } : {}) };
    return async () => fixed;
  }
  const files = sharedFiles(access, env);
  const shared = { profile: files.profile, filepath: files.filepath, configFilepath: files.configFilepath, ignoreCache: true };
  const mfaCodeProvider = access.mfa_code ? async () => access.mfa_code! : undefined;
  const fromProfile = fromIni({ ...shared, ...(mfaCodeProvider ? { mfaCodeProvider } : {}) });
  const links: [string, CredentialProvider][] = [];
  // As the SDKs do: a profile named in the config (or AWS_PROFILE) beats keys in the environment.
  const profileNamed = Boolean(access.profile || access.shared_credentials_file || env.AWS_PROFILE);
  if (!profileNamed) links.push(['environment', envCredentials(env)]);
  links.push(['sso', fromSSO(shared)], ['shared files', fromProfile], ['credential_process', fromProcess(shared)]);
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) {
    links.push(['web identity', fromTokenFile({ webIdentityTokenFile: env.AWS_WEB_IDENTITY_TOKEN_FILE, roleArn: env.AWS_ROLE_ARN, ...(env.AWS_ROLE_SESSION_NAME ? { roleSessionName: env.AWS_ROLE_SESSION_NAME } : {}) })]);
  }
  if (!metadataDisabled(access, env)) {
    if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) links.push(['container metadata', fromContainerMetadata()]);
    else links.push(['instance metadata', fromInstanceMetadata({ timeout: 1000, maxRetries: 1 })]);
  }
  return chain(links);
}

/**
 * The session's credential provider. `stsConfig` is how the STS client of assume_role reaches STS (region,
 * endpoint, TLS, retry strategy of the session).
 */
export function credentialProvider(access: AccessConfig, env: Env, stsConfig: STSClientConfig): CredentialProvider {
  const base = baseCredentials(access, env);
  const role = access.assume_role;
  if (!role?.role_arn) return base;
  const assumed = fromTemporaryCredentials({
    params: {
      RoleArn: role.role_arn,
      ...(role.duration_seconds ? { DurationSeconds: role.duration_seconds } : {}),
      ...(role.external_id ? { ExternalId: role.external_id } : {}),
      ...(role.policy ? { Policy: role.policy } : {}),
      ...(role.policy_arns?.length ? { PolicyArns: role.policy_arns.map((arn) => ({ arn })) } : {}),
      ...(role.session_name ? { RoleSessionName: role.session_name } : {}),
      ...(role.tags && Object.keys(role.tags).length > 0 ? { Tags: Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
      ...(role.transitive_tag_keys?.length ? { TransitiveTagKeys: role.transitive_tag_keys } : {}),
    },
    masterCredentials: base,
    clientConfig: stsConfig,
  });
  return async () => {
    try {
      return await assumed();
    } catch (e) {
      // The base credentials' secrets never reach this text: STS answers with a code and a message only.
      throw new Error(`IAM Role (${role.role_arn}) cannot be assumed: ${awsErrorText(e)}`);
    }
  };
}

/** Packer's error when no source yields credentials. */
export function noValidCredentialSourcesError(cause: string): Error {
  return new Error(
    'No valid credential sources found for AWS Builder. Please see https://www.packer.io/docs/builders/amazon#authentication ' +
      `for more information on providing credentials for the AWS Builder. Error: ${cause}`,
  );
}
