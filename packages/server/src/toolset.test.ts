import { Client as ClientV2, InMemoryTransport as MemoryV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport as MemoryV1 } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer as McpServerV1 } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpServer as McpServerV2 } from '@modelcontextprotocol/server';
import type { ToolDefinition } from '@toolscope/core';
import { describe, expect, it } from 'vitest';
import { ServerError } from './errors.js';
import { registerToolset as registerV1 } from './sdk-v1/register-entry.js';
import { registerToolset as registerV2 } from './sdk-v2/register-entry.js';
import type { GeneratedToolset } from './toolset.js';
import type { TokenToolContext } from './types.js';

const provider = { id: 'svc', issuer: 'https://id.example', resource: 'https://api.example' };
const definitions: Record<string, ToolDefinition> = {
  'svc.whoami': {
    name: 'svc.whoami',
    inputSchema: { type: 'object', properties: { n: { type: 'number' } } },
    requirement: { method: 'oauth2', requiredScopes: ['read'], provider },
  },
  svc_ping: {
    name: 'svc_ping',
    inputSchema: { type: 'object', properties: {} },
    requirement: { method: 'none' },
  },
};
// As a generated package declares them: the manifest's verifier is a JWKS that does not exist,
// so a call succeeds only when the app's own provider (opaque) wins.
const toolset: GeneratedToolset = {
  definitions,
  handlerKeys: { 'svc.whoami': 'svcWhoami', svc_ping: 'svcPing' },
  providers: {
    svc: {
      ...provider,
      type: 'oauth2',
      verifier: { kind: 'jwt', jwksUri: 'http://127.0.0.1:9/none', algorithms: ['RS256'] },
    },
  },
};
const handlers = {
  svcWhoami: (input: { n?: number }, ctx: TokenToolContext<'oauth2'>) => ({
    content: [{ type: 'text' as const, text: `n=${input.n} token=${ctx.token.length}` }],
  }),
  svcPing: () => ({ content: [{ type: 'text' as const, text: 'pong' }] }),
};
const appProviders = {
  svc: { ...provider, type: 'oauth2' as const, verifier: { kind: 'opaque' as const } },
};

async function connect(line: 'v1' | 'v2', register: (server: McpServerV1 | McpServerV2) => void) {
  if (line === 'v1') {
    const server = new McpServerV1({ name: 't', version: '1' });
    register(server);
    const [a, b] = MemoryV1.createLinkedPair();
    await server.connect(a);
    const client = new ClientV1({ name: 'c', version: '1' });
    await client.connect(b);
    return (args: Parameters<ClientV1['callTool']>[0]) => client.callTool(args);
  }
  const server = new McpServerV2({ name: 't', version: '1' });
  register(server);
  const [a, b] = MemoryV2.createLinkedPair();
  await server.connect(a);
  const client = new ClientV2({ name: 'c', version: '1' });
  await client.connect(b);
  return (args: Parameters<ClientV2['callTool']>[0]) => client.callTool(args);
}

const serverFor = (line: 'v1' | 'v2') =>
  line === 'v1'
    ? new McpServerV1({ name: 't', version: '1' })
    : new McpServerV2({ name: 't', version: '1' });

const text = (result: unknown) =>
  (result as { content: { text?: string }[] }).content.map((c) => c.text).join('');

describe.each([
  ['v1', registerV1],
  ['v2', registerV2],
] as const)(
  'registerToolset on SDK %s (real McpServer and Client, in memory)',
  (line, register) => {
    it("serves each tool with the handler its key names, the app's providers over the toolset's", async () => {
      const call = await connect(line, (server) =>
        register(server, toolset, handlers, { providers: appProviders }),
      );
      const whoami = await call({
        name: 'svc.whoami',
        arguments: { n: 2 },
        _meta: { authorization: { method: 'oauth2', token: 'tok-12345' } },
      });
      expect(text(whoami)).toBe('n=2 token=9');
      expect(text(await call({ name: 'svc_ping', arguments: {} }))).toBe('pong');
    });

    it("uses the toolset's providers when the app gives none (here: a JWKS that cannot verify)", async () => {
      const call = await connect(line, (server) => register(server, toolset, handlers));
      const refused = call({
        name: 'svc.whoami',
        arguments: {},
        _meta: { authorization: { method: 'oauth2', token: 'tok-12345' } },
      });
      await expect(refused).rejects.toMatchObject({ code: -32003 });
    });

    it('refuses a handler key naming a tool the toolset does not define', async () => {
      const edited = { ...toolset, handlerKeys: { ...toolset.handlerKeys, svc_pnig: 'svcPing' } };
      const server = serverFor(line);
      const attempt = () => register(server, edited, handlers);
      expect(attempt).toThrow(ServerError);
      expect(attempt).toThrow(/names the tool "svc_pnig", which the toolset does not define/);
    });

    it('refuses a missing handler for a tool without an http mapping', async () => {
      const server = serverFor(line);
      expect(() => register(server, toolset, { svcPing: handlers.svcPing })).toThrow(/svc\.whoami/);
    });
  },
);
