import { createHash } from 'node:crypto';
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
 * Where pending authorizations live between `authorizationUrl` and
 * `completeAuthorization`. An agent that runs as one process can keep them in
 * memory (`MemoryPendingAuthorizationStore`, the default); one that runs as
 * several instances behind a load balancer keeps them in a store they share
 * (`RedisPendingAuthorizationStore` from `@toolscope/client/redis`), so that
 * the callback may land on any instance.
 *
 * Entries are filed under a `slot`: a digest of the user id and the state, so
 * a store never holds a state in the clear and a callback only ever finds an
 * authorization its own user started.
 */
export interface PendingAuthorizationStore {
  /** Files an entry under `slot` until `entry.expiresAt`. */
  put(slot: string, entry: PendingAuthorization): Promise<void>;
  /**
   * Removes and returns the entry filed under `slot`, atomically: of any number
   * of callers (in any number of processes sharing the store) at most one gets
   * it. Undefined when there is none (unknown, already taken or expired).
   */
  take(slot: string): Promise<PendingAuthorization | undefined>;
}

/** The slot a user's state is filed under: sha256 of both, so neither key nor log shows the state. */
export function pendingSlot(userId: string, state: string): string {
  return createHash('sha256')
    .update(JSON.stringify(['toolscope.pending', userId, state]))
    .digest('base64url');
}

/** Pending authorizations in this process's memory: for an agent that runs as one process. */
export class MemoryPendingAuthorizationStore implements PendingAuthorizationStore {
  readonly #bySlot = new Map<string, PendingAuthorization>();

  async put(slot: string, entry: PendingAuthorization): Promise<void> {
    const now = Date.now();
    for (const [key, value] of this.#bySlot) if (value.expiresAt <= now) this.#bySlot.delete(key);
    this.#bySlot.set(slot, entry);
  }

  async take(slot: string): Promise<PendingAuthorization | undefined> {
    const entry = this.#bySlot.get(slot);
    this.#bySlot.delete(slot);
    return entry === undefined || entry.expiresAt <= Date.now() ? undefined : entry;
  }
}

/**
 * Authorizations in progress, by `state`. Each state is used once; a callback
 * for another user's state, or an unknown one, is refused.
 */
export class PendingAuthorizations {
  readonly #store: PendingAuthorizationStore;
  readonly #ttlMs: number;

  constructor(
    ttlMs: number,
    store: PendingAuthorizationStore = new MemoryPendingAuthorizationStore(),
  ) {
    this.#ttlMs = ttlMs;
    this.#store = store;
  }

  /** Records a started authorization. */
  async add(state: string, entry: Omit<PendingAuthorization, 'expiresAt'>): Promise<void> {
    await this.#store.put(pendingSlot(entry.userId, state), {
      ...entry,
      expiresAt: Date.now() + this.#ttlMs,
    });
  }

  /** Takes the authorization a callback's state names, for this user only. */
  async take(state: string | null, userId: string): Promise<PendingAuthorization> {
    const entry = state === null ? undefined : await this.#store.take(pendingSlot(userId, state));
    if (entry === undefined || entry.expiresAt <= Date.now() || entry.userId !== userId) {
      throw new ClientError(
        'OAUTH_FLOW_FAILED',
        'The callback state matches no authorization this user started (unknown, used or expired).',
        {
          hint: 'Several agent instances must share one pending-authorization store (pendingAuthorizations: new RedisPendingAuthorizationStore(...)), or the callback must reach the instance that started it.',
        },
      );
    }
    return entry;
  }
}
