// Profiles one in-process tools/call scenario on SDK v2 (not a suite: run by hand),
//   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof tools/bench/profile/v2-call.ts opaque|none [calls]
//   node tools/bench/profile/summarize.mjs /tmp/prof 30 'engine/|exposure|redact'
// The official v2 Client over InMemoryTransport, a McpServer with toolscope's
// registerTools: `none` sends no token, `opaque` sends `_meta.authorization`.
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { registerTools } from '@toolscope/server/v2';

const which = process.argv[2];
const server = new McpServer({ name: 't', version: '1' });
const result = { content: [{ type: 'text' as const, text: 'ok' }] };
registerTools(server, [
  {
    definition: {
      name: 'work',
      inputSchema: { type: 'object', properties: { n: { type: 'number' } } },
      requirement:
        which === 'none'
          ? { method: 'none' }
          : {
              method: 'oauth2',
              requiredScopes: ['bench:read'],
              provider: { id: 'bench', issuer: 'https://i.example', resource: 'https://r.example' },
            },
    },
    handler: () => result,
  },
]);
const [a, b] = InMemoryTransport.createLinkedPair();
await server.connect(a);
const client = new Client({ name: 'bench', version: '1.0.0' });
await client.connect(b);
const N = Number(process.argv[3] ?? 20000);
const t = performance.now();
for (let i = 0; i < N; i++)
  await client.callTool({
    name: 'work',
    arguments: { n: i },
    ...(which === 'none'
      ? {}
      : { _meta: { authorization: { method: 'oauth2', token: 'tok-abc' } } }),
  });
console.log(which, Math.round(N / ((performance.now() - t) / 1000)), 'calls/s');
