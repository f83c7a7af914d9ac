// One agent instance in its own process, with its vault and its pending
// authorizations in Redis. It reads commands from stdin, one per line, and
// answers each with one JSON line: `start <user>` begins an authorization,
// `complete <user> <callback URL>` finishes one. Spawned by pending-restart.test.ts.
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { createAgent } from '../src/agent/agent.js';
import { KeyRing } from '../src/vault/key-ring.js';
import { openRedisVault, RedisPendingAuthorizationStore } from '../src/vault/redis.js';

const env = process.env as Record<string, string>;
const redis = new Redis({ host: '127.0.0.1', port: Number(env['REDIS_PORT']) });
const keys = KeyRing.fromEnv();
const agent = createAgent({
  client: {
    callTool: () => Promise.reject(new Error('not used')),
    listTools: () => Promise.resolve({ tools: [] }),
  },
  vault: openRedisVault(redis, keys, { prefix: `${env['PREFIX']}vault:` }),
  pendingAuthorizations: new RedisPendingAuthorizationStore(redis, keys, {
    prefix: `${env['PREFIX']}pending:`,
  }),
  allowPrivateNetwork: true,
  providers: {
    zoom: {
      type: 'oauth2',
      issuer: env['ISSUER']!,
      clientId: env['CLIENT_ID']!,
      redirectUri: env['REDIRECT_URI']!,
      resource: env['RESOURCE']!,
    },
  },
});

const answer = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
process.stdout.write(`${JSON.stringify({ ready: process.pid })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const [command, user, callback] = line.split(' ');
  try {
    if (command === 'start') {
      answer({ start: await agent.forUser(user!).authorizationUrl('zoom', ['meeting:read']) });
    } else if (command === 'complete') {
      answer({ outcome: await agent.forUser(user!).completeAuthorization(callback!) });
    }
  } catch (error) {
    answer({ error: (error as { code?: string }).code ?? 'UNKNOWN' });
  }
}
redis.disconnect();
