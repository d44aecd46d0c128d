// PackerConfig.GetBuilds (types.packer_config.go) and the component checks of Initialize (plugin.go
// initializeBlocks): each build block × source becomes one build, `-only` / `-except` globs select builds (and
// `-except` post-processors), and the builder, provisioners and post-processors of each selected build are
// decoded in their context and prepared. Failures become diagnostics worded as Packer's; a build with an
// error is left out and the others still come back.
import {
  convert,
  ConversionError,
  diagnosticsToString,
  errorDiag,
  goQuote,
  hasErrors,
  objectVal,
  stringVal,
  warningDiag,
  type Body,
  type Diagnostic,
  type EvalContext,
  type Range,
  type Value,
} from '@tspacker/hcl';
import { closestNameSuggestion, nameSuggestion } from '@tspacker/hcl/suggest.js';
import {
  configErrorsText,
  configFromValue,
  configType,
  decodeConfig,
  type BuilderComponent,
  prepareErrorText,
  type ConfigOf,
  type ConfigSpec,
  type CoreInfo,
  type GeneratedData,
  type PostProcessorComponent,
  type PrepareResult,
  type ProvisionerComponent,
} from '@tspacker/sdk';
import { interpolate, type InterpolateContext } from '@tspacker/sdk/interpolate/index.js';
import { reprepareHcl } from '../build/reprepare.js';
import { componentBlockName, skipsSource } from './build-block.js';
import { evalContext } from './context.js';
import { compileFilterPatterns, type Glob } from './glob.js';
import { mergeBodies } from './merged-body.js';
import { availableSourceNames, sourceKey, sourceUseName } from './source-block.js';
import type { BuildBlock, PackerConfig, PostProcessorBlock, ProvisionerBlock, SourceUseBlock } from './types.js';

export interface GetBuildsOptions {
  /** `-only` patterns (already split at commas). */
  readonly only: readonly string[];
  /** `-except` patterns; they also name post-processors. */
  readonly except: readonly string[];
  readonly debug?: boolean;
  readonly force?: boolean;
  /** `-on-error`; empty means cleanup. */
  readonly onError?: string;
}

/** A prepared provisioner of a build (packer.CoreBuildProvisioner). */
export interface CoreBuildProvisioner {
  readonly type: string;
  /** The block's `name`, often empty. */
  readonly name: string;
  readonly component: ProvisionerComponent;
  readonly config: Record<string, unknown>;
  /** Milliseconds. */
  readonly pauseBefore: number;
  /** Milliseconds; 0 when `pause_before` is set, as Packer then ignores it. */
  readonly timeout: number;
  readonly maxRetries: number;
  readonly continueOnError: boolean;
  /**
   * The configuration for one run, from the builder's generated data: configured and prepared again (Packer's
   * HCL2Prepare; for JSON templates the raw configuration rendered with the data). Throws ReprepareError.
   */
  readonly configureFor: (data: GeneratedData) => Record<string, unknown>;
}

/** A prepared post-processor of a build (packer.CoreBuildPostProcessor). */
export interface CoreBuildPostProcessor {
  readonly type: string;
  readonly name: string;
  readonly component: PostProcessorComponent;
  readonly config: Record<string, unknown>;
  readonly keepInputArtifact?: boolean;
  /** The configuration for this run, from the input artifact's generated data (see CoreBuildProvisioner). */
  readonly configureFor: (data: GeneratedData) => Record<string, unknown>;
}

/** One build to run (packer.CoreBuild): a source used by a build block, with everything prepared. */
export interface CoreBuild {
  /** What the UI calls the build: `[BUILDNAME.]TYPE.LOCALNAME` (CoreBuild.Name()). */
  readonly name: string;
  /** The build block's `name` (may be empty). */
  readonly buildName: string;
  /** `TYPE.LOCALNAME`. */
  readonly type: string;
  readonly builderType: string;
  /** The source's label name: `build_name`, `PACKER_BUILD_NAME`, the manifest's `name`. */
  readonly sourceName: string;
  readonly builder: BuilderComponent;
  readonly builderConfig: Record<string, unknown>;
  /** The builder's generated variable names (the `build.*` attributes besides Packer's common ones). */
  readonly generatedVars: readonly string[];
  readonly provisioners: readonly CoreBuildProvisioner[];
  readonly cleanupProvisioner?: CoreBuildProvisioner;
  readonly postProcessors: readonly (readonly CoreBuildPostProcessor[])[];
  /** The `packer_*` values every component of this build was prepared with. */
  readonly core: CoreInfo;
  /** Names of the sensitive input variables. */
  readonly sensitiveVars: readonly string[];
}

