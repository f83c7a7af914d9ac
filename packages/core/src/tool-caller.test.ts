import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AuthorizationRequiredError,
  buildAuthError,
  environmentVariable,
  GeneratedCodeError,
  type NoTokenCallOptions,
  type SdkV1CallTarget,
  type SdkV2CallTarget,
  type StructuredResult,
  type TokenCallOptions,
  type ToolCallResult,
  type ToolMethods,
  toolCaller,
  toolClient,
  userToolCaller,
  userToolClient,
} from './index.js';

const requirements = {
  read: { method: 'oauth2', requiredScopes: ['r'], provider: { id: 'p' } },
  open: { method: 'none' },
} as const;

/**
 * Fake call targets (no MCP server in the loop) that record every argument;
 * the generated clients run these helpers against real SDK clients and servers
 * in packages/codegen's e2e test.
 */
function v1Target(results: unknown[] = []) {
  const seen: unknown[][] = [];
  const target: SdkV1CallTarget = {
    async callTool(...args) {
      seen.push(args);
      const next = results.shift();
      if (next instanceof Error) throw next;
      return next ?? { content: [], structuredContent: { ok: true } };
    },
  };
  return { target, seen };
}

function v2Target() {
  const seen: unknown[][] = [];
  const target: SdkV2CallTarget = {
    async callTool(...args) {
      seen.push(args);
      return { content: [] };
    },
    getProtocolEra: () => undefined,
  };
  return { target, seen };
}

describe('toolCaller', () => {
  it('sends the token in _meta and the rest of the options in the 1.x slot (fake target)', async () => {
    const { target, seen } = v1Target();
    const tools = toolCaller(target, requirements);
    await tools.withToken('read', { q: 1 }, { token: 'tok', timeout: 50 });
    expect(seen).toEqual([
      [
        {
          name: 'read',
          arguments: { q: 1 },
          _meta: { authorization: { method: 'oauth2', token: 'tok' } },
        },
        undefined,
        { timeout: 50 },
      ],
    ]);
  });

  it('puts the options in the v2 slot, without the token (fake target)', async () => {
    const { target, seen } = v2Target();
    await toolCaller(target, requirements).withToken('read', {}, { token: 'tok', timeout: 7 });
    expect(seen[0]?.[1]).toEqual({ timeout: 7 });
    expect(seen[0]).toHaveLength(2);
  });

  it('never sends a token to a none tool, even one passed around the types (fake target)', async () => {
    const { target, seen } = v1Target();
    const options = { token: 'smuggled' } as unknown as { readonly token?: never };
    await toolCaller(target, requirements).withoutToken('open', {}, options);
    await toolCaller(target, requirements).withoutToken('open', {});
    expect(seen).toEqual([
      [{ name: 'open', arguments: {} }, undefined, {}],
      [{ name: 'open', arguments: {} }, undefined, undefined],
    ]);
  });

  it('types the result as the type argument, and names as the requirements keys', () => {
    const tools = toolCaller(v1Target().target, requirements);
    expectTypeOf(tools.withToken('read', {}, { token: 't' })).toEqualTypeOf<
      Promise<ToolCallResult>
    >();
    expectTypeOf(
      tools.withToken<StructuredResult<{ ok: boolean }>>('read', {}, { token: 't' }),
    ).toEqualTypeOf<Promise<StructuredResult<{ ok: boolean }>>>();
    // @ts-expect-error a name the requirements do not hold
    expect(() => tools.withoutToken('missing', {})).toBeDefined();
    // @ts-expect-error a token tool's call needs the token
    expect(() => tools.withToken('read', {}, {})).toBeDefined();
  });
});

describe('userToolCaller', () => {
  it('asks the token source for the tool, and retries once after it handles an error (fake target)', async () => {
    const refusal = buildAuthError('read', requirements.read, 'missing_token', 'no token');
    const error = Object.assign(new Error(refusal.message), {
      code: refusal.code,
      data: refusal.data,
    });
    const { target, seen } = v1Target([error]);
    const asked: string[] = [];
    const tools = userToolCaller(target, requirements, {
      getToken: ({ tool }) => {
        asked.push(tool);
        return `token-${asked.length}`;
      },
      onAuthorizationError: async (e) => e instanceof AuthorizationRequiredError,
    });
    const result = await tools.call('read', {});
    expect(result.structuredContent).toEqual({ ok: true });
    expect(asked).toEqual(['read', 'read']);
    expect(seen.map((args) => args[0])).toEqual([
      {
        name: 'read',
        arguments: {},
        _meta: { authorization: { method: 'oauth2', token: 'token-1' } },
      },
      {
        name: 'read',
        arguments: {},
        _meta: { authorization: { method: 'oauth2', token: 'token-2' } },
      },
    ]);
  });

  it('does not ask for a token for a none tool (fake target)', async () => {
    const { target, seen } = v1Target();
    let asked = 0;
    await userToolCaller(target, requirements, () => {
      asked++;
      return 'tok';
    }).call('open', {});
    expect(asked).toBe(0);
    expect(seen[0]?.[0]).toEqual({ name: 'open', arguments: {} });
  });
});

