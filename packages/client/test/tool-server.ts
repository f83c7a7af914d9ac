// A real MCP server on 127.0.0.1 (SDK Server + Streamable HTTP, stateless, JSON
// responses) whose tools check the token they receive with a test-supplied
// rule and echo a hash of it, plus a connected SDK Client for the agent.
import { createHash, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import {
  type AuthErrorKind,
  buildAuthError,
  readCallAuthorization,
  renderDeclaration,
  type ToolRequirement,
} from '@toolscope/core';

/** sha256 of a token, hex: what the tools echo instead of the token. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A test tool: its requirement, and the rule its token must pass. */
export interface TestTool {
  readonly name: string;
  readonly requirement: ToolRequirement;
  /** Returns an error kind to refuse the token, or undefined to accept it. */
  readonly check?: (token: string) => { kind: AuthErrorKind; reason: string } | undefined;
}

/** What the server saw on each call. */
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

/** Starts the server on a free port and connects a client. */
export async function startToolServer(
  tools: readonly TestTool[],
  transport: 'http' | 'memory' = 'http',
): Promise<ToolServerHandle> {
  const received: ReceivedCall[] = [];
  // The SDK client transport adds one abort listener per in-flight request; 2000 are expected here.
  setMaxListeners(5000);
  const server = buildServer(tools, received);
  if (transport === 'memory') {
    // The SDK's in-process transport: same client and server code, no sockets. For the
    // 2000-call isolation run, where Streamable HTTP costs seconds on two shared cores.
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'test-agent', version: '0.0.0' });
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
  const httpTransport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: true,
  });
  await server.connect(httpTransport);
  const http = createServer((req, res) => {
    void httpTransport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const client = new Client({ name: 'test-agent', version: '0.0.0' });
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

function buildServer(tools: readonly TestTool[], received: ReceivedCall[]): Server {
  const server = new Server(
    { name: 'test-tools', version: '0.0.0' },
    { capabilities: { tools: {} } },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: tools.map((t) => ({
      name: t.name,
      inputSchema: { type: 'object' as const },
      ...renderDeclaration(t.requirement),
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = tools.find((t) => t.name === request.params.name);
    if (tool === undefined) throw new McpError(-32602, 'Unknown tool');
    const reading = readCallAuthorization(request.params._meta);
    const token = reading.kind === 'present' ? reading.token : undefined;
    received.push({ tool: tool.name, token });
    if (tool.requirement.method !== 'none') {
      const refuse = (kind: AuthErrorKind, reason: string) => {
        const p = buildAuthError(tool.name, tool.requirement, kind, reason);
        return new McpError(p.code, p.message, p.data);
      };
      if (token === undefined) throw refuse('missing_token', 'No token');
      if (reading.kind === 'present' && reading.method !== tool.requirement.method) {
        throw refuse('method_mismatch', 'Wrong method');
      }
      const failure = tool.check?.(token);
      if (failure !== undefined) throw refuse(failure.kind, failure.reason);
    }
    const echo = token === undefined ? 'none' : tokenHash(token);
    return { content: [{ type: 'text' as const, text: echo }] };
  });
  return server;
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
