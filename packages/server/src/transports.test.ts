import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { type AuthServerHandle, startAuthServer } from '@toolscope/auth-server';
import { AUTH_ERROR_REASONS, type ToolDefinition } from '@toolscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, captureLogs } from '../test/fixtures.js';
import {
  type HttpServeHandle,
  registerTools,
  serveHttp,
  type ToolscopeServerOptions,
} from './sdk-v1/index.js';

const logs = captureLogs();
let as: AuthServerHandle;
let mcp: HttpServeHandle;
let sessions: HttpServeHandle;
let port: number;
let resource: string;

const notesRead: ToolDefinition = {
  name: 'notes_read',
  inputSchema: { type: 'object' },
  requirement: { method: 'oauth2', requiredScopes: ['notes:read'], provider: { id: 'self' } },
};
const notesWrite: ToolDefinition = {
  name: 'notes_write',
  inputSchema: { type: 'object' },
  requirement: {
    method: 'oauth2',
    requiredScopes: ['notes:read', 'notes:write'],
    provider: { id: 'self' },
  },
};
const zoom: ToolDefinition = {
  name: 'zoom_list',
  inputSchema: { type: 'object' },
  requirement: {
    method: 'oauth2',
    requiredScopes: ['meeting:read'],
    provider: { id: 'zoom', resource: 'https://api.zoom.example' },
  },
};
const tools = [notesRead, notesWrite, zoom].map((definition) => ({
  definition,
  handler: (
    _input: unknown,
    ctx: { token: string; claims?: { verifiedBy: string; subject?: string } },
  ) => ({
    content: [
      {
        type: 'text' as const,
        text: `${ctx.claims?.verifiedBy ?? 'opaque'} ${ctx.claims?.subject ?? '-'} ${ctx.token.length}`,
      },
    ],
  }),
}));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port: p } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return p;
}

beforeAll(async () => {
  port = await freePort();
  resource = `http://127.0.0.1:${port}/mcp`;
  as = await startAuthServer({
    issuers: [
      { id: 'self', resources: [{ indicator: resource, scopes: ['notes:read', 'notes:write'] }] },
    ],
  });
  const options: ToolscopeServerOptions = { logger: logs.logger, filterToolsListByScope: true };
  const connectionAuth = {
    resource,
    issuer: as.issuer('self'),
    authorizationServers: [as.issuer('self')],
    verifier: { kind: 'jwt' as const, jwksUri: `${as.issuer('self')}/jwks`, algorithms: ['RS256'] },
    tools,
  };
  const createServer = () => {
    const server = new Server({ name: 'http', version: '1.0.0' }, { capabilities: {} });
    registerTools(server, tools, options);
    return server;
  };
  mcp = await serveHttp({
    port,
    createServer,
    connectionAuth,
    maxBodyBytes: 4096,
    logger: logs.logger,
  });
  sessions = await serveHttp({
    mode: 'session',
    createServer,
    connectionAuth: { ...connectionAuth, resource },
  });
});
afterAll(async () => {
  await mcp.close();
  await sessions.close();
  await as.close();
});

const userToken = async (user: string, scopes: string[]) =>
  (await as.issueToken({ issuer: 'self', user, scopes, resource })).access_token;

const call = (name: string) =>
  JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: {} } });

function post(body: string, token?: string, url = mcp.url) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body,
  });
}

