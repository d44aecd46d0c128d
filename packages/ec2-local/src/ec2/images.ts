// Images: DescribeImages (owners, executable-by, filters, pagination), CreateImage (captures the instance's
// disk as a layer over its image's layers; pending → available once its snapshots complete), CopyImage across
// regions (sharing the layers, new snapshots, optional encryption), DeregisterImage. Attributes are
// image-attributes.ts.
import { AwsError } from '../contracts.js';
import { compileFilters, paginate, wildcard, type FilterFields } from '../filters.js';
import type { Filter } from '../query/params.js';
import type { XmlObject } from '../query/xml.js';
import { checkId, newId } from '../state/ids.js';
import type { RegionState } from '../state/region.js';
import type { BlockDeviceTemplate, Image, Instance, Snapshot, Tags } from '../state/resources.js';
import type { Store } from '../state/store.js';
import { mergeMappings, renderImageMappings, requestedMappings } from './block-devices.js';
import { checkTagSpecifications, lookup, OK, tagSet, tagsFor, visible, type Ec2Actions, type Ec2Context } from './context.js';
import { enqueue, terminate } from './instance-lifecycle.js';
import { releaseLayers } from './layers.js';
import { startSnapshot } from './snapshots.js';

const OWNER_ALIASES = new Set(['amazon', 'aws-marketplace', 'aws-backup-vault']);

function renderImage(image: Image): XmlObject {
  return {
    imageId: image.id,
    imageLocation: image.imageLocation,
    imageState: image.state,
    imageOwnerId: image.ownerId,
    creationDate: image.creationDate,
    isPublic: image.isPublic,
    architecture: image.architecture,
    imageType: 'machine',
    platformDetails: image.platformDetails,
    usageOperation: 'RunInstances',
    imageOwnerAlias: image.ownerAlias,
    name: image.name,
    description: image.description,
    rootDeviceType: 'ebs',
    rootDeviceName: image.rootDeviceName,
    blockDeviceMapping: renderImageMappings(image.blockDevices),
    virtualizationType: image.virtualizationType,
    tagSet: tagSet(image.tags),
    hypervisor: 'xen',
    enaSupport: image.enaSupport,
    sriovNetSupport: image.sriovNetSupport,
    bootMode: image.bootMode,
    imdsSupport: image.imdsSupport,
    deprecationTime: image.deprecationTime,
    deregistrationProtection: image.deregistrationProtection ? 'enabled' : undefined,
    stateReason: image.stateReason ? { code: image.stateReason.code, message: image.stateReason.message } : undefined,
    productCodes: image.productCodes.length > 0 ? image.productCodes.map((productCode) => ({ productCode, type: 'marketplace' })) : undefined,
  };
}

/** Whether the account may see (and launch) the image: its own, public, or shared with it. */
export function launchable(image: Image, accountId: string): boolean {
  return image.ownerId === accountId || image.launchGroups.has('all') || image.launchUserIds.has(accountId);
}

/** A wildcard pattern's literal beginning (up to the first wildcard or escape). */
function literalPrefix(pattern: string): string {
  const end = pattern.search(/[*?\\]/);
  return end < 0 ? pattern : pattern.slice(0, end);
}

/**
 * The images a `name` filter can match: from the region's name index for values that begin with a literal (the
 * usual `ubuntu/images/*` and exact-name queries), else from its per-pattern cache (`*ubuntu-jammy*`), so the hot
 * Describe path does not scan the catalog.
 */
function namedCandidates(region: RegionState, filters: readonly Filter[]): Iterable<Image> | undefined {
  const nameFilter = filters.find((f) => f.name === 'name');
  if (!nameFilter || nameFilter.values.length === 0) return undefined;
  const candidates = (value: string): readonly Image[] => {
    const prefix = literalPrefix(value);
    if (prefix !== '') return region.imagesWithNamePrefix(prefix);
    const matcher = wildcard(value);
    return region.imagesWithNameMatching(value, (name) => matcher.test(name));
  };
  if (nameFilter.values.length === 1) return candidates(nameFilter.values[0]!);
  const found = new Map<string, Image>();
  for (const value of nameFilter.values) for (const image of candidates(value)) found.set(image.id, image);
  return found.values();
}

/**
 * The images an `Owners` list can match, from the region's owner index, in creation order (as a scan finds them);
 * undefined without owners (or when a name filter narrows the scan first).
 */
