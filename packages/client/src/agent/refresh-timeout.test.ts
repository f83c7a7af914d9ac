import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolRequirement } from '@toolscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposedText } from '../../test/exposure.js';
import { startToolServer, type ToolServerHandle } from '../../test/tool-server.js';
import { OAuthTimeoutError } from '../oauth/provider-client.js';
import { KeyRing } from '../vault/key-ring.js';
import { MemoryVaultStore } from '../vault/memory.js';
import { TokenVault } from '../vault/vault.js';
import { type Agent, createAgent } from './agent.js';

const TIMEOUT_MS = 300;
const REFRESH_CANARY = 'refresh-canary-timeout-0c81';

// An authorization server on loopback that publishes its metadata and then
// never answers a token request: the slow token endpoint of the race.
let silent: Server;
let origin: string;
const parked: ServerResponse[] = [];
let tokenRequests = 0;

let tools: ToolServerHandle;
let agent: Agent;
const store = new MemoryVaultStore();
const vault = new TokenVault(store, new KeyRing([{ kid: 'k', key: KeyRing.generateKey() }]));
const request = {
  tool: 'slow_tool',
  requirement: {
    method: 'oauth2',
    requiredScopes: ['a'],
    provider: { id: 'slow' },
  } satisfies ToolRequirement,
} as const;

async function holdExpiredTokens(userId: string): Promise<void> {
  await vault.putTokens(userId, 'slow', undefined, {
    accessToken: `access-${userId}`,
    refreshToken: REFRESH_CANARY,
    scopes: ['a'],
    expiresAt: Date.now() - 1000,
  });
}

beforeAll(async () => {
  silent = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/.well-known/oauth-authorization-server') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          issuer: origin,
          authorization_endpoint: `${origin}/auth`,
          token_endpoint: `${origin}/token`,
          code_challenge_methods_supported: ['S256'],
        }),
      );
      return;
    }
    tokenRequests++;
    parked.push(res);
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  tools = await startToolServer([], { transport: 'memory' });
  agent = createAgent({
    client: tools.client,
    vault,
    allowPrivateNetwork: true,
    oauthRequestTimeoutMs: TIMEOUT_MS,
    providers: {
      slow: { type: 'oauth2', issuer: origin, clientId: 'agent', redirectUri: `${origin}/cb` },
    },
  });
});

afterAll(async () => {
  await tools?.close();
  silent?.closeAllConnections();
  await new Promise((r) => silent?.close(r));
});

describe('a token endpoint that never answers', () => {
  it('fails every waiting caller with a typed timeout error, and releases the refresh lock', async () => {
    await holdExpiredTokens('slow-user');
    const before = tokenRequests;
    const started = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: 3 }, () =>
        agent
          .forUser('slow-user')
          .getToken(request)
          .catch((e: unknown) => e),
      ),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    for (const outcome of outcomes) {
      expect(outcome).toBeInstanceOf(OAuthTimeoutError);
      expect(outcome).toMatchObject({ code: 'OAUTH_FLOW_FAILED', name: 'OAuthTimeoutError' });
      expect(exposedText(outcome)).not.toContain(REFRESH_CANARY);
    }
    // One refresh in flight for the three callers.
    expect(tokenRequests).toBe(before + 1);
    // The lock is free again: nobody else has to wait for its TTL.
    const lock = `refresh:${JSON.stringify(['slow-user', 'slow', ''])}`;
    const token = await store.acquireLock(lock, 1000);
    expect(token).toBeDefined();
    await store.releaseLock(lock, token!);
    // A timeout says nothing about the refresh token: it is kept for a later try.
    expect((await vault.getTokens('slow-user', 'slow'))?.refreshToken).toBe(REFRESH_CANARY);
  });

  it('lets the next call try again at once', async () => {
    const before = tokenRequests;
    await expect(agent.forUser('slow-user').getToken(request)).rejects.toBeInstanceOf(
      OAuthTimeoutError,
    );
    expect(tokenRequests).toBe(before + 1);
  });
});

describe('request timeout and refresh lock TTL', () => {
  const base = () => ({ client: tools.client, vault, providers: {} });

  it('refuses a request timeout that does not end well before the lock TTL', () => {
    expect(() => createAgent({ ...base(), oauthRequestTimeoutMs: 15_000 })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => createAgent({ ...base(), refreshLockTtlMs: 10_000 })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() =>
      createAgent({ ...base(), oauthRequestTimeoutMs: 29_000, refreshLockTtlMs: 30_000 }),
    ).not.toThrow();
  });

  it('refuses a request timeout that is not a positive number', () => {
    expect(() => createAgent({ ...base(), oauthRequestTimeoutMs: 0 })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
