// wire-protocol.md §6 end to end, once per SDK client line: a real oidc-provider
// authorization server, a real toolscope server over HTTP that verifies the
// scopes of the JWTs it is sent, and the agent reacting to its -32001/-32003.
import { type AuthServerHandle, startAuthServer } from '@toolscope/auth-server';
import type { ToolRequirement } from '@toolscope/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authorizeHeadless as authorize } from '../../test/authorize.js';
import { exposedText } from '../../test/exposure.js';
import {
  jwtScopes,
  SDK_LINES,
  startToolServer,
  type ToolServerHandle,
} from '../../test/tool-server.js';
import { KeyRing } from '../vault/key-ring.js';
import { MemoryVaultStore } from '../vault/memory.js';
import { TokenVault } from '../vault/vault.js';
import { type Agent, createAgent } from './agent.js';
import type { AuthorizationRequest } from './types.js';

const ZOOM_API = 'https://api.zoom.example';
const REDIRECT = 'http://127.0.0.1:9/callback';
const read: ToolRequirement = {
  method: 'oauth2',
  requiredScopes: ['meeting:read'],
  provider: { id: 'zoom', resource: ZOOM_API },
};
const write: ToolRequirement = { ...read, requiredScopes: ['meeting:read', 'meeting:write'] };

let as: AuthServerHandle;
const revoked = new Set<string>();
const secretsSeen: string[] = [];
const logged: string[] = [];
/** Errors from the failure paths, checked for secrets by the canary tests at the end. */
const failures: { readonly path: string; readonly error: unknown }[] = [];

