import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { V1Server } from './http.js';

/**
 * Serves one SDK 1.x server over stdio. There is no HTTP header here, so `self`
 * tools take their token from `_meta.authorization` like any other tool (wire-protocol.md §5).
 */
export async function serveStdio(
  createServer: () => V1Server,
): Promise<{ close(): Promise<void> }> {
  const server = createServer();
  await server.connect(new StdioServerTransport());
  return { close: () => server.close() };
}
