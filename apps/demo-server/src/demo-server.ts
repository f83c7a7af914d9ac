import { McpServer } from '@modelcontextprotocol/server';
import { registerStatelessProbes } from '@toolscope/conformance-server';
import { registerCrmTools } from '@toolscope-demo/crm-server';
import { registerOrdersTools } from '@toolscope-demo/orders-server';
import { registerWorkspaceTools } from '@toolscope-demo/workspace-server';
import { registerZoomTools } from '@toolscope-demo/zoom-server';
import type { DemoServerConfig } from './config.js';
import { crmHandlers } from './handlers/crm.js';
import { WorkspaceStore, workspaceHandlers } from './handlers/workspace.js';
import { zoomHandlers } from './handlers/zoom.js';
import type { DemoToolOptions } from './tool-options.js';

/** Which toolsets a server instance carries. */
export type DemoToolsets = 'all' | 'workspace';

/** Builds MCP server instances (one per request or session) over shared handlers and state. */
export function demoServerFactory(
  config: DemoServerConfig,
  options: DemoToolOptions,
  store: WorkspaceStore = new WorkspaceStore(),
): (toolsets?: DemoToolsets) => McpServer {
  const zoom = zoomHandlers(config.zoom.statusUrl);
  const crm = crmHandlers();
  const workspace = workspaceHandlers(store);
  return (toolsets = 'all') => {
    // Empty prompt and resource lists, answered with their cache hints (2026-07-28).
    const server = new McpServer(
      { name: 'toolscope-demo', version: '0.1.0' },
      { capabilities: { logging: {}, prompts: {}, resources: {} } },
    );
    if (toolsets === 'all') {
      registerZoomTools(server, zoom, options.zoom);
      registerCrmTools(server, crm, options.crm);
      // Zero-code: every orders tool is declarative (manifests/orders.yaml `http`), so no handler is
      // written; the department's key goes to the order service in its X-Api-Key header.
      registerOrdersTools(server, {}, options.orders);
    }
    registerWorkspaceTools(server, workspace, options.workspace);
    if (toolsets === 'all' && config.conformanceProbes === true) registerStatelessProbes(server);
    return server;
  };
}