function ownedCandidates(region: RegionState, owners: readonly string[], accountId: string): Iterable<Image> | undefined {
  if (owners.length === 0) return undefined;
  const lists = owners.map((owner) => (owner === 'self' ? region.imagesOwnedBy(accountId, false) : region.imagesOwnedBy(owner, OWNER_ALIASES.has(owner))));
  if (lists.length === 1) return lists[0];
  const wanted = new Set(lists.flat());
  return [...region.images.values()].filter((image) => wanted.has(image));
}

/** `ExecutableBy`: `all` (public), `self` (launchable by the caller) or an account the image is shared with. */
function executable(image: Image, by: string, accountId: string): boolean {
  if (by === 'all') return image.launchGroups.has('all');
  if (by === 'self') return launchable(image, accountId);
  return image.launchUserIds.has(by) || image.ownerId === by;
}

function ownerMatches(image: Image, owner: string, accountId: string): boolean {
  if (owner === 'self') return image.ownerId === accountId;
  if (OWNER_ALIASES.has(owner)) return image.ownerAlias === owner;
  return image.ownerId === owner;
}

function checkOwners(owners: readonly string[]): void {
  for (const owner of owners) {
    if (owner !== 'self' && !OWNER_ALIASES.has(owner) && !/^\d{12}$/.test(owner)) {
      throw new AwsError('InvalidUserID.Malformed', `Invalid user id: "${owner}"`);
    }
  }
}

