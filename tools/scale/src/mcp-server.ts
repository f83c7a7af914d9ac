// One stateless MCP server instance (SDK v2, @toolscope/server's HTTP
// endpoint). Four of these run behind HAProxy; none keeps anything between
// requests, so any instance answers any call. Child process of the runner.
import { Server } from '@modelcontextprotocol/server';
import { registerTools, serveHttp } from '@toolscope/server/v2';
import { reportWarnings, sampleSelf } from './common.js';

reportWarnings('server');
const env = process.env as Record<string, string>;
const instance = env['INSTANCE']!;
const downstream = env['DOWNSTREAM']!;
const issuer = env['ISSUER']!;
const lbHost = env['LB_HOST']!;

const inputSchema = {
  type: 'object' as const,
  properties: { user: { type: 'string' }, call: { type: 'string' } },
  required: ['user', 'call'],
};

const providers = {
  zoom: {
    id: 'zoom',
    type: 'oauth2' as const,
    issuer,
    resource: downstream,
    verifier: {
      kind: 'jwt' as const,
      jwksUri: `${issuer}/jwks`,
      algorithms: ['RS256'],
      typ: 'at+jwt',
      clockToleranceSeconds: 0,
    },
  },
  canary: { id: 'canary', type: 'apiKey' as const, resource: downstream, headerName: 'x-api-key' },
};

async function relay(
  fetchUpstream: (path: string) => Promise<Response>,
  path: string,
  input: { user: string; call: string },
) {
  const query = new URLSearchParams({ user: input.user, call: input.call });
  const response = await fetchUpstream(`${path}?${query}`);
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`downstream answered ${response.status}`);
  return { content: [{ type: 'text', text: JSON.stringify({ ...body, instance }) }] };
}

const tools = [
  {
    definition: {
      name: 'whoami',
      description: 'Asks the downstream API whose OAuth token arrived.',
      inputSchema,
      requirement: {
        method: 'oauth2' as const,
        requiredScopes: ['meeting:read'],
        provider: { id: 'zoom', issuer, resource: downstream },
      },
    },
    handler: (
      input: { user: string; call: string },
      ctx: { fetch: (p: string) => Promise<Response> },
    ) => relay(ctx.fetch, '/whoami', input),
  },
  {
    definition: {
      name: 'whoami_key',
      description: 'Asks the downstream API whose API key arrived.',
      inputSchema,
      requirement: {
        method: 'apiKey' as const,
        provider: { id: 'canary', headerName: 'x-api-key' },
      },
    },
    handler: (
      input: { user: string; call: string },
      ctx: { fetch: (p: string) => Promise<Response> },
    ) => relay(ctx.fetch, '/key', input),
  },
];

const handle = await serveHttp({
  createServer: () => {
    const server = new Server(
      { name: `scale-${instance}`, version: '0.0.0' },
      { capabilities: { tools: {} } },
    );
    registerTools(server, tools, { providers });
    return server;
  },
  port: 0,
  allowedHosts: [lbHost],
});

process.on('message', (message: { type: string }) => {
  if (message.type === 'sample') process.send?.({ type: 'sample', sample: sampleSelf() });
});
process.send?.({ type: 'ready', url: handle.url });
