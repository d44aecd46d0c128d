// The endpoint the services and operations tests talk to: the local cloud as the CLI starts it (startLocalCloud:
// the real server with the non-EC2 services, the operations layer and the admin routes), without machines, in a
// state directory of its own that close() removes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud, type LocalCloud } from '../src/local-cloud.js';
import type { LocalOperations } from '../src/operations/local-operations.js';
import type { KmsKeyStore } from '../src/services/kms.js';
import type { SecretStore } from '../src/services/secrets-manager.js';
import type { ParameterStore } from '../src/services/ssm.js';
import type { Durations } from '../src/state/store.js';

export interface ServicesFront {
  readonly url: string;
  readonly accountId: string;
  /** The JSONL request log, with `requestLog`. */
  readonly requestLogPath: string | undefined;
  readonly operations: LocalOperations;
  readonly parameters: ParameterStore;
  readonly secrets: SecretStore;
  readonly kmsKeys: KmsKeyStore;
  close(): Promise<void>;
}

export interface ServicesFrontOptions {
  /** Write the JSONL request log (default false). */
  readonly requestLog?: boolean;
  readonly durations?: Partial<Durations>;
}

export async function startServicesFront(options: ServicesFrontOptions = {}): Promise<ServicesFront> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ec2-local-front-'));
  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud({ stateDir, machines: false, requestLog: options.requestLog ?? false, durations: options.durations });
  } catch (error) {
    fs.rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: cloud.endpoint,
    accountId: cloud.accountId,
    requestLogPath: cloud.requestLogPath,
    operations: cloud.operations,
    ...cloud.stores,
    async close() {
      await cloud.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