function checkName(name: string): void {
  if (name.length < 3 || name.length > 128 || !/^[a-zA-Z0-9()[\] ./\-'@_]+$/.test(name)) {
    throw new AwsError('InvalidAMIName.Malformed', `AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_' (${name})`);
  }
}

function checkNameFree(region: RegionState, name: string, accountId: string): void {
  for (const image of region.images.values()) {
    if (image.ownerId === accountId && image.name === name) throw new AwsError('InvalidAMIName.Duplicate', `AMI name ${name} is already in use by AMI ${image.id}`);
  }
}

/**
 * A KMS key id, alias or ARN as the key ARN AWS records on encrypted snapshots: looked up in the endpoint's KMS
 * keys when it has them (an unknown key is refused), else derived from the reference.
 */
export function kmsKeyArn(store: Store, region: string, key: string | undefined): string {
  const reference = key ?? 'alias/aws/ebs';
  if (store.options.kmsKeys) {
    const found = store.options.kmsKeys.findKey(region, reference);
    if (!found) throw new AwsError('InvalidParameterValue', `The KMS key '${reference}' does not exist in ${region}.`);
    return found.arn;
  }
  if (reference.startsWith('arn:')) return reference;
  if (/^[0-9a-f-]{36}$/.test(reference)) return `arn:aws:kms:${region}:${store.accountId}:key/${reference}`;
  const hex = Buffer.from(`${region}/${reference}`).toString('hex').padEnd(32, '0').slice(0, 32);
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return `arn:aws:kms:${region}:${store.accountId}:key/${uuid}`;
}

interface NewImage {
  readonly name: string;
  readonly description?: string;
  readonly architecture: string;
  readonly rootDeviceName: string;
  readonly enaSupport: boolean;
  readonly sriovNetSupport?: string;
  readonly bootMode?: string;
  readonly defaultUser: string;
  readonly blockDevices: BlockDeviceTemplate[];
  readonly tags: Tags;
}

function addImage(store: Store, region: RegionState, spec: NewImage): Image {
  const image: Image = {
    id: newId('ami'),
    name: spec.name,
    description: spec.description,
    ownerId: store.accountId,
    state: 'pending',
    creationDate: new Date(),
    isPublic: false,
    architecture: spec.architecture,
    rootDeviceName: spec.rootDeviceName,
    virtualizationType: 'hvm',
    enaSupport: spec.enaSupport,
    sriovNetSupport: spec.sriovNetSupport,
    bootMode: spec.bootMode,
    blockDevices: spec.blockDevices,
    tags: spec.tags,
    launchUserIds: new Set(),
    launchGroups: new Set(),
    productCodes: [],
    imageLocation: `${store.accountId}/${spec.name}`,
    platformDetails: 'Linux/UNIX',
    defaultUser: spec.defaultUser,
    layers: [],
    fromCatalog: false,
  };
  region.addImage(image);
  store.created(image.id);
  return image;
}

/**
 * Makes the image available once its storage is ready and its (minimum) pending time has passed, or failed with
 * the reason; a deregistration in the meantime leaves it alone.
 */
function completeImage(store: Store, image: Image, ready: Promise<readonly string[]>, snapshots: readonly { snapshot: Snapshot; completed: Promise<void> }[]): void {
  const storage = ready.then(
    (layers) => ({ layers }),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
  void Promise.all([store.scheduler.sleep(store.durations.imagePending), storage, ...snapshots.map((s) => s.completed)]).then(([, result]) => {
    if (store.closed) return;
    if (image.state !== 'pending') {
      // Deregistered while pending: its fresh layer is garbage.
      if ('layers' in result) void releaseLayers(store, result.layers);
      return;
    }
    if ('error' in result) {
      image.state = 'failed';
      image.stateReason = { code: 'Client.InternalError', message: `Client.InternalError: capturing the instance's disk failed: ${result.error}` };
      for (const { snapshot } of snapshots) snapshot.state = 'error';
      return;
    }
    image.layers = result.layers;
    image.state = 'available';
  });
}

/** The boot after a rebooting capture (queued behind it); a machine that does not come back ends the instance. */
function rebootAfterCapture(store: Store, region: RegionState, instance: Instance): void {
  const generation = instance.generation;
  enqueue(instance, async () => {
    if (instance.generation === generation) await instance.machine?.start();
  }).catch((error: unknown) => {
    if (store.closed || instance.generation !== generation) return;
    instance.stateReason = { code: 'Server.InternalError', message: `Server.InternalError: the machine did not start again after CreateImage: ${error instanceof Error ? error.message : String(error)}` };
    terminate(store, region, instance, 'Server.InternalError');
  });
}

export function ownImage(context: Ec2Context, id: string): Image {
  checkId('ami', id, 'InvalidAMIID.Malformed');
  const image = lookup(context, [id], context.region.images, 'InvalidAMIID.NotFound', 'image id');
  if (image[0]!.ownerId !== context.store.accountId) throw new AwsError('AuthFailure', `Not authorized for image:${id}`);
  return image[0]!;
}

/** DescribeImages' filter names and the image values they compare (a constant: not rebuilt per call). */
const IMAGE_FILTER_FIELDS: FilterFields<Image> = {
  'image-id': (i) => i.id,
  name: (i) => i.name,
  description: (i) => i.description,
  'owner-id': (i) => i.ownerId,
  'owner-alias': (i) => i.ownerAlias,
  state: (i) => i.state,
  architecture: (i) => i.architecture,
  'virtualization-type': (i) => i.virtualizationType,
  'root-device-type': () => 'ebs',
  'root-device-name': (i) => i.rootDeviceName,
  'is-public': (i) => i.isPublic,
  'image-type': () => 'machine',
  'ena-support': (i) => i.enaSupport,
  'sriov-net-support': (i) => i.sriovNetSupport,
  hypervisor: () => 'xen',
  'platform-details': (i) => i.platformDetails,
  'creation-date': (i) => i.creationDate,
  'manifest-location': (i) => i.imageLocation,
  'product-code': (i) => i.productCodes,
  'block-device-mapping.device-name': (i) => i.blockDevices.map((d) => d.deviceName),
  'block-device-mapping.snapshot-id': (i) => i.blockDevices.map((d) => d.ebs?.snapshotId),
  'block-device-mapping.volume-size': (i) => i.blockDevices.map((d) => d.ebs?.volumeSize),
  'block-device-mapping.volume-type': (i) => i.blockDevices.map((d) => d.ebs?.volumeType),
  'block-device-mapping.encrypted': (i) => i.blockDevices.map((d) => d.ebs?.encrypted),
  'block-device-mapping.delete-on-termination': (i) => i.blockDevices.map((d) => d.ebs?.deleteOnTermination),
};

export const imageActions: Ec2Actions = {
  DescribeImages(context) {
    const { params, region, store } = context;
    const account = store.accountId;
    const ids = params.list('ImageId');
    ids.forEach((id) => checkId('ami', id, 'InvalidAMIID.Malformed'));
    const owners = params.list('Owner');
    checkOwners(owners);
    const executableBy = params.list('ExecutableBy');
    const includeDeprecated = params.bool('IncludeDeprecated') ?? false;
    if (ids.length > 0 && params.has('MaxResults')) {
      throw new AwsError('InvalidParameterCombination', 'The parameter imageIdsSet cannot be used with the parameter maxResults');
    }
    const now = Date.now();
    const filters = params.filters();
    const matches = compileFilters(filters, IMAGE_FILTER_FIELDS, (i) => i.tags);
    let candidates: Iterable<Image>;
    if (ids.length > 0) {
      // Explicit ids: unknown (or not launchable by this account) is NotFound for the whole call.
      const named = lookup(context, ids, region.images, 'InvalidAMIID.NotFound', 'image id');
      const foreign = named.find((i) => !launchable(i, account));
      if (foreign) throw new AwsError('InvalidAMIID.NotFound', `The image id '[${foreign.id}]' does not exist`);
      candidates = named;
    } else {
      // An index narrows the scan (name prefix or pattern, else owners); the tests below still decide.
      candidates = namedCandidates(region, filters) ?? ownedCandidates(region, owners, account) ?? region.images.values();
    }
    // Cheap and selective tests first; explicit ids were checked for visibility and permission already.
    const result: Image[] = [];
    for (const i of candidates) {
      if (
        (owners.length === 0 || owners.some((o) => ownerMatches(i, o, account))) &&
        matches(i) &&
        (executableBy.length === 0 || executableBy.some((e) => executable(i, e, account))) &&
        (includeDeprecated || ids.length > 0 || i.deprecationTime === undefined || i.deprecationTime.getTime() > now || i.ownerId === account) &&
        (ids.length > 0 || (launchable(i, account) && visible(context, i.id)))
      ) {
        result.push(i);
      }
    }
    const page = paginate(result, params.int('MaxResults'), params.get('NextToken'), { min: 1, max: 1000 });
    return { imagesSet: page.items.map(renderImage), nextToken: page.nextToken };
  },

  async CreateImage(context) {
    const { params, region, store } = context;
    const instanceId = params.required('InstanceId');
    const name = params.required('Name');
    checkId('i', instanceId, 'InvalidInstanceID.Malformed');
    checkName(name);
    const instance = lookup(context, [instanceId], region.instances, 'InvalidInstanceID.NotFound', 'instance ID')[0]!;
    if (instance.state !== 'running' && instance.state !== 'stopped') {
      // AWS's code and wording (Packer retries on exactly this while a spot instance is still pending).
      throw new AwsError('InvalidParameterValue', `Instance is not in state 'running' or 'stopped' (${instanceId} is '${instance.state}')`);
    }
    checkNameFree(region, name, store.accountId);
    const specifications = params.tagSpecifications();
    checkTagSpecifications(specifications, ['image', 'snapshot']);
    const snapshotTags = tagsFor(specifications, 'snapshot');
    const snapshots: { snapshot: Snapshot; completed: Promise<void> }[] = [];
    const mappings: BlockDeviceTemplate[] = [];
    for (const device of instance.blockDevices) {
      const volume = region.volumes.get(device.volumeId);
      if (!volume) continue;
      const started = startSnapshot(store, region, {
        volumeId: volume.id,
        volumeSize: volume.size,
        description: `Created by CreateImage(${instanceId})`,
        encrypted: volume.encrypted,
        kmsKeyId: volume.kmsKeyId,
        tags: snapshotTags,
      });
      snapshots.push(started);
      mappings.push({
        deviceName: device.deviceName,
        ebs: {
          snapshotId: started.snapshot.id,
          volumeSize: volume.size,
          volumeType: volume.volumeType,
          deleteOnTermination: volume.attachment?.deleteOnTermination ?? true,
          encrypted: volume.encrypted,
          kmsKeyId: volume.kmsKeyId,
          iops: volume.iops,
          throughput: volume.throughput,
        },
      });
    }
    const image = addImage(store, region, {
      name,
      description: params.get('Description'),
      architecture: instance.architecture,
      rootDeviceName: instance.rootDeviceName,
      enaSupport: instance.enaSupport,
      sriovNetSupport: instance.sriovNetSupport,
      defaultUser: instance.defaultUser,
      blockDevices: mergeMappings(mappings, requestedMappings(params)),
      tags: tagsFor(specifications, 'image'),
    });
    for (const { snapshot } of snapshots) snapshot.description = `Created by CreateImage(${instanceId}) for ${image.id}`;
    // The disk as it is now: captured by the instance's machine (in turn with its start/stop), on top of the
    // layers it boots from (read just before: a capture while stopped adds to them). Metadata-only instances keep
    // their image's layers.
    const machine = instance.machine;
    // AWS's default (NoReboot=false) reboots a running instance for a consistent disk: here stop, capture (a
    // rename, whatever the disk's size) and boot again; NoReboot captures the running disk (freeze and copy).
    const reboot = machine !== undefined && instance.state === 'running' && !(params.bool('NoReboot') ?? false);
    const ready: Promise<readonly string[]> = machine
      ? enqueue(instance, async () => {
          if (reboot) await machine.stop();
          const below = machine.spec.layers;
          return [await machine.capture(store.options.layerRoot), ...below];
        })
      : Promise.resolve(instance.layers);
    if (reboot) rebootAfterCapture(store, region, instance);
    completeImage(store, image, ready, snapshots);
    return { imageId: image.id };
  },

  CopyImage(context) {
    const { params, region, store } = context;
    const sourceRegionName = params.required('SourceRegion');
    const sourceId = params.required('SourceImageId');
    const name = params.required('Name');
    checkId('ami', sourceId, 'InvalidAMIID.Malformed');
    checkName(name);
    const sourceRegion = store.region(sourceRegionName);
    const source = sourceRegion.images.get(sourceId);
    if (!source || !launchable(source, store.accountId) || !visible(context, sourceId)) {
      throw new AwsError('InvalidAMIID.NotFound', `The image id '[${sourceId}]' does not exist`);
    }
    if (source.state !== 'available') throw new AwsError('IncorrectState', `Image ${sourceId} is not in a valid state for copying (${source.state})`);
    const kmsKeyId = params.get('KmsKeyId');
    const encryptRequested = params.bool('Encrypted') ?? false;
    if (kmsKeyId !== undefined && !encryptRequested) {
      throw new AwsError('InvalidParameterCombination', 'KmsKeyId is specified without setting the Encrypted flag');
    }
    checkNameFree(region, name, store.accountId);
    const copyTags = params.bool('CopyImageTags') ?? false;
    const specifications = params.tagSpecifications();
    checkTagSpecifications(specifications, ['image', 'snapshot']);
    // The key of encrypted copies (resolved before anything is made: an unknown key fails the call): the one
    // asked for, else the region's default EBS key when an encrypted source crosses regions.
    const crossRegionEncrypted = sourceRegionName !== region.name && source.blockDevices.some((m) => m.ebs?.encrypted);
    const targetKeyArn = encryptRequested || crossRegionEncrypted ? kmsKeyArn(store, region.name, encryptRequested ? kmsKeyId : undefined) : undefined;
    const snapshots: { snapshot: Snapshot; completed: Promise<void> }[] = [];
    const blockDevices = source.blockDevices.map((mapping): BlockDeviceTemplate => {
      if (!mapping.ebs) return { ...mapping };
      const encrypted = encryptRequested || mapping.ebs.encrypted;
      const keyArn = !encrypted ? undefined : !encryptRequested && sourceRegionName === region.name ? mapping.ebs.kmsKeyId : targetKeyArn;
      const started = startSnapshot(store, region, {
        volumeId: 'vol-ffffffff',
        volumeSize: mapping.ebs.volumeSize,
        description: `Copied for DestinationAmi from SourceAmi ${sourceId} from SourceSnapshot ${mapping.ebs.snapshotId}.`,
        encrypted,
        kmsKeyId: keyArn,
        tags: tagsFor(specifications, 'snapshot'),
      });
      snapshots.push(started);
      return { deviceName: mapping.deviceName, ebs: { ...mapping.ebs, snapshotId: started.snapshot.id, encrypted, kmsKeyId: keyArn } };
    });
    const tags: Tags = copyTags ? new Map(source.tags) : new Map();
    for (const [key, value] of tagsFor(specifications, 'image')) tags.set(key, value);
    const image = addImage(store, region, {
      name,
      description: params.get('Description') ?? source.description,
      architecture: source.architecture,
      rootDeviceName: source.rootDeviceName,
      enaSupport: source.enaSupport,
      sriovNetSupport: source.sriovNetSupport,
      bootMode: source.bootMode,
      defaultUser: source.defaultUser,
      blockDevices,
      tags,
    });
    for (const { snapshot } of snapshots) snapshot.description = snapshot.description?.replace('DestinationAmi', image.id);
    // Copies share the source's layers: no bytes move.
    completeImage(store, image, Promise.resolve(source.layers), snapshots);
    return { imageId: image.id };
  },

  async DeregisterImage(context) {
    const image = ownImage(context, context.params.required('ImageId'));
    if (image.deregistrationProtection) {
      throw new AwsError('InvalidParameterValue', `Image ${image.id} has deregistration protection enabled; disable it first.`);
    }
    context.region.removeImage(image.id);
    // No longer pending: a capture still in flight then releases its layer instead of completing the image.
    image.state = 'failed';
    await releaseLayers(context.store, image.layers);
    return OK;
  },
};
