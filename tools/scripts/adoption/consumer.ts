import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createAcmeClient } from '@toolscope-generated/acme-client';

const client = new Client({ name: 'adoption-consumer', version: '1.0.0' });
await client.connect(
  new StdioClientTransport({
    command: process.execPath,
    args: [new URL('./server.js', import.meta.url).pathname],
  }),
);
const acme = createAcmeClient(client);

// Token iff needed, as compile-time facts.
const typeOnly = async () => {
  // @ts-expect-error an oauth2 tool needs a token
  await acme.acmeListItems({ limit: 1 });
  // @ts-expect-error an apiKey tool needs a token
  await acme.acmeLookup({ code: 'x' }, {});
  // @ts-expect-error a none tool refuses one
  await acme.acmePing({}, { token: 'not-for-this-tool' });
};
void typeOnly;

const report: Record<string, unknown> = {};
// The typed client refuses to send without a token; the raw SDK call shows the server's answer.
const raw = await client.callTool({ name: 'acme_listItems', arguments: {} }).then(
  (result) => ({ result }),
  (error: { code?: number; data?: { error?: string } }) => ({
    code: error.code,
    error: error.data?.error,
  }),
);
report['without'] = raw;
const withToken = await acme.acmeListItems({ limit: 2 }, { token: 'adoption-test-token' });
report['with'] = withToken;
report['ping'] = await acme.acmePing({});
console.log(JSON.stringify(report));
await client.close();
