// `source "TYPE" "NAME" { ... }` blocks (hcl2template/types.source.go): the top-level definitions, references to
// them (`sources = ["source.TYPE.NAME"]`), and build-level uses `source "TYPE.NAME" { name = "...", ... }`.
// A source's body is only decoded against its builder's spec when a build uses it (get-builds.ts).
import { errorDiag, rangeToString, type Block, type Body, type Diagnostic, type Range } from '@tspacker/hcl';
import { decodeFields } from './decode-attributes.js';
import type { PackerConfig, SourceBlock, SourceUseBlock, WithDiags } from './types.js';

/** `TYPE.NAME`: how sources are keyed in PackerConfig.sources and named in messages. */
export function sourceKey(type: string, name: string): string {
  return `${type}.${name}`;
}

/**
 * sourceRefFromString: `TYPE.NAME`, or any `X.TYPE.NAME...` (the first part is dropped, further parts ignored);
 * undefined for a single part.
 */
export function sourceRefFromString(text: string): { type: string; name: string } | undefined {
  let parts = text.split('.');
  if (parts.length < 2) return undefined;
  if (parts.length > 2) parts = parts.slice(1);
  return { type: parts[0]!, name: parts[1]! };
}

/** A use's `TYPE.LOCALNAME`: what builds are named after and template `only`/`except` match. */
export function sourceUseName(use: SourceUseBlock): string {
  return sourceKey(use.type, use.localName);
}

/** The known sources, sorted, as Packer lists them in "Known: [...]". */
export function availableSourceNames(config: PackerConfig): string[] {
  return [...config.sources.values()].map((s) => sourceKey(s.type, s.name)).sort();
}

function labelDiag(block: Block): Diagnostic | undefined {
  // What hcl's schema check says for a `source` header with the wrong number of labels.
  if (block.labels.length < 2) {
    const subject: Range = block.labelRanges.length > 0 ? block.labelRanges[block.labelRanges.length - 1]! : block.typeRange;
    const name = block.labels.length === 0 ? 'type' : 'name';
    return errorDiag(`Missing ${name} for source`, 'All source blocks must have 2 labels (type, name).', subject, block.defRange);
  }
  if (block.labels.length > 2) {
    return errorDiag('Extraneous label for source', 'Only 2 labels (type, name) are expected for source blocks.', block.labelRanges[2]!, block.defRange);
  }
  return undefined;
}

/**
 * decodeSource plus parseConfig's duplicate check: a top-level source block, or a diagnostic when another one
 * with the same type and name is already in `config.sources`. The caller adds the result to `config.sources`.
 */
export function decodeSourceBlock(block: Block, config: PackerConfig): WithDiags<SourceBlock | undefined> {
  const bad = labelDiag(block);
  if (bad) return { value: undefined, diags: [bad] };
  const [type, name] = block.labels as [string, string];
  const existing = config.sources.get(sourceKey(type, name));
  if (existing) {
    const detail =
      `This source block has the same builder type and name as a previous block declared at ${rangeToString(existing.block.defRange)}. ` +
      'Each source must have a unique name per builder type.';
    return { value: undefined, diags: [errorDiag('Duplicate source block', detail, block.defRange)] };
  }
  return { value: { type, name, block, body: block.body }, diags: [] };
}

/**
 * decodeBuildSource: `source "TYPE.NAME" { name = "LOCAL", <extra attributes> }` inside a build. `name` is
 * decoded without any variables (a literal); everything else is kept to be merged with the source's body.
 */
export function decodeBuildSourceBlock(block: Block): WithDiags<SourceUseBlock | undefined> {
  const ref = sourceRefFromString(block.labels[0] ?? '') ?? { type: '', name: '' };
  const { fields, remain, diags } = decodeFields(block.body, undefined, { name: 'string' });
  if (diags.some((d) => d.severity === 'error')) return { value: undefined, diags };
  const use: SourceUseBlock = { type: ref.type, name: ref.name, localName: fields.name || ref.name, body: remain as Body, range: block.defRange };
  return { value: use, diags };
}
