// `build { ... }` blocks (hcl2template/types.build.go, types.build.provisioners.go, types.build.post-processor.go):
// name, description and `sources` are evaluated with var/local/data; the nested `source`, `provisioner`,
// `error-cleanup-provisioner`, `post-processor` and `post-processors` blocks are collected with their
// meta-arguments, which may also use `build.name`. Component bodies are decoded later, per source (get-builds.ts).
import {
  bodyContent,
  errorDiag,
  expandDynamicBlocks,
  goQuote,
  hasErrors,
  objectVal,
  stringVal,
  type Block,
  type BodySchema,
  type Diagnostic,
  type EvalContext,
  type Value,
} from '@tspacker/hcl';
import { DurationError, parseDuration } from '@tspacker/sdk/duration.js';
import { evalContext } from './context.js';
import { decodeFields } from './decode-attributes.js';
import { decodeBuildSourceBlock, sourceRefFromString } from './source-block.js';
import type { BuildBlock, OnlyExcept, PackerConfig, PostProcessorBlock, ProvisionerBlock, SourceUseBlock, WithDiags } from './types.js';
import { validIdentifier } from './variables.js';

const buildSchema: BodySchema = {
  blocks: [
    { type: 'from', labelNames: ['type'] },
    { type: 'source', labelNames: ['reference'] },
    { type: 'provisioner', labelNames: ['type'] },
    { type: 'error-cleanup-provisioner', labelNames: ['type'] },
    { type: 'post-processor', labelNames: ['type'] },
    { type: 'post-processors', labelNames: [] },
    { type: 'hcp_packer_registry' },
  ],
};

const postProcessorsSchema: BodySchema = { blocks: [{ type: 'post-processor', labelNames: ['type'] }] };

/** OnlyExcept.Skip: template `only`/`except` lists match `TYPE.LOCALNAME` exactly (no globs). */
export function skipsSource(onlyExcept: OnlyExcept, sourceName: string): boolean {
  if (onlyExcept.only.length > 0) return !onlyExcept.only.includes(sourceName);
  if (onlyExcept.except.length > 0) return onlyExcept.except.includes(sourceName);
  return false;
}

/** OnlyExcept.Validate. */
function onlyExceptDiags(onlyExcept: OnlyExcept): Diagnostic[] {
  if (onlyExcept.only.length > 0 && onlyExcept.except.length > 0) {
    return [errorDiag("only one of 'only' or 'except' may be specified")];
  }
  return [];
}

/** The context of provisioner and post-processor meta-arguments: the build context with `build.name` known. */
export function buildBlockContext(config: PackerConfig, buildName: string): EvalContext {
  return evalContext(config, 'build', { variables: new Map<string, Value>([['build', objectVal({ name: stringVal(buildName) })]]) });
}

function parseMetaDuration(text: string, attr: string, block: Block): { ms: number; diag?: Diagnostic } {
  if (text === '') return { ms: 0 };
  try {
    return { ms: parseDuration(text) };
  } catch (e) {
    if (!(e instanceof DurationError)) throw e;
    return { ms: 0, diag: errorDiag(`Failed to parse ${attr} duration`, e.message, block.defRange) };
  }
}

/** decodeProvisioner: a `provisioner` or `error-cleanup-provisioner` block's meta-arguments. */
export function decodeProvisionerBlock(block: Block, ctx: EvalContext | undefined): WithDiags<ProvisionerBlock | undefined> {
  const { fields, remain, diags } = decodeFields(block.body, ctx, {
    name: 'string',
    pause_before: 'string',
    max_retries: 'int',
    timeout: 'string',
    continue_on_error: 'bool',
    only: 'stringList',
    except: 'stringList',
    override: 'value',
  });
  if (hasErrors(diags)) return { value: undefined, diags };
  const onlyExcept: OnlyExcept = { only: fields.only, except: fields.except };
  diags.push(...onlyExceptDiags(onlyExcept));
  if (hasErrors(diags)) return { value: undefined, diags };

  let override: Map<string, ReadonlyMap<string, Value>> | undefined;
  const raw = fields.override;
  if (raw && !raw.isNull && raw.isKnown) {
    if (raw.type.kind !== 'object') {
      diags.push(errorDiag("provisioner's override block must be an HCL object", undefined, block.defRange));
      return { value: undefined, diags };
    }
    override = new Map();
    for (const [localName, attrs] of raw.asEntries()) {
      if (attrs.type.kind !== 'object') {
        diags.push(errorDiag(`provisioner's override.'${localName}' block must be an HCL object`, undefined, block.defRange));
        return { value: undefined, diags };
      }
      override.set(localName, attrs.isKnown && !attrs.isNull ? attrs.asEntries() : new Map());
    }
  }

  const pause = parseMetaDuration(fields.pause_before, 'pause_before', block);
  if (pause.diag) return { value: undefined, diags: [...diags, pause.diag] };
  const timeout = parseMetaDuration(fields.timeout, 'timeout', block);
  if (timeout.diag) return { value: undefined, diags: [...diags, timeout.diag] };

  const provisioner: ProvisionerBlock = {
    type: block.labels[0] ?? '',
    name: fields.name,
    pauseBefore: pause.ms,
    timeout: timeout.ms,
    maxRetries: fields.max_retries,
    continueOnError: fields.continue_on_error,
    ...(override ? { override } : {}),
    onlyExcept,
    block,
    body: remain,
  };
  return { value: provisioner, diags };
}

