import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SDK_LINES, startToolServer, type ToolServerHandle } from '../../test/tool-server.js';
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
  function countingAgent(unknownToolRelistSeconds?: number) {
    const listTools = vi.spyOn(tools.client, 'listTools');
    listTools.mockClear();
    const agent = createAgent({
      client: tools.client,
      vault,
      providers: {},
      ...(unknownToolRelistSeconds === undefined ? {} : { unknownToolRelistSeconds }),
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
      const { agent, lists } = countingAgent(0.05);
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
