// The whole local cloud in one call, for tests and `tspacker local-cloud`: the EC2 endpoint with real machines,
// STS, SSM, Secrets Manager and KMS on the same port, the operations layer (faults, JSONL request log) and the
// admin endpoint (`/_admin/...`), all kept under one state directory.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { MachineHost } from './contracts.js';
import { createMachineHost } from './machines/index.js';
import { adminHandler } from './operations/admin.js';
import { LocalOperations } from './operations/local-operations.js';
import type { Credentials } from './server.js';
import { createNonEc2Services, type NonEc2Services } from './services/non-ec2-services.js';
import { DEFAULT_ACCOUNT_ID, startEc2Local, type Ec2Local } from './start.js';
import type { Durations, LiveResource } from './state/store.js';

export interface LocalCloudOptions {
  /**
   * Everything lives here: machines' disks, captured image layers, the saved state (with `persist`) and the
   * request log. Not under /tmp: every machine mounts a tmpfs of its own there, which would cover it.
   */
  readonly stateDir: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Keep the state across stop and start (instances that were running come back stopped). Default false. */
  readonly persist?: boolean;
  /** Real machines for instances (default true); false makes instances metadata only. */
  readonly machines?: boolean;
  /** Consent to machines without isolation (sessions run on the host as this user); needed when not root. */
  readonly allowUnisolated?: boolean;
  /** The port instances' sshd listens on: 22 (the default) needs root. */
  readonly sshPort?: number;
  /** How long a machine may take to boot until its SSH banner answers (default 15 s). */
  readonly machineStartTimeoutMs?: number;
  /** State-transition durations (ms); AWS-like seconds by default, a few tens of ms make tests fast. */
  readonly durations?: Partial<Durations>;
  /** Verify SigV4 signatures against these; any signature is accepted without. */
  readonly credentials?: readonly Credentials[];
  readonly accountId?: string;
  /** Instance addresses are `<addressPrefix>.x.y` (e.g. `127.100`); a random 127.N by default. */
  readonly addressPrefix?: string;
  /** Write the JSONL request log to `<stateDir>/requests.jsonl` (default true). */
  readonly requestLog?: boolean;
}

export interface LocalCloud {
  /** http://127.0.0.1:PORT: every service (EC2, STS, SSM, Secrets Manager, KMS) and `/_admin/`. */
  readonly endpoint: string;
  readonly port: number;
  readonly accountId: string;
  readonly stateDir: string;
  /** `namespace`, `none`, or undefined without machines. */
  readonly isolation: MachineHost['isolation'] | undefined;
  /** The JSONL request log, when there is one. */
  readonly requestLogPath: string | undefined;
  /** Faults, throttling, latency, eventual consistency, time scale (also through `/_admin/`). */
  readonly operations: LocalOperations;
  /** The admin-fed stores: SSM parameters, secrets, KMS keys. */
  readonly stores: Pick<NonEc2Services, 'parameters' | 'secrets' | 'kmsKeys'>;
  /** Stops the endpoint and every machine (disks kept, and with `persist` the state saved). */
  stop(): Promise<void>;
  /** A fresh account: machines terminated, EC2 state and layers gone, faults and admin-fed stores cleared. */
  reset(): Promise<void>;
  /** Resources created through the API that still exist (terminated instances excluded): for leak checks. */
  liveResources(): LiveResource[];
}

/** Where the request log goes under the state directory. */
export const REQUEST_LOG_FILE = 'requests.jsonl';

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const stateDir = path.resolve(options.stateDir);
  await mkdir(stateDir, { recursive: true });
  const requestLogPath = options.requestLog === false ? undefined : path.join(stateDir, REQUEST_LOG_FILE);
  const operations = new LocalOperations({ requestLogPath });
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const services = createNonEc2Services({ visibility: operations, accountId });
  const machines =
    options.machines === false
      ? undefined
      : createMachineHost({ stateDir, allowUnisolated: options.allowUnisolated, startTimeoutMs: options.machineStartTimeoutMs });
  // The admin reset route clears faults and the admin-fed stores itself, then resets the EC2 state through this.
  let ec2: Ec2Local | undefined;
  const admin = adminHandler({
    operations,
    parameters: services.parameters,
    secrets: services.secrets,
    kmsKeys: services.kmsKeys,
    listResources: () => ec2?.liveResources() ?? [],
    reset: () => ec2?.reset(),
  });
  try {
    ec2 = await startEc2Local({
      stateDir,
      persist: options.persist ?? false,
      port: options.port ?? 0,
      host: options.host,
      machines,
      operations,
      services: services.services,
      admin: [admin],
      kmsKeys: services.kmsKeys,
      durations: options.durations,
      credentials: options.credentials,
      accountId,
      sshPort: options.sshPort,
      addressPrefix: options.addressPrefix,
    });
  } catch (error) {
    await machines?.close();
    await operations.close();
    throw error;
  }
  const started = ec2;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: started.endpoint,
    port: started.port,
    accountId,
    stateDir,
    isolation: machines?.isolation,
    requestLogPath,
    operations,
    stores: { parameters: services.parameters, secrets: services.secrets, kmsKeys: services.kmsKeys },
    stop() {
      // Idempotent: a signal handler and a test's afterAll may both stop it.
      stopped ??= (async () => {
        try {
          await started.stop();
        } finally {
          await operations.close();
        }
      })();
      return stopped;
    },
    async reset() {
      operations.clearFaults();
      services.parameters.reset();
      services.secrets.reset();
      services.kmsKeys.reset();
      await started.reset();
    },
    liveResources: () => started.liveResources(),
  };
}
