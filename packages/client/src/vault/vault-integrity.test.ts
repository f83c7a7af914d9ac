import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { KeyRing } from './key-ring.js';
import { MemoryVaultStore } from './memory.js';
import { aadFor } from './record.js';
import { RedisVaultStore } from './redis.js';
import { SqliteVaultStore } from './sqlite.js';
import { entryKeyString, type VaultEntryKey, type VaultStore } from './store.js';
import { TokenVault } from './vault.js';
import { MemoryVersionWitness } from './witness.js';

const CANARY = 'canary-integrity-access-4e1f';
const k1 = KeyRing.generateKey();
const k2 = KeyRing.generateKey();
const ring1 = new KeyRing([{ kid: 'k1', key: k1 }]);
const ring21 = new KeyRing([
  { kid: 'k2', key: k2 },
  { kid: 'k1', key: k1 },
]);
const ring2only = new KeyRing([{ kid: 'k2', key: k2 }]);

/** A backend, and a way to write a raw row with the store's own tools, as an attacker with write access would. */
interface Backend {
  readonly name: string;
  readonly store: VaultStore;
  rawPut(key: VaultEntryKey, record: string): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'ts-vault-integrity-'));
const sqlitePath = join(dir, 'vault.db');
const redis = new Redis({ port: inject('redisPort'), host: '127.0.0.1', lazyConnect: true });
const redisPrefix = `integrity:${process.pid}:${Date.now()}:`;
const memory = new MemoryVaultStore();
const sqlite = new SqliteVaultStore(sqlitePath);

const backends: Backend[] = [
  { name: 'memory', store: memory, rawPut: (key, record) => memory.put(key, record) },
  {
    name: 'sqlite',
    store: sqlite,
    async rawPut(key, record) {
      // A second connection to the file, outside the vault.
      const db = new Database(sqlitePath);
      db.prepare(
        `INSERT INTO vault_entries (kind, subject, provider, resource, record) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (kind, subject, provider, resource) DO UPDATE SET record = excluded.record`,
      ).run(key.kind, key.subject, key.provider, key.resource, record);
      db.close();
    },
  },
  {
    name: 'redis',
    store: new RedisVaultStore(redis, { prefix: redisPrefix }),
    async rawPut(key, record) {
      await redis.set(`${redisPrefix}entry:${entryKeyString(key)}`, record);
    },
  },
];

afterAll(async () => {
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await sqlite.close();
});

const entry = (subject: string): VaultEntryKey => ({
  kind: 'oauth2',
  subject,
  provider: 'zoom',
  resource: '',
});

