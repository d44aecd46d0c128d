// The legacy JSON template model (packer-plugin-sdk template.Template): what template/parse.go makes of a
// `.json` template, before any `{{ }}` is rendered. Everything below core/src/legacy reads this shape: the
// build command (builds.ts), inspect, console and hcl2_upgrade. Names follow Go's where messages show them.

/** A JSON value as encoding/json decodes it into interface{} (numbers are float64). */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A JSON object; keys are own properties in document order (made with Object.create(null)-safe setters). */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A user variable: `"name": "default"` or `"name": null` (required). */
export interface LegacyVariable {
  readonly key: string;
  /** The raw, un-rendered default ('' when required). */
  readonly default: string;
  readonly required: boolean;
}

/** `builders[i]`: `type`, `name` (defaults to the type) and the rest of the object as configuration. */
export interface LegacyBuilder {
  readonly name: string;
  readonly type: string;
  /** The object without `name` and `type`; undefined when nothing else was set (Go's nil map). */
  readonly config?: JsonObject;
}

export interface LegacyOnlyExcept {
  readonly only: readonly string[];
  readonly except: readonly string[];
}

/** `provisioners[i]` or `error-cleanup-provisioner`. */
export interface LegacyProvisioner extends LegacyOnlyExcept {
  readonly type: string;
  /** The object without the meta keys (type, only, except, override, pause_before, max_retries, timeout). */
  readonly config?: JsonObject;
  /** `override`: builder name → extra configuration. */
  readonly override?: JsonObject;
  /** `pause_before`, milliseconds (0 when unset). */
  readonly pauseBefore: number;
  /** `max_retries`, un-rendered (it may be a template); '' when unset. */
  readonly maxRetries: string;
  /** `timeout`, milliseconds. */
  readonly timeout: number;
}

/** One post-processor of a chain. */
export interface LegacyPostProcessor extends LegacyOnlyExcept {
  /** `name`, defaulting to the type. */
  readonly name: string;
  readonly type: string;
  readonly keepInputArtifact?: boolean;
  /** The object without type, name, only, except and keep_input_artifact. */
  readonly config?: JsonObject;
}

/** A parsed legacy JSON template (template.Template). */
export interface LegacyTemplate {
  /** Absolute path of the template file ('' for stdin or an inline template). */
  readonly path: string;
  readonly description: string;
  /** `min_packer_version` ('' when unset). */
  readonly minVersion: string;
  /** Root keys starting with `_`. */
  readonly comments: ReadonlyMap<string, string>;
  /** By name, in document order. */
  readonly variables: ReadonlyMap<string, LegacyVariable>;
  /** `sensitive-variables` that name a declared variable, in the list's order. */
  readonly sensitiveVariables: readonly LegacyVariable[];
  /** By (un-rendered) name, in document order. */
  readonly builders: ReadonlyMap<string, LegacyBuilder>;
  readonly provisioners: readonly LegacyProvisioner[];
  readonly cleanupProvisioner?: LegacyProvisioner;
  readonly postProcessors: readonly (readonly LegacyPostProcessor[])[];
  /** The file's text. */
  readonly rawContents: string;
}
