// CreateTags, DeleteTags, DescribeTags over every taggable resource of the region, found by id prefix.
import { AwsError } from '../contracts.js';
import { compileFilters, paginate } from '../filters.js';
import { isId, type IdPrefix } from '../state/ids.js';
import type { RegionState } from '../state/region.js';
import type { Tags } from '../state/resources.js';
import { OK, visible, type Ec2Actions, type Ec2Context } from './context.js';

interface TaggableKind {
  readonly prefix: IdPrefix;
  readonly resourceType: string;
  readonly notFound: string;
  readonly table: (region: RegionState) => Iterable<{ id: string; tags: Tags }>;
  readonly find: (region: RegionState, id: string) => { id: string; tags: Tags } | undefined;
}

const byId = <T extends { id: string; tags: Tags }>(table: (region: RegionState) => Map<string, T>) => (region: RegionState, id: string) => table(region).get(id);

const KINDS: readonly TaggableKind[] = [
  { prefix: 'ami', resourceType: 'image', notFound: 'InvalidAMIID.NotFound', table: (r) => r.images.values(), find: byId((r) => r.images) },
  { prefix: 'i', resourceType: 'instance', notFound: 'InvalidInstanceID.NotFound', table: (r) => r.instances.values(), find: byId((r) => r.instances) },
  { prefix: 'snap', resourceType: 'snapshot', notFound: 'InvalidSnapshot.NotFound', table: (r) => r.snapshots.values(), find: byId((r) => r.snapshots) },
  { prefix: 'vol', resourceType: 'volume', notFound: 'InvalidVolume.NotFound', table: (r) => r.volumes.values(), find: byId((r) => r.volumes) },
  { prefix: 'sg', resourceType: 'security-group', notFound: 'InvalidGroup.NotFound', table: (r) => r.securityGroups.values(), find: byId((r) => r.securityGroups) },
  { prefix: 'vpc', resourceType: 'vpc', notFound: 'InvalidVpcID.NotFound', table: (r) => r.vpcs.values(), find: byId((r) => r.vpcs) },
  { prefix: 'subnet', resourceType: 'subnet', notFound: 'InvalidSubnetID.NotFound', table: (r) => r.subnets.values(), find: byId((r) => r.subnets) },
  {
    prefix: 'key',
    resourceType: 'key-pair',
    notFound: 'InvalidKeyPair.NotFound',
    table: (r) => r.keyPairs.values(),
    find: (r, id) => [...r.keyPairs.values()].find((k) => k.id === id),
  },
];

function resolve(context: Ec2Context, ids: readonly string[]): Tags[] {
  if (ids.length === 0) throw new AwsError('MissingParameter', 'The request must contain the parameter resourceIdSet');
  return ids.map((id) => {
    const kind = KINDS.find((k) => isId(k.prefix, id));
    if (!kind) throw new AwsError('InvalidID', `The ID '${id}' is not valid`);
    const resource = kind.find(context.region, id);
    if (!resource || !visible(context, id)) throw new AwsError(kind.notFound, `The ${kind.resourceType} ID '${id}' does not exist`);
    return resource.tags;
  });
}

function checkTag(key: string, value: string): void {
  if (key.length > 127 || value.length > 255) throw new AwsError('InvalidParameterValue', 'Tag keys are at most 127 and values at most 255 characters long');
  if (key.startsWith('aws:')) throw new AwsError('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
}

export const tagActions: Ec2Actions = {
  CreateTags(context) {
    const targets = resolve(context, context.params.list('ResourceId'));
    const tags = context.params.tags();
    if (tags.length === 0) throw new AwsError('MissingParameter', 'The request must contain the parameter tagSet');
    tags.forEach((t) => checkTag(t.key, t.value));
    for (const target of targets) {
      for (const tag of tags) target.set(tag.key, tag.value);
      if (target.size > 50) throw new AwsError('TagLimitExceeded', 'The maximum number of tags per resource (50) has been exceeded');
    }
    return OK;
  },

  DeleteTags(context) {
    const targets = resolve(context, context.params.list('ResourceId'));
    const tags = context.params.structs('Tag').map((t) => ({ key: t.required('Key'), value: t.get('Value') }));
    for (const target of targets) {
      if (tags.length === 0) target.clear();
      for (const tag of tags) {
        // Without a value the tag goes; with one, only when it matches ("" is dropped on the wire and so means any).
        if (tag.value === undefined || target.get(tag.key) === tag.value) target.delete(tag.key);
      }
    }
    return OK;
  },

  DescribeTags(context) {
    const { params, region } = context;
    interface Entry {
      resourceId: string;
      resourceType: string;
      key: string;
      value: string;
    }
    const entries: Entry[] = [];
    for (const kind of KINDS) {
      for (const resource of kind.table(region)) {
        if (resource.tags.size === 0 || !visible(context, resource.id)) continue;
        for (const [key, value] of resource.tags) entries.push({ resourceId: resource.id, resourceType: kind.resourceType, key, value });
      }
    }
    const matches = compileFilters(params.filters(), {
      'resource-id': (e: Entry) => e.resourceId,
      'resource-type': (e) => e.resourceType,
      key: (e) => e.key,
      value: (e) => e.value,
    }, (e) => new Map([[e.key, e.value]]));
    const page = paginate(entries.filter(matches), params.int('MaxResults'), params.get('NextToken'), { min: 5, max: 1000 });
    return { tagSet: page.items.map((e) => ({ ...e })), nextToken: page.nextToken };
  },
};
