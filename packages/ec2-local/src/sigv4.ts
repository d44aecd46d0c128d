// AWS Signature Version 4 as the endpoint needs it: the credential scope (access key, region, service) from the
// Authorization header, and, when credentials are configured, verification of the signature.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface SigV4Authorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]+)\s*$/;

/** The parsed Authorization header, or undefined for an unsigned (or otherwise signed) request. */
export function parseAuthorization(header: string | undefined): SigV4Authorization | undefined {
  const match = header ? AUTHORIZATION.exec(header) : null;
  if (!match) return undefined;
  return {
    accessKeyId: match[1]!,
    date: match[2]!,
    region: match[3]!,
    service: match[4]!,
    signedHeaders: match[5]!.split(';'),
    signature: match[6]!,
  };
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export interface SignedRequest {
  readonly method: string;
  /** The request target as received: path and query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

function canonicalQuery(search: string): string {
  if (search === '') return '';
  const pairs = search
    .slice(1)
    .split('&')
    .filter((p) => p !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const decode = (t: string) => decodeURIComponent(t.replace(/\+/g, '%20'));
      const key = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      return [rfc3986(decode(key)), rfc3986(decode(value))] as const;
    });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalPath(path: string): string {
  const segments = path.split('/').map((segment) => rfc3986(decodeURIComponent(segment)));
  return segments.join('/') || '/';
}

/** Whether the signature is the one `secretAccessKey` makes for this request (false for an undecodable one). */
export function verifySignature(request: SignedRequest, authorization: SigV4Authorization, secretAccessKey: string): boolean {
  try {
    const expected = Buffer.from(expectedSignature(request, authorization, secretAccessKey) ?? '');
    const actual = Buffer.from(authorization.signature);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  } catch {
    return false;
  }
}

function expectedSignature(request: SignedRequest, authorization: SigV4Authorization, secretAccessKey: string): string | undefined {
  const url = new URL(request.url, 'http://localhost');
  const headerValue = (name: string) => {
    const value = request.headers[name];
    const text = Array.isArray(value) ? value.join(',') : (value ?? '');
    return text.trim().replace(/\s+/g, ' ');
  };
  const amzDate = headerValue('x-amz-date');
  if (!amzDate.startsWith(authorization.date)) return undefined;
  const payloadHash = headerValue('x-amz-content-sha256') || sha256Hex(request.body);
  const canonicalRequest = [
    request.method,
    canonicalPath(url.pathname),
    canonicalQuery(url.search),
    authorization.signedHeaders.map((name) => `${name}:${headerValue(name)}\n`).join(''),
    authorization.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${authorization.date}/${authorization.region}/${authorization.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${secretAccessKey}`, authorization.date);
  key = hmac(key, authorization.region);
  key = hmac(key, authorization.service);
  key = hmac(key, 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}
