// The call path answers without a promise when nothing in it waits (a `none` or
// opaque tool with a synchronous handler, a jwt/custom token found in the
// verified-result cache), and with a promise, with the same answers, when
// something does. These tests pin both halves and the checks the fast path keeps.
import { AUTH_ERROR_REASONS } from '@toolscope/core';
import { describe, expect, it } from 'vitest';
import { preparedTool, toolCall } from '../../test/engine.js';
import { authorizeCall } from '../enforce.js';
import { TokenVerificationError } from '../errors.js';
import { createTokenFactsCache } from '../exposure.js';
import { createToolscopeRuntime } from '../runtime.js';
import type { VerifiedClaims } from '../types.js';
import { VerifiedTokenCache } from '../verifiers/cache.js';
import { createToolTokenVerifier } from '../verifiers/index.js';
import { callTool } from './call.js';
import { WireError } from './wire-error.js';

const opaque = {
  name: 'read',
  inputSchema: { type: 'object' as const, properties: { n: { type: 'number' as const } } },
  requirement: {
    method: 'oauth2' as const,
    requiredScopes: ['r'],
    provider: { id: 'p', issuer: 'https://i.example', resource: 'https://r.example' },
  },
};
const ok = { content: [{ type: 'text', text: 'ok' }] };
const token = { method: 'oauth2', token: 'tok-sync-path-1234' };

describe('callTool answers synchronously when the chain is synchronous', () => {
  it('returns the result itself for a synchronous handler, a promise for an async one', async () => {
    const sync = preparedTool(opaque, () => ok);
    const answered = callTool(sync, toolCall({ n: 1 }, token));
    expect(answered).not.toBeInstanceOf(Promise);
    expect(answered).toEqual(ok);

    const later = preparedTool(opaque, async () => ok);
    const pending = callTool(later, toolCall({ n: 1 }, token));
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).resolves.toEqual(ok);
  });

  it('waits for a thenable that is not a Promise, as await would', async () => {
    // biome-ignore lint/suspicious/noThenProperty: the point of the test is a thenable that is no Promise.
    const thenable = { then: (resolve: (v: unknown) => void) => resolve(ok) };
    const tool = preparedTool(opaque, () => thenable);
    await expect(Promise.resolve(callTool(tool, toolCall({}, token)))).resolves.toEqual(ok);
  });

  it('throws the WireError synchronously for a synchronous refusal, and rejects for an async one', async () => {
    const sync = preparedTool(opaque, () => ok);
    let thrown: unknown;
    try {
      callTool(sync, toolCall({ n: 'not a number' }, token));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WireError);
    expect((thrown as WireError).code).toBe(-32602);

    // A missing token: the refusal of the server's profile, the same either way.
    const missing = () => callTool(sync, toolCall({}));
    expect(missing).toThrow(WireError);
    const later = preparedTool(opaque, async () => ok);
    await expect(Promise.resolve().then(() => callTool(later, toolCall({})))).rejects.toThrow(
      WireError,
    );
  });

  it('still withholds a result that echoes the token, on the synchronous path', () => {
    const tool = preparedTool(opaque, () => ({
      content: [{ type: 'text', text: `here: ${token.token}` }],
    }));
    const answered = callTool(tool, toolCall({}, token)) as { isError?: boolean };
    expect(answered).not.toBeInstanceOf(Promise);
    expect(answered.isError).toBe(true);
    expect(JSON.stringify(answered)).not.toContain(token.token);
  });

  it('turns a synchronous throw of the handler into a tool error, without the token', () => {
    const tool = preparedTool(opaque, () => {
      throw new Error(`failed for ${token.token}`);
    });
    const answered = callTool(tool, toolCall({}, token));
    expect(answered).not.toBeInstanceOf(Promise);
    expect(answered).toMatchObject({ isError: true });
    expect(JSON.stringify(answered)).not.toContain(token.token);
  });
});

