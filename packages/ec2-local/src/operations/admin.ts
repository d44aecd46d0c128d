// The admin endpoint (`/_admin/...`, also served as `/__admin/...`; JSON in and out): lists live resources for leak
// checks, injects and clears faults, resets the endpoint, and feeds the SSM, Secrets Manager and KMS stores. Not
// an AWS API: no SigV4, and errors are `{"error": {"code", "message"}}` with a 4xx status.
//
//   GET    /_admin/resources        every live resource (the server's listing)
//   GET    /_admin/faults           what is injected now
//   POST   /_admin/faults           {action|"*", code, status?, nth? = 1, count? = 1, always?, service?, region?, message?}
//   DELETE /_admin/faults           clears faults, throttle, latency, hiding and the time scale
//   POST   /_admin/throttle         {fraction 0..1, seed? = 1, service?, action?, code?}
//   POST   /_admin/latency          {ms, service?, action?}
//   POST   /_admin/consistency      {hideMs}: resources created from now on are invisible for hideMs
//   POST   /_admin/time-scale       {scale}: state transitions take `scale` times as long
//   POST   /_admin/reset            clears the above, the admin-fed stores, and resets the endpoint
//   POST   /_admin/ssm-parameters   {name, value, type? = String|StringList|SecureString, region? (all when absent)}
//   POST   /_admin/secrets          {name, secretString | secretBinary (base64), region? (all when absent)}
//   POST   /_admin/kms-keys         {region? = us-east-1, alias?, description?, multiRegion?}
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, type AwsResponse } from '../contracts.js';
import type { KmsKeyStore } from '../services/kms.js';
import type { SecretStore } from '../services/secrets-manager.js';
import type { ParameterStore, ParameterType } from '../services/ssm.js';
import type { FaultSpec } from './fault-rules.js';
import type { LatencySpec, LocalOperations } from './local-operations.js';
import type { ThrottleSpec } from './throttle.js';

export const ADMIN_PREFIXES: readonly string[] = ['/_admin/', '/__admin/'];

export interface AdminContext {
  readonly operations: LocalOperations;
  /** Every live resource (the EC2 state's listing), answered as JSON by GET /_admin/resources. */
  readonly listResources?: () => unknown;
  /** Resets the endpoint's state (EC2 resources, machines); faults and the admin-fed stores are reset here. */
  readonly reset?: () => unknown;
  readonly parameters?: ParameterStore;
  readonly secrets?: SecretStore;
  readonly kmsKeys?: KmsKeyStore;
}

const MAX_BODY_BYTES = 1 << 20;

type Body = Record<string, unknown>;
type Route = (body: Body, ctx: AdminContext) => unknown;

const ROUTES: Readonly<Record<string, Readonly<Record<string, Route>>>> = {
  resources: { GET: async (_body, ctx) => (ctx.listResources ? await ctx.listResources() : {}) },
  faults: {
    GET: (_body, ctx) => ctx.operations.describe(),
    POST: (body, ctx) => ({ fault: ctx.operations.addFault(body as unknown as FaultSpec) }),
    DELETE: (_body, ctx) => {
      ctx.operations.clearFaults();
      return ctx.operations.describe();
    },
  },
  throttle: { POST: (body, ctx) => ({ throttle: ctx.operations.setThrottle(body as unknown as ThrottleSpec) }) },
  consistency: { POST: (body, ctx) => ({ hideMs: ctx.operations.setHideMs(body.hideMs) }) },
  'time-scale': { POST: (body, ctx) => ({ timeScale: ctx.operations.setTimeScale(body.scale) }) },
  latency: { POST: (body, ctx) => ({ latency: ctx.operations.setLatency(body as unknown as LatencySpec) }) },
  reset: {
    POST: async (_body, ctx) => {
      ctx.operations.clearFaults();
      ctx.parameters?.reset();
      ctx.secrets?.reset();
      ctx.kmsKeys?.reset();
      await ctx.reset?.();
      return { reset: true };
    },
  },
  'ssm-parameters': {
    POST: (body, ctx) =>
      required(ctx.parameters, 'SSM').put({
        name: body.name as string,
        value: body.value as string,
        type: body.type as ParameterType | undefined,
        region: optionalText(body.region, 'region'),
      }),
  },
  secrets: {
    POST: (body, ctx) =>
      required(ctx.secrets, 'Secrets Manager').put({
        name: body.name as string,
        secretString: optionalText(body.secretString, 'secretString', true),
        secretBinary: optionalText(body.secretBinary, 'secretBinary', true),
        region: optionalText(body.region, 'region'),
      }),
  },
  'kms-keys': {
    POST: (body, ctx) =>
      required(ctx.kmsKeys, 'KMS').create({
        region: optionalText(body.region, 'region'),
        alias: optionalText(body.alias, 'alias'),
        description: optionalText(body.description, 'description', true),
        multiRegion: body.multiRegion === undefined ? undefined : body.multiRegion === true,
      }),
  },
};

