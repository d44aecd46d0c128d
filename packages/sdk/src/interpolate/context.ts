// What a template is rendered with: Packer's interpolate.Context, minus the Go-isms.
import type { SecretsProvider } from '@tspacker/hcl';

/** A plugin-supplied template function (Packer's ctx.Funcs, e.g. clean_resource_name); all parameters are strings. */
export type ExtraTemplateFunction = (...args: string[]) => string;

export interface InterpolateContext {
  /**
   * 'json': a legacy JSON template (user variables and template_dir available).
   * 'hcl2': a string a plugin renders inside an HCL2 build: core passes no user variables nor template path, so
   * `user` fails with Packer's literal "test", `template_dir` with "template path not available".
   */
  readonly mode: 'hcl2' | 'json';
  /** `build_name` (HCL2: the source label name); absent → "build_name not available". */
  readonly buildName?: string;
  /** `build_type`; absent → "build_type not available". */
  readonly buildType?: string;
  /** `packer_version`; '' → "packer_version not available". */
  readonly coreVersion: string;
  /** JSON mode: path of the template, for `template_dir`. */
  readonly templatePath?: string;
  /** JSON mode: values `user` reads; undefined → `user` fails like Packer's ("test"). */
  readonly userVariables?: Readonly<Record<string, string>>;
  /**
   * JSON mode: true only while rendering the `variables` section; enables env/consul_key/vault/aws_secretsmanager
   * and makes an unknown `user` variable an error ("Error: variable not set: x").
   */
  readonly enableEnv?: boolean;
  /**
   * `{{ .Field }}` data (Packer's ctx.Data). Treated as a Go map (missing key → `<no value>`) unless `dataType`
   * is set; also what `build` reads (generated data, possibly holding placeholders, see basicPlaceholderData).
   */
  readonly data?: Readonly<Record<string, unknown>>;
  /**
   * When set, `data` is a Go struct of this type (e.g. "*shell.ExecuteCommandTemplate"): a missing field is
   * Go's `can't evaluate field X in type T` error, and `build` rejects it as Packer does for non-map data.
   */
  readonly dataType?: string;
  /** Environment for `env` (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory for `pwd` and `template_dir` (default process.cwd()). */
  readonly cwd?: string;
  /** Time `timestamp`, `isotime` and `strftime` render (default: when this module was loaded, like Packer's InitTime). */
  readonly now?: Date;
  /** JSON mode, variables section: where consul_key, vault and aws_secretsmanager look secrets up. */
  readonly secrets?: SecretsProvider;
  /** Extra functions a plugin adds (Packer's ctx.Funcs); they override built-in ones of the same name. */
  readonly funcs?: Readonly<Record<string, ExtraTemplateFunction>>;
}
