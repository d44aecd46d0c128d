// `packer { required_plugins { NAME = { source = "HOST/NAMESPACE/NAME", version = "CONSTRAINT" } } }`:
// decoded and checked with Packer's messages (types.required_plugins.go, addrs/plugin.go). Used by `init`.
import { bodyJustAttributes, evaluate, goQuote, StringType, typeEquals, type Block, type Diagnostic, type Range } from '@tspacker/hcl';
import { GoConstraints } from '../version/go-version.js';
import { npmSourceError, npmSourcePackage } from '../plugins/naming.js';
import type { RequiredPlugin } from './types.js';

const constraintDocs = 'https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraint-syntax';

/** One `required_plugins` block: the requirements it declares (those decoded far enough) and its diagnostics. */
export function decodeRequiredPlugins(block: Block): { plugins: RequiredPlugin[]; diags: Diagnostic[] } {
  const { attributes, diags } = bodyJustAttributes(block.body);
  const plugins: RequiredPlugin[] = [];
  const error = (summary: string, detail: string, subject: Range): void => {
    diags.push({ severity: 'error', summary, detail, subject });
  };
  for (const [name, attr] of attributes) {
    const { value, diags: valueDiags } = evaluate(attr.expr);
    diags.push(...valueDiags);
    const exprRange = attr.expr.range;
    diags.push(...checkPluginNameNormalized(name, exprRange));
    const t = value.type;

    if (t.kind === 'string' || t.kind === 'number' || t.kind === 'bool') {
      let c = 'version';
      if (t.kind === 'string' && value.isKnown && !value.isNull) {
        try {
          c = GoConstraints.parse(value.asString()).toString();
        } catch {
          // keep the placeholder
        }
      }
      error(
        'Invalid plugin requirement',
        `'${name} = "${c}"' plugin requirement calls are not possible. You must define a whole block. For example:\n` +
          `${name} = {\n  source  = "github.com/hashicorp/${name}"\n  version = "${c}"\n}`,
        attr.range,
      );
      continue;
    }
    if (t.kind !== 'object') {
      error('Invalid required_plugins syntax', 'required_plugins entries must be objects.', exprRange);
      continue;
    }
    if (!t.attributes.has('version')) {
      error(
        'No version constraint was set',
        'The version field must be specified as a string. Ex: `version = ">= 1.2.0, < 2.0.0". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints for docs',
        exprRange,
      );
      continue;
    }
    const versionValue = value.isKnown && !value.isNull ? value.get('version')! : undefined;
    if (!versionValue || !typeEquals(versionValue.type, StringType) || versionValue.isNull || !versionValue.isKnown) {
      error('Invalid version constraint', `Version must be specified as a string. See ${constraintDocs} for docs.`, exprRange);
      continue;
    }
    const constraintText = versionValue.asString();
    let constraints: GoConstraints;
    try {
      constraints = GoConstraints.parse(constraintText);
    } catch (e) {
      error(
        'Invalid version constraint',
        `This string does not use correct version constraint syntax. See ${constraintDocs} for docs.\n${(e as Error).message}`,
        exprRange,
      );
      continue;
    }
    if (constraints.constraints.some((c) => c.prerelease)) {
      error('Invalid version constraint', `Unsupported prerelease for constraint ${goQuote(constraintText)}`, exprRange);
    }
    if (!t.attributes.has('source')) {
      error(
        'No source was set',
        'The source field must be specified as a string. Ex: `source = "coolcloud". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#specifying-plugin-requirements for docs',
        exprRange,
      );
      continue;
    }
    const sourceValue = value.get('source')!;
    if (!typeEquals(sourceValue.type, StringType) || sourceValue.isNull || !sourceValue.isKnown) {
      error('Invalid source', 'Source must be specified as a string. For example: source = "coolcloud"', exprRange);
      continue;
    }
    const source = sourceValue.asString();
    const sourceError = pluginSourceError(source);
    if (sourceError !== undefined) {
      error('Failed to parse source', sourceError, attr.range);
      continue;
    }
    if ([...t.attributes.keys()].some((k) => k !== 'version' && k !== 'source')) {
      error('Invalid required_plugins object', 'required_plugins objects can only contain "version" and "source" attributes.', exprRange);
    }
    plugins.push({ name, source, versionConstraint: constraintText, range: exprRange });
  }
  return { plugins, diags };
}

