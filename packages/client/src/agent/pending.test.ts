import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KeyRing } from '../vault/key-ring.js';
import { MemoryVaultStore } from '../vault/memory.js';
import { RedisPendingAuthorizationStore } from '../vault/redis.js';
import { TokenVault } from '../vault/vault.js';
import { createAgent } from './agent.js';
import {
  MemoryPendingAuthorizationStore,
  type PendingAuthorization,
  type PendingAuthorizationStore,
  PendingAuthorizations,
  pendingSlot,
} from './pending.js';

const prefix = `pending-test:${process.pid}:${Date.now()}:`;
const ring = new KeyRing([{ kid: 'k1', key: KeyRing.generateKey() }]);
let redis: Redis;

beforeAll(() => {
  redis = new Redis({ host: '127.0.0.1', port: inject('redisPort') });
});

afterAll(async () => {
  const left = await redis.keys(`${prefix}*`);
  if (left.length > 0) await redis.del(...left);
  redis.disconnect();
});

const entry = (
  userId: string,
  ttlMs = 60_000,
): Omit<PendingAuthorization, 'expiresAt'> & {
  expiresAt: number;
} => ({
  userId,
  provider: 'zoom',
  codeVerifier: `verifier-of-${userId}-0123456789abcdef0123456789abcdef`,
  scopes: ['meeting:read'],
  resource: 'https://api.zoom.example',
  redirectUri: 'http://127.0.0.1/cb',
  advertisedIssuer: undefined,
  expiresAt: Date.now() + ttlMs,
});

const stores: [string, () => PendingAuthorizationStore][] = [
  ['memory', () => new MemoryPendingAuthorizationStore()],
  [
    'redis',
    () => new RedisPendingAuthorizationStore(redis, ring, { prefix: `${prefix}${Math.random()}:` }),
  ],
];

describe.each(stores)('%s pending-authorization store', (_name, make) => {
  it('hands an entry out once, to its own user only', async () => {
    const pending = new PendingAuthorizations(60_000, make());
    await pending.add('state-1', entry('alice'));
    await expect(pending.take('state-1', 'bob')).rejects.toMatchObject({
      code: 'OAUTH_FLOW_FAILED',
    });
    expect((await pending.take('state-1', 'alice')).codeVerifier).toContain('verifier-of-alice');
    await expect(pending.take('state-1', 'alice')).rejects.toMatchObject({
      code: 'OAUTH_FLOW_FAILED',
    });
    await expect(pending.take(null, 'alice')).rejects.toMatchObject({ code: 'OAUTH_FLOW_FAILED' });
  });

  it('forgets an entry once its time is up', async () => {
    const pending = new PendingAuthorizations(40, make());
    await pending.add('state-2', entry('alice'));
    await new Promise((resolve) => setTimeout(resolve, 80));
    await expect(pending.take('state-2', 'alice')).rejects.toMatchObject({
      code: 'OAUTH_FLOW_FAILED',
    });
  });
});

describe('Redis pending-authorization store', () => {
  it('gives a state to exactly one of many concurrent takers on separate connections', async () => {
    const connections = Array.from(
      { length: 4 },
      () => new Redis({ host: '127.0.0.1', port: inject('redisPort') }),
    );
    const storePrefix = `${prefix}race:`;
    const takers = connections.map(
      (c) => new RedisPendingAuthorizationStore(c, ring, { prefix: storePrefix }),
    );
    for (let round = 0; round < 20; round++) {
      const slot = pendingSlot('alice', `race-${round}`);
      await takers[0]!.put(slot, entry('alice'));
      const got = await Promise.all(takers.flatMap((t) => [t.take(slot), t.take(slot)]));
      expect(got.filter((g) => g !== undefined)).toHaveLength(1);
    }
    for (const c of connections) c.disconnect();
  });

  it('seals what it stores, with a TTL, and refuses a record that was moved or altered', async () => {
    const storePrefix = `${prefix}sealed:`;
    const store = new RedisPendingAuthorizationStore(redis, ring, { prefix: storePrefix });
    const slot = pendingSlot('alice', 'secret-state');
    await store.put(slot, entry('alice', 5_000));
    const raw = (await redis.get(`${storePrefix}${slot}`))!;
    expect(raw).not.toContain('verifier-of-alice');
    expect(raw).not.toContain('alice');
    const ttl = await redis.pttl(`${storePrefix}${slot}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);
    // Pasted under another user's slot, the sealed record does not open.
    const other = pendingSlot('bob', 'secret-state');
    await redis.set(`${storePrefix}${other}`, raw);
    await expect(store.take(other)).rejects.toMatchObject({ code: 'VAULT_DECRYPT_FAILED' });
    await redis.set(`${storePrefix}${slot}`, `${raw.slice(0, -4)}AAAA`);
    await expect(store.take(slot)).rejects.toMatchObject({ code: 'VAULT_DECRYPT_FAILED' });
  });
});

describe('agent durations in milliseconds', () => {
  const base = {
    client: {
      callTool: () => Promise.reject(new Error('not used')),
      listTools: () => Promise.resolve({ tools: [] }),
    },
    vault: new TokenVault(new MemoryVaultStore(), ring),
    providers: {},
  };

  it('refuses a setting given both in ms and in deprecated seconds, naming both', () => {
    expect(() => createAgent({ ...base, refreshSkewMs: 5_000, refreshSkewSeconds: 5 })).toThrow(
      /refreshSkewMs and refreshSkewSeconds/,
    );
    expect(() =>
      createAgent({ ...base, pendingAuthorizationTtlMs: 1, pendingAuthorizationTtlSeconds: 1 }),
    ).toThrow(/pendingAuthorizationTtlMs and pendingAuthorizationTtlSeconds/);
    expect(() => createAgent({ ...base, unknownToolRelistMs: -1 })).toThrow(/unknownToolRelistMs/);
  });

  it('converts deprecated seconds: a pending authorization lives as long either way', async () => {
    for (const options of [
      { pendingAuthorizationTtlSeconds: 0.05 },
      { pendingAuthorizationTtlMs: 50 },
    ]) {
      const agent = createAgent({ ...base, ...options });
      await agent.pending.add('s', entry('alice'));
      expect((await agent.pending.take('s', 'alice')).expiresAt - Date.now()).toBeLessThanOrEqual(
        50,
      );
      await agent.pending.add('s', entry('alice'));
      await new Promise((resolve) => setTimeout(resolve, 90));
      await expect(agent.pending.take('s', 'alice')).rejects.toMatchObject({
        code: 'OAUTH_FLOW_FAILED',
      });
    }
  });
});
