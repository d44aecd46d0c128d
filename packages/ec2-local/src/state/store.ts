// All of the endpoint's EC2 state: regions (created on first use), the account, the clock, the loopback
// addresses handed to instances, and where captured image layers live.
import { catalogImages, type CatalogImage } from '../catalog.js';
import type { MachineHost, Operations } from '../contracts.js';
import { Scheduler } from './clock.js';
import { regionInfo } from './geography.js';
import { RegionState } from './region.js';

/** State-transition durations in ms, before the operations layer's time scale. */
export interface Durations {
  readonly instancePending: number;
  readonly instanceStopping: number;
  readonly instanceShuttingDown: number;
  readonly imagePending: number;
  readonly snapshotPending: number;
  readonly volumeCreating: number;
  /** How long a terminated instance stays visible to DescribeInstances. */
  readonly terminatedVisible: number;
}

export const DEFAULT_DURATIONS: Durations = {
  instancePending: 1000,
  instanceStopping: 1000,
  instanceShuttingDown: 1000,
  imagePending: 1500,
  snapshotPending: 1000,
  volumeCreating: 500,
  terminatedVisible: 3_600_000,
};

/** Resolves KMS key ids, aliases and ARNs to keys (the endpoint's KMS service), so encrypted copies name real keys. */
export interface KmsKeyResolver {
  findKey(region: string, reference: string): { readonly arn: string } | undefined;
}

export interface StoreOptions {
  readonly accountId: string;
  readonly durations: Durations;
  readonly operations: Operations;
  readonly machines?: MachineHost;
  /** Where CreateImage captures instance disks. */
  readonly layerRoot: string;
  readonly sshPort: number;
  readonly syntheticImages: number;
  /** The first two octets of instance addresses (`127.N`); random per store when not given, so that endpoints
   * running side by side (parallel test files, a local cloud and a test) do not hand out the same address. */
  readonly addressPrefix?: string;
  readonly kmsKeys?: KmsKeyResolver;
}

export interface LiveResource {
  readonly region: string;
  readonly kind: string;
  readonly id: string;
}

export class Store {
  readonly scheduler: Scheduler;
  private readonly regions = new Map<string, RegionState>();
  private readonly catalog: readonly CatalogImage[];
  private nextAddress = 1;
  private addressPrefix: string;

  constructor(readonly options: StoreOptions) {
    this.addressPrefix = options.addressPrefix ?? `127.${64 + Math.floor(Math.random() * 190)}`;
    this.scheduler = new Scheduler(() => options.operations.timeScale());
    this.catalog = catalogImages(options.syntheticImages);
  }

  get accountId(): string {
    return this.options.accountId;
  }

  get durations(): Durations {
    return this.options.durations;
  }

  get operations(): Operations {
    return this.options.operations;
  }

  /** The region's state, seeded on first use; unknown regions are refused. */
  region(name: string): RegionState {
    let state = this.regions.get(name);
    if (!state) {
      regionInfo(name);
      state = new RegionState(name, this.accountId, this.catalog);
      this.regions.set(name, state);
    }
    return state;
  }

  allRegions(): RegionState[] {
    return [...this.regions.values()];
  }

  /** Registers a new resource with the operations layer (which may hide it for a while: eventual consistency). */
  created(resourceId: string): void {
    this.options.operations.created?.(resourceId, Date.now());
  }

  /** A fresh loopback address 127.N.x.y for an instance (127.0.0.1 stays the endpoint's). */
  allocateAddress(): string {
    const n = this.nextAddress++;
    const x = Math.floor(n / 254) % 256;
    const y = (n % 254) + 1;
    return `${this.addressPrefix}.${x}.${y}`;
  }

  /** Where instance addresses come from (saved with the state, so restored instances keep theirs unique). */
  get addressing(): { readonly prefix: string; readonly next: number } {
    return { prefix: this.addressPrefix, next: this.nextAddress };
  }

  restoreAddressing(addressing: { readonly prefix: string; readonly next: number }): void {
    this.addressPrefix = addressing.prefix;
    this.nextAddress = addressing.next;
  }

  /** Everything a test could leak: resources it created and that still exist (seeded ones excluded). */
  liveResources(): LiveResource[] {
    const live: LiveResource[] = [];
    for (const region of this.regions.values()) {
      const add = (kind: string, id: string) => live.push({ region: region.name, kind, id });
      for (const image of region.images.values()) if (!image.fromCatalog) add('image', image.id);
      for (const snapshot of region.snapshots.values()) if (!snapshot.fromCatalog) add('snapshot', snapshot.id);
      for (const volume of region.volumes.values()) add('volume', volume.id);
      for (const instance of region.instances.values()) if (instance.state !== 'terminated') add('instance', instance.id);
      for (const keyPair of region.keyPairs.values()) add('key-pair', keyPair.id);
      for (const group of region.securityGroups.values()) if (group.name !== 'default') add('security-group', group.id);
      for (const template of region.launchTemplates.values()) add('launch-template', template.id);
    }
    return live;
  }

  /** Cancels every pending transition; in-flight ones see `closed` and stop. */
  close(): void {
    this.scheduler.close();
  }

  get closed(): boolean {
    return this.scheduler.isClosed;
  }
}
