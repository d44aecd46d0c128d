// The four kinds of component a template names (`source "TYPE"`, `provisioner "TYPE"`, `post-processor "TYPE"`,
// `data "TYPE"`), as Packer's packer-plugin-sdk defines them, reduced to what tspacker's core calls.
//
// Core decodes a component's HCL body against its `configSpec` (config/decode.ts), turns the result into a plain
// configuration object (config/to-js.ts: defaults applied, unknown values replaced by Packer's placeholders,
// `{{ }}` strings rendered with the build's interpolation data), and hands that object to `prepare`. A component
// never sees HCL. Running builds (builder steps, communicators, artifacts) is added by the build issue.
import type { ConfigSpec, ConfigOf } from './config/spec.js';
import type { CommunicatorComponent } from './communicator/component.js';
import type { SecretsProvider } from '@tspacker/hcl';
import type { ExtraTemplateFunction } from './interpolate/context.js';
import type { Artifact, BuildContext, PostProcessContext, PostProcessResult, ProvisionContext } from './runtime.js';

/**
 * What core tells every component about the build it is part of: Packer's `packer_*` configuration keys
 * (common.PackerConfig), which also feed `{{build_name}}`, `{{build_type}}` and `{{packer_version}}`.
 */
export interface CoreInfo {
  /** `packer_build_name`: the source label (`source "null" "NAME"`), not the build-level rename. */
  readonly buildName: string;
  /** `packer_builder_type`: the builder type, e.g. `amazon-ebs`. */
  readonly builderType: string;
  /** `packer_core_version`. */
  readonly coreVersion: string;
  readonly debug: boolean;
  readonly force: boolean;
  /** `cleanup` (default), `abort`, `ask` or `run-cleanup-provisioner`. */
  readonly onError: string;
  /** Values of sensitive variables, to be masked in anything the component prints. */
  readonly sensitiveVariables: readonly string[];
  /**
   * Legacy JSON templates only (`packer_template_path`, `packer_user_variables`): the template's absolute path and
   * the rendered user variables, so that what a component renders when it runs (`execute_command`, a manifest's
   * custom_data) can use `{{user `x`}}` and `{{template_dir}}` as in Packer's JSON mode.
   */
  readonly templatePath?: string;
  readonly userVariables?: Readonly<Record<string, string>>;
}

/**
 * The outcome of validating a configuration (Packer's Prepare / Configure). `errors` are shown as one
 * diagnostic per component, in Packer's wording; `warnings` as warnings.
 */
export interface PrepareResult {
  /** Packer's MultiError items, shown as `N error(s) occurred:\n\n* a\n* b` (also for a single item). */
  readonly errors?: readonly string[];
  /**
   * An error Packer returns on its own, not inside a MultiError (e.g. shell-local's `only_on` check, artifice's
   * "No files specified …"): shown verbatim. When set, `errors` is not shown.
   */
  readonly error?: string;
  readonly warnings?: readonly string[];
  /**
   * Values of the configuration that must never be shown (Packer's LogSecretFilter: e.g. amazon's `secret_key`):
   * core masks them in all output from then on, like sensitive variables.
   */
  readonly sensitiveValues?: readonly string[];
}

/**
 * Functions a component adds to the `{{ }}` templates of its own configuration (Packer's ctx.Funcs, e.g. the
 * amazon builders' `clean_resource_name`), when core renders them before `prepare`.
 */
export type TemplateFuncs = Readonly<Record<string, ExtraTemplateFunction>>;

/** A builder: `source "TYPE" "NAME" { ... }`. */
export interface BuilderComponent<S extends ConfigSpec = ConfigSpec> {
  readonly configSpec: S;
  readonly templateFuncs?: TemplateFuncs;
  /**
   * Validates the configuration. `generatedVars` are the names the builder will set at run time, which become
   * the attributes of `build.*` (always with Packer's common ones: ID, Host, Port, User, Password, ConnType,
   * PackerRunUUID, PackerHTTPPort, PackerHTTPIP, PackerHTTPAddr, SSHPublicKey, SSHPrivateKey, WinRMPassword).
   */
  prepare(config: ConfigOf<S>, core: CoreInfo): PrepareResult & { readonly generatedVars?: readonly string[] };
  /**
   * Builds: creates the machine, calls `ctx.provision` once it is reachable, captures the result. Every resource
   * it creates must be released before it returns or throws (use the step runner: steps.ts). Returns no
   * artifact when there is nothing to show (e.g. null). Throws with a message for the user on failure.
   */
  run(config: ConfigOf<S>, ctx: BuildContext): Promise<Artifact | undefined>;
}

/** A provisioner: `provisioner "TYPE" { ... }` inside a build block. */
export interface ProvisionerComponent<S extends ConfigSpec = ConfigSpec> {
  readonly configSpec: S;
  /**
   * Put before the text of a configuration that does not decode or render (Packer plugins that wrap
   * config.Decode's error, e.g. shell-local's "Error decoding config: ").
   */
  readonly configErrorPrefix?: string;
  prepare(config: ConfigOf<S>, core: CoreInfo): PrepareResult;
  /** Provisions the machine (a fresh, re-prepared config with the build's generated data rendered). */
  provision(config: ConfigOf<S>, ctx: ProvisionContext): Promise<void>;
}

/** A post-processor: `post-processor "TYPE" { ... }` inside a build block. */
export interface PostProcessorComponent<S extends ConfigSpec = ConfigSpec> {
  readonly configSpec: S;
  /**
   * Put before the text of a configuration that does not decode or render (Packer plugins that wrap
   * config.Decode's error, e.g. shell-local's "Error decoding config: ").
   */
  readonly configErrorPrefix?: string;
  prepare(config: ConfigOf<S>, core: CoreInfo): PrepareResult;
  postProcess(config: ConfigOf<S>, ctx: PostProcessContext, artifact: Artifact): Promise<PostProcessResult>;
}

/** A data source: `data "TYPE" "NAME" { ... }`, read as `data.TYPE.NAME.<attr>`. */
export interface DataSourceComponent<S extends ConfigSpec = ConfigSpec, O extends ConfigSpec = ConfigSpec> {
  readonly configSpec: S;
  /** The shape of the result; `validate` (without -evaluate-datasources) uses an unknown value of this type. */
  readonly outputSpec: O;
  prepare(config: ConfigOf<S>): PrepareResult;
  /**
   * Reads the data. The result is a plain object shaped by `outputSpec`; core turns it into the value of
   * `data.TYPE.NAME` (valueFromConfig), so components never build HCL values.
   */
  execute(config: ConfigOf<S>): Promise<ConfigOf<O>>;
}

/** The components a template can name, by type name. The plugin host fills one; tests register their own. */
export interface ComponentRegistry {
  readonly builders: ReadonlyMap<string, BuilderComponent>;
  readonly provisioners: ReadonlyMap<string, ProvisionerComponent>;
  readonly postProcessors: ReadonlyMap<string, PostProcessorComponent>;
  readonly dataSources: ReadonlyMap<string, DataSourceComponent>;
  /** Communicators by `communicator = "NAME"` (@tspacker/plugin-ssh gives `ssh`); none when absent. */
  readonly communicators?: ReadonlyMap<string, CommunicatorComponent>;
  /**
   * Synchronous lookups behind the HCL functions that read outside services (`aws_secretsmanager`,
   * `aws_secretsmanager_raw`, `consul_key`, `vault`); a function whose lookup no plugin provides fails clearly.
   */
  readonly secrets?: SecretsProvider;
}
