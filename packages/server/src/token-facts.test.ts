// The runtime's per-token facts (exposure.ts TokenFacts): a repeated call token is
// spelling-checked and hashed once, and nothing about one token is ever answered for another.
import { readCallAuthorization, tokenFormProblem } from '@toolscope/core';
import { describe, expect, it } from 'vitest';
import { preparedTool, toolCall } from '../test/engine.js';
import { authorizeCall } from './enforce.js';
import { callTool } from './engine/call.js';
import { WireError } from './engine/wire-error.js';
import { createTokenFactsCache, TokenFacts } from './exposure.js';
import { createToolscopeRuntime, runtimeTokenFacts } from './runtime.js';
import type { VerifiedClaims } from './types.js';
import { tokenFingerprint } from './verifiers/cache.js';
import { createToolTokenVerifier, verifierHalves } from './verifiers/index.js';

const JWS = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl';
const ok = { content: [{ type: 'text', text: 'ok' }] };
const opaque = {
  name: 'read',
  inputSchema: { type: 'object' as const },
  requirement: {
    method: 'oauth2' as const,
    requiredScopes: ['r'],
    provider: { id: 'p', issuer: 'https://i.example', resource: 'https://r.example' },
  },
};

describe('TokenFacts', () => {
  it("holds the token's spelling verdict and the fingerprint of its unpartitioned cache key", () => {
    for (const token of [JWS, 'opaque-token-1234', `${JWS}=`, ' padded-token', 'short']) {
      const facts = new TokenFacts(token);
      expect(facts.formProblem).toBe(tokenFormProblem(token));
      expect(facts.fingerprint).toBe(tokenFingerprint(`\u0000${token}`));
      // The fingerprint is a hash: the token is not in it, in any piece of 8 characters.
      expect(facts.fingerprint).not.toContain(token.slice(0, 8));
    }
  });
});

describe('the per-token cache', () => {
  it('answers a repeated token from one entry, and every other token from its own', () => {
    const facts = createTokenFactsCache(8);
    const a = facts('token-a-123456');
    expect(facts('token-a-123456')).toBe(a);
    const b = facts('token-b-123456');
    expect(b).not.toBe(a);
    expect(b.fingerprint).not.toBe(a.fingerprint);
    expect(b.searcher).not.toBe(a.searcher);
    // Tokens one character apart: the second is refused, whatever the first was told.
    const good = facts('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln');
    const bad = facts('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln=');
    expect(good.formProblem).toBeUndefined();
    expect(bad.formProblem).toBe('noncanonical_jws');
    expect(facts('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln').formProblem).toBeUndefined();
  });

  it('drops a token with its fingerprint and searcher when it is evicted, and stays bounded', () => {
    const facts = createTokenFactsCache(2);
    const a = facts('token-a-123456');
    const aFingerprint = a.fingerprint;
    facts('token-b-123456');
    facts('token-c-123456'); // evicts a, the least recently used
    const again = facts('token-a-123456');
    expect(again).not.toBe(a);
    // Worked out again, the same answers: nothing of the evicted entry is reused.
    expect(again.fingerprint).toBe(aFingerprint);
    // b was evicted by a's return; c stays.
    const c = facts('token-c-123456');
    expect(facts('token-c-123456')).toBe(c);
  });

  it('never keeps a token whose spelling is refused, nor one longer than 4,096 characters', () => {
    const facts = createTokenFactsCache(8);
    const bad = ` ${JWS}`;
    const first = facts(bad);
    expect(first.formProblem).toBe('whitespace_or_control');
    expect(facts(bad)).not.toBe(first);
    const long = 'x'.repeat(5000);
    expect(facts(long)).not.toBe(facts(long));
    expect(facts(long).formProblem).toBeUndefined();
  });

  it("is the runtime's: the same facts for every tool registered on it", () => {
    const runtime = createToolscopeRuntime({ maxTokenSearchers: 4 });
    const one = preparedTool(opaque, () => ok, { runtime });
    const two = preparedTool({ ...opaque, name: 'write' }, () => ok, { runtime });
    expect(one.tokenFacts(JWS)).toBe(two.tokenFacts(JWS));
    expect(runtimeTokenFacts(runtime)(JWS)).toBe(one.tokenFacts(JWS));
    expect(runtimeTokenFacts(createToolscopeRuntime())(JWS)).not.toBe(one.tokenFacts(JWS));
  });
});

