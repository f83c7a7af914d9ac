import { InMemoryServerEventBus } from '@modelcontextprotocol/server';
import { serveHttp } from '@toolscope/server/v2';
import { conformanceServerFactory } from './server.js';

/** The running conformance server. */
export interface ConformanceHttpHandle {
  /** Its MCP endpoint, `http://127.0.0.1:PORT/mcp`. */
  readonly url: string;
  /** Stops serving and closes every session. */
  close(): Promise<void>;
}

/**
 * Serves the conformance server on 127.0.0.1 (port 0 picks a free one) in
 * session mode: 2025-era clients get sessions, 2026-07-28 requests are
 * answered statelessly.
 */
export async function serveConformance(
  options: { port?: number } = {},
): Promise<ConformanceHttpHandle> {
  const bus = new InMemoryServerEventBus();
  const handle = await serveHttp({
    bus,
    createServer: conformanceServerFactory({}, bus),
    mode: 'session',
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  return { url: handle.url, close: () => handle.close() };
}
