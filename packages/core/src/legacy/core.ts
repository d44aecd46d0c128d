// packer.Core for a legacy JSON template: Initialize (template checks, min_packer_version, required variables,
// user variables rendered, build names rendered) and GetBuilds (the selected builders by exact name, in
// alphabetical order, each with its provisioners and post-processors configured and prepared). Builds come out as
// the same CoreBuild objects HCL2 templates give, so `build` runs them the same way.
import { errorDiag, goQuote, warningDiag, type Diagnostic } from '@tspacker/hcl';
import { closestNameSuggestion } from '@tspacker/hcl/suggest.js';
import {
  configFromLegacyJson,
  goMultiErrorText,
  legacyJsonErrorsText,
  prepareErrorText,
  type BuilderComponent,
  type ComponentRegistry,
  type ConfigOf,
  type ConfigSpec,
  type CoreInfo,
  type GeneratedData,
  type PostProcessorComponent,
  type ProvisionerComponent,
} from '@tspacker/sdk';
import { basicPlaceholderData, interpolate, PLACEHOLDER_MSG, render, type InterpolateContext } from '@tspacker/sdk/interpolate/index.js';
import { ReprepareError } from '../build/reprepare.js';
import type { CoreBuild, CoreBuildPostProcessor, CoreBuildProvisioner, GetBuildsOptions } from '../template/get-builds.js';
import { GoVersion, VersionError } from '../version/go-version.js';
import type { JsonObject, LegacyBuilder, LegacyOnlyExcept, LegacyPostProcessor, LegacyProvisioner, LegacyTemplate } from './types.js';
import { renderUserVariables } from './variables.js';

export interface LegacyCoreOptions {
  readonly template: LegacyTemplate;
  /** `-var` values over `-var-file` values (Meta.Core: a var file never overrides the command line). */
  readonly variables: Readonly<Record<string, string>>;
  /** The version templates see (`packer_version`, min_packer_version). */
  readonly coreVersion: string;
  readonly components: ComponentRegistry;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** What every provisioner and post-processor of one build is configured with. */
interface StepScope {
  /** The builder's un-rendered name, which keys `override`. */
  readonly builderName: string;
  readonly core: CoreInfo;
  readonly withData: (data: GeneratedData) => InterpolateContext;
  /** The builder's generated data as placeholders, for the prepare-time configuration. */
  readonly placeholders: GeneratedData;
  readonly prepareFailed: (text: string) => never;
}

/** A component of any kind, as far as configuring it goes. */
type Configurable = { readonly configSpec: ConfigSpec; readonly templateFuncs?: InterpolateContext['funcs']; readonly configErrorPrefix?: string };

/** OnlyExcept.Skip: `only` wins when set; names are exact. */
export function skipsBuilder(filter: LegacyOnlyExcept, name: string): boolean {
  if (filter.only.length > 0) return !filter.only.includes(name);
  return filter.except.includes(name);
}

/** The "unknown by Packer" error of a component type, or Did you mean. */
function unknownComponentText(kind: string, type: string, known: Iterable<string>): string {
  const suggestion = closestNameSuggestion(type, known);
  if (suggestion !== undefined) return `Did you mean to use ${JSON.stringify(suggestion)}?`;
  return (
    `The ${kind} ${type} is unknown by Packer, and is likely part of a plugin that is not installed.\n` +
    'You may find the needed plugin along with installation instructions documented on the Packer integrations page.\n\n' +
    `https://developer.hashicorp.com/packer/integrations?filter=${type.split('-')[0]}`
  );
}

/** Why one build was left out: Core.Build failed ("initialize") or CoreBuild.Prepare did ("prepare"). */
class BuildError extends Error {
  constructor(
    message: string,
    readonly phase: 'initialize' | 'prepare' = 'initialize',
  ) {
    super(message);
  }
}

export class LegacyCore {
  readonly template: LegacyTemplate;
  /** The rendered user variables (after initialize). */
  readonly variables: Record<string, string>;
  /** Values of the sensitive variables: masked in all output. */
  readonly sensitiveValues = new Set<string>();
  private readonly builds = new Map<string, LegacyBuilder>();

