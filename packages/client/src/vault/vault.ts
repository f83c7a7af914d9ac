import { setTimeout as sleep } from 'node:timers/promises';
import { ToolscopeError } from '@toolscope/core';
import { ClientError } from '../errors.js';
import { KeyRing } from './key-ring.js';
import {
  aadFor,
  type DecodedRecord,
  decodeRecord,
  encodeRecord,
  type RecordMeta,
  SEALED_FIELDS,
  type SealedField,
  versionOf,
} from './record.js';
import type { VaultEntryKey, VaultEntryKind, VaultStore } from './store.js';
import { MemoryVersionWitness, type VersionWitness } from './witness.js';

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

/** A row `rotate()` could not rotate, and why: never a secret. */
export interface RotationFailure {
  readonly key: VaultEntryKey;
  /** The ToolscopeError code (`VAULT_KEY_MISSING`, `VAULT_DECRYPT_FAILED`, `VAULT_ROLLBACK`, …). */
  readonly code: string;
  readonly reason: string;
}

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
  /**
   * Rows that could not be opened (a key not loaded, a record altered, rolled
   * back or malformed, a store error): rotation went on with the others. They
   * stay as they are; dropping the old key would lose those that it opens.
   */
  readonly failed: readonly RotationFailure[];
}

// Attempts per entry before rotation leaves it to the next run.
const ROTATE_ATTEMPTS = 5;
// Attempts of a write that must not lose a concurrent one's version.
const WRITE_ATTEMPTS = 8;

/** Options of a token vault. */
export interface TokenVaultOptions {
  /** Where the highest version of each entry is kept. Default: this instance's memory. */
  readonly witness?: VersionWitness;
  /**
   * Records in the format before versions (format 1): `'read'` (default) opens
   * them and rewrites them in format 2 on the next write or `rotate()`;
   * `'refuse'` fails them with VAULT_DECRYPT_FAILED, once `rotate()` has
   * migrated every row.
   */
  readonly legacyRecords?: 'read' | 'refuse';
}

/** Options of a lock taken through the vault. */
export interface VaultLockOptions {
  /** How long the lock holds if its holder dies. Default 15 s. */
  readonly ttlMs?: number;
  /** How long to wait for another holder before failing. Default 20 s. */
  readonly waitMs?: number;
}

function oauthKey(userId: string, provider: string, resource: string | undefined): VaultEntryKey {
  return { kind: 'oauth2', subject: userId, provider, resource: resource ?? '' };
}

function apiKeyKey(provider: string, holder: ApiKeyHolder): VaultEntryKey {
  const kind: VaultEntryKind = 'userId' in holder ? 'apiKey:user' : 'apiKey:tenant';
  const subject = 'userId' in holder ? holder.userId : holder.tenantId;
  return { kind, subject, provider, resource: '' };
}

function codeOf(error: unknown): string {
  return error instanceof ToolscopeError ? error.code : 'INTERNAL';
}

function reasonOf(error: unknown): string {
  // KeyRing and record errors never quote a secret; anything else is not repeated.
  return error instanceof ToolscopeError
    ? error.message
    : 'The store failed to read or write the row.';
}

/**
 * The token vault: per user, provider and resource it keeps OAuth tokens,
 * and per user or tenant API keys, every secret sealed with AES-256-GCM.
 */
export class TokenVault {
  readonly #store: VaultStore;
  readonly #keys: KeyRing;
  readonly #witness: VersionWitness;
  readonly #legacy: 'read' | 'refuse';

  constructor(store: VaultStore, keys: KeyRing, options: TokenVaultOptions = {}) {
    this.#store = store;
    this.#keys = keys;
    this.#witness = options.witness ?? new MemoryVersionWitness();
    this.#legacy = options.legacyRecords ?? 'read';
  }

