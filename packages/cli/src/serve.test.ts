import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { callMeta } from '@toolscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../dist/bin.js');
const KEY = 'dept-key-canary-91c2e7-never-elsewhere';
const BEARER = 'bearer-canary-5d1f0a-never-elsewhere';

interface Seen {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

async function listen(answer: (url: string, res: import('node:http').ServerResponse) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => answer(req.url ?? '', res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const MANIFEST = `toolset: gateway
version: 1.0.0
title: Gateway
providers:
  orders:
    type: apiKey
    description: The department key.
    resource: https://orders.invalid/api/v1
    headerName: X-Api-Key
  acme:
    type: oauth2
    issuer: https://id.acme.invalid
    resource: https://acme.invalid/v2
tools:
  gateway_getOrder:
    authorization: { method: apiKey, provider: orders }
    input: { type: object, properties: { orderId: { type: string } }, required: [orderId] }
    output: { type: object, properties: { order: { type: object, properties: { id: { type: string } }, required: [id] } }, required: [order] }
    http: { method: GET, path: "/orders/{orderId}" }
  gateway_redirect:
    authorization: { method: apiKey, provider: orders }
    http: { method: GET, path: /redirect }
  gateway_status:
    authorization: { method: apiKey, provider: orders }
    input: { type: object, properties: { code: { type: string } }, required: [code] }
    http: { method: GET, path: "/status/{code}" }
  gateway_me:
    authorization: { method: oauth2, provider: acme }
    http: { method: GET, path: /me }
`;

const HANDWRITTEN = `toolset: mixed
version: 1.0.0
title: Mixed
tools:
  mixed_ok:
    authorization: none
    http: { method: GET, path: /ok, baseUrl: "https://api.example.com" }
  mixed_needsCode:
    authorization: none
`;

let scratch: string;
let upstream: Awaited<ReturnType<typeof listen>>;
let elsewhere: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'toolscope-serve-'));
  elsewhere = await listen((_url, res) => res.writeHead(200).end('{}'));
  upstream = await listen((url, res) => {
    const json = (status: number, body: unknown, headers = {}) =>
      res
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(body));
    if (url === '/api/v1/redirect')
      res.writeHead(302, { location: `${elsewhere.origin}/steal` }).end();
    else if (url === '/api/v1/status/401') json(401, { error: 'bad key' });
    else if (url === '/api/v1/status/403')
      json(403, {}, { 'www-authenticate': 'Bearer error="insufficient_scope"' });
    else if (url === '/api/v1/status/404') json(404, { error: 'not found' });
    else if (url === '/v2/me') json(200, { me: 'alice' });
    else json(200, { order: { id: decodeURIComponent(url.split('/').at(-1) ?? '') } });
  });
  await writeFile(path.join(scratch, 'gateway.yaml'), MANIFEST);
  await writeFile(path.join(scratch, 'mixed.yaml'), HANDWRITTEN);
  await writeFile(
    path.join(scratch, 'toolscope.config.json'),
    JSON.stringify({
      manifests: ['gateway.yaml'],
      serve: {
        logLevel: 'warn',
        providers: {
          orders: { resource: `${upstream.origin}/api/v1` },
          acme: { resource: `${upstream.origin}/v2` },
        },
      },
    }),
  );
});

