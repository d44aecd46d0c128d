// Data source `null` (datasource/null): passes its `input` through as `output`; handy in tests.
import { attr, type ConfigOf, type ConfigSpec, type DataSourceComponent } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';
import { resultOf } from '../prepare-errors.js';

export const nullDataSpec = {
  input: attr.string({ doc: 'The value returned as `output`. Required.' }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export const nullDataOutputSpec = {
  output: attr.string({ doc: 'The `input` value.' }),
} satisfies ConfigSpec;

export type NullDataConfig = ConfigOf<typeof nullDataSpec>;

export const nullDataSource: DataSourceComponent<typeof nullDataSpec, typeof nullDataOutputSpec> = {
  configSpec: nullDataSpec,
  outputSpec: nullDataOutputSpec,
  prepare: (c) => resultOf(c.input === '' ? ['The `input` must be specified'] : []),
  execute: async (c) => ({ output: c.input }),
};
