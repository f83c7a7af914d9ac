/** What a vault entry is: a user's OAuth tokens, or an API key held by a user or a tenant. */
export type VaultEntryKind = 'oauth2' | 'apiKey:user' | 'apiKey:tenant';

/** Where an entry lives. `subject` is a user id, or a tenant id for tenant API keys. */
export interface VaultEntryKey {
  readonly kind: VaultEntryKind;
  readonly subject: string;
  readonly provider: string;
  /** The RFC 8707 resource the token is for; empty when the provider names none. */
  readonly resource: string;
}

/**
 * A storage backend. It stores opaque records (JSON holding sealed secrets)
 * and never sees plaintext; the vault encrypts before it writes here.
 */
export interface VaultStore {
  get(key: VaultEntryKey): Promise<string | undefined>;
  put(key: VaultEntryKey, record: string): Promise<void>;
  delete(key: VaultEntryKey): Promise<void>;
  /**
   * Replaces a record only if it still equals `expected`, or creates it only if
   * there is none when `expected` is undefined; true when it did.
   */
  compareAndSet(key: VaultEntryKey, expected: string | undefined, next: string): Promise<boolean>;
  /** Every entry key, for rotation. */
  keys(): AsyncIterable<VaultEntryKey>;
  /**
   * Takes a named lock for `ttlMs` if nobody holds it; resolves the holder's
   * token, or undefined when it is taken. Locks that span processes make
   * refreshes single-flight across agent instances.
   */
  acquireLock(name: string, ttlMs: number): Promise<string | undefined>;
  /** Releases a lock only if `token` still holds it. */
  releaseLock(name: string, token: string): Promise<void>;
  close(): Promise<void>;
}

/** Joins key parts so that distinct keys never collide. */
export function entryKeyString(key: VaultEntryKey): string {
  return [key.kind, key.subject, key.provider, key.resource].map(encodeURIComponent).join(':');
}

/** Inverse of `entryKeyString`. */
export function parseEntryKeyString(text: string): VaultEntryKey | undefined {
  const parts = text.split(':').map(decodeURIComponent);
  if (parts.length !== 4) return undefined;
  const [kind, subject, provider, resource] = parts as [string, string, string, string];
  if (kind !== 'oauth2' && kind !== 'apiKey:user' && kind !== 'apiKey:tenant') return undefined;
  return { kind, subject, provider, resource };
}
