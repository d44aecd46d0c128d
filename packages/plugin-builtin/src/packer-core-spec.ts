// common.PackerConfig: the `packer_*` keys every component's generated HCL spec accepts (they are in the
// mapstructure struct each config embeds). Core sets them itself (CoreInfo), overriding any value written in a
// template; they are declared so that a template naming them decodes as it does with Packer.
import { attr, type ConfigSpec } from '@tspacker/sdk';

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
