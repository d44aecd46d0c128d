// The HTTP front: decodes a request of either AWS protocol (EC2/awsQuery form parameters, or JSON 1.1 with
// X-Amz-Target), takes region, service and access key from the SigV4 scope, verifies the signature when
// credentials are configured, lets the operations layer intercept and record it, and dispatches it to the
// service that owns it. Any failure becomes that protocol's AWS error document; the endpoint never crashes on
// bad input.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError, type AwsRequest, type AwsResponse, type AwsService, type Operations } from './contracts.js';
import { renderEc2Error, renderQueryError } from './query/xml.js';
import { parseAuthorization, verifySignature } from './sigv4.js';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** An HTTP request outside the AWS protocols (paths under `/_admin/` or `/__admin/`). */
export interface AdminRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string;
}

/** Answers an admin request, or undefined to leave it to the next handler (404 at the end). */
export type AdminHandler = (request: AdminRequest) => Promise<AwsResponse | undefined>;

export interface ServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly services: readonly AwsService[];
  readonly operations: Operations;
  /** When given, every AWS request must be signed with one of these. */
  readonly credentials?: readonly Credentials[];
  readonly admin?: readonly AdminHandler[];
}

export interface RunningServer {
  readonly port: number;
  readonly endpoint: string;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024 * 1024;

/** Paths of the admin endpoint (never an AWS call: those are `POST /`). */
const ADMIN_PREFIXES = ['/_admin/', '/__admin/'];

/** No faults, no log, nothing hidden, configured speed. */
export const NO_OPERATIONS: Operations = {
  intercept: async () => undefined,
  record: () => {},
  hidden: () => false,
  timeScale: () => 1,
};

/** An AWS error in the protocol the request came in (JSON requests carry `json`). */
export function renderAwsError(request: Pick<AwsRequest, 'service' | 'requestId' | 'json'>, error: AwsError): AwsResponse {
  if (request.json !== undefined) {
    return { status: error.status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: error.code, message: error.message }) };
  }
  return request.service === 'ec2' ? renderEc2Error(error, request.requestId) : renderQueryError(error, request.requestId);
}

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new AwsError('RequestEntityTooLarge', `Request bodies are limited to ${MAX_BODY} bytes`, 413));
        message.destroy();
        return;
      }
      chunks.push(chunk);
    });
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

/** Form parameters from the query string and a form body, "" meaning not set. */
function formParams(search: string, body: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const source of [new URLSearchParams(search), new URLSearchParams(body)]) {
    for (const [key, value] of source) if (value !== '') params.set(key, value);
  }
  return params;
}

function send(response: ServerResponse, answer: AwsResponse, requestId?: string, errorCode?: string): void {
  const headers: Record<string, string | number> = {
    'Content-Type': answer.contentType,
    'Content-Length': Buffer.byteLength(answer.body),
  };
  if (requestId) headers['x-amzn-RequestId'] = requestId;
  if (errorCode && answer.contentType.includes('json')) headers['x-amzn-ErrorType'] = errorCode;
  response.writeHead(answer.status, headers);
  response.end(answer.body);
}

interface Decoded {
  readonly request: AwsRequest;
  /** A decoding problem to answer with (after the request got its protocol and id). */
  readonly problem?: AwsError;
}

function decode(message: IncomingMessage, url: URL, body: Buffer): Decoded {
  const requestId = randomUUID();
  const scope = parseAuthorization(message.headers.authorization);
  const presigned = url.searchParams.get('X-Amz-Credential')?.split('/');
  const service = scope?.service ?? presigned?.[3] ?? 'ec2';
  const region = scope?.region ?? presigned?.[2] ?? 'us-east-1';
  const accessKeyId = scope?.accessKeyId ?? presigned?.[0];
  const target = message.headers['x-amz-target'];
  if (typeof target === 'string') {
    const action = target.slice(target.lastIndexOf('.') + 1);
    let json: unknown = {};
    let problem: AwsError | undefined;
    const text = body.toString('utf8');
    try {
      json = text.trim() === '' ? {} : JSON.parse(text);
      if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('not an object');
    } catch {
      json = {};
      problem = new AwsError('SerializationException', 'The request body is not a JSON object');
    }
    return { request: { service, action, region, accessKeyId, params: new Map(), json, requestId }, problem };
  }
  const params = formParams(url.search, body.toString('utf8'));
  const action = params.get('Action') ?? '';
  const request: AwsRequest = { service, action, region, accessKeyId, params, requestId };
  if (action === '') return { request, problem: new AwsError('MissingAction', 'The request must contain the parameter Action') };
  return { request };
}

