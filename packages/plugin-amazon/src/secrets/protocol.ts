// The messages between the synchronous Secrets Manager lookup (provider.ts, on the caller's thread) and the
// worker thread that makes the call (worker.ts). The caller posts a request on its port and sleeps on `signal`;
// the worker posts the answer, then sets `signal[0]` to 1 and wakes it.

export interface WorkerSetup {
  /** One Int32 over a SharedArrayBuffer: 0 while a request is under way, 1 once its answer is on the port. */
  readonly signal: Int32Array;
  readonly port: import('node:worker_threads').MessagePort;
}

export interface SecretRequest {
  readonly id: number;
  /** The secret's name or ARN. */
  readonly name: string;
  /** The caller's environment now (AWS_*, HOME...): the worker's process.env for this call. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type SecretAnswer =
  | { readonly id: number; readonly ok: true; /** Absent when the secret is binary. */ readonly secretString?: string }
  | { readonly id: number; readonly ok: false; /** Packer's error text; never holds the secret. */ readonly message: string };
