import { randomBytes } from 'node:crypto';
import { invokeToolWithSource, type ToolRequirement } from '@toolscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SDK_LINES,
  startToolServer,
  type ToolServerHandle,
  tokenHash,
} from '../../test/tool-server.js';
import { KeyRing } from '../vault/key-ring.js';
import { MemoryVaultStore } from '../vault/memory.js';
import { TokenVault } from '../vault/vault.js';
import { type Agent, createAgent } from './agent.js';

const ZOOM_API = 'https://api.zoom.example';
const zoom: ToolRequirement = {
  method: 'oauth2',
  requiredScopes: ['meeting:read'],
  provider: { id: 'zoom', issuer: 'https://zoom.example', resource: ZOOM_API },
};
const orders: ToolRequirement = { method: 'apiKey', provider: { id: 'orders' } };
const CALLS = 10;
const text = (result: { content: readonly unknown[] }) =>
  (result.content[0] as { text: string }).text;

describe.each(
  SDK_LINES.flatMap((sdk) => [
    { sdk, transport: 'memory' as const, users: 200 },
    { sdk, transport: 'http' as const, users: 20 },
  ]),
)('isolation with an $sdk client over $transport', ({ sdk, transport, users }) => {
  let server: ToolServerHandle;
  let agent: Agent;
  let hookCalls = 0;
  const tokens = new Map<string, string>();
  const vault = new TokenVault(
    new MemoryVaultStore(),
    new KeyRing([{ kid: 'k', key: KeyRing.generateKey() }]),
  );

  beforeAll(async () => {
    server = await startToolServer(
      [
        { name: 'whoami', requirement: zoom },
        { name: 'orders_list', requirement: orders },
        { name: 'public_time', requirement: { method: 'none' } },
        { name: 'slow_whoami', requirement: zoom, delayMs: 300 },
      ],
      { transport, sdk },
    );
    agent = createAgent({
      client: server.client,
      vault,
      providers: {
        zoom: {
          type: 'oauth2',
          clientId: 'agent',
          redirectUri: 'http://127.0.0.1:1/cb',
          resource: ZOOM_API,
        },
        orders: { type: 'apiKey' },
      },
      onAuthorizationRequired: () => {
        hookCalls++;
        return false;
      },
      tenantOf: (userId) => (Number(userId.slice(5)) % 2 === 0 ? 'even-tenant' : undefined),
    });
    for (let i = 0; i < users; i++) {
      const user = `user-${i}`;
      const token = `tok-${i}-${randomBytes(8).toString('hex')}`;
      tokens.set(user, token);
      await vault.putTokens(user, 'zoom', ZOOM_API, {
        accessToken: token,
        scopes: ['meeting:read'],
        expiresAt: Date.now() + 3_600_000,
      });
    }
    await vault.putApiKey('orders', { tenantId: 'even-tenant' }, 'tenant-key');
    await vault.putApiKey('orders', { userId: 'user-1' }, 'user-1-key');
  });

  afterAll(async () => {
    await server.close();
  });

  it(`${users} users × ${CALLS} concurrent calls each see only their own token`, async () => {
    const calls: Promise<void>[] = [];
    for (const [user, token] of tokens) {
      const session = agent.forUser(user);
      for (let c = 0; c < CALLS; c++) {
        // Half go through the generic callTool, half as a generated client calls (user-bound form).
        const call =
          c % 2 === 0
            ? session.callTool('whoami', { c })
            : invokeToolWithSource(
                server.client,
                { name: 'whoami', arguments: { c }, requirement: zoom },
                session,
              );
        calls.push(
          call.then((result) => {
            expect(text(result), `${user} call ${c}`).toBe(tokenHash(token));
          }),
        );
      }
    }
    await Promise.all(calls);
    expect(server.received.filter((r) => r.tool === 'whoami')).toHaveLength(users * CALLS);
  });

  it('never sends a token to a none tool', async () => {
    const before = server.received.length;
    await Promise.all(
      ['user-0', 'user-1', 'user-2'].map((u) => agent.forUser(u).callTool('public_time')),
    );
    const seen = server.received.slice(before);
    expect(seen).toHaveLength(3);
    for (const call of seen) expect(call.token).toBeUndefined();
  });

  it("sends a user's own API key, else their tenant's, else none", async () => {
    expect(text(await agent.forUser('user-1').callTool('orders_list'))).toBe(
      tokenHash('user-1-key'),
    );
    expect(text(await agent.forUser('user-2').callTool('orders_list'))).toBe(
      tokenHash('tenant-key'),
    );
    // user-3 has no key and no tenant: the server says missing_token, the hook is
    // asked once and declines, and the caller gets the typed error without a retry.
    const before = hookCalls;
    const calls = server.received.length;
    await expect(agent.forUser('user-3').callTool('orders_list')).rejects.toMatchObject({
      name: 'AuthorizationRequiredError',
      kind: 'missing_token',
    });
    expect(hookCalls).toBe(before + 1);
    expect(server.received.length).toBe(calls + 1);
  });

  it("passes the timeout on, and does not mistake the SDK's own timeout for an authorization error", async () => {
    const before = hookCalls;
    const error = await agent
      .forUser('user-0')
      .callTool('slow_whoami', {}, { timeout: 50 })
      .catch((e: unknown) => e);
    // 1.x times out with -32001 (the proposal's missing-token code); v2 with a string code.
    expect(error).toMatchObject({ code: sdk === 'v1' ? -32001 : 'REQUEST_TIMEOUT' });
    expect((error as Error).name).not.toMatch(/Authorization/);
    expect(hookCalls).toBe(before);
  });
});
