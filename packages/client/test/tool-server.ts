// A real toolscope MCP server (SDK Server + @toolscope/server registerTools) on
// 127.0.0.1 over Streamable HTTP, or in-process over the SDK's InMemoryTransport,
// whose handlers echo a hash of the token they received; plus a connected SDK
// Client for the agent. Incoming tools/call messages are recorded as they
// arrived on the wire, before the server strips anything.
import { createHash, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { readCallAuthorization, type ToolRequirement } from '@toolscope/core';
import { type ProviderConfig, registerTools, TokenVerificationError } from '@toolscope/server/v1';

/** sha256 of a token, hex: what the tools echo instead of the token. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A test tool. */
export interface TestTool {
  readonly name: string;
  readonly requirement: ToolRequirement;
  /** Answer only after this many milliseconds. */
  readonly delayMs?: number;
}

/** Per provider id: the scopes a token holds, or `undefined` to reject it as invalid. */
export type ScopeReader = (token: string) => readonly string[] | undefined;

/** A tools/call as it arrived on the wire. */
export interface ReceivedCall {
  readonly tool: string;
  readonly token: string | undefined;
}

/** A running tool server and a client connected to it. */
export interface ToolServerHandle {
  readonly client: Client;
  readonly received: ReceivedCall[];
  close(): Promise<void>;
}

function buildServer(tools: readonly TestTool[], verifiers: Record<string, ScopeReader>): Server {
  const server = new Server(
    { name: 'test-tools', version: '0.0.0' },
    { capabilities: { tools: {} } },
  );
  const providers: Record<string, ProviderConfig> = {};
  for (const [id, read] of Object.entries(verifiers)) {
    providers[id] = {
      id,
      type: 'oauth2',
      verifier: {
        kind: 'custom',
        verify: (token) => {
          const scopes = read(token);
          if (scopes === undefined) throw new TokenVerificationError('Token revoked');
          return { scopes, verifiedBy: 'custom' };
        },
      },
    };
  }
  registerTools(
    server,
    tools.map((t) => ({
      definition: { name: t.name, inputSchema: { type: 'object' }, requirement: t.requirement },
      handler: async (_input: unknown, context: { token?: string }) => {
        if (t.delayMs !== undefined) await new Promise((r) => setTimeout(r, t.delayMs));
        return {
          content: [{ type: 'text', text: context.token ? tokenHash(context.token) : 'none' }],
        };
      },
    })),
    { providers },
  );
  return server;
}

/** Records every tools/call's `_meta.authorization` as the transport delivers it. */
function recordCalls(transport: Transport, received: ReceivedCall[]): void {
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const m = message as { method?: string; params?: { name?: string; _meta?: unknown } };
    if (m.method === 'tools/call') {
      const reading = readCallAuthorization(m.params?._meta);
      received.push({
        tool: String(m.params?.name),
        token: reading.kind === 'present' ? reading.token : undefined,
      });
    }
    deliver?.(message, extra);
  };
}

/** Starts the server and connects a client. */
export async function startToolServer(
  tools: readonly TestTool[],
  options: { transport?: 'http' | 'memory'; verifiers?: Record<string, ScopeReader> } = {},
): Promise<ToolServerHandle> {
  const received: ReceivedCall[] = [];
  // The SDK client transport adds one abort listener per in-flight request; 2000 are expected here.
  setMaxListeners(5000);
  const server = buildServer(tools, options.verifiers ?? {});
  const client = new Client({ name: 'test-agent', version: '0.0.0' });
  if (options.transport === 'memory') {
    // The SDK's in-process transport: same client and server code, no sockets. For the
    // 2000-call isolation run, where Streamable HTTP costs seconds on two shared cores.
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    recordCalls(serverSide, received);
    await client.connect(clientSide);
    return {
      client,
      received,
      async close() {
        await client.close();
        await server.close();
      },
    };
  }
  // One stateful session: the single client the agent shares is the only one.
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: true,
  });
  await server.connect(transport);
  recordCalls(transport, received);
  const http = createServer((req, res) => {
    void transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  return {
    client,
    received,
    async close() {
      await client.close();
      await server.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** The `scope` claim of a JWT access token, read without verification (the AS is trusted here). */
export function jwtScopes(token: string): string[] {
  const payload = token.split('.')[1];
  if (payload === undefined) return [];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    scope?: string;
  };
  return (claims.scope ?? '').split(' ').filter((s) => s.length > 0);
}
