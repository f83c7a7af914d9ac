// One agent instance: a v2 MCP client to the load balancer, and a toolscope
// agent whose vault, refresh locks and pending authorizations all live in the
// shared Redis. Three of these serve the same users; the runner sends each
// call to whichever is alive. Child process of the runner (IPC).
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { TEST_CLIENT_ID, TEST_REDIRECT_URI } from '@toolscope/auth-server';
import { createAgent, KeyRing } from '@toolscope/client';
import { openRedisVault, RedisPendingAuthorizationStore } from '@toolscope/client/redis';
import { Redis } from 'ioredis';
import { reportWarnings, sampleSelf } from './common.js';

reportWarnings('agent');
const env = process.env as Record<string, string>;
const keys = KeyRing.fromEnv();
// Commands wait while Redis restarts (the offline queue) instead of failing.
const redis = new Redis({
  host: '127.0.0.1',
  port: Number(env['REDIS_PORT']),
  maxRetriesPerRequest: null,
  retryStrategy: (times) => Math.min(50 * times, 500),
});
// Connection errors while Redis restarts are expected; commands wait in the offline queue.
redis.on('error', () => undefined);
const prefix = env['PREFIX']!;
const vault = openRedisVault(redis, keys, { prefix: `${prefix}vault:` });

// The refreshes this process has in flight: the runner kills one agent mid-refresh.
let refreshing = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  const isToken = url.endsWith('/token') && String(init?.body ?? '').includes('refresh_token');
  if (!isToken) return realFetch(input, init);
  refreshing++;
  process.send?.({ type: 'refreshing', count: refreshing });
  try {
    return await realFetch(input, init);
  } finally {
    refreshing--;
  }
};

let signInsAsked = 0;
const agent = createAgent({
  client: await connect(),
  vault,
  pendingAuthorizations: new RedisPendingAuthorizationStore(redis, keys, {
    prefix: `${prefix}pending:`,
  }),
  allowPrivateNetwork: true,
  refreshSkewMs: Number(env['REFRESH_SKEW_MS']),
  oauthRequestTimeoutMs: 3_000,
  refreshLockTtlMs: 5_000,
  providers: {
    zoom: {
      type: 'oauth2',
      issuer: env['ISSUER']!,
      clientId: TEST_CLIENT_ID,
      redirectUri: TEST_REDIRECT_URI,
      resource: env['DOWNSTREAM']!,
    },
    canary: { type: 'apiKey' },
  },
  // Once signed in, nobody is asked to sign in again: the run counts every ask.
  onAuthorizationRequired: () => {
    signInsAsked++;
    return false;
  },
});

async function connect(): Promise<Client> {
  const client = new Client(
    { name: `scale-agent-${env['INSTANCE']}`, version: '0.0.0' },
    { versionNegotiation: { mode: 'auto' } },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(env['MCP_URL']!)));
  return client;
}

/** What an answer or a failure says, without anything secret. */
function describeError(error: unknown): { code: string; message: string } {
  const e = error as { code?: unknown; name?: unknown; message?: unknown };
  const code =
    typeof e.code === 'string' || typeof e.code === 'number'
      ? String(e.code)
      : String(e.name ?? 'Error');
  return { code, message: String(e.message ?? '').slice(0, 200) };
}

type Message = { type: string; id: number; [key: string]: unknown };

async function handle(message: Message): Promise<unknown> {
  const user = String(message['user'] ?? '');
  switch (message.type) {
    case 'start':
      return agent.forUser(user).authorizationUrl('zoom', ['meeting:read']);
    case 'complete':
      return agent.forUser(user).completeAuthorization(String(message['callback']));
    case 'setKey':
      await agent.forUser(user).setApiKey('canary', String(message['key']));
      return {};
    case 'call': {
      const result = await agent
        .forUser(user)
        .callTool(
          String(message['tool']),
          { user, call: String(message['call']) },
          { timeout: 20_000 },
        );
      const first = (result.content as { type: string; text?: string }[] | undefined)?.[0];
      if (result.isError === true || first?.text === undefined) {
        return { failed: { code: 'TOOL_ERROR', message: String(first?.text ?? '').slice(0, 200) } };
      }
      return { answer: JSON.parse(first.text) as unknown };
    }
    case 'sample':
      return { sample: sampleSelf(), signInsAsked };
    default:
      throw new Error(`unknown command ${message.type}`);
  }
}

process.on('message', (message: Message) => {
  handle(message).then(
    (value) => process.send?.({ type: 'reply', id: message.id, value }),
    (error: unknown) =>
      process.send?.({ type: 'reply', id: message.id, error: describeError(error) }),
  );
});
process.send?.({ type: 'ready' });
