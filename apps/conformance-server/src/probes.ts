import type { McpServer } from '@modelcontextprotocol/server';
import { registerTools } from '@toolscope/server/v2';
import { toolDefinitions } from '@toolscope-demo/conformance-server';
import { flowStateCodec } from './state.js';
import { conformanceHandlers } from './tools.js';

/** The tools the suite's `server-stateless` scenario calls by name, on any server it tests. */
export const STATELESS_PROBES = [
  'test_logging_tool',
  'test_streaming_elicitation',
  'test_missing_capability',
] as const;

/**
 * Adds the `server-stateless` probe tools, from the conformance manifest and
 * its handlers, to another server (the demo's, with `--conformance-probes`),
 * so the suite can test that server's stateless machinery too.
 */
export function registerStatelessProbes(server: McpServer): void {
  const codec = flowStateCodec();
  const handlers = conformanceHandlers({
    codec,
    bus: { publish: () => undefined, subscribe: () => () => undefined },
    sessionCapabilities: () =>
      server.server.getClientCapabilities() as Record<string, unknown> | undefined,
  });
  registerTools(server, [
    { definition: toolDefinitions.test_logging_tool, handler: handlers.testLoggingTool },
    {
      definition: toolDefinitions.test_streaming_elicitation,
      handler: handlers.testStreamingElicitation,
    },
    {
      definition: toolDefinitions.test_missing_capability,
      handler: handlers.testMissingCapability,
    },
  ]);
}