/** packer.BuilderDataCommonKeys: the `build.*` names every builder provides. */
export const builderDataCommonKeys: readonly string[] = [
  'ID',
  'Host',
  'Port',
  'User',
  'Password',
  'ConnType',
  'PackerRunUUID',
  'PackerHTTPPort',
  'PackerHTTPIP',
  'PackerHTTPAddr',
  'SSHPublicKey',
  'SSHPrivateKey',
  'WinRMPassword',
];

/** The build command's error when nothing is left to build. */
export function noBuildsDiagnostic(): Diagnostic {
  return errorDiag(
    'No builds to run',
    'A build command cannot run without at least one build to process. If the only or except flags have been specified at run time check that at least one build is selected for execution.',
  );
}


function unknownComponentDetail(kind: string, type: string, known: Iterable<string>): string {
  // Go lists the registered types from a map; the closest one is at least deterministic.
  const suggestion = closestNameSuggestion(type, known);
  if (suggestion !== undefined) return `Did you mean to use ${goQuote(suggestion)}?`;
  return (
    `The ${kind} ${type} is unknown by Packer, and is likely part of a plugin that is not installed.\n` +
    'You may find the needed plugin along with installation instructions documented on the Packer integrations page.\n\n' +
    `https://developer.hashicorp.com/packer/integrations?filter=${type.split('-')[0]}`
  );
}

function unknownSourceDiag(config: PackerConfig, use: SourceUseBlock, build: BuildBlock): Diagnostic {
  const known = availableSourceNames(config);
  const ref = sourceKey(use.type, use.name);
  const suggestion = nameSuggestion(ref, known);
  const detail = suggestion !== undefined ? `Did you mean to use ${goQuote(suggestion)}?` : `Known: [${known.join(' ')}]`;
  return errorDiag(`Unknown source ${ref}`, detail, build.block.defRange);
}

/**
 * initializeBlocks (end of Initialize): every component type a build names must exist, and every source it uses
 * must be defined.
 */
export function checkBuildComponents(config: PackerConfig): Diagnostic[] {
  const { builders, provisioners, postProcessors } = config.options.components;
  const diags: Diagnostic[] = [];
  for (const build of config.builds) {
    for (const use of build.sources) {
      if (!builders.has(use.type)) {
        diags.push(
          errorDiag(`Unknown source type ${use.type}`, unknownComponentDetail('source', use.type, builders.keys()), build.block.defRange),
        );
        continue;
      }
      if (!config.sources.has(sourceKey(use.type, use.name))) diags.push(unknownSourceDiag(config, use, build));
    }
    const checkProvisioner = (p: ProvisionerBlock, kind: string): void => {
      if (provisioners.has(p.type)) return;
      diags.push(
        errorDiag(`Unknown ${kind} type ${goQuote(p.type)}`, unknownComponentDetail(kind, p.type, provisioners.keys()), p.block.typeRange),
      );
    };
    for (const p of build.provisioners) checkProvisioner(p, 'provisioner');
    if (build.errorCleanupProvisioner) checkProvisioner(build.errorCleanupProvisioner, 'error-cleanup-provisioner');
    for (const chain of build.postProcessors) {
      for (const pp of chain) {
        if (postProcessors.has(pp.type)) continue;
        diags.push(
          errorDiag(
            `Unknown post-processor type ${goQuote(pp.type)}`,
            unknownComponentDetail('post-processor', pp.type, postProcessors.keys()),
            pp.block.typeRange,
          ),
        );
      }
    }
  }
  return diags;
}

/** What every component of one build is prepared with. */
interface BuildScope {
  readonly config: PackerConfig;
  readonly use: SourceUseBlock;
  readonly core: CoreInfo;
  readonly interpolation: InterpolateContext;
}

/**
 * hcldec decode + hcl2shim placeholders + config.Decode: the component's configuration object, or the error
 * text Packer's Prepare would return. `override` attributes replace decoded ones (a provisioner's override).
 * build/reprepare.ts calls it again at run time with the build's generated data (each step's configureFor).
 */