afterAll(async () => {
  await upstream?.close();
  await elsewhere?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** Starts `toolscope serve --http 0` and resolves with the URL it prints. */
function startServe(
  args: readonly string[],
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--http', '0', ...args], {
    cwd: scratch,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err += String(c);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 20_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += String(c);
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string, stderr: () => err });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${err}`));
    });
  });
}

function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: scratch, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

async function callError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as { code: number; data: Record<string, unknown> };
  }
  throw new Error('expected a JSON-RPC error');
}

describe('toolscope serve --http 0', () => {
  let served: Awaited<ReturnType<typeof startServe>>;
  let client: Client;
  beforeAll(async () => {
    served = await startServe([]);
    client = new Client({ name: 'serve-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(served.url)));
  }, 30_000);
  afterAll(async () => {
    await client?.close();
    served?.child.kill('SIGTERM');
  });

  it('binds 127.0.0.1 and lists the declarative tools with their authorization', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'gateway_getOrder',
      'gateway_me',
      'gateway_redirect',
      'gateway_status',
    ]);
    const get = tools.find((t) => t.name === 'gateway_getOrder');
    expect(get?._meta?.['io.toolscope/authorization']).toMatchObject({
      method: 'apiKey',
      provider: { id: 'orders' },
    });
  });

  it("forwards the caller's key to the loopback upstream in the provider header, and a bearer for oauth2", async () => {
    upstream.seen.length = 0;
    const result = await client.callTool({
      name: 'gateway_getOrder',
      arguments: { orderId: 'o-42' },
      _meta: callMeta({ method: 'apiKey', token: KEY }),
    });
    expect(result.structuredContent).toEqual({ order: { id: 'o-42' } });
    expect(upstream.seen).toEqual([
      expect.objectContaining({
        url: '/api/v1/orders/o-42',
        headers: expect.objectContaining({ 'x-api-key': KEY }),
      }),
    ]);
    const me = await client.callTool({
      name: 'gateway_me',
      arguments: {},
      _meta: callMeta({ method: 'oauth2', token: BEARER }),
    });
    expect(me.isError).toBeFalsy();
    expect(upstream.seen[1]?.headers['authorization']).toBe(`Bearer ${BEARER}`);
    expect(JSON.stringify([result, me])).not.toContain(KEY);
  });

  it('never sends the key to another origin: not on a redirect, not for an absolute URL in input', async () => {
    const redirected = await client.callTool({
      name: 'gateway_redirect',
      arguments: {},
      _meta: callMeta({ method: 'apiKey', token: KEY }),
    });
    expect(redirected.isError).toBe(true);
    const absolute = await client.callTool({
      name: 'gateway_getOrder',
      arguments: { orderId: `${elsewhere.origin}/steal` },
      _meta: callMeta({ method: 'apiKey', token: KEY }),
    });
    expect(absolute.structuredContent).toEqual({ order: { id: `${elsewhere.origin}/steal` } });
    const dotted = await client.callTool({
      name: 'gateway_getOrder',
      arguments: { orderId: '../../../steal' },
      _meta: callMeta({ method: 'apiKey', token: KEY }),
    });
    expect(dotted.isError).toBeFalsy();
    expect(upstream.seen.at(-1)?.url).toBe('/api/v1/orders/..%2F..%2F..%2Fsteal');
    expect(elsewhere.seen).toEqual([]);
  });

  it('answers -32001 without a token', async () => {
    const error = await callError(
      client.callTool({ name: 'gateway_getOrder', arguments: { orderId: 'o-1' } }),
    );
    expect(error.code).toBe(-32001);
    expect(error.data['error']).toBe('missing_token');
  });

  it('answers -32003 when the upstream says 401 or 403, and a tool error on 404', async () => {
    const meta = { _meta: callMeta({ method: 'apiKey', token: KEY }) };
    const rejected = await callError(
      client.callTool({ name: 'gateway_status', arguments: { code: '401' }, ...meta }),
    );
    expect([rejected.code, rejected.data['error']]).toEqual([-32003, 'invalid_token']);
    const forbidden = await callError(
      client.callTool({ name: 'gateway_status', arguments: { code: '403' }, ...meta }),
    );
    expect([forbidden.code, forbidden.data['error']]).toEqual([-32003, 'insufficient_scope']);
    const missing = await client.callTool({
      name: 'gateway_status',
      arguments: { code: '404' },
      ...meta,
    });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toContain('HTTP 404');
  });

  it('logs no credential', () => {
    expect(served.stderr()).not.toContain(KEY);
    expect(served.stderr()).not.toContain(BEARER);
  });

  it('stops gracefully on SIGTERM with exit 0', async () => {
    const other = await startServe([]);
    const exited = new Promise<number | null>((r) => other.child.once('exit', (code) => r(code)));
    other.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});

describe('toolscope serve refuses', () => {
  it('a manifest with a tool that is not declarative, naming it and where', async () => {
    const { code, stderr } = await run(['serve', '--http', '0', 'mixed.yaml']);
    expect(code).toBe(1);
    expect(stderr).toContain('mixed_needsCode (mixed.yaml:8:3)');
    expect(stderr).toContain('no http mapping');
    expect(stderr).not.toContain('mixed_ok (');
  });

  it('a serve config with an unknown key or a bad value, with its pointer', async () => {
    await writeFile(
      path.join(scratch, 'bad.config.json'),
      JSON.stringify({ manifests: ['gateway.yaml'], serve: { prot: 1 } }),
    );
    const typo = await run(['serve', '--config', 'bad.config.json']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('(at /serve/prot)');
    expect(typo.stderr).toContain('did you mean "port"?');
    await writeFile(
      path.join(scratch, 'bad2.config.json'),
      JSON.stringify({
        manifests: ['gateway.yaml'],
        serve: { providers: { orders: { resource: 'ftp://x' } } },
      }),
    );
    const value = await run(['serve', '--config', 'bad2.config.json']);
    expect(value.code).toBe(1);
    expect(value.stderr).toContain('(at /serve/providers/orders/resource)');
    await writeFile(
      path.join(scratch, 'bad3.config.json'),
      JSON.stringify({ manifests: ['gateway.yaml'], serve: { providers: { ordrs: {} } } }),
    );
    const unknown = await run(['serve', '--config', 'bad3.config.json']);
    expect(unknown.stderr).toContain('serve.providers names "ordrs"');
  });

  it('--http and --stdio together, and a port that is not a number', async () => {
    expect((await run(['serve', '--http', '0', '--stdio'])).code).toBe(2);
    const bad = await run(['serve', '--http', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--http takes a port number');
  });
});
