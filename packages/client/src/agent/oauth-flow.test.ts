import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { type AuthServerHandle, loginHeadless, startAuthServer } from '@toolscope/auth-server';
import type { ToolRequirement } from '@toolscope/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authorizeHeadless as authorize } from '../../test/authorize.js';
import { exposedText } from '../../test/exposure.js';
import { jwtScopes, startToolServer, type ToolServerHandle } from '../../test/tool-server.js';
import { type LoopbackRedirect, startLoopbackRedirect } from '../oauth/loopback.js';
import { RefreshRejectedError } from '../oauth/provider-client.js';
import { KeyRing } from '../vault/key-ring.js';
import { MemoryVaultStore } from '../vault/memory.js';
import type { VaultEntryKey } from '../vault/store.js';
import { TokenVault } from '../vault/vault.js';
import { type Agent, createAgent } from './agent.js';

const ZOOM_API = 'https://api.zoom.example';
const REDIRECT = 'http://127.0.0.1:9/callback';
const SECRET = 'client-secret-canary-2f9d7e41';
const WRONG_SECRET = 'wrong-client-secret-canary-8b17c3';
const VAULT_KEY = KeyRing.generateKey();
const read: ToolRequirement = {
  method: 'oauth2',
  requiredScopes: ['meeting:read'],
  provider: { id: 'zoom', resource: ZOOM_API },
};

let as: AuthServerHandle;
let tools: ToolServerHandle;
let loopback: LoopbackRedirect;
let agent: Agent;
let vault: TokenVault;
const secretsSeen: string[] = [SECRET, WRONG_SECRET, Buffer.from(VAULT_KEY).toString('base64')];
const logged: string[] = [];
/** Errors from the failure paths, checked for secrets by the canary tests at the end. */
const failures: { readonly path: string; readonly error: unknown }[] = [];
const store = new MemoryVaultStore();

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

async function held(userId: string, provider = 'zoom') {
  const tokens = await vault.getTokens(userId, provider, ZOOM_API);
  if (tokens !== undefined) {
    secretsSeen.push(tokens.accessToken);
    if (tokens.refreshToken !== undefined) secretsSeen.push(tokens.refreshToken);
  }
  return tokens;
}

async function expire(userId: string) {
  const tokens = (await held(userId))!;
  await vault.putTokens(userId, 'zoom', ZOOM_API, { ...tokens, expiresAt: Date.now() - 1000 });
  return tokens;
}

const refreshes = () => as.tokenRequests('zoom')['refresh_token'] ?? 0;
const request = { tool: 'zoom_meetings', requirement: read } as const;

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
  }
  loopback = await startLoopbackRedirect();
  const confidential = { clientSecret: SECRET, redirectUris: [REDIRECT] };
  as = await startAuthServer({
    issuers: [
      {
        id: 'zoom',
        resources: [{ indicator: ZOOM_API, scopes: ['meeting:read', 'meeting:write'] }],
        clients: [
          { clientId: 'agent-public', authMethod: 'none', redirectUris: [REDIRECT] },
          { clientId: 'agent-basic', authMethod: 'client_secret_basic', ...confidential },
          { clientId: 'agent-post', authMethod: 'client_secret_post', ...confidential },
          { clientId: 'agent-cli', authMethod: 'none', redirectUris: [loopback.redirectUri] },
        ],
      },
      { id: 'crm', resources: [{ indicator: 'https://crm.example', scopes: ['orders:read'] }] },
    ],
  });
  tools = await startToolServer(
    [{ name: 'zoom_meetings', requirement: read }],
    // The server checks required scopes itself; this says which scopes a token holds.
    { verifiers: { zoom: jwtScopes } },
  );
  vault = new TokenVault(store, new KeyRing([{ kid: 'k', key: VAULT_KEY }]));
  const issuer = as.issuer('zoom');
  const base = { type: 'oauth2', issuer, redirectUri: REDIRECT, resource: ZOOM_API } as const;
  agent = createAgent({
    client: tools.client,
    vault,
    allowPrivateNetwork: true,
    providers: {
      zoom: { ...base, clientId: 'agent-public' },
      'zoom-basic': { ...base, clientId: 'agent-basic', clientSecret: SECRET },
      'zoom-post': {
        ...base,
        clientId: 'agent-post',
        clientSecret: SECRET,
        clientAuth: 'client_secret_post',
      },
      'zoom-cli': { ...base, clientId: 'agent-cli', redirectUri: loopback.redirectUri },
      'zoom-wrong-secret': { ...base, clientId: 'agent-basic', clientSecret: WRONG_SECRET },
    },
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await tools?.close();
  await loopback?.close();
  await as?.close();
});

