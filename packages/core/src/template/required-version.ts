// `packer { required_version = "..." }`: read from every file before anything else (Packer's
// sniffCoreVersionRequirements), so that a template written for another version fails with a version error
// rather than with errors about blocks this version does not know.
import {
  bodyContent,
  bodyPartialContent,
  convert,
  evaluate,
  hasErrors,
  StringType,
  type Attribute,
  type Body,
  type BodySchema,
  type Diagnostic,
  type Range,
} from '@tspacker/hcl';
import { GoConstraints, GoVersion } from '../version/go-version.js';

/** The `packer {}` block's schema (hcl2template's packerBlockSchema). */
export const packerBlockSchema: BodySchema = { attributes: [{ name: 'required_version' }], blocks: [{ type: 'required_plugins' }] };

export interface VersionConstraint {
  readonly constraint: string;
  readonly range: Range;
}

/** Every `required_version` of one file body; unparseable ones are reported and left out. */
export function sniffRequiredVersions(body: Body): { constraints: VersionConstraint[]; diags: Diagnostic[] } {
  const root = bodyPartialContent(body, { blocks: [{ type: 'packer' }] });
  const diags: Diagnostic[] = [...root.diags];
  const constraints: VersionConstraint[] = [];
  for (const block of root.content.blocks) {
    const content = bodyContent(block.body, packerBlockSchema);
    diags.push(...content.diags);
    const attr = content.content.attributes.get('required_version');
    if (!attr) continue;
    const decoded = decodeVersionConstraint(attr);
    diags.push(...decoded.diags);
    if (!hasErrors(decoded.diags) && decoded.constraint !== undefined) constraints.push({ constraint: decoded.constraint, range: attr.range });
  }
  return { constraints, diags };
}

/** decodeVersionConstraint: a literal string in go-version constraint syntax. */
export function decodeVersionConstraint(attr: Attribute): { constraint?: string; diags: Diagnostic[] } {
  const { value, diags } = evaluate(attr.expr);
  if (hasErrors(diags)) return { diags };
  let str;
  try {
    str = convert(value, StringType);
  } catch {
    diags.push({
      severity: 'error',
      summary: 'Invalid version constraint',
      detail: `A string value is required for ${attr.name}.`,
      subject: attr.expr.range,
    });
    return { diags };
  }
  if (str.isNull || !str.isWhollyKnown()) return { diags };
  const text = str.asString();
  try {
    GoConstraints.parse(text);
  } catch {
    diags.push({
      severity: 'error',
      summary: 'Invalid version constraint',
      detail:
        'This string does not use correct version constraint syntax. Check out the docs: https://packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints',
      subject: attr.expr.range,
    });
    return { diags };
  }
  return { constraint: text, diags };
}

/** CheckCoreVersionRequirements: every constraint against the core version (prerelease and metadata dropped). */
export function checkRequiredVersions(constraints: readonly VersionConstraint[], coreVersion: string): Diagnostic[] {
  const core = GoVersion.parse(coreVersion).core();
  const diags: Diagnostic[] = [];
  for (const c of constraints) {
    if (GoConstraints.parse(c.constraint).check(core)) continue;
    diags.push({
      severity: 'error',
      summary: 'Unsupported Packer Core version',
      detail: `This configuration does not support Packer version ${core.toString()}. To proceed, either choose another supported Packer version or update this version constraint. Version constraints are normally set for good reason, so updating the constraint may lead to other errors or unexpected behavior.`,
      subject: c.range,
    });
  }
  return diags;
}