  constructor(private readonly options: LegacyCoreOptions) {
    this.template = options.template;
    this.variables = Object.assign(Object.create(null) as Record<string, string>, options.variables);
  }

  /** Core.Context: what every `{{ }}` outside the variables section is rendered with. */
  context(): InterpolateContext {
    return {
      mode: 'json',
      templatePath: this.template.path,
      userVariables: { ...this.variables },
      coreVersion: this.options.coreVersion,
      env: this.options.env,
      cwd: this.options.cwd,
    };
  }

  /** Core.Initialize: one error diagnostic (detail only, as Packer's) or none. */
  initialize(): Diagnostic[] {
    const error = this.validate() ?? this.renderVariables() ?? this.renderBuildNames();
    return error === undefined ? [] : [{ severity: 'error', summary: '', detail: error }];
  }

  private validate(): string | undefined {
    const errors = templateErrors(this.template);
    if (errors.length > 0) return goMultiErrorText(errors);
    if (this.template.minVersion !== '') {
      let min: GoVersion;
      try {
        min = GoVersion.parse(this.template.minVersion);
      } catch (e) {
        if (!(e instanceof VersionError)) throw e;
        return `min_version is invalid: ${e.message}`;
      }
      const actual = GoVersion.parse(this.options.coreVersion);
      if (actual.compare(min) < 0) return `This template requires Packer version ${min} or higher; using ${actual}`;
    }
    const missing = [...this.template.variables.values()]
      .filter((v) => v.required && !Object.prototype.hasOwnProperty.call(this.variables, v.key))
      .map((v) => `required variable not set: ${v.key}`)
      .sort();
    return missing.length > 0 ? goMultiErrorText(missing) : undefined;
  }

  private renderVariables(): string | undefined {
    const defaults = new Map<string, string>();
    for (const v of this.template.variables.values()) if (!v.required) defaults.set(v.key, v.default);
    const error = renderUserVariables({
      defaults,
      variables: this.variables,
      // consul_key, vault and aws_secretsmanager look secrets up through the plugins' providers (amazon's).
      context: { ...this.context(), secrets: this.options.components.secrets },
    });
    if (error !== undefined) return error;
    for (const v of this.template.sensitiveVariables) {
      const value = this.variables[v.key];
      if (value !== undefined && value !== '') this.sensitiveValues.add(value);
    }
    return undefined;
  }

  private renderBuildNames(): string | undefined {
    const ctx = this.context();
    for (const b of this.template.builders.values()) {
      try {
        this.builds.set(render(b.name, ctx), b);
      } catch (e) {
        return `Error interpolating builder '${b.name}': ${(e as Error).message}`;
      }
    }
    return undefined;
  }

  /** Core.BuildNames: exact names, sorted. */
  buildNames(only: readonly string[], except: readonly string[]): string[] {
    return [...this.builds.keys()].filter((n) => (only.length === 0 || only.includes(n)) && !except.includes(n)).sort();
  }

  /** Core.GetBuilds. */
  getBuilds(options: GetBuildsOptions): { builds: CoreBuild[]; diags: Diagnostic[] } {
    const builds: CoreBuild[] = [];
    const diags: Diagnostic[] = [];
    for (const name of this.buildNames(options.only, options.except)) {
      let prepared: { build: CoreBuild; warnings: readonly string[] };
      try {
        prepared = this.build(name, options);
      } catch (e) {
        if (!(e instanceof BuildError)) throw e;
        // A build that failed shows none of its builder's warnings (Go returns before listing them).
        diags.push(
          e.phase === 'prepare'
            ? errorDiag(`Failed to prepare build: ${JSON.stringify(name)}`, e.message)
            : errorDiag(`Failed to initialize build ${JSON.stringify(name)}`, e.message),
        );
        continue;
      }
      for (const w of prepared.warnings) diags.push(warningDiag(`Warning when preparing build: ${JSON.stringify(name)}`, w));
      builds.push(prepared.build);
    }
    return { builds, diags };
  }