/** An admin answer (the AwsResponse shape, so the server's own admin chain can send it). */
export type AdminResponse = AwsResponse;

/** Both spellings are served: `/_admin/` (the admin API) and `/__admin/` (the server's admin chain). */
export function adminRoute(pathname: string): string | undefined {
  const prefix = ADMIN_PREFIXES.find((p) => pathname.startsWith(p));
  return prefix === undefined ? undefined : pathname.slice(prefix.length).replace(/\/$/, '');
}

/**
 * The answer to an admin request whose body has been read; undefined when the path is not one of these routes
 * (so a chain of admin handlers can go on). Never throws: every failure is a JSON error response.
 */
export async function answerAdmin(method: string, pathname: string, bodyText: string, ctx: AdminContext): Promise<AdminResponse | undefined> {
  const name = adminRoute(pathname);
  const methods = name !== undefined && Object.hasOwn(ROUTES, name) ? ROUTES[name]! : undefined;
  if (!methods) return undefined;
  try {
    const route = Object.hasOwn(methods, method) ? methods[method] : undefined;
    if (!route) {
      return json(405, errorBody('MethodNotAllowed', `${method} is not allowed on ${pathname} (allowed: ${Object.keys(methods).join(', ')})`));
    }
    const result = await route(parseJsonBody(bodyText), ctx);
    return json(method === 'POST' && name !== 'reset' ? 201 : 200, result ?? {});
  } catch (error) {
    if (error instanceof AwsError) return json(error.status >= 400 && error.status < 500 ? error.status : 400, errorBody(error.code, error.message));
    return json(500, errorBody('InternalError', error instanceof Error ? error.message : String(error)));
  }
}

/** A handler for the server's admin chain (`startEc2Local({ admin: [adminHandler(ctx)] })`). */
export function adminHandler(ctx: AdminContext): (request: { method: string; path: string; body: string }) => Promise<AdminResponse | undefined> {
  return (request) => answerAdmin(request.method, request.path, request.body, ctx);
}

/** Answers a node:http request whose path is under /_admin/ (or /__admin/); unknown routes get a 404. */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, ctx: AdminContext): Promise<void> {
  let response: AdminResponse;
  try {
    const pathname = new URL(req.url ?? '/', 'http://local').pathname;
    const body = await readBody(req);
    response = (await answerAdmin(req.method ?? 'GET', pathname, body, ctx)) ?? json(404, errorBody('NotFound', `No admin resource ${pathname}`));
  } catch (error) {
    response = error instanceof AwsError ? json(error.status, errorBody(error.code, error.message)) : json(500, errorBody('InternalError', String(error)));
  }
  res.writeHead(response.status, { 'Content-Type': response.contentType, 'Content-Length': Buffer.byteLength(response.body) });
  res.end(response.body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const received: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) received.push(chunk);
    });
    // The whole body is read (and dropped when too large) so the client gets to read the answer.
    req.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(new AwsError('RequestTooLarge', `Admin request bodies are limited to ${MAX_BODY_BYTES} bytes`, 413))
        : resolve(Buffer.concat(received).toString('utf8')),
    );
    req.on('error', reject);
  });
}

function parseJsonBody(bodyText: string): Body {
  const text = bodyText.trim();
  if (text === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AwsError('MalformedJson', 'The request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AwsError('MalformedJson', 'The request body must be a JSON object');
  return body as Body;
}

function optionalText(value: unknown, name: string, emptyAllowed = false): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || (!emptyAllowed && value === '')) throw new AwsError('ValidationException', `${name} must be a string`);
  return value;
}

function required<T>(store: T | undefined, service: string): T {
  if (!store) throw new AwsError('NotConfigured', `This endpoint has no ${service} store`, 404);
  return store;
}

function errorBody(code: string, message: string): unknown {
  return { error: { code, message } };
}

function json(status: number, body: unknown): AdminResponse {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}
