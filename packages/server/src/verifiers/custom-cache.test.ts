import { AUTH_ERROR_REASONS } from '@toolscope/core';
import { describe, expect, it } from 'vitest';
import { reasonOf } from '../../test/counting-server.js';
import { TokenVerificationError } from '../errors.js';
import type { VerifiedClaims } from '../types.js';
import { createToolTokenVerifier } from './index.js';

describe('class 3, caches key on what the decision depends on; expiry is honoured', () => {
  const custom = (
    verify: (token: string, context: { tool: string }) => VerifiedClaims,
    dependsOn?: 'token' | 'tool',
  ) =>
    createToolTokenVerifier(
      { kind: 'custom', verify, ...(dependsOn === undefined ? {} : { dependsOn }) } as never,
      { providerId: 'p' },
    );

  it('a custom verifier that refuses one tool is asked for that tool, not bypassed by the cache', async () => {
    let calls = 0;
    const verify = custom((_token, { tool }) => {
      calls++;
      if (tool === 'admin_delete')
        throw new TokenVerificationError(AUTH_ERROR_REASONS.rejectedByVerifier);
      return { scopes: ['a'], verifiedBy: 'custom' };
    });
    await expect(verify('tok-1', { tool: 'read_things' })).resolves.toMatchObject({
      scopes: ['a'],
    });
    expect(await reasonOf(verify('tok-1', { tool: 'admin_delete' }))).toBe(
      AUTH_ERROR_REASONS.rejectedByVerifier,
    );
    // Cached per tool: the accepted tool is served from the cache.
    await verify('tok-1', { tool: 'read_things' });
    expect(calls).toBe(2);
  });

  it("dependsOn: 'token' shares one cached answer across tools", async () => {
    let calls = 0;
    const verify = custom(() => {
      calls++;
      return { scopes: ['a'], verifiedBy: 'custom' };
    }, 'token');
    await verify('tok-2', { tool: 'one' });
    await verify('tok-2', { tool: 'two' });
    expect(calls).toBe(1);
  });

  it('refuses a dependsOn it does not know at configuration time', () => {
    expect(() =>
      custom(() => ({ scopes: [], verifiedBy: 'custom' }), 'everything' as 'token'),
    ).toThrow(expect.objectContaining({ code: 'VERIFIER_MISCONFIGURED' }));
  });

  it("a custom verifier's expiresAt in the past is refused, and never cached", async () => {
    let calls = 0;
    const verify = custom(() => {
      calls++;
      return { scopes: ['a'], expiresAt: new Date(Date.now() - 3_600_000), verifiedBy: 'custom' };
    }, 'token');
    for (let i = 0; i < 3; i++) {
      expect(await reasonOf(verify('tok-3', { tool: 't' }))).toBe(AUTH_ERROR_REASONS.expired);
    }
    expect(calls).toBe(3);
  });

  it('claims a custom verifier got wrong are refused, not trusted', async () => {
    for (const claims of [
      { scopes: 'a', verifiedBy: 'custom' },
      { scopes: [1], verifiedBy: 'custom' },
      { scopes: [], expiresAt: new Date(Number.NaN), verifiedBy: 'custom' },
      { scopes: [], expiresAt: 123, verifiedBy: 'custom' },
      null,
    ]) {
      const verify = custom(() => claims as unknown as VerifiedClaims);
      expect(await reasonOf(verify('tok-4', { tool: 't' }))).toBe(AUTH_ERROR_REASONS.claimsInvalid);
    }
  });
});