  /** Core.Build then CoreBuild.Prepare for one build name: the build and its builder's warnings. */
  private build(name: string, options: GetBuildsOptions): { build: CoreBuild; warnings: readonly string[] } {
    const { builders, provisioners, postProcessors } = this.options.components;
    const raw = this.builds.get(name)!;
    const builder = builders.get(raw.type);
    if (!builder) throw new BuildError(unknownComponentText('builder', raw.type, builders.keys()));

    // Each provisioner is looked up, then its max_retries read, before the next one (the first error wins).
    const selected = this.template.provisioners.filter((p) => !skipsBuilder(p, raw.name));
    const provisionerComponents: ProvisionerComponent[] = [];
    const retries: number[] = [];
    for (const p of selected) {
      provisionerComponents.push(this.provisionerComponent(p, provisioners));
      retries.push(this.maxRetries(p));
    }
    const cleanup = this.template.cleanupProvisioner;
    const cleanupComponent = cleanup ? this.provisionerComponent(cleanup, provisioners) : undefined;
    const cleanupRetries = cleanup ? this.maxRetries(cleanup) : 0;
    const chains: { pp: LegacyPostProcessor; component: PostProcessorComponent }[][] = [];
    for (const chain of this.template.postProcessors) {
      const current: { pp: LegacyPostProcessor; component: PostProcessorComponent }[] = [];
      for (const pp of chain) {
        if (skipsBuilder(pp, raw.name)) continue;
        if (options.except.some((e) => e !== '' && e === pp.name)) break;
        const component = postProcessors.get(pp.type);
        if (!component) throw new BuildError(unknownComponentText('post-processor', pp.type, postProcessors.keys()));
        current.push({ pp, component });
      }
      if (current.length > 0) chains.push(current);
    }

    const core: CoreInfo = {
      buildName: name,
      builderType: raw.type,
      coreVersion: this.options.coreVersion,
      debug: options.debug ?? false,
      force: options.force ?? false,
      onError: options.onError ?? '',
      sensitiveVariables: [...this.sensitiveValues],
      templatePath: this.template.path,
      userVariables: { ...this.variables },
    };
    const base: InterpolateContext = { ...this.context(), buildName: name, buildType: raw.type };
    const prepareFailed = (text: string): never => {
      throw new BuildError(text, 'prepare');
    };

    // The builder.
    const builderConfig = this.configure(builder, [raw.config], base);
    if (builderConfig.error !== undefined) prepareFailed(builderConfig.error);
    const config = builderConfig.config!;
    const prepared = (builder as BuilderComponent).prepare(config as ConfigOf<ConfigSpec>, core);
    for (const secret of prepared.sensitiveValues ?? []) if (secret !== '') this.sensitiveValues.add(secret);
    const builderError = prepareErrorText(prepared);
    if (builderError !== undefined) prepareFailed(builderError);
    const generatedVars = [...(prepared.generatedVars ?? [])];

    // Provisioners and post-processors are prepared with placeholders for the builder's generated data.
    const placeholders: Record<string, string> = basicPlaceholderData();
    for (const k of generatedVars) placeholders[k] = `Build_${k}. ${PLACEHOLDER_MSG}`;
    const withData = (data: GeneratedData): InterpolateContext => ({ ...base, data });

    const step = { builderName: raw.name, core, withData, placeholders, prepareFailed };
    const coreProvisioners = selected.map((p, i) => this.coreProvisioner(p, provisionerComponents[i]!, retries[i]!, step));
    const cleanupProvisioner = cleanup && cleanupComponent ? this.coreProvisioner(cleanup, cleanupComponent, cleanupRetries, step) : undefined;
    const corePostProcessors = chains.map((chain) =>
      chain.map(({ pp, component }): CoreBuildPostProcessor => {
        const { config: ppConfig, configureFor } = this.preparedStep(component, [pp.config], step);
        return {
          type: pp.type,
          name: pp.name,
          component,
          config: ppConfig,
          ...(pp.keepInputArtifact !== undefined ? { keepInputArtifact: pp.keepInputArtifact } : {}),
          configureFor,
        };
      }),
    );

    const build: CoreBuild = {
      // CoreBuild.Name(): a builder whose name differs from its type shows as TYPE.NAME.
      name: raw.type !== raw.name ? `${raw.type}.${name}` : name,
      buildName: raw.type !== raw.name ? raw.type : '',
      type: name,
      builderType: raw.type,
      sourceName: name,
      builder,
      builderConfig: config,
      generatedVars,
      provisioners: coreProvisioners,
      ...(cleanupProvisioner ? { cleanupProvisioner } : {}),
      postProcessors: corePostProcessors,
      core,
      sensitiveVars: this.template.sensitiveVariables.map((v) => v.key),
    };
    return { build, warnings: prepared.warnings ?? [] };
  }

