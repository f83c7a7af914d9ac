import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpEndpoint } from '@toolscope/server/v2';
import {
  workspaceProviders,
  toolDefinitions as workspaceTools,
} from '@toolscope-demo/workspace-server';
import { type DemoServerConfig, MCP_PATH, WORKSPACE_PATH } from './config.js';
import { demoServerFactory } from './demo-server.js';
import { demoMiddleware, demoToolOptions } from './tool-options.js';

/** The running demo MCP server. */
export interface DemoHttpHandle {
  /** Every toolset; tool tokens per call in `_meta.authorization`. */
  readonly mcpUrl: string;
  /** The first-party toolset in spec-native header mode (connection token). */
  readonly workspaceUrl: string;
  /** RFC 9728 metadata of the workspace endpoint. */
  readonly resourceMetadataUrl: string;
  close(): Promise<void>;
}

/**
 * Serves the demo on 127.0.0.1 with two endpoints: `/mcp` carries every
 * toolset for a multi-user agent (one shared session, a token per call), and
 * `/workspace/mcp` carries the first-party toolset in header mode, where the
 * connection token is the user's and a missing scope is an HTTP 403.
 */
export async function startDemoHttp(config: DemoServerConfig): Promise<DemoHttpHandle> {
  let route: RequestListener | undefined;
  const server = createServer((req, res) => route?.(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const selfResource = config.self.resource ?? `${origin}${WORKSPACE_PATH}`;
  const options = demoToolOptions(config, selfResource, demoMiddleware(config));
  const build = demoServerFactory(config, options);
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const handleAll = createHttpEndpoint({
    createServer: () => build('all'),
    mode: 'session',
    path: MCP_PATH,
    allowedHosts,
  });
  const resourceMetadataUrl = `${origin}/.well-known/oauth-protected-resource${WORKSPACE_PATH}`;
  const handleWorkspace = createHttpEndpoint({
    createServer: () => build('workspace'),
    path: WORKSPACE_PATH,
    allowedHosts,
    connectionAuth: {
      resource: selfResource,
      issuer: config.self.issuer,
      authorizationServers: [config.self.issuer],
      verifier: { ...workspaceProviders.self.verifier, jwksUri: config.self.jwksUri },
      tools: Object.values(workspaceTools),
      resourceMetadataUrl,
    },
  });
  route = (req, res) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    void (path === MCP_PATH ? handleAll(req, res) : handleWorkspace(req, res));
  };
  return {
    mcpUrl: `${origin}${MCP_PATH}`,
    workspaceUrl: selfResource,
    resourceMetadataUrl,
    async close() {
      await Promise.all([handleAll.close(), handleWorkspace.close()]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
