import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { SdkLine } from '@toolscope/core';
import { describe, expect, it } from 'vitest';
import { connectInMemory, SDK_LINES } from '../../test/tool-server.js';
import { type AgentOptions, createAgent } from '../index.js';
import { KeyRing } from '../vault/key-ring.js';
import { MemoryVaultStore } from '../vault/memory.js';
import { TokenVault } from '../vault/vault.js';

/**
 * A real SDK server that implements only the proposal's own dialect: tools/list
 * carries the top-level `authorization` (which the SDK client strips) and
 * `securitySchemes` under `_meta`, but no toolscope provider facts.
 */
async function proposalOnlyServer(sdk: SdkLine) {
  const seen: Array<{ tool: string; authorization: unknown }> = [];
  const server = new Server({ name: 'legacy', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [
      {
        name: 'orders_list',
        inputSchema: { type: 'object' },
        authorization: { method: 'apiKey' },
        _meta: { securitySchemes: [{ type: 'apiKey' }] },
      },
    ],
  }));
  server.setRequestHandler(CallToolRequestSchema, (request) => {
    seen.push({
      tool: request.params.name,
      authorization: (request.params._meta as { authorization?: unknown } | undefined)
        ?.authorization,
    });
    return { content: [{ type: 'text', text: 'ok' }] };
  });
  const { client } = await connectInMemory(server, sdk);
  return { client, seen };
}

async function agentWith(sdk: SdkLine, options: Partial<AgentOptions>) {
  const { client, seen } = await proposalOnlyServer(sdk);
  const vault = new TokenVault(
    new MemoryVaultStore(),
    new KeyRing([{ kid: 'k', key: KeyRing.generateKey() }]),
  );
  await vault.putApiKey('orders', { userId: 'alice' }, 'alice-orders-key');
  const agent = createAgent({
    client,
    vault,
    providers: { orders: { type: 'apiKey' } },
    ...options,
  });
  return { agent, seen };
}

describe.each(SDK_LINES)('tools declared without provider facts, %s client', (sdk) => {
  it('get no token unless the application names their provider', async () => {
    const { agent, seen } = await agentWith(sdk, {});
    await agent.forUser('alice').callTool('orders_list');
    expect(seen).toEqual([{ tool: 'orders_list', authorization: undefined }]);
  });

  it('take the named provider’s credential when providerForTool names one', async () => {
    const asked: unknown[] = [];
    const { agent, seen } = await agentWith(sdk, {
      providerForTool: (tool, requirement) => {
        asked.push({ tool, requirement });
        return tool.startsWith('orders_') ? 'orders' : undefined;
      },
    });
    await agent.forUser('alice').callTool('orders_list');
    expect(asked).toEqual([
      { tool: 'orders_list', requirement: { method: 'apiKey', provider: { id: 'unknown' } } },
    ]);
    expect(seen).toEqual([
      { tool: 'orders_list', authorization: { method: 'apiKey', token: 'alice-orders-key' } },
    ]);
  });
});
