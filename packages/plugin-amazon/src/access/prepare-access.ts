// AccessConfig.Prepare: the checks Packer makes on the access options before anything runs, and its defaults.
// Packer does not require `region` here (its validate passes without one): the region comes from the template,
// AWS_REGION / AWS_DEFAULT_REGION or the profile when the session is made, which fails with a clear message if
// none is found. Likewise credentials are only looked up when the session is made.
import type { AccessConfig } from './config.js';

/** Packer raises the SDK's 3 retries to 10, making throttling failures less likely. */
export const DEFAULT_MAX_RETRIES = 10;

function vaultEngineIsSet(c: AccessConfig): boolean {
  const v = c.vault_aws_engine;
  return v !== undefined && (v.name !== '' || v.role_arn !== '' || v.engine_name !== '' || v.ttl !== '');
}

/** Fills the access defaults into `c` and returns Packer's errors, in its order. */
export function prepareAccess(c: AccessConfig): string[] {
  const errors: string[] = [];
  if (vaultEngineIsSet(c)) {
    if (c.access_key !== '') errors.push('If you have set vault_aws_engine, you must not set the access_key or secret_key.');
    // Packer reads the keys from Vault at this point; tspacker has no Vault AWS engine client.
    errors.push('vault_aws_engine is not supported by tspacker; set access_key/secret_key, a profile or the AWS_* environment instead.');
  }
  if ((c.access_key !== '') !== (c.secret_key !== '')) {
    errors.push('`access_key` and `secret_key` must both be either set or not set.');
  }
  if (c.max_retries === 0) c.max_retries = DEFAULT_MAX_RETRIES;
  return errors;
}
