import { describe, expect, it } from 'vitest';
import { preparedTool, recordingNext, stateOf, toolCall } from '../../../test/engine.js';
import { TokenVerificationError } from '../../errors.js';
import type { TokenVerifierFunction } from '../../types.js';
import { authorize } from './authorize.js';

const oauth = {
  method: 'oauth2' as const,
  requiredScopes: ['read'],
  provider: { id: 'p', issuer: 'https://issuer.example', resource: 'https://api.example' },
};
const definition = { name: 't', inputSchema: { type: 'object' as const }, requirement: oauth };
const handler = () => ({ content: [] });

/** One oauth2 provider `p` whose tokens a custom verifier judges. */
const customProvider = (verify: TokenVerifierFunction) => ({
  p: { id: 'p', type: 'oauth2' as const, verifier: { kind: 'custom' as const, verify } },
});

describe('step authorize', () => {
  it('lets a none tool through synchronously with a none credential', () => {
    const tool = preparedTool({ ...definition, requirement: { method: 'none' } }, handler);
    const state = stateOf(tool, toolCall({}, { method: 'oauth2', token: 'ignored-token-1234' }));
    const next = recordingNext();
    const out = authorize.run(state, next);
    expect(out).not.toBeInstanceOf(Promise);
    expect(next.calls).toHaveLength(1);
    expect(state.credential).toEqual({ method: 'none' });
  });

  it('refuses a missing token as a typed authorization refusal by authorize, without running next', () => {
    const tool = preparedTool(definition, handler);
    const next = recordingNext();
    const out = authorize.run(stateOf(tool, toolCall({})), next);
    expect(out).toEqual({
      type: 'refused',
      by: 'authorize',
      refusal: { kind: 'authorization', error: 'missing_token', reason: expect.any(String) },
    });
    expect(next.calls).toHaveLength(0);
  });

  it('refuses a token of the wrong method', () => {
    const tool = preparedTool(definition, handler);
    const out = authorize.run(
      stateOf(tool, toolCall({}, { method: 'apiKey', token: 'some-token-value' })),
      recordingNext(),
    );
    expect(out).toMatchObject({ type: 'refused', refusal: { error: 'method_mismatch' } });
  });

  it('records an opaque token as the credential and goes on', () => {
    const tool = preparedTool(definition, handler);
    const state = stateOf(tool, toolCall({}, { method: 'oauth2', token: 'opaque-token-abc' }));
    authorize.run(state, recordingNext());
    expect(state.credential).toEqual({
      method: 'oauth2',
      token: 'opaque-token-abc',
      claims: undefined,
    });
  });

  it('awaits a verifier, and refuses missing scopes as insufficient_scope', async () => {
    const tool = preparedTool(definition, handler, {
      providers: customProvider((token) => {
        if (token === 'bad-token-xyz1') throw new TokenVerificationError('revoked');
        return { scopes: token === 'good-token-xyz1' ? ['read'] : [], verifiedBy: 'custom' };
      }),
    });
    const ok = stateOf(tool, toolCall({}, { method: 'oauth2', token: 'good-token-xyz1' }));
    const pending = authorize.run(ok, recordingNext());
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toMatchObject({ type: 'result' });
    expect(ok.credential).toMatchObject({ method: 'oauth2', claims: { scopes: ['read'] } });

    const few = stateOf(tool, toolCall({}, { method: 'oauth2', token: 'poor-token-xyz1' }));
    expect(await authorize.run(few, recordingNext())).toMatchObject({
      refusal: { kind: 'authorization', error: 'insufficient_scope' },
    });
    expect(few.credential).toBeUndefined();

    const bad = stateOf(tool, toolCall({}, { method: 'oauth2', token: 'bad-token-xyz1' }));
    expect(await authorize.run(bad, recordingNext())).toMatchObject({
      refusal: { kind: 'authorization', error: 'invalid_token', reason: 'revoked' },
    });
  });

  it('grants by exact match in any order, and names exactly the missing scopes', async () => {
    const tool = preparedTool(
      { ...definition, requirement: { ...oauth, requiredScopes: ['b', 'a'] } },
      handler,
      {
        providers: customProvider((token) => ({
          scopes: token === 'both-token-1234' ? ['x', 'a', 'b'] : ['a', 'B', 'b '],
          verifiedBy: 'custom',
        })),
      },
    );
    for (let round = 0; round < 2; round++) {
      // The second round is answered from the verified-result cache.
      const both = stateOf(tool, toolCall({}, { method: 'oauth2', token: 'both-token-1234' }));
      expect(await authorize.run(both, recordingNext())).toMatchObject({ type: 'result' });
      const some = stateOf(tool, toolCall({}, { method: 'oauth2', token: 'some-token-1234' }));
      expect(await authorize.run(some, recordingNext())).toMatchObject({
        refusal: { error: 'insufficient_scope', reason: 'Missing scope: b' },
      });
      expect(some.credential).toBeUndefined();
    }
  });
});