export function configure(
  scope: Pick<BuildScope, 'interpolation'>,
  component: { readonly configSpec: ConfigSpec; readonly templateFuncs?: InterpolateContext['funcs']; readonly configErrorPrefix?: string },
  body: Body,
  ctx: EvalContext,
  override?: ReadonlyMap<string, Value>,
): { config?: Record<string, unknown>; decodeDiags: Diagnostic[]; error?: string } {
  const spec = component.configSpec;
  const decoded = decodeConfig(body, spec, ctx);
  if (hasErrors(decoded.diags)) return { decodeDiags: decoded.diags };
  let value = decoded.value;
  const errors: string[] = [];
  if (override && override.size > 0) {
    const attrTypes = configType(spec);
    const entries = new Map(value.isKnown && !value.isNull ? value.asEntries() : []);
    for (const [name, v] of override) {
      const want = attrTypes.kind === 'object' ? attrTypes.attributes.get(name) : undefined;
      if (!want) {
        errors.push(`unknown configuration key: '${goQuote(name)}'`);
        continue;
      }
      try {
        entries.set(name, convert(v, want));
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        errors.push(`error decoding '${name}': ${e.message}`);
      }
    }
    value = objectVal(entries);
  }
  const prefix = component.configErrorPrefix ?? '';
  if (errors.length > 0) return { decodeDiags: decoded.diags, error: prefix + configErrorsText(errors) };
  const result = configFromValue(spec, value, {
    // The component's own template functions (Packer's ctx.Funcs, e.g. amazon's clean_resource_name) join Packer's.
    interpolate: (text) =>
      interpolate(text, component.templateFuncs ? { ...scope.interpolation, funcs: component.templateFuncs } : scope.interpolation),
  });
  if (result.errors.length > 0) return { decodeDiags: decoded.diags, error: prefix + configErrorsText(result.errors) };
  return { config: result.config as Record<string, unknown>, decodeDiags: decoded.diags };
}

function startBuilder(
  scope: BuildScope,
  builder: BuilderComponent,
  body: Body,
  sourceRange: Range,
): { config?: Record<string, unknown>; generatedVars: string[]; diags: Diagnostic[] } {
  const ctx = evalContext(scope.config, 'build', {
    variables: new Map([['source', sourceValues(scope.use)]]),
  });
  const configured = configure(scope, builder, body, ctx);
  const diags = [...configured.decodeDiags];
  if (!configured.config) {
    if (configured.error !== undefined) diags.push(errorDiag(configured.error, undefined, sourceRange));
    return { generatedVars: [], diags };
  }
  const result = builder.prepare(configured.config as ConfigOf<ConfigSpec>, scope.core);
  for (const secret of result.sensitiveValues ?? []) if (secret !== '') scope.config.sensitiveValues.add(secret);
  for (const w of result.warnings ?? []) diags.push(warningDiag(w, undefined, sourceRange));
  const error = prepareErrorText(result);
  if (error !== undefined) diags.push(errorDiag(error, undefined, sourceRange));
  return { config: configured.config, generatedVars: [...(result.generatedVars ?? [])], diags };
}

/**
 * A provisioner's or post-processor's configuration, configured then prepared; any failure (decoding, the
 * configuration, Prepare) is Packer's one "Failed preparing …" error on the block.
 */
function prepareStep(
  scope: BuildScope,
  kind: 'provisioner' | 'post-processor',
  block: ProvisionerBlock | PostProcessorBlock,
  component: ProvisionerComponent | PostProcessorComponent,
  ctx: EvalContext,
  override?: ReadonlyMap<string, Value>,
): { config?: Record<string, unknown>; diags: Diagnostic[] } {
  const configured = configure(scope, component, block.body, ctx, override);
  let error: string | undefined = configured.error;
  if (hasErrors(configured.decodeDiags)) error = diagnosticsToString(configured.decodeDiags);
  else if (configured.config) error = prepareErrorText(component.prepare(configured.config as ConfigOf<ConfigSpec>, scope.core));
  if (error !== undefined || !configured.config) {
    const summary = `Failed preparing ${componentBlockName(kind, block.type, block.name)}`;
    return { diags: [errorDiag(summary, error, block.block.defRange)] };
  }
  return { config: configured.config, diags: [] };
}

