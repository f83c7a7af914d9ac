import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport as MemoryV1 } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer as McpServerV1 } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  McpServer as McpServerV2,
  InMemoryTransport as MemoryV2,
} from '@modelcontextprotocol/server';
import type { ToolDefinition } from '@toolscope/core';
import { describe, expect, it } from 'vitest';
import { CANARY, captureLogs } from '../test/fixtures.js';
import {
  type CallOutcome,
  defineMiddleware,
  denyCall,
  type Middleware,
  type MiddlewareContext,
  toolErrorRefusal,
} from './middleware.js';
import { registerTools as registerV1 } from './sdk-v1/index.js';
import { registerTools as registerV2 } from './sdk-v2/index.js';
import type { RegisterToolsOptions, TokenToolContext } from './types.js';

const requirement = {
  method: 'oauth2' as const,
  requiredScopes: ['notes:read'],
  provider: { id: 'notes', issuer: 'https://issuer.example', resource: 'https://api.example' },
};
const notes: ToolDefinition<typeof requirement> = {
  name: 'notes_list',
  inputSchema: { type: 'object', properties: { n: { type: 'number' } } },
  requirement,
};
const providers: NonNullable<RegisterToolsOptions['providers']> = {
  notes: {
    id: 'notes',
    type: 'oauth2',
    verifier: {
      kind: 'custom',
      verify: (token) => ({
        subject: token === CANARY ? 'alice' : 'bob',
        scopes: token.endsWith('-noscope') ? [] : ['notes:read'],
        verifiedBy: 'custom',
      }),
    },
  },
};
const tools = [
  {
    definition: notes,
    handler: (input: { n?: number }, ctx: TokenToolContext<'oauth2'>) => ({
      content: [{ type: 'text' as const, text: `n=${input.n ?? 0} by ${ctx.claims?.subject}` }],
    }),
  },
];
const withToken = (token: string) => ({ authorization: { method: 'oauth2', token } });

type Call = (params: {
  name: string;
  arguments?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}) => Promise<Record<string, unknown>>;

/** A toolscope server on one SDK line, reached by that line's official client in memory. */
async function serve(line: 'v1' | 'v2', options: RegisterToolsOptions): Promise<Call> {
  if (line === 'v2') {
    const server = new McpServerV2({ name: 's', version: '1.0.0' });
    registerV2(server, tools, { providers, ...options });
    const [a, b] = MemoryV2.createLinkedPair();
    await server.connect(a);
    const client = new ClientV2({ name: 'c', version: '1.0.0' });
    await client.connect(b);
    return (params) => client.callTool(params) as Promise<Record<string, unknown>>;
  }
  const server = new McpServerV1({ name: 's', version: '1.0.0' });
  registerV1(server, tools, { providers, ...options });
  const [a, b] = MemoryV1.createLinkedPair();
  await server.connect(a);
  const client = new ClientV1({ name: 'c', version: '1.0.0' });
  await client.connect(b);
  return (params) => client.callTool(params) as Promise<Record<string, unknown>>;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a JSON-RPC error');
    },
    (error: { code: number; message: string; data?: unknown }) => error,
  );

