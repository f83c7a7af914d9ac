import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a route handler answers: a status and a JSON body. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One route: method, a path pattern with named groups, and its handler. */
export interface Route<Caller> {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: RegExp;
  /** Scopes (oauth2) the caller must hold; empty for routes that only need a valid caller. */
  readonly scopes?: readonly string[];
  /** A public route: no credential is checked. */
  readonly public?: boolean;
  readonly handle: (request: {
    readonly caller: Caller;
    readonly params: Readonly<Record<string, string>>;
    readonly query: URLSearchParams;
    readonly body: Record<string, unknown>;
  }) => ApiAnswer | Promise<ApiAnswer>;
}

/** Decides who is calling, or answers 401/403 itself. */
export type Authenticate<Caller> = (
  req: IncomingMessage,
  route: Route<Caller>,
) => Promise<{ readonly caller: Caller } | ApiAnswer>;

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, answer: ApiAnswer): void {
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...answer.headers,
  });
  res.end(JSON.stringify(answer.body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // The demo APIs take small bodies; anything bigger is not a real request.
    if (size > 64 * 1024) return {};
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A request listener over a route table, with authentication before every route. */
export function createApi<Caller>(
  routes: readonly Route<Caller>[],
  authenticate: Authenticate<Caller>,
  basePath = '',
): RequestListener {
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : '';
    for (const route of routes) {
      const match = route.path.exec(path);
      if (match === null || route.method !== req.method) continue;
      const who = await authenticate(req, route);
      if (!('caller' in who)) {
        sendJson(res, who);
        return;
      }
      const body = req.method === 'GET' ? {} : await readJson(req);
      const params = { ...match.groups };
      sendJson(
        res,
        await route.handle({ caller: who.caller, params, query: url.searchParams, body }),
      );
      return;
    }
    sendJson(res, { status: 404, body: { error: 'not_found' } });
  };
  return (req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, { status: 500, body: { error: 'internal' } });
      else res.end();
    });
  };
}

/** A listener on 127.0.0.1 (port 0: a free one). */
export interface Listening {
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1. */
export async function listenLoopback(listener: RequestListener, port = 0): Promise<Listening> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
