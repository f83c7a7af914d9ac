import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number | undefined;
}

/** One issuer's storage, with a periodic sweep of expired entries. */
export interface IssuerStore {
  /** What oidc-provider's `adapter` option takes. */
  readonly adapter: AdapterFactory;
  /** Removes every expired entry now; resolves how many went. */
  sweep(): number;
  /** How many entries are held, expired or not (for tests and diagnostics). */
  size(): number;
  /** Stops the periodic sweep. */
  close(): void;
}

/** Options of `createIssuerStore`. */
export interface IssuerStoreOptions {
  /** How often expired entries are swept. Default 60 s. */
  readonly sweepIntervalMs?: number;
}

/**
 * One issuer's storage. oidc-provider's own memory adapter is a process-wide
 * LRU of 1000 entries; a Map per issuer keeps issuers apart, survives key
 * rotation (which rebuilds the Provider) and never evicts under a busy test.
 * Expired entries go when read, and in a sweep every minute, so that a long
 * `pnpm demo --serve` does not keep every code and token it ever issued.
 */
export function createIssuerStore(options: IssuerStoreOptions = {}): IssuerStore {
  const entries = new Map<string, Entry>();
  const byGrant = new Map<string, Set<string>>();

  const expired = (entry: Entry, now: number): boolean =>
    entry.expiresAt !== undefined && entry.expiresAt <= now;

  const read = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (expired(entry, Date.now())) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  const sweep = (): number => {
    const now = Date.now();
    let removed = 0;
    for (const [key, entry] of entries) {
      if (!expired(entry, now)) continue;
      entries.delete(key);
      removed++;
    }
    for (const [grantId, members] of byGrant) {
      for (const key of members) if (!entries.has(key)) members.delete(key);
      if (members.size === 0) byGrant.delete(grantId);
    }
    return removed;
  };

  const timer = setInterval(sweep, options.sweepIntervalMs ?? 60_000);
  timer.unref();

  const adapter = (model: string): Adapter => {
    const keyFor = (id: string): string => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyFor(id);
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined;
        entries.set(key, { payload, expiresAt });
        if (payload.grantId !== undefined) {
          const members = byGrant.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          byGrant.set(payload.grantId, members);
        }
        if (payload.userCode !== undefined)
          entries.set(`userCode:${payload.userCode}`, {
            payload: { id } as AdapterPayload,
            expiresAt,
          });
        if (payload.uid !== undefined)
          entries.set(`uid:${model}:${payload.uid}`, {
            payload: { id } as AdapterPayload,
            expiresAt,
          });
      },
      async find(id) {
        return read(keyFor(id));
      },
      async findByUserCode(userCode) {
        const ref = read(`userCode:${userCode}`);
        return ref?.['id'] === undefined ? undefined : read(keyFor(String(ref['id'])));
      },
      async findByUid(uid) {
        const ref = read(`uid:${model}:${uid}`);
        return ref?.['id'] === undefined ? undefined : read(keyFor(String(ref['id'])));
      },
      async consume(id) {
        const payload = read(keyFor(id));
        if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyFor(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
        byGrant.delete(grantId);
      },
    };
  };

  return {
    adapter,
    sweep,
    size: () => entries.size,
    close: () => clearInterval(timer),
  };
}
