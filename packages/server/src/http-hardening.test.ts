import { createServer } from 'node:net';
import { McpServer } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { serveHttp } from './sdk-v2/index.js';
import type { VerifiedClaims } from './types.js';

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const build = () => new McpServer({ name: 'hardening', version: '1' });

describe('class 7, a failed start leaks nothing: serveHttp', () => {
  it('closes the port it bound when the endpoint cannot be built (a misconfigured verifier)', async () => {
    const port = await freePort();
    await expect(
      serveHttp({
        createServer: build,
        port,
        connectionAuth: {
          resource: `http://127.0.0.1:${port}/mcp`,
          issuer: 'http://127.0.0.1:9/self',
          authorizationServers: ['http://127.0.0.1:9/self'],
          // Plain JS callers are not held to the type: an opaque connection verifier is refused.
          verifier: { kind: 'opaque' } as never,
          tools: [],
        },
      }),
    ).rejects.toMatchObject({ code: 'VERIFIER_MISCONFIGURED' });
    // The port is free again: nothing answers 503 there or keeps the process alive.
    const again = createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });
});

describe('class 5, sessions are bound to the whole principal (session mode, real HTTP)', () => {
  it('never lets a client-credentials token of another client into a session, though neither has a sub', async () => {
    // Two client-credentials tokens: same issuer, no subject, different clients.
    const claims: Record<string, VerifiedClaims> = {
      'token-of-client-a': { scopes: [], clientId: 'client-a', verifiedBy: 'custom' },
      'token-of-client-b': { scopes: [], clientId: 'client-b', verifiedBy: 'custom' },
    };
    const http = await serveHttp({
      createServer: build,
      mode: 'session',
      connectionAuth: (origin) => ({
        resource: `${origin}/mcp`,
        issuer: 'http://127.0.0.1:9/self',
        authorizationServers: ['http://127.0.0.1:9/self'],
        verifier: {
          kind: 'custom',
          dependsOn: 'token',
          verify: (token) => {
            const found = claims[token];
            if (found === undefined) throw new Error('unknown token');
            return found;
          },
        },
        tools: [],
      }),
    });
    const post = (token: string, body: unknown, session?: string) =>
      fetch(http.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-06-18',
          ...(session === undefined ? {} : { 'mcp-session-id': session }),
        },
        body: JSON.stringify(body),
      });
    try {
      const opened = await post('token-of-client-a', {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'a', version: '1' },
        },
      });
      expect(opened.status).toBe(200);
      const session = opened.headers.get('mcp-session-id');
      expect(session).toEqual(expect.any(String));
      await opened.text();
      const ping = { jsonrpc: '2.0', id: 2, method: 'ping' };
      const own = await post('token-of-client-a', ping, session!);
      expect(own.status).toBe(200);
      await own.text();
      const other = await post('token-of-client-b', ping, session!);
      expect(other.status).toBe(404);
      expect(await other.json()).toMatchObject({ error: { message: 'Session not found' } });
    } finally {
      await http.close();
    }
  });
});
