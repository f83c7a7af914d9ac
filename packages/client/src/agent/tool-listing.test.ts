import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { SdkLine } from '@toolscope/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  connectInMemory,
  SDK_LINES,
  startToolServer,
  type ToolServerHandle,
} from '../../test/tool-server.js';
import { KeyRing } from '../vault/key-ring.js';
import { MemoryVaultStore } from '../vault/memory.js';
import { TokenVault } from '../vault/vault.js';
import { createAgent } from './agent.js';

const vault = new TokenVault(
  new MemoryVaultStore(),
  new KeyRing([{ kid: 'k', key: KeyRing.generateKey() }]),
);

describe.each(SDK_LINES)('with an %s client', (sdk) => {
  let tools: ToolServerHandle;

  beforeAll(async () => {
    tools = await startToolServer([{ name: 'public_time', requirement: { method: 'none' } }], {
      transport: 'memory',
      sdk,
    });
  });

  afterAll(async () => {
    await tools?.close();
  });

  /** An agent over the real client, with tools/list requests counted as they leave it. */
  function countingAgent(unknownToolRelistMs?: number) {
    const listTools = vi.spyOn(tools.client, 'listTools');
    listTools.mockClear();
    const agent = createAgent({
      client: tools.client,
      vault,
      providers: {},
      ...(unknownToolRelistMs === undefined ? {} : { unknownToolRelistMs }),
    });
    return { agent, lists: () => listTools.mock.calls.length };
  }

  describe('tools/list on calls to unknown tools', () => {
    it('does not re-list for every unknown name a caller sends', async () => {
      const { agent, lists } = countingAgent();
      await Promise.all(Array.from({ length: 20 }, (_, i) => agent.requirementOf(`nope_${i}`)));
      for (let i = 0; i < 30; i++)
        expect(await agent.requirementOf(`nope_again_${i}`)).toBeUndefined();
      const session = agent.forUser('u');
      for (let i = 0; i < 5; i++) await session.callTool(`missing_${i}`).catch(() => undefined);
      expect(lists()).toBe(1);
      expect(await agent.requirementOf('public_time')).toEqual({ method: 'none' });
      expect(lists()).toBe(1);
    });

    it('re-lists once the interval has passed, once for concurrent misses', async () => {
      const { agent, lists } = countingAgent(50);
      await agent.requirementOf('nope');
      expect(lists()).toBe(1);
      await new Promise((r) => setTimeout(r, 80));
      await Promise.all(Array.from({ length: 10 }, () => agent.requirementOf('nope')));
      expect(lists()).toBe(2);
      await agent.requirementOf('nope');
      expect(lists()).toBe(2);
    });

    it('re-lists at once after invalidateTools', async () => {
      const { agent, lists } = countingAgent();
      await agent.requirementOf('nope');
      agent.invalidateTools();
      await agent.requirementOf('nope');
      expect(lists()).toBe(2);
    });
  });
});

/**
 * A real 1.x server whose tools/list says its answer stays fresh for a minute
 * (`ttlMs`, which v2's response cache honours) and whose tools change.
 */
async function cachingServer(sdk: SdkLine) {
  const tool = (name: string) => ({
    name,
    inputSchema: { type: 'object' as const },
    _meta: { 'io.toolscope/authorization': { method: 'none' } },
  });
  const listed = [tool('first_tool')];
  const server = new Server({ name: 'caching', version: '1.0.0' }, { capabilities: { tools: {} } });
  let lists = 0;
  server.setRequestHandler(ListToolsRequestSchema, () => {
    lists++;
    return { tools: [...listed], ttlMs: 60_000 };
  });
  const { client } = await connectInMemory(server, sdk);
  return {
    client,
    lists: () => lists,
    add: (name: string) => listed.push(tool(name)),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

describe.each(SDK_LINES)('a changed tools/list behind a caching hint, %s client', (sdk) => {
  it('reaches the agent when it re-lists: it asks the server, not a cache', async () => {
    const server = await cachingServer(sdk);
    const agent = createAgent({
      client: server.client,
      vault,
      providers: {},
      unknownToolRelistMs: 0,
    });
    expect(await agent.requirementOf('first_tool')).toEqual({ method: 'none' });
    server.add('second_tool');
    expect(await agent.requirementOf('second_tool')).toEqual({ method: 'none' });
    agent.invalidateTools();
    expect(await agent.requirementOf('first_tool')).toEqual({ method: 'none' });
    expect(server.lists()).toBe(3);
    await server.close();
  });
});