  private provisionerComponent(p: LegacyProvisioner, known: ReadonlyMap<string, ProvisionerComponent>): ProvisionerComponent {
    const component = known.get(p.type);
    if (!component) throw new BuildError(unknownComponentText('provisioner', p.type, known.keys()));
    return component;
  }

  /**
   * A provisioner's or post-processor's configuration, prepared now with the builder's placeholders (a failure
   * fails the build), and how to make it again when the step runs, with the builder's real data.
   */
  private preparedStep(
    component: ProvisionerComponent | PostProcessorComponent,
    raws: readonly (JsonObject | undefined)[],
    step: StepScope,
  ): { config: Record<string, unknown>; configureFor: (data: GeneratedData) => Record<string, unknown> } {
    const configureFor = (data: GeneratedData): Record<string, unknown> => {
      const configured = this.configure(component, raws, step.withData(data));
      if (configured.error !== undefined) throw new ReprepareError(configured.error);
      const error = prepareErrorText(component.prepare(configured.config as ConfigOf<ConfigSpec>, step.core));
      if (error !== undefined) throw new ReprepareError(error);
      return configured.config;
    };
    try {
      return { config: configureFor(step.placeholders), configureFor };
    } catch (e) {
      if (!(e instanceof ReprepareError)) throw e;
      return step.prepareFailed(e.message);
    }
  }

  /** `max_retries`, rendered (it may be a template) and read as an integer. */
  private maxRetries(p: LegacyProvisioner): number {
    if (p.maxRetries === '') return 0;
    let rendered: string;
    try {
      rendered = render(p.maxRetries, this.context());
    } catch (e) {
      throw new BuildError(`failed to interpolate \`max_retries\`: ${(e as Error).message}`);
    }
    // strconv.Atoi: decimal digits with an optional sign, within int64.
    const atoi = (why: string) => new BuildError(`\`max_retries\` must be a valid integer: strconv.Atoi: parsing ${goQuote(rendered)}: ${why}`);
    if (!/^[+-]?[0-9]+$/.test(rendered)) throw atoi('invalid syntax');
    const n = BigInt(rendered);
    if (n > 9223372036854775807n || n < -9223372036854775808n) throw atoi('value out of range');
    return Number(n);
  }

