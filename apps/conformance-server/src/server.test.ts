/**
 * The conformance server over real HTTP on 127.0.0.1: 2026-07-28 requests as
 * raw JSON-RPC (what the suite sends), and a 2025-era session through the
 * official v2 client, unmodified.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConformanceHttpHandle, serveConformance } from './index.js';

let server: ConformanceHttpHandle;
let nextId = 1;

beforeAll(async () => {
  server = await serveConformance();
});
afterAll(async () => {
  await server.close();
});

interface RpcReply {
  readonly status: number;
  readonly message: { result?: Record<string, unknown>; error?: { code: number; message: string } };
  readonly notifications: readonly { method: string; params?: Record<string, unknown> }[];
}

/** One stateless 2026-07-28 request; an SSE answer is read to its response. */
async function rpc(
  method: string,
  params: Record<string, unknown> = {},
  capabilities: Record<string, unknown> = {},
): Promise<RpcReply> {
  const id = nextId++;
  const meta = {
    ...(params['_meta'] as Record<string, unknown> | undefined),
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': capabilities,
  };
  const response = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...(typeof (params['name'] ?? params['uri']) === 'string'
        ? { 'mcp-name': String(params['name'] ?? params['uri']) }
        : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: meta } }),
  });
  const body = await response.text();
  const messages = (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
    ? body
        .split('\n')
        .filter((line) => line.startsWith('data:') && line.length > 5)
        .map((line) => JSON.parse(line.slice(5)))
    : [JSON.parse(body)];
  const message = messages.find((m) => m.id === id);
  expect(message, `no response to ${method} in ${body}`).toBeDefined();
  return {
    status: response.status,
    message,
    notifications: messages.filter((m) => m.id === undefined),
  };
}

function firstText(result: Record<string, unknown> | undefined): string | undefined {
  return (result?.['content'] as { text?: string }[] | undefined)?.[0]?.text;
}

describe('conformance server, MCP 2026-07-28 (stateless)', () => {
  it('lists the manifest tools with their toolscope requirement, and plain-SDK prompts and resources', async () => {
    const tools = (await rpc('tools/list')).message.result?.['tools'] as {
      name: string;
      _meta?: Record<string, unknown>;
    }[];
    const names = tools.map((t) => t.name);
    expect(names).toContain('test_simple_text');
    expect(names).toContain('test_input_required_result_multi_round');
    expect(names).toHaveLength(25);
    expect(JSON.stringify(tools.find((t) => t.name === 'test_simple_text')?._meta)).toContain(
      'none',
    );
    const prompts = (await rpc('prompts/list')).message.result?.['prompts'] as { name: string }[];
    expect(prompts.map((p) => p.name)).toContain('test_input_required_result_prompt');
    const read = await rpc('resources/read', { uri: 'test://template/42/data' });
    const contents = read.message.result?.['contents'] as { text: string }[];
    expect(JSON.parse(contents[0]!.text)).toEqual({
      id: '42',
      templateTest: true,
      data: 'Data for ID: 42',
    });
  });

  it('answers a tool error as an isError result', async () => {
    const reply = await rpc('tools/call', { name: 'test_error_handling', arguments: {} });
    expect(reply.message.result?.['isError']).toBe(true);
    expect(firstText(reply.message.result)).toContain('intentionally returns an error');
  });

  it('sends progress for a progress token and echoes the token', async () => {
    const reply = await rpc('tools/call', {
      name: 'test_tool_with_progress',
      arguments: {},
      _meta: { progressToken: 'p-1' },
    });
    const progress = reply.notifications.filter((n) => n.method === 'notifications/progress');
    expect(progress.map((n) => n.params?.['progress'])).toEqual([0, 50, 100]);
    expect(firstText(reply.message.result)).toBe('p-1');
  });

  it('refuses a tool that needs sampling with -32021 and HTTP 400 when the client lacks it', async () => {
    const refused = await rpc('tools/call', { name: 'test_missing_capability', arguments: {} });
    expect(refused.status).toBe(400);
    expect(refused.message.error?.code).toBe(-32021);
    const served = await rpc(
      'tools/call',
      { name: 'test_missing_capability', arguments: {} },
      { sampling: {} },
    );
    expect(firstText(served.message.result)).toBe('Success');
  });

  it('runs a two-round input-required flow with signed state, and refuses a changed state', async () => {
    const call = (extra: Record<string, unknown>) =>
      rpc(
        'tools/call',
        { name: 'test_input_required_result_multi_round', arguments: {}, ...extra },
        {
          elicitation: {},
        },
      );
    const round1 = (await call({})).message.result!;
    expect(round1['resultType']).toBe('input_required');
    expect(Object.keys(round1['inputRequests'] as object)).toEqual(['step1']);
    const round2 = (
      await call({
        requestState: round1['requestState'],
        inputResponses: { step1: { action: 'accept', content: { name: 'Alice' } } },
      })
    ).message.result!;
    expect(Object.keys(round2['inputRequests'] as object)).toEqual(['step2']);
    const done = await call({
      requestState: round2['requestState'],
      inputResponses: { step2: { action: 'accept', content: { color: 'green' } } },
    });
    expect(firstText(done.message.result)).toBe('Multi-round complete for Alice who likes green');

    const state = String(round2['requestState']);
    const tampered = `${state.slice(0, -2)}${state.endsWith('AA') ? 'BB' : 'AA'}`;
    const refused = await call({
      requestState: tampered,
      inputResponses: { step2: { action: 'accept', content: { color: 'green' } } },
    });
    expect(refused.message.error?.code).toBe(-32602);
  });
});

describe('conformance server, a 2025-era session (official v2 client)', () => {
  it('pushes elicitation to the client, which answers it, and completes prompt arguments', async () => {
    const client = new Client(
      { name: 'conformance-test', version: '1.0.0' },
      { capabilities: { elicitation: { form: {} } } },
    );
    const asked: string[] = [];
    client.setRequestHandler('elicitation/create', (request) => {
      asked.push(String(request.params.message));
      return { action: 'accept', content: { response: 'yes' } };
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    try {
      const result = await client.callTool({
        name: 'test_elicitation',
        arguments: { message: 'Ready?' },
      });
      expect(asked).toEqual(['Ready?']);
      expect(firstText(result as Record<string, unknown>)).toBe(
        'User response: action=accept, content={"response":"yes"}',
      );
      const completion = await client.complete({
        ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
        argument: { name: 'arg1', value: 'par' },
      });
      expect(completion.completion.values).toEqual(['paris', 'park', 'party']);
    } finally {
      await client.close();
    }
  });
});
