// What points AWS clients at a local cloud. A module of its own (no other imports) so that the CLI can print it
// without loading the endpoint.

/**
 * The environment that points AWS clients at a local cloud: the per-service endpoint variables (AWS SDKs, the Go
 * SDK v2 of current Packer plugins, AWS CLI ≥ 2.13) and static credentials, so no client looks for real ones.
 */
export function localCloudEnvironment(endpoint: string, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_EC2: endpoint,
    AWS_ENDPOINT_URL_STS: endpoint,
    AWS_ENDPOINT_URL_SSM: endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
    AWS_ENDPOINT_URL_KMS: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIALOCALCLOUD000001',
    AWS_SECRET_ACCESS_KEY: 'local-cloud-secret',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
