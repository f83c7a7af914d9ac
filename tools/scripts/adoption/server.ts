import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@toolscope/server/v2';
import { registerAcmeTools } from '@toolscope-generated/acme-server';

// The generated stub on the official SDK v2 (the generator's default `sdk`), over stdio.
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
