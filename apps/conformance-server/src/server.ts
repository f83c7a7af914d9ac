import {
  InMemoryServerEventBus,
  McpServer,
  type ServerEventBus,
} from '@modelcontextprotocol/server';
import type { ToolscopeServerOptions } from '@toolscope/server/v2';
import { registerConformanceTools } from '@toolscope-demo/conformance-server';
import { registerExtras } from './extras.js';
import { flowStateCodec } from './state.js';
import { conformanceHandlers } from './tools.js';

/**
 * Builds conformance server instances; every instance shares one requestState
 * key and the bus list changes are announced on (hand the same bus to the endpoint).
 */
export function conformanceServerFactory(
  options: ToolscopeServerOptions = {},
  bus: ServerEventBus = new InMemoryServerEventBus(),
): () => McpServer {
  const codec = flowStateCodec();
  return () => {
    const server = new McpServer(
      { name: 'toolscope-conformance', version: '0.1.0' },
      {
        capabilities: { logging: {} },
        requestState: { verify: codec.verify },
      },
    );
    const handlers = conformanceHandlers({
      codec,
      bus,
      sessionCapabilities: () =>
        server.server.getClientCapabilities() as Record<string, unknown> | undefined,
    });
    registerConformanceTools(server, handlers, options);
    registerExtras(server);
    return server;
  };
}
