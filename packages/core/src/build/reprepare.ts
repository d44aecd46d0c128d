// Re-preparing an HCL2 provisioner or post-processor at run time (Packer's HCL2Provisioner.HCL2Prepare and
// HCL2PostProcessor.HCL2Prepare): the block is decoded again in the context it was prepared in, with `build.*`
// holding the builder's real generated data instead of placeholders, and `{{ build `X` }}` / `{{ .X }}` strings
// rendered with that data. The component then gets a fresh configuration for this run. get-builds.ts makes this
// each step's `configureFor`; legacy JSON builds have their own (legacy/builds.ts).
import {
  boolVal,
  childContext,
  diagnosticsToString,
  hasErrors,
  numberFloatVal,
  objectVal,
  stringVal,
  tupleVal,
  type Body,
  type EvalContext,
  type Value,
} from '@tspacker/hcl';
import type { ConfigOf, ConfigSpec, CoreInfo, GeneratedData, PostProcessorComponent, ProvisionerComponent } from '@tspacker/sdk';
import { prepareErrorText } from '@tspacker/sdk';
import { configure } from '../template/get-builds.js';

/** A failed re-prepare: the text Packer's Provision/PostProcess would return as its error. */
export class ReprepareError extends Error {}

/** ConvertPluginConfigValueToHCLValue for the plain values builders put in their generated data. */
function hclValue(v: unknown): Value {
  if (typeof v === 'string') return stringVal(v);
  if (typeof v === 'number') return numberFloatVal(v);
  if (typeof v === 'boolean') return boolVal(v);
  if (Array.isArray(v)) return tupleVal(v.map(hclValue));
  if (v !== null && typeof v === 'object') return objectVal(Object.entries(v).map(([k, e]) => [k, hclValue(e)] as [string, Value]));
  return stringVal(String(v ?? ''));
}

/** The evaluation context with `build.*` = prepare-time values overlaid by the generated data. */
function contextWithBuildData(ctx: EvalContext, data: GeneratedData): EvalContext {
  if (Object.keys(data).length === 0) return ctx;
  const prior = lookupVariable(ctx, 'build');
  const values = new Map<string, Value>(prior && prior.isKnown && !prior.isNull ? prior.asEntries() : []);
  for (const [k, v] of Object.entries(data)) values.set(k, hclValue(v));
  return childContext(ctx, new Map([['build', objectVal(values)]]));
}

function lookupVariable(ctx: EvalContext | undefined, name: string): Value | undefined {
  for (let c = ctx; c; c = c.parent) {
    const v = c.variables?.get(name);
    if (v) return v;
  }
  return undefined;
}


/**
 * A provisioner's or post-processor's configuration for this run: its body decoded again in the context it was
 * prepared in, with the generated data, then prepared again (its `override` for the build's source still applies).
 */
export function reprepareHcl(
  core: CoreInfo,
  component: ProvisionerComponent | PostProcessorComponent,
  body: Body,
  evalContext: EvalContext,
  override: ReadonlyMap<string, Value> | undefined,
  data: GeneratedData,
): Record<string, unknown> {
  const ctx = contextWithBuildData(evalContext, data);
  const interpolation = {
    mode: 'hcl2' as const,
    buildName: core.buildName,
    buildType: core.builderType,
    coreVersion: core.coreVersion,
    data,
  };
  const configured = configure({ interpolation }, component, body, ctx, override);
  if (hasErrors(configured.decodeDiags)) throw new ReprepareError(diagnosticsToString(configured.decodeDiags));
  if (!configured.config) throw new ReprepareError(configured.error ?? 'configuration failed');
  const error = prepareErrorText(component.prepare(configured.config as ConfigOf<ConfigSpec>, core));
  if (error !== undefined) throw new ReprepareError(error);
  return configured.config;
}
