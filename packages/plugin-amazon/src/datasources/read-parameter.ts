// The read behind amazon-parameterstore: one SSM GetParameter in a session, with Packer's errors for a parameter
// or version not found. Loaded only when the data source runs (it brings the AWS SDK), and statically importing
// the SDK: the CLI bundle cannot hand a dynamically imported CommonJS package's classes to ESM code.
import { GetParameterCommand, type Parameter } from '@aws-sdk/client-ssm';
import { goQuote } from '@tspacker/sdk';
import type { AccessConfig } from '../access/config.js';
import { awsErrorCode, awsErrorText } from '../common/aws-errors.js';
import { withDataSourceSession } from './data-source-session.js';

export async function readParameter(access: AccessConfig, name: string, withDecryption: boolean): Promise<Parameter> {
  return withDataSourceSession(access, async (session) => {
    try {
      const { Parameter: parameter } = await session.ssm().send(new GetParameterCommand({ Name: name, WithDecryption: withDecryption }));
      return parameter ?? {};
    } catch (e) {
      const code = awsErrorCode(e);
      if (code === 'ParameterNotFound') throw new Error(`The parameter name ${goQuote(name)} not found`);
      if (code === 'ParameterVersionNotFound') throw new Error(`The parameter version ${goQuote(name)} not found`);
      throw new Error(`error to get parameter value: ${awsErrorText(e)}`);
    }
  });
}
