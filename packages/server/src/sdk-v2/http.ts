import { randomUUID } from 'node:crypto';
import {
  createMcpHandler,
  isInitializeRequest,
  type McpServer,
  type Server,
  type ServerEventBus,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import type { ConnectionAuth } from '../enforce.js';
import {
  type BackendSession,
  createEndpoint,
  type HttpBackend,
  type HttpEndpoint,
  type HttpEndpointOptions,
  type HttpExchange,
  type HttpServeHandle,
  redactServerErrors,
  type ServeHttpOptions,
  serveEndpoint,
} from '../http.js';
import { redactingErrorHandler } from '../leak-guards.js';
import { runtimeFor, withRuntime } from '../runtime.js';
import { toWebRequest, writeWebResponse } from './web.js';

/** A server of `@modelcontextprotocol/server` v2, as the endpoint builds one per request or session. */
export type V2Server = Server | McpServer;

/** What only the v2 endpoint takes, beside the options every line shares. */
export interface V2EndpointOptions {
  /**
   * The change-event bus that 2026-07-28 `subscriptions/listen` streams
   * subscribe to: publish `{ kind: 'tools_list_changed' }` (or prompts,
   * resources, `resource_updated`) on it and every open stream that asked for
   * it is notified. Default: an in-process bus of the endpoint's own, which
   * nothing outside can publish on.
   */
  readonly bus?: ServerEventBus;
}

type AuthInfo = NonNullable<
  NonNullable<Parameters<WebStandardStreamableHTTPServerTransport['handleRequest']>[1]>['authInfo']
>;

function sdkAuth(auth: ConnectionAuth | undefined): AuthInfo {
  return auth as AuthInfo;
}

function requestOptions(exchange: HttpExchange): { parsedBody?: unknown; authInfo?: AuthInfo } {
  return {
    ...(exchange.body === undefined ? {} : { parsedBody: exchange.body }),
    ...(exchange.authInfo === undefined ? {} : { authInfo: sdkAuth(exchange.authInfo) }),
  };
}

/**
 * How v2 serves the endpoint: `createMcpHandler` for every stateless request
 * (2026-07-28 and 2025-era alike), and in session mode a Streamable HTTP
 * transport per 2025-era session.
 */
function v2Backend(
  build: () => V2Server,
  bus: ServerEventBus | undefined,
  onerror: ((error: Error) => void) | undefined,
): HttpBackend {
  const createServer = () => {
    const server = build();
    redactServerErrors(server, onerror);
    return server;
  };
  const stateless = createMcpHandler(() => createServer(), {
    legacy: 'stateless',
    ...(bus === undefined ? {} : { bus }),
    ...(onerror === undefined ? {} : { onerror: redactingErrorHandler(onerror) }),
  });
  const serveStateless = async (exchange: HttpExchange) => {
    const response = await stateless.fetch(toWebRequest(exchange), requestOptions(exchange));
    await writeWebResponse(response, exchange.res);
  };
  return {
    stateless: serveStateless,
    isInitialize: (body) => isInitializeRequest(body),
    // 2026-07-28 requests carry no session: they are served statelessly in session mode too.
    sessionless: serveStateless,
    async openSession(exchange, subject, register, forget) {
      const server = createServer();
      const transport: WebStandardStreamableHTTPServerTransport =
        new WebStandardStreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            const session: BackendSession = {
              subject,
              async handle(next) {
                const response = await transport.handleRequest(
                  toWebRequest(next),
                  requestOptions(next),
                );
                await writeWebResponse(response, next.res);
              },
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
      const response = await transport.handleRequest(
        toWebRequest(exchange),
        requestOptions(exchange),
      );
      await writeWebResponse(response, exchange.res);
    },
    close: () => stateless.close(),
  };
}

/**
 * The MCP endpoint over Streamable HTTP on node:http for servers on
 * `@modelcontextprotocol/server` v2: stateless by default (every era), with
 * 2025-era sessions in session mode.
 */
export function createHttpEndpoint(
  options: HttpEndpointOptions<V2Server> & V2EndpointOptions,
): HttpEndpoint {
  // The endpoint's runtime: servers built per request share its verifier and JWKS caches.
  const runtime = runtimeFor(options.runtime);
  const build = () => withRuntime(runtime, options.createServer);
  return createEndpoint(options, v2Backend(build, options.bus, options.onerror));
}

/** Serves the v2 endpoint on 127.0.0.1 (port 0 by default), allowing only its own `Host`. */
export function serveHttp(
  options: ServeHttpOptions<V2Server> & V2EndpointOptions,
): Promise<HttpServeHandle> {
  return serveEndpoint(options, createHttpEndpoint);
}
