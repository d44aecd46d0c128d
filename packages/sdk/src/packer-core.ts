// common.PackerConfig: the `packer_*` keys every component's generated HCL spec accepts (they are in the
// mapstructure struct each config embeds). Core sets them itself (CoreInfo), overriding any value written in a
// template; they are declared so that a template naming them decodes as it does with Packer.
import { attr, type ConfigSpec } from './config/spec.js';
import type { CoreInfo } from './components.js';
import type { InterpolateContext } from './interpolate/context.js';

const setByCore = 'Set by Packer core; a value written in the template is overridden.';

export const packerCoreSpec = {
  packer_build_name: attr.string({ doc: setByCore }),
  packer_builder_type: attr.string({ doc: setByCore }),
  packer_core_version: attr.string({ doc: setByCore }),
  packer_debug: attr.bool({ doc: setByCore }),
  packer_force: attr.bool({ doc: setByCore }),
  packer_on_error: attr.string({ doc: setByCore }),
  packer_user_variables: attr.map(attr.string(), { doc: setByCore }),
  packer_sensitive_variables: attr.list(attr.string(), { doc: setByCore }),
} satisfies ConfigSpec;

/** The part of a configuration that carries core's keys. */
export type PackerCoreKeys = {
  packer_build_name: string;
  packer_builder_type: string;
  packer_core_version: string;
  packer_debug: boolean;
  packer_force: boolean;
  packer_on_error: string;
  packer_sensitive_variables: string[];
  /** Set by applyCoreInfo for legacy JSON templates only (not in the spec: Packer's HCL2 schema has no such key). */
  packer_template_path?: string;
  packer_user_variables?: Record<string, string>;
};

/**
 * Packer's core passes these keys to every component's Prepare, over whatever the template said; components
 * read them again when they run (PACKER_BUILD_NAME, the manifest's `name`, `-force`), so prepare stores them.
 */
export function applyCoreInfo(c: PackerCoreKeys, core: CoreInfo): void {
  c.packer_build_name = core.buildName;
  c.packer_builder_type = core.builderType;
  c.packer_core_version = core.coreVersion;
  c.packer_debug = core.debug;
  c.packer_force = core.force;
  c.packer_on_error = core.onError;
  c.packer_sensitive_variables = [...core.sensitiveVariables];
  if (core.templatePath !== undefined) {
    c.packer_template_path = core.templatePath;
    c.packer_user_variables = { ...core.userVariables };
  }
}

/**
 * The `{{ }}` context of a component's option at run time: core's build name, type and version, and `data`; for a
 * legacy JSON template (packer_template_path set) also its user variables and path, as Packer's JSON mode has them.
 */
export function coreInterpolation(
  c: Pick<PackerCoreKeys, 'packer_build_name' | 'packer_builder_type' | 'packer_core_version' | 'packer_template_path' | 'packer_user_variables'>,
  data: Record<string, unknown>,
): InterpolateContext {
  const base = { buildName: c.packer_build_name, buildType: c.packer_builder_type, coreVersion: c.packer_core_version, data };
  if (!c.packer_template_path) return { mode: 'hcl2', ...base };
  return { mode: 'json', ...base, templatePath: c.packer_template_path, userVariables: { ...c.packer_user_variables } };
}
