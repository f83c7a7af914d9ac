import { setTimeout as sleep } from 'node:timers/promises';
import { ToolscopeError } from '@toolscope/core';
import { KeyRing } from './key-ring.js';
import type { VaultEntryKey, VaultEntryKind, VaultStore } from './store.js';

/** A user's tokens for one provider and resource, as the vault hands them out. */
export interface StoredTokens {
  readonly accessToken: string;
  readonly refreshToken?: string | undefined;
  /** Scopes the authorization server granted. */
  readonly scopes: readonly string[];
  /** When the access token expires, in epoch milliseconds; undefined when unknown. */
  readonly expiresAt?: number | undefined;
}

/** Who holds an API key: one user, or their whole tenant. */
export type ApiKeyHolder = { readonly userId: string } | { readonly tenantId: string };

/** Outcome of `TokenVault.rotate`. */
export interface RotationReport {
  readonly scanned: number;
  readonly reencrypted: number;
  /**
   * Entries still (partly) sealed under an older key, because writers kept
   * changing them during the rotation: who, which provider and resource, never
   * a secret. While this is not empty, do not drop the old key; run `rotate()`
   * again.
   */
  readonly skipped: readonly VaultEntryKey[];
}

// Attempts per entry before rotation leaves it to the next run.
const ROTATE_ATTEMPTS = 5;

/** Options of a lock taken through the vault. */
export interface VaultLockOptions {
  /** How long the lock holds if its holder dies. Default 15 s. */
  readonly ttlMs?: number;
  /** How long to wait for another holder before failing. Default 20 s. */
  readonly waitMs?: number;
}

type SealedField = 'accessToken' | 'refreshToken' | 'apiKey';

interface TokenRecord {
  readonly v: 1;
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly scopes: string[];
  readonly expiresAt?: number;
  readonly updatedAt: number;
}

interface ApiKeyRecord {
  readonly v: 1;
  readonly apiKey: string;
  readonly updatedAt: number;
}

const SEALED_FIELDS: readonly SealedField[] = ['accessToken', 'refreshToken', 'apiKey'];

/** Binds a sealed value to its entry and field, so it cannot be moved to another. */
function aadFor(key: VaultEntryKey, field: SealedField): string {
  return JSON.stringify([
    'toolscope.vault',
    key.kind,
    key.subject,
    key.provider,
    key.resource,
    field,
  ]);
}

function oauthKey(userId: string, provider: string, resource: string | undefined): VaultEntryKey {
  return { kind: 'oauth2', subject: userId, provider, resource: resource ?? '' };
}

function apiKeyKey(provider: string, holder: ApiKeyHolder): VaultEntryKey {
  const kind: VaultEntryKind = 'userId' in holder ? 'apiKey:user' : 'apiKey:tenant';
  const subject = 'userId' in holder ? holder.userId : holder.tenantId;
  return { kind, subject, provider, resource: '' };
}

function parseRecord(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // fall through to the typed error
  }
  throw new ToolscopeError('VAULT_DECRYPT_FAILED', 'A vault record is not valid JSON.');
}

/**
 * The token vault: per user, provider and resource it keeps OAuth tokens,
 * and per user or tenant API keys, every secret sealed with AES-256-GCM.
 */
export class TokenVault {
  readonly #store: VaultStore;
  readonly #keys: KeyRing;

  constructor(store: VaultStore, keys: KeyRing) {
    this.#store = store;
    this.#keys = keys;
  }

  /** Reads a user's tokens; undefined when none are held. */
  async getTokens(
    userId: string,
    provider: string,
    resource?: string,
  ): Promise<StoredTokens | undefined> {
    const key = oauthKey(userId, provider, resource);
    const text = await this.#store.get(key);
    if (text === undefined) return undefined;
    const record = parseRecord(text) as unknown as TokenRecord;
    if (typeof record.accessToken !== 'string') {
      throw new ToolscopeError('VAULT_DECRYPT_FAILED', 'A vault token record is malformed.');
    }
    const tokens: { -readonly [K in keyof StoredTokens]: StoredTokens[K] } = {
      accessToken: this.#keys.open(record.accessToken, aadFor(key, 'accessToken')),
      scopes: Array.isArray(record.scopes) ? [...record.scopes] : [],
    };
    if (typeof record.refreshToken === 'string') {
      tokens.refreshToken = this.#keys.open(record.refreshToken, aadFor(key, 'refreshToken'));
    }
    if (typeof record.expiresAt === 'number') tokens.expiresAt = record.expiresAt;
    return tokens;
  }

