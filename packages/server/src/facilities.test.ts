import { Client as ClientV2, InMemoryTransport as MemoryV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport as MemoryV1 } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer as McpServerV1 } from '@modelcontextprotocol/sdk/server/mcp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { McpServer as McpServerV2 } from '@modelcontextprotocol/server';
import { callMeta, type ToolDefinition } from '@toolscope/core';
import { describe, expect, it } from 'vitest';
import { CANARY } from '../test/fixtures.js';
import { registerTools as registerV1 } from './sdk-v1/index.js';
import { registerTools as registerV2 } from './sdk-v2/index.js';
import type { NoneToolContext } from './types.js';

const report: ToolDefinition = {
  name: 'report',
  inputSchema: { type: 'object', properties: {} },
  requirement: { method: 'none' },
};

/** A `none` tool that reports progress, logs, and shows what `_meta` it was given. */
const tools = [
  {
    definition: report,
    handler: async (_input: Record<string, never>, ctx: NoneToolContext) => {
      await ctx.mcp.progress(1, 3, 'started');
      await ctx.mcp.log('info', { step: 'halfway' }, 'report');
      await ctx.mcp.progress(3, 3);
      return { content: [{ type: 'text' as const, text: JSON.stringify(ctx.mcp.meta) }] };
    },
  },
];

interface Seen {
  progress: unknown[];
  logs: unknown[];
  text: string;
}

async function onV1(): Promise<Seen> {
  const server = new McpServerV1(
    { name: 'facilities', version: '1' },
    { capabilities: { logging: {} } },
  );
  registerV1(server, tools);
  const [a, b] = MemoryV1.createLinkedPair();
  await server.connect(a);
  const client = new ClientV1({ name: 'c', version: '1' });
  const logs: unknown[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(n.params);
  });
  await client.connect(b);
  await client.setLoggingLevel('debug');
  const progress: unknown[] = [];
  const result = await client.callTool(
    { name: 'report', arguments: {}, _meta: callMeta({ method: 'oauth2', token: CANARY }) },
    undefined,
    { onprogress: (p) => progress.push(p) },
  );
  await client.close();
  return { progress, logs, text: (result.content as { text: string }[])[0]!.text };
}

async function onV2(): Promise<Seen> {
  const server = new McpServerV2(
    { name: 'facilities', version: '1' },
    { capabilities: { logging: {} } },
  );
  registerV2(server, tools);
  const [a, b] = MemoryV2.createLinkedPair();
  await server.connect(a as never);
  const client = new ClientV2({ name: 'c', version: '1' });
  const logs: unknown[] = [];
  client.setNotificationHandler('notifications/message', (n) => {
    logs.push(n.params);
  });
  await client.connect(b);
  await client.setLoggingLevel('debug');
  const progress: unknown[] = [];
  const result = await client.callTool(
    { name: 'report', arguments: {}, _meta: callMeta({ method: 'oauth2', token: CANARY }) },
    { onprogress: (p) => progress.push(p) },
  );
  await client.close();
  return { progress, logs, text: (result.content as { text: string }[])[0]!.text };
}

describe.each([
  ['SDK 1.x', onV1],
  ['SDK v2', onV2],
])('handler facilities on %s', (_line, run) => {
  it('send progress and log messages, and show _meta without the credential', async () => {
    const seen = await run();
    expect(seen.progress).toEqual([
      { progress: 1, total: 3, message: 'started' },
      { progress: 3, total: 3 },
    ]);
    expect(seen.logs).toEqual([{ level: 'info', data: { step: 'halfway' }, logger: 'report' }]);
    expect(seen.text).not.toContain(CANARY);
    expect(seen.text).toContain('progressToken');
  });
});