  /** Parses a stored record and checks it against the witness; opens nothing. */
  async #decode(key: VaultEntryKey, text: string): Promise<DecodedRecord> {
    const record = decodeRecord(text);
    if (record.format === 1 && this.#legacy === 'refuse') {
      throw new ClientError(
        'VAULT_DECRYPT_FAILED',
        'A vault record is in the format before versions, and legacy records are refused.',
        { hint: "Run vault.rotate() with legacyRecords: 'read' to migrate every row first." },
      );
    }
    const highest = await this.#witness.highest(key);
    if (highest !== undefined && record.meta.version < highest) {
      throw new ClientError(
        'VAULT_ROLLBACK',
        `A vault record is older (version ${record.meta.version}) than one this vault already saw (version ${highest}): it was put back.`,
        {
          hint: 'Someone with write access to the store replaced the row; treat its tokens as suspect.',
        },
      );
    }
    return record;
  }

  #open(key: VaultEntryKey, record: DecodedRecord, field: SealedField): string | undefined {
    const sealed = record.sealed[field];
    if (sealed === undefined) return undefined;
    return this.#keys.open(sealed, aadFor(key, field, record.format, record.meta));
  }

  /** Reads an entry: its record opened, or undefined when none is held. */
  async #read(
    key: VaultEntryKey,
  ): Promise<{ record: DecodedRecord; plain: Partial<Record<SealedField, string>> } | undefined> {
    const text = await this.#store.get(key);
    if (text === undefined) return undefined;
    const record = await this.#decode(key, text);
    const plain: Partial<Record<SealedField, string>> = {};
    for (const field of SEALED_FIELDS) {
      const value = this.#open(key, record, field);
      if (value !== undefined) plain[field] = value;
    }
    // Only an authentic record moves the witness.
    await this.#witness.advance(key, record.meta.version);
    return { record, plain };
  }

  /**
   * Writes an entry at the next version: one above both the stored record and
   * the witness, by compare-and-set so that two writers never share a version.
   */
  async #write(
    key: VaultEntryKey,
    plain: Partial<Record<SealedField, string>>,
    meta: Omit<RecordMeta, 'version' | 'updatedAt'>,
  ): Promise<void> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const current = await this.#store.get(key);
      const version = Math.max(versionOf(current), (await this.#witness.highest(key)) ?? 0) + 1;
      const full: RecordMeta = { ...meta, version, updatedAt: Date.now() };
      const sealed: Partial<Record<SealedField, string>> = {};
      for (const field of SEALED_FIELDS) {
        const value = plain[field];
        if (value !== undefined)
          sealed[field] = this.#keys.seal(value, aadFor(key, field, 2, full));
      }
      if (await this.#store.compareAndSet(key, current, encodeRecord(full, sealed))) {
        await this.#witness.advance(key, version);
        return;
      }
    }
    throw new ClientError('INTERNAL', 'A vault entry kept changing while it was written.', {
      hint: 'Another writer is rewriting the same entry in a loop; retry later.',
    });
  }

  /** Reads a user's tokens; undefined when none are held. */
  async getTokens(
    userId: string,
    provider: string,
    resource?: string,
  ): Promise<StoredTokens | undefined> {
    const entry = await this.#read(oauthKey(userId, provider, resource));
    if (entry === undefined) return undefined;
    const { record, plain } = entry;
    if (plain.accessToken === undefined) {
      throw new ClientError('VAULT_DECRYPT_FAILED', 'A vault token record is malformed.');
    }
    const tokens: { -readonly [K in keyof StoredTokens]: StoredTokens[K] } = {
      accessToken: plain.accessToken,
      scopes: [...(record.meta.scopes ?? [])],
    };
    if (plain.refreshToken !== undefined) tokens.refreshToken = plain.refreshToken;
    if (record.meta.expiresAt !== undefined) tokens.expiresAt = record.meta.expiresAt;
    return tokens;
  }

  /** Stores a user's tokens, replacing what was held for that provider and resource. */
  async putTokens(
    userId: string,
    provider: string,
    resource: string | undefined,
    tokens: StoredTokens,
  ): Promise<void> {
    await this.#write(
      oauthKey(userId, provider, resource),
      {
        accessToken: tokens.accessToken,
        ...(tokens.refreshToken === undefined ? {} : { refreshToken: tokens.refreshToken }),
      },
      {
        scopes: [...tokens.scopes],
        ...(tokens.expiresAt === undefined ? {} : { expiresAt: tokens.expiresAt }),
      },
    );
  }

  /** Forgets a user's tokens for one provider and resource. */
  async deleteTokens(userId: string, provider: string, resource?: string): Promise<void> {
    await this.#delete(oauthKey(userId, provider, resource));
  }

  /**
   * Deletes an entry and moves the witness past its last version, so the
   * deleted record cannot be put back either.
   */
  async #delete(key: VaultEntryKey): Promise<void> {
    const last = versionOf(await this.#store.get(key));
    const known = (await this.#witness.highest(key)) ?? 0;
    await this.#store.delete(key);
    await this.#witness.advance(key, Math.max(last, known) + 1);
  }

  /** Stores an API key for a user or a tenant. */
  async putApiKey(provider: string, holder: ApiKeyHolder, apiKey: string): Promise<void> {
    await this.#write(apiKeyKey(provider, holder), { apiKey }, {});
  }

  /** Reads an API key held by exactly this user or tenant. */
  async getApiKey(provider: string, holder: ApiKeyHolder): Promise<string | undefined> {
    const entry = await this.#read(apiKeyKey(provider, holder));
    if (entry === undefined) return undefined;
    if (entry.plain.apiKey === undefined) {
      throw new ClientError('VAULT_DECRYPT_FAILED', 'A vault API key record is malformed.');
    }
    return entry.plain.apiKey;
  }

  /** Forgets an API key. */
  async deleteApiKey(provider: string, holder: ApiKeyHolder): Promise<void> {
    await this.#delete(apiKeyKey(provider, holder));
  }

  /**
   * Re-encrypts every secret sealed under an older key with the current key,
   * and rewrites format-1 records in format 2. It never stops at a bad row: a
   * row that cannot be opened is listed in `failed` and left as it is. Safe
   * alongside writers: a record changed meanwhile is re-read, not overwritten;
   * one that keeps changing is given up after 5 tries and listed in `skipped`,
   * and the old key must then stay until a later run.
   */
  async rotate(): Promise<RotationReport> {
    let scanned = 0;
    let reencrypted = 0;
    const skipped: VaultEntryKey[] = [];
    const failed: RotationFailure[] = [];
    for await (const key of this.#store.keys()) {
      scanned++;
      try {
        const outcome = await this.#rotateEntry(key);
        if (outcome === 'reencrypted') reencrypted++;
        else if (outcome === 'conflicted') skipped.push({ ...key });
      } catch (error) {
        failed.push({ key: { ...key }, code: codeOf(error), reason: reasonOf(error) });
      }
    }
    return { scanned, reencrypted, skipped, failed };
  }

  async #rotateEntry(key: VaultEntryKey): Promise<'reencrypted' | 'current' | 'conflicted'> {
    for (let attempt = 0; attempt < ROTATE_ATTEMPTS; attempt++) {
      const text = await this.#store.get(key);
      if (text === undefined) return 'current';
      const record = await this.#decode(key, text);
      const plain: Partial<Record<SealedField, string>> = {};
      let stale = record.format !== 2;
      for (const field of SEALED_FIELDS) {
        const value = this.#open(key, record, field);
        if (value === undefined) continue;
        plain[field] = value;
        if (KeyRing.kidOf(record.sealed[field] ?? '') !== this.#keys.currentKid) stale = true;
      }
      await this.#witness.advance(key, record.meta.version);
      if (!stale) return 'current';
      const version = Math.max(record.meta.version, (await this.#witness.highest(key)) ?? 0) + 1;
      const meta: RecordMeta = { ...record.meta, version, updatedAt: Date.now() };
      const sealed: Partial<Record<SealedField, string>> = {};
      for (const field of SEALED_FIELDS) {
        const value = plain[field];
        if (value !== undefined)
          sealed[field] = this.#keys.seal(value, aadFor(key, field, 2, meta));
      }
      if (await this.#store.compareAndSet(key, text, encodeRecord(meta, sealed))) {
        await this.#witness.advance(key, version);
        return 'reencrypted';
      }
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
        throw new ClientError('INTERNAL', 'Timed out waiting for a vault lock.', {
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
