// The top level of a template (parser.go's Parse and parseConfig): the block types a file may hold, then the
// blocks decoded before anything is evaluated (required_version, required_plugins, variables, data sources,
// locals), and, during initialisation, the `source` and `build` blocks once dynamic blocks can be expanded.
import {
  bodyContent,
  bodyJustAttributes,
  expandDynamicBlocks,
  goQuote,
  hasErrors,
  rangeToString,
  type Block,
  type Body,
  type BodySchema,
  type Diagnostic,
} from '@tspacker/hcl';
import { evalContext } from './context.js';
import { decodeOptionalAttribute } from './decode-attributes.js';
import { decodeRequiredPlugins } from './required-plugins.js';
import { checkRequiredVersions, packerBlockSchema, sniffRequiredVersions } from './required-version.js';
import type { BuildBlock, LocalBlock, PackerConfig, SourceBlock, WithDiags } from './types.js';
import { badIdentifierDetail, decodeInputVariables, validIdentifier } from './variables.js';

/** The top-level schema (hcl2template's configSchema). */
export const configSchema: BodySchema = {
  blocks: [
    { type: 'packer' },
    { type: 'source', labelNames: ['type', 'name'] },
    { type: 'variables' },
    { type: 'variable', labelNames: ['name'] },
    { type: 'locals' },
    { type: 'local', labelNames: ['name'] },
    { type: 'data', labelNames: ['type', 'name'] },
    { type: 'build' },
    { type: 'hcp_packer_registry' },
    { type: 'communicator', labelNames: ['type', 'name'] },
  ],
};

const localBlockSchema: BodySchema = { attributes: [{ name: 'expression', required: true }, { name: 'sensitive' }] };

/** The blocks of one body (diagnostics are reported once, by parseTopLevel). */
function topLevelBlocks(body: Body): readonly Block[] {
  return bodyContent(body, configSchema).content.blocks;
}

/**
 * Parse's work after the files are read: required_version first (a mismatch stops everything), the top-level
 * schema, required_plugins, variables, data sources and locals. Nothing is evaluated but variable defaults.
 */
export function parseTopLevel(config: PackerConfig): { diags: Diagnostic[]; versionMismatch: boolean } {
  const diags: Diagnostic[] = [];
  for (const body of config.bodies) {
    const sniffed = sniffRequiredVersions(body);
    config.requiredVersions.push(...sniffed.constraints);
    diags.push(...sniffed.diags);
  }
  const versionDiags = checkRequiredVersions(config.requiredVersions, config.coreVersion);
  diags.push(...versionDiags);
  if (hasErrors(versionDiags)) return { diags, versionMismatch: true };

  for (const body of config.bodies) diags.push(...bodyContent(body, configSchema).diags);

  for (const body of config.bodies) {
    for (const block of topLevelBlocks(body)) {
      if (block.type !== 'packer') continue;
      const content = bodyContent(block.body, packerBlockSchema);
      diags.push(...content.diags);
      for (const inner of content.content.blocks) {
        const r = decodeRequiredPlugins(inner);
        diags.push(...r.diags);
        config.requiredPlugins.push(...r.plugins);
      }
    }
  }

  for (const body of config.bodies) diags.push(...decodeInputVariables(config, topLevelBlocks(body)));
  for (const body of config.bodies) diags.push(...decodeDatasources(config, topLevelBlocks(body)));
  for (const body of config.bodies) {
    const r = decodeLocalBlocks(topLevelBlocks(body));
    diags.push(...r.diags);
    config.localBlocks.push(...r.locals);
  }
  diags.push(...checkDuplicateLocals(config.localBlocks));
  return { diags, versionMismatch: false };
}

/** decodeDatasources: `data "TYPE" "NAME" {}` blocks, unique per type and name. */
function decodeDatasources(config: PackerConfig, blocks: readonly Block[]): Diagnostic[] {
  const diags: Diagnostic[] = [];
  for (const block of blocks) {
    if (block.type !== 'data') continue;
    const [type, name] = block.labels as [string, string];
    const blockDiags: Diagnostic[] = [];
    if (!validIdentifier(type)) {
      blockDiags.push({ severity: 'error', summary: 'Invalid data source name', detail: badIdentifierDetail, subject: block.labelRanges[0] });
    }
    if (!validIdentifier(name)) {
      blockDiags.push({ severity: 'error', summary: 'Invalid data resource name', detail: badIdentifierDetail, subject: block.labelRanges[1] });
    }
    diags.push(...blockDiags);
    if (hasErrors(blockDiags)) continue;
    const key = `${type}.${name}`;
    const existing = config.datasources.get(key);
    if (existing) {
      diags.push({
        severity: 'error',
        summary: 'Duplicate data block',
        detail: `This data block has the same data type and name as a previous block declared at ${rangeToString(existing.block.defRange)}. Each data must have a unique name per builder type.`,
        subject: block.defRange,
      });
      continue;
    }
    config.datasources.set(key, { type, name, block, body: block.body });
  }
  return diags;
}