function authenticate(message: IncomingMessage, body: Buffer, request: AwsRequest, credentials: readonly Credentials[]): AwsError | undefined {
  const ec2 = request.service === 'ec2';
  const unknownKey = () =>
    ec2
      ? new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401)
      : new AwsError(request.json !== undefined ? 'UnrecognizedClientException' : 'InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  const authorization = parseAuthorization(message.headers.authorization);
  if (!authorization) return unknownKey();
  const known = credentials.find((c) => c.accessKeyId === authorization.accessKeyId);
  if (!known) return unknownKey();
  if (!verifySignature({ method: message.method ?? 'POST', url: message.url ?? '/', headers: message.headers, body }, authorization, known.secretAccessKey)) {
    return ec2
      ? new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401)
      : new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', 403);
  }
  return undefined;
}

async function answer(options: ServerOptions, message: IncomingMessage, url: URL, body: Buffer): Promise<{ response: AwsResponse; request: AwsRequest; errorCode?: string }> {
  const { request, problem } = decode(message, url, body);
  const fail = (error: AwsError) => ({ response: renderAwsError(request, error), request, errorCode: error.code });
  if (problem) return fail(problem);
  if (options.credentials && options.credentials.length > 0) {
    const refused = authenticate(message, body, request, options.credentials);
    if (refused) return fail(refused);
  }
  const service = options.services.find((s) => s.name === request.service);
  if (!service) {
    return fail(new AwsError(request.json !== undefined ? 'UnknownOperationException' : 'InvalidAction', `The service ${request.service} is not served by this endpoint.`));
  }
  const intercepted = await options.operations.intercept(request);
  if (intercepted) return { response: intercepted, request };
  try {
    return { response: await service.handle(request), request };
  } catch (error) {
    if (error instanceof AwsError) return fail(error);
    // A bug here must not take the endpoint down: AWS's answer to its own failures.
    process.stderr.write(`ec2-local: ${request.service}.${request.action} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    return fail(new AwsError('InternalError', 'An internal error has occurred', 500));
  }
}

async function handleAdmin(options: ServerOptions, message: IncomingMessage, url: URL, body: Buffer): Promise<AwsResponse> {
  const request: AdminRequest = { method: message.method ?? 'GET', path: url.pathname, query: url.searchParams, body: body.toString('utf8') };
  for (const handler of options.admin ?? []) {
    const response = await handler(request);
    if (response) return response;
  }
  return { status: 404, contentType: 'application/json', body: JSON.stringify({ error: `no admin route ${request.method} ${request.path}` }) };
}

async function handle(options: ServerOptions, message: IncomingMessage, response: ServerResponse): Promise<void> {
  const started = performance.now();
  const url = new URL(message.url ?? '/', 'http://localhost');
  let body: Buffer;
  try {
    body = await readBody(message);
  } catch (error) {
    const awsError = error instanceof AwsError ? error : new AwsError('InvalidRequest', 'The request body could not be read');
    if (!response.headersSent && !response.destroyed) send(response, renderEc2Error(awsError, randomUUID()));
    return;
  }
  if (ADMIN_PREFIXES.some((prefix) => url.pathname.startsWith(prefix))) {
    send(response, await handleAdmin(options, message, url, body));
    return;
  }
  const { response: answered, request, errorCode } = await answer(options, message, url, body);
  send(response, answered, request.requestId, errorCode);
  try {
    options.operations.record(request, answered, performance.now() - started);
  } catch (error) {
    process.stderr.write(`ec2-local: request log failed: ${String(error)}\n`);
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server: Server = createServer((message, response) => {
    handle(options, message, response).catch((error: unknown) => {
      process.stderr.write(`ec2-local: ${String(error)}\n`);
      if (!response.headersSent) send(response, renderEc2Error(new AwsError('InternalError', 'An internal error has occurred', 500), randomUUID()));
      else response.destroy();
    });
  });
  // Many builds poll at once; keep-alive connections are reused by the SDKs.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    endpoint: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
