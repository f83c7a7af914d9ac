import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpV2,
} from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { META_AUTHORIZATION_KEY } from '@toolscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoHttpHandle, startDemoHttp } from './http.js';

// The demo server as `pnpm demo --serve` runs it, on SDK v2, reached by an
// unmodified client of each SDK line. Nothing here needs the upstream
// services or the authorization server: listing tools and refusing a call
// without a token happen before any of them is asked, so their URLs below are
// loopback addresses nobody listens on.
const nowhere = 'http://127.0.0.1:9';
let demo: DemoHttpHandle;

beforeAll(async () => {
  demo = await startDemoHttp({
    zoom: { issuer: `${nowhere}/zoom`, resource: nowhere, statusUrl: `${nowhere}/status` },
    crm: { issuer: `${nowhere}/crm`, resource: nowhere, jwksUri: `${nowhere}/crm/jwks` },
    orders: { resource: nowhere },
    self: { issuer: `${nowhere}/self`, jwksUri: `${nowhere}/self/jwks` },
  });
});
afterAll(() => demo.close());

interface AnyClient {
  listTools(): Promise<{ tools: { name: string; _meta?: Record<string, unknown> }[] }>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

async function connect(line: 'SDK 1.x' | 'SDK v2'): Promise<AnyClient> {
  if (line === 'SDK v2') {
    const client = new ClientV2(
      { name: 'demo-v2', version: '1.0.0' },
      { versionNegotiation: { mode: 'auto' } },
    );
    await client.connect(new HttpV2(new URL(demo.mcpUrl)));
    return client as unknown as AnyClient;
  }
  const client = new ClientV1({ name: 'demo-v1', version: '1.0.0' });
  await client.connect(new HttpV1(new URL(demo.mcpUrl)));
  return client as unknown as AnyClient;
}

describe.each(['SDK 1.x', 'SDK v2'] as const)(
  'the demo server with an unmodified %s client',
  (line) => {
    let client: AnyClient;
    beforeAll(async () => {
      client = await connect(line);
    });
    afterAll(() => client.close());

    it('lists every tool with its requirement in _meta', async () => {
      const { tools } = await client.listTools();
      expect(tools.length).toBe(19);
      const participants = tools.find((t) => t.name === 'zoom_listPastMeetingParticipants');
      expect(participants?._meta?.[META_AUTHORIZATION_KEY]).toMatchObject({
        method: 'oauth2',
        requiredScopes: ['meeting:read:list_past_participants'],
        provider: { id: 'zoom' },
      });
    });

    it('gets -32001 missing_token for a call without a token', async () => {
      const error = (await client
        .callTool({
          name: 'zoom_listPastMeetingParticipants',
          arguments: { meetingId: '5555555555' },
        })
        .catch((e: unknown) => e)) as { code?: number; data?: Record<string, unknown> };
      expect(error.code).toBe(-32001);
      expect(error.data).toMatchObject({
        error: 'missing_token',
        tool: 'zoom_listPastMeetingParticipants',
      });
    });
  },
);
