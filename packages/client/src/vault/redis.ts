import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { PendingAuthorization, PendingAuthorizationStore } from '../agent/pending.js';
import { ClientError } from '../errors.js';
import type { KeyRing } from './key-ring.js';
import {
  entryKeyString,
  parseEntryKeyString,
  type VaultEntryKey,
  type VaultStore,
} from './store.js';
import { TokenVault } from './vault.js';

/** Options of the Redis store. */
export interface RedisVaultStoreOptions {
  /** Prefix of every key the vault writes. Default `toolscope:vault:`. */
  readonly prefix?: string;
  /** Close the connection on `close()`. Default false: the caller owns it. */
  readonly ownsConnection?: boolean;
}

// Both scripts compare before they write, atomically on the Redis server.
const COMPARE_AND_SET = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2]) return 1 else return 0 end`;
const RELEASE_IF_HELD = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * A store for agents that run as several instances: entries and refresh
 * locks live in one Redis, so a lock taken by one instance holds for all.
 */
export class RedisVaultStore implements VaultStore {
  readonly #redis: Redis;
  readonly #entries: string;
  readonly #locks: string;
  readonly #owns: boolean;

  /** Uses an ioredis connection the caller created. */
  constructor(redis: Redis, options: RedisVaultStoreOptions = {}) {
    this.#redis = redis;
    const prefix = options.prefix ?? 'toolscope:vault:';
    this.#entries = `${prefix}entry:`;
    this.#locks = `${prefix}lock:`;
    this.#owns = options.ownsConnection ?? false;
  }

  /** Connects to a Redis URL (`redis://host:port/db`); the store closes the connection. */
  static connect(url: string, options: Omit<RedisVaultStoreOptions, 'ownsConnection'> = {}) {
    return new RedisVaultStore(new Redis(url), { ...options, ownsConnection: true });
  }

  #key(key: VaultEntryKey): string {
    return this.#entries + entryKeyString(key);
  }

  async get(key: VaultEntryKey): Promise<string | undefined> {
    return (await this.#redis.get(this.#key(key))) ?? undefined;
  }

  async put(key: VaultEntryKey, record: string): Promise<void> {
    await this.#redis.set(this.#key(key), record);
  }

  async delete(key: VaultEntryKey): Promise<void> {
    await this.#redis.del(this.#key(key));
  }

  async compareAndSet(
    key: VaultEntryKey,
    expected: string | undefined,
    next: string,
  ): Promise<boolean> {
    if (expected === undefined) return (await this.#redis.set(this.#key(key), next, 'NX')) === 'OK';
    return (await this.#redis.eval(COMPARE_AND_SET, 1, this.#key(key), expected, next)) === 1;
  }

  async *keys(): AsyncIterable<VaultEntryKey> {
    let cursor = '0';
    const pattern = `${this.#entries.replace(/[*?[\]\\]/g, '\\$&')}*`;
    do {
      const [next, batch] = await this.#redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      for (const raw of batch) {
        const key = parseEntryKeyString(raw.slice(this.#entries.length));
        if (key !== undefined) yield key;
      }
    } while (cursor !== '0');
  }

  async acquireLock(name: string, ttlMs: number): Promise<string | undefined> {
    const token = randomUUID();
    const ok = await this.#redis.set(this.#locks + name, token, 'PX', Math.ceil(ttlMs), 'NX');
    return ok === 'OK' ? token : undefined;
  }

  async releaseLock(name: string, token: string): Promise<void> {
    await this.#redis.eval(RELEASE_IF_HELD, 1, this.#locks + name, token);
  }

  async close(): Promise<void> {
    if (this.#owns) await this.#redis.quit();
  }
}

/** Opens a token vault on a Redis connection, or on a Redis URL it then owns. */
export function openRedisVault(
  redis: Redis | string,
  keys: KeyRing,
  options?: RedisVaultStoreOptions,
): TokenVault {
  const store =
    typeof redis === 'string'
      ? RedisVaultStore.connect(redis, options)
      : new RedisVaultStore(redis, options);
  return new TokenVault(store, keys);
}

/** Options of the Redis pending-authorization store. */
export interface RedisPendingAuthorizationStoreOptions {
  /** Prefix of every key the store writes. Default `toolscope:pending:`. */
  readonly prefix?: string;
}

const PENDING_AAD = 'toolscope.pending.v1';

function pendingMalformed(): ClientError {
  return new ClientError('VAULT_DECRYPT_FAILED', 'A pending authorization record is malformed.', {
    hint: 'The key was written by something other than this store, or altered.',
  });
}

function readPending(text: string): PendingAuthorization {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw pendingMalformed();
  }
  const r = (value ?? {}) as Record<string, unknown>;
  const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
  if (
    typeof r['userId'] !== 'string' ||
    typeof r['provider'] !== 'string' ||
    typeof r['codeVerifier'] !== 'string' ||
    typeof r['redirectUri'] !== 'string' ||
    typeof r['expiresAt'] !== 'number' ||
    !Array.isArray(r['scopes']) ||
    !r['scopes'].every((s) => typeof s === 'string') ||
    !optionalString(r['resource']) ||
    !optionalString(r['advertisedIssuer'])
  ) {
    throw pendingMalformed();
  }
  return {
    userId: r['userId'],
    provider: r['provider'],
    codeVerifier: r['codeVerifier'],
    scopes: r['scopes'] as string[],
    resource: r['resource'] as string | undefined,
    redirectUri: r['redirectUri'],
    advertisedIssuer: r['advertisedIssuer'] as string | undefined,
    expiresAt: r['expiresAt'],
  };
}

/**
 * Pending authorizations (state, PKCE verifier and what the callback needs) in
 * Redis, for an agent that runs as several instances: the callback may land on
 * any of them. Each entry is sealed with the vault's key ring (AES-256-GCM,
 * bound to its key), expires with a Redis TTL, and is taken with GETDEL, so a
 * state is redeemed at most once across every instance.
 */
export class RedisPendingAuthorizationStore implements PendingAuthorizationStore {
  readonly #redis: Redis;
  readonly #keys: KeyRing;
  readonly #prefix: string;

  constructor(redis: Redis, keys: KeyRing, options: RedisPendingAuthorizationStoreOptions = {}) {
    this.#redis = redis;
    this.#keys = keys;
    this.#prefix = options.prefix ?? 'toolscope:pending:';
  }

  async put(slot: string, entry: PendingAuthorization): Promise<void> {
    const ttlMs = Math.ceil(entry.expiresAt - Date.now());
    if (ttlMs <= 0) return;
    const key = this.#prefix + slot;
    const sealed = this.#keys.seal(JSON.stringify(entry), JSON.stringify([PENDING_AAD, key]));
    await this.#redis.set(key, sealed, 'PX', ttlMs);
  }

  async take(slot: string): Promise<PendingAuthorization | undefined> {
    const key = this.#prefix + slot;
    const sealed = await this.#redis.getdel(key);
    if (sealed === null) return undefined;
    const entry = readPending(this.#keys.open(sealed, JSON.stringify([PENDING_AAD, key])));
    return entry.expiresAt <= Date.now() ? undefined : entry;
  }
}
