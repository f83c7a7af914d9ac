// One Streamable HTTP server in its own process, for the http suite:
//   node --import tsx --expose-gc http-server.ts <kind> <mode> [extraTools]
// kind: toolscope-v2 | bare-v2 | toolscope-v1 | bare-v1; mode: stateless | session.
// Every kind serves the same tools: `work` (oauth2 opaque for toolscope; the bare
// servers read the token from `_meta` by hand), `hold` (answers when the parent
// says so, to keep requests in flight for the memory figures) and `extraTools`
// plain tools (`none`), to see how a larger tool set changes the per-request cost.
// It listens on 127.0.0.1 port 0 and talks to the parent over IPC:
//   → { url }    ← 'mem' → { mem, holding }    ← 'release'    ← 'close'
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  localhostHostValidation,
  NodeStreamableHTTPServerTransport,
  toNodeHandler,
} from '@modelcontextprotocol/node';
import { McpServer as McpServerV1 } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport as TransportV1 } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest as isInitializeV1 } from '@modelcontextprotocol/sdk/types.js';
import { createMcpHandler, isInitializeRequest, McpServer } from '@modelcontextprotocol/server';
import type { ToolRequirement } from '@toolscope/core';
import * as v1 from '@toolscope/server/v1';
import * as v2 from '@toolscope/server/v2';
import { z } from 'zod';

const [kind = 'toolscope-v2', mode = 'stateless', extra = '0'] = process.argv.slice(2);
const EXTRA = Number(extra);
const session = mode === 'session';
const result = { content: [{ type: 'text' as const, text: 'ok' }] };
const inputSchema = { type: 'object' as const, properties: { n: { type: 'number' } } };
const oauth: ToolRequirement = {
  method: 'oauth2',
  requiredScopes: ['bench:read'],
  provider: {
    id: 'bench',
    issuer: 'https://issuer.bench.example',
    resource: 'https://api.bench.example',
  },
};

let holding = 0;
let waiters: (() => void)[] = [];
const hold = async () => {
  holding++;
  await new Promise<void>((r) => waiters.push(r));
  holding--;
  return result;
};

function readToken(meta: unknown): void {
  const auth = (meta as { authorization?: { token?: unknown } } | undefined)?.authorization;
  if (auth !== undefined && typeof auth.token !== 'string') throw new TypeError('no token');
}

function toolscopeTools() {
  return [
    { definition: { name: 'work', inputSchema, requirement: oauth }, handler: () => result },
    { definition: { name: 'hold', inputSchema, requirement: oauth }, handler: hold },
    ...Array.from({ length: EXTRA }, (_, i) => ({
      definition: { name: `extra_${i}`, inputSchema, requirement: { method: 'none' as const } },
      handler: () => result,
    })),
  ];
}

function bareV2(): McpServer {
  const server = new McpServer({ name: 'bare', version: '1.0.0' });
  const input = z.object({ n: z.number().optional() });
  server.registerTool('work', { inputSchema: input }, (_a, ctx) => {
    readToken(ctx.mcpReq._meta);
    return result;
  });
  server.registerTool('hold', { inputSchema: input }, (_a, ctx) => {
    readToken(ctx.mcpReq._meta);
    return hold();
  });
  for (let i = 0; i < EXTRA; i++)
    server.registerTool(`extra_${i}`, { inputSchema: input }, () => result);
  return server;
}

