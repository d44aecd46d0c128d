// The public SSM parameters under /aws/service/ that name "the current AMI" of a distribution, and how each is
// resolved: the newest image of a publisher whose name matches a pattern, as Canonical and Amazon publish them.
import { AMAZON, CANONICAL, catalogImageId, catalogImages } from '../catalog.js';

/** A public image the way an `/aws/service/...` parameter selects it: the newest image of an owner by name. */
export interface PublicImageQuery {
  readonly owner: string;
  /** A DescribeImages `name` filter pattern (`*`, `?`). */
  readonly namePattern: string;
}

/** Resolves a public image query in a region to the newest matching image's id. */
export type LatestImageId = (region: string, query: PublicImageQuery) => string | undefined;

/** The public parameters seeded in every region, each naming the catalog image it points at. */
export const PUBLIC_IMAGE_PARAMETERS: ReadonlyMap<string, PublicImageQuery> = new Map([
  ['/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id',
    { owner: CANONICAL, namePattern: 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*' }],
  ['/aws/service/canonical/ubuntu/server/22.04/stable/current/arm64/hvm/ebs-gp2/ami-id',
    { owner: CANONICAL, namePattern: 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-*' }],
  ['/aws/service/canonical/ubuntu/server/20.04/stable/current/amd64/hvm/ebs-gp2/ami-id',
    { owner: CANONICAL, namePattern: 'ubuntu/images/hvm-ssd/ubuntu-focal-20.04-amd64-server-*' }],
  ['/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id',
    { owner: CANONICAL, namePattern: 'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*' }],
  ['/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    { owner: AMAZON, namePattern: 'al2023-ami-2023.*-kernel-*-x86_64' }],
  ['/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
    { owner: AMAZON, namePattern: 'al2023-ami-2023.*-kernel-*-arm64' }],
  ['/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2',
    { owner: AMAZON, namePattern: 'amzn2-ami-hvm-2.0.*-x86_64-gp2' }],
]);

/** Resolution against the seeded public catalog (the ids DescribeImages reports for it in that region). */
export const catalogLatestImageId: LatestImageId = (region, query) => {
  const key = `${query.owner}\0${query.namePattern}`;
  let name = newestByQuery.get(key);
  if (name === undefined) newestByQuery.set(key, (name = newestCatalogImage(query) ?? null));
  return name === null ? undefined : catalogImageId(region, name);
};

/** The catalog is fixed, so each query's answer (a name; null for none) is computed once. */
const newestByQuery = new Map<string, string | null>();

function newestCatalogImage(query: PublicImageQuery): string | undefined {
  const pattern = wildcard(query.namePattern);
  let newest: { name: string; created: number } | undefined;
  for (const image of catalogImages()) {
    if (image.ownerId !== query.owner || !pattern.test(image.name)) continue;
    const created = image.creationDate.getTime();
    if (!newest || created > newest.created) newest = { name: image.name, created };
  }
  return newest?.name;
}

function wildcard(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}
