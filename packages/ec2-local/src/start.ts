// The embeddable endpoint: `startEc2Local()` for tests and the CLI — an EC2 API (plus any other services given)
// on a loopback port, with stop, reset, and a list of live resources for leak checks (also served as
// `GET /_admin/resources`).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsService, MachineHost, Operations } from './contracts.js';
import { terminateAllMachines } from './ec2/instance-lifecycle.js';
import { Ec2Service } from './ec2/service.js';
import { NO_OPERATIONS, startServer, type AdminHandler, type Credentials } from './server.js';
import { loadState, saveState } from './state/persistence.js';
import { DEFAULT_DURATIONS, Store, type Durations, type KmsKeyResolver, type LiveResource } from './state/store.js';

export interface Ec2LocalOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Where captured image layers (and, with `persist`, the state) live; a temporary directory (removed at stop)
   * when not given. */
  readonly stateDir?: string;
  /**
   * Keep the state in `stateDir` across stop and start (a local cloud): stop saves it and stops the machines
   * (their disks stay with the machine host), start loads it; running instances come back stopped.
   */
  readonly persist?: boolean;
  /** Verify SigV4 signatures against these when given. */
  readonly credentials?: readonly Credentials[];
  /** Real machines for instances; without one, instances are metadata only. */
  readonly machines?: MachineHost;
  readonly operations?: Operations;
  readonly durations?: Partial<Durations>;
  /** The account the caller is (owner `self`). */
  readonly accountId?: string;
  /** The port instances' sshd listens on (22 unless it cannot be bound). */
  readonly sshPort?: number;
  /** Instance addresses are `<addressPrefix>.x.y` (e.g. `127.100`); a random 127.N by default. */
  readonly addressPrefix?: string;
  /** Extra public images in the catalog (benchmarks). */
  readonly syntheticImages?: number;
  /** The KMS keys encrypted copies may name (the endpoint's KMS service's); any reference is accepted without. */
  readonly kmsKeys?: KmsKeyResolver;
  /** Other services on the same endpoint (STS, SSM, Secrets Manager, KMS). */
  readonly services?: readonly AwsService[];
  /** Admin routes beyond `/_admin/resources` (faults, request log), under `/_admin/` or `/__admin/`. */
  readonly admin?: readonly AdminHandler[];
}

export interface Ec2Local {
  readonly endpoint: string;
  readonly port: number;
  readonly accountId: string;
  /** Stops the server and every machine; removes captured layers, or with `persist` saves the state instead. */
  stop(): Promise<void>;
  /** Back to a fresh account: machines terminated, state and layers gone. */
  reset(): Promise<void>;
  /** Resources created through the API that still exist (terminated instances excluded). */
  liveResources(): LiveResource[];
}

export const DEFAULT_ACCOUNT_ID = '123456789012';

/** The saved state's file name under stateDir (with `persist`). */
export const STATE_FILE = 'ec2-state.json';

export async function startEc2Local(options: Ec2LocalOptions = {}): Promise<Ec2Local> {
  if (options.persist && options.stateDir === undefined) throw new Error('persist needs a stateDir');
  const operations = options.operations ?? NO_OPERATIONS;
  const temporary = options.stateDir === undefined;
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'ec2-local-')));
  const layerRoot = join(stateDir, 'layers');
  await mkdir(layerRoot, { recursive: true });
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const newStore = () =>
    new Store({
      accountId,
      durations: { ...DEFAULT_DURATIONS, ...options.durations },
      operations,
      machines: options.machines,
      layerRoot,
      sshPort: options.sshPort ?? 22,
      syntheticImages: options.syntheticImages ?? 0,
      addressPrefix: options.addressPrefix,
      kmsKeys: options.kmsKeys,
    });
  const stateFile = options.persist ? join(stateDir, STATE_FILE) : undefined;
  let store = newStore();
  if (stateFile && existsSync(stateFile)) await loadState(store, stateFile);
  const resourcesRoute: AdminHandler = async (request) =>
    request.method === 'GET' && (request.path === '/_admin/resources' || request.path === '/__admin/resources')
      ? { status: 200, contentType: 'application/json', body: JSON.stringify(store.liveResources()) }
      : undefined;
  const server = await startServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    services: [new Ec2Service(() => store), ...(options.services ?? [])],
    operations,
    credentials: options.credentials,
    admin: [resourcesRoute, ...(options.admin ?? [])],
  });
  const discard = async () => {
    const old = store;
    old.close();
    await terminateAllMachines(old);
    await options.machines?.close();
    await rm(layerRoot, { recursive: true, force: true });
  };
  return {
    endpoint: server.endpoint,
    port: server.port,
    accountId,
    async stop() {
      await server.close();
      if (stateFile) {
        store.close();
        await options.machines?.close();
        await saveState(store, stateFile);
        return;
      }
      await discard();
      if (temporary) await rm(stateDir, { recursive: true, force: true });
    },
    async reset() {
      await discard();
      if (stateFile) await rm(stateFile, { force: true });
      await mkdir(layerRoot, { recursive: true });
      store = newStore();
    },
    liveResources: () => store.liveResources(),
  };
}
