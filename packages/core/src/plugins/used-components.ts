// The component types a parsed template names, read from its files' blocks before anything is evaluated, so
// that the plugin host imports only the plugins that can provide them (lazy loading).
import { bodyPartialContent, type Body, type BodySchema } from '@tspacker/hcl';
import type { LegacyTemplate } from '../legacy/types.js';
import type { PackerConfig } from '../template/types.js';

/** Type names by component kind, as the template writes them (`source "amazon-ebs" ...` → builder `amazon-ebs`). */
export interface UsedComponents {
  readonly builders: ReadonlySet<string>;
  readonly provisioners: ReadonlySet<string>;
  readonly postProcessors: ReadonlySet<string>;
  readonly dataSources: ReadonlySet<string>;
}

const topSchema: BodySchema = {
  blocks: [{ type: 'source', labelNames: ['type', 'name'] }, { type: 'data', labelNames: ['type', 'name'] }, { type: 'build' }],
};
const buildSchema: BodySchema = {
  blocks: [
    { type: 'provisioner', labelNames: ['type'] },
    { type: 'error-cleanup-provisioner', labelNames: ['type'] },
    { type: 'post-processor', labelNames: ['type'] },
    { type: 'post-processors' },
  ],
};
const chainSchema: BodySchema = { blocks: [{ type: 'post-processor', labelNames: ['type'] }] };

/** Every component type the template's blocks name (malformed blocks are left to the template's own checks). */
export function usedComponentTypes(config: Pick<PackerConfig, 'bodies'>): UsedComponents {
  const used = { builders: new Set<string>(), provisioners: new Set<string>(), postProcessors: new Set<string>(), dataSources: new Set<string>() };
  const blocks = (body: Body, schema: BodySchema) => bodyPartialContent(body, schema).content.blocks;
  for (const body of config.bodies) {
    for (const block of blocks(body, topSchema)) {
      const type = block.labels[0];
      if (block.type === 'source' && type !== undefined) used.builders.add(type);
      else if (block.type === 'data' && type !== undefined) used.dataSources.add(type);
      else if (block.type === 'build') {
        for (const inner of blocks(block.body, buildSchema)) {
          const innerType = inner.labels[0];
          if (inner.type === 'post-processors') {
            for (const pp of blocks(inner.body, chainSchema)) if (pp.labels[0] !== undefined) used.postProcessors.add(pp.labels[0]);
          } else if (innerType === undefined) continue;
          else if (inner.type === 'post-processor') used.postProcessors.add(innerType);
          else used.provisioners.add(innerType);
        }
      }
    }
  }
  return used;
}

/** The component types a legacy JSON template names (builders, provisioners, post-processors). */
export function legacyUsedComponentTypes(template: LegacyTemplate): UsedComponents {
  const provisioners = [...template.provisioners, ...(template.cleanupProvisioner ? [template.cleanupProvisioner] : [])];
  return {
    builders: new Set([...template.builders.values()].map((b) => b.type)),
    provisioners: new Set(provisioners.map((p) => p.type)),
    postProcessors: new Set(template.postProcessors.flat().map((p) => p.type)),
    dataSources: new Set(),
  };
}
