// Re-preparing a provisioner or post-processor at run time (Packer's HCL2Provisioner.HCL2Prepare and
// HCL2PostProcessor.HCL2Prepare): the block is decoded again in the context it was prepared in, with `build.*`
// holding the builder's real generated data instead of placeholders, and `{{ build `X` }}` / `{{ .X }}` strings
// rendered with that data. The component then gets a fresh configuration for this run.
import {
  boolVal,
  childContext,
  diagnosticsToString,
  hasErrors,
  numberFloatVal,
  objectVal,
  stringVal,
  tupleVal,
  type EvalContext,
  type Value,
} from '@tspacker/hcl';
import type { ConfigOf, ConfigSpec, CoreInfo, GeneratedData, PrepareResult } from '@tspacker/sdk';
import { prepareErrorText } from '@tspacker/sdk';
import { configure, type CoreBuildPostProcessor, type CoreBuildProvisioner } from '../template/get-builds.js';

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


function reprepare(
  core: CoreInfo,
  step: CoreBuildProvisioner | CoreBuildPostProcessor,
  data: GeneratedData,
  override: ReadonlyMap<string, Value> | undefined,
  prepare: (config: Record<string, unknown>) => PrepareResult,
): Record<string, unknown> {
  const ctx = contextWithBuildData(step.evalContext, data);
  const interpolation = {
    mode: 'hcl2' as const,
    buildName: core.buildName,
    buildType: core.builderType,
    coreVersion: core.coreVersion,
    data,
  };
  const configured = configure({ interpolation }, step.component, step.block.body, ctx, override);
  if (hasErrors(configured.decodeDiags)) throw new ReprepareError(diagnosticsToString(configured.decodeDiags));
  if (!configured.config) throw new ReprepareError(configured.error ?? 'configuration failed');
  const error = prepareErrorText(prepare(configured.config));
  if (error !== undefined) throw new ReprepareError(error);
  return configured.config;
}

/** A provisioner's configuration for this run (its override for the build's source still applies). */
export function reprepareProvisioner(
  core: CoreInfo,
  sourceLocalName: string,
  p: CoreBuildProvisioner,
  data: GeneratedData,
): Record<string, unknown> {
  return reprepare(core, p, data, p.block.override?.get(sourceLocalName), (config) =>
    p.component.prepare(config as ConfigOf<ConfigSpec>, core),
  );
}

/** A post-processor's configuration for this run, from the input artifact's generated data. */
export function repreparePostProcessor(core: CoreInfo, pp: CoreBuildPostProcessor, data: GeneratedData): Record<string, unknown> {
  return reprepare(core, pp, data, undefined, (config) => pp.component.prepare(config as ConfigOf<ConfigSpec>, core));
}
