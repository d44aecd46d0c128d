// interpolate.Validate, which the manifest, checksum and compress post-processors run on their `output`
// template: a syntax check with Packer's template functions, reported as "Error parsing target template: …".
import type { CoreInfo } from '@tspacker/sdk';
import { parseTemplate } from '@tspacker/sdk/interpolate/index.js';

/** The post-processors' error for an `output` template that does not parse, or undefined. */
export function outputTemplateError(text: string, core: CoreInfo): string | undefined {
  try {
    parseTemplate(text, { mode: 'hcl2', buildName: core.buildName, buildType: core.builderType, coreVersion: core.coreVersion });
    return undefined;
  } catch (e) {
    return `Error parsing target template: ${(e as Error).message}`;
  }
}
