// The read behind amazon-secretsmanager: one GetSecretValue in a session, with Packer's errors for a secret or
// version not found. Loaded only when the data source runs (it brings the AWS SDK), and statically importing the
// SDK: the CLI bundle cannot hand a dynamically imported CommonJS package's classes to ESM code.
import { GetSecretValueCommand, type GetSecretValueCommandInput, type GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';
import { goQuote } from '@tspacker/sdk';
import type { AccessConfig } from '../access/config.js';
import { awsErrorCode, awsErrorText } from '../common/aws-errors.js';
import { withDataSourceSession } from './data-source-session.js';

export interface SecretVersionQuery {
  readonly name: string;
  /** Wins over `versionStage` when not ''. */
  readonly versionId: string;
  readonly versionStage: string;
}

export async function readSecretVersion(access: AccessConfig, query: SecretVersionQuery): Promise<GetSecretValueCommandOutput> {
  const byId = query.versionId !== '';
  const version = byId ? query.versionId : query.versionStage;
  const input: GetSecretValueCommandInput = byId ? { SecretId: query.name, VersionId: version } : { SecretId: query.name, VersionStage: version };
  return withDataSourceSession(access, async (session) => {
    try {
      return await session.secretsManager().send(new GetSecretValueCommand(input));
    } catch (e) {
      const code = awsErrorCode(e);
      const deleted = code === 'InvalidRequestException' && String((e as Error).message).includes('because it was deleted');
      if (code === 'ResourceNotFoundException' || deleted) throw new Error(`Secrets Manager Secret ${goQuote(query.name)} Version ${goQuote(version)} not found`);
      throw new Error(`error reading Secrets Manager Secret Version: ${awsErrorText(e)}`);
    }
  });
}