describe('authorization code + PKCE', () => {
  it.each(['zoom', 'zoom-basic', 'zoom-post'])(
    'completes the flow with client %s and stores resource-bound tokens',
    async (provider) => {
      const session = agent.forUser(`flow-${provider}`);
      const { url, state } = await session.authorizationUrl(provider, ['meeting:read']);
      const params = new URL(url).searchParams;
      expect(params.get('code_challenge_method')).toBe('S256');
      expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(params.get('resource')).toBe(ZOOM_API);
      expect(params.get('redirect_uri')).toBe(REDIRECT);
      expect(params.get('state')).toBe(state);
      const callback = await loginHeadless({
        authorizationUrl: url,
        username: 'alice',
        password: 'alice-password',
      });
      const outcome = await session.completeAuthorization(callback);
      expect(outcome).toMatchObject({ provider, scopes: ['meeting:read'] });
      const tokens = (await held(session.userId, provider))!;
      const claims = JSON.parse(
        Buffer.from(tokens.accessToken.split('.')[1]!, 'base64url').toString(),
      ) as { aud: string; sub: string };
      expect(claims).toMatchObject({ aud: ZOOM_API, sub: 'alice' });
      expect(tokens.refreshToken).toBeDefined();
      // A callback is single-use: its state is consumed, so a replay fails.
      await expect(session.completeAuthorization(callback)).rejects.toMatchObject({
        code: 'OAUTH_FLOW_FAILED',
      });
    },
  );

  it('serves command-line agents through the loopback redirect helper', async () => {
    const session = agent.forUser('cli-user');
    const { url, state } = await session.authorizationUrl('zoom-cli', ['meeting:read']);
    const redirect = await loginHeadless({
      authorizationUrl: url,
      username: 'bob',
      password: 'bob-password',
    });
    // The browser follows the redirect to the loopback listener.
    expect((await fetch(redirect)).status).toBe(200);
    const callback = await loopback.waitForCallback(state, { timeoutMs: 5000 });
    await session.completeAuthorization(callback);
    expect((await vault.getTokens('cli-user', 'zoom-cli', ZOOM_API))?.scopes).toEqual([
      'meeting:read',
    ]);
  });
});

describe('callback validation', () => {
  it('rejects an RFC 9207 iss mismatch, and a missing iss', async () => {
    const session = agent.forUser('iss-user');
    for (const tamper of [
      (u: URL) => u.searchParams.set('iss', as.issuer('crm')),
      (u: URL) => u.searchParams.delete('iss'),
    ]) {
      const { url } = await session.authorizationUrl('zoom', ['meeting:read']);
      const callback = new URL(
        await loginHeadless({
          authorizationUrl: url,
          username: 'alice',
          password: 'alice-password',
        }),
      );
      tamper(callback);
      await expect(session.completeAuthorization(callback.href)).rejects.toThrow(/iss/);
    }
    expect(await held('iss-user')).toBeUndefined();
  });

  it("rejects a state mismatch, another user's state, and another redirect URI", async () => {
    const alice = agent.forUser('state-alice');
    const bob = agent.forUser('state-bob');
    const { url } = await alice.authorizationUrl('zoom', ['meeting:read']);
    const callback = new URL(
      await loginHeadless({ authorizationUrl: url, username: 'alice', password: 'alice-password' }),
    );
    const forged = new URL(callback);
    forged.searchParams.set('state', 'attacker-chosen');
    await expect(alice.completeAuthorization(forged.href)).rejects.toThrow(/state/);
    await expect(bob.completeAuthorization(callback.href)).rejects.toThrow(/state/);
    const elsewhere = new URL(callback);
    elsewhere.pathname = '/other';
    await expect(alice.completeAuthorization(elsewhere.href)).rejects.toThrow(/redirect URI/);
    expect(await held('state-alice')).toBeUndefined();
    expect(await held('state-bob')).toBeUndefined();
  });

  it('refuses an authorization server that does not advertise PKCE S256', async () => {
    const plain: Server = createServer((_req, res) => {
      const origin = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          issuer: origin,
          authorization_endpoint: `${origin}/auth`,
          token_endpoint: `${origin}/token`,
          code_challenge_methods_supported: ['plain'],
        }),
      );
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    const legacy = createAgent({
      client: tools.client,
      vault,
      allowPrivateNetwork: true,
      providers: { old: { type: 'oauth2', issuer: origin, clientId: 'x', redirectUri: REDIRECT } },
    });
    await expect(legacy.forUser('u').authorizationUrl('old', ['a'])).rejects.toThrow(/S256/);
    await new Promise((r) => plain.close(r));
  });
});

