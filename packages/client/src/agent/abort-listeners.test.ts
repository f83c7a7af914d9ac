// Issue 15: a load run printed MaxListenersExceededWarning for abort listeners.
// Its source: SDK 1.x's Protocol.request adds an abort listener to the
// caller's `signal` for every request and never removes it, so one signal
// reused across many calls (a shutdown signal, a per-batch one) piled up a
// listener per call. toolscope now hands each call its own signal that follows
// the caller's (core's sendToolCall), and the caller's signal keeps none.
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startToolServer, type ToolServerHandle } from '../../test/tool-server.js';
import { KeyRing } from '../vault/key-ring.js';
import { MemoryVaultStore } from '../vault/memory.js';
import { TokenVault } from '../vault/vault.js';
import { createAgent } from './agent.js';

const warnings: Error[] = [];
const onWarning = (warning: Error) => {
  warnings.push(warning);
};

describe.each(['v1', 'v2'] as const)(
  'one AbortSignal reused across many calls, %s client',
  (sdk) => {
    let tools: ToolServerHandle;

    beforeAll(async () => {
      process.on('warning', onWarning);
      tools = await startToolServer(
        [
          { name: 'ping', requirement: { method: 'none' } },
          { name: 'slow', requirement: { method: 'none' }, delayMs: 5_000 },
        ],
        { sdk, transport: 'http' },
      );
    });

    afterAll(async () => {
      process.off('warning', onWarning);
      await tools.close();
    });

    it('leaves no listener on the signal and prints no MaxListenersExceededWarning', async () => {
      const vault = new TokenVault(
        new MemoryVaultStore(),
        new KeyRing([{ kid: 'k', key: KeyRing.generateKey() }]),
      );
      const agent = createAgent({ client: tools.client, vault, providers: {} });
      const session = agent.forUser('alice');
      const shared = new AbortController();
      for (let i = 0; i < 30; i++) await session.callTool('ping', {}, { signal: shared.signal });
      await Promise.all(
        Array.from({ length: 30 }, () => session.callTool('ping', {}, { signal: shared.signal })),
      );
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    });

    it('still cancels a call in flight when the shared signal aborts', async () => {
      const vault = new TokenVault(
        new MemoryVaultStore(),
        new KeyRing([{ kid: 'k', key: KeyRing.generateKey() }]),
      );
      const agent = createAgent({ client: tools.client, vault, providers: {} });
      const shared = new AbortController();
      const call = agent.forUser('alice').callTool('slow', {}, { signal: shared.signal });
      setTimeout(() => shared.abort(new Error('shutting down')), 50);
      const started = Date.now();
      await expect(call).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(4_000);
    });
  },
);
