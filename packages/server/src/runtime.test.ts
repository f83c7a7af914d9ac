import { describe, expect, it } from 'vitest';
import { createToolscopeRuntime, isToolscopeRuntime, runtimeFor, withRuntime } from './runtime.js';
import type { ServerProvider, VerifierConfig } from './types.js';

const runtime = createToolscopeRuntime();
const verifierFor = (provider: ServerProvider) => runtime.verifierFor(provider);

describe('runtime.verifierFor', () => {
  const jwt: VerifierConfig = {
    kind: 'jwt',
    jwksUri: 'http://127.0.0.1:9/jwks',
    algorithms: ['RS256'],
  };
  const provider = (verifier: VerifierConfig): ServerProvider => ({
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

describe('createToolscopeRuntime', () => {
  const jwt: VerifierConfig = {
    kind: 'jwt',
    jwksUri: 'http://127.0.0.1:9/jwks',
    algorithms: ['RS256'],
  };
  const provider: ServerProvider = {
    id: 'crm',
    type: 'oauth2',
    issuer: 'http://127.0.0.1:9',
    resource: 'http://127.0.0.1:9/api',
    verifier: jwt,
  };

  it('keeps two runtimes apart: no cache is shared through module state', () => {
    const a = createToolscopeRuntime();
    const b = createToolscopeRuntime();
    expect(a.verifierFor(provider)).toBe(a.verifierFor(provider));
    expect(a.verifierFor(provider)).not.toBe(b.verifierFor(provider));
    const schema = { type: 'object' as const, properties: {} };
    expect(a.schemaCheck(schema, 'x')).toBe(a.schemaCheck(schema, 'x'));
    expect(a.schemaCheck(schema, 'x')).not.toBe(b.schemaCheck(schema, 'x'));
  });

  it('drops the oldest shared verifier past maxSharedVerifiers', () => {
    const small = createToolscopeRuntime({ maxSharedVerifiers: 2 });
    const at = (n: number): ServerProvider => ({
      ...provider,
      verifier: { ...jwt, jwksUri: `http://127.0.0.1:9/${n}` },
    });
    const first = small.verifierFor(at(1));
    small.verifierFor(at(2));
    small.verifierFor(at(3));
    expect(small.verifierCount).toBe(2);
    expect(small.verifierFor(at(1))).not.toBe(first);
  });

  it('refuses a bad maxSharedVerifiers and a runtime it did not make', () => {
    expect(() => createToolscopeRuntime({ maxSharedVerifiers: 0 })).toThrow(/positive integer/);
    expect(() => runtimeFor({} as never)).toThrow(/createToolscopeRuntime/);
    expect(isToolscopeRuntime(createToolscopeRuntime())).toBe(true);
    expect(isToolscopeRuntime({ verifierFor() {} })).toBe(false);
  });

  it('lends an endpoint runtime to registrations inside its server factory only', () => {
    const owned = createToolscopeRuntime();
    expect(withRuntime(owned, () => runtimeFor(undefined))).toBe(owned);
    expect(runtimeFor(undefined)).not.toBe(owned);
    const explicit = createToolscopeRuntime();
    expect(withRuntime(owned, () => runtimeFor(explicit))).toBe(explicit);
  });
});