describe.each(['v1', 'v2'] as const)('middleware on SDK %s', (line) => {
  it('sees tool, requirement, verified principal and arguments — never the token', async () => {
    const seen: unknown[] = [];
    const observe = defineMiddleware((ctx: MiddlewareContext) => {
      seen.push({
        toolName: ctx.toolName,
        requirement: ctx.requirement,
        principal: ctx.principal,
        arguments: ctx.arguments,
        requestId: ctx.requestId,
      });
      return ctx.next();
    });
    const call = await serve(line, { middleware: [observe] });
    const result = await call({
      name: 'notes_list',
      arguments: { n: 2 },
      _meta: withToken(CANARY),
    });
    expect(result['content']).toEqual([{ type: 'text', text: 'n=2 by alice' }]);
    expect(seen).toEqual([
      {
        toolName: 'notes_list',
        requirement,
        principal: {
          method: 'oauth2',
          keyId: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
          subject: 'alice',
          clientId: undefined,
          scopes: ['notes:read'],
          verifiedBy: 'custom',
        },
        arguments: { n: 2 },
        requestId: expect.anything(),
      },
    ]);
    const text = JSON.stringify(seen);
    for (const form of [
      CANARY,
      Buffer.from(CANARY).toString('base64'),
      encodeURIComponent(CANARY),
    ]) {
      expect(text).not.toContain(form);
    }
  });

  it('short-circuits with a tool error (a rate limit) before the handler runs', async () => {
    let handled = 0;
    const limit = defineMiddleware({
      name: 'rate-limit',
      handle: (ctx) => {
        handled++;
        return handled > 1
          ? ctx.refuse(toolErrorRefusal('Rate limit: 1 call per minute.', { retryAfterMs: 60_000 }))
          : ctx.next();
      },
    });
    const call = await serve(line, { middleware: [limit] });
    await call({ name: 'notes_list', _meta: withToken(CANARY) });
    expect(await call({ name: 'notes_list', _meta: withToken(CANARY) })).toEqual({
      content: [{ type: 'text', text: 'Rate limit: 1 call per minute.' }],
      isError: true,
      _meta: { retryAfterMs: 60_000 },
    });
  });

  it('short-circuits with a -32003-style denial, answered in the profile like any other', async () => {
    const policy = defineMiddleware((ctx) =>
      ctx.principal?.subject === 'bob' ? ctx.refuse(denyCall('Blocked by policy')) : ctx.next(),
    );
    const call = await serve(line, { middleware: [policy] });
    const error = await failure(call({ name: 'notes_list', _meta: withToken('bob-token-1234') }));
    expect(error.code).toBe(-32003);
    expect(error.data).toMatchObject({ error: 'insufficient_scope', reason: 'Blocked by policy' });
    const asResult = await serve(line, { middleware: [policy], profile: 'tool-result' });
    const result = await asResult({ name: 'notes_list', _meta: withToken('bob-token-1234') });
    expect(result).toMatchObject({ isError: true });
    expect(JSON.stringify(result)).toContain('Blocked by policy');
  });

  it("wraps: 'call' sees refused calls too, and the principal once next() authorized", async () => {
    const outcomes: { before: unknown; after: unknown; outcome: CallOutcome }[] = [];
    const audit = defineMiddleware({
      name: 'audit',
      wraps: 'call',
      async handle(ctx) {
        const before = ctx.principal;
        const outcome = await ctx.next();
        outcomes.push({ before, after: ctx.principal?.subject, outcome });
        return outcome;
      },
    });
    const call = await serve(line, { middleware: [audit] });
    await call({ name: 'notes_list', _meta: withToken(CANARY) });
    await failure(call({ name: 'notes_list' }));
    await failure(call({ name: 'notes_list', _meta: withToken('carol-noscope') }));
    await failure(call({ name: 'notes_list', arguments: { n: 'x' }, _meta: withToken(CANARY) }));
    expect(
      outcomes.map((o) => [
        o.before,
        o.after,
        o.outcome.type,
        o.outcome.type === 'refused' ? o.outcome.by : '',
      ]),
    ).toEqual([
      [undefined, 'alice', 'result', ''],
      [undefined, undefined, 'refused', 'authorize'],
      [undefined, undefined, 'refused', 'authorize'],
      [undefined, 'alice', 'refused', 'validate'],
    ]);
  });

  it('runs middleware outermost first, call-wrapping ones outside authorization', async () => {
    const order: string[] = [];
    const mark = (name: string, wraps: 'call' | 'handler'): Middleware =>
      defineMiddleware({
        name,
        wraps,
        async handle(ctx) {
          order.push(`>${name}`);
          const out = await ctx.next();
          order.push(`<${name}`);
          return out;
        },
      });
    const call = await serve(line, {
      middleware: [
        mark('h1', 'handler'),
        mark('c1', 'call'),
        mark('h2', 'handler'),
        mark('c2', 'call'),
      ],
    });
    await call({ name: 'notes_list', _meta: withToken(CANARY) });
    expect(order).toEqual(['>c1', '>c2', '>h1', '>h2', '<h2', '<h1', '<c2', '<c1']);
  });

  it('a middleware that throws or calls next twice ends the call with -32603, logged without the token', async () => {
    const logs = captureLogs();
    const broken = defineMiddleware({
      name: 'broken',
      handle: () => {
        throw new Error(`oops ${CANARY}`);
      },
    });
    const call = await serve(line, { middleware: [broken], logger: logs.logger });
    const error = await failure(call({ name: 'notes_list', _meta: withToken(CANARY) }));
    expect(error).toMatchObject({ code: -32603 });
    expect(error.message).toContain('Middleware broken failed.');
    expect(logs.lines.join('\n')).toContain('middleware failed');
    expect(logs.lines.join('\n')).not.toContain(CANARY);

    const twice = defineMiddleware({
      name: 'twice',
      async handle(ctx) {
        await ctx.next();
        return ctx.next();
      },
    });
    const again = await serve(line, { middleware: [twice] });
    expect(await failure(again({ name: 'notes_list', _meta: withToken(CANARY) }))).toMatchObject({
      code: -32603,
    });
  });
});

describe('defineMiddleware and options.middleware', () => {
  it('refuses what is not a middleware, naming where', () => {
    expect(() => defineMiddleware({} as never)).toThrow(/needs a handle function/);
    expect(() =>
      defineMiddleware({ handle: () => ({}) as never, wraps: 'around' as never }),
    ).toThrow(/wraps must be "call" or "handler"/);
    const server = new McpServerV2({ name: 's', version: '1.0.0' });
    expect(() => registerV2(server, tools, { providers, middleware: [42 as never] })).toThrow(
      /options\.middleware\[0\] is not a middleware/,
    );
  });
});
