import { hash } from 'node:crypto';

/** SHA-256 of a token: the only form in which a token is ever used as a key. */
export function tokenFingerprint(token: string): string {
  // The one-shot hash (Node 20.12+) costs about half of createHash on a JWT-sized token.
  return hash('sha256', token, 'base64url');
}

interface Slot<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/**
 * A bounded LRU of verified results keyed by a token's SHA-256, never the token,
 * so a heap dump of the cache yields no credential. Map order is recency order.
 */
export class VerifiedTokenCache<V> {
  readonly #slots = new Map<string, Slot<V>>();
  readonly #maxEntries: number;
  /** The key of the most recently used slot (the last in the Map's order), a fingerprint. */
  #lastKey: string | undefined;

  constructor(maxEntries = 1000) {
    this.#maxEntries = Math.max(1, maxEntries);
  }

  get(token: string, now = Date.now()): V | undefined {
    return this.getByFingerprint(tokenFingerprint(token), now);
  }

  /** `get` for a token whose fingerprint (`tokenFingerprint(token)`) the caller already holds. */
  getByFingerprint(key: string, now = Date.now()): V | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt <= now) {
      this.#slots.delete(key);
      if (key === this.#lastKey) this.#lastKey = undefined;
      return undefined;
    }
    // Already the most recent (the same token again, the common case): nothing to re-order.
    if (key !== this.#lastKey) {
      this.#slots.delete(key);
      this.#slots.set(key, slot);
      this.#lastKey = key;
    }
    return slot.value;
  }

  /** Keeps `value` until `expiresAt` (epoch ms); a past expiry stores nothing. */
  set(token: string, value: V, expiresAt: number, now = Date.now()): void {
    if (expiresAt <= now) return;
    this.setByFingerprint(tokenFingerprint(token), value, expiresAt, now);
  }

  /** `set` for a token whose fingerprint (`tokenFingerprint(token)`) the caller already holds. */
  setByFingerprint(key: string, value: V, expiresAt: number, now = Date.now()): void {
    if (expiresAt <= now) return;
    this.#slots.delete(key);
    this.#slots.set(key, { value, expiresAt });
    this.#lastKey = key;
    while (this.#slots.size > this.#maxEntries) {
      const oldest = this.#slots.keys().next().value;
      if (oldest === undefined) break;
      this.#slots.delete(oldest);
    }
  }

  get size(): number {
    return this.#slots.size;
  }

  /** The keys held (fingerprints), for tests that prove no raw token is stored. */
  keys(): string[] {
    return [...this.#slots.keys()];
  }
}
