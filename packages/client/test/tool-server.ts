// A real toolscope MCP server (SDK 1.x Server + @toolscope/server registerTools)
// on 127.0.0.1 over Streamable HTTP, or in-process over the SDK's
// InMemoryTransport, whose handlers echo a hash of the token they received;
// plus a connected, unmodified SDK Client for the agent: a 1.x `Client`, or a
// v2 `Client` (`@modelcontextprotocol/client`) with its own transports.
// Incoming tools/call messages are recorded as they arrived on the wire, before
// the server strips anything.
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Client as V2Client,
  InMemoryTransport as V2InMemoryTransport,
  StreamableHTTPClientTransport as V2StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { readCallAuthorization, type SdkLine, type ToolRequirement } from '@toolscope/core';
import {
  type ErrorProfile,
  type ProviderConfig,
  registerTools,
  TokenVerificationError,
} from '@toolscope/server/v1';
import type { AgentClient } from '../src/agent/types.js';

/** Both SDK lines, for `describe.each`. */
export const SDK_LINES: readonly SdkLine[] = ['v1', 'v2'];

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
  readonly client: AgentClient & { close(): Promise<void> };
  readonly received: ReceivedCall[];
  close(): Promise<void>;
}

function buildServer(
  tools: readonly TestTool[],
  verifiers: Record<string, ScopeReader>,
  profile: ErrorProfile,
): Server {
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
    { providers, profile },
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

/** Options of `startToolServer`. */
export interface ToolServerOptions {
  readonly transport?: 'http' | 'memory';
  readonly verifiers?: Record<string, ScopeReader>;
  /** The client's SDK line; default 1.x. */
  readonly sdk?: SdkLine;
  /** The server's error profile; default `jsonrpc`. */
  readonly profile?: ErrorProfile;
}

/**
 * A v2 client in `auto` negotiation: it probes with `server/discover` and,
 * against this 1.x server, falls back to the 2025 `initialize` handshake.
 */
function v2Client(): V2Client {
  return new V2Client(
    { name: 'test-agent', version: '0.0.0' },
    { versionNegotiation: { mode: 'auto' } },
  );
}

/**
 * Connects a client of the given line to a 1.x server over the SDK's in-process
 * transport: same client and server code, no sockets (for the 2000-call
 * isolation run, where Streamable HTTP costs seconds on two shared cores).
 * Each line's client gets its own line's transport pair; both carry plain
 * JSON-RPC objects, so the 1.x server takes the v2 pair's other end.
 */
export async function connectInMemory(
  server: Server,
  sdk: SdkLine,
): Promise<{ client: Client | V2Client; serverSide: Transport }> {
  if (sdk === 'v2') {
    const [clientSide, serverSide] = V2InMemoryTransport.createLinkedPair();
    await server.connect(serverSide as Transport);
    const client = v2Client();
    await client.connect(clientSide);
    return { client, serverSide: serverSide as Transport };
  }
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test-agent', version: '0.0.0' });
  await client.connect(clientSide);
  return { client, serverSide };
}

/** Starts the server and connects a client of the chosen SDK line. */
export async function startToolServer(
  tools: readonly TestTool[],
  options: ToolServerOptions = {},
): Promise<ToolServerHandle> {
  const received: ReceivedCall[] = [];
  const server = buildServer(tools, options.verifiers ?? {}, options.profile ?? 'jsonrpc');
  if (options.transport === 'memory') {
    const { client, serverSide } = await connectInMemory(server, options.sdk ?? 'v1');
    recordCalls(serverSide, received);
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
  const url = new URL(`http://127.0.0.1:${port}/mcp`);
  let client: Client | V2Client;
  if (options.sdk === 'v2') {
    const v2client = v2Client();
    await v2client.connect(new V2StreamableHTTPClientTransport(url));
    client = v2client;
  } else {
    const v1client = new Client({ name: 'test-agent', version: '0.0.0' });
    await v1client.connect(new StreamableHTTPClientTransport(url));
    client = v1client;
  }
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
