// One agent instance in its own process, sharing a Redis vault with others:
// waits for the parent's signal, asks for a token (which needs a refresh) and
// prints the sha256 of what it got. Spawned by multi-process.test.ts.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { createAgent } from '../src/agent/agent.js';
import { KeyRing } from '../src/vault/key-ring.js';
import { openRedisVault } from '../src/vault/redis.js';

const env = process.env as Record<string, string>;
const redis = new Redis({ host: '127.0.0.1', port: Number(env['REDIS_PORT']) });
const vault = openRedisVault(redis, KeyRing.fromEnv(), { prefix: env['VAULT_PREFIX']! });
const agent = createAgent({
  // Only tokens are asked for here; no tool is ever called.
  client: {
    callTool: () => Promise.reject(new Error('not used')),
    listTools: () => Promise.resolve({ tools: [] }),
  },
  vault,
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
const session = agent.forUser(env['USER_ID']!);
const requirement = { method: 'oauth2', requiredScopes: [], provider: { id: 'zoom' } } as const;
// Warm up discovery, say ready, and wait for the parent's go: both processes then race on the refresh.
await agent.oauthProvider('zoom').metadata();
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const tokens = await Promise.all(
  Array.from({ length: 5 }, () => session.getToken({ tool: 'zoom_meetings', requirement })),
);
const hashes = tokens.map((t) =>
  createHash('sha256')
    .update(t ?? '')
    .digest('hex'),
);
process.stdout.write(`${JSON.stringify(hashes)}\n`);
redis.disconnect();
process.stdin.destroy();
