import { serveStdio as sdkServeStdio } from '@modelcontextprotocol/server/stdio';
import type { V2Server } from './http.js';

/**
 * Serves a v2 server over stdio, both eras: the opening exchange picks the
 * era and one server from the factory serves the connection. There is no HTTP
 * header here, so `self` tools take their token from `_meta.authorization`
 * like any other tool (wire-protocol.md §5).
 */
export async function serveStdio(
  createServer: () => V2Server,
): Promise<{ close(): Promise<void> }> {
  const handle = sdkServeStdio(() => createServer());
  return { close: () => handle.close() };
}
