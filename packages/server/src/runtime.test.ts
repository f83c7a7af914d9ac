import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { findTokenExposure } from './exposure.js';
import {
  createToolscopeRuntime,
  isToolscopeRuntime,
  runtimeFor,
  runtimeLogger,
  runtimeTokenFacts,
  withRuntime,
} from './runtime.js';
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

describe('runtime caches on the call path', () => {
  const TOKEN = 'rt-cache-Zq8vX2mK9pL4wN7s';

  function appLogger() {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { logger: pino({ level: 'info' }, sink), lines };
  }

  it('builds the redacting child once per app logger, and the silent logger once', () => {
    const rt = createToolscopeRuntime();
    const a = appLogger();
    const b = appLogger();
    const child = runtimeLogger(rt, a.logger);
    expect(runtimeLogger(rt, a.logger)).toBe(child);
    expect(runtimeLogger(rt, b.logger)).not.toBe(child);
    const silent = runtimeLogger(rt, undefined);
    expect(runtimeLogger(rt, undefined)).toBe(silent);
    expect(runtimeLogger(rt, { not: 'a logger' })).toBe(silent);
    expect(silent.isLevelEnabled('error')).toBe(false);
    // Another runtime has its own.
    expect(runtimeLogger(createToolscopeRuntime(), a.logger)).not.toBe(child);
  });

  it('keeps redacting through the shared child, and follows a level change of the app logger', () => {
    const rt = createToolscopeRuntime();
    const app = appLogger();
    runtimeLogger(rt, app.logger).info(
      { params: { _meta: { authorization: { token: TOKEN } } }, note: `Bearer ${TOKEN}` },
      'call',
    );
    runtimeLogger(rt, app.logger).info({ token: TOKEN }, 'again');
    expect(app.lines).toHaveLength(2);
    expect(app.lines.join('\n')).not.toContain(TOKEN);
    expect(app.lines.join('\n')).toContain('[redacted]');
    expect(runtimeLogger(rt, app.logger).isLevelEnabled('debug')).toBe(false);
    app.logger.level = 'debug';
    const after = runtimeLogger(rt, app.logger);
    expect(after.isLevelEnabled('debug')).toBe(true);
    after.debug({ apiKey: TOKEN }, 'debug line');
    expect(app.lines).toHaveLength(3);
    expect(app.lines.join('\n')).not.toContain(TOKEN);
  });

  it('reuses one searcher per token, answers as findTokenExposure does, and stays bounded', () => {
    const rt = createToolscopeRuntime({ maxTokenSearchers: 2 });
    const facts = runtimeTokenFacts(rt);
    const searcher = (token: string) => facts(token).searcher;
    const first = searcher(TOKEN);
    expect(searcher(TOKEN)).toBe(first);
    const results: unknown[] = [
      { content: [{ type: 'text', text: 'ok' }] },
      { content: [{ type: 'text', text: `echo ${TOKEN}` }] },
      { content: [{ type: 'text', text: Buffer.from(TOKEN).toString('base64') }] },
      { content: [{ type: 'text', text: TOKEN.slice(3, 13) }] },
      { content: [{ type: 'text', text: 'a'.repeat(200) }] },
    ];
    // The same searcher, asked again and again (its table built by the long text), keeps its answers.
    for (let round = 0; round < 2; round++) {
      for (const result of results) {
        expect(first.find(result)).toEqual(findTokenExposure(result, TOKEN));
      }
    }
    expect(first.find(results[1])).toEqual({ encoding: 'raw', fragment: false });
    expect(first.find(results[0])).toBeUndefined();
    // Least recently used dropped first: TOKEN was used after other-token-1, so that one goes.
    const other = searcher('other-token-1');
    searcher(TOKEN);
    searcher('other-token-2');
    expect(searcher(TOKEN)).toBe(first);
    expect(searcher('other-token-1')).not.toBe(other);
  });

  it('refuses a bad maxTokenSearchers', () => {
    expect(() => createToolscopeRuntime({ maxTokenSearchers: 0 })).toThrow(/maxTokenSearchers/);
  });
});