async function connect(
  token: string,
  url = mcp.url,
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'c', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

describe('spec-native mode over Streamable HTTP', () => {
  const metadata = () => `http://127.0.0.1:${port}/.well-known/oauth-protected-resource`;

  it('answers 401 with a challenge without a token, and with invalid_token for a bad one', async () => {
    const none = await post(call('notes_read'));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${metadata()}"`);
    const bad = await post(call('notes_read'), CANARY);
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toBe(
      `Bearer error="invalid_token", resource_metadata="${metadata()}"`,
    );
    expect(await bad.text()).not.toContain(CANARY);
  });

  it('answers 403 naming every scope the called tool needs', async () => {
    const res = await post(call('notes_write'), await userToken('alice', ['notes:read']));
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", scope="notes:read notes:write", resource_metadata="${metadata()}"`,
    );
  });

  it('serves the RFC 9728 metadata document', async () => {
    const doc = await (await fetch(metadata())).json();
    expect(doc).toEqual({
      resource,
      authorization_servers: [as.issuer('self')],
      scopes_supported: ['notes:read', 'notes:write'],
      bearer_methods_supported: ['header'],
    });
    expect((await fetch(`${metadata()}/mcp`)).status).toBe(200);
  });

  it('lets an SDK client call self tools with the connection token and filters tools/list', async () => {
    const { client } = await connect(await userToken('alice', ['notes:read']));
    const names = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(['notes_read', 'zoom_list']);
    const result = await client.callTool({ name: 'notes_read', arguments: {} });
    expect((result.content as { text: string }[])[0]!.text).toMatch(/^connection alice \d+$/);
    const missing = await client
      .callTool({ name: 'zoom_list', arguments: {} })
      .catch((e: unknown) => e as { code: number; data: unknown });
    expect(missing).toMatchObject({
      code: -32001,
      data: { tool: 'zoom_list', error: 'missing_token' },
    });
    const opaque = await client.callTool({
      name: 'zoom_list',
      arguments: {},
      _meta: { authorization: { method: 'oauth2', token: CANARY } },
    });
    expect((opaque.content as { text: string }[])[0]!.text).toBe(`opaque - ${CANARY.length}`);
    await client.close();
  });

  it('refuses a foreign Host header and an oversized body', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        mcp.url,
        { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(call('notes_read'));
    });
    expect(status).toBe(403);
    const big = await post(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(5000) } }),
    );
    expect(big.status).toBe(413);
  });
});

describe('self tools over HTTP without a connection token', () => {
  it('refuses _meta.authorization for a self tool (missing_token), and still takes it for others', async () => {
    const plain = await serveHttp({
      createServer: () => {
        const server = new Server({ name: 'plain', version: '1.0.0' }, { capabilities: {} });
        registerTools(server, tools, { logger: logs.logger });
        return server;
      },
    });
    const transport = new StreamableHTTPClientTransport(new URL(plain.url));
    const client = new Client({ name: 'c', version: '1.0.0' });
    try {
      await client.connect(transport);
      const _meta = { authorization: { method: 'oauth2', token: CANARY } };
      const refused = await client
        .callTool({ name: 'notes_read', arguments: {}, _meta })
        .catch((e: unknown) => e as { code: number; data: unknown });
      expect(refused).toMatchObject({
        code: -32001,
        data: {
          tool: 'notes_read',
          error: 'missing_token',
          reason: AUTH_ERROR_REASONS.connectionTokenRequired,
        },
      });
      expect(JSON.stringify(refused)).not.toContain(CANARY);
      const zoomResult = await client.callTool({ name: 'zoom_list', arguments: {}, _meta });
      expect((zoomResult.content as { text: string }[])[0]!.text).toBe(`opaque - ${CANARY.length}`);
    } finally {
      await client.close();
      await plain.close();
    }
  });
});