describe.each(backends)('vault integrity on $name', (backend) => {
  const { store } = backend;
  const tag = backend.name;

  it('class 6, rotate() never aborts: it rotates every row it can and reports the others', async () => {
    const writer = new TokenVault(store, ring1);
    const users = [0, 1, 2, 3, 4].map((i) => `rot-${tag}-${i}`);
    for (const user of users) {
      await writer.putTokens(user, 'zoom', undefined, {
        accessToken: `${CANARY}-${user}`,
        scopes: ['a'],
      });
    }
    // Row 1: a flipped ciphertext byte. Row 2: sealed under a key this ring does not hold.
    const bad = JSON.parse((await store.get(entry(users[1]!)))!) as { accessToken: string };
    const [v, kid, iv, body] = bad.accessToken.split('.') as [string, string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    bytes[2] = (bytes[2] ?? 0) ^ 0x01;
    bad.accessToken = [v, kid, iv, bytes.toString('base64url')].join('.');
    await backend.rawPut(entry(users[1]!), JSON.stringify(bad));
    const stranger = new TokenVault(
      store,
      new KeyRing([{ kid: 'k9', key: KeyRing.generateKey() }]),
    );
    await stranger.putTokens(users[2]!, 'zoom', undefined, { accessToken: 'x', scopes: [] });

    const report = await new TokenVault(store, ring21).rotate();
    const failed = report.failed.filter((f) => f.key.subject.startsWith(`rot-${tag}`));
    expect(failed.map((f) => [f.key.subject, f.code]).sort()).toEqual([
      [users[1], 'VAULT_DECRYPT_FAILED'],
      [users[2], 'VAULT_KEY_MISSING'],
    ]);
    expect(JSON.stringify(report)).not.toContain(CANARY);
    // Every row after the bad ones was rotated: the new key alone opens them.
    const newOnly = new TokenVault(store, ring2only);
    for (const user of [users[0]!, users[3]!, users[4]!]) {
      expect((await newOnly.getTokens(user, 'zoom'))?.accessToken).toBe(`${CANARY}-${user}`);
    }
    for (const user of users) await store.delete(entry(user));
  });

  it("class 6, a record's scopes, expiry and version are bound in its AAD", async () => {
    const vault = new TokenVault(store, ring1);
    const user = `aad-${tag}`;
    const expiresAt = Date.now() + 60_000;
    await vault.putTokens(user, 'zoom', undefined, {
      accessToken: CANARY,
      scopes: ['read'],
      expiresAt,
    });
    const original = (await store.get(entry(user)))!;
    const edits: ((r: Record<string, unknown>) => void)[] = [
      (r) => {
        r['scopes'] = ['read', 'admin'];
      },
      (r) => {
        r['scopes'] = [];
      },
      (r) => {
        r['expiresAt'] = expiresAt + 365 * 86_400_000;
      },
      (r) => {
        delete r['expiresAt'];
      },
      (r) => {
        r['version'] = (r['version'] as number) + 5;
      },
    ];
    for (const edit of edits) {
      const record = JSON.parse(original) as Record<string, unknown>;
      edit(record);
      await backend.rawPut(entry(user), JSON.stringify(record));
      // A fresh vault (fresh witness), so only the AAD can catch it.
      await expect(new TokenVault(store, ring1).getTokens(user, 'zoom')).rejects.toMatchObject({
        code: 'VAULT_DECRYPT_FAILED',
      });
    }
    await backend.rawPut(entry(user), original);
    expect(await new TokenVault(store, ring1).getTokens(user, 'zoom')).toEqual({
      accessToken: CANARY,
      scopes: ['read'],
      expiresAt,
    });
    await store.delete(entry(user));
  });

  it('class 6, a rollback to an older sealed record is detected', async () => {
    const witness = new MemoryVersionWitness();
    const vault = new TokenVault(store, ring1, { witness });
    const user = `rollback-${tag}`;
    await vault.putTokens(user, 'zoom', undefined, {
      accessToken: 'old-revoked',
      scopes: ['admin'],
    });
    const older = (await store.get(entry(user)))!;
    await vault.putTokens(user, 'zoom', undefined, { accessToken: CANARY, scopes: ['read'] });
    await backend.rawPut(entry(user), older);
    const failure = await vault.getTokens(user, 'zoom').catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'VAULT_ROLLBACK' });
    expect(String((failure as Error).message)).not.toContain('old-revoked');
    // Another vault instance sharing the witness (e.g. backed by other storage) sees it too.
    await expect(
      new TokenVault(store, ring1, { witness }).getTokens(user, 'zoom'),
    ).rejects.toMatchObject({
      code: 'VAULT_ROLLBACK',
    });
    // rotate() does not launder it into a current record.
    const report = await new TokenVault(store, ring21, { witness }).rotate();
    expect(report.failed).toContainEqual(
      expect.objectContaining({ key: entry(user), code: 'VAULT_ROLLBACK' }),
    );

    // A deleted entry cannot be brought back either.
    await vault.putTokens(user, 'zoom', undefined, { accessToken: CANARY, scopes: ['read'] });
    const last = (await store.get(entry(user)))!;
    await vault.deleteTokens(user, 'zoom');
    await backend.rawPut(entry(user), last);
    await expect(vault.getTokens(user, 'zoom')).rejects.toMatchObject({ code: 'VAULT_ROLLBACK' });
    // A new write goes past the tombstone and reads back.
    await vault.putTokens(user, 'zoom', undefined, { accessToken: `${CANARY}-new`, scopes: [] });
    expect((await vault.getTokens(user, 'zoom'))?.accessToken).toBe(`${CANARY}-new`);
    await store.delete(entry(user));
  });

  it('the limit, stated: a vault with a fresh witness trusts the versions it first reads', async () => {
    const user = `tofu-${tag}`;
    const vault = new TokenVault(store, ring1);
    await vault.putTokens(user, 'zoom', undefined, { accessToken: 'first', scopes: [] });
    const older = (await store.get(entry(user)))!;
    await vault.putTokens(user, 'zoom', undefined, { accessToken: 'second', scopes: [] });
    await backend.rawPut(entry(user), older);
    expect((await new TokenVault(store, ring1).getTokens(user, 'zoom'))?.accessToken).toBe('first');
    await store.delete(entry(user));
  });

  it('reads records of the format before versions, and rotate() migrates them', async () => {
    const user = `legacy-${tag}`;
    const key = entry(user);
    const meta = { version: 0, updatedAt: 1 };
    const legacy = JSON.stringify({
      v: 1,
      accessToken: ring1.seal(CANARY, aadFor(key, 'accessToken', 1, meta)),
      scopes: ['read'],
      updatedAt: 1,
    });
    await backend.rawPut(key, legacy);
    expect(await new TokenVault(store, ring1).getTokens(user, 'zoom')).toEqual({
      accessToken: CANARY,
      scopes: ['read'],
    });
    await expect(
      new TokenVault(store, ring1, { legacyRecords: 'refuse' }).getTokens(user, 'zoom'),
    ).rejects.toMatchObject({ code: 'VAULT_DECRYPT_FAILED' });
    const report = await new TokenVault(store, ring1).rotate();
    expect(report.failed.filter((f) => f.key.subject === user)).toEqual([]);
    expect(JSON.parse((await store.get(key))!)).toMatchObject({ v: 2, version: 1 });
    expect(
      (await new TokenVault(store, ring1, { legacyRecords: 'refuse' }).getTokens(user, 'zoom'))
        ?.accessToken,
    ).toBe(CANARY);
    await store.delete(key);
  });
});
