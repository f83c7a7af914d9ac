import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AuthorizationRequiredError,
  buildAuthError,
  InsufficientAuthorizationError,
  invokeTool,
  invokeToolWithSource,
  type SdkV1CallTarget,
  type TokenBinding,
  type TokenGetter,
  type TokenSource,
  type TokenSourceFunction,
  type TokenSourceObject,
  type ToolCallTarget,
  type ToolInvocation,
} from './index.js';

const requirement = {
  method: 'oauth2',
  requiredScopes: ['r'],
  provider: { id: 'p' },
} as const;

/**
 * A fake ToolCallTarget (no MCP server in the loop): it records each call and fails
 * with the given errors, then succeeds. The real SDK Client path is covered by
 * packages/client's tests against a real server.
 */
function target(failures: unknown[]) {
  const seen: Array<Record<string, unknown> | undefined> = [];
  const t: SdkV1CallTarget = {
    async callTool(params) {
      seen.push(params._meta);
      const next = failures.shift();
      if (next) throw next;
      return { content: [] };
    },
  };
  return { t, seen };
}

const mcpError = (kind: 'missing_token' | 'insufficient_scope') => {
  const p = buildAuthError('t', { ...requirement, provider: { id: 'p' } }, kind, 'why');
  return Object.assign(new Error(p.message), { code: p.code, data: p.data });
};

const call: ToolInvocation = { name: 't', arguments: {}, requirement };

describe('invokeTool', () => {
  it('puts the token in _meta.authorization with the method (fake call target)', async () => {
    const { t, seen } = target([]);
    await invokeTool(t, call, 'tok');
    expect(seen).toEqual([{ authorization: { method: 'oauth2', token: 'tok' } }]);
  });
  it('never sends a token to a none tool (fake call target)', async () => {
    const { t, seen } = target([]);
    await invokeTool(t, { ...call, requirement: { method: 'none' } }, 'tok');
    expect(seen).toEqual([undefined]);
  });
  it('maps errors by data, not by code (fake call target)', async () => {
    const { t } = target([mcpError('missing_token')]);
    await expect(invokeTool(t, call, undefined)).rejects.toBeInstanceOf(AuthorizationRequiredError);
    const timeout = Object.assign(new Error('Request timed out'), {
      code: -32001,
      data: { timeout: 1 },
    });
    const { t: t2 } = target([timeout]);
    await expect(invokeTool(t2, call, 'x')).rejects.toBe(timeout);
  });
  it('maps an authorization error only when data.tool names the called tool (fake call target)', async () => {
    const p = buildAuthError('other_tool', requirement, 'missing_token', 'why');
    const foreign = Object.assign(new Error(p.message), { code: p.code, data: p.data });
    const { t } = target([foreign]);
    await expect(invokeTool(t, call, 'x')).rejects.toBe(foreign);
    const refusal = {
      content: [{ type: 'text', text: 'Authorization required.' }],
      isError: true,
      _meta: { 'io.toolscope/authorization-error': p.data },
    };
    const t2: ToolCallTarget = { callTool: async () => refusal };
    await expect(invokeTool(t2, call, 'x')).resolves.toBe(refusal);
  });
});

describe('invokeToolWithSource', () => {
  it('retries once after the source reacts, and never loops (fake call target)', async () => {
    const { t, seen } = target([mcpError('insufficient_scope'), mcpError('insufficient_scope')]);
    let n = 0;
    let reactions = 0;
    const source = {
      getToken: () => `tok${++n}`,
      onAuthorizationError: async () => {
        reactions++;
        return true;
      },
    };
    await expect(invokeToolWithSource(t, call, source)).rejects.toBeInstanceOf(
      InsufficientAuthorizationError,
    );
    expect(reactions).toBe(1);
    expect(seen.map((m) => JSON.stringify(m))).toEqual([
      JSON.stringify({ authorization: { method: 'oauth2', token: 'tok1' } }),
      JSON.stringify({ authorization: { method: 'oauth2', token: 'tok2' } }),
    ]);
  });
  it('succeeds on the retry (fake call target)', async () => {
    const { t } = target([mcpError('missing_token')]);
    const res = await invokeToolWithSource(t, call, {
      getToken: () => 'a',
      onAuthorizationError: async () => true,
    });
    expect(res).toEqual({ content: [] });
  });
});

describe('tool-result profile refusals', () => {
  it('become the same typed errors as jsonrpc ones, and a retry follows (fake call target)', async () => {
    const p = buildAuthError('t', requirement, 'insufficient_scope', 'Missing required scope');
    const refusal = {
      content: [{ type: 'text', text: 'Token invalid or insufficient.' }],
      isError: true,
      _meta: { 'io.toolscope/authorization-error': p.data },
    };
    let calls = 0;
    const t: ToolCallTarget = {
      async callTool() {
        calls++;
        return calls === 1 ? refusal : { content: [] };
      },
    };
    await expect(invokeTool(t, call, 'x')).rejects.toBeInstanceOf(InsufficientAuthorizationError);
    calls = 0;
    const res = await invokeToolWithSource(t, call, {
      getToken: () => 'x',
      onAuthorizationError: async (e) => e.kind === 'insufficient_scope',
    });
    expect(res).toEqual({ content: [] });
    expect(calls).toBe(2);
  });
  it('leaves ordinary isError results alone (fake call target)', async () => {
    const plain = { content: [{ type: 'text', text: 'boom' }], isError: true };
    const t: ToolCallTarget = { callTool: async () => plain };
    await expect(invokeTool(t, call, 'x')).resolves.toBe(plain);
  });
});

describe('token source vocabulary', () => {
  it('takes both forms as a TokenSource; the old names are aliases of the new (fake call target)', async () => {
    expectTypeOf<TokenGetter>().toEqualTypeOf<TokenSourceFunction>();
    expectTypeOf<TokenBinding>().toEqualTypeOf<TokenSourceObject>();
    expectTypeOf<TokenSource>().toEqualTypeOf<TokenSourceFunction | TokenSourceObject>();
    const asFunction: TokenSourceFunction = (request) => `fn:${request.tool}`;
    const asObject: TokenSourceObject = { getToken: () => 'obj' };
    const { t, seen } = target([]);
    await invokeToolWithSource(t, call, asFunction);
    await invokeToolWithSource(t, call, asObject);
    expect(seen).toEqual([
      { authorization: { method: 'oauth2', token: 'fn:t' } },
      { authorization: { method: 'oauth2', token: 'obj' } },
    ]);
  });
});
