import { ClientError } from '../errors.js';

/** An authorization started with `authorizationUrl` and not yet completed. */
export interface PendingAuthorization {
  readonly userId: string;
  readonly provider: string;
  readonly codeVerifier: string;
  readonly scopes: readonly string[];
  readonly resource: string | undefined;
  readonly redirectUri: string;
  readonly advertisedIssuer: string | undefined;
  readonly expiresAt: number;
}

/**
 * Authorizations in progress, by `state`. Each state is used once; a callback
 * for another user's state, or an unknown one, is refused.
 */
export class PendingAuthorizations {
  readonly #byState = new Map<string, PendingAuthorization>();
  readonly #ttlMs: number;

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  /** Records a started authorization. */
  add(state: string, entry: Omit<PendingAuthorization, 'expiresAt'>): void {
    const now = Date.now();
    for (const [key, value] of this.#byState) if (value.expiresAt <= now) this.#byState.delete(key);
    this.#byState.set(state, { ...entry, expiresAt: now + this.#ttlMs });
  }

  /** Takes the authorization a callback's state names, for this user only. */
  take(state: string | null, userId: string): PendingAuthorization {
    const entry = state === null ? undefined : this.#byState.get(state);
    if (entry === undefined || entry.expiresAt <= Date.now() || entry.userId !== userId) {
      throw new ClientError(
        'OAUTH_FLOW_FAILED',
        'The callback state matches no authorization this user started (unknown, used or expired).',
      );
    }
    this.#byState.delete(state!);
    return entry;
  }
}
