// Preparing a component the way tspacker's core does for a JSON configuration, for tests: a plain object
// (what a legacy JSON template holds) is decoded through the component's configSpec (configFromLegacyJson:
// defaults, zero values, weak typing, `{{ }}` rendered with the build's data), then handed to `prepare`. Decode
// and prepare failures come out as Packer's texts.
import type { BuilderComponent, CoreInfo, DataSourceComponent, PostProcessorComponent, PrepareResult, ProvisionerComponent } from '../components.js';
import { configFromLegacyJson, legacyJsonErrorsText } from '../config/from-legacy-json.js';
import type { ConfigOf, ConfigSpec } from '../config/spec.js';
import { interpolate, type InterpolateContext } from '../interpolate/index.js';
import { prepareErrorText } from '../prepare-result.js';
import type { GeneratedData } from '../runtime.js';

/** Any component: what prepareComponent needs of it. */
export type PreparableComponent<S extends ConfigSpec> =
  | BuilderComponent<S>
  | ProvisionerComponent<S>
  | PostProcessorComponent<S>
  | DataSourceComponent<S, ConfigSpec>;

/** The CoreInfo core gives a component in a test build named `test` of the `null` builder; fields may be overridden. */
export function testCore(overrides: Partial<CoreInfo> = {}): CoreInfo {
  return {
    buildName: 'test',
    builderType: 'null',
    coreVersion: '1.16.0',
    debug: false,
    force: false,
    onError: 'cleanup',
    sensitiveVariables: [],
    ...overrides,
  };
}

/** Thrown when a configuration does not decode: the message is Packer's text (e.g. `1 error(s) decoding: ...`). */
export class ConfigDecodeError extends Error {
  constructor(
    message: string,
    /** The individual problems. */
    readonly problems: readonly string[],
  ) {
    super(message);
    this.name = 'ConfigDecodeError';
  }
}

/**
 * Thrown when `prepare` reports errors: the message is what Packer shows as the diagnostic's detail
 * (`N error(s) occurred:\n\n* a\n* b`, or the component's own `error`).
 */
export class PrepareError extends Error {
  constructor(
    message: string,
    readonly result: PrepareResult,
  ) {
    super(message);
    this.name = 'PrepareError';
  }
}

export interface PrepareOptions {
  /** Overrides of testCore(). */
  readonly core?: Partial<CoreInfo>;
  /** The build's generated data, for `{{ build `X` }}` and `{{ .X }}` in the configuration. */
  readonly generatedData?: GeneratedData;
}

export interface PreparedComponent<S extends ConfigSpec> {
  readonly config: ConfigOf<S>;
  readonly result: PrepareResult;
  /** Packer's text for the result's errors; undefined when prepare succeeded. */
  readonly error: string | undefined;
}

/**
 * Decodes `raw` through the component's spec and runs its `prepare`. Throws ConfigDecodeError when the
 * configuration does not decode (unknown keys, wrong types, bad durations, bad templates); prepare's own errors
 * are returned (`error`), not thrown, so that tests can look at them.
 */
export function prepareComponent<S extends ConfigSpec>(
  component: PreparableComponent<S>,
  raw: Readonly<Record<string, unknown>>,
  options: PrepareOptions = {},
): PreparedComponent<S> {
  const core = testCore(options.core);
  const config = decodeTestConfig(component.configSpec, raw, core, options.generatedData, 'templateFuncs' in component ? component.templateFuncs : undefined);
  const result = component.prepare(config as never, core);
  return { config, result, error: prepareErrorText(result) };
}

/** prepareComponent, throwing PrepareError when prepare reports errors: the configuration the component runs with. */
export function preparedConfig<S extends ConfigSpec>(
  component: PreparableComponent<S>,
  raw: Readonly<Record<string, unknown>>,
  options: PrepareOptions = {},
): ConfigOf<S> {
  const prepared = prepareComponent(component, raw, options);
  if (prepared.error !== undefined) throw new PrepareError(prepared.error, prepared.result);
  return prepared.config;
}

/** configFromLegacyJson with the build's interpolation context, as core renders a JSON template's component. */
function decodeTestConfig<S extends ConfigSpec>(
  spec: S,
  raw: Readonly<Record<string, unknown>>,
  core: CoreInfo,
  generatedData: GeneratedData | undefined,
  funcs: InterpolateContext['funcs'],
): ConfigOf<S> {
  const ctx: InterpolateContext = {
    mode: 'hcl2',
    buildName: core.buildName,
    buildType: core.builderType,
    coreVersion: core.coreVersion,
    data: generatedData ?? {},
    ...(funcs ? { funcs } : {}),
  };
  const { config, errors } = configFromLegacyJson(spec, [raw], { interpolate: (text) => interpolate(text, ctx) });
  if (errors.length > 0) throw new ConfigDecodeError(legacyJsonErrorsText(errors), errors);
  return config;
}
