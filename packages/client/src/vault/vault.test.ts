import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { KeyRing } from './key-ring.js';
import { MemoryVaultStore } from './memory.js';
import { RedisVaultStore } from './redis.js';
import { SqliteVaultStore } from './sqlite.js';
import type { VaultEntryKey, VaultStore } from './store.js';
import { TokenVault } from './vault.js';

const CANARY_ACCESS = 'canary-access-7f3a9c';
const CANARY_REFRESH = 'canary-refresh-51be02';
const k1 = KeyRing.generateKey();
const ring1 = new KeyRing([{ kid: 'k1', key: k1 }]);
const k2 = KeyRing.generateKey();

/** A backend under test, plus a way to move a stored row under another key with its own tools. */
interface Backend {
  readonly name: string;
  store(): VaultStore;
  moveRow(from: VaultEntryKey, toSubject: string): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'ts-vault-'));
const redis = new Redis({ port: inject('redisPort'), host: '127.0.0.1', lazyConnect: true });
const redisPrefix = `test:${process.pid}:${Date.now()}:`;
const memory = new MemoryVaultStore();

const backends: Backend[] = [
  {
    name: 'memory',
    store: () => memory,
    async moveRow(from, toSubject) {
      const record = (await memory.get(from))!;
      await memory.put({ ...from, subject: toSubject }, record);
      await memory.delete(from);
    },
  },
  {
    name: 'sqlite',
    store: () => new SqliteVaultStore(join(dir, 'vault.db')),
    async moveRow(from, toSubject) {
      // A second connection to the same file, as an attacker with file access would use.
      const db = new Database(join(dir, 'vault.db'));
      db.prepare('UPDATE vault_entries SET subject = ? WHERE kind = ? AND subject = ?').run(
        toSubject,
        from.kind,
        from.subject,
      );
      db.close();
    },
  },
  {
    name: 'redis',
    store: () => new RedisVaultStore(redis, { prefix: redisPrefix }),
    async moveRow(from, toSubject) {
      const keys = await redis.keys(`${redisPrefix}entry:*${from.subject}*`);
      for (const key of keys) await redis.rename(key, key.replace(from.subject, toSubject));
    },
  },
];

