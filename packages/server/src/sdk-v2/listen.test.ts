/**
 * The v2 endpoint's `bus` option over real HTTP: a 2026-07-28
 * `subscriptions/listen` stream hears a `tools/list_changed` published on the
 * bus the endpoint was given, and a stream that did not ask for it does not.
 */
import { InMemoryServerEventBus, McpServer } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitions } from '../../test/fixtures.js';
import { type HttpServeHandle, registerTools, serveHttp } from './index.js';

const bus = new InMemoryServerEventBus();
let handle: HttpServeHandle;

beforeAll(async () => {
  const d = definitions('http://127.0.0.1:9');
  handle = await serveHttp({
    bus,
    createServer: () => {
      const server = new McpServer({ name: 'listen-test', version: '1.0.0' });
      registerTools(server, [{ definition: d.echo, handler: () => ({ content: [] }) }]);
      return server;
    },
  });
});
afterAll(() => handle.close());

interface Frame {
  readonly method?: string;
  readonly params?: Record<string, unknown>;
}

/** Opens a listen stream; `next(method)` resolves with the first frame of that method. */
async function listen(notifications: Record<string, boolean>) {
  const controller = new AbortController();
  const response = await fetch(handle.url, {
    method: 'POST',
    signal: controller.signal,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'subscriptions/listen',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'subscriptions/listen',
      params: {
        notifications,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
  });
  expect(response.status).toBe(200);
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of response.body!) {
        buffered += decoder.decode(chunk as Uint8Array, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (line.startsWith('data:') && line.length > 5) frames.push(JSON.parse(line.slice(5)));
        }
        for (const wake of waiters.splice(0)) wake();
      }
    } catch {
      // aborted by close()
    }
  })();
  const next = async (method: string, withinMs: number): Promise<Frame | undefined> => {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const found = frames.find((f) => f.method === method);
      if (found !== undefined || Date.now() >= deadline) return found;
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return { next, close: () => controller.abort() };
}

describe('v2 endpoint: the bus option feeds subscriptions/listen', () => {
  it('delivers a tools/list_changed published on the bus to a stream that asked for it', async () => {
    const tools = await listen({ toolsListChanged: true });
    const prompts = await listen({ promptsListChanged: true });
    try {
      expect(await tools.next('notifications/subscriptions/acknowledged', 5_000)).toBeDefined();
      expect(await prompts.next('notifications/subscriptions/acknowledged', 5_000)).toBeDefined();
      bus.publish({ kind: 'tools_list_changed' });
      const changed = await tools.next('notifications/tools/list_changed', 5_000);
      expect(changed?.params?.['_meta']).toMatchObject({
        'io.modelcontextprotocol/subscriptionId': expect.anything(),
      });
      expect(await prompts.next('notifications/tools/list_changed', 300)).toBeUndefined();
    } finally {
      tools.close();
      prompts.close();
    }
  });
});
