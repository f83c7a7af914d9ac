import type { AdapterPayload } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { createIssuerStore } from './store.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('issuer store', () => {
  it('sweeps expired entries that nobody reads again, on its own', async () => {
    const store = createIssuerStore({ sweepIntervalMs: 20 });
    try {
      const codes = store.adapter('AuthorizationCode');
      const grants = store.adapter('Grant');
      for (let i = 0; i < 50; i++) {
        await codes.upsert(
          `code-${i}`,
          { grantId: `g-${i}`, uid: `u-${i}` } as AdapterPayload,
          0.01,
        );
      }
      await grants.upsert('kept', { grantId: 'g-kept' } as AdapterPayload, 3600);
      await grants.upsert('forever', {} as AdapterPayload, undefined as unknown as number);
      expect(store.size()).toBe(102);
      await wait(100);
      // Only the two entries that have not expired remain: none of the 50 codes, nor their uid index.
      expect(store.size()).toBe(2);
      expect(await grants.find('kept')).toBeDefined();
      expect(await grants.find('forever')).toBeDefined();
      expect(await codes.find('code-0')).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('stops sweeping once closed', async () => {
    const store = createIssuerStore({ sweepIntervalMs: 20 });
    store.close();
    await store.adapter('AccessToken').upsert('t', {} as AdapterPayload, 0.01);
    await wait(80);
    expect(store.size()).toBe(1);
    expect(store.sweep()).toBe(1);
    expect(store.size()).toBe(0);
  });
});