afterAll(async () => {
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe.each(backends)('TokenVault on $name', (backend) => {
  const store = backend.store();
  const vault = new TokenVault(store, ring1);
  const expiresAt = Date.now() + 3_600_000;

  it('round-trips tokens and API keys, per user, provider, resource and holder', async () => {
    await vault.putTokens('alice', 'zoom', 'https://api.zoom.test', {
      accessToken: CANARY_ACCESS,
      refreshToken: CANARY_REFRESH,
      scopes: ['meeting:read'],
      expiresAt,
    });
    await vault.putApiKey('orders', { userId: 'alice' }, 'user-key');
    await vault.putApiKey('orders', { tenantId: 'acme' }, 'tenant-key');
    expect(await vault.getTokens('alice', 'zoom', 'https://api.zoom.test')).toEqual({
      accessToken: CANARY_ACCESS,
      refreshToken: CANARY_REFRESH,
      scopes: ['meeting:read'],
      expiresAt,
    });
    expect(await vault.getTokens('alice', 'zoom')).toBeUndefined();
    expect(await vault.getTokens('bob', 'zoom', 'https://api.zoom.test')).toBeUndefined();
    expect(await vault.getApiKey('orders', { userId: 'alice' })).toBe('user-key');
    expect(await vault.getApiKey('orders', { tenantId: 'acme' })).toBe('tenant-key');
    expect(await vault.getApiKey('orders', { tenantId: 'alice' })).toBeUndefined();
  });

  it('stores ciphertext only', async () => {
    const raw = await store.get({
      kind: 'oauth2',
      subject: 'alice',
      provider: 'zoom',
      resource: 'https://api.zoom.test',
    });
    expect(raw).toBeDefined();
    expect(raw).not.toContain(CANARY_ACCESS);
    expect(raw).not.toContain(CANARY_REFRESH);
  });

  it('detects a flipped ciphertext byte', async () => {
    await vault.putTokens('carol', 'zoom', undefined, { accessToken: CANARY_ACCESS, scopes: [] });
    const key: VaultEntryKey = { kind: 'oauth2', subject: 'carol', provider: 'zoom', resource: '' };
    const record = JSON.parse((await store.get(key))!) as { accessToken: string };
    const [v, kid, iv, body] = record.accessToken.split('.') as [string, string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    bytes[3] = (bytes[3] ?? 0) ^ 0x20;
    record.accessToken = [v, kid, iv, bytes.toString('base64url')].join('.');
    await store.put(key, JSON.stringify(record));
    const failure = await vault.getTokens('carol', 'zoom').catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'VAULT_DECRYPT_FAILED' });
    expect(String((failure as Error).message)).not.toContain(CANARY_ACCESS);
  });

  it('detects a row moved to another user', async () => {
    await vault.putTokens('dave', 'zoom', undefined, { accessToken: CANARY_ACCESS, scopes: [] });
    await backend.moveRow(
      { kind: 'oauth2', subject: 'dave', provider: 'zoom', resource: '' },
      'mallory',
    );
    await expect(vault.getTokens('mallory', 'zoom')).rejects.toMatchObject({
      code: 'VAULT_DECRYPT_FAILED',
    });
  });

  it('rotates keys without losing entries', async () => {
    await vault.deleteTokens('carol', 'zoom');
    await vault.deleteTokens('mallory', 'zoom');
    for (let i = 0; i < 5; i++) {
      await vault.putTokens(`u${i}`, 'zoom', undefined, { accessToken: `t${i}`, scopes: ['a'] });
    }
    const newOnly = new TokenVault(
      store,
      KeyRing.parse(`k2:${Buffer.from(k2).toString('base64')}`),
    );
    await expect(newOnly.getTokens('u0', 'zoom')).rejects.toMatchObject({
      code: 'VAULT_KEY_MISSING',
    });
    const ring2 = new KeyRing([
      { kid: 'k2', key: k2 },
      { kid: 'k1', key: k1 },
    ]);
    const rotating = new TokenVault(store, ring2);
    const report = await rotating.rotate();
    expect(report.reencrypted).toBe(report.scanned);
    expect(report.reencrypted).toBe(8);
    expect(report.skipped).toEqual([]);
    expect((await rotating.rotate()).reencrypted).toBe(0);
    // The old key can now be dropped: the new key alone opens everything.
    for (let i = 0; i < 5; i++) {
      expect((await newOnly.getTokens(`u${i}`, 'zoom'))?.accessToken).toBe(`t${i}`);
    }
    expect(await newOnly.getApiKey('orders', { tenantId: 'acme' })).toBe('tenant-key');
  });

  it('lists an entry that kept changing during rotation, and rotates it on the next run', async () => {
    const k3 = KeyRing.generateKey();
    const oldRing = new KeyRing([{ kid: 'k2', key: k2 }]);
    const writer = new TokenVault(store, oldRing);
    const busy = 'canary-busy-access-93d1';
    await writer.putTokens('busy', 'zoom', undefined, { accessToken: busy, scopes: [] });
    // Another instance, still on the old key, rewrites the entry before every
    // compare-and-set of the rotation: each attempt meets a real conflict.
    let interfere = true;
    const contended: VaultStore = {
      get: (key) => store.get(key),
      put: (key, record) => store.put(key, record),
      delete: (key) => store.delete(key),
      keys: () => store.keys(),
      acquireLock: (name, ttlMs) => store.acquireLock(name, ttlMs),
      releaseLock: (name, token) => store.releaseLock(name, token),
      close: async () => {},
      async compareAndSet(key, expected, next) {
        if (interfere && key.subject === 'busy') {
          await writer.putTokens('busy', 'zoom', undefined, { accessToken: busy, scopes: [] });
        }
        return store.compareAndSet(key, expected, next);
      },
    };
    const ring3 = new KeyRing([
      { kid: 'k3', key: k3 },
      { kid: 'k2', key: k2 },
    ]);
    const report = await new TokenVault(contended, ring3).rotate();
    expect(report.skipped).toEqual([
      { kind: 'oauth2', subject: 'busy', provider: 'zoom', resource: '' },
    ]);
    expect(report.reencrypted).toBe(report.scanned - 1);
    expect(JSON.stringify(report)).not.toContain(busy);
    // Still under the old key: dropping it now would lose this entry.
    const k3Only = new TokenVault(store, new KeyRing([{ kid: 'k3', key: k3 }]));
    await expect(k3Only.getTokens('busy', 'zoom')).rejects.toMatchObject({
      code: 'VAULT_KEY_MISSING',
    });
    interfere = false;
    const again = await new TokenVault(contended, ring3).rotate();
    expect(again).toMatchObject({ reencrypted: 1, skipped: [] });
    expect((await k3Only.getTokens('busy', 'zoom'))?.accessToken).toBe(busy);
    await k3Only.deleteTokens('busy', 'zoom');
  });

  it('holds a lock until its holder releases it, and only its holder', async () => {
    const name = `lock-${backend.name}`;
    const token = await store.acquireLock(name, 10_000);
    expect(token).toBeDefined();
    expect(await store.acquireLock(name, 10_000)).toBeUndefined();
    await store.releaseLock(name, 'not-the-holder');
    expect(await store.acquireLock(name, 10_000)).toBeUndefined();
    await store.releaseLock(name, token!);
    const again = await store.acquireLock(name, 50);
    expect(again).toBeDefined();
    await new Promise((r) => setTimeout(r, 80));
    // An expired lock is free again, so a crashed holder cannot block refreshes forever.
    expect(await store.acquireLock(name, 10_000)).toBeDefined();
  });

  it('serialises withLock callers', async () => {
    const order: string[] = [];
    const run = (id: string) =>
      vault.withLock(`serial-${backend.name}`, async () => {
        order.push(`${id}+`);
        await new Promise((r) => setTimeout(r, 20));
        order.push(`${id}-`);
      });
    await Promise.all([run('a'), run('b'), run('c')]);
    for (let i = 0; i < order.length; i += 2) {
      expect(order[i]?.[0]).toBe(order[i + 1]?.[0]);
    }
  });

  afterAll(async () => {
    if (backend.name === 'sqlite') await store.close();
  });
});
