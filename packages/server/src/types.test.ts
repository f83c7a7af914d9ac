import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { NoneRequirement, OAuth2Requirement, ToolDefinition } from '@toolscope/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  AuthorizedTool,
  NoneToolContext,
  TokenToolContext,
  ToolContext,
} from './sdk-v1/index.js';
import { registerTools } from './sdk-v1/index.js';

// These assertions are checked by `tsc` (pnpm typecheck); at run time they are no-ops.
describe('handler context types', () => {
  it('gives an oauth2 handler token: string and a none handler no token', () => {
    expectTypeOf<ToolContext<OAuth2Requirement>>().toEqualTypeOf<TokenToolContext<'oauth2'>>();
    expectTypeOf<ToolContext<OAuth2Requirement>['token']>().toEqualTypeOf<string>();
    expectTypeOf<ToolContext<NoneRequirement>>().toEqualTypeOf<NoneToolContext>();
    expectTypeOf<NoneToolContext['token']>().toEqualTypeOf<undefined>();

    const oauthTool: AuthorizedTool<OAuth2Requirement, { id: string }, { ok: boolean }> = {
      definition: {} as ToolDefinition<OAuth2Requirement>,
      handler: (input, ctx) => {
        expectTypeOf(input.id).toEqualTypeOf<string>();
        expectTypeOf(ctx.token).toEqualTypeOf<string>();
        expectTypeOf(ctx.fetch).toBeFunction();
        return { ok: ctx.token.length > 0 };
      },
    };
    const noneTool: AuthorizedTool<NoneRequirement> = {
      definition: {} as ToolDefinition<NoneRequirement>,
      handler: (_input, ctx) => {
        // @ts-expect-error a none tool's context has no token to read as a string
        const token: string = ctx.token;
        // @ts-expect-error a none tool's context has no upstream fetch
        void ctx.fetch;
        return { content: [{ type: 'text', text: String(token) }] };
      },
    };
    const forged: NoneToolContext = {
      method: 'none',
      toolName: 't',
      signal: new AbortController().signal,
      requestId: 1,
      // @ts-expect-error a none context can never be built with a token
      token: 'x',
    };
    void forged;

    // A list mixing requirements registers without casts.
    const server = new Server({ name: 't', version: '1' }, { capabilities: {} });
    const register = () => registerTools(server, [oauthTool, noneTool]);
    expectTypeOf(register).returns.toEqualTypeOf<void>();
    expect(typeof register).toBe('function');
  });
});
