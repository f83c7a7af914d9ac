// A small MCP server over stdio for the transport test: one `self` tool, one `none` tool.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { registerTools, serveStdio } from '../src/sdk-v1/index.js';

await serveStdio(() => {
  const server = new Server({ name: 'stdio-fixture', version: '1.0.0' }, { capabilities: {} });
  registerTools(server, [
    {
      definition: {
        name: 'notes_read',
        inputSchema: { type: 'object' },
        requirement: {
          method: 'oauth2',
          requiredScopes: ['notes:read'],
          provider: { id: 'self', resource: 'http://127.0.0.1/mcp' },
        },
      },
      handler: (_input: unknown, ctx: { token: string }) => ({
        content: [{ type: 'text', text: `token length ${ctx.token.length}` }],
      }),
    },
    {
      definition: {
        name: 'ping',
        inputSchema: { type: 'object' },
        requirement: { method: 'none' },
      },
      handler: (_input: unknown, ctx: { token?: string }) => ({
        content: [{ type: 'text', text: ctx.token === undefined ? 'no token' : 'token!' }],
      }),
    },
  ]);
  return server;
});