  /** Stores a user's tokens, replacing what was held for that provider and resource. */
  async putTokens(
    userId: string,
    provider: string,
    resource: string | undefined,
    tokens: StoredTokens,
  ): Promise<void> {
    const key = oauthKey(userId, provider, resource);
    const record: TokenRecord = {
      v: 1,
      accessToken: this.#keys.seal(tokens.accessToken, aadFor(key, 'accessToken')),
      ...(tokens.refreshToken === undefined
        ? {}
        : { refreshToken: this.#keys.seal(tokens.refreshToken, aadFor(key, 'refreshToken')) }),
      scopes: [...tokens.scopes],
      ...(tokens.expiresAt === undefined ? {} : { expiresAt: tokens.expiresAt }),
      updatedAt: Date.now(),
    };
    await this.#store.put(key, JSON.stringify(record));
  }

  /** Forgets a user's tokens for one provider and resource. */
  async deleteTokens(userId: string, provider: string, resource?: string): Promise<void> {
    await this.#store.delete(oauthKey(userId, provider, resource));
  }

  /** Stores an API key for a user or a tenant. */
  async putApiKey(provider: string, holder: ApiKeyHolder, apiKey: string): Promise<void> {
    const key = apiKeyKey(provider, holder);
    const record: ApiKeyRecord = {
      v: 1,
      apiKey: this.#keys.seal(apiKey, aadFor(key, 'apiKey')),
      updatedAt: Date.now(),
    };
    await this.#store.put(key, JSON.stringify(record));
  }

  /** Reads an API key held by exactly this user or tenant. */
  async getApiKey(provider: string, holder: ApiKeyHolder): Promise<string | undefined> {
    const key = apiKeyKey(provider, holder);
    const text = await this.#store.get(key);
    if (text === undefined) return undefined;
    const record = parseRecord(text);
    if (typeof record['apiKey'] !== 'string') {
      throw new ToolscopeError('VAULT_DECRYPT_FAILED', 'A vault API key record is malformed.');
    }
    return this.#keys.open(record['apiKey'], aadFor(key, 'apiKey'));
  }

  /** Forgets an API key. */
  async deleteApiKey(provider: string, holder: ApiKeyHolder): Promise<void> {
    await this.#store.delete(apiKeyKey(provider, holder));
  }

  /**
   * Re-encrypts every secret sealed under an older key with the current key.
   * Safe alongside writers: a record changed meanwhile is re-read, not
   * overwritten; one that keeps changing is given up after 5 tries and listed
   * in `skipped`, and the old key must then stay until a later run.
   */
  async rotate(): Promise<RotationReport> {
    let scanned = 0;
    let reencrypted = 0;
    const skipped: VaultEntryKey[] = [];
    for await (const key of this.#store.keys()) {
      scanned++;
      const outcome = await this.#rotateEntry(key);
      if (outcome === 'reencrypted') reencrypted++;
      else if (outcome === 'conflicted') skipped.push({ ...key });
    }
    return { scanned, reencrypted, skipped };
  }

  async #rotateEntry(key: VaultEntryKey): Promise<'reencrypted' | 'current' | 'conflicted'> {
    for (let attempt = 0; attempt < ROTATE_ATTEMPTS; attempt++) {
      const text = await this.#store.get(key);
      if (text === undefined) return 'current';
      const record = parseRecord(text);
      let changed = false;
      for (const field of SEALED_FIELDS) {
        const sealed = record[field];
        if (typeof sealed !== 'string' || KeyRing.kidOf(sealed) === this.#keys.currentKid) continue;
        const aad = aadFor(key, field);
        record[field] = this.#keys.seal(this.#keys.open(sealed, aad), aad);
        changed = true;
      }
      if (!changed) return 'current';
      if (await this.#store.compareAndSet(key, text, JSON.stringify(record))) return 'reencrypted';
    }
    return 'conflicted';
  }

  /**
   * Runs `fn` holding a named lock in the store (across processes when the
   * store is shared), waiting for another holder to finish first.
   */
  async withLock<T>(
    name: string,
    fn: () => Promise<T>,
    options: VaultLockOptions = {},
  ): Promise<T> {
    const ttlMs = options.ttlMs ?? 15_000;
    const deadline = Date.now() + (options.waitMs ?? 20_000);
    let token = await this.#store.acquireLock(name, ttlMs);
    let pause = 10;
    while (token === undefined) {
      if (Date.now() > deadline) {
        throw new ToolscopeError('INTERNAL', 'Timed out waiting for a vault lock.', {
          hint: 'Another agent instance may be stuck refreshing; the lock expires on its own.',
        });
      }
      await sleep(pause);
      pause = Math.min(pause * 2, 100);
      token = await this.#store.acquireLock(name, ttlMs);
    }
    try {
      return await fn();
    } finally {
      await this.#store.releaseLock(name, token);
    }
  }

  /** Closes the store. */
  async close(): Promise<void> {
    await this.#store.close();
  }

  /** Never shows key material or tokens. */
  toString(): string {
    return `TokenVault(${this.#keys.toString()})`;
  }

  /** What `util.inspect` shows. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
