import { randomUUID } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import {
  type ConnectionAuthOptions,
  type ConnectionGuard,
  createConnectionGuard,
} from './connection.js';
import { SessionTable } from './http-sessions.js';
import { toolscopeLogger } from './logging.js';

/** Options of the Streamable HTTP endpoint. */
export interface HttpEndpointOptions {
  /** Builds a fresh server per request (stateless) or per session: never one shared across users. */
  readonly createServer: () => Server | McpServer;
  /** Default `stateless`. */
  readonly mode?: 'stateless' | 'session';
  /** Path of the MCP endpoint. Default `/mcp`. */
  readonly path?: string;
  /** Largest accepted request body in bytes; larger ones get 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** `Host` header values accepted (DNS-rebinding protection); `serveHttp` defaults to the bound host:port. */
  readonly allowedHosts?: readonly string[];
  /** Session mode: a session with no request for this long is closed. Default 15 minutes. */
  readonly sessionIdleTimeoutMs?: number;
  /** Session mode: most sessions open at once; an initialize beyond it gets 503. Default 1000. */
  readonly maxSessions?: number;
  /** Spec-native mode (WIRE.md §5): a connection token in `Authorization: Bearer`. */
  readonly connectionAuth?: ConnectionAuthOptions;
  /** A pino logger (redaction is added). */
  readonly logger?: unknown;
}

/** A node:http request handler for the MCP endpoint, with `close` for its sessions. */
export interface HttpEndpoint {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Closes every open session. */
  close(): Promise<void>;
  /** Open sessions (session mode). */
  sessionCount(): number;
}

const DEFAULT_MAX_BODY = 1024 * 1024;
const DEFAULT_SESSION_IDLE_MS = 15 * 60 * 1000;
const DEFAULT_MAX_SESSIONS = 1000;

function rpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }));
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) return 'too_large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The MCP endpoint over Streamable HTTP on node:http: a new server and transport
 * per request (stateless) or per session, `Host` checking, a body limit, and
 * in spec-native mode the connection token checks and RFC 9728 metadata.
 */
export function createHttpEndpoint(options: HttpEndpointOptions): HttpEndpoint {
  const path = options.path ?? '/mcp';
  const mode = options.mode ?? 'stateless';
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const allowed =
    options.allowedHosts === undefined
      ? undefined
      : new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  const guard: ConnectionGuard | undefined =
    options.connectionAuth === undefined
      ? undefined
      : createConnectionGuard(options.connectionAuth);
  const logger = toolscopeLogger(options.logger);
  const sessions = new SessionTable({
    idleTimeoutMs: options.sessionIdleTimeoutMs ?? DEFAULT_SESSION_IDLE_MS,
    maxSessions: options.maxSessions ?? DEFAULT_MAX_SESSIONS,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (allowed !== undefined && !allowed.has(host)) {
      rpcError(res, 403, -32000, 'Forbidden: Host not allowed');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (guard?.isMetadataPath(url.pathname)) {
      guard.serveMetadata(res);
      return;
    }
    if (url.pathname !== path) {
      rpcError(res, 404, -32000, 'Not found');
      return;
    }
    let body: unknown;
    if (req.method === 'POST') {
      const raw = await readBody(req, limit);
      if (raw === 'too_large') {
        rpcError(res, 413, -32000, 'Request body too large', { connection: 'close' });
        return;
      }
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        rpcError(res, 400, -32700, 'Parse error');
        return;
      }
    } else if (mode === 'stateless') {
      rpcError(res, 405, -32000, 'Method not allowed', { allow: 'POST' });
      return;
    }

    let subject: string | undefined;
    if (guard !== undefined) {
      const admitted = await guard.admit(req, res, body);
      if (admitted === false) return;
      subject = admitted.subject;
      (req as IncomingMessage & { auth?: unknown }).auth = admitted.authInfo;
    }

    if (mode === 'stateless') {
      const server = options.createServer();
      const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
      res.on('close', () => {
        transport.close().catch(() => undefined);
        server.close().catch(() => undefined);
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
      return;
    }

    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      // Another user's session is answered exactly like an unknown one.
      if (session === undefined || session.subject !== subject) {
        rpcError(res, 404, -32001, 'Session not found');
        return;
      }
      sessions.track(sessionId, res, req.method);
      await session.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      rpcError(res, 400, -32000, 'Bad Request: no session; send initialize first');
      return;
    }
    if (!sessions.reserve()) {
      rpcError(res, 503, -32000, 'Too many sessions', { 'retry-after': '60' });
      return;
    }
    try {
      const server = options.createServer();
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.add(id, { transport, server, subject });
        },
      });
      transport.onclose = () => {
        if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
        server.close().catch(() => undefined);
      };
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    } finally {
      sessions.release();
    }
  };

  const endpoint = (async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await handle(req, res);
    } catch (error) {
      logger.error(
        { error: error instanceof Error ? error.name : 'unknown' },
        'mcp http request failed',
      );
      if (!res.headersSent) rpcError(res, 500, -32603, 'Internal error');
      else res.end();
    }
  }) as HttpEndpoint;
  endpoint.close = () => sessions.closeAll();
  endpoint.sessionCount = () => sessions.size;
  return endpoint;
}

/** A running HTTP server from `serveHttp`. */
export interface HttpServeHandle {
  /** The MCP endpoint URL, e.g. `http://127.0.0.1:4711/mcp`. */
  readonly url: string;
  readonly origin: string;
  readonly endpoint: HttpEndpoint;
  close(): Promise<void>;
}

/** Serves the MCP endpoint on 127.0.0.1 (port 0 by default), allowing only its own `Host`. */
export async function serveHttp(
  options: Omit<HttpEndpointOptions, 'connectionAuth'> & {
    readonly port?: number;
    /** Gets the bound origin, since the canonical URI is only known after listening. */
    readonly connectionAuth?: ConnectionAuthOptions | ((origin: string) => ConnectionAuthOptions);
  },
): Promise<HttpServeHandle> {
  let endpoint: HttpEndpoint | undefined;
  const server = createHttpServer((req, res) => {
    if (endpoint === undefined) rpcError(res, 503, -32000, 'Starting');
    else void endpoint(req, res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const { connectionAuth, ...rest } = options;
  const auth = typeof connectionAuth === 'function' ? connectionAuth(origin) : connectionAuth;
  endpoint = createHttpEndpoint({
    ...rest,
    allowedHosts: options.allowedHosts ?? [`127.0.0.1:${port}`, `localhost:${port}`],
    ...(auth === undefined ? {} : { connectionAuth: auth }),
  });
  const live = endpoint;
  return {
    url: `${origin}${options.path ?? '/mcp'}`,
    origin,
    endpoint: live,
    async close() {
      await live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
