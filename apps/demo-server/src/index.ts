export { type AuditRecord, auditFile, auditMiddleware } from './audit.js';
export { type DemoServerConfig, MCP_PATH, WORKSPACE_PATH } from './config.js';
export { type DemoToolsets, demoServerFactory } from './demo-server.js';
export { WorkspaceStore } from './handlers/workspace.js';
export { type DemoHttpHandle, startDemoHttp } from './http.js';
export { type DemoToolOptions, demoMiddleware, demoToolOptions } from './tool-options.js';