/** Runs a step that must fail, keeps its error for the canary checks, and returns it. */
async function failure(path: string, step: () => Promise<unknown>): Promise<unknown> {
  const error = await step().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${path} should fail`).toBeInstanceOf(Error);
  failures.push({ path, error });
  return error;
}

const refreshes = () => as.tokenRequests('zoom')['refresh_token'] ?? 0;

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
  }
  as = await startAuthServer({
    issuers: [
      {
        id: 'zoom',
        resources: [{ indicator: ZOOM_API, scopes: ['meeting:read', 'meeting:write'] }],
        clients: [{ clientId: 'agent-public', authMethod: 'none', redirectUris: [REDIRECT] }],
      },
    ],
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await as?.close();
});

describe.each(SDK_LINES)('the agent’s reactions with an %s client', (sdk) => {
  let tools: ToolServerHandle;
  let agent: Agent;
  const vault = new TokenVault(
    new MemoryVaultStore(),
    new KeyRing([{ kid: 'k', key: KeyRing.generateKey() }]),
  );
  const hookCalls: Omit<AuthorizationRequest, 'session'>[] = [];
  let hookAction: (request: AuthorizationRequest) => Promise<boolean> = async () => false;

  async function held(userId: string) {
    const tokens = await vault.getTokens(userId, 'zoom', ZOOM_API);
    if (tokens !== undefined) {
      secretsSeen.push(tokens.accessToken);
      if (tokens.refreshToken !== undefined) secretsSeen.push(tokens.refreshToken);
    }
    return tokens;
  }

  beforeAll(async () => {
    tools = await startToolServer(
      [
        { name: 'zoom_meetings', requirement: read },
        { name: 'zoom_schedule', requirement: write },
      ],
      {
        transport: 'http',
        sdk,
        // The server checks required scopes itself; this says which scopes a token holds.
        verifiers: { zoom: (token) => (revoked.has(token) ? undefined : jwtScopes(token)) },
      },
    );
    agent = createAgent({
      client: tools.client,
      vault,
      allowPrivateNetwork: true,
      providers: {
        zoom: {
          type: 'oauth2',
          issuer: as.issuer('zoom'),
          clientId: 'agent-public',
          redirectUri: REDIRECT,
          resource: ZOOM_API,
        },
      },
      onAuthorizationRequired: async (request) => {
        const { session: _session, ...rest } = request;
        hookCalls.push(rest);
        return hookAction(request);
      },
    });
  });

  afterAll(async () => {
    await tools?.close();
  });

  it('refreshes a rejected token once for concurrent calls and retries them, without the hook', async () => {
    const session = agent.forUser('revoked-user');
    await authorize(session, 'zoom', ['meeting:read']);
    const before = (await held('revoked-user'))!;
    revoked.add(before.accessToken);
    const calls = hookCalls.length;
    const count = refreshes();
    const sent = tools.received.length;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => session.callTool('zoom_meetings')),
    );
    expect(results.every((r) => r.isError !== true)).toBe(true);
    expect(refreshes()).toBe(count + 1);
    expect(hookCalls.length).toBe(calls);
    const after = (await held('revoked-user'))!;
    expect(after.accessToken).not.toBe(before.accessToken);
    // Five first tries with the revoked token, five retries with the one fresh token.
    expect(
      tools.received
        .slice(sent)
        .map((r) =>
          r.token === before.accessToken
            ? 'revoked'
            : r.token === after.accessToken
              ? 'fresh'
              : r.token,
        )
        .sort(),
    ).toEqual([...Array(5).fill('fresh'), ...Array(5).fill('revoked')]);
  });

  it('steps up with the union of held and required scopes, then retries', async () => {
    const session = agent.forUser('stepup-user');
    await authorize(session, 'zoom', ['meeting:read']);
    hookAction = async (request) => {
      await authorize(request.session, request.provider, [...request.scopes]);
      return true;
    };
    const calls = hookCalls.length;
    const result = await session.callTool('zoom_schedule');
    expect(result.isError).not.toBe(true);
    expect(hookCalls.slice(calls)).toEqual([
      {
        userId: 'stepup-user',
        tool: 'zoom_schedule',
        provider: 'zoom',
        scopes: ['meeting:read', 'meeting:write'],
        reason: 'insufficient_scope',
        method: 'oauth2',
      },
    ]);
    expect((await held('stepup-user'))?.scopes).toEqual(['meeting:read', 'meeting:write']);
  });

  it('never loops: a second error after the reaction goes to the caller', async () => {
    const session = agent.forUser('loop-user');
    await authorize(session, 'zoom', ['meeting:read']);
    await held('loop-user');
    hookAction = async () => true; // claims success without changing anything
    const calls = hookCalls.length;
    const sent = tools.received.length;
    const error = await failure(`${sdk}: scope still missing after the hook`, () =>
      session.callTool('zoom_schedule'),
    );
    expect(error).toMatchObject({
      name: 'InsufficientAuthorizationError',
      kind: 'insufficient_scope',
      code: -32003,
    });
    expect(hookCalls.length).toBe(calls + 1);
    expect(tools.received.length - sent).toBe(2);
  });

  it('asks the hook when no token is held at all', async () => {
    hookAction = async () => false;
    const calls = hookCalls.length;
    expect(
      await failure(`${sdk}: no token held, hook declines`, () =>
        agent.forUser('nobody').callTool('zoom_meetings'),
      ),
    ).toMatchObject({ kind: 'missing_token', code: -32001 });
    expect(hookCalls.slice(calls)).toMatchObject([
      { userId: 'nobody', scopes: ['meeting:read'], reason: 'missing_token' },
    ]);
  });

  it('a rejected token whose refresh token is dead too: the hook, then a typed error', async () => {
    hookAction = async () => false;
    const session = agent.forUser('dead-user');
    await authorize(session, 'zoom', ['meeting:read']);
    const dead = (await held('dead-user'))!;
    revoked.add(dead.accessToken);
    // Someone else used the refresh token: it is rotated out, the vault still holds the old one.
    await agent.oauthProvider('zoom').refresh(dead.refreshToken!, ZOOM_API, dead.scopes);
    const calls = hookCalls.length;
    const error = await failure(`${sdk}: rejected token, refresh rejected, hook declines`, () =>
      session.callTool('zoom_meetings'),
    );
    expect(error).toMatchObject({ kind: 'invalid_token' });
    expect(hookCalls.length).toBe(calls + 1);
    expect(await held('dead-user')).toBeUndefined();
  });
});

describe('canaries', () => {
  it('no token or refresh token reached a log line', () => {
    expect(secretsSeen.length).toBeGreaterThan(10);
    for (const line of logged) for (const secret of secretsSeen) expect(line).not.toContain(secret);
  });

  it('nor any error on a failure path: message, stack, cause chain, JSON or inspect', () => {
    expect(failures).toHaveLength(3 * SDK_LINES.length);
    for (const { path, error } of failures) {
      const text = exposedText(error);
      for (const secret of secretsSeen) expect(text, path).not.toContain(secret);
    }
  });
});
