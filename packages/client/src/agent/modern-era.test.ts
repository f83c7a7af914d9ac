// The v2 client's 2026-07-28 era (stateless: server/discover, the protocol
// envelope in each request's `_meta`), which only a v2 server negotiates: the
// agent's token still travels in `_meta.authorization`, and both refusal
// profiles still become typed errors the agent reacts to once.
import {
  AuthorizationRequiredError,
  InsufficientAuthorizationError,
  sdkLineOf,
} from '@toolscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHash } from '../../test/tool-server.js';
import {
  type RefusalProfile,
  startV2WireServer,
  type V2WireServerHandle,
} from '../../test/v2-wire-server.js';
import { KeyRing } from '../vault/key-ring.js';
import { MemoryVaultStore } from '../vault/memory.js';
import { TokenVault } from '../vault/vault.js';
import { createAgent } from './agent.js';
import type { AuthorizationRequest } from './types.js';

const GOOD_KEY = 'orders-key-accepted-5d1c';
const PROFILES: readonly RefusalProfile[] = ['jsonrpc', 'tool-result'];

describe.each(PROFILES)('a v2 client in the 2026-07-28 era, refusals as %s', (profile) => {
  let server: V2WireServerHandle;

  beforeAll(async () => {
    server = await startV2WireServer(
      [
        {
          name: 'orders_list',
          requirement: { method: 'apiKey', provider: { id: 'orders' } },
          accepts: (token) => token === GOOD_KEY,
        },
      ],
      profile,
    );
  });

  afterAll(async () => {
    await server?.close();
  });

  function agentWith(react: (request: AuthorizationRequest) => Promise<boolean>) {
    const asked: AuthorizationRequest['reason'][] = [];
    const agent = createAgent({
      client: server.client,
      vault: new TokenVault(
        new MemoryVaultStore(),
        new KeyRing([{ kid: 'k', key: KeyRing.generateKey() }]),
      ),
      providers: { orders: { type: 'apiKey' } },
      onAuthorizationRequired: (request) => {
        asked.push(request.reason);
        return react(request);
      },
    });
    return { agent, asked };
  }

  it('negotiates the modern era, and is told apart as v2', () => {
    expect(server.client.getProtocolEra()).toBe('modern');
    expect(server.client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    expect(sdkLineOf(server.client)).toBe('v2');
  });

  it('keeps the requirement under _meta in tools/list, and drops the top-level fields', async () => {
    const [tool] = (await server.client.listTools()).tools;
    expect(tool?._meta).toMatchObject({
      'io.toolscope/authorization': { method: 'apiKey', provider: { id: 'orders' } },
    });
    expect(tool).not.toHaveProperty('authorization');
    const { agent } = agentWith(async () => false);
    expect(await agent.requirementOf('orders_list')).toEqual({
      method: 'apiKey',
      provider: { id: 'orders' },
    });
  });

  it('sends the key in _meta.authorization beside the envelope, after the hook stored it', async () => {
    const { agent, asked } = agentWith(async (request) => {
      await request.session.setApiKey('orders', GOOD_KEY);
      return true;
    });
    const before = server.received.length;
    const result = await agent.forUser('alice').callTool('orders_list');
    expect((result.content[0] as { text: string }).text).toBe(tokenHash(GOOD_KEY));
    expect(asked).toEqual(['missing_token']);
    expect(server.received.slice(before)).toEqual([
      { tool: 'orders_list', token: undefined },
      { tool: 'orders_list', token: GOOD_KEY },
    ]);
  });

  it('gives a missing key to the caller as a typed error when the hook declines', async () => {
    const { agent } = agentWith(async () => false);
    await expect(agent.forUser('carol').callTool('orders_list')).rejects.toBeInstanceOf(
      AuthorizationRequiredError,
    );
  });

  it('never loops: a rejected key, a hook that changes nothing, one retry, a typed error', async () => {
    const { agent, asked } = agentWith(async () => true);
    await agent.forUser('bob').setApiKey('orders', 'orders-key-rejected');
    const before = server.received.length;
    const error = await agent
      .forUser('bob')
      .callTool('orders_list')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientAuthorizationError);
    expect(error).toMatchObject({ tool: 'orders_list', kind: 'invalid_token' });
    expect(asked).toEqual(['invalid_token']);
    expect(server.received.length - before).toBe(2);
  });
});
