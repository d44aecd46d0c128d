// One region's resources, seeded as a fresh AWS account sees them: a default VPC with one default subnet per
// availability zone, its `default` security group, and the public image catalog.
import { catalogImageId, catalogSnapshotId, type CatalogImage } from '../catalog.js';
import { newId } from './ids.js';
import { zonesOf, type Zone } from './geography.js';
import type { Image, Instance, KeyPair, LaunchTemplate, SecurityGroup, Snapshot, Subnet, Volume, Vpc } from './resources.js';

export class RegionState {
  readonly zones: readonly Zone[];
  /** By id, in creation order; change it through addImage/removeImage (they keep the name index). */
  readonly images = new Map<string, Image>();
  /** Images sorted by name, built on demand: name filters with a literal prefix look up ranges in it. */
  private imagesByName: Image[] | undefined;
  /** Images by owner id and by owner alias (`alias:amazon`), in creation order, built on demand: `Owners` is
   * what every Packer source_ami_filter gives, so a name pattern without a literal prefix scans one owner's images. */
  private imagesByOwner: Map<string, Image[]> | undefined;
  /** The images a name pattern without a literal prefix (`*ubuntu-jammy*`) matches, per pattern, until the image
   * set changes (names never change): builds poll DescribeImages with the same filter every few seconds. */
  private readonly nameMatches = new Map<string, Image[]>();
  readonly snapshots = new Map<string, Snapshot>();
  readonly volumes = new Map<string, Volume>();
  readonly instances = new Map<string, Instance>();
  /** By key name (names are unique per region). */
  readonly keyPairs = new Map<string, KeyPair>();
  readonly securityGroups = new Map<string, SecurityGroup>();
  readonly vpcs = new Map<string, Vpc>();
  readonly subnets = new Map<string, Subnet>();
  readonly launchTemplates = new Map<string, LaunchTemplate>();
  /** RunInstances idempotency: client token → the instances it launched. */
  readonly clientTokens = new Map<string, string[]>();

  constructor(
    readonly name: string,
    readonly accountId: string,
    catalog: readonly CatalogImage[],
  ) {
    this.zones = zonesOf(name);
    const defaultVpc: Vpc = {
      id: newId('vpc'),
      cidrBlock: '172.31.0.0/16',
      isDefault: true,
      dhcpOptionsId: newId('dopt'),
      ownerId: accountId,
      tags: new Map(),
    };
    this.vpcs.set(defaultVpc.id, defaultVpc);
    this.zones.forEach((zone, i) => {
      const subnet: Subnet = {
        id: newId('subnet'),
        vpcId: defaultVpc.id,
        cidrBlock: `172.31.${i * 16}.0/20`,
        availabilityZone: zone.name,
        availabilityZoneId: zone.id,
        defaultForAz: true,
        mapPublicIpOnLaunch: true,
        capacity: 4091,
        ownerId: accountId,
        tags: new Map(),
      };
      this.subnets.set(subnet.id, subnet);
    });
    const defaultGroup: SecurityGroup = {
      id: newId('sg'),
      name: 'default',
      description: 'default VPC security group',
      vpcId: defaultVpc.id,
      ownerId: accountId,
      ingress: [],
      egress: [{ protocol: '-1', ipRanges: [{ cidr: '0.0.0.0/0' }], ipv6Ranges: [], groups: [] }],
      tags: new Map(),
    };
    defaultGroup.ingress.push({ protocol: '-1', ipRanges: [], ipv6Ranges: [], groups: [{ groupId: defaultGroup.id, userId: accountId }] });
    this.securityGroups.set(defaultGroup.id, defaultGroup);
    for (const entry of catalog) this.addCatalogImage(entry);
    // Built now rather than inside the first Describe call.
    this.imagesWithNamePrefix('');
    this.imagesOwnedBy(accountId, false);
  }

