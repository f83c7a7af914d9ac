/**
 * `@toolscope/server/v1`: per-tool authorization on `@modelcontextprotocol/sdk`
 * 1.x — `registerTools`, the Streamable HTTP endpoint and stdio — plus
 * everything of `@toolscope/server`.
 */
export * from '../index.js';
export { createHttpEndpoint, serveHttp, type V1Server } from './http.js';
export { registerTools } from './install.js';
export { serveStdio } from './stdio.js';