/** SourceUseBlock.ctyValues: `source.type` and `source.name` (the build-level rename if any). */
function sourceValues(use: SourceUseBlock): Value {
  return objectVal({ type: stringVal(use.type), name: stringVal(use.localName) });
}

function startProvisioner(scope: BuildScope, block: ProvisionerBlock, ctx: EvalContext): { value?: CoreBuildProvisioner; diags: Diagnostic[] } {
  const component = scope.config.options.components.provisioners.get(block.type);
  if (!component) {
    const subject = block.block.labelRanges[0] ?? block.block.defRange;
    return { diags: [errorDiag(`failed loading ${block.type}`, `Unknown provisioner ${block.type}`, subject)] };
  }
  const prepared = prepareStep(scope, 'provisioner', block, component, ctx, block.override?.get(scope.use.localName));
  if (!prepared.config) return { diags: prepared.diags };
  const value: CoreBuildProvisioner = {
    type: block.type,
    name: block.name,
    component,
    config: prepared.config,
    pauseBefore: block.pauseBefore,
    // Packer wraps a provisioner in a pause or else a timeout: with pause_before set, timeout is ignored.
    timeout: block.pauseBefore !== 0 ? 0 : block.timeout,
    maxRetries: block.maxRetries,
    continueOnError: block.continueOnError ?? false,
    configureFor: (data) => reprepareHcl(scope.core, component, block.body, ctx, block.override?.get(scope.use.localName), data),
  };
  return { value, diags: [] };
}

function startPostProcessor(
  scope: BuildScope,
  block: PostProcessorBlock,
  ctx: EvalContext,
): { value?: CoreBuildPostProcessor; diags: Diagnostic[] } {
  const component = scope.config.options.components.postProcessors.get(block.type);
  if (!component) {
    return { diags: [errorDiag(`Failed loading ${block.type}`, `Unknown post-processor ${block.type}`, block.block.defRange)] };
  }
  const prepared = prepareStep(scope, 'post-processor', block, component, ctx);
  if (!prepared.config) return { diags: prepared.diags };
  const value: CoreBuildPostProcessor = {
    type: block.type,
    name: block.name,
    component,
    config: prepared.config,
    ...(block.keepInputArtifact !== undefined ? { keepInputArtifact: block.keepInputArtifact } : {}),
    configureFor: (data) => reprepareHcl(scope.core, component, block.body, ctx, undefined, data),
  };
  return { value, diags: [] };
}

/** getCoreBuildPostProcessors: `-except` drops a matching post-processor and the rest of its chain. */
function startPostProcessorChains(
  scope: BuildScope,
  build: BuildBlock,
  ctx: EvalContext,
  exceptGlobs: readonly Glob[],
  onExceptMatch: () => void,
): { chains: CoreBuildPostProcessor[][]; diags: Diagnostic[] } {
  const chains: CoreBuildPostProcessor[][] = [];
  const diags: Diagnostic[] = [];
  for (const chain of build.postProcessors) {
    const started: CoreBuildPostProcessor[] = [];
    for (const block of chain) {
      if (skipsSource(block.onlyExcept, sourceUseName(scope.use))) continue;
      const name = block.name || block.type;
      if (exceptGlobs.some((g) => g.match(name))) {
        onExceptMatch();
        break;
      }
      const pp = startPostProcessor(scope, block, ctx);
      diags.push(...pp.diags);
      if (pp.value) started.push(pp.value);
    }
    if (started.length > 0) chains.push(started);
  }
  return { chains, diags };
}

/** "Possible build names: [a b]." and the glob hint, as in Packer's only/except warnings. */
function possibleNamesDetail(names: readonly string[]): string {
  return `Possible build names: [${names.join(' ')}].\nThese could also be matched with a glob pattern like: 'happycloud.*'`;
}

