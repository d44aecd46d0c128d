// The shapes of Packer's HCL2 template model (hcl2template's PackerConfig and the blocks it holds), shared by the
// modules that fill them in order: load.ts (files) → parse.ts (top-level blocks, variables, locals, data) →
// initialize.ts (variable values, the locals/data graph, dynamic blocks, sources and builds) → get-builds.ts.
// Field names follow Packer's where a user meets them in messages; everything is plain data.
import type { Block, Body, Diagnostic, DiagnosticSource, Expression, Range, Type, Value } from '@tspacker/hcl';
import type { ComponentRegistry } from '@tspacker/sdk';

/** Everything that decides how a template loads, from the command line and the environment. */
export interface LoadOptions {
  /** The TEMPLATE argument: a `.pkr.hcl`/`.pkr.json` file or a directory. */
  readonly path: string;
  /** `-var-file` arguments, in command-line order. */
  readonly varFiles: readonly string[];
  /** `-var name=value` arguments, in command-line order (split at the first `=`). */
  readonly vars: readonly (readonly [name: string, value: string])[];
  /** The process environment (PKR_VAR_*; env() in variable defaults). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory (`path.cwd`; relative paths are resolved against it). */
  readonly cwd: string;
  /** Packer core version reported to templates (`packer.version`, required_version). */
  readonly coreVersion: string;
  readonly components: ComponentRegistry;
  /** `-use-sequential-evaluation`: all data sources, then locals, instead of one dependency graph. */
  readonly useSequentialEvaluation?: boolean;
  /** Warn about var-file entries that name no variable (validate: on unless -no-warn-undeclared-var). */
  readonly warnOnUndeclaredVar?: boolean;
  /** validate without -evaluate-datasources: data sources are not executed; their outputs are unknown. */
  readonly skipDatasourcesExecution?: boolean;
}

/** Where a variable's value came from, in Packer's words (`Invalid value for <source> variable`). */
export type ValueSource = 'default' | 'env' | 'varfile' | 'cmd';

export interface VariableAssignment {
  readonly from: ValueSource;
  readonly value: Value;
  /** The expression or argument the value came from, for diagnostics. */
  readonly range?: Range;
  readonly expr?: Expression;
}

export interface VariableValidation {
  readonly condition: Expression;
  readonly errorMessage: string;
  readonly range: Range;
}

/** An input variable (`variable`/`variables`) or a local (`locals`/`local`). */
export interface Variable {
  readonly name: string;
  /** The type constraint (cty.DynamicPseudoType when none). */
  type: Type;
  /** Defaults applied to object values from every source (`optional(T, default)` in the type). */
  typeDefaults?: unknown;
  readonly description: string;
  sensitive: boolean;
  /** Every assignment in precedence order; the last one is the value. */
  readonly values: VariableAssignment[];
  readonly validations: readonly VariableValidation[];
  readonly range: Range;
}

/** A `locals {}` attribute or a `local "NAME" {}` block, before evaluation. */
export interface LocalBlock {
  readonly name: string;
  readonly expr: Expression;
  readonly sensitive: boolean;
  readonly range: Range;
}

/** `data "TYPE" "NAME" { ... }`; its value is filled in when it is evaluated. */
export interface DatasourceBlock {
  readonly type: string;
  readonly name: string;
  readonly block: Block;
  readonly body: Body;
  value?: Value;
}

/** `source "TYPE" "NAME" { ... }` at top level. */
export interface SourceBlock {
  readonly type: string;
  readonly name: string;
  readonly block: Block;
  readonly body: Body;
}

/** One source a build uses: an entry of `sources = [...]` or a nested `source "TYPE.NAME" { ... }`. */
export interface SourceUseBlock {
  readonly type: string;
  /** The top-level source's label name. */
  readonly name: string;
  /** `name = "..."` in a nested source block renames the build (`TYPE.LOCALNAME`); else the label name. */
  readonly localName: string;
  /** The nested block's extra attributes (merged with the source's body; re-setting one is an error). */
  readonly body?: Body;
  readonly range: Range;
}

export interface OnlyExcept {
  readonly only: readonly string[];
  readonly except: readonly string[];
}

/** `provisioner "TYPE" { ... }` or `error-cleanup-provisioner "TYPE" { ... }` in a build block. */
export interface ProvisionerBlock {
  readonly type: string;
  readonly name: string;
  /** Milliseconds; 0 when unset. */
  readonly pauseBefore: number;
  readonly timeout: number;
  readonly maxRetries: number;
  /** `continue_on_error` (Packer 1.16): a failure is reported as a warning and the build goes on. */
  readonly continueOnError?: boolean;
  /** `override = { LOCALNAME = { attr = value } }`. */
  readonly override?: ReadonlyMap<string, ReadonlyMap<string, Value>>;
  readonly onlyExcept: OnlyExcept;
  readonly block: Block;
  /** The body without the meta-arguments. */
  readonly body: Body;
}

/** `post-processor "TYPE" { ... }`, alone or inside `post-processors { ... }`. */
export interface PostProcessorBlock {
  readonly type: string;
  readonly name: string;
  readonly keepInputArtifact?: boolean;
  readonly onlyExcept: OnlyExcept;
  readonly block: Block;
  readonly body: Body;
}

/** A `build { ... }` block. */
export interface BuildBlock {
  readonly name: string;
  readonly description: string;
  readonly sources: readonly SourceUseBlock[];
  readonly provisioners: readonly ProvisionerBlock[];
  readonly errorCleanupProvisioner?: ProvisionerBlock;
  /** Each standalone post-processor is a chain of one; `post-processors {}` is one chain. */
  readonly postProcessors: readonly (readonly PostProcessorBlock[])[];
  readonly block: Block;
}

/** A loaded template: Packer's PackerConfig. */
export interface PackerConfig {
  /** The template's directory as given (`path.root`: `.` for `t.pkr.hcl`, not made absolute). */
  readonly basedir: string;
  readonly cwd: string;
  readonly coreVersion: string;
  readonly options: LoadOptions;
  /** Parsed files by name, for diagnostics with source snippets. */
  readonly files: Map<string, DiagnosticSource>;
  /** The bodies of the template's files, in load order. */
  readonly bodies: Body[];
  readonly requiredVersions: { readonly constraint: string; readonly range: Range }[];
  readonly requiredPlugins: RequiredPlugin[];
  readonly inputVariables: Map<string, Variable>;
  readonly localVariables: Map<string, Variable>;
  readonly localBlocks: LocalBlock[];
  /** By `TYPE.NAME`. */
  readonly datasources: Map<string, DatasourceBlock>;
  /** By `TYPE.NAME`. */
  readonly sources: Map<string, SourceBlock>;
  readonly builds: BuildBlock[];
  /** Every sensitive value (variables and locals), to be masked in all output. */
  readonly sensitiveValues: Set<string>;
}

/** `required_plugins { NAME = { source = "...", version = "..." } }`. */
export interface RequiredPlugin {
  readonly name: string;
  readonly source: string;
  readonly versionConstraint: string;
  readonly range: Range;
}

/** Results carry their diagnostics; a result may be partial when there are errors. */
export interface WithDiags<T> {
  readonly value: T;
  readonly diags: Diagnostic[];
}