describe('enforcement with the per-token facts', () => {
  it('refuses a spelling-invalid token every time, also after the valid spelling was accepted', () => {
    const runtime = createToolscopeRuntime({ maxTokenSearchers: 2 });
    const tool = preparedTool(opaque, () => ok, { runtime });
    const refusal = (t: string) => {
      try {
        callTool(tool, toolCall({}, { method: 'oauth2', token: t }));
      } catch (error) {
        return error as WireError;
      }
      return undefined;
    };
    for (let round = 0; round < 3; round++) {
      expect(callTool(tool, toolCall({}, { method: 'oauth2', token: JWS }))).toEqual(ok);
      for (const bad of [`${JWS}=`, `${JWS}\n`, ` ${JWS}`, `${JWS}\u0000`]) {
        const error = refusal(bad);
        expect(error).toBeInstanceOf(WireError);
        expect(error?.code).toBe(-32003);
        expect(JSON.stringify(error?.data)).toContain('canonical');
        // The refusal never quotes the token.
        expect(JSON.stringify({ m: error?.message, d: error?.data })).not.toContain(
          JWS.slice(0, 12),
        );
      }
    }
  });

  it('reads _meta.authorization exactly as core readCallAuthorization does', () => {
    const runtime = createToolscopeRuntime();
    const withFacts = preparedTool(opaque, () => ok, { runtime });
    const metas: unknown[] = [
      undefined,
      null,
      'str',
      {},
      { authorization: null },
      { authorization: [] },
      { authorization: 'token' },
      { authorization: { token: '', method: 'oauth2' } },
      { authorization: { token: 5, method: 'oauth2' } },
      { authorization: { token: JWS } },
      { authorization: { token: JWS, method: 7 } },
      { authorization: { token: `${JWS}=`, method: 7 } },
      { authorization: { token: `${JWS}=`, method: 'apiKey' } },
      { authorization: { token: `${JWS}=`, method: 'oauth2' } },
      { authorization: { token: JWS, method: 'apiKey' } },
      { authorization: { token: JWS, method: 'oauth2' } },
      { authorization: { token: 'x'.repeat(17 * 1024), method: 'oauth2' } },
    ];
    const transport = { connection: undefined, overHttp: false };
    const signal = new AbortController().signal;
    const expected = (meta: unknown) => {
      const reading = readCallAuthorization(meta);
      if (reading.kind === 'absent') return 'missing_token';
      if (reading.kind === 'noncanonical') return 'invalid_token';
      if (reading.kind === 'malformed' || reading.method !== 'oauth2') return 'method_mismatch';
      return 'accepted';
    };
    const kindOf = (outcome: unknown) =>
      (outcome as { kind?: string }).kind ??
      ((outcome as { token?: string }).token ? 'accepted' : '?');
    for (let round = 0; round < 2; round++) {
      for (const meta of metas) {
        const uncached = { ...withFacts, tokenFacts: undefined, formProblem: undefined };
        expect(kindOf(authorizeCall(withFacts, meta, transport, signal))).toBe(expected(meta));
        expect(kindOf(authorizeCall(uncached, meta, transport, signal))).toBe(expected(meta));
      }
    }
  });

  it("finds a verified token's cache entry with and without its facts; a tool partition ignores them", async () => {
    const verified: string[] = [];
    const verify = (token: string, context: { tool: string }): VerifiedClaims => {
      verified.push(`${context.tool}:${token === JWS ? 'JWS' : 'other'}`);
      return { scopes: ['r'], verifiedBy: 'custom' };
    };
    const target = { providerId: 'p', issuer: 'https://i.example', audience: 'https://r.example' };
    const byToken = createToolTokenVerifier(
      { kind: 'custom', verify, dependsOn: 'token' } as never,
      target,
    );
    const byTool = createToolTokenVerifier({ kind: 'custom', verify }, target);
    const facts = createTokenFactsCache(4);
    const now = Date.now();
    await byToken(JWS, { tool: 'read' });
    const halves = verifierHalves(byToken);
    expect(halves?.cached(JWS, 'write', now, facts(JWS))).toMatchObject({ scopes: ['r'] });
    expect(halves?.cached(JWS, 'write', now)).toMatchObject({ scopes: ['r'] });

    await byTool(JWS, { tool: 'read' });
    const toolHalves = verifierHalves(byTool);
    expect(toolHalves?.cached(JWS, 'read', now, facts(JWS))).toMatchObject({ scopes: ['r'] });
    // Partitioned by tool: the facts' unpartitioned fingerprint is not the key.
    expect(toolHalves?.cached(JWS, 'write', now, facts(JWS))).toBeUndefined();
    expect(verified).toEqual(['read:JWS', 'read:JWS']);
  });
});
