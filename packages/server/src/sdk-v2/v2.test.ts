import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpTransportV2,
} from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer, Server } from '@modelcontextprotocol/server';
import { AUTH_ERROR_REASONS, callMeta, META_AUTHORIZATION_KEY } from '@toolscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CANARY, captureLogs, definitions, startUpstream } from '../../test/fixtures.js';
import type { NoneToolContext, TokenToolContext } from '../types.js';
import {
  type HttpServeHandle,
  META_DENIAL_KEY,
  registerTools,
  serveHttp,
  TOOLSCOPE_EXTENSION_ID,
  type V2Server,
} from './index.js';

let upstream: Awaited<ReturnType<typeof startUpstream>>;
const logs = captureLogs();
/** What plain tools received as `_meta`, to prove the credential never reaches them. */
const plainMeta: unknown[] = [];

beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(() => upstream.close());

function toolscopeTools() {
  const d = definitions(upstream.origin);
  return [
    {
      definition: d.meetings,
      handler: async (_input: { userId: string }, ctx: TokenToolContext<'oauth2'>) => {
        await ctx.mcp.progress(1, 2, 'fetching');
        const res = await ctx.fetch('/v2/meetings');
        await ctx.mcp.progress(2, 2);
        return { ok: res.ok };
      },
    },
    {
      definition: d.echo,
      handler: async (input: { text?: string }, ctx: NoneToolContext) => {
        if (input.text === 'confirm') {
          const answer = ctx.mcp.inputResponses?.['confirm'] as
            | { action?: string; content?: { ok?: boolean } }
            | undefined;
          if (answer === undefined) {
            return ctx.mcp.requireInput({
              inputRequests: {
                confirm: {
                  method: 'elicitation/create',
                  params: {
                    mode: 'form',
                    message: 'Go ahead?',
                    requestedSchema: {
                      type: 'object',
                      properties: { ok: { type: 'boolean' } },
                      required: ['ok'],
                    },
                  },
                },
              },
            });
          }
          return { content: [{ type: 'text' as const, text: `answered ${answer.action}` }] };
        }
        return { content: [{ type: 'text' as const, text: `${ctx.mcp.era}:${input.text ?? ''}` }] };
      },
    },
  ];
}

/** A v2 McpServer with plain tools registered before and after toolscope's. */
function mcpServer(order: 'toolscope-first' | 'capabilities-first'): V2Server {
  const server = new McpServer(
    { name: 'v2-test', version: '1.0.0' },
    order === 'capabilities-first'
      ? { capabilities: { tools: {}, logging: {} } }
      : { capabilities: { logging: {} } },
  );
  if (order === 'capabilities-first') {
    server.registerTool('plain_before', { inputSchema: z.object({}) }, (_args, ctx) => {
      plainMeta.push(ctx.mcpReq._meta);
      return { content: [{ type: 'text', text: 'before' }] };
    });
  }
  registerTools(server, toolscopeTools(), { logger: logs.logger });
  server.registerTool('plain_after', { inputSchema: z.object({}) }, (_args, ctx) => {
    plainMeta.push(ctx.mcpReq._meta);
    return { content: [{ type: 'text', text: 'after' }] };
  });
  return server;
}

function lowLevelServer(): V2Server {
  const server = new Server({ name: 'v2-low', version: '1.0.0' }, { capabilities: {} });
  registerTools(server, toolscopeTools(), { logger: logs.logger });
  return server;
}

async function callError(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    return error as { code: number; data: unknown; message: string };
  }
  throw new Error('expected an error');
}

type AnyClient = {
  listTools(): Promise<{ tools: Record<string, unknown>[] }>;
  callTool(params: {
    name: string;
    arguments?: Record<string, unknown>;
    _meta?: Record<string, unknown>;
  }): Promise<Record<string, unknown>>;
  close(): Promise<void>;
};

async function connect(line: 'v1-client' | 'v2-client', url: string): Promise<AnyClient> {
  if (line === 'v2-client') {
    const client = new ClientV2(
      { name: 'v2-client', version: '1.0.0' },
      { versionNegotiation: { mode: 'auto' }, capabilities: { elicitation: { form: {} } } },
    );
    client.setRequestHandler('elicitation/create', async () => ({
      action: 'accept',
      content: { ok: true },
    }));
    await client.connect(new HttpTransportV2(new URL(url)));
    return client as unknown as AnyClient;
  }
  const client = new ClientV1({ name: 'v1-client', version: '1.0.0' });
  await client.connect(new HttpTransportV1(new URL(url)));
  return client as unknown as AnyClient;
}

