// The lookup behind the HCL functions aws_secretsmanager and aws_secretsmanager_raw. HCL function calls are
// synchronous and the AWS SDK is not, so the call runs on a worker thread (worker.ts) while this thread sleeps on
// Atomics.wait until the answer is on a MessagePort it reads synchronously (receiveMessageOnPort). One worker
// serves the whole process, started at the first lookup and never keeping the process alive; answers are kept per
// secret name, so a template that reads a secret in several places calls AWS once.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { SecretsProvider } from '@tspacker/sdk';
import type { SecretAnswer, SecretRequest, WorkerSetup } from './protocol.js';

/**
 * Where the worker is, relative to this module: beside it in the package's dist (worker.js); in the CLI bundle,
 * the entry build.mjs adds (chunks/aws-secrets-worker.mjs, beside this chunk or under the entry's directory); from
 * the TypeScript sources (jest), the package's compiled dist (Node cannot run the .ts worker itself).
 */
const WORKER_CANDIDATES = ['./worker.js', './aws-secrets-worker.mjs', './chunks/aws-secrets-worker.mjs', '../../dist/secrets/worker.js'];

/** How long a lookup may take (credential chain, retries) before it is given up. */
const DEFAULT_TIMEOUT_MS = 120_000;

const OPERATION = 'operation error Secrets Manager: GetSecretValue';

export interface AwsSecretsOptions {
  /** The worker module (default: found from WORKER_CANDIDATES). */
  readonly workerUrl?: URL;
  readonly timeoutMs?: number;
}

/** The worker module to start, or undefined when none of the candidates exists. */
export function findSecretsWorker(base: string | URL = import.meta.url): URL | undefined {
  for (const candidate of WORKER_CANDIDATES) {
    const url = new URL(candidate, base);
    if (fs.existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

interface RunningWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly signal: Int32Array;
}

/** A SecretsProvider whose awsSecretString blocks until Secrets Manager answers (or `timeoutMs` passes). */
export interface AwsSecrets extends SecretsProvider {
  /** GetSecretValue (AWSCURRENT): the SecretString, undefined for a binary secret; throws Packer's error text. */
  awsSecretString(name: string): string | undefined;
  /** Stops the worker (a later lookup starts another). */
  close(): Promise<void>;
}

/** A lookup with its own worker and cache (tests make their own; the process uses `awsSecrets`). */
export function createAwsSecrets(options: AwsSecretsOptions = {}): AwsSecrets {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const answers = new Map<string, string | undefined>();
  let running: RunningWorker | undefined;
  let nextId = 1;

  const start = (): RunningWorker => {
    const url = options.workerUrl ?? findSecretsWorker();
    if (!url) throw new Error(`${OPERATION}, tspacker's Secrets Manager worker (aws-secrets-worker) is missing from its installation`);
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const setup: WorkerSetup = { signal, port: port2 };
    const worker = new Worker(url, { workerData: setup, transferList: [port2] });
    worker.unref();
    port1.unref();
    // Its failures are reported through the answers (or the timeout); an 'error' event must not crash the process.
    worker.on('error', () => {});
    return { worker, port: port1, signal };
  };

  const stop = (): Promise<void> => {
    const w = running;
    running = undefined;
    if (!w) return Promise.resolve();
    w.port.close();
    return w.worker.terminate().then(() => undefined);
  };

  const lookup = (name: string): string | undefined => {
    running ??= start();
    const { port, signal } = running;
    const id = nextId++;
    Atomics.store(signal, 0, 0);
    port.postMessage({ id, name, env: { ...process.env } } satisfies SecretRequest);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(signal, 0, 0, left) === 'timed-out') {
        void stop();
        throw new Error(`${OPERATION}, no answer within ${timeoutMs < 1000 ? `${timeoutMs}ms` : `${timeoutMs / 1000}s`}`);
      }
      // Re-armed before reading: an answer posted after the read wakes the next wait at once.
      Atomics.store(signal, 0, 0);
      let received: { message: SecretAnswer } | undefined;
      while ((received = receiveMessageOnPort(port) as { message: SecretAnswer } | undefined)) {
        const reply = received.message;
        if (reply.id !== id) continue; // the answer to a request given up on
        if (!reply.ok) throw new Error(reply.message);
        return reply.secretString;
      }
    }
  };

  return {
    awsSecretString(name: string): string | undefined {
      if (answers.has(name)) return answers.get(name);
      const value = lookup(name);
      answers.set(name, value);
      return value;
    },
    close: stop,
  };
}

/** The process's lookup, registered as ComponentRegistry.secrets. */
export const awsSecrets: SecretsProvider = createAwsSecrets();
