// The build's late-rendered tags and texts (Packer's TagMap.EC2Tags and the ami_description rendering): a `tags`
// map with its repeatable `tag {}` blocks, keys and values rendered as `{{ }}` templates with the build info
// (`{{ .SourceAMI }}`, `{{ .BuildRegion }}`, ...), in the forms the EC2 API takes.
import type { ResourceType, Tag, TagSpecification } from '@aws-sdk/client-ec2';
import { coreInterpolation, interpolate, type InterpolateContext, type Ui } from '@tspacker/sdk';
import { buildInfoData, RUN_ID_TAG } from '../ebs/generated-data.js';
import type { EbsState } from '../ebs/state.js';
import { amazonTemplateFuncs } from './template-funcs.js';

export { RUN_ID_TAG };

/** A `tags` map and its `tag { key value }` blocks as one list (a block's key overrides the map's). */
export function tagEntries(
  map: Readonly<Record<string, string>> | undefined,
  blocks: readonly { readonly key: string; readonly value: string }[] = [],
): [string, string][] {
  const merged = new Map<string, string>(Object.entries(map ?? {}));
  for (const { key, value } of blocks) merged.set(key, value);
  return [...merged];
}

/** The `{{ }}` context of options rendered during the build: core's names, the amazon functions, the build info. */
export function buildInterpolation(state: Pick<EbsState, 'config' | 'session' | 'sourceImage'>): InterpolateContext {
  const data = buildInfoData(state) as unknown as Record<string, unknown>;
  return { ...coreInterpolation(state.config, data), funcs: amazonTemplateFuncs };
}

/** Renders one late option (ami_description) with the build info. */
export function renderBuildText(state: Pick<EbsState, 'config' | 'session' | 'sourceImage'>, text: string): string {
  return interpolate(text, buildInterpolation(state));
}

/** TagMap.EC2Tags: every key and value rendered; Packer's "Error processing tag: K:V - ERR" when one fails. */
export function renderTagEntries(state: Pick<EbsState, 'config' | 'session' | 'sourceImage'>, entries: readonly [string, string][]): Tag[] {
  const ctx = buildInterpolation(state);
  return entries.map(([key, value]) => {
    try {
      return { Key: interpolate(key, ctx), Value: interpolate(value, ctx) };
    } catch (e) {
      throw new Error(`Error processing tag: ${key}:${value} - ${(e as Error).message}`);
    }
  });
}

/** renderTagEntries with the step's own error: "PREFIX: Error processing tag: ..." (e.g. "Error tagging key pair"). */
export function renderTagsOrFail(state: Pick<EbsState, 'config' | 'session' | 'sourceImage'>, entries: readonly [string, string][], errorPrefix: string): Tag[] {
  try {
    return renderTagEntries(state, entries);
  } catch (e) {
    throw new Error(`${errorPrefix}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** EC2Tags.Report: one line per tag, as Packer prints them. */
export function reportTagList(tags: readonly Tag[], ui: Ui): void {
  for (const tag of tags) ui.say(`Adding tag: "${tag.Key ?? ''}": "${tag.Value ?? ''}"`);
}

/** EC2Tags.TagSpecifications: the same tags for each resource type; none at all without tags. */
export function tagSpecifications(tags: readonly Tag[], ...types: ResourceType[]): TagSpecification[] | undefined {
  if (tags.length === 0) return undefined;
  return types.map((ResourceType) => ({ ResourceType, Tags: [...tags] }));
}

/** The tags with the build's run-id tag added (replacing a user's tag of that name). */
export function withRunIdTag(tags: readonly Tag[], runId: string): Tag[] {
  return [...tags.filter((t) => t.Key !== RUN_ID_TAG), { Key: RUN_ID_TAG, Value: runId }];
}
