// Data source `amazon-parameterstore` (Packer's datasource/parameterstore): one SSM parameter's value, version and
// ARN (GetParameter, read-parameter.ts, which brings the AWS SDK: loaded only when the data source is read).
import { attr, packerCoreSpec, resultOf, type ConfigOf, type ConfigSpec, type DataSourceComponent } from '@tspacker/sdk';
import { accessSpec } from '../access/config.js';
import { prepareAccess } from '../access/prepare-access.js';

export const parameterStoreDataSpec = {
  name: attr.string({ doc: 'The name of the parameter you want to query. Required.' }),
  with_decryption: attr.bool({ doc: 'Return decrypted values for secure string parameters (ignored for String and StringList).' }),
  ...accessSpec,
  ...packerCoreSpec,
} satisfies ConfigSpec;

export const parameterStoreDataOutputSpec = {
  value: attr.string({ doc: 'The parameter value.' }),
  version: attr.string({ doc: 'The parameter version.' }),
  arn: attr.string({ doc: 'The Amazon Resource Name (ARN) of the parameter.' }),
} satisfies ConfigSpec;

export type ParameterStoreDataConfig = ConfigOf<typeof parameterStoreDataSpec>;

export const parameterStoreDataSource: DataSourceComponent<typeof parameterStoreDataSpec, typeof parameterStoreDataOutputSpec> = {
  configSpec: parameterStoreDataSpec,
  outputSpec: parameterStoreDataOutputSpec,
  prepare(c) {
    const errors = prepareAccess(c);
    if (c.name === '') errors.push("a 'name' must be provided");
    return resultOf(errors);
  },
  async execute(c) {
    const { readParameter } = await import('./read-parameter.js');
    const parameter = await readParameter(c, c.name, c.with_decryption);
    return { value: parameter.Value ?? '', version: String(parameter.Version ?? 0), arn: parameter.ARN ?? '' };
  },
};
