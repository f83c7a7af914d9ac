// A plain SDK v2 server (`@modelcontextprotocol/server`, low-level `Server`
// behind `createMcpHandler`, over real HTTP on 127.0.0.1) that speaks
// toolscope's wire by hand with core's own builders: tools/list entries from
// `toListedTool`, refusals from `buildAuthError`. It is a stand-in for
// @toolscope/server on v2 (being ported on another branch) so that the v2
// client's 2026-07-28 era, which a 1.x server cannot negotiate, is covered.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createMcpHandler, ProtocolError, Server, type Tool } from '@modelcontextprotocol/server';
import {
  buildAuthError,
  META_AUTHORIZATION_ERROR_KEY,
  readCallAuthorization,
  type ToolRequirement,
  toListedTool,
} from '@toolscope/core';
import type { ReceivedCall } from './tool-server.js';
import { tokenHash } from './tool-server.js';

/** A tool of this server: it accepts exactly the tokens `accepts` says yes to. */
export interface WireTool {
  readonly name: string;
  readonly requirement: Exclude<ToolRequirement, { method: 'none' }>;
  readonly accepts: (token: string) => boolean;
}

/** The running server and a connected v2 client (auto negotiation). */
export interface V2WireServerHandle {
  readonly client: Client;
  readonly received: ReceivedCall[];
  close(): Promise<void>;
}

/** How a refusal travels: a JSON-RPC error, or an isError result with the data under `_meta`. */
export type RefusalProfile = 'jsonrpc' | 'tool-result';

function refusal(tool: WireTool, token: string | undefined, profile: RefusalProfile) {
  const payload =
    token === undefined
      ? buildAuthError(tool.name, tool.requirement, 'missing_token', 'No token sent')
      : buildAuthError(tool.name, tool.requirement, 'invalid_token', 'Token rejected');
  if (profile === 'jsonrpc') throw new ProtocolError(payload.code, payload.message, payload.data);
  return {
    content: [{ type: 'text' as const, text: payload.message }],
    isError: true,
    _meta: { [META_AUTHORIZATION_ERROR_KEY]: payload.data },
  };
}

function buildServer(
  tools: readonly WireTool[],
  profile: RefusalProfile,
  received: ReceivedCall[],
) {
  const server = new Server({ name: 'v2-wire', version: '0.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', () => ({
    // toListedTool's entries carry the top-level fields the SDK's Tool type does not name.
    tools: tools.map(
      (t) =>
        toListedTool({
          name: t.name,
          inputSchema: { type: 'object' },
          requirement: t.requirement,
        }) as Tool,
    ),
  }));
  server.setRequestHandler('tools/call', (request) => {
    const reading = readCallAuthorization(request.params._meta);
    const token = reading.kind === 'present' ? reading.token : undefined;
    received.push({ tool: request.params.name, token });
    const tool = tools.find((t) => t.name === request.params.name);
    if (tool === undefined) throw new ProtocolError(-32602, `Unknown tool ${request.params.name}`);
    if (token === undefined || !tool.accepts(token)) return refusal(tool, token, profile);
    return { content: [{ type: 'text' as const, text: tokenHash(token) }] };
  });
  return server;
}

async function toWebRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  const init: RequestInit = { method: req.method ?? 'GET', headers };
  if (req.method === 'POST') init.body = Buffer.concat(chunks);
  return new Request(new URL(req.url ?? '/', origin), init);
}

/** Starts the server on a free loopback port and connects a v2 client to it. */
export async function startV2WireServer(
  tools: readonly WireTool[],
  profile: RefusalProfile = 'jsonrpc',
): Promise<V2WireServerHandle> {
  const received: ReceivedCall[] = [];
  const handler = createMcpHandler(() => buildServer(tools, profile, received));
  let origin = '';
  const http = createServer((req, res) => {
    void (async () => {
      const response = await handler.fetch(await toWebRequest(req, origin));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const client = new Client(
    { name: 'test-agent', version: '0.0.0' },
    { versionNegotiation: { mode: 'auto' } },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', origin)));
  return {
    client,
    received,
    async close() {
      await client.close();
      await handler.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
