/**
 * `@toolscope/server/v2`: per-tool authorization on `@modelcontextprotocol/server`
 * v2 — `registerTools`, the Streamable HTTP endpoint (stateless by default,
 * MCP 2026-07-28 and 2025-era clients) and stdio — plus everything of
 * `@toolscope/server`.
 */
export * from '../index.js';
export { TOOLSCOPE_EXTENSION_ID, toolscopeExtension } from './extension.js';
export { createHttpEndpoint, serveHttp, type V2EndpointOptions, type V2Server } from './http.js';
export { registerTools } from './install.js';
export { serveStdio } from './stdio.js';