describe('a cached verified token is checked without a promise, with every check kept', () => {
  const customTool = (
    verify: (t: string, c: { tool: string }) => VerifiedClaims,
    name = 'read',
    requiredScopes = ['r'],
  ) => ({
    name,
    requirement: { method: 'oauth2' as const, requiredScopes, provider: { id: 'p' } },
    verifier: createToolTokenVerifier({ kind: 'custom', verify } as never, { providerId: 'p' }),
    isSelf: false,
  });
  const meta = (t: string) => ({ authorization: { method: 'oauth2', token: t } });
  const stdio = { connection: undefined, overHttp: false };
  const signal = new AbortController().signal;

  it('verifies once (a promise), then answers from the cache synchronously', async () => {
    let calls = 0;
    const tool = customTool(() => {
      calls++;
      return { scopes: ['r'], verifiedBy: 'custom' };
    });
    const first = authorizeCall(tool, meta('tok-a'), stdio, signal);
    expect(first).toBeInstanceOf(Promise);
    await expect(first).resolves.toMatchObject({ method: 'oauth2', token: 'tok-a' });
    const second = authorizeCall(tool, meta('tok-a'), stdio, signal);
    expect(second).not.toBeInstanceOf(Promise);
    expect(second).toMatchObject({ method: 'oauth2', token: 'tok-a' });
    expect(calls).toBe(1);
  });

  it('checks the scopes of cached claims on every call', async () => {
    const verify = () => ({ scopes: ['r'], verifiedBy: 'custom' as const });
    const reader = customTool(verify, 'read', ['r']);
    await authorizeCall(reader, meta('tok-b'), stdio, signal);
    // Another tool on the same verifier that needs a scope the token lacks.
    const writer = {
      ...reader,
      name: 'write',
      requirement: { ...reader.requirement, requiredScopes: ['w'] },
    };
    const refused = await authorizeCall(writer, meta('tok-b'), stdio, signal);
    expect(refused).toMatchObject({ kind: 'insufficient_scope' });
  });

  it('keeps the per-tool partition of a custom verifier: another tool is asked again', async () => {
    const seen: string[] = [];
    const verify = (_t: string, { tool }: { tool: string }) => {
      seen.push(tool);
      if (tool === 'admin') throw new TokenVerificationError(AUTH_ERROR_REASONS.rejectedByVerifier);
      return { scopes: ['r'], verifiedBy: 'custom' as const };
    };
    const reader = customTool(verify, 'read');
    await authorizeCall(reader, meta('tok-c'), stdio, signal);
    const admin = { ...reader, name: 'admin' };
    const refused = await authorizeCall(admin, meta('tok-c'), stdio, signal);
    expect(refused).toMatchObject({ kind: 'invalid_token' });
    expect(authorizeCall(reader, meta('tok-c'), stdio, signal)).not.toBeInstanceOf(Promise);
    expect(seen).toEqual(['read', 'admin']);
  });

  it('does not serve cached claims past their expiry', async () => {
    let calls = 0;
    const tool = customTool(() => {
      calls++;
      return { scopes: ['r'], verifiedBy: 'custom', expiresAt: new Date(Date.now() + 40) };
    });
    await authorizeCall(tool, meta('tok-d'), stdio, signal);
    expect(authorizeCall(tool, meta('tok-d'), stdio, signal)).not.toBeInstanceOf(Promise);
    await new Promise((r) => setTimeout(r, 60));
    const after = authorizeCall(tool, meta('tok-d'), stdio, signal);
    expect(after).toBeInstanceOf(Promise);
    await after;
    expect(calls).toBe(2);
  });

  it('refuses a non-canonical spelling before any cache is consulted', async () => {
    const tool = customTool(() => ({ scopes: ['r'], verifiedBy: 'custom' }));
    await authorizeCall(tool, meta('tok-e'), stdio, signal);
    expect(authorizeCall(tool, meta('tok-e '), stdio, signal)).toMatchObject({
      kind: 'invalid_token',
      reason: AUTH_ERROR_REASONS.notCanonical,
    });
  });
});

describe('the most-recent shortcuts keep least-recently-used order', () => {
  it('VerifiedTokenCache evicts the least recently used, hits on the last key included', () => {
    const cache = new VerifiedTokenCache<string>(2);
    const later = Date.now() + 60_000;
    cache.set('a', 'A', later);
    cache.set('b', 'B', later);
    expect(cache.get('a')).toBe('A'); // a is now the most recent
    expect(cache.get('a')).toBe('A'); // and stays it
    cache.set('c', 'C', later); // evicts b
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    cache.set('d', 'D', later); // evicts a: c was read last
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('VerifiedTokenCache drops an expired most-recent entry', () => {
    const cache = new VerifiedTokenCache<string>(2);
    const now = Date.now();
    cache.set('a', 'A', now + 10, now);
    expect(cache.get('a', now)).toBe('A');
    expect(cache.get('a', now + 10)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('the per-token cache returns one searcher per token and evicts the least recent', () => {
    const facts = createTokenFactsCache(2);
    const searchers = (token: string) => facts(token).searcher;
    const a = searchers('token-a-123456');
    expect(searchers('token-a-123456')).toBe(a);
    const b = searchers('token-b-123456');
    expect(searchers('token-a-123456')).toBe(a); // a most recent, b least
    searchers('token-c-123456'); // evicts b
    expect(searchers('token-b-123456')).not.toBe(b);
    expect(searchers('token-a-123456')).not.toBe(a); // a was evicted by b's return
  });

  it('a runtime with room for one searcher still answers every token', () => {
    const runtime = createToolscopeRuntime({ maxTokenSearchers: 1 });
    const tool = preparedTool(opaque, () => ok, { runtime });
    for (const t of ['tok-one-123456', 'tok-two-123456', 'tok-one-123456']) {
      expect(callTool(tool, toolCall({}, { method: 'oauth2', token: t }))).toEqual(ok);
    }
  });
});
