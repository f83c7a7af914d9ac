import { createServer, type IncomingHttpHeaders, type Server as NodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { McpServer } from '@modelcontextprotocol/server';
import { callMeta, type ToolDefinition, ToolscopeError } from '@toolscope/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CANARY, captureLogs } from '../test/fixtures.js';
import { type HttpServeHandle, registerTools, serveHttp } from './sdk-v2/index.js';
import type { RegistrableTool } from './types.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A real HTTP server on 127.0.0.1 that records every request and answers by path. */
async function listen(
  answer: (req: Seen, res: import('node:http').ServerResponse) => void,
): Promise<{ origin: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: NodeServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      answer(entry, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const json = (
  res: import('node:http').ServerResponse,
  status: number,
  body: unknown,
  headers = {},
) =>
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body));

let upstream: Awaited<ReturnType<typeof listen>>;
let elsewhere: Awaited<ReturnType<typeof listen>>;
let mcp: HttpServeHandle;
let client: Client;
const logs = captureLogs();

const ORDER = { id: 'o-1', status: 'pending', lines: [{ sku: 'SKU-1', quantity: 1 }] };

function route(req: Seen, res: import('node:http').ServerResponse): void {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname;
  if (path === '/api/v1/redirect') {
    res.writeHead(302, { location: `${elsewhere.origin}/steal` }).end();
  } else if (path.startsWith('/api/v1/status/')) {
    const status = Number(path.slice('/api/v1/status/'.length));
    json(
      res,
      status,
      { message: `status ${status} body` },
      status === 403 ? { 'www-authenticate': 'Bearer error="insufficient_scope"' } : {},
    );
  } else if (path === '/api/v1/slow') {
    setTimeout(() => json(res, 200, { order: ORDER }), 1500).unref();
  } else if (path === '/api/v1/big') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(`{"order":${JSON.stringify(ORDER)},"pad":"`);
    res.write('x'.repeat(4000));
    res.end('"}');
  } else if (path === '/api/v1/big-declared') {
    json(res, 200, { order: ORDER, pad: 'y'.repeat(4000) });
  } else if (path === '/api/v1/gzip-bomb') {
    // 2 KiB on the wire with a Content-Length, 200 KB once decoded.
    const packed = gzipSync(JSON.stringify({ order: ORDER, pad: 'z'.repeat(200_000) }));
    res
      .writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': packed.length,
      })
      .end(packed);
  } else if (path === '/api/v1/not-json') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
  } else if (path === '/api/v1/wrong-shape') {
    json(res, 200, { order: { id: 7 } });
  } else if (req.method === 'POST' || req.method === 'PUT') {
    json(res, 201, { order: { ...ORDER, received: JSON.parse(req.body || 'null') } });
  } else {
    json(res, 200, {
      data: { order: { ...ORDER, id: decodeURIComponent(path.split('/').at(-1) ?? '') } },
    });
  }
}

const provider = () => ({
  id: 'orders',
  type: 'apiKey' as const,
  resource: `${upstream.origin}/api/v1`,
  headerName: 'X-Api-Key',
});

const orderOutput = {
  type: 'object',
  properties: {
    order: {
      type: 'object',
      properties: { id: { type: 'string' }, status: { type: 'string' } },
      required: ['id', 'status'],
    },
  },
  required: ['order'],
} as const;

function tool(
  name: string,
  http: NonNullable<ToolDefinition['http']> | undefined,
  extra: Partial<ToolDefinition> = {},
): ToolDefinition {
  return {
    name,
    inputSchema: {
      type: 'object',
      properties: {
        orderId: { type: 'string' },
        expand: { type: 'boolean' },
        status: { type: 'array', items: { type: 'string' } },
        tag: { type: 'string' },
        lines: { type: 'array', items: { type: 'object' } },
        note: { type: 'string' },
      },
    },
    outputSchema: orderOutput,
    requirement: {
      method: 'apiKey',
      provider: {
        id: 'orders',
        resource: 'https://orders.invalid/api/v1',
        headerName: 'X-Api-Key',
      },
    },
    ...(http === undefined ? {} : { http }),
    ...extra,
  };
}

