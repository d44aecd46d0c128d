// An AccessConfig as the builder gets it, for tests that make sessions directly.
import { configFromValue, valueFromConfig } from '@tspacker/sdk';
import { accessSpec, type AccessConfig } from '../src/access/config.js';

/** `options` decoded through accessSpec: unset options at their zero values (fails the test on a bad option). */
export function accessConfig(options: Record<string, unknown>): AccessConfig {
  const { config, errors } = configFromValue(accessSpec, valueFromConfig(accessSpec, options));
  expect(errors).toEqual([]);
  return config;
}
