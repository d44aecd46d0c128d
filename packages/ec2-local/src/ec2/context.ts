// What every EC2 action receives, and the helpers they share: finding resources by explicit id (honouring
// eventual consistency), tag sets, tag specifications on create.
import { AwsError, type AwsRequest } from '../contracts.js';
import type { QueryParams, TagSpecification } from '../query/params.js';
import type { XmlObject } from '../query/xml.js';
import type { RegionState } from '../state/region.js';
import type { Tags } from '../state/resources.js';
import type { Store } from '../state/store.js';

export interface Ec2Context {
  readonly request: AwsRequest;
  readonly params: QueryParams;
  readonly store: Store;
  /** The request's region (from the SigV4 scope). */
  readonly region: RegionState;
}

export type Ec2Action = (context: Ec2Context) => XmlObject | Promise<XmlObject>;
export type Ec2Actions = Readonly<Record<string, Ec2Action>>;

/** Whether Describe* may show the resource yet (the operations layer can hide new ones for a while). */
export function visible(context: Ec2Context, id: string): boolean {
  return !context.store.operations.hidden(id, Date.now());
}

/**
 * The resources named by explicit ids, in request order; an unknown (or still hidden) one is `notFoundCode`,
 * as AWS answers for the whole call.
 */
export function lookup<T>(context: Ec2Context, ids: readonly string[], table: ReadonlyMap<string, T>, notFoundCode: string, what: string): T[] {
  const missing = ids.filter((id) => !table.has(id) || !visible(context, id));
  if (missing.length > 0) {
    throw new AwsError(notFoundCode, `The ${what} ${missing.map((id) => `'${id}'`).join(', ')} ${missing.length > 1 ? 'do' : 'does'} not exist`);
  }
  return [...new Set(ids)].map((id) => table.get(id)!);
}

export function tagSet(tags: Tags): XmlObject[] {
  return [...tags].map(([key, value]) => ({ key, value }));
}

/** The tags of the TagSpecification entries for `resourceType` (others are left to their own resource). */
export function tagsFor(specifications: readonly TagSpecification[], resourceType: string): Tags {
  const tags: Tags = new Map();
  for (const specification of specifications) {
    if (specification.resourceType !== resourceType) continue;
    for (const tag of specification.tags) tags.set(tag.key, tag.value);
  }
  return tags;
}

/** Refuses TagSpecification resource types the action cannot tag. */
export function checkTagSpecifications(specifications: readonly TagSpecification[], allowed: readonly string[]): void {
  for (const specification of specifications) {
    if (!allowed.includes(specification.resourceType)) {
      throw new AwsError('InvalidParameterValue', `'${specification.resourceType}' is not a valid taggable resource type for this operation.`);
    }
  }
}

/** `return` true, the answer of most mutating actions. */
export const OK: XmlObject = { return: true };
