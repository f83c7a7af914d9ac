import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import {
  type BackendSession,
  createEndpoint,
  type HttpBackend,
  type HttpEndpoint,
  type HttpEndpointOptions,
  type HttpExchange,
  type HttpServeHandle,
  redactServerErrors,
  rpcError,
  type ServeHttpOptions,
  serveEndpoint,
} from '../http.js';
import { runtimeFor, withRuntime } from '../runtime.js';

/** A server of SDK 1.x, as the endpoint builds one per request or per session. */
export type V1Server = Server | McpServer;

function withAuth(exchange: HttpExchange): HttpExchange['req'] {
  // The 1.x transports read a verified token from `req.auth`.
  const req = exchange.req as HttpExchange['req'] & { auth?: unknown };
  if (exchange.authInfo !== undefined) req.auth = exchange.authInfo;
  return req;
}

/** How SDK 1.x serves the endpoint: its Streamable HTTP transport, per request or per session. */
function v1Backend(
  build: () => V1Server,
  onerror: ((error: Error) => void) | undefined,
): HttpBackend {
  const createServer = () => {
    const server = build();
    redactServerErrors(server, onerror);
    return server;
  };
  return {
    async stateless(exchange) {
      const { res, body } = exchange;
      if (exchange.req.method !== 'POST') {
        rpcError(res, 405, -32000, 'Method not allowed', { allow: 'POST' });
        return;
      }
      const server = createServer();
      const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
      res.on('close', () => {
        transport.close().catch(() => undefined);
        server.close().catch(() => undefined);
      });
      await server.connect(transport);
      await transport.handleRequest(withAuth(exchange), res, body);
    },
    isInitialize: (body) => isInitializeRequest(body),
    async sessionless({ res }) {
      rpcError(res, 400, -32000, 'Bad Request: no session; send initialize first');
    },
    async openSession(exchange, subject, register, forget) {
      const server = createServer();
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          const session: BackendSession = {
            subject,
            handle: (next) => transport.handleRequest(withAuth(next), next.res, next.body),
            async close() {
              await transport.close();
              await server.close();
            },
          };
          register(id, session);
        },
      });
      transport.onclose = () => {
        if (transport.sessionId !== undefined) forget(transport.sessionId);
        server.close().catch(() => undefined);
      };
      await server.connect(transport);
      await transport.handleRequest(withAuth(exchange), exchange.res, exchange.body);
    },
    async close() {},
  };
}

/**
 * The MCP endpoint over Streamable HTTP on node:http for servers on SDK 1.x:
 * a new server and transport per request (stateless) or per session.
 */
export function createHttpEndpoint(options: HttpEndpointOptions<V1Server>): HttpEndpoint {
  // The endpoint's runtime: servers built per request share its verifier and JWKS caches.
  const runtime = runtimeFor(options.runtime);
  const build = () => withRuntime(runtime, options.createServer);
  return createEndpoint(options, v1Backend(build, options.onerror));
}

/** Serves the SDK 1.x endpoint on 127.0.0.1 (port 0 by default), allowing only its own `Host`. */
export function serveHttp(options: ServeHttpOptions<V1Server>): Promise<HttpServeHandle> {
  return serveEndpoint(options, createHttpEndpoint);
}