  private addCatalogImage(entry: CatalogImage): void {
    const id = catalogImageId(this.name, entry.name);
    this.addImage({
      id,
      name: entry.name,
      description: entry.description,
      ownerId: entry.ownerId,
      ownerAlias: entry.ownerAlias,
      state: 'available',
      creationDate: entry.creationDate,
      isPublic: true,
      architecture: entry.architecture,
      rootDeviceName: entry.rootDeviceName,
      virtualizationType: 'hvm',
      enaSupport: entry.enaSupport,
      sriovNetSupport: entry.sriovNetSupport,
      bootMode: entry.bootMode,
      blockDevices: [
        {
          deviceName: entry.rootDeviceName,
          ebs: {
            snapshotId: catalogSnapshotId(this.name, entry.name),
            volumeSize: entry.volumeSize,
            volumeType: entry.volumeType,
            deleteOnTermination: true,
            encrypted: false,
          },
        },
      ],
      tags: new Map(),
      launchUserIds: new Set(),
      launchGroups: new Set(['all']),
      productCodes: [],
      imageLocation: `${entry.ownerAlias ?? entry.ownerId}/${entry.name}`,
      platformDetails: 'Linux/UNIX',
      defaultUser: entry.defaultUser,
      layers: [],
      fromCatalog: true,
    });
  }

  /** The seeded default VPC (found by its flag, so that state restored from disk keeps its id). */
  get defaultVpc(): Vpc {
    for (const vpc of this.vpcs.values()) if (vpc.isDefault) return vpc;
    throw new Error(`region ${this.name} has no default VPC`);
  }

  addImage(image: Image): void {
    this.images.set(image.id, image);
    this.imagesByName = undefined;
    this.imagesByOwner = undefined;
    this.nameMatches.clear();
  }

  removeImage(id: string): void {
    this.images.delete(id);
    this.imagesByName = undefined;
    this.imagesByOwner = undefined;
    this.nameMatches.clear();
  }

  /** The images whose name `matches` (the compiled `pattern`), in creation order; small results are kept. */
  imagesWithNameMatching(pattern: string, matches: (name: string) => boolean): readonly Image[] {
    let found = this.nameMatches.get(pattern);
    if (!found) {
      found = [];
      for (const image of this.images.values()) if (matches(image.name)) found.push(image);
      // Bounded: at most 1,000 patterns of at most 1,000 images each.
      if (found.length <= 1000) {
        if (this.nameMatches.size >= 1000) this.nameMatches.clear();
        this.nameMatches.set(pattern, found);
      }
    }
    return found;
  }

  /** The images of an owner account id, or with an owner alias (`amazon`), in creation order. */
  imagesOwnedBy(owner: string, isAlias: boolean): readonly Image[] {
    if (!this.imagesByOwner) {
      const index = new Map<string, Image[]>();
      const add = (key: string, image: Image) => {
        const list = index.get(key);
        if (list) list.push(image);
        else index.set(key, [image]);
      };
      for (const image of this.images.values()) {
        add(image.ownerId, image);
        if (image.ownerAlias !== undefined) add(`alias:${image.ownerAlias}`, image);
      }
      this.imagesByOwner = index;
    }
    return this.imagesByOwner.get(isAlias ? `alias:${owner}` : owner) ?? [];
  }

  /** The images whose name starts with `prefix`, in name order (binary search over the name index). */
  imagesWithNamePrefix(prefix: string): Image[] {
    this.imagesByName ??= [...this.images.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const sorted = this.imagesByName;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]!.name < prefix) low = middle + 1;
      else high = middle;
    }
    const found: Image[] = [];
    for (let i = low; i < sorted.length && sorted[i]!.name.startsWith(prefix); i++) found.push(sorted[i]!);
    return found;
  }

  defaultSubnet(zone?: string): Subnet | undefined {
    for (const subnet of this.subnets.values()) {
      if (subnet.defaultForAz && (zone === undefined || subnet.availabilityZone === zone)) return subnet;
    }
    return undefined;
  }
}
