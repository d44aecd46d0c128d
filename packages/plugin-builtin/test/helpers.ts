// Test helpers: a component's configuration from HCL body text, decoded the way core does it (decodeConfig, then
// configFromValue), and the text Packer would print for its prepare result.
import { parseConfig, renderDiagnostics } from '@tspacker/hcl';
import { configFromValue, decodeConfig, type ConfigOf, type ConfigSpec } from '@tspacker/sdk';
import { testCore as sdkTestCore } from '@tspacker/sdk/testing';

/** The configuration object for `text` (an HCL body) under `spec`; throws on decode diagnostics or errors. */
export function configFromHcl<S extends ConfigSpec>(spec: S, text: string): ConfigOf<S> {
  const parsed = parseConfig(text, 'test.pkr.hcl');
  if (parsed.diags.length > 0) throw new Error(renderDiagnostics(parsed.diags));
  const decoded = decodeConfig(parsed.body, spec);
  if (decoded.diags.length > 0) throw new Error(renderDiagnostics(decoded.diags));
  const { config, errors } = configFromValue(spec, decoded.value);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return config;
}

/** The CoreInfo of a build `null.a`. */
export const testCore = sdkTestCore({ buildName: 'a' });
