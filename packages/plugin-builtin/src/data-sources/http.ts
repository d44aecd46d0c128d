// Data source `http` (datasource/http): requests a URL and exposes the response body and headers.
import { attr, type ConfigOf, type ConfigSpec, type DataSourceComponent } from '@tspacker/sdk';
import { packerCoreSpec } from '../packer-core-spec.js';
import { resultOf } from '../prepare-errors.js';

const ALLOWED_METHODS = ['HEAD', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];

export const httpDataSpec = {
  url: attr.string({
    doc: 'The URL to request; it must answer with a 2xx status (and should with a `text/*` or JSON content type). Required.',
  }),
  method: attr.string({
    default: 'GET',
    doc: 'The HTTP method: `HEAD`, `GET` (default), `POST`, `PUT`, `DELETE`, `OPTIONS` or `PATCH`.',
  }),
  request_headers: attr.map(attr.string(), { doc: 'Headers to send with the request.' }),
  request_body: attr.string({ doc: 'The request payload; none by default.' }),
  ...packerCoreSpec,
} satisfies ConfigSpec;

export const httpDataOutputSpec = {
  url: attr.string({ doc: 'The URL the data was requested from.' }),
  body: attr.string({ doc: 'The raw response body.' }),
  request_headers: attr.map(attr.string(), {
    doc: 'The response headers (despite the name); repeated headers are joined with `, `.',
  }),
} satisfies ConfigSpec;

export type HttpDataConfig = ConfigOf<typeof httpDataSpec>;

// Go's textproto.CanonicalMIMEHeaderKey, which net/http applies to response header names.
function canonicalHeaderKey(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

// Go's url.Error operation name for a method: "Get", "Post"…
const opName = (method: string) => method.charAt(0) + method.slice(1).toLowerCase();

export const httpDataSource: DataSourceComponent<typeof httpDataSpec, typeof httpDataOutputSpec> = {
  configSpec: httpDataSpec,
  outputSpec: httpDataOutputSpec,
  prepare(c) {
    const errors: string[] = [];
    if (c.url === '') errors.push('the `url` must be specified');
    if (c.method === '') c.method = 'GET';
    if (!ALLOWED_METHODS.includes(c.method)) errors.push(`the \`method\` must be one of [${ALLOWED_METHODS.join(' ')}]`);
    return resultOf(errors);
  },
  async execute(c) {
    let response: Response;
    try {
      response = await fetch(c.url, {
        method: c.method,
        headers: c.request_headers,
        ...(c.request_body !== '' ? { body: c.request_body } : {}),
      });
    } catch (e) {
      const cause = (e as Error & { cause?: Error }).cause;
      throw new Error(`${opName(c.method)} "${c.url}": ${(cause ?? (e as Error)).message}`);
    }
    const body = await response.text();
    if (response.status < 200 || response.status >= 300) {
      throw new Error(`HTTP request error. Response code: ${response.status}`);
    }
    const headers = new Map<string, string>();
    for (const [name, value] of response.headers) {
      const key = canonicalHeaderKey(name);
      const previous = headers.get(key);
      headers.set(key, previous === undefined ? value : `${previous}, ${value}`);
    }
    return { url: c.url, body, request_headers: Object.fromEntries(headers) };
  },
};
