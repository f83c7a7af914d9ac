/**
 * The v2 endpoint's request signal over real HTTP: a client that goes away
 * mid-call aborts the handler's `signal` (the endpoint aborts the web
 * `Request` only for a response cut short, not after a complete one).
 */
import { McpServer } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitions } from '../../test/fixtures.js';
import { type HttpServeHandle, registerTools, serveHttp } from './index.js';

let handle: HttpServeHandle;
const started: AbortSignal[] = [];
let wake: (() => void) | undefined;

beforeAll(async () => {
  const d = definitions('http://127.0.0.1:9');
  handle = await serveHttp({
    createServer: () => {
      const server = new McpServer({ name: 'abort-test', version: '1.0.0' });
      registerTools(server, [
        {
          definition: d.echo,
          handler: async (input: unknown, context: { signal: AbortSignal }) => {
            started.push(context.signal);
            wake?.();
            if ((input as { text?: string }).text === 'wait') {
              await new Promise<void>((resolve) => {
                context.signal.addEventListener('abort', () => resolve(), { once: true });
              });
            }
            return { content: [{ type: 'text', text: 'done' }] };
          },
        } as never,
      ]);
      return server;
    },
  });
});
afterAll(() => handle.close());

function call(text: string, signal?: AbortSignal) {
  return fetch(handle.url, {
    method: 'POST',
    ...(signal === undefined ? {} : { signal }),
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'echo',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: 'echo',
        arguments: { text },
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
  });
}

describe('v2 endpoint request signal', () => {
  it('answers a complete call, and aborts the handler of a client that went away', async () => {
    const ok = await call('now');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('done');

    const running = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const controller = new AbortController();
    const pending = call('wait', controller.signal).catch((error: unknown) => error);
    await running;
    const signal = started.at(-1) as AbortSignal;
    expect(signal.aborted).toBe(false);
    const aborted = new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    controller.abort();
    await pending;
    await aborted;
    expect(signal.aborted).toBe(true);
  });
});