function bareV1(): McpServerV1 {
  const server = new McpServerV1({ name: 'bare', version: '1.0.0' });
  const input = { n: z.number().optional() };
  server.registerTool('work', { inputSchema: input }, (_a, extra) => {
    readToken(extra._meta);
    return result;
  });
  server.registerTool('hold', { inputSchema: input }, (_a, extra) => {
    readToken(extra._meta);
    return hold();
  });
  for (let i = 0; i < EXTRA; i++)
    server.registerTool(`extra_${i}`, { inputSchema: input }, () => result);
  return server;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Reads a JSON body, as the SDK's examples do before handing it to a transport. */
async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** The bare v2 server the SDK's node adapter serves: createMcpHandler, or a transport per session. */
function bareV2Listener(): Listener {
  const validHost = localhostHostValidation();
  if (!session) {
    const node = toNodeHandler(createMcpHandler(() => bareV2(), { legacy: 'stateless' }));
    return (req, res) => {
      // node:http's request satisfies the adapter's shape (exactOptionalPropertyTypes aside).
      if (validHost(req, res)) void node(req as Parameters<typeof node>[0], res);
    };
  }
  const transports = new Map<string, NodeStreamableHTTPServerTransport>();
  return (req, res) => {
    if (!validHost(req, res)) return;
    void (async () => {
      const body = req.method === 'POST' ? await jsonBody(req) : undefined;
      const id = req.headers['mcp-session-id'];
      let transport = typeof id === 'string' ? transports.get(id) : undefined;
      if (transport === undefined && isInitializeRequest(body)) {
        const server = bareV2();
        const created = new NodeStreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (sid) => {
            transports.set(sid, created);
          },
        });
        created.onclose = () => {
          if (created.sessionId !== undefined) transports.delete(created.sessionId);
        };
        await server.connect(created);
        transport = created;
      }
      if (transport === undefined) {
        res.writeHead(400).end('no session');
        return;
      }
      await transport.handleRequest(req, res, body);
    })();
  };
}

/** A bare 1.x McpServer with the SDK's Streamable HTTP transport, per request or per session. */
function bareV1Listener(): Listener {
  const transports = new Map<string, TransportV1>();
  return (req, res) => {
    void (async () => {
      const body = req.method === 'POST' ? await jsonBody(req) : undefined;
      if (!session) {
        const server = bareV1();
        // No sessionIdGenerator: stateless.
        const transport = new TransportV1({
          enableJsonResponse: true,
        });
        res.on('close', () => {
          void transport.close();
          void server.close();
        });
        await server.connect(transport);
        await transport.handleRequest(req, res, body);
        return;
      }
      const id = req.headers['mcp-session-id'];
      let transport = typeof id === 'string' ? transports.get(id) : undefined;
      if (transport === undefined && isInitializeV1(body)) {
        const server = bareV1();
        const created: TransportV1 = new TransportV1({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (sid) => {
            transports.set(sid, created);
          },
        });
        created.onclose = () => {
          if (created.sessionId !== undefined) transports.delete(created.sessionId);
        };
        await server.connect(created);
        transport = created;
      }
      if (transport === undefined) {
        res.writeHead(400).end('no session');
        return;
      }
      await transport.handleRequest(req, res, body);
    })();
  };
}

async function listen(listener: Listener): Promise<{ url: string; close: () => void }> {
  const server = createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const maxSessions = 100_000;
let served: { url: string; close: () => void | Promise<void> };
switch (kind) {
  case 'toolscope-v2':
    served = await v2.serveHttp({
      mode: session ? 'session' : 'stateless',
      maxSessions,
      createServer: () => {
        const server = new McpServer({ name: 'toolscope', version: '1.0.0' });
        v2.registerTools(server, toolscopeTools());
        return server;
      },
    });
    break;
  case 'toolscope-v1':
    served = await v1.serveHttp({
      mode: session ? 'session' : 'stateless',
      maxSessions,
      createServer: () => {
        const server = new McpServerV1({ name: 'toolscope', version: '1.0.0' });
        v1.registerTools(server, toolscopeTools());
        return server;
      },
    });
    break;
  case 'bare-v2':
    served = await listen(bareV2Listener());
    break;
  case 'bare-v1':
    served = await listen(bareV1Listener());
    break;
  default:
    throw new Error(`unknown server kind ${kind}`);
}

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (message) => {
  if (message === 'mem') {
    gc?.();
    gc?.();
    process.send?.({ mem: process.memoryUsage(), holding });
  } else if (message === 'release') {
    const release = waiters;
    waiters = [];
    for (const r of release) r();
  } else if (message === 'close') {
    void (async () => {
      await served.close();
      process.exit(0);
    })();
  }
});
process.send?.({ url: served.url });
