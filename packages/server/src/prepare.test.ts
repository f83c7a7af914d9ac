import { describe, expect, it } from 'vitest';
import { verifierFor } from './prepare.js';
import type { ProviderConfig, VerifierConfig } from './types.js';

describe('verifierFor', () => {
  const jwt: VerifierConfig = {
    kind: 'jwt',
    jwksUri: 'http://127.0.0.1:9/jwks',
    algorithms: ['RS256'],
  };
  const provider = (verifier: VerifierConfig): ProviderConfig => ({
    id: 'crm',
    type: 'oauth2',
    issuer: 'http://127.0.0.1:9',
    resource: 'http://127.0.0.1:9/api',
    verifier,
  });

  it('shares one verifier (and its JWKS and result caches) across rebuilt provider objects', () => {
    // Generated register*Tools spreads a fresh providers object per server; the
    // verifier config object is the module-level constant and must be the key.
    expect(verifierFor(provider(jwt))).toBe(verifierFor(provider(jwt)));
  });

  it('shares one verifier across equal configs rebuilt per registration', () => {
    // Generated servers fill an introspection secret from the environment into a new
    // object every time; the introspection cache must still be shared.
    const introspection = (): VerifierConfig => ({
      kind: 'introspection',
      endpoint: 'http://127.0.0.1:9/introspect',
      clientId: 'rs',
      clientSecret: 'from-env',
    });
    expect(verifierFor(provider(introspection()))).toBe(verifierFor(provider(introspection())));
    expect(verifierFor(provider({ ...jwt }))).toBe(verifierFor(provider(jwt)));
  });

  it('keeps verifiers of different configs apart', () => {
    expect(verifierFor(provider(jwt))).not.toBe(
      verifierFor(provider({ ...jwt, algorithms: ['ES256'] })),
    );
    const custom = (): VerifierConfig => ({
      kind: 'custom',
      verify: () => ({ scopes: [], verifiedBy: 'custom' }),
    });
    expect(verifierFor(provider(custom()))).not.toBe(verifierFor(provider(custom())));
  });
});