describe.each([
  ['McpServer, toolscope first', () => mcpServer('toolscope-first')],
  [
    'McpServer built with capabilities.tools and a plain tool first',
    () => mcpServer('capabilities-first'),
  ],
  ['low-level Server', lowLevelServer],
] as const)('SDK v2 %s over stateless Streamable HTTP', (_label, build) => {
  let http: HttpServeHandle;
  beforeAll(async () => {
    http = await serveHttp({ createServer: build, logger: logs.logger });
  });
  afterAll(() => http.close());

  describe.each(['v2-client', 'v1-client'] as const)('with an unmodified %s', (line) => {
    let client: AnyClient;
    beforeAll(async () => {
      client = await connect(line, http.url);
    });
    afterAll(() => client.close());

    it('lists the tools with their requirement in _meta', async () => {
      const { tools } = await client.listTools();
      const meetings = tools.find((t) => t['name'] === 'zoom_listMeetings');
      expect(
        (meetings?.['_meta'] as Record<string, unknown> | undefined)?.[META_AUTHORIZATION_KEY],
      ).toMatchObject({
        method: 'oauth2',
        requiredScopes: ['meeting:read'],
      });
      const names = tools.map((t) => t['name']);
      expect(names).toContain('echo');
      if (build !== lowLevelServer) expect(names).toContain('plain_after');
      expect(names).not.toContain('toolscope.placeholder');
    });

    it('answers -32001 missing_token without a token', async () => {
      const error = await callError(() =>
        client.callTool({ name: 'zoom_listMeetings', arguments: { userId: 'me' } }),
      );
      expect(error.code).toBe(-32001);
      expect(error.data).toMatchObject({
        error: 'missing_token',
        tool: 'zoom_listMeetings',
        reason: AUTH_ERROR_REASONS.missingToken,
      });
    });

    it('calls through with a token, which reaches only the upstream', async () => {
      const before = upstream.seen.length;
      const result = await client.callTool({
        name: 'zoom_listMeetings',
        arguments: { userId: 'me' },
        _meta: callMeta({ method: 'oauth2', token: CANARY }),
      });
      expect(result['structuredContent']).toEqual({ ok: true });
      expect(upstream.seen.slice(before).map((h) => h.authorization)).toEqual([`Bearer ${CANARY}`]);
      expect(JSON.stringify(result)).not.toContain(CANARY);
    });

    it('answers -32602 naming the field for bad arguments', async () => {
      const error = await callError(() =>
        client.callTool({
          name: 'zoom_listMeetings',
          arguments: { userId: '' },
          _meta: callMeta({ method: 'oauth2', token: CANARY }),
        }),
      );
      expect(error.code).toBe(-32602);
      expect(error.message).toContain('Invalid arguments for tool zoom_listMeetings');
    });

    it('never hands the credential to a plain tool', async () => {
      if (build === lowLevelServer) return;
      plainMeta.length = 0;
      const result = await client.callTool({
        name: 'plain_after',
        arguments: {},
        _meta: callMeta({ method: 'oauth2', token: CANARY }),
      });
      expect(result['content']).toEqual([{ type: 'text', text: 'after' }]);
      expect(plainMeta).toHaveLength(1);
      expect(JSON.stringify(plainMeta)).not.toContain(CANARY);
    });

    it('tells the handler which era the request came in', async () => {
      const result = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
      expect(result['content']).toEqual([
        { type: 'text', text: line === 'v2-client' ? 'modern:hi' : 'legacy:hi' },
      ]);
    });
  });

  it('serves an input-required round trip to a v2 client (2026-07-28)', async () => {
    const client = await connect('v2-client', http.url);
    try {
      const result = await client.callTool({ name: 'echo', arguments: { text: 'confirm' } });
      expect(result['content']).toEqual([{ type: 'text', text: 'answered accept' }]);
    } finally {
      await client.close();
    }
  });
});

describe('SDK v2 registration', () => {
  it('announces the toolscope extension in the capabilities', async () => {
    const http = await serveHttp({ createServer: () => mcpServer('toolscope-first') });
    const client = new ClientV2(
      { name: 'c', version: '1' },
      { versionNegotiation: { mode: 'auto' } },
    );
    try {
      await client.connect(new HttpTransportV2(new URL(http.url)));
      const capabilities = client.getServerCapabilities() as {
        extensions?: Record<string, unknown>;
      };
      expect(capabilities.extensions?.[TOOLSCOPE_EXTENSION_ID]).toMatchObject({ version: '1' });
    } finally {
      await client.close();
      await http.close();
    }
  });

  it.each(['v2-client', 'v1-client'] as const)(
    'answers with the SEP-2643 denial envelope in the denial profile (%s)',
    async (line) => {
      const http = await serveHttp({
        createServer: () => {
          const server = new McpServer({ name: 'denial', version: '1' });
          registerTools(server, toolscopeTools(), { profile: 'denial' });
          return server;
        },
      });
      const client = await connect(line, http.url);
      try {
        const result = await client.callTool({
          name: 'zoom_listMeetings',
          arguments: { userId: 'me' },
        });
        expect(result['isError']).toBe(true);
        const meta = result['_meta'] as Record<string, unknown>;
        expect(meta[META_DENIAL_KEY]).toEqual({
          reason: 'insufficient_authorization',
          error: 'missing_token',
          remediationHints: [
            {
              type: 'oauth2_scope',
              provider: 'zoom',
              scope: 'meeting:read',
              issuer: 'https://zoom.example',
              resource: upstream.origin,
            },
          ],
        });
        expect(meta['io.toolscope/authorization-error']).toMatchObject({
          error: 'missing_token',
          tool: 'zoom_listMeetings',
        });
      } finally {
        await client.close();
        await http.close();
      }
    },
  );

  it('refuses a 1.x server and names the entry to use', async () => {
    const { McpServer: V1McpServer } = await import('@modelcontextprotocol/sdk/server/mcp.js');
    expect(() => registerTools(new V1McpServer({ name: 'x', version: '1' }), [])).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', hint: expect.stringContaining('/v1') }),
    );
  });

  it('never logs the token', () => {
    expect(logs.lines.join('\n')).not.toContain(CANARY);
  });
});
