import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

/**
 * Serves one server over stdio. There is no HTTP header here, so `self` tools
 * take their token from `_meta.authorization` like any other tool (WIRE.md §5).
 */
export async function serveStdio(
  createServer: () => Server | McpServer,
): Promise<{ close(): Promise<void> }> {
  const server = createServer();
  await server.connect(new StdioServerTransport());
  return { close: () => server.close() };
}