/** parseLocalVariableBlocks: `locals {}` attributes and `local "NAME" {}` blocks, in file order. */
function decodeLocalBlocks(blocks: readonly Block[]): { locals: LocalBlock[]; diags: Diagnostic[] } {
  const locals: LocalBlock[] = [];
  const diags: Diagnostic[] = [];
  for (const block of blocks) {
    if (block.type === 'local') {
      const r = decodeLocalBlock(block);
      diags.push(...r.diags);
      // Packer stops reading this file's locals at the first bad `local` block.
      if (hasErrors(r.diags) || !r.local) return { locals, diags };
      locals.push(r.local);
    } else if (block.type === 'locals') {
      const attrs = bodyJustAttributes(block.body);
      diags.push(...attrs.diags);
      for (const [name, attr] of attrs.attributes) locals.push({ name, expr: attr.expr, sensitive: false, range: attr.range });
    }
  }
  return { locals, diags };
}

function decodeLocalBlock(block: Block): { local?: LocalBlock; diags: Diagnostic[] } {
  const name = block.labels[0]!;
  const { content, diags } = bodyContent(block.body, localBlockSchema);
  if (!validIdentifier(name)) {
    diags.push({ severity: 'error', summary: 'Invalid local name', detail: badIdentifierDetail, subject: block.labelRanges[0] });
  }
  const sensitive = decodeOptionalAttribute(content, 'sensitive', 'bool', undefined, diags);
  const expression = content.attributes.get('expression');
  if (!expression) return { diags };
  return { local: { name, expr: expression.expr, sensitive, range: block.defRange }, diags };
}

/** checkForDuplicateLocalDefinition. */
function checkDuplicateLocals(locals: readonly LocalBlock[]): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const seen = new Map<string, LocalBlock>();
  for (const local of locals) {
    const other = seen.get(local.name);
    if (other) {
      diags.push({
        severity: 'error',
        summary: 'Duplicate local definition',
        detail: `Local variable ${goQuote(local.name)} is defined twice in your templates. Other definition found at ${goQuote(rangeToString(other.expr.range))}`,
        subject: local.expr.range,
      });
      continue;
    }
    seen.set(local.name, local);
  }
  return diags;
}

/** How `source` and `build` blocks are decoded (source.ts / build.ts); passed in to keep the modules apart. */
export interface BlockDecoders {
  decodeSourceBlock(block: Block, config: PackerConfig): WithDiags<SourceBlock | undefined>;
  decodeBuildBlock(block: Block, config: PackerConfig): WithDiags<BuildBlock | undefined>;
}

/**
 * parseConfig, run by Initialize once variables, locals and data sources have values: each file's dynamic
 * blocks are expanded, then its `source`, `build` and `hcp_packer_registry` blocks decoded.
 */
export function parseSourcesAndBuilds(config: PackerConfig, decoders: BlockDecoders): Diagnostic[] {
  const diags: Diagnostic[] = [];
  for (const file of config.bodies) {
    const body = expandDynamicBlocks(file, evalContext(config, 'locals'));
    const content = bodyContent(body, configSchema);
    diags.push(...content.diags);
    for (const block of content.content.blocks) {
      switch (block.type) {
        case 'hcp_packer_registry':
          diags.push({
            severity: 'error',
            summary: 'hcp_packer_registry is not supported',
            detail:
              'tspacker does not publish to the HCP Packer registry. Remove the hcp_packer_registry block to build this template.',
            subject: block.defRange,
          });
          break;
        case 'source': {
          const r = decoders.decodeSourceBlock(block, config);
          diags.push(...r.diags);
          if (hasErrors(r.diags) || !r.value) break;
          // decodeSourceBlock reports duplicates itself.
          const key = `${r.value.type}.${r.value.name}`;
          config.sources.set(key, r.value);
          break;
        }
        case 'build': {
          const r = decoders.decodeBuildBlock(block, config);
          diags.push(...r.diags);
          if (hasErrors(r.diags) || !r.value) break;
          config.builds.push(r.value);
          break;
        }
      }
    }
  }
  return diags;
}