function tools(): RegistrableTool[] {
  return [
    {
      definition: tool('get', {
        method: 'GET',
        path: '/orders/{orderId}',
        query: { expand: 'expand', status: 'status' },
        headers: { 'X-Request-Tag': 'tag' },
        response: { pointer: '/data' },
      }),
    },
    {
      definition: tool('create', { method: 'POST', path: '/orders/{orderId}/lines', body: 'rest' }),
    },
    {
      definition: tool('replace', { method: 'PUT', path: '/orders', body: { property: 'lines' } }),
    },
    { definition: tool('redirect', { method: 'GET', path: '/redirect' }) },
    {
      definition: tool('status', {
        method: 'GET',
        path: '/status/{orderId}',
        response: { toolErrors: ['404'] },
      }),
    },
    { definition: tool('slow', { method: 'GET', path: '/slow', timeoutMs: 200 }) },
    { definition: tool('big', { method: 'GET', path: '/big', maxResponseBytes: 1000 }) },
    {
      definition: tool('bigDeclared', {
        method: 'GET',
        path: '/big-declared',
        maxResponseBytes: 1000,
      }),
    },
    {
      definition: tool('gzipBomb', { method: 'GET', path: '/gzip-bomb', maxResponseBytes: 10_000 }),
    },
    { definition: tool('notJson', { method: 'GET', path: '/not-json' }) },
    { definition: tool('wrongShape', { method: 'GET', path: '/wrong-shape' }) },
    {
      definition: tool('overridden', { method: 'GET', path: '/orders/{orderId}' }),
      handler: async () => ({ order: { id: 'from-handler', status: 'pending' } }),
    },
    {
      definition: tool(
        'open',
        {
          method: 'GET',
          path: '/orders/{orderId}',
          baseUrl: 'https://replaced.invalid',
          response: { pointer: '/data' },
        },
        { requirement: { method: 'none' } },
      ),
    },
  ];
}

beforeAll(async () => {
  upstream = await listen(route);
  elsewhere = await listen((_req, res) => json(res, 200, { stolen: true }));
  const list = tools().map((t) =>
    t.definition.name === 'open'
      ? {
          definition: {
            ...t.definition,
            http: { ...t.definition.http!, baseUrl: `${upstream.origin}/api/v1` },
          },
        }
      : t,
  );
  mcp = await serveHttp({
    createServer: () => {
      const server = new McpServer({ name: 'http-tools', version: '1.0.0' });
      registerTools(server, list, { logger: logs.logger, providers: { orders: provider() } });
      return server;
    },
    logger: logs.logger,
  });
  client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url)));
});

afterAll(async () => {
  await client?.close();
  await mcp?.close();
  await upstream?.close();
  await elsewhere?.close();
});

beforeEach(() => {
  upstream.seen.length = 0;
  elsewhere.seen.length = 0;
});

const withKey = { _meta: callMeta({ method: 'apiKey', token: CANARY }) };

async function call(name: string, args: Record<string, unknown> = {}, meta: object = withKey) {
  return (await client.callTool({ name, arguments: args, ...meta })) as Record<string, unknown>;
}

async function callError(name: string, args: Record<string, unknown> = {}, meta: object = withKey) {
  try {
    await client.callTool({ name, arguments: args, ...meta });
  } catch (error) {
    return error as { code: number; data: Record<string, unknown> };
  }
  throw new Error('expected a JSON-RPC error');
}

const textOf = (result: Record<string, unknown>) =>
  ((result['content'] as { text: string }[])[0] ?? { text: '' }).text;