/** decodePostProcessor: a `post-processor` block's meta-arguments. */
export function decodePostProcessorBlock(block: Block, ctx: EvalContext | undefined): WithDiags<PostProcessorBlock | undefined> {
  const { fields, remain, diags } = decodeFields(block.body, ctx, {
    name: 'string',
    only: 'stringList',
    except: 'stringList',
    keep_input_artifact: 'optionalBool',
  });
  if (hasErrors(diags)) return { value: undefined, diags };
  const onlyExcept: OnlyExcept = { only: fields.only, except: fields.except };
  diags.push(...onlyExceptDiags(onlyExcept));
  if (hasErrors(diags)) return { value: undefined, diags };
  const postProcessor: PostProcessorBlock = {
    type: block.labels[0] ?? '',
    name: fields.name,
    ...(fields.keep_input_artifact !== undefined ? { keepInputArtifact: fields.keep_input_artifact } : {}),
    onlyExcept,
    block,
    body: remain,
  };
  return { value: postProcessor, diags };
}

const invalidSourceReferenceDetail =
  'A source type is made of three parts that are split by a dot `.`; each part must start with a letter and ' +
  'may contain only letters, digits, underscores, and dashes. A valid source reference looks like: `source.type.name`';

/**
 * decodeBuildConfig. Any error drops the whole block (undefined), as Packer's parser does; `dynamic` blocks
 * inside it are expanded with var/local/data.
 */
export function decodeBuildBlock(block: Block, config: PackerConfig): WithDiags<BuildBlock | undefined> {
  const localsCtx = evalContext(config, 'locals');
  // Initialize expands each file's dynamic blocks already; expanding again is a no-op then, and makes a block
  // decoded on its own behave the same.
  const body = expandDynamicBlocks(block.body, localsCtx);
  const head = decodeFields(body, localsCtx, { name: 'string', description: 'string', sources: 'stringList' });
  const diags = [...head.diags];
  if (hasErrors(diags)) return { value: undefined, diags };
  const { name, description } = head.fields;
  const metaCtx = buildBlockContext(config, name);

  let hadSource = false;
  const sources: SourceUseBlock[] = [];
  for (const text of head.fields.sources) {
    hadSource = true;
    const ref = sourceRefFromString(text);
    if (!ref || !validIdentifier(ref.type) || !validIdentifier(ref.name)) {
      diags.push(errorDiag('Invalid source reference', invalidSourceReferenceDetail, block.defRange));
      continue;
    }
    sources.push({ type: ref.type, name: ref.name, localName: ref.name, range: block.defRange });
  }

  const content = bodyContent(head.remain, buildSchema);
  diags.push(...content.diags);
  if (hasErrors(diags)) return { value: undefined, diags };

  const provisioners: ProvisionerBlock[] = [];
  let errorCleanupProvisioner: ProvisionerBlock | undefined;
  const postProcessors: PostProcessorBlock[][] = [];
  for (const inner of content.content.blocks) {
    switch (inner.type) {
      case 'hcp_packer_registry':
        diags.push(
          errorDiag(
            'hcp_packer_registry is not supported',
            'tspacker does not publish to the HCP Packer registry. Remove the hcp_packer_registry block to build this template.',
            inner.defRange,
          ),
        );
        break;
      case 'source': {
        hadSource = true;
        const use = decodeBuildSourceBlock(inner);
        diags.push(...use.diags);
        if (use.value) sources.push(use.value);
        break;
      }
      case 'provisioner': {
        const p = decodeProvisionerBlock(inner, metaCtx);
        diags.push(...p.diags);
        if (p.value) provisioners.push(p.value);
        break;
      }
      case 'error-cleanup-provisioner': {
        if (errorCleanupProvisioner) {
          diags.push(errorDiag('Only one error-cleanup-provisioner is allowed', undefined, inner.defRange));
          break;
        }
        const p = decodeProvisionerBlock(inner, metaCtx);
        diags.push(...p.diags);
        if (p.value) errorCleanupProvisioner = p.value;
        break;
      }
      case 'post-processor': {
        const pp = decodePostProcessorBlock(inner, metaCtx);
        diags.push(...pp.diags);
        if (pp.value) postProcessors.push([pp.value]);
        break;
      }
      case 'post-processors': {
        const chainContent = bodyContent(inner.body, postProcessorsSchema);
        diags.push(...chainContent.diags);
        if (hasErrors(chainContent.diags)) break;
        const chain: PostProcessorBlock[] = [];
        let failed = false;
        for (const ppBlock of chainContent.content.blocks) {
          const pp = decodePostProcessorBlock(ppBlock, metaCtx);
          diags.push(...pp.diags);
          if (!pp.value) {
            failed = true;
            break;
          }
          chain.push(pp.value);
        }
        if (!failed) postProcessors.push(chain);
        break;
      }
      default:
        // `from` blocks are accepted and ignored, as in Packer.
        break;
    }
  }

  if (!hadSource) {
    diags.push(errorDiag('missing source reference', 'a build block must reference at least one source to be built', block.defRange));
  }
  if (hasErrors(diags)) return { value: undefined, diags };
  const build: BuildBlock = {
    name,
    description,
    sources,
    provisioners,
    ...(errorCleanupProvisioner ? { errorCleanupProvisioner } : {}),
    postProcessors,
    block,
  };
  return { value: build, diags };
}

/** Go's `%q` of a component's type and name, as in `provisioner-block "shell" "name"`. */
export function componentBlockName(kind: 'provisioner' | 'post-processor', type: string, name: string): string {
  return `${kind}-block ${goQuote(type)} ${goQuote(name)}`;
}
