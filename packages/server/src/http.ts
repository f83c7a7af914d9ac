import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import {
  type ConnectionAuthOptions,
  type ConnectionGuard,
  createConnectionGuard,
} from './connection.js';
import type { ConnectionAuth } from './enforce.js';
import { type Session, SessionTable } from './http-sessions.js';
import { redactingErrorHandler } from './leak-guards.js';
import { toolscopeLogger } from './logging.js';
import { principalKey } from './principal.js';
import type { ToolscopeRuntime } from './runtime.js';
import { closeHttpServer, startOrRelease } from './startup.js';

/** Options of the Streamable HTTP endpoint, on either SDK line. */
export interface HttpEndpointOptions<S> {
  /** Builds a fresh server per request (stateless) or per session: never one shared across users. */
  readonly createServer: () => S;
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
  /** Spec-native mode (wire-protocol.md §5): a connection token in `Authorization: Bearer`. */
  readonly connectionAuth?: ConnectionAuthOptions;
  /** A pino logger (redaction is added). */
  readonly logger?: unknown;
  /**
   * The caches the servers it builds share (verifiers, JWKS, compiled schemas):
   * `registerTools` inside `createServer` uses it unless its options name
   * another. Default: one of the endpoint's own.
   */
  readonly runtime?: ToolscopeRuntime;
  /**
   * Told of errors outside any request's answer (a malformed message, a broken
   * stream). The SDK hands its `onerror` whole messages, which may quote a
   * token; this callback gets them with every credential cut out.
   */
  readonly onerror?: (error: Error) => void;
}

/** A node:http request handler for the MCP endpoint, with `close` for its sessions. */
export interface HttpEndpoint {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Closes every open session and stops serving. */
  close(): Promise<void>;
  /** Open sessions (session mode). */
  sessionCount(): number;
}

/** One request as the front hands it to a line's backend, after every check passed. */
export interface HttpExchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The parsed JSON body of a POST; undefined for GET and DELETE. */
  readonly body: unknown;
  /** The raw body, for backends that hand the SDK a web `Request`. */
  readonly rawBody: Buffer | undefined;
  /** The verified connection token (spec-native mode). */
  readonly authInfo: ConnectionAuth | undefined;
}

/** A session a backend opened, as the front keeps it. */
export interface BackendSession extends Session {
  handle(exchange: HttpExchange): Promise<void>;
}