/** GetBuilds: the builds to run, in template order, and every diagnostic met on the way. */
export function getBuilds(config: PackerConfig, options: GetBuildsOptions): { builds: CoreBuild[]; diags: Diagnostic[] } {
  const builds: CoreBuild[] = [];
  const diags: Diagnostic[] = [];
  if (config.builds.length === 0) {
    diags.push(errorDiag('Missing build block', 'A build block with one or more sources is required for executing a build.'));
    return { builds, diags };
  }
  const only = compileFilterPatterns(options.only, 'only');
  const except = compileFilterPatterns(options.except, 'except');
  let onlyMatches = 0;
  let exceptMatches = 0;
  const possibleBuildNames: string[] = [];
  const sensitiveVars = [...config.inputVariables.values()].filter((v) => v.sensitive).map((v) => v.name);
  const { builders } = config.options.components;

  for (const build of config.builds) {
    for (const use of build.sources) {
      const source = config.sources.get(sourceKey(use.type, use.name));
      if (!source) {
        diags.push(unknownSourceDiag(config, use, build));
        continue;
      }
      const type = sourceUseName(use);
      const name = build.name !== '' ? `${build.name}.${type}` : type;
      possibleBuildNames.push(name);

      // Packer compiles the patterns for each build it reaches: a bad one ends GetBuilds with only that error.
      if (options.only.length > 0) {
        if (hasErrors(only.diags)) return { builds: [], diags: only.diags };
        if (!only.globs.some((g) => g.match(name))) continue;
        onlyMatches++;
      }
      if (options.except.length > 0) {
        if (hasErrors(except.diags)) return { builds: [], diags: except.diags };
        if (except.globs.some((g) => g.match(name))) {
          exceptMatches++;
          continue;
        }
      }

      const core: CoreInfo = {
        buildName: use.name,
        builderType: use.type,
        coreVersion: config.coreVersion,
        debug: options.debug ?? false,
        force: options.force ?? false,
        onError: options.onError ?? '',
        sensitiveVariables: [...config.sensitiveValues],
      };
      const scope: BuildScope = {
        config,
        use,
        core,
        interpolation: { mode: 'hcl2', buildName: use.name, buildType: use.type, coreVersion: config.coreVersion },
      };

      const builder = builders.get(use.type);
      if (!builder) {
        diags.push(errorDiag('Failed to load source type', `Unknown builder ${use.type}`));
        continue;
      }
      const body = use.body ? mergeBodies([source.body, use.body]) : source.body;
      const started = startBuilder(scope, builder, body, source.block.defRange);
      diags.push(...started.diags);
      if (hasErrors(started.diags) || !started.config) continue;

      // At prepare time every `build.*` value is the placeholder "<unknown>"; `build.name` is the block's name.
      const buildValues = new Map<string, Value>();
      for (const key of [...builderDataCommonKeys, ...started.generatedVars]) buildValues.set(key, stringVal('<unknown>'));
      buildValues.set('name', stringVal(build.name));
      const componentCtx = evalContext(config, 'build', {
        variables: new Map([
          ['source', sourceValues(use)],
          ['build', objectVal(buildValues)],
        ]),
      });

      const provisioners: CoreBuildProvisioner[] = [];
      const provisionerDiags: Diagnostic[] = [];
      for (const block of build.provisioners) {
        if (skipsSource(block.onlyExcept, type)) continue;
        const p = startProvisioner(scope, block, componentCtx);
        provisionerDiags.push(...p.diags);
        if (p.value) provisioners.push(p.value);
      }
      diags.push(...provisionerDiags);
      if (hasErrors(provisionerDiags)) continue;

      const pps = startPostProcessorChains(scope, build, componentCtx, except.globs, () => exceptMatches++);
      diags.push(...pps.diags);
      if (hasErrors(pps.diags)) continue;

      let cleanupProvisioner: CoreBuildProvisioner | undefined;
      const cleanup = build.errorCleanupProvisioner;
      if (cleanup && !skipsSource(cleanup.onlyExcept, type)) {
        const p = startProvisioner(scope, cleanup, componentCtx);
        diags.push(...p.diags);
        if (!p.value) continue;
        cleanupProvisioner = p.value;
      }

      builds.push({
        name,
        buildName: build.name,
        type,
        builderType: use.type,
        sourceName: use.name,
        builder,
        builderConfig: started.config,
        generatedVars: started.generatedVars,
        provisioners,
        ...(cleanupProvisioner ? { cleanupProvisioner } : {}),
        postProcessors: pps.chains,
        core,
        sensitiveVars,
      });
    }
  }

  if (options.only.length > onlyMatches) {
    diags.push(warningDiag("an 'only' option was passed, but not all matches were found for the given build.", possibleNamesDetail(possibleBuildNames)));
  }
  if (options.except.length > exceptMatches) {
    diags.push(warningDiag("an 'except' option was passed, but did not match any build.", possibleNamesDetail(possibleBuildNames)));
  }
  return { builds, diags };
}
