// The worker thread behind aws_secretsmanager: makes Secrets Manager GetSecretValue calls (stage AWSCURRENT) for
// the synchronous lookup in provider.ts, as Packer's plugin SDK does (template/interpolate/aws/secretsmanager):
// the SDK's default credential chain, the region from AWS_REGION or AWS_DEFAULT_REGION or the shared config, and
// the endpoint overrides of the environment (AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL). Each request
// carries the caller's environment as it is at the call, which the SDK then reads as this thread's process.env.
import { workerData } from 'node:worker_threads';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretAnswer, SecretRequest, WorkerSetup } from './protocol.js';
import { operationErrorText } from './sdk-error-text.js';

const { signal, port } = workerData as WorkerSetup;

// The SDK's process warnings (e.g. its Node version notice) would reach the caller's terminal in the middle of
// `console` or `inspect` output: this thread keeps quiet; errors reach the caller as answers.
process.removeAllListeners('warning');

async function getSecretString(name: string): Promise<string | undefined> {
  const region = process.env['AWS_REGION'] || process.env['AWS_DEFAULT_REGION'] || undefined;
  const client = new SecretsManagerClient(region ? { region } : {});
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSCURRENT' }));
    return out.SecretString;
  } finally {
    client.destroy();
  }
}

/** This thread's environment becomes `env` (the worker has its own copy; calls come one at a time). */
function adoptEnvironment(env: Readonly<Record<string, string | undefined>>): void {
  for (const name of Object.keys(process.env)) if (env[name] === undefined) delete process.env[name];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) process.env[name] = value;
}

async function answer(request: SecretRequest): Promise<SecretAnswer> {
  try {
    adoptEnvironment(request.env);
    const secretString = await getSecretString(request.name);
    return secretString === undefined ? { id: request.id, ok: true } : { id: request.id, ok: true, secretString };
  } catch (e) {
    return { id: request.id, ok: false, message: operationErrorText('Secrets Manager', 'GetSecretValue', e) };
  }
}

port.on('message', (request: SecretRequest) => {
  void answer(request).then((reply) => {
    port.postMessage(reply);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});
