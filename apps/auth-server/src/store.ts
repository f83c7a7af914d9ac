import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number | undefined;
}

/**
 * One issuer's storage. oidc-provider's own memory adapter is a process-wide
 * LRU of 1000 entries; a Map per issuer keeps issuers apart, survives key
 * rotation (which rebuilds the Provider) and never evicts under a busy test.
 */
export function createIssuerStore(): AdapterFactory {
  const entries = new Map<string, Entry>();
  const byGrant = new Map<string, Set<string>>();

  const read = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  return (model: string): Adapter => {
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
}
