import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderConsoleValue } from '@tspacker/hcl';
import { valueFromConfig } from '@tspacker/sdk';
import { httpDataSource, nullDataSource } from '@tspacker/plugin-builtin';
import { configFromHcl } from './helpers.js';

describe('null data source', () => {
  test('input is required', () => {
    expect(nullDataSource.prepare(configFromHcl(nullDataSource.configSpec, ''))).toEqual({
      errors: ['The `input` must be specified'],
    });
  });

  test('output is the input', async () => {
    const config = configFromHcl(nullDataSource.configSpec, 'input = "hello"\n');
    expect(nullDataSource.prepare(config)).toEqual({});
    expect(renderConsoleValue(valueFromConfig(nullDataSource.outputSpec, await nullDataSource.execute(config)))).toBe('{\n  "output" = "hello"\n}');
  });
});

describe('http data source', () => {
  let server: Server;
  let base: string;
  const seen: { method?: string; headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
        if (req.url === '/missing') {
          res.writeHead(404).end('no');
          return;
        }
        res.setHeader('Content-Type', 'text/plain');
        res.setHeader('x-multi', ['a', 'b']);
        res.end(`hello ${req.method}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('url required; method checked', () => {
    expect(httpDataSource.prepare(configFromHcl(httpDataSource.configSpec, 'method = "get"\n'))).toEqual({
      errors: ['the `url` must be specified', 'the `method` must be one of [HEAD GET POST PUT DELETE OPTIONS PATCH]'],
    });
    const config = configFromHcl(httpDataSource.configSpec, 'url = "http://x"\n');
    expect([httpDataSource.prepare(config), config.method]).toEqual([{}, 'GET']);
  });

  test('GET: body, url, canonical header names with joined values', async () => {
    const config = configFromHcl(httpDataSource.configSpec, `url = "${base}/x"\nrequest_headers = { "X-Token" = "t" }\n`);
    expect(httpDataSource.prepare(config)).toEqual({});
    const value = valueFromConfig(httpDataSource.outputSpec, await httpDataSource.execute(config));
    const entries = value.asEntries();
    expect(entries.get('body')!.asString()).toBe('hello GET');
    expect(entries.get('url')!.asString()).toBe(`${base}/x`);
    const headers = entries.get('request_headers')!.asEntries();
    expect(headers.get('Content-Type')!.asString()).toBe('text/plain');
    expect(headers.get('X-Multi')!.asString()).toBe('a, b');
    expect(seen.at(-1)!.headers['x-token']).toBe('t');
  });

  test('POST with a body', async () => {
    const config = configFromHcl(httpDataSource.configSpec, `url = "${base}/p"\nmethod = "POST"\nrequest_body = "payload"\n`);
    httpDataSource.prepare(config);
    const value = await httpDataSource.execute(config);
    expect(valueFromConfig(httpDataSource.outputSpec, value).asEntries().get('body')!.asString()).toBe('hello POST');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: 'payload' });
  });

  test('a non-2xx status fails with Packer\'s message', async () => {
    const config = configFromHcl(httpDataSource.configSpec, `url = "${base}/missing"\n`);
    httpDataSource.prepare(config);
    await expect(httpDataSource.execute(config)).rejects.toThrow('HTTP request error. Response code: 404');
  });

  test('an unreachable server fails naming the request', async () => {
    const config = configFromHcl(httpDataSource.configSpec, 'url = "http://127.0.0.1:1/"\n');
    httpDataSource.prepare(config);
    await expect(httpDataSource.execute(config)).rejects.toThrow(/^Get "http:\/\/127\.0\.0\.1:1\/": /);
  });
});