/** What one SDK line supplies to the endpoint: how it serves a request. */
export interface HttpBackend {
  /** Answers one request with no session. */
  stateless(exchange: HttpExchange): Promise<void>;
  /** True for a 2025-era `initialize` request, which opens a session in session mode. */
  isInitialize(body: unknown): boolean;
  /**
   * Session mode, a request without a session id that is not an `initialize`:
   * the backend answers it (a 2026-07-28 request is stateless by design) or refuses it.
   */
  sessionless(exchange: HttpExchange): Promise<void>;
  /** Opens a session for an `initialize` request; `register` is called once the SDK gave it an id. */
  openSession(
    exchange: HttpExchange,
    subject: string | undefined,
    register: (id: string, session: BackendSession) => void,
    forget: (id: string) => void,
  ): Promise<void>;
  /** Stops the backend's own state (stateless handlers with streams in flight). */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;
const DEFAULT_SESSION_IDLE_MS = 15 * 60 * 1000;
const DEFAULT_MAX_SESSIONS = 1000;

/**
 * Makes a freshly built server report its errors with credentials cut out:
 * the app's own `onerror` on that server, and the endpoint's `onerror`, both
 * get a redacted copy (the SDK passes whole messages, `_meta.authorization` and all).
 */
export function redactServerErrors(
  server: unknown,
  onerror: ((error: Error) => void) | undefined,
): void {
  const low = (server as { server?: unknown }).server ?? server;
  if (low === null || typeof low !== 'object') return;
  const target = low as { onerror?: ((error: Error) => void) | undefined };
  const own = target.onerror;
  if (own === undefined && onerror === undefined) return;
  target.onerror = redactingErrorHandler((error) => {
    own?.(error);
    onerror?.(error);
  });
}

/** A JSON-RPC error answered by the HTTP layer itself, before any server sees the request. */
export function rpcError(
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

/** The host part of an `Origin` header, lower-cased, or undefined when there is none or it is `null`. */
function originHost(origin: string | undefined): string | undefined | false {
  if (origin === undefined) return undefined;
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * The MCP endpoint over Streamable HTTP on node:http, on the SDK line its
 * backend serves: `Host` and `Origin` checking (DNS rebinding), a body limit,
 * and in spec-native mode the connection token checks and RFC 9728 metadata.
 * Stateless by default; session mode keeps 2025-era sessions per principal.
 */
export function createEndpoint(
  options: Omit<HttpEndpointOptions<unknown>, 'createServer'>,
  backend: HttpBackend,
): HttpEndpoint {
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
  const logger: Logger = toolscopeLogger(options.logger);
  const sessions = new SessionTable<BackendSession>({
    idleTimeoutMs: options.sessionIdleTimeoutMs ?? DEFAULT_SESSION_IDLE_MS,
    maxSessions: options.maxSessions ?? DEFAULT_MAX_SESSIONS,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (allowed !== undefined) {
      const host = (req.headers.host ?? '').toLowerCase();
      const origin = originHost(req.headers.origin);
      // A browser page on another origin (DNS rebinding) sends its own Origin.
      if (
        !allowed.has(host) ||
        origin === false ||
        (origin !== undefined && !allowed.has(origin))
      ) {
        rpcError(res, 403, -32000, 'Forbidden: Host or Origin not allowed');
        return;
      }
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
    let rawBody: Buffer | undefined;
    if (req.method === 'POST') {
      const raw = await readBody(req, limit);
      if (raw === 'too_large') {
        rpcError(res, 413, -32000, 'Request body too large', { connection: 'close' });
        return;
      }
      rawBody = raw;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        rpcError(res, 400, -32700, 'Parse error');
        return;
      }
    }

    // Whose request this is: issuer, subject and client id together, so two
    // client-credentials tokens without `sub` never share a session.
    let principal: string | undefined;
    let authInfo: ConnectionAuth | undefined;
    if (guard !== undefined) {
      const admitted = await guard.admit(req, res, body);
      if (admitted === false) return;
      principal = principalKey(admitted.authInfo, options.connectionAuth?.issuer);
      authInfo = admitted.authInfo;
    }
    const exchange: HttpExchange = { req, res, body, rawBody, authInfo };

    if (mode === 'stateless') {
      await backend.stateless(exchange);
      return;
    }

    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      // Another user's session is answered exactly like an unknown one.
      if (session === undefined || session.subject !== principal) {
        rpcError(res, 404, -32001, 'Session not found');
        return;
      }
      sessions.track(sessionId, res, req.method);
      await session.handle(exchange);
      return;
    }
    if (req.method !== 'POST' || !backend.isInitialize(body)) {
      await backend.sessionless(exchange);
      return;
    }
    if (!sessions.reserve()) {
      rpcError(res, 503, -32000, 'Too many sessions', { 'retry-after': '60' });
      return;
    }
    try {
      await backend.openSession(
        exchange,
        principal,
        (id, session) => sessions.add(id, session),
        (id) => sessions.delete(id),
      );
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
  endpoint.close = async () => {
    await sessions.closeAll();
    await backend.close();
  };
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

/** Options of `serveHttp`: the endpoint's, plus the port and a connectionAuth that may need the origin. */
export type ServeHttpOptions<S> = Omit<HttpEndpointOptions<S>, 'connectionAuth'> & {
  readonly port?: number;
  /** Gets the bound origin, since the canonical URI is only known after listening. */
  readonly connectionAuth?: ConnectionAuthOptions | ((origin: string) => ConnectionAuthOptions);
};

/**
 * Serves an endpoint on 127.0.0.1 (port 0 by default), allowing only its own
 * `Host`. The endpoint is built before anything is answered; if building it
 * fails (a misconfigured verifier, say), the port is closed again and the error
 * is thrown, so a failed start leaves nothing listening.
 */
export async function serveEndpoint<S>(
  options: ServeHttpOptions<S>,
  build: (options: HttpEndpointOptions<S>) => HttpEndpoint,
): Promise<HttpServeHandle> {
  let endpoint: HttpEndpoint | undefined;
  const { server, live, origin } = await startOrRelease(async (scope) => {
    const server = scope.defer(
      createHttpServer((req, res) => {
        if (endpoint === undefined) rpcError(res, 503, -32000, 'Starting');
        else void endpoint(req, res);
      }),
      closeHttpServer,
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const origin = `http://127.0.0.1:${port}`;
    const { connectionAuth, ...rest } = options;
    const auth = typeof connectionAuth === 'function' ? connectionAuth(origin) : connectionAuth;
    endpoint = build({
      ...rest,
      allowedHosts: options.allowedHosts ?? [`127.0.0.1:${port}`, `localhost:${port}`],
      ...(auth === undefined ? {} : { connectionAuth: auth }),
    });
    return { server, live: endpoint, origin };
  });
  return {
    url: `${origin}${options.path ?? '/mcp'}`,
    origin,
    endpoint: live,
    async close() {
      await live.close();
      await closeHttpServer(server);
    },
  };
}