describe('session mode', () => {
  it('keeps sessions per user and never lets another user in', async () => {
    const alice = await connect(await userToken('alice', ['notes:read']), sessions.url);
    expect(alice.transport.sessionId).toEqual(expect.any(String));
    expect(sessions.endpoint.sessionCount()).toBe(1);
    const res = await fetch(sessions.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${await userToken('bob', ['notes:read'])}`,
        'mcp-session-id': alice.transport.sessionId!,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
    const result = await alice.client.callTool({ name: 'notes_read', arguments: {} });
    expect((result.content as { text: string }[])[0]!.text).toMatch(/^connection alice/);
    await alice.transport.terminateSession();
    await alice.client.close();
  });
});

describe('session mode bounds', () => {
  const initialize = (url: string) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'r', version: '1' },
        },
      }),
    });
  const bounded = (limits: { sessionIdleTimeoutMs?: number; maxSessions?: number }) =>
    serveHttp({
      mode: 'session',
      ...limits,
      createServer: () => {
        const server = new Server({ name: 'bounded', version: '1.0.0' }, { capabilities: {} });
        registerTools(server, tools, { logger: logs.logger });
        return server;
      },
    });

  it('answers 503 to an initialize beyond maxSessions, and has room again once one closes', async () => {
    const handle = await bounded({ maxSessions: 2 });
    try {
      const first = await initialize(handle.url);
      const second = await initialize(handle.url);
      expect([first.status, second.status]).toEqual([200, 200]);
      await Promise.all([first.body?.cancel(), second.body?.cancel()]);
      expect(handle.endpoint.sessionCount()).toBe(2);
      const third = await initialize(handle.url);
      expect(third.status).toBe(503);
      await third.body?.cancel();
      const id = first.headers.get('mcp-session-id')!;
      const closed = await fetch(handle.url, {
        method: 'DELETE',
        headers: { 'mcp-session-id': id },
      });
      expect(closed.status).toBe(200);
      expect(handle.endpoint.sessionCount()).toBe(1);
      const again = await initialize(handle.url);
      expect(again.status).toBe(200);
      await again.body?.cancel();
    } finally {
      await handle.close();
    }
  });

  it('closes a session idle for sessionIdleTimeoutMs, but not one in use', async () => {
    const handle = await bounded({ sessionIdleTimeoutMs: 300 });
    try {
      const busy = await connect('unused', handle.url);
      const idle = await initialize(handle.url);
      await idle.body?.cancel();
      const idleId = idle.headers.get('mcp-session-id')!;
      expect(handle.endpoint.sessionCount()).toBe(2);
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 120));
        await busy.client.listTools();
      }
      expect(handle.endpoint.sessionCount()).toBe(1);
      const gone = await fetch(handle.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': idleId,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      });
      expect(gone.status).toBe(404);
      await busy.client.close();
    } finally {
      await handle.close();
    }
  });
});

describe('session limits, continued', () => {
  const bounded = (limits: { sessionIdleTimeoutMs?: number; maxSessions?: number }) =>
    serveHttp({
      mode: 'session',
      ...limits,
      createServer: () => new Server({ name: 'bounded', version: '1.0.0' }, { capabilities: {} }),
    });

  it('closes an idle session even while its client holds the GET event stream open', async () => {
    const handle = await bounded({ sessionIdleTimeoutMs: 300 });
    try {
      // The SDK client opens the standalone GET stream after initialization and keeps it.
      const quiet = await connect('unused', handle.url);
      expect(handle.endpoint.sessionCount()).toBe(1);
      await new Promise((r) => setTimeout(r, 700));
      expect(handle.endpoint.sessionCount()).toBe(0);
      await quiet.client.close();
    } finally {
      await handle.close();
    }
  });

  it('refuses session limits setTimeout cannot honour', async () => {
    for (const sessionIdleTimeoutMs of [0, -1, Number.POSITIVE_INFINITY, 2 ** 31, 1.5]) {
      await expect(bounded({ sessionIdleTimeoutMs })).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
      });
    }
    for (const maxSessions of [0, Number.NaN, 2.5]) {
      await expect(bounded({ maxSessions })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    }
  });
});

describe('stdio', () => {
  it('takes a self tool token from _meta.authorization and never gives one to a none tool', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', fileURLToPath(new URL('../test/stdio-server.ts', import.meta.url))],
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'c', version: '1.0.0' });
    await client.connect(transport);
    const meta = { authorization: { method: 'oauth2', token: CANARY } };
    const missing = await client
      .callTool({ name: 'notes_read', arguments: {} })
      .catch((e: unknown) => e as { code: number });
    expect(missing).toMatchObject({ code: -32001 });
    const ok = await client.callTool({ name: 'notes_read', arguments: {}, _meta: meta });
    expect(ok.content).toEqual([{ type: 'text', text: `token length ${CANARY.length}` }]);
    const ping = await client.callTool({ name: 'ping', arguments: {}, _meta: meta });
    expect(ping.content).toEqual([{ type: 'text', text: 'no token' }]);
    await client.close();
  });
});

describe('canary over transports', () => {
  it('keeps the canary out of every log line', () => {
    expect(logs.lines.join('\n')).not.toContain(CANARY);
  });
});