/** addrs.ParsePluginPart: the normalised form of one name part, or an error text. */
export function parsePluginPart(given: string): { normalized?: string; error?: string } {
  if (given.length === 0) return { error: 'must have at least one character' };
  if (given.includes('.')) return { error: 'dots are not allowed' };
  if (given.includes('--')) return { error: 'cannot use multiple consecutive dashes' };
  // idna's lookup profile: case-folded, only letters, digits and dashes (STD3), no dash at either end.
  const prefix = 'must contain only letters, digits, and dashes, and may not use leading or trailing dashes: ';
  const mapped = given.normalize('NFKC').toLowerCase();
  for (const ch of mapped) {
    if (!/[\p{L}\p{N}\p{M}-]/u.test(ch)) {
      const cp = ch.codePointAt(0)!;
      return { error: `${prefix}idna: disallowed rune U+${cp.toString(16).toUpperCase().padStart(4, '0')}` };
    }
  }
  if (mapped.startsWith('-') || mapped.endsWith('-')) return { error: `${prefix}idna: invalid label ${goQuote(given)}` };
  return { normalized: mapped };
}

function checkPluginNameNormalized(name: string, range: Range): Diagnostic[] {
  const { normalized, error } = parsePluginPart(name);
  if (error !== undefined) {
    return [{ severity: 'error', summary: 'Invalid plugin local name', detail: `${name} is an invalid plugin local name: ${error}`, subject: range }];
  }
  if (normalized !== name) {
    return [
      {
        severity: 'error',
        summary: 'Invalid plugin local name',
        detail: `Plugin names must be normalized. Replace ${goQuote(name)} with ${goQuote(normalized ?? name)} to fix this error.`,
        subject: range,
      },
    ];
  }
  return [];
}

/** addrs.ParsePluginSourceString: undefined when the source is valid, else Go's error text. */
export function pluginSourceError(source: string): string | undefined {
  // tspacker: `npm:PACKAGE` names an npm package rather than a Packer address (plugins/naming.ts).
  if (npmSourcePackage(source) !== undefined) return npmSourceError(source);
  const errs: string[] = [];
  if (source.startsWith('/')) errs.push("A source URL must not start with a '/' character.");
  if (source.endsWith('/')) errs.push("A source URL must not end with a '/' character.");
  if ((source.match(/\//g) ?? []).length < 2) errs.push('A source URL must at least contain a host and a path with 2 components');
  // url.Parse: a scheme is letters/digits/+-. before the first ':'; query after '?', fragment after '#'.
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(source)) errs.push('A source URL must not contain a scheme (e.g. https://).');
  const hash = source.indexOf('#');
  const beforeFragment = hash >= 0 ? source.slice(0, hash) : source;
  const q = beforeFragment.indexOf('?');
  if (q >= 0 && q < beforeFragment.length - 1) errs.push('A source URL must not contain a query (e.g. ?var=val)');
  if (hash >= 0 && hash < source.length - 1) errs.push('A source URL must not contain a fragment (e.g. #anchor).');
  if (errs.length > 0) {
    return (
      'The provided source URL is invalid.\nThe following errors have been discovered:\n' +
      errs.map((e) => `* ${e}\n`).join('') +
      '\nA valid source looks like "github.com/hashicorp/happycloud"'
    );
  }
  const givenName = source.slice(source.lastIndexOf('/') + 1);
  const part = parsePluginPart(givenName);
  if (part.error !== undefined) return `Invalid plugin type ${goQuote(givenName)} in source: ${part.error}"`;
  if (givenName.startsWith('packer-')) {
    if (givenName.startsWith('packer-plugin-')) {
      const suggested = givenName.replaceAll('packer-plugin-', '');
      if (parsePluginPart(suggested).error === undefined) {
        return (
          'Plugin source has a type with the prefix "packer-plugin-", which isn\'t valid.\n' +
          'Although that prefix is often used in the names of version control repositories for Packer plugins, plugin source strings should not include it.\n' +
          `\nDid you mean ${goQuote(suggested)}?`
        );
      }
    }
    return (
      'Plugin source has a type with the "packer-" prefix, which isn\'t valid.\n' +
      'If you are the author of this plugin, rename it to not include the prefix.\n' +
      `Ex: ${goQuote(givenName.replace('packer-', ''))}`
    );
  }
  const parts = source.split('/').filter((p) => p !== '');
  if (parts.length > 16) {
    return (
      `The source URL must have at most 16 components, and the one provided has ${parts.length}.\n` +
      'This is unsupported by Packer, please consider using a source that has less components to it.\n' +
      'If this is a blocking issue for you, please open an issue to ask for supporting more components to the source URI.'
    );
  }
  return undefined;
}