/** A client interface as a generated package declares one. */
interface TwoToolClient {
  readonly readThings: (
    input: { q?: number },
    options: TokenCallOptions,
  ) => Promise<StructuredResult<{ ok: boolean }>>;
  readonly openDoor: (input: object, options?: NoTokenCallOptions) => Promise<ToolCallResult>;
}
const methods: ToolMethods<TwoToolClient> = { readThings: 'read', openDoor: 'open' };

describe('toolClient (the generated client built from its method table)', () => {
  it('sends the token of a token tool in _meta, and the rest of the options to the SDK (fake target)', async () => {
    const { target, seen } = v1Target();
    const client = toolClient<TwoToolClient>(target, requirements, methods);
    const result = await client.readThings({ q: 1 }, { token: 'tok', timeout: 50 });
    expect(result.structuredContent).toEqual({ ok: true });
    expect(seen).toEqual([
      [
        {
          name: 'read',
          arguments: { q: 1 },
          _meta: { authorization: { method: 'oauth2', token: 'tok' } },
        },
        undefined,
        { timeout: 50 },
      ],
    ]);
  });

  it('never sends a token to a none tool, even one passed around the types (fake target)', async () => {
    const { target, seen } = v1Target();
    const client = toolClient<TwoToolClient>(target, requirements, methods);
    const smuggled = { token: 'smuggled' } as unknown as NoTokenCallOptions;
    await client.openDoor({}, smuggled);
    await client.openDoor({});
    expect(seen).toEqual([
      [{ name: 'open', arguments: {} }, undefined, {}],
      [{ name: 'open', arguments: {} }, undefined, undefined],
    ]);
  });

  it('refuses a table naming a tool the requirements do not declare, when the client is made', () => {
    const edited = { ...methods, openDoor: 'opne' };
    const make = () => toolClient<TwoToolClient>(v1Target().target, requirements, edited);
    expect(make).toThrow(GeneratedCodeError);
    expect(make).toThrow(/method "openDoor" calls the tool "opne"/);
    try {
      make();
    } catch (error) {
      expect((error as GeneratedCodeError).code).toBe('GENERATED_CODE_INVALID');
    }
  });

  it('is typed by its interface: a missing or an extra method in the table is a compile error', () => {
    const client = toolClient<TwoToolClient>(v1Target().target, requirements, methods);
    expectTypeOf(client.readThings).returns.toEqualTypeOf<
      Promise<StructuredResult<{ ok: boolean }>>
    >();
    // @ts-expect-error the table lacks a method of the interface
    const missing: ToolMethods<TwoToolClient> = { readThings: 'read' };
    // @ts-expect-error the table has a method the interface does not declare
    const extra: ToolMethods<TwoToolClient> = { ...methods, other: 'x' };
    expect([missing, extra]).toHaveLength(2);
    // @ts-expect-error a token tool's method needs the token
    expect(() => client.readThings({}, {})).toBeDefined();
  });
});

describe('userToolClient', () => {
  it("asks the token source for each token tool's token, and never for a none tool (fake target)", async () => {
    const { target, seen } = v1Target();
    const asked: string[] = [];
    const client = userToolClient<TwoToolClient>(
      target,
      requirements,
      ({ tool }) => {
        asked.push(tool);
        return `token-${asked.length}`;
      },
      methods,
    );
    await client.readThings({}, { token: 'ignored' });
    await client.openDoor({});
    expect(asked).toEqual(['read']);
    expect(seen.map((args) => args[0])).toEqual([
      {
        name: 'read',
        arguments: {},
        _meta: { authorization: { method: 'oauth2', token: 'token-1' } },
      },
      { name: 'open', arguments: {} },
    ]);
  });
});

describe('environmentVariable', () => {
  it('reads process.env where there is one, and nothing else', () => {
    process.env.TOOLSCOPE_TEST_VARIABLE = 'value';
    expect(environmentVariable('TOOLSCOPE_TEST_VARIABLE')).toBe('value');
    delete process.env.TOOLSCOPE_TEST_VARIABLE;
    expect(environmentVariable('TOOLSCOPE_TEST_VARIABLE')).toBeUndefined();
  });
});