describe('a declarative HTTP tool', () => {
  it('maps path, query (arrays repeat) and headers, sends the key in the provider header, and selects the pointer', async () => {
    const result = await call('get', {
      orderId: 'A 1/é',
      expand: true,
      status: ['pending', 'shipped'],
      tag: 'team-7',
    });
    expect(upstream.seen).toHaveLength(1);
    const [seen] = upstream.seen;
    expect(seen?.method).toBe('GET');
    expect(seen?.url).toBe(
      '/api/v1/orders/A%201%2F%C3%A9?expand=true&status=pending&status=shipped',
    );
    expect(seen?.headers['x-api-key']).toBe(CANARY);
    expect(seen?.headers['x-request-tag']).toBe('team-7');
    expect(seen?.headers['authorization']).toBeUndefined();
    expect(result['isError']).toBeUndefined();
    expect(result['structuredContent']).toEqual({ order: { ...ORDER, id: 'A 1/é' } });
    expect(JSON.parse(textOf(result))).toEqual({ order: { ...ORDER, id: 'A 1/é' } });
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('leaves absent optional properties out of the query', async () => {
    await call('get', { orderId: 'o-2' });
    expect(upstream.seen[0]?.url).toBe('/api/v1/orders/o-2');
  });

  it('sends the rest of the input as the JSON body, and a property as the body', async () => {
    const created = await call('create', { orderId: 'o-3', lines: [{ sku: 'A' }], note: 'n' });
    expect(upstream.seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/orders/o-3/lines' });
    expect(upstream.seen[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(upstream.seen[0]?.body ?? '')).toEqual({ lines: [{ sku: 'A' }], note: 'n' });
    expect(created['structuredContent']).toMatchObject({
      order: { received: { lines: [{ sku: 'A' }], note: 'n' } },
    });
    await call('replace', { lines: [{ sku: 'B' }], note: 'ignored' });
    expect(upstream.seen[1]).toMatchObject({ method: 'PUT', url: '/api/v1/orders' });
    expect(JSON.parse(upstream.seen[1]?.body ?? '')).toEqual([{ sku: 'B' }]);
  });

  it('does not follow a redirect to another origin: the key never goes there', async () => {
    const result = await call('redirect');
    expect(result['isError']).toBe(true);
    expect(textOf(result)).toContain('HTTP 302');
    expect(elsewhere.seen).toEqual([]);
    expect(upstream.seen).toHaveLength(1);
  });

  it('keeps absolute URLs, "../" and encoded slashes in input inside the path, on the origin', async () => {
    for (const orderId of [
      `${elsewhere.origin}/steal`,
      '//evil.example/x',
      '../../admin',
      '..%2f..%2fadmin',
      '?x=1#y',
    ]) {
      const result = await call('get', { orderId });
      expect(result['isError']).toBeUndefined();
      expect(result['structuredContent']).toMatchObject({ order: { id: orderId } });
    }
    expect(upstream.seen.map((s) => s.url)).toEqual([
      `/api/v1/orders/${encodeURIComponent(`${elsewhere.origin}/steal`)}`,
      '/api/v1/orders/%2F%2Fevil.example%2Fx',
      '/api/v1/orders/..%2F..%2Fadmin',
      '/api/v1/orders/..%252f..%252fadmin',
      '/api/v1/orders/%3Fx%3D1%23y',
    ]);
    expect(elsewhere.seen).toEqual([]);
  });

  it('refuses a path value that would be a dot or empty segment, without sending anything', async () => {
    for (const orderId of ['..', '.', '']) {
      const result = await call('get', { orderId });
      expect(result['isError']).toBe(true);
    }
    expect(upstream.seen).toEqual([]);
  });

  it('answers -32001 without a token, and calls nothing', async () => {
    const error = await callError('get', { orderId: 'o-1' }, {});
    expect(error.code).toBe(-32001);
    expect(error.data['error']).toBe('missing_token');
    expect(upstream.seen).toEqual([]);
  });

  it('turns an upstream 401 into -32003 invalid_token and a 403 challenge into insufficient_scope', async () => {
    const rejected = await callError('status', { orderId: '401' });
    expect(rejected.code).toBe(-32003);
    expect(rejected.data['error']).toBe('invalid_token');
    const forbidden = await callError('status', { orderId: '403' });
    expect(forbidden.code).toBe(-32003);
    expect(forbidden.data['error']).toBe('insufficient_scope');
    expect(JSON.stringify([rejected, forbidden])).not.toContain(CANARY);
  });

  it('answers 404 and 500 as tool errors naming the status', async () => {
    const missing = await call('status', { orderId: '404' });
    expect(missing['isError']).toBe(true);
    expect(textOf(missing)).toBe(
      'The upstream answered HTTP 404 Not Found: {"message":"status 404 body"}',
    );
    // 500 is not in this tool's toolErrors: still a tool error with the status, without the body.
    const failed = await call('status', { orderId: '500' });
    expect(failed['isError']).toBe(true);
    expect(textOf(failed)).toBe('The upstream answered HTTP 500 Internal Server Error.');
  });

  it('gives up after timeoutMs with a tool error', async () => {
    const result = await call('slow');
    expect(result['isError']).toBe(true);
    expect(textOf(result)).toContain('did not answer within 200 ms');
  });

  it('caps the response size, with and without a Content-Length', async () => {
    for (const name of ['big', 'bigDeclared']) {
      const result = await call(name);
      expect(result['isError']).toBe(true);
      expect(textOf(result)).toContain('larger than 1000 bytes');
    }
    // A small compressed body is counted as it inflates, not by its Content-Length.
    const bomb = await call('gzipBomb');
    expect(bomb['isError']).toBe(true);
    expect(textOf(bomb)).toContain('larger than 10000 bytes');
  });

  it('answers a non-JSON body as a tool error, and validates the output against the output schema', async () => {
    const notJson = await call('notJson');
    expect(notJson['isError']).toBe(true);
    expect(textOf(notJson)).toContain('is not JSON');
    const error = await callError('wrongShape');
    expect(error.code).toBe(-32603);
  });

  it('lets a handler override the mapping', async () => {
    const result = await call('overridden', { orderId: 'o-1' });
    expect(result['structuredContent']).toEqual({
      order: { id: 'from-handler', status: 'pending' },
    });
    expect(upstream.seen).toEqual([]);
  });

  it('sends a none tool to its baseUrl, with no credential', async () => {
    const result = await call('open', { orderId: 'o-9' }, {});
    expect(result['structuredContent']).toMatchObject({ order: { id: 'o-9' } });
    expect(upstream.seen[0]?.url).toBe('/api/v1/orders/o-9');
    expect(upstream.seen[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('never lists the mapping in tools/list', async () => {
    const { tools: listed } = await client.listTools();
    expect(listed.map((t) => t.name)).toContain('get');
    expect(JSON.stringify(listed)).not.toContain('/orders/{orderId}');
  });

  it('refuses to register a tool with neither a handler nor a mapping', () => {
    const server = new McpServer({ name: 'x', version: '1.0.0' });
    const { http: _none, ...definition } = tool('bare', undefined);
    expect(() => registerTools(server, [{ definition }])).toThrow(ToolscopeError);
    expect(() => registerTools(server, [{ definition }])).toThrow(
      /neither a handler nor an http mapping/,
    );
  });
});
