// AccessConfig: how the amazon components reach AWS (credentials, region, endpoint, retries, polling), shared by
// the builder and the data sources. Reference: amazon-ebs.md §4.1 and §3.1.
import { attr, block, type ConfigOf, type ConfigSpec } from '@tspacker/sdk';

export const assumeRoleSpec = {
  role_arn: attr.string(),
  duration_seconds: attr.int(),
  external_id: attr.string(),
  policy: attr.string(),
  policy_arns: attr.list(attr.string()),
  session_name: attr.string(),
  tags: attr.map(attr.string()),
  transitive_tag_keys: attr.list(attr.string()),
} satisfies ConfigSpec;

export const pollingSpec = {
  delay_seconds: attr.int(),
  max_attempts: attr.int(),
} satisfies ConfigSpec;

export const accessSpec = {
  access_key: attr.string(),
  secret_key: attr.string(),
  token: attr.string(),
  region: attr.string(),
  profile: attr.string(),
  shared_credentials_file: attr.string(),
  custom_endpoint_ec2: attr.string(),
  insecure_skip_tls_verify: attr.bool(),
  max_retries: attr.int(),
  mfa_code: attr.string(),
  skip_metadata_api_check: attr.bool(),
  skip_credential_validation: attr.bool(),
  skip_region_validation: attr.bool(),
  decode_authorization_messages: attr.bool(),
  assume_role: block.single(assumeRoleSpec),
  vault_aws_engine: block.single({ name: attr.string(), role_arn: attr.string(), ttl: attr.string(), engine_name: attr.string() }),
  aws_polling: block.single(pollingSpec),
} satisfies ConfigSpec;

export type AccessConfig = ConfigOf<typeof accessSpec>;
export type PollingConfig = ConfigOf<typeof pollingSpec>;
