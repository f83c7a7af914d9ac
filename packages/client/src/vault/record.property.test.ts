import { ToolscopeError } from '@toolscope/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyRing } from './key-ring.js';
import { MemoryVaultStore } from './memory.js';
import { decodeRecord } from './record.js';
import type { VaultEntryKey } from './store.js';
import { TokenVault } from './vault.js';

const RUNS = { numRuns: 300, interruptAfterTimeLimit: 4000 } as const;
const ring = new KeyRing([{ kid: 'k1', key: KeyRing.generateKey() }]);
const key: VaultEntryKey = { kind: 'oauth2', subject: 'p', provider: 'zoom', resource: '' };

/** Only the vault's own error family, with a VAULT_ code, may come out. */
function expectVaultError(error: unknown): void {
  expect(error).toBeInstanceOf(ToolscopeError);
  expect((error as ToolscopeError).code).toMatch(/^VAULT_/);
}

describe('property-based: the vault record decoder never throws an unexpected error', {
  timeout: 20_000,
}, () => {
  it('decodes or refuses any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          try {
            decodeRecord(text);
          } catch (error) {
            expectVaultError(error);
          }
        },
      ),
      RUNS,
    );
  });

  it('reads mutated real records as the tokens they held or a vault error, never anything else', async () => {
    const store = new MemoryVaultStore();
    const writer = new TokenVault(store, ring);
    await writer.putTokens('p', 'zoom', undefined, {
      accessToken: 'access-123',
      refreshToken: 'refresh-456',
      scopes: ['a', 'b'],
      expiresAt: 1_900_000_000_000,
    });
    const valid = (await store.get(key))!;
    const fields = Object.keys(JSON.parse(valid) as object);
    const mutation = fc.oneof(
      // Flip one character.
      fc
        .tuple(fc.nat(valid.length - 1), fc.string({ minLength: 1, maxLength: 1 }))
        .map(([at, c]) => valid.slice(0, at) + c + valid.slice(at + 1)),
      // Cut a range.
      fc
        .tuple(fc.nat(valid.length), fc.nat(40))
        .map(([at, n]) => valid.slice(0, at) + valid.slice(at + n)),
      // Replace one field with any JSON value.
      fc
        .tuple(fc.constantFrom(...fields), fc.jsonValue())
        .map(([field, value]) =>
          JSON.stringify({ ...(JSON.parse(valid) as object), [field]: value }),
        ),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (text) => {
        await store.put(key, text);
        // A fresh vault each time: the witness must not decide for the decoder.
        const reader = new TokenVault(store, ring);
        try {
          const tokens = await reader.getTokens('p', 'zoom');
          if (text !== valid) {
            // Only a change the AAD does not cover (JSON spacing, key order) may still read back.
            expect(tokens).toEqual(await new TokenVault(store, ring).getTokens('p', 'zoom'));
          }
        } catch (error) {
          expectVaultError(error);
        }
      }),
      RUNS,
    );
  });

  it('opens or refuses any mutated sealed value', () => {
    const sealed = ring.seal('secret-value', 'aad');
    fc.assert(
      fc.property(fc.nat(sealed.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (at, c) => {
        const mutated = sealed.slice(0, at) + c + sealed.slice(at + 1);
        try {
          const plain = ring.open(mutated, 'aad');
          // base64url leniency must not let a different value through.
          expect(plain).toBe('secret-value');
        } catch (error) {
          expectVaultError(error);
        }
      }),
      RUNS,
    );
  });
});
