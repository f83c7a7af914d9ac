import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { serveStdio } from '@toolscope/server';
import { registerAcmeTools } from '@toolscope-generated/acme-server';

await serveStdio(() => {
  const server = new McpServer({ name: 'acme', version: '1.0.0' });
  registerAcmeTools(server, {
    acmeListItems: (input, context) => ({
      content: [
        {
          type: 'text',
          text: `items for a ${context.token.length}-character token, limit ${input.limit ?? 10}`,
        },
      ],
    }),
    acmeLookup: (input) => ({ content: [{ type: 'text', text: `code ${input.code}` }] }),
    acmePing: () => ({ content: [{ type: 'text', text: 'pong' }] }),
  });
  return server;
});
