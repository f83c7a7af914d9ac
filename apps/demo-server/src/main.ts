#!/usr/bin/env node
/**
 * Runs the demo MCP server: Streamable HTTP by default (one JSON line on
 * stdout says where), or `--stdio` with the same handlers. Configuration comes
 * in TOOLSCOPE_DEMO_SERVER as JSON (a DemoServerConfig).
 */
import { ToolscopeError } from '@toolscope/core';
import { serveStdio } from '@toolscope/server/v2';
import { type DemoServerConfig, WORKSPACE_PATH } from './config.js';
import { demoServerFactory } from './demo-server.js';
import { startDemoHttp } from './http.js';
import { demoMiddleware, demoToolOptions } from './tool-options.js';

const raw = process.env['TOOLSCOPE_DEMO_SERVER'];
if (raw === undefined) {
  throw new ToolscopeError('CONFIG_INVALID', 'TOOLSCOPE_DEMO_SERVER is not set.', {
    hint: 'Start the demo with `pnpm demo`, which sets it.',
  });
}
const config = JSON.parse(raw) as DemoServerConfig;

if (process.argv.includes('--stdio')) {
  // No header on stdio: first-party tools take their token from _meta like the others.
  const selfResource = config.self.resource ?? `http://127.0.0.1${WORKSPACE_PATH}`;
  const build = demoServerFactory(
    config,
    demoToolOptions(config, selfResource, demoMiddleware(config)),
  );
  const stdio = await serveStdio(() => build('all'));
  process.stdin.once('end', () => void stdio.close().then(() => process.exit(0)));
} else {
  const http = await startDemoHttp(config);
  process.stdout.write(
    `${JSON.stringify({ ready: 'demo-server', mcp: http.mcpUrl, workspace: http.workspaceUrl, resourceMetadata: http.resourceMetadataUrl })}\n`,
  );
  const stop = () => void http.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