describe('refresh', () => {
  it('refreshes an expiring token and rotates the refresh token; the old one is rejected', async () => {
    const session = agent.forUser('refresh-user');
    await authorize(session, 'zoom', ['meeting:read']);
    const before = await expire('refresh-user');
    const count = refreshes();
    const token = await session.getToken(request);
    expect(refreshes()).toBe(count + 1);
    const after = (await held('refresh-user'))!;
    expect(token).toBe(after.accessToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    const rejected = await failure('refresh with a rotated-out refresh token', () =>
      agent.oauthProvider('zoom').refresh(before.refreshToken!, ZOOM_API, []),
    );
    expect(rejected).toBeInstanceOf(RefreshRejectedError);
    expect(
      JSON.stringify({ m: (rejected as Error).message, s: (rejected as Error).stack }),
    ).not.toContain(before.refreshToken!);
  });

  it('makes exactly one refresh request for 20 concurrent callers', async () => {
    const session = agent.forUser('herd-user');
    await authorize(session, 'zoom', ['meeting:read']);
    await expire('herd-user');
    const count = refreshes();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => agent.forUser('herd-user').getToken(request)),
    );
    expect(refreshes()).toBe(count + 1);
    expect(new Set(results).size).toBe(1);
  });
});

describe('failure paths', () => {
  it('a refresh the token endpoint refuses for bad client credentials', async () => {
    const session = agent.forUser('refresh-user');
    const tokens = (await held(session.userId))!;
    const error = await failure('refresh with a wrong client secret', () =>
      agent.oauthProvider('zoom-wrong-secret').refresh(tokens.refreshToken!, ZOOM_API, []),
    );
    expect(error).toMatchObject({ code: 'OAUTH_FLOW_FAILED' });
  });

  it('a vault record that fails to decrypt, or whose key is gone', async () => {
    const session = agent.forUser('tamper-user');
    await authorize(session, 'zoom', ['meeting:read']);
    await held('tamper-user');
    const key: VaultEntryKey = {
      kind: 'oauth2',
      subject: 'tamper-user',
      provider: 'zoom',
      resource: ZOOM_API,
    };
    const record = JSON.parse((await store.get(key))!) as { accessToken: string };
    const parts = record.accessToken.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = (body[0] ?? 0) ^ 0x01;
    parts[3] = body.toString('base64url');
    await store.put(key, JSON.stringify({ ...record, accessToken: parts.join('.') }));
    expect(
      await failure('tampered vault record, via a call', () => session.callTool('zoom_meetings')),
    ).toMatchObject({ code: 'VAULT_DECRYPT_FAILED' });
    const otherRing = new TokenVault(
      store,
      new KeyRing([{ kid: 'other', key: KeyRing.generateKey() }]),
    );
    expect(
      await failure('vault key missing', () =>
        otherRing.getTokens('refresh-user', 'zoom', ZOOM_API),
      ),
    ).toMatchObject({ code: 'VAULT_KEY_MISSING' });
  });
});

describe('canaries', () => {
  it('no token, refresh token or client secret reached a log line', async () => {
    await held('herd-user');
    expect(secretsSeen.length).toBeGreaterThan(5);
    for (const line of logged) for (const secret of secretsSeen) expect(line).not.toContain(secret);
  });

  it('nor any error on a failure path: message, stack, cause chain, JSON or inspect', () => {
    expect(failures.map((f) => f.path)).toHaveLength(4);
    for (const { path, error } of failures) {
      const text = exposedText(error);
      for (const secret of secretsSeen) expect(text, path).not.toContain(secret);
    }
  });

  it('nor what inspecting the vault or the agent shows', () => {
    const options = { depth: Number.POSITIVE_INFINITY, showHidden: true };
    const text = `${inspect(vault, options)}\n${inspect(agent, options)}`;
    expect(text).toContain('TokenVault');
    for (const secret of secretsSeen) expect(text).not.toContain(secret);
  });
});
