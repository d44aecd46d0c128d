// The services besides EC2 that one endpoint serves, built together so they share the account and the
// eventual-consistency hook: STS, SSM, Secrets Manager and KMS, plus the stores the admin endpoint feeds.
import type { AwsService } from '../contracts.js';
import { createKmsService, KmsKeyStore } from './kms.js';
import { createSecretsManagerService, SecretStore } from './secrets-manager.js';
import type { ServiceContext } from './service-context.js';
import { createSsmService, ParameterStore } from './ssm.js';
import type { LatestImageId } from './ssm-public-parameters.js';
import { createStsService } from './sts.js';

export interface NonEc2Services {
  /** For the server's service list (by SigV4 signing name: sts, ssm, secretsmanager, kms). */
  readonly services: readonly AwsService[];
  readonly parameters: ParameterStore;
  readonly secrets: SecretStore;
  /** Also what EC2 can use to validate KmsKeyId (`findKey(region, reference)`). */
  readonly kmsKeys: KmsKeyStore;
}

export interface NonEc2ServicesOptions extends Partial<ServiceContext> {
  /** How the public /aws/service/ AMI parameters resolve (default: the seeded catalog). */
  readonly latestImageId?: LatestImageId;
}

export function createNonEc2Services(options: NonEc2ServicesOptions = {}): NonEc2Services {
  const parameters = new ParameterStore(options, options.latestImageId);
  const secrets = new SecretStore(options);
  const kmsKeys = new KmsKeyStore(options);
  return {
    services: [createStsService(options), createSsmService(parameters), createSecretsManagerService(secrets), createKmsService(kmsKeys, options)],
    parameters,
    secrets,
    kmsKeys,
  };
}
