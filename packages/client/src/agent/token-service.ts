import type { ProviderInfo } from '@toolscope/core';
import { type OAuthProviderClient, RefreshRejectedError } from '../oauth/provider-client.js';
import type { StoredTokens, TokenVault } from '../vault/vault.js';

/** Where a user's tokens for one provider live. */
export interface TokenSlot {
  readonly userId: string;
  readonly provider: OAuthProviderClient;
  readonly resource: string | undefined;
  /** The provider facts a tool advertised, used when the config leaves them out. */
  readonly advertised?: ProviderInfo | undefined;
}

/**
 * Reads tokens and refreshes them, one refresh in flight per user, provider
 * and resource: in this process through a promise map, across processes
 * through the vault store's lock (Redis or a shared SQLite file).
 */
export class TokenService {
  readonly #vault: TokenVault;
  readonly #skewMs: number;
  readonly #lockTtlMs: number;
  readonly #inflight = new Map<string, Promise<StoredTokens | undefined>>();

  /**
   * `lockTtlMs` is how long the cross-process refresh lock holds; it must
   * outlast the token request made under it (see `createAgent`).
   */
  constructor(vault: TokenVault, refreshSkewMs: number, lockTtlMs: number) {
    this.#vault = vault;
    this.#skewMs = refreshSkewMs;
    this.#lockTtlMs = lockTtlMs;
  }

  /** Tokens held for a slot. */
  read(slot: TokenSlot): Promise<StoredTokens | undefined> {
    return this.#vault.getTokens(slot.userId, slot.provider.id, slot.resource);
  }

  /** True when the access token expires within the skew. */
  nearExpiry(tokens: StoredTokens): boolean {
    return tokens.expiresAt !== undefined && tokens.expiresAt - this.#skewMs <= Date.now();
  }

  /** The slot's tokens, refreshed first when they are about to expire. */
  async current(slot: TokenSlot): Promise<StoredTokens | undefined> {
    const held = await this.read(slot);
    if (held === undefined || !this.nearExpiry(held) || held.refreshToken === undefined)
      return held;
    return (await this.refresh(slot, (h) => this.nearExpiry(h))) ?? undefined;
  }

  /**
   * Refreshes when `stillNeeded` holds for the tokens found under the lock, so
   * that a caller who waited behind another refresher reuses its result.
   * Resolves undefined when no usable tokens remain (none held, or the refresh
   * token was rejected and forgotten).
   */
  refresh(
    slot: TokenSlot,
    stillNeeded: (held: StoredTokens) => boolean,
  ): Promise<StoredTokens | undefined> {
    const flight = JSON.stringify([slot.userId, slot.provider.id, slot.resource ?? '']);
    const existing = this.#inflight.get(flight);
    if (existing !== undefined) return existing;
    const running = this.#refreshOnce(flight, slot, stillNeeded).finally(() =>
      this.#inflight.delete(flight),
    );
    this.#inflight.set(flight, running);
    return running;
  }

  async #refreshOnce(
    flight: string,
    slot: TokenSlot,
    stillNeeded: (held: StoredTokens) => boolean,
  ): Promise<StoredTokens | undefined> {
    // Discovery happens before the lock, so that only the one token request,
    // bounded by the request timeout, runs while the lock is held.
    await slot.provider.metadata(slot.advertised?.issuer);
    return this.#vault.withLock(`refresh:${flight}`, () => this.#refreshLocked(slot, stillNeeded), {
      ttlMs: this.#lockTtlMs,
    });
  }

  async #refreshLocked(
    slot: TokenSlot,
    stillNeeded: (held: StoredTokens) => boolean,
  ): Promise<StoredTokens | undefined> {
    const held = await this.read(slot);
    if (held === undefined) return undefined;
    if (!stillNeeded(held)) return held;
    if (held.refreshToken === undefined) return undefined;
    try {
      const fresh = await slot.provider.refresh(
        held.refreshToken,
        slot.resource,
        held.scopes,
        slot.advertised?.issuer,
      );
      const next: StoredTokens = {
        accessToken: fresh.accessToken,
        // Rotation: keep the new refresh token; an AS that does not rotate sends none.
        refreshToken: fresh.refreshToken ?? held.refreshToken,
        scopes: fresh.scopes,
        expiresAt: fresh.expiresAt,
      };
      await this.#vault.putTokens(slot.userId, slot.provider.id, slot.resource, next);
      return next;
    } catch (error) {
      if (!(error instanceof RefreshRejectedError)) throw error;
      // A dead refresh token is useless; forget it so the next step is a fresh authorization.
      await this.#vault.deleteTokens(slot.userId, slot.provider.id, slot.resource);
      return undefined;
    }
  }
}