  /** generateCoreBuildProvisioner + its Prepare: the configuration with the builder's override, and the wrappers. */
  private coreProvisioner(p: LegacyProvisioner, component: ProvisionerComponent, maxRetries: number, step: StepScope): CoreBuildProvisioner {
    const override = p.override?.[step.builderName];
    const raws = [p.config, override !== null && typeof override === 'object' && !Array.isArray(override) ? (override as JsonObject) : undefined];
    const { config, configureFor } = this.preparedStep(component, raws, step);
    return {
      type: p.type,
      name: '',
      component,
      config,
      pauseBefore: p.pauseBefore,
      // Packer wraps a provisioner in a pause or else a timeout: with pause_before set, timeout is ignored.
      timeout: p.pauseBefore !== 0 ? 0 : p.timeout,
      maxRetries,
      continueOnError: false,
      configureFor,
    };
  }

  /** config.Decode of raw JSON configurations (later ones win), rendered in `ctx`. */
  private configure(
    component: Configurable,
    raws: readonly (JsonObject | undefined)[],
    ctx: InterpolateContext,
  ): { config: Record<string, unknown>; error?: undefined } | { config?: undefined; error: string } {
    const interpolation = component.templateFuncs ? { ...ctx, funcs: { ...ctx.funcs, ...component.templateFuncs } } : ctx;
    const result = configFromLegacyJson(component.configSpec, raws as readonly (Record<string, unknown> | undefined)[], {
      interpolate: (text: string) => interpolate(text, interpolation),
    });
    if (result.errors.length > 0) return { error: (component.configErrorPrefix ?? '') + legacyJsonErrorsText(result.errors) };
    return { config: result.config as Record<string, unknown> };
  }

  /** Core.EvaluateExpression (console): `{{ }}` rendered in the template's context. */
  evaluateExpression(line: string): { result: string; exit: boolean; error?: string } {
    if (line === '') return { result: '', exit: false };
    if (line === 'exit') return { result: '', exit: true };
    if (line === 'help') return { result: LEGACY_CONSOLE_HELP, exit: false };
    if (line === 'variables') {
      let text = '\n';
      // Go walks a map; sorted here.
      for (const k of Object.keys(this.variables).sort()) text += `${k}: ${this.variables[k]},\n`;
      return { result: text, exit: false };
    }
    try {
      return { result: render(line, this.context()), exit: false };
    } catch (e) {
      return { result: '', exit: false, error: (e as Error).message };
    }
  }
}

/** Template.Validate: builders exist, only/except and overrides name builders. */
export function templateErrors(t: LegacyTemplate): string[] {
  const errors: string[] = [];
  if (t.builders.size === 0) errors.push('at least one builder must be defined');
  const onlyExceptErrors = (o: LegacyOnlyExcept): string[] => {
    if (o.only.length > 0 && o.except.length > 0) return ['only one of \'only\' or \'except\' may be specified'];
    return [
      ...o.only.filter((n) => !t.builders.has(n)).map((n) => `'only' specified builder '${n}' not found`),
      ...o.except.filter((n) => !t.builders.has(n)).map((n) => `'except' specified builder '${n}' not found`),
    ];
  };
  t.provisioners.forEach((p, i) => {
    for (const e of onlyExceptErrors(p)) errors.push(`provisioner ${i + 1}: ${e}`);
    for (const name of Object.keys(p.override ?? {})) {
      if (!t.builders.has(name)) errors.push(`provisioner ${i + 1}: override '${name}' doesn't exist`);
    }
  });
  t.postProcessors.forEach((chain, i) =>
    chain.forEach((pp, j) => {
      for (const e of onlyExceptErrors(pp)) errors.push(`post-processor ${i + 1}.${j + 1}: ${e}`);
    }),
  );
  return errors;
}

/** packer.ConsoleHelp. */
export const LEGACY_CONSOLE_HELP = `Packer console JSON Mode.
The Packer console allows you to experiment with Packer interpolations.
You may access variables in the Packer config you called the console with.

Type in the interpolation to test and hit <enter> to see the result.

"variables" will dump all available variables and their values.

"{{timestamp}}" will output the timestamp, for example "1559855090".

To exit the console, type "exit" and hit <enter>, or use Control-C.

/!\\ If you would like to start console in hcl2 mode without a config you can
use the --config-type=hcl2 option.`;
